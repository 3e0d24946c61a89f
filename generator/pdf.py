"""`lkjip pdf`: the official report as a PDF, typeset by WeasyPrint from the same computed report.

The document is Markdown from the page macros the site uses (site_templates/pdf/laporan-pdf.md.j2
places the same blocks and the same tables), converted with the same Markdown extensions as the
site's configuration, wrapped in an HTML page with print CSS (site_templates/pdf/lkjip-pdf.css)
and laid out by WeasyPrint: A4, chapters on new pages, Daftar Isi and Daftar Tabel with the page
numbers the layout gives (target-counter), repeated table headers, wide tables on landscape pages,
a running footer "Halaman x dari y". Nothing of the web is left: no download links, no ⚠ marks,
no "last changed" line, no links to site pages. Data-quality notes are an appendix with numbered
footnotes, only when asked for (`catatan`).

WeasyPrint (and Pango behind it) is imported only here, so that the other commands stay fast.
The same content gives the same bytes: the document's date is the report's own date (or none),
and WeasyPrint derives the file identifier from the content.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import markdown as md
import yaml
from markupsafe import Markup

from . import checks, fmt, render, resources
from . import tabel as tb
from .rules import PDF_NAME

TEMPLATE = "laporan-pdf.md.j2"
STYLESHEET = "lkjip-pdf.css"
# anchors of the parts the PDF adds; a prefix no content id is likely to take
ANCHORS = {"daftar_isi": "daftar-isi", "daftar_tabel": "daftar-tabel", "ikhtisar": "lkjip-ikhtisar",
           "lampiran": "lkjip-lampiran", "catatan": "lkjip-catatan"}

# Width of the text block on an A4 page (mm -> pt) with the stylesheet's margins, and a safe
# estimate of one character of the 9 pt table font (DejaVu Sans figures are 0.636 em).
_PT_PER_MM = 72 / 25.4
PORTRAIT_WIDTH = (210 - 25 - 20) * _PT_PER_MM
CHAR_WIDTH = 9 * 0.64
CELL_PADDING = 8.0


@dataclass(frozen=True)
class PdfFile:
    """One generated PDF: where it goes in the site, its bytes and what the home page says of it."""

    path: str  # inside the docs folder
    data: bytes

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def ukuran(self) -> str:
        return ukuran(len(self.data))


def ukuran(size: int) -> str:
    """A file size as people read it: '850 kB', '1,2 MB' (decimal units)."""
    if size < 1000:
        return f"{size} bita"
    if size < 1_000_000:
        return f"{fmt.angka(Decimal(size) / 1000, 0)} kB"
    return f"{fmt.angka(Decimal(size) / 1_000_000, 1)} MB"


def file_name(report) -> str:
    return PDF_NAME.format(tahun=report.tahun)


def publishes(report) -> bool:
    """A year known only in part from another report has no document of its own to print."""
    return not report.sebagian


# --- the parts of the document, in the official order ----------------------------------------------

def _chapters(report) -> list[tuple]:
    """(heading, chapter mapping) of every chapter, in the outline's order."""
    nodes = {id(c): c for c in report.outline.front}
    nodes.update({id(p.node): p.node for p in report.outline.pages if p.heading.tingkat == 1})
    chapters = [h for h in report.outline.headings if h.tingkat == 1]
    by_id = {c["id"]: c for c in nodes.values()}
    return [(h, by_id[h.id]) for h in chapters if h.id in by_id]


def parts(report) -> dict:
    """The chapters by their place in the document: Kata Pengantar, Ikhtisar Eksekutif, Bab, Lampiran."""
    result = {"depan": [], "ikhtisar": [], "bab": [], "lampiran": []}
    place = {"pengantar": "depan", "ikhtisar": "ikhtisar", "lampiran": "lampiran"}
    for heading, node in _chapters(report):
        result[place.get(heading.jenis, "bab")].append((heading, node))
    return result


def _tables_in(blocks, found: list) -> list:
    for block in blocks:
        if "tabel" in block:
            found.append(block["tabel"])
        elif "bagian" in block:
            _tables_in(block["bagian"]["isi"], found)
    return found


def lampiran_pk(report, bagian: dict) -> list:
    """The Perjanjian Kinerja tables to repeat as an appendix, unless a Lampiran of the content holds them."""
    in_appendix = {id(spec) for _, node in bagian["lampiran"] for spec in _tables_in(node["isi"], [])}
    return [report.tables[p.id] for p in report.outline.tables
            if p.spec["jenis"] == "perjanjian-kinerja" and id(p.spec) not in in_appendix and report.tables[p.id].rows]


def daftar_isi(report, bagian: dict, ikhtisar_dibuat: bool, lampiran: bool, catatan: bool) -> list[tuple[str, str, int]]:
    """(label, anchor, depth) of the Daftar Isi, in the order the parts are printed."""
    by_chapter: dict = {}
    current = None
    for heading, depth in report.outline.daftar_isi():
        if heading.tingkat == 1:
            current = heading.id
        by_chapter.setdefault(current, []).append((heading.label, heading.anchor, depth))  # as printed; the original's own wording is checked (checks.rule_caption_years)

    def entries(chapters):
        return [entry for heading, _ in chapters for entry in by_chapter.get(heading.id, [(heading.label, heading.anchor, 0)])]

    result = entries(bagian["depan"]) + entries(bagian["ikhtisar"])
    if ikhtisar_dibuat:
        result.append(("Ikhtisar Eksekutif", ANCHORS["ikhtisar"], 0))
    result += [("Daftar Tabel", ANCHORS["daftar_tabel"], 0)]
    result += entries(bagian["bab"]) + entries(bagian["lampiran"])
    if lampiran:
        result.append((judul_lampiran(bagian), ANCHORS["lampiran"], 0))
    if catatan:
        result.append(("Lampiran Catatan Kualitas Data", ANCHORS["catatan"], 0))
    return result


def judul_lampiran(bagian: dict) -> str:
    return "Lampiran Perjanjian Kinerja" if bagian["lampiran"] else "Lampiran"


class Catatan:
    """The data-quality notes of the printed document, numbered in the order their figures are
    printed. Each stands under its table: WeasyPrint would put a footnote called from a table cell
    on a later page, so these are table notes (the same number wherever the figure is repeated)."""

    def __init__(self):
        self.numbers: dict = {}
        self.texts: dict = {}
        self.printed: set = set()

    def nomor(self, cell, text: str) -> int:
        if id(cell) not in self.numbers:
            self.numbers[id(cell)] = len(self.numbers) + 1
            self.texts[self.numbers[id(cell)]] = text
        return self.numbers[id(cell)]

    def under(self, table: tb.Table) -> list:
        """The notes of this table's figures not printed yet, as Markdown lines."""
        found = sorted({self.numbers[id(c)] for row in table.rows for c in row.cells.values() if id(c) in self.numbers} - self.printed)
        self.printed.update(found)
        return [Markup(f"<sup>{n}</sup> {render.md_escape(self.texts[n])}") for n in found]


# --- wide tables ---------------------------------------------------------------------------------

def min_width(table: tb.Table, places: int, cara: str) -> float:
    """The narrowest the table can be set in points: in each column its longest word (a figure,
    'Rp 1.234,00' with its no-break space, a word of the header) cannot wrap."""
    total = 0.0
    for column in table.columns:
        words = column.label.split()
        for row in table.rows:
            cell = row.cells.get(column.key)
            if cell is not None:
                text = render.cell_text(cell, column, places, cara)
                words += text.replace("Rp ", "Rp\u00a0").split() if column.jenis == tb.RUPIAH else text.split()
        total += max((len(w) for w in words), default=1) * CHAR_WIDTH + CELL_PADDING
    return total


def is_wide(table: tb.Table, places: int, cara: str) -> bool:
    """A table that does not fit the portrait text width at 9 pt goes on a landscape page (never shrunk)."""
    return bool(table.rows) and min_width(table, places, cara) > PORTRAIT_WIDTH


# --- Markdown -> HTML -> PDF ----------------------------------------------------------------------

def markdown_extensions() -> tuple[list, dict]:
    """The site's Markdown extensions (site_templates/mkdocs.base.yml), without the permalink
    marks a page has, plus md_in_html for the wide-table wrapper."""
    base = yaml.safe_load((resources.templates_dir() / "mkdocs.base.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for entry in base.get("markdown_extensions", []):
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        configs[name] = dict(config or {})
    configs.setdefault("toc", {}).update(permalink=False)
    configs["toc"].pop("permalink_title", None)
    if "toc" not in names:
        names.append("toc")
    return names + ["md_in_html"], configs


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)


def without_site_links(body: str) -> str:
    """Links to other pages of the site mean nothing on paper: their text stays, the link goes.
    Links inside the document (#...) and to the web stay."""
    def keep(match):
        href = match.group(1)
        return match.group(0) if href.startswith(("#", "http://", "https://", "mailto:")) else match.group(2)
    return _LINK.sub(keep, body)


def document_markdown(env, report, catatan: bool = False, logo: str | None = None) -> str:
    bagian = parts(report)
    ikhtisar_dibuat = not bagian["ikhtisar"]
    lampiran = lampiran_pk(report, bagian)
    places, cara = report.metode.desimal, report.metode.cara
    lap = report.laporan
    sampul = lap.get("sampul") or {}
    notes = Catatan() if catatan else None
    context = {
        "r": report, "tabel_dari": render._table_for(report), "unduhan": {}, "yoy": None, "root": Markup(""),
        "pohon_tabel": render._tree_tables(report) if report.tree else {}, "tahun_tautan": [], "halaman_ada": set(),
        "kelompok_temuan": checks.grouped(report, report.temuan, report.names) if catatan else [],
        "terakhir_diubah": None, "grafik": render.grafik_svg, "renstra_svg": render.renstra_svg, "halaman_ini": "dokumen.md",
        "dalam_dokumen": True, "grafik_cetak": True, "catatan_kaki": notes, "catatan_tabel": notes.under if notes else (lambda t: []),
        "catatan": catatan and bool(report.temuan),
        "tabel_lebar": lambda t: is_wide(t, places, cara), "logo": Markup(html.escape(logo)) if logo else None,
        "bagian": bagian, "ikhtisar_dibuat": ikhtisar_dibuat, "lampiran_pk": lampiran, "judul_lampiran": judul_lampiran(bagian),
        "daftar_isi": daftar_isi(report, bagian, ikhtisar_dibuat, bool(lampiran), catatan and bool(report.temuan)),
        "jangkar": ANCHORS, "judul_sampul": sampul.get("judul") or f"{lap.get('judul', 'Laporan Kinerja Instansi Pemerintah')} {report.judul_periode}",
    }
    return env.get_template(TEMPLATE).render(**context)


def document_html(env, report, template_dirs: list[Path], catatan: bool = False, logo: str | None = None) -> str:
    """The whole document as one HTML page, with its metadata and the print stylesheet."""
    names, configs = markdown_extensions()
    body = md.markdown(document_markdown(env, report, catatan, logo), extensions=names, extension_configs=configs, output_format="html")
    lap = report.laporan
    title = f"{lap.get('judul', 'Laporan Kinerja Instansi Pemerintah')} {report.judul_periode} {report.instansi.get('nama', '')}".strip()
    meta = {"author": report.instansi.get("nama", ""), "description": f"{lap.get('judul_singkat', 'LKjIP')} {report.tahun}",
            "generator": "lkjip"}
    if lap.get("tanggal"):
        meta["dcterms.created"] = meta["dcterms.modified"] = str(lap["tanggal"])
    head = "".join(f'<meta name="{name}" content="{html.escape(value, quote=True)}">' for name, value in meta.items() if value)
    css = stylesheet(template_dirs)
    return (f'<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n{head}\n'
            f"<style>\n{css}\n</style>\n</head>\n<body>\n{without_site_links(body)}\n</body>\n</html>\n")


def stylesheet(template_dirs: list[Path]) -> str:
    """The project's own print stylesheet when it has one, else the tool's."""
    for folder in template_dirs:
        path = folder / "pdf" / STYLESHEET
        if path.is_file():
            return path.read_text(encoding="utf-8").replace("</", "<\\/")
    raise FileNotFoundError(STYLESHEET)


def _fetcher(allowed: Path):
    """WeasyPrint may read files inside the agency's content folder (its logo), nothing else:
    the document makes no request to any host."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher, URLFetchingError

    root = allowed.resolve()

    class ContentOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(url, headers)
            raise URLFetchingError(f"tidak diambil: {url}")
    return ContentOnly(allowed_protocols={"file"}, allow_redirects=False)


def document_key(document: str, base: Path, logo: str | None) -> str:
    """A digest of everything the PDF is made of: the document, the logo it may read, and the
    WeasyPrint that typesets it."""
    import weasyprint

    digest = hashlib.sha256(document.encode("utf-8"))
    digest.update(f"\0{weasyprint.__version__}\0".encode("ascii"))
    if logo and (base / logo).is_file():
        digest.update((base / logo).read_bytes())
    return digest.hexdigest()


def write_pdf(document: str, base: Path) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # a refused fetch is not news
    return HTML(string=document, base_url=str(base.resolve()) + "/", url_fetcher=_fetcher(base)).write_pdf(
        pdf_identifier=hashlib.sha256(document.encode("utf-8")).hexdigest()[:32].encode("ascii"))


def report_pdf(env, agency, report, template_dirs: list[Path], catatan: bool = False, store=None) -> bytes:
    """One year's PDF; with `store` (build/.cache/pdf), typeset only when its inputs changed
    (typesetting takes seconds a year, most of `lkjip build`)."""
    logo = agency.data.get("logo")
    document = document_html(env, report, template_dirs, catatan, logo)
    key = document_key(document, agency.directory, logo) if store is not None else None
    data = store.get(key) if key is not None else None
    if data is None:
        data = write_pdf(document, agency.directory)
        if key is not None:
            store[key] = data
    return data


def documents(sites: list, template_dirs: list[Path], catatan: bool = False, tahun: int | None = None, store=None) -> dict:
    """{(agency slug, year): PdfFile} for every published report year (or only `tahun`)."""
    env = render.environment(template_dirs)
    multi = render.is_multi(sites)
    result = {}
    for agency, reports in sites:
        prefix = f"{agency.slug}/" if multi else ""
        for report in reports:
            if publishes(report) and (tahun is None or report.tahun == tahun):
                path = f"{prefix}{report.tahun}/{file_name(report)}"
                result[(agency.slug, report.tahun)] = PdfFile(path, report_pdf(env, agency, report, template_dirs, catatan, store))
    return result
