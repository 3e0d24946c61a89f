"""Open data (generator/opendata.py) from the real 2025 report: the downloads say what the pages say."""
from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from lkjip import opendata as od
from lkjip.build import Project, latest_report
from lkjip.numbers import round_half_up

ROOT = Path(__file__).parent.parent

REQUIRED = {"1.1", "1.2", "1.3", "1.4", "1.5", "2.2", "2.4", "2.5", "2.6", "2.7", "2.8",
            "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9"}
NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
INTEGER = re.compile(r"^-?[0-9]+$")


@pytest.fixture(scope="module")
def report():
    return latest_report(Project(ROOT))


@pytest.fixture(scope="module")
def all_tables(report):
    return od.tables(report)


@pytest.fixture(scope="module")
def by_name(all_tables):
    return {t.name: t for t in all_tables}


def by_nomor(all_tables, nomor):
    return next(t for t in all_tables if t.nomor == nomor)


def csv_rows(table):
    return list(csv.DictReader(io.StringIO(od.to_csv(table))))


def r2(value):
    return round_half_up(value, 2)


# --- the set of tables --------------------------------------------------------------------------


def test_every_table_of_the_document_and_the_findings(all_tables):
    numbers = {t.nomor for t in all_tables if t.nomor}
    assert REQUIRED <= numbers
    assert numbers == set(f"1.{i}" for i in range(1, 6)) | set(f"2.{i}" for i in range(1, 9)) | set(f"3.{i}" for i in range(1, 10))
    names = [t.name for t in all_tables]
    assert len(names) == len(set(names))
    assert names[-1] == od.TEMUAN
    for t in all_tables:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", t.name), t.name
        if t.nomor:
            assert t.name.startswith("tabel-" + t.nomor.replace(".", "-") + "-"), t.name
        assert t.title and t.rows, t.name
        assert all(kind in od.TYPES for _, kind, _ in t.fields)


def test_rows_hold_exact_values_only(all_tables):
    for t in all_tables:
        for row in t.rows:
            assert list(row) == t.field_names, t.name
            for name, kind, _ in t.fields:
                value = row[name]
                assert not isinstance(value, float), (t.name, name)
                if value is None:
                    continue
                expected = {"string": str, "integer": int, "year": int, "boolean": bool, "number": (int, D)}[kind]
                assert isinstance(value, expected), (t.name, name, value)


# --- Tabel 3.8 ----------------------------------------------------------------------------------


def test_tabel_3_8_total_row(by_name):
    rows = csv_rows(by_name["tabel-3-8-realisasi-anggaran"])
    total = [r for r in rows if r["tingkat"] == "total"]
    assert len(total) == 1 and rows[-1] is total[0]
    assert total[0]["anggaran"] == "10036268000.00"
    assert total[0]["realisasi"] == "8767409001.00"
    assert total[0]["persen"] == "87.36"
    assert total[0]["sisa"] == "1268858999.00"


def test_tabel_3_8_is_the_whole_tree(report, by_name):
    rows = csv_rows(by_name["tabel-3-8-realisasi-anggaran"])
    nodes = list(report.tree.nodes())
    assert [r["id"] for r in rows[:-1]] == [node.id for node in nodes]
    counts = {t: sum(1 for r in rows if r["tingkat"] == t) for t in ("bidang", "program", "kegiatan", "sub_kegiatan", "total")}
    assert counts == {"bidang": 5, "program": 7, "kegiatan": 17, "sub_kegiatan": 36, "total": 1}
    index = report.tree.index()
    for row in rows[:-1]:
        node = index[row["id"]]
        assert D(row["anggaran"]) == node.anggaran, node.id
        assert D(row["realisasi"]) == node.realisasi, node.id
        assert D(row["persen"]) == r2(node.persen), node.id
        parent = row["induk"]
        if node.tingkat == "bidang":
            assert parent == ""
        else:
            assert node in index[parent].anak
    leaves = [r for r in rows if r["tingkat"] == "sub_kegiatan"]
    assert sum(D(r["anggaran"]) for r in leaves) == D("10036268000.00")
    assert sum(D(r["realisasi"]) for r in leaves) == D("8767409001.00")


def test_tabel_3_8_row_as_shown_on_the_site(by_name):
    row = next(r for r in csv_rows(by_name["tabel-3-8-realisasi-anggaran"]) if r["id"] == "prog-penunjang")
    assert (row["tingkat"], row["kode"], row["induk"]) == ("program", "1", "bidang-sekretariat")
    assert (row["anggaran"], row["realisasi"], row["persen"]) == ("6847986125.50", "5826197900.00", "85.08")


# --- Tabel 3.2 and the other indicator tables ---------------------------------------------------


def test_tabel_3_2_penempatan_pencaker(by_name):
    row = next(r for r in csv_rows(by_name["tabel-3-2-capaian-kinerja"]) if r["indikator_id"] == "iku-penempatan-pencaker")
    assert row["pembilang"] == "503"
    assert row["penyebut"] == "825"
    assert row["target"] == "45.00"
    assert row["realisasi"] == "60.97"
    assert row["capaian"] == "135.49"
    assert row["kategori"] == "Sangat Baik"


def test_indicator_numbers_equal_the_report(report, all_tables):
    rows = {r["indikator_id"]: r for r in csv_rows(by_nomor(all_tables, "3.2"))}
    assert set(rows) == {iku.id for iku in report.iku}
    for iku in report.iku:
        row = rows[iku.id]
        assert D(row["realisasi"]) == r2(iku.ukur.realisasi)
        assert D(row["capaian"]) == r2(iku.ukur.capaian)
        assert D(row["target"]) == iku.ukur.target
        assert row["kategori"] == iku.ukur.kategori
    eff = {r["indikator_id"]: r for r in csv_rows(by_nomor(all_tables, "3.6"))}
    alloc = {r["indikator_id"]: r for r in csv_rows(by_nomor(all_tables, "3.9"))}
    for iku in report.iku:
        assert D(eff[iku.id]["penyerapan"]) == r2(iku.penyerapan)
        assert D(eff[iku.id]["efisiensi"]) == r2(iku.efisiensi_tabel)
        assert eff[iku.id]["efisien"] == ("true" if iku.efisien else "false")
        assert D(alloc[iku.id]["anggaran"]) == iku.anggaran
        assert D(alloc[iku.id]["realisasi_anggaran"]) == iku.realisasi_anggaran
    assert alloc["iku-penempatan-pencaker"]["anggaran"] == "321673135.00"
    assert alloc["iku-penempatan-pencaker"]["penyerapan"] == "94.32"
    assert eff["iku-koperasi-berkualitas"]["selisih_capaian_penyerapan"] == "-0.60"  # a negative number is not neutralised


def test_program_indicators_tabel_3_3(report, all_tables):
    rows = csv_rows(by_nomor(all_tables, "3.3"))
    assert [r["program_id"] for r in rows] == [p.id for p in report.program_strategis]
    for row, program in zip(rows, report.program_strategis):
        assert D(row["capaian"]) == r2(program.indikator.capaian)


# --- staffing, assets, budget tables -------------------------------------------------------------


def test_staffing_and_asset_totals(all_tables):
    assert csv_rows(by_nomor(all_tables, "1.1"))[-1] == {
        "tingkat": "total", "no": "", "jabatan": "Jumlah", "formasi": "104", "terisi": "62", "keterangan": ""}
    jk = csv_rows(by_nomor(all_tables, "1.2"))
    assert [(r["pegawai"], r["jumlah"]) for r in jk] == [("PNS", "25"), ("PPPK", "37"), ("Jumlah", "62")]
    assert csv_rows(by_nomor(all_tables, "1.3"))[-1]["jumlah"] == "62"
    aset = csv_rows(by_nomor(all_tables, "1.4"))
    assert aset[-1]["total"] == str(sum(int(r["total"]) for r in aset if r["tingkat"] == "barang"))


def test_budget_tables(report, all_tables):
    t15 = csv_rows(by_nomor(all_tables, "1.5"))
    assert t15[-1]["anggaran"] == "10036268000.00"
    assert next(r for r in t15 if r["id"] == "belanja-barang-jasa")["anggaran"] == "4409835595.93"
    t26 = {r["id"]: r for r in csv_rows(by_nomor(all_tables, "2.6"))}
    assert (t26["belanja-operasi"]["porsi"], t26["belanja-modal"]["porsi"], t26["total"]["porsi"]) == ("99.25", "0.75", "100.00")
    t27 = csv_rows(by_nomor(all_tables, "2.7"))
    assert t27[-1]["anggaran"] == str(report.per_sasaran["anggaran"].quantize(D("0.01")))
    assert next(r for r in t27 if r["id"] == "prog-umkm")["porsi"] == "14.07"
    t28 = csv_rows(by_nomor(all_tables, "2.8"))
    subs = [r for r in t28 if r["tingkat"] == "sub_kegiatan"]
    assert sum(D(r["anggaran"]) for r in subs) == D(t28[-1]["anggaran"]) == report.rencana_aksi["jumlah"]
    sdm = next(r for r in subs if r["sub_kegiatan_id"] == "sub-sdm-umkm")
    assert sdm["anggaran"] == "215183340.00"
    t37 = csv_rows(by_nomor(all_tables, "3.7"))
    assert t37[-1]["tingkat"] == "total"
    assert int(t37[-1]["jumlah"]) == sum(int(r["jumlah"]) for r in t37 if r["tingkat"] == "barang")


# --- CSV format ---------------------------------------------------------------------------------


def test_csv_is_machine_readable(all_tables):
    for t in all_tables:
        text = od.to_csv(t)
        assert "\r\n" not in text  # "\n" line ends
        parsed = list(csv.reader(io.StringIO(text)))
        assert parsed[0] == t.field_names
        assert len(parsed) == len(t.rows) + 1
        kinds = [kind for _, kind, _ in t.fields]
        for line in parsed[1:]:
            assert len(line) == len(kinds)
            for cell, kind in zip(line, kinds):
                if cell == "":
                    continue
                if kind == "number":
                    assert NUMBER.match(cell), (t.name, cell)
                elif kind in ("integer", "year"):
                    assert INTEGER.match(cell), (t.name, cell)
                elif kind == "boolean":
                    assert cell in ("true", "false")
                else:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (t.name, cell)
        assert "Rp " not in "".join(c for line in parsed[1:] for c, k in zip(line, kinds) if k != "string")


def test_csv_formula_cells_are_neutralised():
    table = od._table("uji", None, "Uji", [("teks", "string", ""), ("angka", "number", ""), ("cacah", "integer", "")], [
        {"teks": "=HYPERLINK(\"http://x\",\"klik\")", "angka": D("-5.00"), "cacah": -3},
        {"teks": "+62 741", "angka": D("0.10"), "cacah": 0},
        {"teks": "-1", "angka": None, "cacah": None},
        {"teks": "@SUM(A1)", "angka": 7, "cacah": 1},
        {"teks": "biasa, dengan \"kutip\"", "angka": D("10036268000.00"), "cacah": 2},
    ])
    rows = list(csv.reader(io.StringIO(od.to_csv(table))))
    assert rows[1] == ["'=HYPERLINK(\"http://x\",\"klik\")", "-5.00", "-3"]
    assert rows[2] == ["'+62 741", "0.10", "0"]
    assert rows[3] == ["'-1", "", ""]
    assert rows[4] == ["'@SUM(A1)", "7", "1"]
    assert rows[5] == ["biasa, dengan \"kutip\"", "10036268000.00", "2"]
    assert '"biasa, dengan ""kutip"""' in od.to_csv(table)  # RFC 4180 quoting
    assert json.loads(od.to_json(table))[0]["teks"].startswith("=")  # JSON keeps the text


def test_floats_are_refused():
    with pytest.raises(TypeError):
        od._table("uji", None, "Uji", [("angka", "number", "")], [{"angka": 0.1}])


# --- JSON ---------------------------------------------------------------------------------------


def test_json_numbers_are_exact(all_tables):
    for t in all_tables:
        text = od.to_json(t)
        rows = json.loads(text, parse_float=D)
        assert len(rows) == len(t.rows)
        for got, row in zip(rows, t.rows):
            assert list(got) == t.field_names
            for name, kind, _ in t.fields:
                if kind == "number" and isinstance(row[name], D):
                    assert got[name] == row[name] and str(got[name]) == str(row[name]), (t.name, name)
                else:
                    assert got[name] == row[name], (t.name, name)
    text = od.to_json(by_nomor(all_tables, "3.8"))
    assert '"anggaran": 10036268000.00' in text and '"persen": 87.36' in text


def test_year_json(report, all_tables):
    doc = json.loads(od.year_json(report, all_tables), parse_float=D)
    meta = doc["laporan"]
    assert meta["tahun"] == 2025 and meta["tanggal"] == "2026-01-14"
    assert meta["instansi"]["nama"] == report.organisasi["nama"]
    assert meta["kepala"]["nama"] == report.organisasi["kepala"]["nama"]
    assert [t["name"] for t in doc["tabel"]] == [t.name for t in all_tables if t.name != od.TEMUAN]
    t38 = next(t for t in doc["tabel"] if t["nomor"] == "3.8")
    assert t38["rows"][-1]["anggaran"] == D("10036268000.00") and t38["rows"][-1]["persen"] == D("87.36")
    assert len(doc["temuan"]["rows"]) == len(report.temuan)
    assert doc["temuan"]["jumlah"] == report.jumlah_temuan


def test_findings(report, by_name):
    rows = csv_rows(by_name[od.TEMUAN])
    assert len(rows) == len(report.temuan) > 0
    assert {r["jenis"] for r in rows} <= {"selisih", "pembulatan"}
    for row in rows:
        assert row["lokasi"].startswith("content/"), row["lokasi"]  # relative, the same on every machine
    first = rows[0]
    assert (first["kunci"], first["dinyatakan"], first["dinyatakan_angka"], first["dihitung_angka"]) == (
        "iku-penempatan-pencaker", "135,48%", "135.48", "135.49")
    assert od.angka_dari_teks("Rp 10.036.268.000,00") == D("10036268000.00")
    assert od.angka_dari_teks("1.010") == D(1010)
    assert od.angka_dari_teks("“satu” (1)") is None


# --- Data Package -------------------------------------------------------------------------------


def test_datapackage_lists_every_csv(report, all_tables):
    package = json.loads(od.datapackage(report, all_tables, path_prefix="data/2025/"))
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    assert package["title"] and package["licenses"] and package["licenses"][0]["name"]
    assert [r["name"] for r in package["resources"]] == [t.name for t in all_tables]
    for resource, table in zip(package["resources"], all_tables):
        assert resource["path"] == f"data/2025/{table.name}.csv"
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
        header = next(csv.reader(io.StringIO(od.to_csv(table))))
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        assert all(set(f) == {"name", "type", "description"} and f["type"] in od.TYPES for f in resource["schema"]["fields"])
    with pytest.raises(ValueError):
        od.datapackage(report, all_tables, path_prefix="../x/")


def test_output_is_deterministic(report, all_tables):
    again = latest_report(Project(ROOT))
    second = od.tables(again)
    assert [od.to_csv(t) for t in all_tables] == [od.to_csv(t) for t in second]
    assert [od.to_json(t) for t in all_tables] == [od.to_json(t) for t in second]
    assert od.year_json(report, all_tables) == od.year_json(again, second)
    assert od.datapackage(report, all_tables) == od.datapackage(again, second)


def test_frictionless_validates_the_package(report, all_tables, tmp_path):
    import frictionless  # a test dependency: the reference implementation validates the package
    for t in all_tables:
        (tmp_path / f"{t.name}.csv").write_text(od.to_csv(t), encoding="utf-8")
    (tmp_path / "datapackage.json").write_text(od.datapackage(report, all_tables), encoding="utf-8")
    result = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert result.valid, result.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
