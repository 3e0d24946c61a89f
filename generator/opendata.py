"""Open data: every table of the report as CSV and JSON, plus a Frictionless Data Package descriptor.

Pure functions (no file or network access): a computed `compute.Report` in, text out, so downloads
come from the same computed model as the pages and always say the same numbers.

Conventions (the same in every table):

* Numbers are machine-readable: a dot as decimal separator, no thousands separator, no unit:
  `10036268000.00`, `60.97`. Money (rupiah) is exact to the sen (two decimals); percentages,
  capaian, porsi, penyerapan and efficiency figures are rounded half-up to two decimals, as the
  site shows them. Counts are integers. An indicator value in another unit (e.g. 157 unit usaha)
  is written as typed in the content. A figure that cannot be computed is empty (JSON null).
* Totals and subtotals are rows of their own. Every table that has them carries a `tingkat`
  column: the level of the row (`bidang`, `program`, `kegiatan`, `sub_kegiatan`, `kelompok`,
  `rincian`, `sasaran`, `aksi`, ...) and `total` for the grand total. Rows of a higher level are
  roll-ups of the rows below them, so sum only one level (e.g. `tingkat == "sub_kegiatan"`).
  Hierarchical tables carry `id` (the stable content id) and `induk` (the parent's id).
* CSV: UTF-8 without BOM, header row, comma separator, RFC 4180 quoting, "\\n" line ends.
  A text cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single
  quote so that spreadsheets never run it as a formula; number cells are never touched. JSON
  keeps the text unchanged.
* Output is deterministic: fixed table, column and row order, no timestamps.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import numbers as n
from .problems import format_path

PERSEN_PLACES = 2  # percentages as the site shows them
RUPIAH_PLACES = 2  # money exact to the sen
TYPES = ("string", "integer", "number", "boolean", "year")
TEMUAN = "temuan-kualitas-data"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NAME = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*$")


@dataclass
class Table:
    """One table of the report as open data."""

    name: str  # stable slug, the file name without extension: "tabel-3-8-realisasi-anggaran"
    nomor: str | None  # the table's number in the document ("3.8"), None for unnumbered tables
    title: str  # Indonesian title
    fields: list  # [(name, type, description)], Frictionless types
    rows: list  # [dict] with Decimal / int / str / bool / None values, keys in field order
    description: str = ""  # how to read the rows (levels, totals), for the Data Package

    @property
    def field_names(self) -> list[str]:
        return [name for name, _, _ in self.fields]


# --- values -------------------------------------------------------------------------------------


def _pct(value) -> Decimal | None:
    return n.round_half_up(Decimal(value), PERSEN_PLACES) if value is not None else None


def _rp(value) -> Decimal | None:
    return n.round_half_up(Decimal(value), RUPIAH_PLACES) if value is not None else None


def _computed(m) -> bool:
    return m.rumus.get("jenis", "langsung") in ("rasio", "pertumbuhan")


def _nilai(m, value, computed: bool = False) -> Decimal | None:
    """An indicator's target or realisation: percentages (and computed ratios) rounded like the
    site, a value in another unit exactly as typed."""
    if value is None:
        return None
    if m.persen or computed:
        return _pct(value)
    return Decimal(value)


def _coerce(value, kind: str, where: str):
    if value is None:
        return None
    if isinstance(value, float):
        raise TypeError(f"{where}: float given where an exact number is needed")
    if kind == "string":
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError(f"{where}: {value!r} is not text")
        return str(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise TypeError(f"{where}: {value!r} is not a boolean")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"{where}: {value!r} is not a number")
    if kind in ("integer", "year"):
        if Decimal(value) != Decimal(value).to_integral_value():
            raise ValueError(f"{where}: {value!r} is not a whole number")
        return int(value)
    if not Decimal(value).is_finite():
        raise ValueError(f"{where}: {value!r} is not a finite number")
    return value


def _table(name, nomor, title, fields, rows, description="") -> Table:
    """A Table with every row checked against its fields: same keys, same order, exact types."""
    if not _NAME.match(name):
        raise ValueError(f"{name!r} is not a valid table name")
    names = [f[0] for f in fields]
    if len(set(names)) != len(names):
        raise ValueError(f"{name}: duplicate field names")
    for _, kind, _ in fields:
        if kind not in TYPES:
            raise ValueError(f"{name}: unknown field type {kind!r}")
    checked = []
    for index, row in enumerate(rows):
        extra = set(row) - set(names)
        if extra:
            raise ValueError(f"{name} row {index}: unknown fields {sorted(extra)}")
        checked.append({f: _coerce(row.get(f), kind, f"{name} row {index} {f}") for f, kind, _ in fields})
    return Table(name=name, nomor=nomor, title=title, fields=list(fields), rows=checked, description=description)


def _judul(report, nomor: str, fallback: str) -> str:
    return report.judul_tabel.get(nomor, fallback)


# Frequently used field definitions.
TINGKAT = ("tingkat", "string", "Tingkat baris; 'total' untuk baris jumlah keseluruhan")
NO = ("no", "integer", "Nomor urut seperti di tabel")
ANGGARAN = ("anggaran", "number", "Anggaran (rupiah, sampai sen)")
PORSI = ("porsi", "number", "Porsi anggaran (persen, dibulatkan setengah ke atas 2 desimal)")

_UKUR_FIELDS = [
    ("satuan", "string", "Satuan indikator"),
    ("arah", "string", "naik: makin tinggi makin baik; turun: makin rendah makin baik"),
    ("rumus_jenis", "string", "rasio, pertumbuhan atau langsung"),
    ("rumus", "string", "Rumus realisasi seperti tertulis"),
    ("pembilang", "number", "Data mentah: pembilang (rumus rasio)"),
    ("penyebut", "number", "Data mentah: penyebut (rumus rasio)"),
    ("nilai_awal", "number", "Data mentah: nilai awal (rumus pertumbuhan)"),
    ("nilai_akhir", "number", "Data mentah: nilai akhir (rumus pertumbuhan)"),
    ("target", "number", "Target (dalam satuan indikator)"),
    ("realisasi", "number", "Realisasi (dalam satuan indikator; persen dibulatkan 2 desimal)"),
    ("capaian", "number", "Capaian = realisasi terhadap target (persen, 2 desimal)"),
    ("kategori", "string", "Kategori skala peringkat capaian (Tabel 3.1)"),
]


def _ukur(m) -> dict:
    rumus = m.rumus
    teks = rumus.get("teks")
    if not teks and rumus.get("pembilang") and rumus.get("penyebut"):
        teks = f"{rumus['pembilang']} / {rumus['penyebut']} x 100%"
    return {
        "satuan": m.satuan, "arah": m.arah, "rumus_jenis": rumus.get("jenis", "langsung"), "rumus": teks,
        "pembilang": m.fakta.get("pembilang"), "penyebut": m.fakta.get("penyebut"),
        "nilai_awal": m.fakta.get("nilai_awal"), "nilai_akhir": m.fakta.get("nilai_akhir"),
        "target": _nilai(m, m.target), "realisasi": _nilai(m, m.realisasi, _computed(m)),
        "capaian": _pct(m.capaian), "kategori": m.kategori,
    }


# --- Bab I --------------------------------------------------------------------------------------


def _tabel_1_1(report) -> Table:
    t = report.kepegawaian["jabatan"]
    rows = [{"tingkat": "baris", "no": i, "jabatan": b["jabatan"], "formasi": b.get("formasi"), "terisi": b.get("terisi"),
             "keterangan": b.get("keterangan")} for i, b in enumerate(t["baris"], 1)]
    rows.append({"tingkat": "total", "jabatan": "Jumlah", **t["total"]})
    return _table("tabel-1-1-pegawai-menurut-jabatan", "1.1", _judul(report, "1.1", t["judul"]), [
        TINGKAT, NO, ("jabatan", "string", "Klasifikasi jabatan"), ("formasi", "integer", "Jumlah formasi"),
        ("terisi", "integer", "Jumlah formasi terisi"), ("keterangan", "string", "Keterangan seperti tertulis"),
    ], rows, "Baris 'total' menjumlahkan semua baris.")


def _tabel_1_2(report) -> Table:
    t = report.kepegawaian["jenis_kelamin"]
    rows = [{"tingkat": "baris", "no": i, "pegawai": b["pegawai"], "laki_laki": b.get("laki_laki"),
             "perempuan": b.get("perempuan"), "jumlah": b["jumlah"]} for i, b in enumerate(t["baris"], 1)]
    rows.append({"tingkat": "total", "pegawai": "Jumlah", **t["total"]})
    return _table("tabel-1-2-pegawai-menurut-jenis-kelamin", "1.2", _judul(report, "1.2", t["judul"]), [
        TINGKAT, NO, ("pegawai", "string", "Jenis pegawai (PNS, PPPK)"), ("laki_laki", "integer", "Jumlah laki-laki"),
        ("perempuan", "integer", "Jumlah perempuan"), ("jumlah", "integer", "Laki-laki + perempuan (dihitung)"),
    ], rows, "Kolom jumlah dan baris 'total' dihitung dari data mentah.")


def _tabel_1_3(report) -> Table:
    t = report.kepegawaian["pangkat"]
    rows = [{"tingkat": "baris", "no": i, "golongan": b["golongan"], "jumlah": b["jumlah"]} for i, b in enumerate(t["baris"], 1)]
    rows.append({"tingkat": "total", "golongan": "Jumlah", **t["total"]})
    return _table("tabel-1-3-pegawai-menurut-pangkat", "1.3", _judul(report, "1.3", t["judul"]), [
        TINGKAT, NO, ("golongan", "string", "Pangkat/golongan"), ("jumlah", "integer", "Jumlah pegawai"),
    ], rows, "Baris 'total' menjumlahkan semua baris.")


def _tabel_1_4(report) -> Table:
    aset = report.aset
    rows = []
    for g in aset["kelompok"]:
        rows.append({"tingkat": "kelompok", "kode": g["kode"], "induk": None, "nama": g["nama"], **g["jumlah"]})
        for i, b in enumerate(g["barang"], 1):
            rows.append({"tingkat": "barang", "kode": f"{g['kode']}.{i}", "induk": g["kode"], "nama": b["nama"],
                         "b": b.get("b"), "rr": b.get("rr"), "rb": b.get("rb"), "total": b["total"]})
    rows.append({"tingkat": "total", "kode": None, "induk": None, "nama": "Jumlah", **aset["jumlah"]})
    return _table("tabel-1-4-aset", "1.4", _judul(report, "1.4", aset["judul"]), [
        TINGKAT, ("kode", "string", "Kode kelompok (A, B) atau kode barang (A.1)"),
        ("induk", "string", "Kode kelompok barang"), ("nama", "string", "Kelompok atau nama barang"),
        ("b", "integer", "Kondisi baik"), ("rr", "integer", "Kondisi rusak ringan"), ("rb", "integer", "Kondisi rusak berat"),
        ("total", "integer", "B + RR + RB (dihitung)"),
    ], rows, "Baris 'kelompok' menjumlahkan barang di kelompoknya; baris 'total' menjumlahkan semua barang.")


def _tabel_1_5(report) -> Table:
    b = report.belanja
    rows = []
    for i, g in enumerate(b["kelompok"], 1):
        rows.append({"tingkat": "kelompok", "kode": str(i), "id": g["id"], "induk": None, "nama": g["nama"],
                     "anggaran": _rp(g["perubahan"])})
        for j, line in enumerate(g["rincian"], 1):
            rows.append({"tingkat": "rincian", "kode": f"{i}.{j}", "id": line["id"], "induk": g["id"], "nama": line["nama"],
                         "anggaran": _rp(line.get("perubahan"))})
    rows.append({"tingkat": "total", "id": "total", "nama": "Total Anggaran", "anggaran": _rp(b["perubahan"])})
    return _table("tabel-1-5-keuangan", "1.5", _judul(report, "1.5", f"Anggaran Tahun {report.tahun}"), [
        TINGKAT, ("kode", "string", "Nomor kelompok / rincian"), ("id", "string", "ID jenis belanja"),
        ("induk", "string", "ID kelompok belanja"), ("nama", "string", "Jenis belanja"),
        ("anggaran", "number", "Anggaran perubahan (rupiah, sampai sen)"),
    ], rows, "Anggaran perubahan. Baris 'kelompok' menjumlahkan rinciannya; baris 'total' menjumlahkan semua kelompok.")


def _anggaran_murni(report) -> Table:
    b = report.belanja
    rows = [{"tingkat": "kelompok", "id": g["id"], "nama": g["nama"], "murni": _rp(g.get("murni")),
             "perubahan": _rp(g["perubahan"])} for g in b["kelompok"]]
    rows.append({"tingkat": "total", "id": "total", "nama": "Jumlah", "murni": _rp(b["murni"]), "perubahan": _rp(b["perubahan"])})
    return _table("anggaran-murni-dan-perubahan", None, f"Anggaran Murni dan Perubahan Tahun {report.tahun}", [
        TINGKAT, ("id", "string", "ID kelompok belanja"), ("nama", "string", "Jenis belanja"),
        ("murni", "number", "Anggaran murni (rupiah, sampai sen)"),
        ("perubahan", "number", "Anggaran perubahan (rupiah, sampai sen)"),
    ], rows, "Uraian 1.6 dan 2.3. Baris 'total' menjumlahkan semua kelompok.")


# --- Bab II -------------------------------------------------------------------------------------


def _misi_rpjmd(report) -> Table:
    rp = report.perencanaan["rpjmd"]
    rows = [{"nomor": m["nomor"], "misi": m["nama"], "didukung_dinas": m["nomor"] == rp.get("misi_didukung")} for m in rp["misi"]]
    return _table("rpjmd-misi", None, f"Misi RPJMD {rp['periode']['mulai']}-{rp['periode']['akhir']}", [
        ("nomor", "integer", "Nomor misi"), ("misi", "string", "Misi"),
        ("didukung_dinas", "boolean", "Misi yang didukung perangkat daerah"),
    ], rows)


def _tabel_2_1(report) -> Table:
    rp = report.perencanaan["rpjmd"]
    didukung = set(rp.get("sasaran_didukung", []))
    rows = [{"nomor": s["nomor"], "sasaran": s["nama"], "indikator": s["indikator"], "didukung_dinas": s["nomor"] in didukung}
            for s in rp["sasaran_misi"]]
    return _table("tabel-2-1-sasaran-rpjmd", "2.1", _judul(report, "2.1", "Sasaran Strategis Berdasarkan RPJMD"), [
        ("nomor", "integer", "Nomor sasaran"), ("sasaran", "string", "Sasaran misi"), ("indikator", "string", "Indikator sasaran"),
        ("didukung_dinas", "boolean", "Sasaran yang didukung perangkat daerah"),
    ], rows, f"Sasaran dan indikator misi ke-{rp.get('misi_didukung')}.")


def _tabel_2_2(report) -> Table:
    rs = report.perencanaan["renstra"]
    years = report.tahun_renstra
    rows = []

    def row(tingkat, ident, induk, kode, nama, satuan=None, target=None):
        result = {"tingkat": tingkat, "id": ident, "induk": induk, "kode": kode, "nama": nama, "satuan": satuan}
        for y in years:
            value = (target or {}).get(str(y))
            result[f"target_{y}"] = (_pct(value) if (satuan or "").strip() == "%" else value) if value is not None else None
        return result

    for t in rs["tujuan"]:
        rows.append(row("tujuan", t["id"], None, t.get("nomor"), t["nama"]))
        for i in t["indikator"]:
            rows.append(row("indikator_tujuan", i["id"], t["id"], i.get("kode"), i["nama"], i.get("satuan"), i.get("target")))
    for s in rs["sasaran"]:
        rows.append(row("sasaran", s["id"], s.get("tujuan"), s.get("nomor"), s["nama"]))
        for i in s["indikator"]:
            rows.append(row("indikator_sasaran", i["id"], s["id"], i.get("kode"), i["nama"], i.get("satuan"), i.get("target")))
    return _table("tabel-2-2-sasaran-renstra", "2.2", _judul(report, "2.2", "Sasaran Strategis Berdasarkan Renstra"), [
        ("tingkat", "string", "tujuan, indikator_tujuan, sasaran atau indikator_sasaran"),
        ("id", "string", "ID"), ("induk", "string", "ID tujuan atau sasaran induk"), ("kode", "string", "Kode seperti tertulis"),
        ("nama", "string", "Tujuan, sasaran atau indikator"), ("satuan", "string", "Satuan indikator"),
        *[(f"target_{y}", "number", f"Target {y}") for y in years],
    ], rows, f"Renstra {years[0]}-{years[-1]}; kondisi akhir = target tahun terakhir.")


def _tabel_2_3(report) -> Table:
    names = report.names
    rows = []
    for s in report.perencanaan["kaskade"]:
        rows.append({"tingkat": "sasaran", "kode": s.get("nomor"), "id": s["sasaran"], "induk": None, "nama": names.get(s["sasaran"])})
        for p in s.get("program", []):
            rows.append({"tingkat": "program", "kode": p.get("kode"), "id": p["program"], "induk": s["sasaran"], "nama": names.get(p["program"])})
            for k in p.get("kegiatan") or []:
                rows.append({"tingkat": "kegiatan", "kode": k.get("kode"), "id": k["kegiatan"], "induk": p["program"],
                             "nama": names.get(k["kegiatan"])})
                for sk in k.get("sub_kegiatan") or []:
                    rows.append({"tingkat": "sub_kegiatan", "kode": sk.get("kode"), "id": sk["sub_kegiatan"], "induk": k["kegiatan"],
                                 "nama": names.get(sk["sub_kegiatan"])})
    return _table("tabel-2-3-sasaran-program-kegiatan", "2.3", _judul(report, "2.3", "Sasaran Program dan Kegiatan"), [
        ("tingkat", "string", "sasaran, program, kegiatan atau sub_kegiatan"), ("kode", "string", "Kode seperti tertulis di dokumen"),
        ("id", "string", "ID"), ("induk", "string", "ID baris induk"), ("nama", "string", "Nama"),
    ], rows, "Kode ditulis seperti di dokumen (bisa berulang); gunakan id dan induk untuk hierarki.")


def _tabel_2_4(report) -> Table:
    pk = report.perencanaan["perjanjian_kinerja"]
    rows = []
    for i, t in enumerate(pk["target"], 1):
        value = t.get("target")
        rows.append({"no": i, "sasaran_id": t["sasaran"], "sasaran": report.names.get(t["sasaran"]), "indikator_id": t["indikator"],
                     "indikator": report.names.get(t["indikator"]), "satuan": t.get("satuan"),
                     "target": _pct(value) if (t.get("satuan") or "").strip() == "%" else value})
    return _table("tabel-2-4-perjanjian-kinerja", "2.4", _judul(report, "2.4", f"Perjanjian Kinerja Tahun {report.tahun}"), [
        NO, ("sasaran_id", "string", "ID sasaran strategis"), ("sasaran", "string", "Sasaran strategis"),
        ("indikator_id", "string", "ID indikator kinerja"), ("indikator", "string", "Indikator kinerja"),
        ("satuan", "string", "Satuan"), ("target", "number", f"Target {report.tahun}"),
    ], rows)


def _tabel_2_5(report) -> Table:
    rows = []
    for i, t in enumerate(report.perencanaan["target_program"]["program"], 1):
        value = t.get("target")
        rows.append({"no": i, "program_id": t["program"], "program": report.names.get(t["program"]), "indikator": t.get("indikator"),
                     "satuan": t.get("satuan"), "target": _pct(value) if (t.get("satuan") or "").strip() == "%" else value})
    return _table("tabel-2-5-target-program", "2.5", _judul(report, "2.5", f"Target Kinerja Program Tahun {report.tahun}"), [
        NO, ("program_id", "string", "ID program"), ("program", "string", "Program"), ("indikator", "string", "Indikator program"),
        ("satuan", "string", "Satuan"), ("target", "number", f"Target {report.tahun}"),
    ], rows)


def _tabel_2_6(report) -> Table:
    b = report.belanja
    rows = []
    for i, g in enumerate(b["kelompok"], 1):
        rows.append({"tingkat": "kelompok", "kode": str(i), "id": g["id"], "induk": None, "nama": g["nama"],
                     "anggaran": _rp(g["perubahan"]), "porsi": _pct(g["porsi"])})
        for j, line in enumerate(g["rincian"], 1):
            rows.append({"tingkat": "rincian", "kode": f"{i}.{j}", "id": line["id"], "induk": g["id"], "nama": line["nama"],
                         "anggaran": _rp(line.get("perubahan")), "porsi": _pct(line["porsi"])})
    rows.append({"tingkat": "total", "id": "total", "nama": "Jumlah", "anggaran": _rp(b["perubahan"]),
                 "porsi": _pct(n.percent(b["perubahan"], b["perubahan"]))})
    return _table("tabel-2-6-target-belanja", "2.6", _judul(report, "2.6", "Target Belanja APBD Perubahan"), [
        TINGKAT, ("kode", "string", "Nomor kelompok / rincian"), ("id", "string", "ID jenis belanja"),
        ("induk", "string", "ID kelompok belanja"), ("nama", "string", "Jenis belanja"),
        ("anggaran", "number", "Anggaran perubahan (rupiah, sampai sen)"),
        ("porsi", "number", "Porsi (persen, 2 desimal): rincian terhadap kelompoknya, kelompok terhadap jumlah"),
    ], rows, "Porsi baris rincian dihitung terhadap kelompoknya, porsi kelompok terhadap jumlah keseluruhan.")


def _tabel_2_7(report) -> Table:
    ps = report.per_sasaran
    rows = []
    for s in ps["sasaran"]:
        rows.append({"tingkat": "sasaran", "kode": s.get("nomor"), "id": s["sasaran"], "induk": None, "nama": s["nama"],
                     "anggaran": _rp(s["anggaran"]), "porsi": _pct(s["porsi"])})
        for p in s["program"]:
            rows.append({"tingkat": "program", "kode": p.get("kode"), "id": p["program"], "induk": s["sasaran"], "nama": p["nama"],
                         "anggaran": _rp(p["anggaran"]), "porsi": _pct(p["porsi"])})
    rows.append({"tingkat": "total", "id": "total", "nama": "Jumlah", "anggaran": _rp(ps["anggaran"]), "porsi": _pct(ps["porsi"])})
    return _table("tabel-2-7-anggaran-per-sasaran", "2.7", _judul(report, "2.7", "Anggaran Belanja Per Sasaran Strategis"), [
        ("tingkat", "string", "sasaran, program atau total"), ("kode", "string", "Nomor seperti tertulis"), ("id", "string", "ID"),
        ("induk", "string", "ID sasaran"), ("nama", "string", "Sasaran atau program"),
        ("anggaran", "number", "Anggaran (rupiah, sampai sen) = jumlah sub kegiatan program di Tabel 3.8"),
        ("porsi", "number", "Porsi terhadap total anggaran Tabel 3.8 (persen, 2 desimal)"),
    ], rows, "Anggaran program = jumlah sub kegiatannya di Tabel 3.8; baris 'sasaran' menjumlahkan programnya.")


def _tabel_2_8(report) -> Table:
    names = report.names
    rows = []
    for b in report.rencana_aksi["baris"]:
        ids = {"no": b.get("nomor"), "program_id": b["program"], "program": names.get(b["program"]), "kegiatan_id": b["kegiatan"],
               "kegiatan": names.get(b["kegiatan"]), "sub_kegiatan_id": b["sub_kegiatan"], "sub_kegiatan": names.get(b["sub_kegiatan"]),
               "penanggung_jawab": b.get("penanggung_jawab")}
        rows.append({"tingkat": "sub_kegiatan", **ids, "aksi": None, "anggaran": _rp(b["jumlah"])})
        for a in b["aksi"]:
            rows.append({"tingkat": "aksi", **ids, "aksi": a["uraian"], "anggaran": _rp(a.get("anggaran"))})
    rows.append({"tingkat": "total", "aksi": "Jumlah", "anggaran": _rp(report.rencana_aksi["jumlah"])})
    return _table("tabel-2-8-rencana-aksi", "2.8", _judul(report, "2.8", "Rencana Aksi Perjanjian Kinerja"), [
        ("tingkat", "string", "sub_kegiatan, aksi atau total"), ("no", "integer", "Nomor seperti tertulis"),
        ("program_id", "string", "ID program"), ("program", "string", "Program"), ("kegiatan_id", "string", "ID kegiatan"),
        ("kegiatan", "string", "Kegiatan"), ("sub_kegiatan_id", "string", "ID sub kegiatan"), ("sub_kegiatan", "string", "Sub kegiatan"),
        ("aksi", "string", "Rencana aksi"),
        ("anggaran", "number", "Anggaran (rupiah, sampai sen); baris sub_kegiatan: jumlah aksinya ditambah anggaran bersama"),
        ("penanggung_jawab", "string", "Penanggung jawab"),
    ], rows, "Satu baris 'sub_kegiatan' per baris rencana aksi (anggarannya = jumlah aksi, termasuk anggaran yang ditulis untuk "
             "beberapa aksi sekaligus), diikuti baris 'aksi'; aksi tanpa anggaran sendiri kosong. Baris 'total' = jumlah baris sub_kegiatan.")


# --- Bab III ------------------------------------------------------------------------------------


def _tabel_3_1(report) -> Table:
    skala = report.kinerja["skala_capaian"]
    rows = [{"no": i, "kategori": c["nama"], "batas_bawah": _pct(c["batas_bawah"]), "rentang_dinyatakan": c.get("rentang_dinyatakan")}
            for i, c in enumerate(skala["kategori"], 1)]
    return _table("tabel-3-1-skala-capaian", "3.1", _judul(report, "3.1", skala.get("judul_tabel", "Skala Capaian")), [
        NO, ("kategori", "string", "Kategori"), ("batas_bawah", "number", "Capaian mulai dari (persen, inklusif)"),
        ("rentang_dinyatakan", "string", "Rentang seperti tertulis di dokumen"),
    ], rows, f"Dasar: {skala.get('dasar', '')}. Kategori = kategori tertinggi yang batas bawahnya dicapai capaian (dibulatkan {report.places} desimal).")


def _tabel_3_2(report) -> Table:
    rows = [{"no": i, "sasaran_id": iku.sasaran["id"], "sasaran": iku.sasaran["nama"], "indikator_id": iku.id,
             "indikator": iku.ukur.nama, **_ukur(iku.ukur)} for i, iku in enumerate(report.iku, 1)]
    return _table("tabel-3-2-capaian-kinerja", "3.2", _judul(report, "3.2", f"Capaian Kinerja Tahun {report.tahun}"), [
        NO, ("sasaran_id", "string", "ID sasaran strategis"), ("sasaran", "string", "Sasaran strategis"),
        ("indikator_id", "string", "ID indikator kinerja utama"), ("indikator", "string", "Indikator sasaran"), *_UKUR_FIELDS,
    ], rows, "Target dari Perjanjian Kinerja; realisasi, capaian dan kategori dihitung dari data mentah.")


def _tabel_3_3(report) -> Table:
    rows = [{"no": i, "program_id": p.id, "program": p.nama, "indikator_id": p.indikator.id, "indikator": p.indikator.nama,
             **_ukur(p.indikator)} for i, p in enumerate(report.program_strategis, 1)]
    return _table("tabel-3-3-kinerja-program", "3.3", _judul(report, "3.3", f"Pengukuran Kinerja Program Tahun {report.tahun}"), [
        NO, ("program_id", "string", "ID program"), ("program", "string", "Program"), ("indikator_id", "string", "ID indikator program"),
        ("indikator", "string", "Indikator program"), *_UKUR_FIELDS,
    ], rows)


def _indikator_kegiatan(report) -> Table:
    rows = [{"tingkat": node.tingkat, "id": node.id, "nama": node.nama, "indikator_id": node.indikator.id,
             "indikator": node.indikator.nama, **_ukur(node.indikator)}
            for node in report.tree.nodes() if node.indikator is not None]
    return _table("indikator-program-kegiatan", None, f"Indikator Program, Kegiatan dan Sub Kegiatan Tahun {report.tahun}", [
        ("tingkat", "string", "program, kegiatan atau sub_kegiatan"), ("id", "string", "ID program/kegiatan/sub kegiatan (Tabel 3.8)"),
        ("nama", "string", "Program, kegiatan atau sub kegiatan"), ("indikator_id", "string", "ID indikator"),
        ("indikator", "string", "Indikator"), *_UKUR_FIELDS,
    ], rows, "Pengukuran setiap indikator program, kegiatan dan sub kegiatan (uraian 3.1.7), dalam urutan Tabel 3.8.")


def _tabel_3_4(report) -> Table:
    fields = [("tahun", "year", "Tahun pengukuran"), NO, ("indikator_id", "string", "ID indikator"), ("indikator", "string", "Indikator"),
              ("satuan", "string", "Satuan"), ("target", "number", "Target"), ("realisasi", "number", "Realisasi"),
              ("capaian", "number", "Capaian (persen, 2 desimal)"), ("kategori", "string", "Kategori")]
    rows = []
    for tahun, measurements in ((report.tahun_lalu, [r["ukur"] for r in report.iku_2024]), (report.tahun, [i.ukur for i in report.iku])):
        for i, m in enumerate(measurements, 1):
            rows.append({"tahun": tahun, "no": i, "indikator_id": m.id, "indikator": m.nama, "satuan": m.satuan,
                         "target": _nilai(m, m.target), "realisasi": _nilai(m, m.realisasi, _computed(m)),
                         "capaian": _pct(m.capaian), "kategori": m.kategori})
    judul = report.kinerja.get("perbandingan_tahun_lalu", {}).get("judul_tabel")
    return _table("tabel-3-4-kinerja-tahun-lalu", "3.4", _judul(report, "3.4", judul or "Perbandingan Kinerja"), fields, rows,
                  f"Indikator {report.tahun_lalu} (Renstra sebelumnya) dan indikator {report.tahun} berbeda; bukan deret waktu.")


def _tabel_3_5(report) -> Table:
    rows = []
    parts = [([(r["ukur"], r["target_renstra"]) for r in report.iku_2024], report.tahun_lalu),
             ([(i.ukur, i.target_renstra) for i in report.iku], report.tahun)]
    for items, measured_year in parts:
        for i, (m, targets) in enumerate(items, 1):
            years = sorted(set(targets) | {measured_year})
            periode = f"{years[0]}-{years[-1]}"
            for y in years:
                rows.append({"periode": periode, "no": i, "indikator_id": m.id, "indikator": m.nama, "satuan": m.satuan, "tahun": y,
                             "target": _nilai(m, targets.get(y)),
                             "realisasi": _nilai(m, m.realisasi, _computed(m)) if y == measured_year else None})
    judul = report.kinerja.get("perbandingan_renstra", {}).get("judul_tabel")
    return _table("tabel-3-5-perbandingan-renstra", "3.5", _judul(report, "3.5", judul or "Perbandingan Realisasi Kinerja"), [
        ("periode", "string", "Periode Renstra"), NO, ("indikator_id", "string", "ID indikator"), ("indikator", "string", "Indikator"),
        ("satuan", "string", "Satuan"), ("tahun", "year", "Tahun"), ("target", "number", "Target Renstra tahun ini"),
        ("realisasi", "number", "Realisasi (hanya tahun yang diukur)"),
    ], rows, "Bentuk panjang: satu baris per indikator per tahun, untuk indikator Renstra sebelumnya dan Renstra berjalan.")


def _tabel_3_6(report) -> Table:
    rows = [{"no": i, "indikator_id": iku.id, "indikator": iku.ukur.nama, "target": _nilai(iku.ukur, iku.ukur.target),
             "penyerapan": _pct(iku.penyerapan), "efisiensi": _pct(iku.efisiensi_tabel), "capaian": _pct(iku.ukur.capaian),
             "selisih_capaian_penyerapan": _pct(iku.efisiensi_selisih), "efisien": iku.efisien}
            for i, iku in enumerate(report.iku, 1)]
    judul = report.kinerja.get("efisiensi", {}).get("judul_tabel")
    return _table("tabel-3-6-efisiensi", "3.6", _judul(report, "3.6", judul or "Efisiensi Sasaran"), [
        NO, ("indikator_id", "string", "ID indikator"), ("indikator", "string", "Indikator sasaran (3)"),
        ("target", "number", "Target kinerja (4)"), ("penyerapan", "number", "Realisasi (penyerapan) anggaran, persen (5)"),
        ("efisiensi", "number", "Tingkat efisiensi (6) = (5) - (4), seperti rumus tertulis di dokumen (poin persen)"),
        ("capaian", "number", "Capaian kinerja (persen)"),
        ("selisih_capaian_penyerapan", "number", "Capaian kinerja - penyerapan anggaran (poin persen), definisi uraian 3.1.6"),
        ("efisien", "boolean", "Efisien bila capaian kinerja >= penyerapan anggaran"),
    ], rows)


def _tabel_3_7(report) -> Table:
    rows = []
    judul = None
    for node in report.tree.nodes():
        hibah = node.data.get("hibah")
        if not hibah:
            continue
        judul = judul or hibah.get("judul")
        for i, b in enumerate(hibah.get("barang", []), 1):
            rows.append({"tingkat": "barang", "sub_kegiatan_id": node.id, "sub_kegiatan": node.nama, "no": b.get("no", i),
                         "uraian": b.get("uraian"), "spesifikasi": b.get("spek"), "jumlah": b.get("jumlah")})
        rows.append({"tingkat": "total", "sub_kegiatan_id": node.id, "sub_kegiatan": node.nama, "uraian": "Jumlah barang",
                     "jumlah": node.hibah_jumlah})
    return _table("tabel-3-7-bantuan-barang", "3.7", _judul(report, "3.7", judul or "Rincian Bantuan Barang/Peralatan yang Diberikan"), [
        ("tingkat", "string", "barang, atau total (jumlah barang untuk sub kegiatan itu)"), ("sub_kegiatan_id", "string", "ID sub kegiatan"),
        ("sub_kegiatan", "string", "Sub kegiatan"), NO, ("uraian", "string", "Barang"), ("spesifikasi", "string", "Spesifikasi"),
        ("jumlah", "integer", "Jumlah barang"),
    ], rows, "Baris 'total' menjumlahkan barang satu sub kegiatan.")


def _tabel_3_8(report) -> Table:
    tree = report.tree
    rows = []

    def node_row(node, kode, induk):
        return {"tingkat": node.tingkat, "kode": kode, "id": node.id, "induk": induk, "nama": node.nama,
                "anggaran": _rp(node.anggaran), "realisasi": _rp(node.realisasi), "sisa": _rp(node.sisa), "persen": _pct(node.persen)}

    for b in tree.bidang:
        rows.append(node_row(b, None, None))
        for pi, p in enumerate(b.anak, 1):
            rows.append(node_row(p, f"{pi}", b.id))
            for ki, k in enumerate(p.anak, 1):
                rows.append(node_row(k, f"{pi}.{ki}", p.id))
                for si, s in enumerate(k.anak, 1):
                    rows.append(node_row(s, f"{pi}.{ki}.{si}", k.id))
    rows.append({"tingkat": "total", "id": "total", "nama": "Total", "anggaran": _rp(tree.anggaran), "realisasi": _rp(tree.realisasi),
                 "sisa": _rp(tree.sisa), "persen": _pct(tree.persen)})
    return _table("tabel-3-8-realisasi-anggaran", "3.8", _judul(report, "3.8", f"Realisasi Anggaran {report.tahun}"), [
        ("tingkat", "string", "bidang, program, kegiatan, sub_kegiatan atau total"),
        ("kode", "string", "Nomor seperti di tabel (program dinomori ulang di setiap bidang)"),
        ("id", "string", "ID tetap"), ("induk", "string", "ID baris induk"), ("nama", "string", "Nama"),
        ("anggaran", "number", "Anggaran (rupiah, sampai sen)"), ("realisasi", "number", "Realisasi (rupiah, sampai sen)"),
        ("sisa", "number", "Sisa anggaran = anggaran - realisasi (rupiah)"),
        ("persen", "number", "Realisasi / anggaran x 100 (persen, 2 desimal)"),
    ], rows, "Pohon anggaran diratakan dalam urutan tabel. Hanya sub kegiatan membawa angka mentah; bidang, program dan kegiatan "
             "adalah jumlah anak-anaknya, baris 'total' adalah jumlah semua sub kegiatan.")


def _tabel_3_9(report) -> Table:
    rows = [{"no": i, "indikator_id": iku.id, "indikator": iku.ukur.nama, "satuan": iku.ukur.satuan,
             "target": _nilai(iku.ukur, iku.ukur.target), "realisasi": _nilai(iku.ukur, iku.ukur.realisasi, _computed(iku.ukur)),
             "capaian": _pct(iku.ukur.capaian), "anggaran": _rp(iku.anggaran), "realisasi_anggaran": _rp(iku.realisasi_anggaran),
             "penyerapan": _pct(iku.penyerapan), "program_id": " ".join(p.id for p in iku.program)}
            for i, iku in enumerate(report.iku, 1)]
    judul = report.kinerja.get("alokasi_anggaran", {}).get("judul_tabel")
    return _table("tabel-3-9-alokasi-anggaran", "3.9", _judul(report, "3.9", judul or "Alokasi Anggaran dan Realisasi Belanja"), [
        NO, ("indikator_id", "string", "ID indikator"), ("indikator", "string", "Indikator sasaran"), ("satuan", "string", "Satuan"),
        ("target", "number", "Target"), ("realisasi", "number", "Realisasi"), ("capaian", "number", "Capaian (persen, 2 desimal)"),
        ("anggaran", "number", "Anggaran program pendukung (rupiah, sampai sen)"),
        ("realisasi_anggaran", "number", "Realisasi anggaran program pendukung (rupiah, sampai sen)"),
        ("penyerapan", "number", "Realisasi anggaran / anggaran x 100 (persen, 2 desimal)"),
        ("program_id", "string", "ID program pendukung (Tabel 3.8), dipisah spasi"),
    ], rows)


# --- data-quality findings ----------------------------------------------------------------------

_ANGKA_ID = re.compile(r"^(Rp )?([-\u2212]?)(\d{1,3}(?:\.\d{3})*)(,\d+)?(%?)$")


def angka_dari_teks(text: str | None) -> Decimal | None:
    """The number in a figure formatted the Indonesian way ('Rp 10.036.268.000,00', '135,49%',
    '1.010'); None when the text is not a single such number."""
    match = _ANGKA_ID.match((text or "").strip())
    if not match or (match.group(1) and match.group(5)):
        return None
    sign = "-" if match.group(2) else ""
    return Decimal(sign + match.group(3).replace(".", "") + (match.group(4) or "").replace(",", "."))


def _temuan(report) -> Table:
    rows = [{"no": i, "jenis": f.jenis, "bagian": f.file, "lokasi": f.lokasi, "jalur": format_path(f.path), "kunci": f.kunci,
             "subjek": f.subjek, "sumber": f.sumber, "dinyatakan": f.dinyatakan, "dinyatakan_angka": angka_dari_teks(f.dinyatakan),
             "dihitung": f.dihitung, "dihitung_angka": angka_dari_teks(f.dihitung), "catatan": f.catatan or None}
            for i, f in enumerate(report.temuan, 1)]
    return _table(TEMUAN, None, f"Catatan Kualitas Data {report.tahun}", [
        NO, ("jenis", "string", "selisih, atau pembulatan (beda paling banyak satu satuan pada digit terakhir yang ditulis)"),
        ("bagian", "string", "Jenis berkas isi (kinerja, program, anggaran, perencanaan, organisasi)"),
        ("lokasi", "string", "Berkas:baris:kolom di content/"), ("jalur", "string", "Jalur nilai di dalam berkas"),
        ("kunci", "string", "ID hal yang dinilai"), ("subjek", "string", "Angka apa"),
        ("sumber", "string", "Tempat di dokumen"), ("dinyatakan", "string", "Angka tertulis di dokumen (format Indonesia)"),
        ("dinyatakan_angka", "number", "Angka tertulis, sebagai bilangan (kosong bila bukan satu angka)"),
        ("dihitung", "string", "Hasil hitungan dari data mentah, yang ditampilkan situs (format Indonesia)"),
        ("dihitung_angka", "number", "Hasil hitungan, sebagai bilangan (kosong bila bukan satu angka)"),
        ("catatan", "string", "Keterangan"),
    ], rows, "Setiap tempat angka tertulis di dokumen berbeda dengan hasil hitungan dari data mentahnya. Situs menampilkan hasil hitungan.")


# --- public API ---------------------------------------------------------------------------------

_BUILDERS = (
    _tabel_1_1, _tabel_1_2, _tabel_1_3, _tabel_1_4, _tabel_1_5, _anggaran_murni,
    _misi_rpjmd, _tabel_2_1, _tabel_2_2, _tabel_2_3, _tabel_2_4, _tabel_2_5, _tabel_2_6, _tabel_2_7, _tabel_2_8,
    _tabel_3_1, _tabel_3_2, _tabel_3_3, _indikator_kegiatan, _tabel_3_4, _tabel_3_5, _tabel_3_6, _tabel_3_7, _tabel_3_8, _tabel_3_9,
    _temuan,
)


def tables(report) -> list[Table]:
    """Every table the site shows for one report year, in document order, the findings last."""
    result = [build(report) for build in _BUILDERS]
    names = [t.name for t in result]
    if len(set(names)) != len(names):
        raise ValueError("duplicate table names")
    return result


def _cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("integer", "year"):
        return str(int(value))
    if kind == "number":
        return _number(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number(value) -> str:
    """Plain decimal notation, never an exponent, never -0."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    if value.is_zero():
        value = abs(value)
    return format(value, "f")


def to_csv(table: Table) -> str:
    """The table as CSV (RFC 4180 quoting, "\\n" line ends), machine-readable numbers, formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.field_names)
    for row in table.rows:
        writer.writerow([_cell(row.get(name), kind) for name, kind, _ in table.fields])
    return out.getvalue()


def _json(value, level: int = 0) -> str:
    """JSON with Decimal written exactly (its plain decimal form), 2-space indent, keys in given order."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return _number(value)
    if isinstance(value, float):
        raise TypeError("float given where an exact number is needed")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_json(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + _json(v, level + 1) for v in value) + "\n" + pad + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _rows(table: Table) -> list[dict]:
    return [{name: row.get(name) for name in table.field_names} for row in table.rows]


def to_json(table: Table) -> str:
    """The table's rows as a JSON array of objects (numbers exact, text unchanged)."""
    return _json(_rows(table)) + "\n"


def _fields(table: Table) -> list[dict]:
    return [{"name": name, "type": kind, "description": description} for name, kind, description in table.fields]


def metadata(report) -> dict:
    """Who published what: agency, year, date and head of agency."""
    org, lap = report.organisasi, report.laporan
    kepala = org.get("kepala", {})
    return {
        "judul": lap.get("judul"), "judul_singkat": lap.get("judul_singkat"), "tahun": report.tahun,
        "tanggal": lap.get("tanggal"), "tempat": lap.get("tempat"),
        "instansi": {"nama": org.get("nama"), "nama_lengkap": org.get("nama_lengkap"), "singkatan": org.get("singkatan"),
                     "pemerintah_daerah": org.get("pemerintah_daerah")},
        "kepala": {"nama": kepala.get("nama"), "jabatan": kepala.get("jabatan"), "pangkat": kepala.get("pangkat"),
                   "nip": kepala.get("nip")},
        "pembulatan": {"persen": f"setengah ke atas, {PERSEN_PLACES} desimal", "rupiah": f"sampai sen ({RUPIAH_PLACES} desimal)"},
    }


def year_json(report, tables: list[Table]) -> str:
    """The whole report year as one JSON document: metadata, every table, the findings."""
    temuan = next((t for t in tables if t.name == TEMUAN), None) or _temuan(report)
    document = {
        "laporan": metadata(report),
        "tabel": [{"name": t.name, "nomor": t.nomor, "title": t.title, "description": t.description or None,
                   "fields": _fields(t), "rows": _rows(t)} for t in tables if t.name != TEMUAN],
        "temuan": {"jumlah": dict(report.jumlah_temuan), "fields": _fields(temuan), "rows": _rows(temuan)},
    }
    return _json(document) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


# The agency has not chosen a licence for its data: say so rather than invent one. Pass
# `licenses=[{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
# "title": "Creative Commons Attribution 4.0"}]` (or the licence the agency sets) to datapackage().
LISENSI_BELUM_DITETAPKAN = [{
    "name": "notspecified",
    "title": "Lisensi belum ditetapkan oleh instansi. Isi laporan adalah dokumen publik; tanyakan syarat penggunaan ulang kepada instansi.",
}]


def datapackage(report, tables: list[Table], path_prefix: str = "", licenses: list | None = None) -> str:
    """A Frictionless (Tabular) Data Package descriptor listing one CSV resource per table."""
    if path_prefix.startswith("/") or "\\" in path_prefix or ".." in path_prefix.split("/"):
        raise ValueError(f"{path_prefix!r}: resource paths must be relative POSIX paths")
    org = report.organisasi
    singkatan = _slug(org.get("singkatan") or org.get("nama") or "instansi")
    judul = report.laporan.get("judul_singkat") or "LKjIP"
    resources = []
    for t in tables:
        resource = {
            "name": t.name, "path": f"{path_prefix}{t.name}.csv", "profile": "tabular-data-resource",
            "title": (f"Tabel {t.nomor}. " if t.nomor else "") + t.title,
        }
        if t.description:
            resource["description"] = t.description
        resource.update({
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": True, "lineTerminator": "\n", "header": True},
            "schema": {"fields": _fields(t), "missingValues": [""]},
        })
        resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        "name": f"{_slug(judul)}-{singkatan}-{report.tahun}",
        "title": f"{report.laporan.get('judul', judul)} {org.get('nama', '')} Tahun {report.tahun}".strip(),
        "description": (f"Tabel-tabel {judul} {report.tahun} sebagai data terbuka, dihitung dari data mentah yang sama dengan situs. "
                        f"Angka memakai titik desimal tanpa pemisah ribuan; rupiah sampai sen, persen dibulatkan setengah ke atas "
                        f"{PERSEN_PLACES} desimal; baris jumlah ditandai kolom 'tingkat'."),
        "keywords": [k for k in ("LKjIP", "kinerja", "anggaran", org.get("pemerintah_daerah"), str(report.tahun)) if k],
        "licenses": licenses if licenses is not None else LISENSI_BELUM_DITETAPKAN,
        "resources": resources,
    }
    return _json(package) + "\n"
