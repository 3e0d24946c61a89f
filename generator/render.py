"""Stage 4, render: the computed reports into Markdown pages, through Jinja2 templates.

Pages come from each report's outline (a chapter, or a section with its own `halaman`), plus a
page per IKU and per program, the data-quality page, the year-over-year page, the printable
document and the home page. Tables are the ones compute built (tabel.py); templates only place
them, and the `sel` filter formats one cell by its column's kind.

Safety: every value a template prints passes `finalize`, which escapes text from YAML so it
cannot inject HTML or change the Markdown structure. Only the formatting filters and the narrative
filter (Markdown rendered and cleaned by an allow-list sanitizer) return markup. A Decimal printed
without a formatting filter is a template bug and fails the build rather than leaking an unrounded
figure.
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

import markdown as md
import nh3
from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError, pass_context
from markupsafe import Markup

from . import charts, checks, compute, fmt, glosarium, opendata
from . import numbers as n
from . import tabel as tb

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "b", "i", "br", "a", "code", "sub", "sup", "blockquote"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_MARKDOWN = md.Markdown(extensions=["sane_lists"], output_format="html")


class RenderError(Exception):
    """Valid content that the templates cannot show (a template bug, or content the model allows
    but a template does not expect): reported as a content problem, never a traceback."""


def md_escape(text) -> str:
    """Plain text -> Markdown that shows exactly that text: one line, no HTML, no markup."""
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return html.escape(text, quote=False)


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def slug(value: str) -> Markup:
    """An id used in a URL; ids are validated by the schema, checked again here."""
    if not _SLUG.match(str(value)):
        raise ValueError(f"{value!r} bukan ID yang sah untuk alamat")
    return Markup(value)


def finalize(value):
    if isinstance(value, Markup):
        return value
    if isinstance(value, (Decimal, float)):
        raise TypeError(f"bilangan {value!r} dicetak tanpa filter format (rupiah, persen, angka)")
    if value is None:
        return Markup("")
    return Markup(rp_nowrap(md_escape(str(value))))


# A well-formed inline link, its text without brackets: the only use of brackets narrative has.
_LINK = re.compile(r'\[[^\[\]\n]*\]\([^()\s]*(?:\s+"[^"\n]*")?\)')
_CODE_SPAN = re.compile(r"`[^`\n]*`")


_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use stand-ins: no Markdown pattern matches them


_LONG_RUN = re.compile(r"\S{%d,}" % 200)
_ZWSP = "\u200b"


def _breakable(segment: str) -> str:
    """A run of 200 or more characters without a space gets a zero-width break opportunity about
    every 100: no word is that long, and WeasyPrint spends quadratic time laying out such a run
    when it holds many inline elements. A break goes only between two letters or digits (never
    inside markup, an entity or an escape), never into a run that is an address (://, @, an
    autolink) and never into an indented code block."""
    return "\n".join(line if line.startswith(("    ", "\t")) else _LONG_RUN.sub(_break_run, line) for line in segment.split("\n"))


def _break_run(match) -> str:
    run = match.group(0)
    if "://" in run or "@" in run or "<" in run or "www." in run:
        return run
    out, since, in_entity = [], 0, False
    for i, char in enumerate(run):
        in_entity = (char == "&") or (in_entity and (char.isalnum() or char == "#"))
        if since >= 100 and not in_entity and _breaks_between(run[i - 1], char):
            out.append(_ZWSP)
            since = 0
        out.append(char)
        since += 1
    return "".join(out)


def _breaks_between(before: str, after: str) -> bool:
    """Letters, digits and the stand-ins of marks shown as typed; never beside Markdown's own marks."""
    return all(c.isalnum() or "\ue000" <= c <= "\ue004" for c in (before, after))


_MARKS = {"*": "\ue002", "_": "\ue003", "`": "\ue004", "[": _OPEN, "]": _CLOSE}
_MARKED = re.compile("[" + re.escape("".join(_MARKS)) + "]")
_MOST_MARKS = 500  # formatting marks in one paragraph; real prose has a handful


def marks_as_text(text: str) -> str:
    """A paragraph with more than 500 formatting marks (* _ ` [ ]) is shown as typed, every mark a
    stand-in: thousands of emphasis or code spans in one paragraph ('*a*a*a…') cost Markdown and
    WeasyPrint time quadratic in their number (minutes for 80 KB), and no narrative means them."""
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    return "".join(_MARKED.sub(lambda m: _MARKS[m.group(0)], part) if len(_MARKED.findall(part)) > _MOST_MARKS else part
                   for part in paragraphs)


def marks_back(html_text: str) -> str:
    for mark, stand_in in _MARKS.items():
        html_text = html_text.replace(stand_in, mark)
    return html_text


def brackets_as_text(text: str) -> str:
    """Stand-ins for every bracket that is not part of a well-formed link or a code span.
    Python-Markdown looks for the closing bracket of each '[' it meets (and escaped brackets each
    cost a pass over the rest of the paragraph), so a paragraph of unmatched brackets costs
    quadratic time; as stand-ins they are inert text, put back after conversion. Links and code
    spans are kept whole; very long runs of the rest become breakable (see _breakable)."""
    out, at = [], 0
    for match in re.finditer(f"{_CODE_SPAN.pattern}|{_LINK.pattern}", text):
        out.append(_breakable(text[at:match.start()].replace("[", _OPEN).replace("]", _CLOSE)))
        out.append(match.group(0))
        at = match.end()
    out.append(_breakable(text[at:].replace("[", _OPEN).replace("]", _CLOSE)))
    return "".join(out)


def narasi(text: str | None) -> Markup:
    """Narrative Markdown -> sanitized HTML block (raw HTML, scripts and event handlers removed)."""
    if not text:
        return Markup("")
    return Markup(_narasi(str(text)))


@functools.lru_cache(maxsize=4096)
def _narasi(text: str) -> str:
    """A pure function of the text: the same paragraph on several pages (a chapter and the print
    document), or unchanged between two previews, is converted once."""
    rendered = marks_back(_MARKDOWN.reset().convert(brackets_as_text(marks_as_text(text))))
    clean = nh3.clean(rendered, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    lines = [rp_nowrap(line) for line in clean.splitlines() if line.strip()]
    # blank lines around: Markdown ends a raw HTML block only at a blank line
    return '\n<div class="narasi">\n' + "\n".join(lines) + "\n</div>\n\n"


def _esc(text) -> Markup:
    return Markup(html.escape(str(text), quote=False))


_RP_SPACE = re.compile(r"\bRp(\\?\.)? (?=[0-9])")  # 'Rp 5', 'Rp. 5', and 'Rp\. 5' once Markdown-escaped


def rp_nowrap(text: str) -> str:
    """'Rp 10.036.268.000,00' with a no-break space (U+00A0), so that a line never ends between
    'Rp' and its amount. Only on the site: the open data carries bare numbers."""
    return _RP_SPACE.sub("Rp\\1\u00a0", text)


def _rule(ctx):
    r = ctx.get("r")
    return (r.metode.desimal, r.metode.cara) if r is not None else (2, "setengah-ke-atas")


@pass_context
def f_persen(ctx, value, places=None):
    p, cara = _rule(ctx)
    return _esc(fmt.persen(value, p if places is None else places, cara))


@pass_context
def f_angka(ctx, value, places=0):
    return _esc(fmt.angka(value, places, _rule(ctx)[1]))


@pass_context
def f_nilai(ctx, value, satuan="%"):
    p, cara = _rule(ctx)
    return Markup(md_escape(fmt.nilai(value, satuan, p, cara)))


@pass_context
def f_perubahan(ctx, value, satuan="%"):
    places, cara = _rule(ctx)
    return Markup(rp_nowrap(md_escape(fmt.perubahan(value, satuan, places, cara))))


def f_rupiah(value):
    return _esc(rp_nowrap(fmt.rupiah(value)))


_places = n.places_written


def cell_text(cell: tb.Cell, column: tb.Column, places: int, cara: str) -> str:
    """One cell as plain text (Indonesian formats), the same on pages, in print and in diffs."""
    value = cell.value
    if value is None:
        return cell.teks or fmt.DASH
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    kind = column.jenis
    if kind == tb.TEKS:
        return str(value)
    if kind == tb.NILAI:
        return fmt.nilai(value, cell.satuan if cell.satuan is not None else "%", places, cara)
    if isinstance(value, str):
        return value
    if kind == tb.RUPIAH:
        text = fmt.rupiah(value)
        return f"{text} ({cell.satuan})" if cell.satuan else text
    if kind == tb.PERSEN:
        return fmt.persen(value, places, cara)
    if kind in (tb.POIN, tb.INDEKS):
        return fmt.angka(value, places, cara)
    if kind in (tb.BILANGAN, tb.CACAH) or isinstance(value, (int, Decimal)):
        value = Decimal(value)
        if column.dihitung and value != value.to_integral_value():  # an average: rounded by the report's rule
            return fmt.angka(value, places, cara)
        return fmt.angka(value, _places(value))  # a typed figure: as written
    return str(value)


@pass_context
def sel(ctx, cell: tb.Cell, column: tb.Column, row: tb.Row | None = None):
    """One table cell as Markdown: formatted value, link to the item's page, and a ⚠ link with an
    accessible name when the document states this very figure differently."""
    if cell is None:
        return Markup("")
    places, cara = _rule(ctx)
    if cell.value is None and not cell.teks and row is not None and row.tingkat in ("total", "kelompok", "bidang", "induk"):
        return Markup("")
    text = rp_nowrap(md_escape(cell_text(cell, column, places, cara)))
    root = ctx.get("root", "")
    if cell.tautan and not ctx.get("dalam_dokumen") and cell.tautan in ctx.get("halaman_ada", ()):
        text = f"[{text}]({root}{cell.tautan})"
    if row is not None and row.gaya and text != md_escape(fmt.DASH):
        mark = "**" if row.gaya == "tebal" else "*"
        text = f"{mark}{text}{mark}"
    if cell.temuan and not ctx.get("dalam_dokumen"):
        first = cell.temuan[0]
        more = f" dan {len(cell.temuan) - 1} catatan lain" if len(cell.temuan) > 1 else ""
        label = html.escape(f"Catatan kualitas data: {first.ringkasan(places, cara)}{more}", quote=True)
        text += f' [⚠]({root}kualitas-data.md#dq-{slug(first.kunci)}){{: aria-label="{label}" title="{label}" }}'
    notes = ctx.get("catatan_kaki")  # the printed document with its data-quality notes: a numbered note
    if cell.temuan and notes is not None:
        text += f'<sup class="catatan-nomor">{notes.nomor(cell, catatan_kaki(cell.temuan, places, cara))}</sup>'
    return Markup(text)


def catatan_kaki(findings: list, places: int, cara: str) -> str:
    """The footnote of a figure the document states differently: what it states, where, and what the facts give."""
    first = findings[0]
    more = f" (dan {len(findings) - 1} catatan lain)" if len(findings) > 1 else ""
    return (f"Dokumen menulis {first.dinyatakan} ({first.sumber}); hasil hitungan dari data mentah "
            f"{first.uraian_hitungan(places, cara)}{more}. Lihat Lampiran Catatan Kualitas Data.")


@pass_context
def hitungan(ctx, finding) -> Markup:
    """A finding's computed figure as the site shows it, under the report's rounding rule."""
    places, cara = _rule(ctx)
    return Markup(rp_nowrap(md_escape(finding.uraian_hitungan(places, cara))))


@pass_context
def kalimat_ukur(ctx, m) -> Markup:
    """One plain sentence of a measurement: '503 pencari kerja ditempatkan dari 825 pencari kerja
    terdaftar: realisasi 60,97%, target 45,00%, capaian 135,49% — Sangat Baik.' Without the
    content's plain names: '503 dari 825 (Jmh Pencaker Ditempatkan dari Jmh Pencaker Terdaftar): …'"""
    places, cara = _rule(ctx)
    facts = ""
    if m.fakta_pasangan:
        jenis, first, second = m.fakta_pasangan
        a, b = fmt.angka(first, _places(first)), fmt.angka(second, _places(second))
        if jenis == "rasio":
            plain = m.rumus.get("uraian_pembilang"), m.rumus.get("uraian_penyebut")
            if all(plain):
                facts = f"{a} {plain[0]} dari {b} {plain[1]}: "
            else:
                names = f" ({m.rumus['pembilang']} dari {m.rumus['penyebut']})" if m.rumus.get("pembilang") and m.rumus.get("penyebut") else ""
                facts = f"{a} dari {b}{names}: "
        else:
            facts = f"dari {a} menjadi {b}: "
    parts = [f"realisasi {fmt.nilai(m.realisasi, m.satuan, places, cara)}"]
    if m.target is not None:
        parts.append(f"target {fmt.nilai(m.target, m.satuan, places, cara)}")
    if m.capaian is not None:
        parts.append(f"capaian {fmt.persen(m.capaian, places, cara)}")
    sentence = facts + ", ".join(parts) + (f" — {m.kategori}" if m.kategori else "") + "."
    return Markup(md_escape(sentence[0].upper() + sentence[1:]))


def fakta_temuan(finding) -> Markup:
    """The raw facts behind a finding's computed figure, written out: '1.010 ÷ 6.133 × 100%'."""
    if not finding.fakta:
        return Markup("")
    jenis, first, second = finding.fakta
    a, b = fmt.angka(first, _places(first)), fmt.angka(second, _places(second))
    words = {"rasio": f"{a} ÷ {b} × 100%", "pertumbuhan": f"({b} − {a}) ÷ {a} × 100%", "penurunan": f"({a} − {b}) ÷ {a} × 100%"}[jenis]
    return Markup(md_escape(f"Realisasi dari data mentah: {words}."))


@pass_context
def sumber_temuan(ctx, finding) -> Markup:
    """Where the document states it, as a link to that table or section on the site, with the page
    of the signed original when the content records it."""
    r = ctx.get("r")
    place = r.outline.resolve(finding.sumber) if r is not None and r.outline else None
    text = md_escape(finding.sumber)
    if place and place[0] in ctx.get("halaman_ada", ()):
        text = f"[{text}]({ctx.get('root', '')}{place[0]}#{place[1]})"
    if finding.halaman:
        text += f", hlm. {finding.halaman}"
    return Markup(text)


@pass_context
def header(ctx, column: tb.Column):
    return Markup(md_escape(column.label))


def align(column: tb.Column) -> Markup:
    return Markup("--:" if column.angka else "---")


def anchor_number(value) -> Markup:
    """'3.1.6' -> '3-1-6', as kerangka.slugify makes the anchors the outline links to."""
    from .kerangka import slugify

    return Markup(slugify(value))


def pagar(level: int) -> Markup:
    """A Markdown heading marker of `level` (1-6)."""
    return Markup("#" * max(1, min(6, int(level))))


_ENVIRONMENTS: dict = {}


def environment(template_dirs: list[Path], cache_dir: Path | None = None) -> Environment:
    """One Jinja environment per set of template folders, kept for the life of the process (the
    live preview renders again and again): templates compile once and are recompiled only when
    their file changes. With `cache_dir`, compiled templates are also kept on disk between runs."""
    key = (tuple(str(d) for d in template_dirs), str(cache_dir))
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = _new_environment(template_dirs, cache_dir)
    env = _ENVIRONMENTS[key]
    files = tuple(name for name, _ in _templates_state(env))
    if env.globals.get("_berkas_templat") != files:  # a template added or removed: look every name up again
        env.cache.clear()
        env.globals.pop("_ringkasan", None)
        env.globals["_berkas_templat"] = files
    return env


def _new_environment(template_dirs: list[Path], cache_dir: Path | None) -> Environment:
    bytecode_cache = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode_cache = FileSystemBytecodeCache(str(cache_dir))
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d / folder)) for folder in ("pages", "pdf") for d in template_dirs]),
        bytecode_cache=bytecode_cache,
        cache_size=-1,
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=True,  # with `finalize`: text is Markdown-escaped, macros and filters return markup
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(jenis_temuan=checks.JENIS_LABEL, iku_page=tb.iku_page, program_page=tb.program_page, rumus_realisasi=tb.rumus_realisasi, rumus_capaian=tb.rumus_capaian, rumus_kata=tb.CAPAIAN_WORDS, pagar=pagar, indentasi=lambda depth: Markup("    " * max(0, int(depth))))
    env.filters.update(
        rupiah=f_rupiah, persen=f_persen, angka=f_angka, nilai=f_nilai, perubahan=f_perubahan,
        tanggal=lambda v: _esc(fmt.tanggal(v)), terbilang=lambda v: _esc(fmt.terbilang(v)), narasi=narasi,
        md=lambda value: Markup(md_escape(value)), slug=slug, sel=sel, header=header, hitungan=hitungan, kalimat_ukur=kalimat_ukur, fakta_temuan=fakta_temuan, sumber_temuan=sumber_temuan, align=align, nomor_jangkar=anchor_number,
    )
    return env


# --- pages of one report --------------------------------------------------------------------------

EXTRA_PAGES = {"kualitas-data.md.j2": "kualitas-data.md", "perbandingan.md.j2": "perbandingan.md", "dokumen.md.j2": "dokumen.md"}


def pages(report) -> list[tuple[str, str, dict]]:
    """(template, path inside the report folder, extra context) for every page of one report."""
    if report.sebagian:  # a year known from another report: what it gives, and where that report disagrees with itself
        return [("index.md.j2", "index.md", {})] + ([("kualitas-data.md.j2", "kualitas-data.md", {})] if report.temuan else [])
    result = [("index.md.j2", "index.md", {})]
    result += [("bab.md.j2", page.path, {"halaman": page}) for page in report.outline.pages]
    result += [("iku.md.j2", tb.iku_page(iku.id), {"iku": iku}) for iku in report.iku]
    if report.tree is not None:
        result += [("program.md.j2", tb.program_page(p.id), {"program": p}) for p in report.program_diuraikan]
    result += [(template, out, {"dalam_dokumen": template == "dokumen.md.j2"}) for template, out in EXTRA_PAGES.items()]
    return result


def _tree_tables(report) -> dict:
    """Tables that stand with a budget-tree node, by node id (grants, ...)."""
    found: dict = {}
    for place in report.outline.tables:
        if place.file == "program":
            node = next((n for n in report.tree.nodes() if place.path[:len(n.path)] == n.path and len(place.path) == len(n.path) + 2), None)
            if node is not None:
                found.setdefault(node.id, []).append(report.tables[place.id])
    return found


def _aturan(report) -> tuple:
    return (report.metode.desimal, report.metode.cara)


_PT_PER_MM = Decimal("2.8346")  # 72 pt per inch of 25,4 mm


@dataclass(frozen=True)
class Grafik:
    """One chart as the page shows it (in a tab beside its table) and as a download."""

    label: Markup   # the tab's label
    berkas: Markup  # file name in the year's grafik/ folder (from a checked id)
    svg: str        # the SVG document: inline on the page and, byte for byte, the downloaded file

    @property
    def html(self) -> Markup:
        return Markup(f'<div class="grafik">{self.svg}</div>')

    @property
    def judul(self) -> Markup:
        """The chart's own title (its SVG <title>, already escaped), for a caption."""
        found = re.search(r"<title[^>]*>(.*?)</title>", self.svg, re.S)
        return Markup(found.group(1)) if found else self.label

    def lebar_cetak(self, widest_mm: int = 120, tallest_mm: int = 150, smallest_pt: int = 9) -> str:
        """The printed width of the chart: within `widest_mm` × `tallest_mm` in its own proportions
        (its viewBox), but never so narrow that its smallest text prints below `smallest_pt`."""
        box = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', self.svg)
        if not box:
            return f"{widest_mm}mm"
        width, height = Decimal(box.group(1)), Decimal(box.group(2))
        fitted = min(Decimal(widest_mm), tallest_mm * width / height)
        sizes = [Decimal(size) for size in re.findall(r'font-size="([0-9.]+)"', self.svg)]
        legible = smallest_pt / (min(sizes) * _PT_PER_MM / width) if sizes else 0  # mm at which that text is smallest_pt
        return f"{max(fitted, legible).to_integral_value(rounding=ROUND_CEILING)}mm"


def grafik_svg(report, table) -> list[Grafik]:
    """The charts that go with a table (same data), as inline SVG: one, or for the budget per
    program its Rupiah chart and its penyerapan (%) chart."""
    spec = table.grafik
    if not spec:
        return []
    year, name = report.tahun, slug(table.id)
    chart_id = f"grafik-{table.id}-{year}"
    if spec["jenis"] == "capaian-iku":
        svg = charts.capaian_iku([charts.IkuItem(i.ukur.nama, i.ukur.target if isinstance(i.ukur.target, Decimal) else None,
                                                 i.ukur.realisasi if isinstance(i.ukur.realisasi, Decimal) else None, i.ukur.capaian,
                                                 i.ukur.kategori, i.ukur.satuan) for i in spec["items"]],
                                 chart_id=chart_id, judul=spec["judul"], aturan=_aturan(report))
    elif spec["jenis"] == "anggaran-program":
        items = [charts.ProgramItem(p.nama, p.anggaran, p.realisasi, p.persen) for p in spec["items"]]
        rupiah = charts.anggaran_program(items, chart_id=chart_id, judul=spec["judul"], aturan=_aturan(report))
        serapan = charts.penyerapan_program(items, chart_id=f"{chart_id}-penyerapan", aturan=_aturan(report),
                                            judul=f"Penyerapan anggaran per program {year}")
        return [Grafik(Markup("Grafik (Rp)"), Markup(f"{name}.svg"), rupiah),
                Grafik(Markup("Penyerapan (%)"), Markup(f"{name}-penyerapan.svg"), serapan)]
    else:
        svg = charts.komposisi_pegawai([charts.Kelompok(label, tuple(series)) for label, series in spec["items"]],
                                       chart_id=chart_id, judul=spec["judul"], aturan=_aturan(report))
    return [Grafik(Markup("Grafik"), Markup(f"{name}.svg"), svg)]


def renstra_svg(report, iku) -> list[Grafik]:
    years = report.tahun_renstra or sorted(iku.target_renstra)
    if not years:
        return []
    history = compute.riwayat_iku(report, iku.id)
    realised = [history[y].realisasi if y in history and isinstance(history[y].realisasi, Decimal) else None for y in years]
    svg = charts.lintasan_renstra(years, [iku.target_renstra.get(y) for y in years], realised, chart_id=f"grafik-renstra-{iku.id}",
                                  nama=iku.ukur.nama, satuan=iku.ukur.satuan, judul=f"Lintasan target Renstra: {iku.ukur.nama}",
                                  aturan=_aturan(report))
    return [Grafik(Markup("Grafik"), Markup(f"renstra-{slug(iku.id)}.svg"), svg)]


def chart_files(report) -> dict[str, str]:
    """Every chart of one report as a file (path inside the report folder -> SVG text), the same
    SVG as the page shows inline."""
    found = [g for t in report.tables.values() for g in grafik_svg(report, t)]
    if not report.sebagian:  # a year known in part has no IKU pages
        found += [g for iku in report.iku for g in renstra_svg(report, iku)]
    return {f"grafik/{g.berkas}": g.svg + "\n" for g in found}


def year_links(reports: list, report, page: str, page_sets: dict) -> list[tuple[int, Markup, bool]]:
    """The year selector of one page: (year, link relative to this page, is current year).
    Links to the same page in another year when it exists, else to that year's home."""
    up = "../" * (page.count("/") + 1)
    links = []
    for other in reversed(reports):
        target = page if page in page_sets[other.tahun] else "index.md"
        links.append((other.tahun, Markup(f"{up}{other.tahun}/{target}"), other.tahun == report.tahun))
    return links


PAGE_SOURCES = {"iku.md.j2": ("kinerja", "perencanaan", "program"), "program.md.j2": ("program",),
                "perbandingan.md.j2": ("kinerja", "perencanaan", "program")}
ALL_SOURCES = ("laporan", "perencanaan", "kinerja", "program", "anggaran")


def page_sources(report, template: str, out: str) -> tuple:
    """The content files a page is made from: an outline page from laporan.yaml and the files its
    tables and item lists read; the other pages as PAGE_SOURCES says."""
    if template != "bab.md.j2":
        return PAGE_SOURCES.get(template, ALL_SOURCES)
    kinds = {"laporan"}
    for place in report.outline.tables:
        if place.halaman == out:
            kinds.update(tb.NEEDS.get(place.spec["jenis"], ()))
            kinds.add(place.file)
    kinds.update({"iku": "kinerja", "program": "program"}[kind] for kind, page in report.outline.item_pages.items() if page == out)
    return tuple(sorted(kinds))


def last_changed(history: dict, folder, kinds: tuple) -> str | None:
    dates = [history.get(folder, {}).get(kind) for kind in kinds]
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def open_data(report, workbooks=None) -> tuple[dict[str, str | bytes], dict]:
    """The year's downloads (path inside the report folder -> text) and each table's file name."""
    tables = [t for t in report.tables.values() if t.unduh]
    files = opendata.files(report, tables, workbooks)
    return files, {**{t.id: t.id for t in tables}, opendata.TEMUAN: opendata.TEMUAN}


_NOT_SEARCHED = "---\nsearch:\n  exclude: true\n---\n"


def left_out_of_search(text: str) -> str:
    """A page the search index leaves out (MkDocs front matter), unless it says so already."""
    return text if text.startswith("---\n") else _NOT_SEARCHED + text


def pdf_link(pdf_files: dict, slug_: str | None, report) -> dict | None:
    """What a home page says of the year's PDF (lkjip build): its name, size and SHA-256."""
    found = pdf_files.get((slug_, report.tahun))
    return {"berkas": Markup(html.escape(found.name)), "ukuran": found.ukuran, "sha256": Markup(found.sha256)} if found else None


def render_report(env: Environment, reports: list, report, history: dict, folder, prefix: str, page_sets: dict,
                  searched: bool = True, workbooks=None, pdf: dict | None = None) -> dict:
    output = {}
    common = {"r": report, "tabel_dari": _table_for(report), "unduhan": {}, "pohon_tabel": {}, "yoy": None, "pdf_laporan": pdf,
              "kelompok_temuan": checks.grouped(report, report.temuan, report.names)}
    output.update({f"{prefix}{report.tahun}/{path}": text for path, text in chart_files(report).items()})
    if not report.sebagian:
        data_files, unduhan = open_data(report, workbooks)
        output.update({f"{prefix}{report.tahun}/{path}": text for path, text in data_files.items()})
        common.update(unduhan=unduhan, pohon_tabel=_tree_tables(report) if report.tree else {}, yoy=compute.perbandingan_tahunan(report))
    for template, out, extra in pages(report):
        logo = report.instansi.get("logo")
        context = {**common, "root": Markup("../" * out.count("/")), "tahun_tautan": year_links(reports, report, out, page_sets),
                   "ke_akar": Markup("../" * (out.count("/") + 1 + prefix.count("/"))),
                   "logo": Markup("../" * (out.count("/") + 1) + logo) if logo else None,
                   "terakhir_diubah": last_changed(history, folder, page_sources(report, template, out)), "grafik": grafik_svg, "renstra_svg": renstra_svg,
                   "halaman_ini": out, "halaman_ada": page_sets[report.tahun], **extra}
        text = env.get_template(template).render(**context)
        output[f"{prefix}{report.tahun}/{out}"] = text if searched else left_out_of_search(text)
    return output


def _templates_state(env) -> tuple:
    """Names and modification times of every template file, to tell when a template changed."""
    state = []
    for loader in env.loader.loaders:
        for folder in loader.searchpath:
            state += [(str(path), path.stat().st_mtime_ns) for path in sorted(Path(folder).glob("*.j2"))]
    return tuple(state)


def _year_key(env, agency, report, page_sets: dict, history: dict, folder, prefix: str, searched: bool):
    """What the pages of one report year are made from (its inputs, Agency.inputs_of, and what
    the pages add: the years' page lists, the last-change dates, search, the templates), or None
    when the content carries no fingerprints."""
    inputs = agency.inputs_of(report.tahun)
    if inputs is None:
        return None
    return ("halaman", prefix, report.tahun) + inputs + (tuple(sorted((y, tuple(sorted(s))) for y, s in page_sets.items())),
            tuple(sorted((history.get(folder) or {}).items())), searched, _templates_state(env))


def _table_for(report):
    places = {id(place.spec): place.id for place in report.outline.tables}

    def find(spec):
        return report.tables.get(places.get(id(spec)))
    return find


def is_multi(sites: list) -> bool:
    """A site of several agencies (or one kept in its own folder) puts each under /<instansi>/."""
    return len(sites) > 1 or any(agency.slug for agency, _ in sites)


def attachment_paths(sites: list) -> list[tuple[Path, str]]:
    """(file in content/, path in the site) of every file the content names: each agency's logo
    beside its home page, each year's signed original in that year's folder."""
    found = []
    for agency, reports in sites:
        prefix = f"{agency.slug}/" if is_multi(sites) else ""
        if agency.data.get("logo"):
            found.append((agency.directory / agency.data["logo"], f"{prefix}{agency.data['logo']}"))
        for year, report in zip(agency.years, reports):
            berkas = (report.laporan.get("dokumen_asli") or {}).get("berkas")
            if berkas:
                found.append((year.directory / berkas, f"{prefix}{report.tahun}/{berkas}"))
    return found


def render_all(sites: list, template_dirs: list[Path], history: dict | None = None,
               cache_dir: Path | None = None, search_all_years: bool = False, cache: dict | None = None,
               workbooks=None, pdf_files: dict | None = None) -> tuple[dict, list, dict]:
    """Every page of every agency and report year as text, keyed by its path inside the docs folder,
    plus the navigation and the site's identity. No files written (but compiled templates in
    `cache_dir`, when given). The search index holds each agency's home report year only (older
    years stay one click away in the year selector), unless `search_all_years`. With `cache` (the
    live preview's), a report year whose inputs are unchanged is not rendered again; `workbooks`
    keeps XLSX files by what they are made of (see opendata.workbook_key). `pdf_files`: the
    years' PDFs ({(agency slug, year): pdf.PdfFile}) that the home pages link."""
    env = environment(template_dirs, cache_dir)
    terms = glosarium.load(template_dirs)  # validated with the content (build.load_and_validate)
    env.globals["glosarium_ids"] = frozenset(t["id"] for t in terms)
    history = history or {}
    pdf_files = pdf_files or {}
    output: dict = {}
    multi = is_multi(sites)
    all_page_sets: dict = {}
    try:
        for agency, reports in sites:
            prefix = f"{agency.slug}/" if multi else ""
            page_sets = {r.tahun: {out for _, out, _ in pages(r)} for r in reports}
            all_page_sets[agency.slug] = page_sets
            folders = {year.year: year.directory for year in agency.years}
            latest = home_report(reports)
            for report in reports:
                searched = search_all_years or report is latest
                pdf = pdf_link(pdf_files, agency.slug, report)
                key = _year_key(env, agency, report, page_sets, history, folders[report.tahun], prefix, searched) if cache is not None else None
                key = key + (repr(pdf),) if key is not None else None
                if key is None or key not in cache:
                    rendered = render_report(env, reports, report, history, folders[report.tahun], prefix, page_sets,
                                             searched=searched, workbooks=workbooks, pdf=pdf)
                    if key is not None:
                        for old in [k for k in cache if k[:3] == key[:3]]:
                            del cache[old]
                        cache[key] = rendered
                output.update(cache[key] if key is not None else rendered)
            if latest is not None:
                output[f"{prefix}index.md"] = _home(env, reports, latest, history, folders[latest.tahun], page_sets,
                                                    pdf_link(pdf_files, agency.slug, latest), prefix)
        if multi:
            output["index.md"] = _portal(env, sites, all_page_sets)
        if terms:
            output[glosarium.PAGE] = env.get_template("glosarium.md.j2").render(r=None, root=Markup(""), ke_akar=Markup(""), istilah=terms)
    except TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "filename", None) else ""
        raise RenderError(f"halaman tidak dapat dibuat dari isi ini: {exc}{where}") from None
    except (TypeError, ValueError, KeyError) as exc:
        raise RenderError(f"halaman tidak dapat dibuat dari isi ini: {type(exc).__name__}: {exc}") from None
    return output, nav(sites, glossary=bool(terms)), site_identity(sites)


_SUMMARY = '{% import "_macros.md.j2" as m with context %}{{ m.tabel(t) }}'


def _summary_template(env):
    if "_ringkasan" not in env.globals:  # compiled once per environment, not once per agency
        env.globals["_ringkasan"] = env.from_string(_SUMMARY)
    return env.globals["_ringkasan"]


def _portal(env, sites: list, page_sets: dict) -> str:
    """The page that lists the agencies of a multi-agency site, each with its latest IKU summary:
    the same `ringkasan-iku` table as the agency's home page, its links made relative to the portal."""
    entries = []
    for agency, reports in sites:
        latest = home_report(reports)
        if latest is None:
            continue
        summary = latest.tables.get("ringkasan-iku")
        text = None
        if summary is not None and summary.rows:
            text = Markup(_summary_template(env).render(
                t=summary, r=latest, root=Markup(f"{slug(agency.slug)}/{latest.tahun}/"), unduhan={}, grafik=grafik_svg,
                halaman_ada=set() if latest.sebagian else page_sets[agency.slug][latest.tahun]))
        entries.append((agency, latest, text))
    return env.get_template("portal.md.j2").render(r=None, root=Markup(""), situs=entries, judul=site_identity(sites)["site_name"])


def home_report(reports: list):
    complete = [r for r in reports if not r.sebagian]
    return (complete or reports)[-1] if reports else None


def _home(env, reports, latest, history, folder, page_sets, pdf: dict | None = None, prefix: str = "") -> str:
    logo = latest.instansi.get("logo")
    context = {"r": latest, "tabel_dari": _table_for(latest), "root": Markup(f"{latest.tahun}/"), "grafik": grafik_svg, "logo": Markup(logo) if logo else None,
               "ke_akar": Markup("../" * prefix.count("/")),
               "pdf_laporan": pdf,
               "renstra_svg": renstra_svg, "unduhan": {t.id: t.id for t in latest.tables.values() if t.unduh},
               "terakhir_diubah": last_changed(history, folder, ALL_SOURCES), "halaman_ini": "index.md", "pohon_tabel": {},
               "halaman_ada": page_sets[latest.tahun],
               "yoy": None, "kelompok_temuan": [],
               "tahun_tautan": [(y, Markup(str(link).replace("../", "", 1)), cur) for y, link, cur in year_links(reports, latest, "index.md", page_sets)]}
    return env.get_template("index.md.j2").render(**context)


def site_identity(sites: list) -> dict:
    if len(sites) == 1:
        agency, reports = sites[0]
        latest = home_report(reports)
        short = latest.laporan.get("judul_singkat", "LKjIP") if latest else "LKjIP"
        return {"site_name": f"{short} {agency.data.get('nama', '')}".strip(),
                "site_description": f"{latest.laporan.get('judul', 'Laporan Kinerja Instansi Pemerintah') if latest else ''} {agency.data.get('nama', '')}, "
                                    "disajikan dari data terbuka yang tervalidasi."}
    regions = {agency.data.get("wilayah") for agency, _ in sites if agency.data.get("wilayah")}
    name = "Laporan Kinerja Instansi Pemerintah" + (f" {regions.pop()}" if len(regions) == 1 else "")
    return {"site_name": name, "site_description": f"{name}: laporan kinerja setiap instansi, disajikan dari data terbuka yang tervalidasi."}


def _nav_report(report, prefix: str) -> list:
    y = f"{prefix}{report.tahun}/"
    entries = []
    hosts = {kind: page for kind, page in report.outline.item_pages.items()}
    for page in report.outline.pages:
        title = page.heading.label
        children = []
        if hosts.get("iku") == page.path and report.iku:
            children.append({"Indikator Kinerja Utama": [{i.ukur.nama: y + tb.iku_page(i.id)} for i in report.iku]})
        if hosts.get("program") == page.path and report.program_diuraikan:
            children.append({"Analisis Program": [{p.nama: y + tb.program_page(p.id)} for p in report.program_diuraikan]})
        entries.append({title: [{"Ringkasan": y + page.path}] + children} if children else {title: y + page.path})
    if report.iku and hosts.get("iku") not in {p.path for p in report.outline.pages}:
        entries.append({"Indikator Kinerja Utama": [{i.ukur.nama: y + tb.iku_page(i.id)} for i in report.iku]})
    entries += [{"Dibanding Tahun Lalu": y + "perbandingan.md"}, {"Catatan Kualitas Data": y + "kualitas-data.md"},
                {"Dokumen (versi cetak)": y + "dokumen.md"}]
    return [e for e in entries if e]


def nav(sites: list, glossary: bool = False) -> list:
    """The navigation: each agency's latest report in the order of its outline, then older years."""
    multi = is_multi(sites)
    entries = [{"Beranda": "index.md"}]
    for agency, reports in sites:
        prefix = f"{agency.slug}/" if multi else ""
        latest = home_report(reports)
        if latest is None:
            continue
        own = ([{"Beranda instansi": f"{prefix}index.md"}] if multi else []) + (_nav_report(latest, prefix) if not latest.sebagian else [])
        years = [{f"Tahun {r.tahun}" + (" (sebagian)" if r.sebagian else "") + (" (rancangan)" if r.rancangan else ""): f"{prefix}{r.tahun}/index.md"}
                 for r in reversed(reports)]
        own.append({"Arsip per tahun": years})
        if multi:
            entries.append({agency.data.get("singkatan") or agency.data.get("nama", agency.slug): own})
        else:
            entries += own
    return entries + ([{"Glosarium": glosarium.PAGE}] if glossary else [])
