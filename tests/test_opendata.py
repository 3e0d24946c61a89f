"""Open data (lkjip.opendata) from the real 2025 report: the downloads say what the pages say,
because both are written from the same tables (lkjip.tabel)."""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal as D

import pytest

from lkjip import opendata as od
from lkjip import tabel as tb
from lkjip.build import Project, latest_report
from lkjip.numbers import round_half_up
from tests.conftest import ROOT

NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
INTEGER = re.compile(r"^-?[0-9]+$")
DOCUMENT_TABLES = {f"1.{i}" for i in range(1, 6)} | {f"2.{i}" for i in range(1, 9)} | {f"3.{i}" for i in range(1, 10)}


@pytest.fixture(scope="module")
def report():
    return latest_report(Project(ROOT))


@pytest.fixture(scope="module")
def downloads(report):
    return [t for t in report.tables.values() if t.unduh]


@pytest.fixture(scope="module")
def files(report, downloads):
    return od.files(report, downloads)


def by_nomor(downloads, nomor):
    return next(t for t in downloads if t.nomor == nomor and not t.lanjutan)


def csv_rows(report, table):
    return list(csv.DictReader(io.StringIO(od.to_csv(table, report.metode))))


def r2(value):
    return round_half_up(value, 2)


def test_every_table_of_the_document_and_the_findings(downloads, files):
    numbers = {t.nomor for t in downloads if t.nomor}
    assert numbers == DOCUMENT_TABLES
    for t in downloads:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t.id), t.id
        assert f"data/{t.id}.csv" in files and f"data/{t.id}.json" in files
        assert t.rows, t.id
    assert f"data/{od.TEMUAN}.csv" in files and "data/datapackage.json" in files and "data/lkjip-2025.json" in files
    assert not any(t.jenis == "halaman" for t in downloads)  # an item page's tables repeat others: no extra files


def test_tabel_3_8_total_row_and_tree(report, downloads):
    rows = csv_rows(report, by_nomor(downloads, "3.8"))
    total = [r for r in rows if r["tingkat"] == "total"]
    assert len(total) == 1 and rows[-1] is total[0]
    assert (total[0]["anggaran"], total[0]["realisasi"], total[0]["persen"]) == ("10036268000.00", "8767409001.00", "87.36")
    nodes = list(report.tree.nodes())
    assert [r["id"] for r in rows[:-1]] == [node.id for node in nodes]
    counts = {t: sum(1 for r in rows if r["tingkat"] == t) for t in ("bidang", "program", "kegiatan", "sub_kegiatan", "total")}
    assert counts == {"bidang": 5, "program": 7, "kegiatan": 17, "sub_kegiatan": 36, "total": 1}
    index = report.tree.index()
    for row in rows[:-1]:
        node = index[row["id"]]
        assert (D(row["anggaran"]), D(row["realisasi"]), D(row["persen"])) == (node.anggaran, node.realisasi, r2(node.persen)), node.id
        assert row["induk"] == ("" if node.tingkat == "bidang" else node.induk.id)
    leaves = [r for r in rows if r["tingkat"] == "sub_kegiatan"]
    assert sum(D(r["anggaran"]) for r in leaves) == D("10036268000.00")
    row = next(r for r in rows if r["id"] == "prog-penunjang")
    assert (row["tingkat"], row["nomor"], row["induk"], row["anggaran"], row["persen"]) == (
        "program", "1", "bidang-sekretariat", "6847986125.50", "85.08")


def test_tabel_3_2_carries_the_raw_facts(report, downloads):
    rows = {r["id"]: r for r in csv_rows(report, by_nomor(downloads, "3.2"))}
    assert set(rows) == {iku.id for iku in report.iku}
    row = rows["iku-penempatan-pencaker"]
    assert (row["pembilang"], row["penyebut"], row["target"], row["realisasi"], row["capaian"], row["kategori"], row["satuan"]) == (
        "503", "825", "45.00", "60.97", "135.49", "Sangat Baik", "%")
    for iku in report.iku:
        assert D(rows[iku.id]["capaian"]) == r2(iku.ukur.capaian)


def test_efficiency_and_allocation(report, downloads):
    eff = {r["id"]: r for r in csv_rows(report, by_nomor(downloads, "3.6"))}
    alloc = {r["id"]: r for r in csv_rows(report, by_nomor(downloads, "3.9"))}
    for iku in report.iku:
        assert D(eff[iku.id]["serapan"]) == r2(iku.penyerapan)
        assert D(eff[iku.id]["efisiensi"]) == r2(iku.efisiensi)
        assert eff[iku.id]["efisien"] == ("true" if iku.efisien else "false")
        assert D(alloc[iku.id]["anggaran"]) == iku.anggaran
    assert eff["iku-koperasi-berkualitas"]["efisiensi"] == "-0.60"  # a negative number is not neutralised
    assert (alloc["iku-penempatan-pencaker"]["anggaran"], alloc["iku-penempatan-pencaker"]["penyerapan"]) == ("321673135.00", "94.32")


def test_program_indicators(report, downloads):
    rows = csv_rows(report, by_nomor(downloads, "3.3"))
    assert [r["id"] for r in rows] == [p.id for p in report.program_strategis]
    for row, program in zip(rows, report.program_strategis):
        assert D(row["capaian"]) == r2(program.indikator.capaian)


def test_data_tables(report, downloads):
    assert csv_rows(report, by_nomor(downloads, "1.1"))[-1] == {
        "tingkat": "total", "nomor": "", "jabatan": "Jumlah", "formasi": "104", "terisi": "62", "keterangan": ""}
    jk = csv_rows(report, by_nomor(downloads, "1.2"))
    assert [(r["pegawai"], r["jumlah"]) for r in jk] == [("PNS", "25"), ("PPPK", "37"), ("Jumlah", "62")]
    aset = csv_rows(report, by_nomor(downloads, "1.4"))
    assert aset[-1]["total"] == str(sum(int(r["total"]) for r in aset if r["tingkat"] == "data")) == "465"
    t37 = csv_rows(report, by_nomor(downloads, "3.7"))
    assert t37[-1]["tingkat"] == "total" and int(t37[-1]["jumlah"]) == sum(int(r["jumlah"]) for r in t37 if r["tingkat"] == "data")


def test_budget_tables(report, downloads):
    t15 = csv_rows(report, by_nomor(downloads, "1.5"))
    assert t15[-1]["perubahan"] == "10036268000.00"
    assert next(r for r in t15 if r["id"] == "belanja-barang-jasa")["perubahan"] == "4409835595.93"
    t26 = csv_rows(report, by_nomor(downloads, "2.6"))
    porsi = {r["id"] or r["tingkat"]: r["porsi"] for r in t26}
    assert (porsi["belanja-operasi"], porsi["belanja-modal"], porsi["total"]) == ("99.25", "0.75", "100.00")
    t27 = csv_rows(report, by_nomor(downloads, "2.7"))
    assert t27[-1]["anggaran"] == str(report.per_sasaran["anggaran"].quantize(D("0.01")))
    assert next(r for r in t27 if r["id"] == "prog-umkm")["porsi"] == "14.07"
    t28 = csv_rows(report, by_nomor(downloads, "2.8"))
    assert sum(D(r["anggaran"]) for r in t28 if r["tingkat"] == "aksi" and r["anggaran"]) == D(t28[-1]["anggaran"]) == report.rencana_aksi["jumlah"]


def test_csv_is_machine_readable(report, downloads):
    for t in downloads:
        text = od.to_csv(t, report.metode)
        assert "\r\n" not in text
        parsed = list(csv.reader(io.StringIO(text)))
        spec = od.fields(t)
        assert parsed[0] == [name for name, _, _ in spec]
        assert len(parsed) == len(t.rows) + 1
        for line in parsed[1:]:
            for cell, (_, kind, _) in zip(line, spec):
                if cell == "":
                    continue
                if kind == "number":
                    assert NUMBER.match(cell), (t.id, cell)
                elif kind == "integer":
                    assert INTEGER.match(cell), (t.id, cell)
                elif kind == "boolean":
                    assert cell in ("true", "false")
                else:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (t.id, cell)


def test_csv_formula_cells_are_neutralised(report):
    cols = [tb.Column("teks", "Teks"), tb.Column("angka", "Angka", tb.BILANGAN)]
    rows = [tb.Row({"teks": tb.Cell('=HYPERLINK("http://x","klik")'), "angka": tb.Cell(D("-5.00"))}),
            tb.Row({"teks": tb.Cell("+62 741"), "angka": tb.Cell(D("0.10"))}),
            tb.Row({"teks": tb.Cell("biasa, dengan \"kutip\""), "angka": tb.Cell(D("10036268000.00"))})]
    table = tb.Table("uji", "data", "Uji", cols, rows)
    parsed = list(csv.reader(io.StringIO(od.to_csv(table, report.metode))))
    assert parsed[1] == ["'=HYPERLINK(\"http://x\",\"klik\")", "-5.00"]
    assert parsed[2] == ["'+62 741", "0.10"]
    assert parsed[3] == ["biasa, dengan \"kutip\"", "10036268000.00"]
    assert json.loads(od.to_json(table, report.metode))[0]["teks"].startswith("=")  # JSON keeps the text


def test_floats_are_refused():
    with pytest.raises(TypeError):
        od._json(0.1)


def test_json_numbers_are_exact(report, downloads):
    text = od.to_json(by_nomor(downloads, "3.8"), report.metode)
    assert '"anggaran": 10036268000.00' in text and '"persen": 87.36' in text
    for t in downloads:
        got = json.loads(od.to_json(t, report.metode), parse_float=D)
        for row, expected in zip(got, od.rows(t, report.metode)):
            assert row == {k: (int(v) if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in expected.items()}, t.id
            assert all(str(row[k]) == str(v) for k, v in expected.items() if isinstance(v, D)), t.id  # 60.97, never 60.970


def test_year_json(report, downloads):
    doc = json.loads(od.year_json(report, downloads, od.findings_table(report)), parse_float=D)
    meta = doc["laporan"]
    assert meta["tahun"] == 2025 and meta["tanggal"] == "2026-01-14" and meta["periode"] == {"jenis": "tahunan", "ke": None}
    assert meta["instansi"]["nama"] == report.instansi["nama"]
    assert meta["penandatangan"]["nama"] == "LIANA ANDRIANI, S.T.P., M.E."
    assert meta["metode"]["efisiensi"] == "capaian-dikurangi-serapan"
    assert [t["name"] for t in doc["tabel"]] == [t.id for t in downloads]
    t38 = next(t for t in doc["tabel"] if t["nomor"] == "3.8")
    assert t38["rows"][-1]["anggaran"] == D("10036268000.00") and t38["rows"][-1]["persen"] == D("87.36")
    assert len(doc["temuan"]["rows"]) == len(report.temuan) and doc["temuan"]["jumlah"] == report.jumlah_temuan


def test_findings(report):
    rows = csv_rows(report, od.findings_table(report))
    assert len(rows) == len(report.temuan) > 0
    assert {r["jenis"] for r in rows} == {"selisih", "pembulatan", "bertingkat"}
    assert all(r["lokasi"].startswith("content/") for r in rows)  # relative, the same on every machine
    first = rows[0]
    assert (first["kunci"], first["dinyatakan"], first["dinyatakan_angka"], first["dihitung_angka"]) == (
        "iku-penempatan-pencaker", "135,48%", "135.48", "135.49")


def test_datapackage_lists_every_csv(report, downloads, files):
    package = json.loads(files["data/datapackage.json"])
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    assert package["title"] and package["licenses"][0]["name"]
    assert [r["name"] for r in package["resources"]] == [t.id for t in downloads] + [od.TEMUAN]
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO(files[f"data/{resource['path']}"])))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert all(f["type"] in ("string", "integer", "number", "boolean") for f in resource["schema"]["fields"])


def test_output_is_deterministic(report, files):
    again = latest_report(Project(ROOT))
    assert od.files(again, [t for t in again.tables.values() if t.unduh]) == files


def test_frictionless_validates_the_package(files, tmp_path):
    import frictionless  # a test dependency: the reference implementation validates the package

    for path, content in files.items():
        target = tmp_path / path.removeprefix("data/")
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert result.valid, result.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
