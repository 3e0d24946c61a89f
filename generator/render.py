"""Stage 4, render: the computed Report into Markdown pages, through Jinja2 templates.

Safety: every value a template prints passes `finalize`, which escapes text from YAML so it
cannot inject HTML or change the Markdown structure. Only the formatting filters (numbers,
money, dates) and the narrative filter (Markdown rendered and cleaned by an allow-list
sanitizer) return markup. A Decimal printed without a formatting filter is a template bug and
fails the build rather than leaking an unrounded figure.
"""
from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import markdown as md
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import charts, checks, compute, fmt, opendata

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "a", "code", "sub", "sup", "blockquote"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


_MARKDOWN = md.Markdown(extensions=["sane_lists"], output_format="html")


def md_escape(text: str) -> str:
    """Plain text -> Markdown that shows exactly that text: one line, no HTML, no markup."""
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return html.escape(text, quote=False)


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slug(value: str) -> Markup:
    """An id used in a URL; ids are validated by the schema, checked again here."""
    if not _SLUG.match(str(value)):
        raise ValueError(f"{value!r} is not a valid id for a URL")
    return Markup(value)


_TABLE_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def nomor_tabel(value, separator: str = ".") -> Markup:
    """A table number ('3.8') for captions and anchors ('3-8'); validated, so it needs no escaping."""
    if not _TABLE_NUMBER.match(str(value)):
        raise ValueError(f"{value!r} is not a table number")
    return Markup(str(value).replace(".", separator))


def finalize(value):
    if isinstance(value, Markup):
        return value
    if isinstance(value, (Decimal, float)):
        raise TypeError(f"number {value!r} printed without a format filter (rupiah, persen, angka)")
    if value is None:
        return Markup("")
    return Markup(md_escape(str(value)))


def narasi(text: str | None) -> Markup:
    """Narrative Markdown -> sanitized HTML block (raw HTML, scripts and event handlers removed)."""
    if not text:
        return Markup("")
    rendered = _MARKDOWN.reset().convert(str(text))
    clean = nh3.clean(rendered, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    lines = [line for line in clean.splitlines() if line.strip()]
    return Markup('<div class="narasi">\n' + "\n".join(lines) + "\n</div>")


def _markup(function):
    def wrapper(*args, **kwargs):
        return Markup(html.escape(function(*args, **kwargs), quote=False))
    wrapper.__name__ = function.__name__
    return wrapper


def _escaped(function):
    """For formatters whose output carries text from YAML (a unit such as 'orang'): Markdown-escape all of it."""
    def wrapper(*args, **kwargs):
        return Markup(md_escape(function(*args, **kwargs)))
    wrapper.__name__ = function.__name__
    return wrapper


def environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=True,  # with `finalize`: text is Markdown-escaped, macros and filters return markup
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        rupiah=_markup(fmt.rupiah), persen=_markup(fmt.persen), angka=_markup(fmt.angka),
        tanggal=_markup(fmt.tanggal), terbilang=_markup(fmt.terbilang), nilai=_escaped(fmt.nilai), perubahan=_escaped(fmt.perubahan), narasi=narasi,
        md=lambda value: Markup(md_escape(value)), slug=slug, nomor_tabel=nomor_tabel,
    )
    return env


# page template -> output path inside the year folder; per-item pages are added by `pages()`
STATIC_PAGES = {
    "index.md.j2": "index.md",
    "profil.md.j2": "profil.md",
    "perencanaan.md.j2": "perencanaan.md",
    "akuntabilitas.md.j2": "akuntabilitas/index.md",
    "anggaran.md.j2": "anggaran.md",
    "penutup.md.j2": "penutup.md",
    "kualitas-data.md.j2": "kualitas-data.md",
    "dokumen.md.j2": "dokumen.md",
    "perbandingan.md.j2": "perbandingan.md",
}


# which content files each page is made from (for "last changed" from the git history)
ALL_KINDS = ("laporan", "organisasi", "perencanaan", "anggaran", "program", "kinerja")
PAGE_SOURCES = {
    "index.md.j2": ALL_KINDS, "profil.md.j2": ("organisasi", "anggaran", "laporan"),
    "perencanaan.md.j2": ("perencanaan", "anggaran", "program"), "akuntabilitas.md.j2": ("kinerja", "perencanaan", "program"),
    "anggaran.md.j2": ("program",), "penutup.md.j2": ("laporan", "organisasi"), "kualitas-data.md.j2": ALL_KINDS,
    "dokumen.md.j2": ALL_KINDS, "perbandingan.md.j2": ("kinerja", "perencanaan", "program"),
    "iku.md.j2": ("kinerja", "perencanaan", "program"), "program.md.j2": ("program",),
    "tahun-sebagian.md.j2": ("laporan", "iku"),
}


def last_changed(history: dict, year: int, template: str) -> str | None:
    dates = [history.get(year, {}).get(kind) for kind in PAGE_SOURCES.get(template, ALL_KINDS)]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def pages(report) -> list[tuple[str, str, dict]]:
    """(template, path inside the year folder, extra context) for every page of one report year."""
    if report.sebagian:
        return [("tahun-sebagian.md.j2", "index.md", {})]
    result = [(template, out, {}) for template, out in STATIC_PAGES.items()]
    for iku in report.iku:
        result.append(("iku.md.j2", f"akuntabilitas/iku/{iku.id}.md", {"iku": iku, "riwayat": compute.riwayat_iku(report, iku.id)}))
    for program in report.program_strategis:
        result.append(("program.md.j2", f"akuntabilitas/program/{program.id}.md", {"program": program}))
    return result


def nav(reports: list) -> list:
    """The site navigation: the latest year in the order of the official report, then older years."""
    latest = [r for r in reports if not r.sebagian][-1]
    y = f"{latest.tahun}/"
    entries = [
        {"Beranda": "index.md"},
        {"Profil": y + "profil.md"},
        {"Perencanaan Kinerja": y + "perencanaan.md"},
        {"Akuntabilitas Kinerja": [
            {"Ringkasan": y + "akuntabilitas/index.md"},
            {"Indikator Kinerja Utama": [{iku.ukur.nama: f"{y}akuntabilitas/iku/{iku.id}.md"} for iku in latest.iku]},
            {"Analisis Program": [{p.nama: f"{y}akuntabilitas/program/{p.id}.md"} for p in latest.program_strategis]},
        ]},
        {"Realisasi Anggaran": y + "anggaran.md"},
        {"Penutup": y + "penutup.md"},
        {"Dibanding Tahun Lalu": y + "perbandingan.md"},
        {"Catatan Kualitas Data": y + "kualitas-data.md"},
        {"Dokumen LKjIP (cetak)": y + "dokumen.md"},
    ]
    years = [{f"Tahun {r.tahun}" + (" (sebagian)" if r.sebagian else ""): f"{r.tahun}/index.md"} for r in reversed(reports)]
    entries.append({"Arsip per tahun": years})
    return entries


def belanja_names(report) -> dict:
    names = {}
    for group in report.belanja["kelompok"]:
        names[group["id"]] = group["nama"]
        names.update({line["id"]: line["nama"] for line in group["rincian"]})
    return names


def year_links(reports: list, report, page: str) -> list[tuple[int, str, bool]]:
    """The year selector of one page: (year, link relative to this page, is current year).
    Links to the same page in another year when it exists, else to that year's home."""
    depth = page.count("/") + 1
    up = "../" * depth
    links = []
    for other in reversed(reports):
        exists = any(out == page for _, out, _ in pages(other))
        target = page if exists else "index.md"
        links.append((other.tahun, Markup(f"{up}{other.tahun}/{target}"), other.tahun == report.tahun))
    return links


DATA_DIR = "data"


def grafik(report) -> dict:
    """The year's charts as inline SVG (made at build time from the computed report)."""
    year = report.tahun
    capaian = charts.capaian_iku([charts.IkuItem(i.ukur.nama, i.ukur.target, i.ukur.realisasi, i.ukur.capaian, i.ukur.kategori,
                                                 i.ukur.satuan) for i in report.iku],
                                 chart_id=f"grafik-capaian-{year}", judul=f"Capaian indikator kinerja utama {year}")
    anggaran = charts.anggaran_program([charts.ProgramItem(p.nama, p.anggaran, p.realisasi, p.persen)
                                        for p in report.tree.nodes() if p.tingkat == "program"],
                                       chart_id=f"grafik-anggaran-{year}", judul=f"Anggaran dan realisasi per program {year}")
    kelamin = report.kepegawaian["jenis_kelamin"]["baris"]
    pegawai = charts.komposisi_pegawai([charts.Kelompok(row["pegawai"], (("Laki-laki", row["laki_laki"]), ("Perempuan", row["perempuan"])))
                                        for row in kelamin], chart_id=f"grafik-pegawai-{year}", judul="Komposisi pegawai menurut jenis kelamin")
    years = report.tahun_renstra
    history = {i.id: compute.riwayat_iku(report, i.id) for i in report.iku}
    renstra = {i.id: charts.lintasan_renstra(years, [i.target_renstra.get(y) for y in years],
                                             [history[i.id][y].realisasi if y in history[i.id] else None for y in years],
                                             chart_id=f"grafik-renstra-{i.id}", nama=i.ukur.nama, satuan=i.ukur.satuan,
                                             judul=f"Lintasan target Renstra: {i.ukur.nama}")
               for i in report.iku}
    wrap = lambda svg: Markup(f'<div class="grafik">{svg}</div>')  # noqa: E731
    return {"capaian": wrap(capaian), "anggaran": wrap(anggaran), "pegawai": wrap(pegawai),
            "renstra": {key: wrap(svg) for key, svg in renstra.items()}}


def open_data(report) -> tuple[dict[str, str], dict]:
    """The year's downloads (path inside the year folder -> text) and, for the templates, each
    table's file name by table number and by name. Made from the same Report as the pages."""
    tables = opendata.tables(report)
    files = {}
    for table in tables:
        files[f"{DATA_DIR}/{table.name}.csv"] = opendata.to_csv(table)
        files[f"{DATA_DIR}/{table.name}.json"] = opendata.to_json(table)
    files[f"{DATA_DIR}/lkjip-{report.tahun}.json"] = opendata.year_json(report, tables)
    files[f"{DATA_DIR}/datapackage.json"] = opendata.datapackage(report, tables)
    index = {"nomor": {t.nomor: t.name for t in tables if t.nomor}, "nama": {t.name: t.name for t in tables},
             "tahun": f"lkjip-{report.tahun}.json"}
    return files, index


def render_pages(reports: list, template_dir: Path, history: dict | None = None) -> dict[str, str]:
    """Every page of every report year as text, keyed by its path inside the docs folder
    (`2025/profil.md`), plus the home page `index.md` = the latest year's summary, plus each year's
    open data (`2025/data/*.csv`, `*.json`, `datapackage.json`). No files written."""
    env = environment(template_dir)
    output = {}
    shared_by_year = {}
    for report in reports:
        if report.sebagian:
            context = {"r": report, "root": Markup(""), "tahun_tautan": year_links(reports, report, "index.md"),
                       "terakhir_diubah": last_changed(history or {}, report.tahun, "tahun-sebagian.md.j2")}
            output[f"{report.tahun}/index.md"] = env.get_template("tahun-sebagian.md.j2").render(**context)
            continue
        data_files, unduhan = open_data(report)
        output.update({f"{report.tahun}/{path}": text for path, text in data_files.items()})
        shared = {"r": report, "unduhan": unduhan, "grafik": grafik(report), "yoy": compute.perbandingan_tahunan(report),
                  "kelompok_temuan": checks.grouped(report.temuan, {**report.names, **belanja_names(report)})}
        shared_by_year[report.tahun] = shared
        for template, out, extra in pages(report):
            context = {**shared, "root": Markup("../" * out.count("/")), "tahun_tautan": year_links(reports, report, out),
                       "terakhir_diubah": last_changed(history or {}, report.tahun, template), **extra}
            output[f"{report.tahun}/{out}"] = env.get_template(template).render(**context)
    latest = [r for r in reports if not r.sebagian][-1]
    home = {**shared_by_year[latest.tahun], "root": Markup(f"{latest.tahun}/"),
            "terakhir_diubah": last_changed(history or {}, latest.tahun, "index.md.j2"),
            "tahun_tautan": [(y, Markup(str(link).replace("../", "", 1)), cur) for y, link, cur in year_links(reports, latest, "index.md")]}
    output["index.md"] = env.get_template("index.md.j2").render(**home)
    return output
