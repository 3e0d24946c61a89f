"""Reuse of the 2025 report: every table as XLSX beside its CSV and JSON (typed cells, the same
values, byte-identical between builds), every chart as an SVG file that is the chart on the page,
penyerapan (%) beside Rupiah for the budget, a labelled y-axis on the Renstra chart, and "Rp"
that never wraps from its amount on the site while the open data carries bare numbers."""
from __future__ import annotations

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal as D

import openpyxl
import pytest

from lkjip import charts, render, scan
from lkjip import opendata as od
from lkjip import tabel as tb
from lkjip.build import Project, latest_report
from tests.conftest import ROOT

NS = "{http://www.w3.org/2000/svg}"
SIGNED = datetime.datetime(2026, 1, 14)  # laporan.tanggal of the shipped 2025 report


from tests.test_opendata import by_nomor, downloads, files  # noqa: E402,F401 - the open-data tests' fixtures


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def as_csv_text(value) -> str:
    """A cell read back from XLSX, written the way the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return value


def same_value(xlsx_cell, csv_cell: str) -> bool:
    if isinstance(xlsx_cell, (int, float)) and not isinstance(xlsx_cell, bool):
        return D(repr(xlsx_cell)) == D(csv_cell)
    if isinstance(xlsx_cell, str) and csv_cell.startswith("'") and xlsx_cell.startswith(od._FORMULA_START):
        return "'" + xlsx_cell == csv_cell  # the CSV guards a formula-like text with a quote; XLSX types it as text
    return as_csv_text(xlsx_cell) == csv_cell


# --- XLSX -------------------------------------------------------------------------------------


def test_every_table_has_an_xlsx_beside_its_csv_and_json(downloads, files):
    for t in downloads + [od.findings_table(latest_report(Project(ROOT)))]:
        data = files[f"data/{t.id}.xlsx"]
        assert isinstance(data, bytes) and zipfile.is_zipfile(io.BytesIO(data)), t.id
        assert f"data/{t.id}.csv" in files and f"data/{t.id}.json" in files


def test_tabel_3_8_reads_back_as_its_csv(report, downloads, files):
    table = by_nomor(downloads, "3.8")
    book = workbook(files[f"data/{table.id}.xlsx"])
    assert book.sheetnames == ["Tabel 3.8", "Keterangan"]
    sheet = book["Tabel 3.8"]
    got = list(sheet.iter_rows(values_only=True))
    expected = list(csv.reader(io.StringIO(files[f"data/{table.id}.csv"])))
    assert list(got[0]) == expected[0] == ["tingkat", "id", "induk", "nomor", "uraian", "anggaran", "realisasi", "persen"]
    assert len(got) == len(expected) == 67
    for xlsx_row, csv_row in zip(got[1:], expected[1:]):
        assert all(same_value(a, b) for a, b in zip(xlsx_row, csv_row)), (xlsx_row, csv_row)
    total = got[-1]
    assert total[0] == "total" and total[5:] == (10036268000, 8767409001, 87.36)  # numbers, not text
    program = next(r for r in got if r[1] == "prog-penunjang")
    assert (program[3], program[5], program[7]) == ("1", 6847986125.5, 85.08)  # the numbering "1.1" stays text
    money = sheet.cell(row=len(got), column=6)
    assert money.data_type == "n" and money.number_format == "#,##0.00"
    assert sheet.cell(row=len(got), column=8).number_format == "#,##0.00"  # 87.36, shown 87,36 in an Indonesian locale
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


def test_numbers_are_written_with_their_exact_digits(downloads, files):
    table = by_nomor(downloads, "1.5")  # Belanja Modal 74.885.404,07: '%.16g' of its float is 74885404.06999999
    with zipfile.ZipFile(io.BytesIO(files[f"data/{table.id}.xlsx"])) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<v>74885404.07</v>" in sheet and "<v>4409835595.93</v>" in sheet and "<v>10036268000.00</v>" in sheet
    assert "6999999" not in sheet
    cell = next(c for c in workbook(files[f"data/{table.id}.xlsx"]).worksheets[0]["F"] if c.value == 74885404.07)
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"


def test_every_table_reads_back_as_its_csv(downloads, files, report):
    for t in downloads + [od.findings_table(report)]:
        got = list(workbook(files[f"data/{t.id}.xlsx"]).worksheets[0].iter_rows(values_only=True))
        expected = list(csv.reader(io.StringIO(files[f"data/{t.id}.csv"])))
        assert [list(r) for r in got[:1]] == expected[:1], t.id
        assert len(got) == len(expected), t.id
        for xlsx_row, csv_row in zip(got[1:], expected[1:]):
            assert len(xlsx_row) == len(csv_row)
            assert all(same_value(a, b) for a, b in zip(xlsx_row, csv_row)), (t.id, xlsx_row, csv_row)


def test_raw_facts_and_booleans_are_typed(downloads, files):
    facts = workbook(files["data/capaian-iku.xlsx"]).worksheets[0]
    header = [c.value for c in facts[1]]
    row = next(r for r in facts.iter_rows(min_row=2, values_only=True) if r[header.index("id")] == "iku-penempatan-pencaker")
    record = dict(zip(header, row))
    assert (record["pembilang"], record["penyebut"], record["target"], record["realisasi"], record["capaian"]) == (
        503, 825, 45, 60.97, 135.49)
    assert facts.cell(row=1 + [r for r in facts.iter_rows(values_only=True)].index(row), column=header.index("pembilang") + 1).number_format == "#,##0"
    efisiensi = workbook(files[f"data/{by_nomor(downloads, '3.6').id}.xlsx"]).worksheets[0]
    header = [c.value for c in efisiensi[1]]
    values = {r[header.index("id")]: dict(zip(header, r)) for r in efisiensi.iter_rows(min_row=2, values_only=True)}
    assert values["iku-koperasi-berkualitas"]["efisiensi"] == -0.6
    assert {v["efisien"] for v in values.values()} <= {True, False}


def test_the_sheet_describes_the_columns(downloads, files):
    table = by_nomor(downloads, "3.8")
    about = list(workbook(files[f"data/{table.id}.xlsx"])["Keterangan"].iter_rows(values_only=True))
    assert about[0] == ("Tabel", od._title(table), None)
    described = {r[0]: (r[1], r[2]) for r in about[about.index(("Kolom", "Jenis", "Uraian")) + 1:]}
    assert list(described) == [name for name, _, _ in od.fields(table)]
    assert described["anggaran"][0] == "number" and described["tingkat"][0] == "string"


def test_xlsx_bytes_are_fixed_by_the_signing_date(report, downloads, files):
    again = latest_report(Project(ROOT))
    assert od.files(again, [t for t in again.tables.values() if t.unduh]) == files  # XLSX included, byte for byte
    data = files["data/realisasi-anggaran.xlsx"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2026, 1, 14, 0, 0, 0)}  # not the build's clock
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-01-14T00:00:00Z") == 2  # created and modified
    props = workbook(data).properties
    assert (props.created, props.modified, props.creator) == (SIGNED, SIGNED, report.instansi["nama"])
    # another date gives other bytes, the same date the same bytes: the date is the only variable
    table = by_nomor(downloads, "3.8")
    assert od.to_xlsx(table, report.metode, SIGNED, report.instansi["nama"]) == data
    assert od.to_xlsx(table, report.metode, datetime.datetime(2027, 1, 1), report.instansi["nama"]) != data


def test_draft_without_a_date_gets_a_fixed_one(report):
    class Draft:
        laporan = {"status": "rancangan"}
    assert od.stamp(Draft()) == datetime.datetime(1980, 1, 1)
    assert od.stamp(report) == SIGNED


def test_formula_like_text_stays_text_and_large_money_stays_exact(report):
    cols = [tb.Column("teks", "Teks"), tb.Column("uang", "Uang", tb.RUPIAH)]
    rows = [tb.Row({"teks": tb.Cell('=HYPERLINK("http://x","klik")'), "uang": tb.Cell(D("9999999999999.99"))}),
            tb.Row({"teks": tb.Cell("+62 741"), "uang": tb.Cell(D("12345678901234.56"))}),  # 16 digits: more than a spreadsheet keeps
            tb.Row({"teks": tb.Cell("@SUM(A1)"), "uang": tb.Cell(D("-0.00"))})]
    data = od.to_xlsx(tb.Table("uji", "data", "Uji", cols, rows), report.metode)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode("utf-8")  # no formula anywhere
    sheet = workbook(data).worksheets[0]
    assert [c.value for c in sheet["A"][1:]] == ['=HYPERLINK("http://x","klik")', "+62 741", "@SUM(A1)"]
    assert all(c.data_type == "s" for c in sheet["A"][1:])
    assert sheet["B2"].value == 9999999999999.99 and sheet["B2"].data_type == "n"
    assert sheet["B3"].value == "12345678901234.56" and sheet["B3"].data_type == "s"  # exact digits rather than a rounded number
    assert sheet["B4"].value == 0 and not str(sheet["B4"].value).startswith("-")  # never -0


def test_sheet_names_keep_excel_rules(report):
    cols = [tb.Column("a", "A")]
    long = tb.Table("tabel-dengan-nama-yang-sangat-panjang-sekali-melebihi-batas", "data", "Uji", cols, [])
    odd = tb.Table("x", "data", "Uji", cols, [], nomor="3.8/[a]:*?\\")
    assert od.sheet_name(long) == long.id[:31] and len(od.sheet_name(long)) == 31
    assert od.sheet_name(odd) == "Tabel 3.8--a-----"
    for table in (long, odd):  # Excel's rules are openpyxl's too: it writes and reads them back
        assert workbook(od.to_xlsx(table, report.metode)).sheetnames == [od.sheet_name(table), "Keterangan"]


def test_download_links_name_the_xlsx(built_site):
    html = (built_site.site / "2025" / "anggaran" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)">(CSV|JSON|XLSX)</a>', html)
    assert ("../data/realisasi-anggaran.xlsx", "XLSX") in links
    assert len([l for l in links if l[1] == "XLSX"]) == len([l for l in links if l[1] == "CSV"]) > 0
    data = (built_site.site / "2025" / "data" / "realisasi-anggaran.xlsx").read_bytes()
    assert workbook(data).worksheets[0].cell(row=67, column=6).value == 10036268000


# --- charts as files ----------------------------------------------------------------------------


def test_every_chart_is_a_file_identical_to_the_inline_chart(built_site):
    folder = built_site.site / "2025" / "grafik"
    files = sorted(p.name for p in folder.glob("*.svg"))
    assert files == ["anggaran-program-penyerapan.svg", "anggaran-program.svg", "capaian-iku.svg",
                     "renstra-iku-koperasi-berkualitas.svg", "renstra-iku-penempatan-pencaker.svg",
                     "renstra-iku-tata-kelola-perusahaan.svg", "renstra-iku-umkm-tangguh.svg", "tabel-jenis-kelamin.svg"]
    linked = {}
    for page in built_site.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'<a href="([^"]+\.svg)">Unduh grafik \(SVG\)</a>', html):
            target = (page.parent / href).resolve()
            svg = target.read_text(encoding="utf-8")
            assert svg.endswith("</svg>\n") and svg.rstrip("\n") in html, (page, href)  # byte for byte the chart shown
            linked[target.name] = page
    assert sorted(linked) == files
    assert linked["anggaran-program.svg"] == built_site.site / "2025" / "anggaran" / "index.html"
    assert scan.scan_site(built_site.site) == []
    for name in files:  # a standalone, well-formed SVG document
        root = ET.fromstring((folder / name).read_text(encoding="utf-8"))
        assert root.tag == NS + "svg" and root.get("role") == "img"


def test_scan_refuses_an_unsafe_svg_file(tmp_path):
    (tmp_path / "grafik").mkdir()
    (tmp_path / "grafik" / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
                                                '<use href="https://cdn.example/s.svg#a"/><rect fill="url(https://x.test/p)"/></svg>')
    problems = scan.scan_site(tmp_path)
    assert any("<script>" in p for p in problems) and any("cdn.example" in p for p in problems)
    assert any("url() ke luar berkas" in p for p in problems)
    assert all(p.startswith("grafik/x.svg: ") for p in problems)
    chart = charts.capaian_iku([charts.IkuItem("x", D(1), D(1), D(100))], chart_id="aman")
    assert scan.scan_svg(chart) == []


# --- the budget chart: penyerapan beside Rupiah -------------------------------------------------


def test_budget_chart_offers_penyerapan_beside_rupiah(report, built_site):
    table = report.tables["anggaran-program"]
    rupiah, serapan = render.grafik_svg(report, table)
    assert (rupiah.label, serapan.label) == ("Grafik (Rp)", "Penyerapan (%)")
    desc = ET.fromstring(serapan.svg).find(NS + "desc").text
    for program in table.grafik["items"]:
        assert f"{program.nama}: penyerapan {render.fmt.persen(program.persen)}." in desc
    assert "Program Hubungan Industrial: penyerapan 91,92%." in desc  # 836.129.151,00 of 909.622.967,50
    shown = [el.text for el in ET.fromstring(serapan.svg).iter(NS + "text")]
    assert {"91,92%", "100%"} <= set(shown)
    html = (built_site.site / "2025" / "anggaran" / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'<label for="__tabbed_\d+_\d+">([^<]+)</label>', html)
    assert tabs[:3] == ["Grafik (Rp)", "Penyerapan (%)", "Tabel"]


def test_penyerapan_bars_follow_the_computed_share():
    items = [charts.ProgramItem("A", D(200), D(100), D(50)), charts.ProgramItem("B", D(100), D(100), D(100)),
             charts.ProgramItem("C", D(0), D(0), None)]
    root = ET.fromstring(charts.penyerapan_program(items, chart_id="uji"))
    bars = [r for r in root.iter(NS + "rect") if r.get("fill") == charts.REALISASI]
    assert len(bars) == 2 and D(bars[1].get("width")) == 2 * D(bars[0].get("width"))
    line = next(el for el in root.iter(NS + "line") if el.get("stroke-dasharray"))
    assert D(line.get("x1")) == D(bars[0].get("x")) + D(bars[1].get("width"))  # the 100% line ends bar B
    assert "C: penyerapan tidak dapat dihitung." in root.find(NS + "desc").text


# --- the Renstra chart: a labelled y-axis -------------------------------------------------------


def test_renstra_chart_has_a_labelled_y_axis(report):
    iku = next(i for i in report.iku if i.id == "iku-penempatan-pencaker")
    (chart,) = render.renstra_svg(report, iku)
    root = ET.fromstring(chart.svg)
    shown = [el.text for el in root.iter(NS + "text")]
    assert "Nilai indikator (%)" in shown
    assert {"0", "20", "40", "60", "80"} <= set(shown)  # 45,00% to 60,97% on a scale from 0
    assert "Sumbu tegak: nilai indikator (%), dari 0 sampai 80." in root.find(NS + "desc").text
    assert root.get("viewBox").split()[2] == "360.00"  # still fits a phone


def test_renstra_axis_names_another_unit():
    svg = charts.lintasan_renstra([2025, 2026], [D(400), D(450)], [D(1619), None], chart_id="u", satuan="unit usaha")
    shown = [el.text for el in ET.fromstring(svg).iter(NS + "text")]
    assert "Nilai indikator (unit usaha)" in shown and {"0", "500", "1.000", "1.500", "2.000"} <= set(shown)


def test_axis_ticks_are_round():
    assert charts.axis_ticks(D(0), D("60.97")) == [0, 20, 40, 60, 80]
    assert charts.axis_ticks(D("-12.5"), D(10)) == [-20, -10, 0, 10]
    assert charts.axis_ticks(D(0), D("8.2")) == [0, D("2.5"), 5, D("7.5"), 10]
    assert charts.axis_ticks(D(5), D(5)) == [D(5), D("5.25"), D("5.5"), D("5.75"), D(6)]


# --- Rp never wraps from its amount; open data stays bare ---------------------------------------


def visible_html(html: str) -> str:
    """Page text outside inline charts and attribute values (tooltips), where a line can wrap."""
    html = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_rp_and_its_amount_never_part_on_the_site(built_site):
    seen = 0
    for page in built_site.site.rglob("*.html"):
        text = visible_html(page.read_text(encoding="utf-8"))
        assert not re.search(r"Rp\.?[ \t\n]+[0-9]", text), page
        seen += len(re.findall("Rp\u00a0[0-9]", text))
    assert seen > 500
    program = (built_site.site / "2025" / "akuntabilitas" / "program" / "prog-penempatan" / "index.html").read_text(encoding="utf-8")
    assert "realisasi Rp\u00a040.008.704,-" in program  # narrative typed in YAML with a plain space


def test_open_data_carries_bare_numbers(files):
    for path, content in files.items():
        if isinstance(content, str):
            assert "\u00a0" not in content, path  # number fields are bare numbers: tests/test_opendata.py
    package = json.loads(files["data/datapackage.json"])
    for resource in package["resources"]:  # every number field of every workbook is a number cell
        sheet = workbook(files[f"data/{resource['name']}.xlsx"]).worksheets[0]
        for index, field in enumerate(resource["schema"]["fields"], 1):
            cells = [c for c in next(sheet.iter_cols(min_col=index, max_col=index, min_row=2)) if c.value is not None]
            if field["type"] in ("number", "integer"):
                assert all(c.data_type == "n" for c in cells), (resource["name"], field["name"])
            if field["type"] == "boolean":
                assert all(isinstance(c.value, bool) for c in cells), (resource["name"], field["name"])
    rows = json.loads(files["data/realisasi-anggaran.json"], parse_float=D)
    assert rows[-1]["anggaran"] == D("10036268000.00")
