"""The PDF (`lkjip pdf`, also made by `lkjip build`), read back with pdfplumber: A4 pages, every
chapter and table of the shipped outline, a Daftar Isi and Daftar Tabel whose page numbers are the
pages the chapters and tables really stand on, fonts never below 9 pt (body 11 pt), the report's own
figures, no web leftovers, Indonesian metadata, the same bytes for the same content."""
from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys

import pdfplumber
import pytest
import yaml
from pdfminer.pdftypes import resolve1

from lkjip.build import Project, load_and_validate, make_pdfs

from .conftest import ROOT

LAPORAN = yaml.safe_load((ROOT / "content" / "2025" / "laporan.yaml").read_text(encoding="utf-8"))
A4 = (595.28, 841.89)


def _pdf(catatan: bool = False) -> bytes:
    project = Project(ROOT)
    sites, _ = load_and_validate(project)
    files = make_pdfs(project, sites, catatan=catatan)
    return next(f.data for (_, tahun), f in files.items() if tahun == 2025)


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return _pdf()


@pytest.fixture(scope="module")
def pages(pdf_bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def numbered(report) -> list[dict]:
    """The numbered tables of the outline (laporan.yaml and the tables program.yaml places with its items)."""
    return [place.spec for place in report.outline.tables if place.nomor and not place.spec.get("lanjutan")]


_ENTRY = re.compile(r"\.{3,}\s*\d+$")  # a line of the Daftar Isi or Daftar Tabel: 'label ..... 12'


def _starts_with(page_text: str, heading: str) -> bool:
    """The page begins with this heading (not with a Daftar Isi entry of that name, on a page the list runs onto)."""
    first = page_text.splitlines()[0] if page_text else ""
    return not _ENTRY.search(first) and _flat(page_text).upper().startswith(_flat(heading).upper())


def _list_entries(pages: list[str], title: str) -> list[tuple[str, int]]:
    """(entry, page number) of the Daftar Isi or Daftar Tabel: lines 'label ..... 12', an entry
    wrapped over two lines joined again."""
    start = next(i for i, text in enumerate(pages) if _starts_with(text, title))
    entries, pending = [], ""
    for page in pages[start:]:
        lines = page.splitlines()
        if page is not pages[start] and not _starts_with(page, title) and not _ENTRY.search(lines[0] if lines else ""):
            break  # the list ends where a page no longer begins with its title or with one of its entries
        for line in lines[1 if page is pages[start] else 0:-1]:  # without the title and the running footer
            pending = f"{pending} {line}".strip()
            match = re.match(r"^(.*?)[ .]*\.{3,}\s*(\d+)$", pending) or re.match(r"^(.*?)\s+(\d+)$", pending)
            if match and "." in pending:
                entries.append((match.group(1).strip(" ."), int(match.group(2))))
                pending = ""
    return entries


def test_every_page_is_a4_portrait_or_landscape_and_wide_tables_go_landscape(pdf_bytes, pages):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        sizes = [(round(float(p.width), 2), round(float(p.height), 2)) for p in doc.pages]
    assert set(sizes) <= {A4, A4[::-1]}, set(sizes)
    assert sizes[0] == A4
    landscape = [i for i, size in enumerate(sizes) if size == A4[::-1]]
    assert landscape, "no wide table was set on a landscape page"
    # Tabel 3.2 (nine columns: sasaran, indikator, rumus, data, target, realisasi, capaian, kategori) does not fit
    # the portrait width at 9 pt: it stands on a landscape page, and the text after it is portrait again
    on = next(i for i, text in enumerate(pages) if "Tabel 3.2." in text and "Capaian Kinerja Tahun 2025" in text and i > 5)
    assert on in landscape and on + 1 not in landscape


def test_cover_names_the_agency_the_title_the_year_and_the_region(pages):
    cover = _flat(pages[0])
    agency = yaml.safe_load((ROOT / "content" / "instansi.yaml").read_text(encoding="utf-8"))
    for text in (LAPORAN["sampul"]["judul"], LAPORAN["sampul"]["instansi"], agency["wilayah"], "2025"):
        assert text in cover, text
    assert "Halaman" not in cover  # no running footer on the cover


def test_parts_stand_in_the_official_order(pages):
    chapters = [c for c in LAPORAN["kerangka"] if c["jenis"] == "bab"]
    order = ["Kata Pengantar", "Ikhtisar Eksekutif", "Daftar Isi", "Daftar Tabel"]
    order += [f"Bab {c['nomor']} {c['judul']}" for c in chapters] + ["Lampiran"]
    starts = [next((i for i, text in enumerate(pages) if _starts_with(text, title)), None) for title in order]
    assert None not in starts, dict(zip(order, starts))
    assert starts == sorted(starts), dict(zip(order, starts))


def test_a_made_ikhtisar_says_it_is_not_the_agencys_text(pages):
    """The shipped report has no Ikhtisar Eksekutif chapter: the one the PDF makes says so."""
    assert not any(c.get("judul", "").lower().startswith("ikhtisar") for c in LAPORAN["kerangka"])
    page = next(text for text in pages if _starts_with(text, "Ikhtisar Eksekutif"))
    assert "bukan bagian dari naskah yang ditulis instansi" in " ".join(page.split())


def test_every_numbered_table_has_its_caption(pages, numbered):
    text = _flat("\n".join(pages))
    assert len(numbered) >= 20
    for spec in numbered:
        assert _flat(f"Tabel {spec['nomor']}. {spec['judul']}") in text, spec["nomor"]


def test_daftar_isi_gives_the_page_each_chapter_and_section_starts_on(pages):
    entries = _list_entries(pages, "Daftar Isi")
    labels = [label for label, _ in entries]
    for chapter in LAPORAN["kerangka"]:
        wanted = f"Bab {chapter['nomor']} {chapter['judul']}" if chapter["jenis"] == "bab" else chapter["judul"]
        assert wanted in labels, (wanted, labels)
    assert {"Ikhtisar Eksekutif", "Daftar Tabel", "Lampiran", "1.1 Latar Belakang", "3.2 Realisasi Anggaran 2025"} <= set(labels)
    lists = {i for i, text in enumerate(pages) if _starts_with(text, "Daftar Isi") or _ENTRY.search(text.splitlines()[0] if text else "")}
    for label, number in entries:
        first = next(i + 1 for i, text in enumerate(pages) if i not in lists and _heading_on(text, label))
        assert first == number, f"{label}: Daftar Isi says page {number}, the heading is first printed on page {first}"


def _heading_on(page_text: str, label: str) -> bool:
    """A line of the page begins with the heading (a long heading wraps: its first words suffice)."""
    start = _flat(label).upper()[:30]
    return any(_flat(line).upper().startswith(start) for line in page_text.splitlines())


def test_daftar_tabel_gives_the_page_of_each_table(pages, numbered):
    entries = _list_entries(pages, "Daftar Tabel")
    assert len(entries) == len(numbered)
    for (label, number), spec in zip(entries, numbered):
        assert label.startswith(f"Tabel {spec['nomor']}."), (label, spec["nomor"])
        assert f"Tabel {spec['nomor']}." in pages[number - 1], f"{label}: Daftar Tabel says page {number}"


def test_fonts_are_never_shrunk_body_11pt_tables_9pt(pdf_bytes, pages):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        sizes = [round(c["size"], 2) for p in doc.pages for c in p.chars]
        opening = next(i for i, text in enumerate(pages) if text.startswith("KATA PENGANTAR"))
        body = [c for c in doc.pages[opening].chars if c["fontname"].split("+")[-1].startswith("DejaVu-Serif")]
        table = next(i for i, text in enumerate(pages) if "Tabel 3.2." in text and i > 5)
        cells = [c for c in doc.pages[table].chars if c["text"] in "0123456789%,"]
    assert min(sizes) >= 9
    assert body and {round(c["size"], 2) for c in body} == {11.0}
    assert cells and min(round(c["size"], 2) for c in cells) == 9.0


def test_the_figures_are_the_sites(pages):
    text = _flat("\n".join(pages))
    for figure in ("135,49%", "117,63%", "Sangat Baik", "Rp 10.036.268.000,00", "60,97%"):
        assert figure in text, figure


def test_no_web_leftovers(pdf_bytes, pages):
    text = "\n".join(pages)
    for leftover in ("Unduh", "⚠", "terakhir diubah", "Ctrl+P", "Tahun laporan:", "CSV", "Catatan Kualitas Data"):
        assert leftover.lower() not in text.lower(), leftover
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        uris = [a.get("uri") for p in doc.pages for a in p.annots if a.get("uri")]
    assert not [u for u in uris if not u.startswith(("http://", "https://", "mailto:"))], uris


def test_metadata_language_id_title_author_and_embedded_fonts(pdf_bytes, pages):
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        assert resolve1(doc.doc.catalog["Lang"]) == b"id"
        assert doc.metadata["Title"].startswith("Laporan Kinerja Instansi Pemerintah Tahun 2025")
        assert doc.metadata["Author"] == yaml.safe_load((ROOT / "content" / "instansi.yaml").read_text(encoding="utf-8"))["nama"]
        assert doc.metadata["CreationDate"].startswith("D:20260114")  # the report's own date, not the time of the build
        unembedded = []
        for page in doc.pages:
            for name, ref in (resolve1(resolve1(page.page_obj.resources).get("Font")) or {}).items():
                font = resolve1(ref)
                descendants = [resolve1(d) for d in resolve1(font.get("DescendantFonts", []))] or [font]
                for f in descendants:
                    descriptor = resolve1(f.get("FontDescriptor")) or {}
                    if f.get("Subtype") != "/Type3" and not any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")):
                        unembedded.append(name)
    assert not unembedded
    assert all(text.strip() for text in pages)  # text is selectable on every page


def test_lampiran_repeats_the_perjanjian_kinerja(pages):
    start = next(i for i, text in enumerate(pages) if _starts_with(text, "Lampiran"))
    appendix = _flat("\n".join(pages[start:]))
    assert "Perjanjian Kinerja Tahun 2025" in appendix and "Sama dengan Tabel 2.4." in appendix
    assert "45,00%" in appendix  # the target of the first IKU, as Tabel 2.4 gives it


def test_signature_block_as_the_content_states_it(pages):
    signer = LAPORAN["penandatangan"]
    text = _flat("\n".join(pages))
    assert text.count(signer["nama"]) >= 2  # under the Kata Pengantar and at the end of Bab IV, where the outline places it
    assert f"NIP. {signer['nip']}" in text and "Jambi, 14 Januari 2026" in text


def test_table_headers_repeat_on_every_page_of_a_long_table(pages):
    header = "No Program / Kegiatan / Sub"
    continued = [i for i, text in enumerate(pages) if text.startswith(header)]
    assert len(continued) >= 2, "Tabel 3.8 spans several pages; each continues under its header row"


def test_running_footer_gives_title_and_page_of_pages(pages):
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        last = text.splitlines()[-1]
        assert last.endswith(f"Halaman {number} dari {total}"), last
        assert last.startswith(LAPORAN["sampul"]["judul"]), last


def test_the_same_content_gives_the_same_bytes_and_the_command_writes_them(pdf_bytes, tmp_path):
    target = tmp_path / "laporan.pdf"
    result = subprocess.run([sys.executable, "-m", "lkjip.cli", "--root", str(ROOT), "pdf", "--tahun", "2025", "--keluar", str(target)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes() == pdf_bytes
    assert hashlib.sha256(pdf_bytes).hexdigest() in result.stdout


def test_an_unknown_year_is_refused_in_indonesian(tmp_path):
    result = subprocess.run([sys.executable, "-m", "lkjip.cli", "--root", str(ROOT), "pdf", "--tahun", "1999", "--keluar", str(tmp_path / "x.pdf")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "tahun 1999 tidak ada sebagai laporan lengkap" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_data_quality_notes_are_an_optional_appendix_with_numbered_notes(report):
    with pdfplumber.open(io.BytesIO(_pdf(catatan=True))) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
    text = _flat("\n".join(pages))
    assert "LAMPIRAN CATATAN KUALITAS DATA" in text
    notes = [int(n) for n in re.findall(r"(?:^|\s)(\d+) Dokumen menulis ", text)]
    assert notes and notes == list(range(1, len(notes) + 1))  # numbered in the order they are printed
    # Tabel 3.1's "75,00 - 89,9" is a finding: its note says what the document states and what the facts give
    assert re.search(r"\d+ Dokumen menulis 75,00 - 89,9 \(Tabel 3\.1\); hasil hitungan dari data mentah mulai 90,00", text)
    assert f"Ditemukan {len(report.temuan)} catatan" in text
    assert "⚠" not in text and "Unduh" not in text


def test_a_signed_original_may_not_take_the_pdfs_name(project_copy, capsys):
    from lkjip.cli import main

    path = project_copy.content / "2025" / "laporan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tempat: Jambi\n", "tempat: Jambi\ndokumen_asli: {berkas: lkjip-2025-cetak.pdf}\n"),
                    encoding="utf-8")
    (project_copy.content / "2025" / "lkjip-2025-cetak.pdf").write_bytes(b"%PDF-1.7\n")
    assert main(["--root", str(project_copy.root), "validate"]) == 1
    assert "dokumen_asli.berkas: nama berkas lkjip-2025-cetak.pdf dipakai PDF laporan" in capsys.readouterr().err


def test_the_home_page_links_the_pdf_with_its_sha256(built_site):
    pdf = built_site.site / "2025" / "lkjip-2025-cetak.pdf"
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    for home in (built_site.site / "index.html", built_site.site / "2025" / "index.html"):
        page = home.read_text(encoding="utf-8")
        assert "lkjip-2025-cetak.pdf" in page and digest in page, home
    printable = (built_site.site / "2025" / "dokumen" / "index.html").read_text(encoding="utf-8")
    assert 'href="../lkjip-2025-cetak.pdf"' in printable and digest in printable  # the print page offers the PDF too


def test_charts_are_printed_under_their_tables_with_their_titles(pages):
    """The site's charts, the same SVG, under their tables: each caption is the chart's own title
    (their text is never below 9 pt: test_fonts_are_never_shrunk_body_11pt_tables_9pt)."""
    text = "\n".join(pages)
    for title in ("Capaian indikator kinerja utama 2025", "Penyerapan anggaran per program 2025", "Komposisi pegawai menurut jenis kelamin"):
        assert title in text, title
    chart_page = next(p for p in pages if "Capaian indikator kinerja utama 2025" in p)
    assert "Target" in chart_page and "Realisasi" in chart_page and "60,97%" in chart_page
