"""The report's tables, built once from the computed model: typed columns, rows of cells.

A table kind (`capaian-iku`, `realisasi-anggaran`, `data`, ...) is a builder: the computed Report
and the table's entry in the outline in, a `Table` out. Cells hold exact values (Decimal, int,
text), the unit where a column mixes units, a link to the item's page and the key
(item id, field) that data-quality findings attach to. Nothing here formats a figure: the page
macro, the open-data writer, the print document and `lkjip diff` all read these same tables and
format values where they show them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import numbers as n
from .i18n import _

# column kinds: how a value is shown and written as open data
TEKS, BILANGAN, CACAH, RUPIAH, PERSEN, POIN, NILAI, INDEKS, YA_TIDAK = (
    "teks", "bilangan", "cacah", "rupiah", "persen", "poin", "nilai", "indeks", "ya-tidak")
NUMERIC = {BILANGAN, CACAH, RUPIAH, PERSEN, POIN, NILAI, INDEKS}


@dataclass
class Column:
    key: str
    label: str
    jenis: str = TEKS
    kunci: bool = False  # a key column: kept readable on a narrow screen
    keterangan: str = ""  # what the column holds, for the Data Package
    dihitung: bool = False  # a data-table average the site computes: shown and written rounded by the report's rule

    @property
    def angka(self) -> bool:
        return self.jenis in NUMERIC


@dataclass
class Cell:
    value: object = None
    satuan: str | None = None  # the unit of a `nilai` cell ('%', 'orang')
    tautan: str | None = None  # page inside the report folder this cell links to
    kunci: tuple | None = None  # (item id, field): where data-quality findings attach
    teks: str | None = None  # text shown instead of the value (e.g. an explanation of a missing value)
    temuan: list = field(default_factory=list)
    fakta: dict | None = None  # the raw facts a text cell stands for ({pembilang, penyebut}), for open data


@dataclass
class Row:
    cells: dict
    tingkat: str = "data"  # data | kelompok | total, or the level of a tree row (bidang, program, ...)
    id: str | None = None
    induk: str | None = None
    gaya: str = ""  # tebal | miring | "" (a presentation hint for group and total rows)


@dataclass
class Table:
    id: str
    jenis: str
    judul: str | None
    columns: list
    rows: list
    nomor: str | None = None
    judul_daftar: str | None = None
    lanjutan: bool = False
    catatan: list = field(default_factory=list)  # lines under the table (Markdown-safe text)
    terbilang: Decimal | None = None  # an amount to spell out under the table
    grafik: dict | None = None  # {"jenis": ..., "judul": ..., "items": [...]} for a chart beside the table
    unduh: bool = True  # offered as CSV/JSON/XLSX
    keterangan: str = ""  # how to read the rows, for the Data Package
    kosong: str | None = None  # why the table has no rows ("tidak dimuat dalam laporan")
    sumber_data: str | None = None
    sama_dengan: str | None = None  # the number of the table whose figures this one repeats (a summary)
    catatan_teks: str | None = None  # the content's own note under the table (Markdown narrative)
    anchor: str | None = None  # where the table stands on its page (from the outline; unique in the report)

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    @property
    def caption(self) -> str | None:
        return self.judul


class TableError(ValueError):
    """A table the content asks for that cannot be built (an unknown column, say)."""


# --- helpers ----------------------------------------------------------------------------------------

_LINK_IKU = "akuntabilitas/iku/{}.md"
_LINK_PROGRAM = "akuntabilitas/program/{}.md"


def iku_page(ident: str) -> str:
    return _LINK_IKU.format(ident)


def program_page(ident: str) -> str:
    return _LINK_PROGRAM.format(ident)


def _select(available: list, spec: dict, default: list | None = None) -> list:
    """The columns a table shows: the outline's `kolom` (keys, or {kunci, judul} to relabel), else the default."""
    by_key = {c.key: c for c in available}
    wanted = spec.get("kolom") or default or [c.key for c in available]
    chosen = []
    for item in wanted:
        key = item if isinstance(item, str) else item.get("kunci")
        if key not in by_key:
            raise TableError(_("kolom '{key}' tidak dikenal untuk tabel {jenis}; yang dikenal: {keys}").format(
                key=key, jenis=spec.get("jenis"), keys=", ".join(by_key)))
        column = by_key[key]
        if isinstance(item, dict) and item.get("judul"):
            column = Column(column.key, item["judul"], column.jenis, column.kunci, column.keterangan)
        chosen.append(column)
    return chosen


def _fakta_text(m) -> str | None:
    """The raw facts behind a measurement, as plain words: '503 / 825'."""
    if m.fakta_pasangan is None:
        return None
    jenis, first, second = m.fakta_pasangan
    return f"{_plain(first)} {'/' if jenis == 'rasio' else '→'} {_plain(second)}"


def _plain(value) -> str:
    """A raw fact for the 'data' column: Indonesian separators, no rounding (it is a typed fact)."""
    from . import fmt

    return fmt.angka(value, n.places_written(value))


def _rumus_text(m) -> str:
    r = m.rumus
    if r.get("teks"):
        return r["teks"].strip().rstrip(".")  # a sentence's full stop is the page's to add
    if r.get("pembilang") and r.get("penyebut"):
        return f"{r['pembilang']} / {r['penyebut']}"
    return ""


_REALISASI_WORDS = {
    "pertumbuhan": "(nilai akhir − nilai awal) ÷ nilai awal × 100%",
    "penurunan": "(nilai awal − nilai akhir) ÷ nilai awal × 100%",
    "langsung": "realisasi dicatat langsung",
}
CAPAIAN_WORDS = {
    "naik": "Realisasi ÷ Target × 100%",
    n.SELISIH: "(Target − (Realisasi − Target)) ÷ Target × 100%",
    n.KEBALIKAN: "Target ÷ Realisasi × 100%",
    "biner": "100% bila realisasi mencapai target, 0% bila tidak",
}


def rumus_realisasi(m) -> str:
    """How a measurement's realisation is computed, in words: the document's own wording when the
    content gives it, else the formula of its kind."""
    r = m.rumus
    if r.get("teks"):
        return r["teks"].strip().rstrip(".")  # a sentence's full stop is the page's to add
    jenis = r.get("jenis", "langsung")
    if jenis == "rasio":
        return f"{r.get('pembilang') or 'pembilang'} ÷ {r.get('penyebut') or 'penyebut'} × 100%"
    return _REALISASI_WORDS[jenis]


def rumus_capaian(m) -> str:
    if m.arah == "biner":
        return CAPAIAN_WORDS["biner"]
    if m.arah == "turun":
        return f"{CAPAIAN_WORDS[m.metode.capaian_turun]} (semakin rendah realisasi semakin baik)"
    return f"{CAPAIAN_WORDS['naik']} (semakin tinggi realisasi semakin baik)"


def _nilai(value, satuan, kunci=None, tautan=None, kosong=None) -> Cell:
    return Cell(value, satuan=satuan, kunci=kunci, tautan=tautan, teks=kosong if value is None else None)


BELUM = "belum dilaporkan"
TIDAK_DIMUAT = "tidak dimuat"


def _measure_cells(m, ident: str, link: str | None = None) -> dict:
    return {
        "indikator": Cell(m.nama, tautan=link, kunci=(ident, "nama")),
        "satuan": Cell(m.satuan),
        "rumus": Cell(_rumus_text(m) or None),
        "data": Cell(_fakta_text(m), kunci=(ident, "data"), fakta={k: n.dec(v) for k, v in m.fakta.items() if not isinstance(v, str)} or None),
        "target": _nilai(m.target, m.satuan, (ident, "target"), kosong=TIDAK_DIMUAT),
        "realisasi": _nilai(m.realisasi, m.satuan, (ident, "realisasi"), kosong=BELUM),
        "capaian": Cell(m.capaian, kunci=(ident, "capaian"), teks=None if m.capaian is not None or m.realisasi is None else _why_no_capaian(m)),
        "kategori": Cell(m.kategori, kunci=(ident, "kategori"), teks=None if m.dinilai else "tidak dinilai (periode sebagian)"),
    }


def _why_no_capaian(m) -> str:
    if m.target is None:
        return "tidak ada target"
    if isinstance(m.target, Decimal) and m.target == 0:
        return "target 0: tidak dapat dihitung"
    return "tidak dapat dihitung"


def _measure_columns(with_sasaran: str = "Sasaran Strategis", subject: str = "Indikator") -> list:
    return [
        Column("nomor", "No", BILANGAN),
        Column("sasaran", with_sasaran),
        Column("indikator", subject, kunci=True),
        Column("rumus", "Rumus"),
        Column("data", "Data", keterangan="pembilang / penyebut (data mentah)"),
        Column("satuan", "Satuan"),
        Column("target", "Target", NILAI),
        Column("realisasi", "Realisasi", NILAI, kunci=True),
        Column("capaian", "Capaian", PERSEN, kunci=True),
        Column("kategori", "Kategori", kunci=True),
    ]


def _numbered(rows: list) -> list:
    for index, row in enumerate(rows, start=1):
        row.cells.setdefault("nomor", Cell(index))
    return rows


# --- the kinds --------------------------------------------------------------------------------------

def t_skala_capaian(report, spec):
    cols = [Column("nomor", "No", BILANGAN), Column("kategori", "Kategori", kunci=True),
            Column("batas_bawah", "Capaian mulai dari", PERSEN, kunci=True), Column("rentang", "Rentang tertulis di dokumen")]
    rows = [Row({"kategori": Cell(c["nama"]), "batas_bawah": Cell(Decimal(c["batas_bawah"]), kunci=("skala", "batas_bawah")),
                 "rentang": Cell(c.get("rentang_dinyatakan"), kunci=("skala", f"rentang:{c['nama']}"))}) for c in report.skala]
    skala = report.kinerja.get("skala_capaian") or {}
    judul = spec.get("judul")
    if judul and skala.get("dasar"):
        judul = f"{judul} ({skala['dasar']})"
    note = f"Kategori sebuah capaian adalah kategori tertinggi yang batas bawahnya dicapai capaian itu (setelah dibulatkan {report.metode.desimal} desimal)."
    return dict(columns=_select(cols, spec), rows=_numbered(rows), judul=judul, catatan=[note],
                kosong=None if rows else "Skala capaian tidak dimuat dalam laporan.")


def _iku_rows(report, spec):
    wanted = spec.get("indikator")
    items = [i for i in report.iku if not wanted or i.id in wanted]
    if wanted:
        items.sort(key=lambda i: wanted.index(i.id))
    return items


def t_capaian_iku(report, spec):
    years = report.tahun_renstra
    cols = _measure_columns() + [Column(f"target_{y}", f"Target Renstra {y}", NILAI) for y in years] + [
        Column("penanggung_jawab", "Penanggung jawab")]
    if "target-renstra" in (spec.get("kolom") or []):
        spec = {**spec, "kolom": [k for key in spec["kolom"] for k in ([f"target_{y}" for y in years] if key == "target-renstra" else [key])]}
    rows = []
    for iku in _iku_rows(report, spec):
        cells = _measure_cells(iku.ukur, iku.id, iku_page(iku.id))
        cells["sasaran"] = Cell(iku.sasaran.get("nama") or None)
        cells["penanggung_jawab"] = Cell(iku.data.get("penanggung_jawab"))
        for y in years:
            cells[f"target_{y}"] = _nilai(iku.target_renstra.get(y), iku.ukur.satuan, (iku.id, f"target_{y}"))
        rows.append(Row(cells, id=iku.id))
    default = ["nomor", "sasaran", "indikator", "rumus", "data", "target", "realisasi", "capaian", "kategori"]
    grafik = None
    if spec.get("grafik"):
        grafik = {"jenis": "capaian-iku", "judul": f"Capaian indikator kinerja utama {report.tahun}", "items": [i for i in _iku_rows(report, spec)]}
    columns = _select(cols, spec, default)
    notes = []
    rated = {c.key for c in columns} & {"capaian", "kategori"}
    if rated and not report.periode.tahunan and any(not i.ukur.dinilai for i in _iku_rows(report, spec)):
        notes.append(f"Laporan {report.periode.nama}: capaian dibandingkan dengan target tahunan dan tidak diberi kategori, karena target untuk periode ini tidak dimuat.")
    return dict(columns=columns, rows=_numbered(rows), grafik=grafik, catatan=notes,
                kosong=None if rows else "Indikator kinerja utama tidak dimuat dalam laporan.")


def t_capaian_program(report, spec):
    level = spec.get("tingkat", "program")
    label = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}[level]
    cols = [Column("nomor", "No", BILANGAN), Column("program", label, kunci=True)] + _measure_columns(subject=f"Indikator {label.lower()}")[2:]
    rows = []
    nodes = [node for node in (report.tree.nodes() if report.tree else []) if node.tingkat == level and node.indikator_list]
    for node in nodes:
        for m in node.indikator_list:
            cells = _measure_cells(m, node.id)
            cells["program"] = Cell(node.nama, tautan=program_page(node.id) if level == "program" else None)
            rows.append(Row(cells, id=node.id))
    default = ["nomor", "program", "indikator", "data", "target", "realisasi", "capaian", "kategori"]
    return dict(columns=_select(cols, spec, default), rows=_numbered(rows),
                kosong=None if rows else f"Indikator {label.lower()} tidak dimuat dalam laporan.")


def _target_cells(ind: dict, years: list, satuan: str) -> dict:
    targets = ind.get("target") or {}
    return {f"target_{y}": _nilai(Decimal(targets[str(y)]) if str(y) in targets else None, satuan, (ind["id"], f"target_{y}")) for y in years}


def t_renstra_target(report, spec):
    years = report.tahun_renstra
    cols = [Column("kode", "Kode"), Column("uraian", "Tujuan / Sasaran / Indikator", kunci=True), Column("satuan", "Satuan")] + [
        Column(f"target_{y}", str(y), NILAI) for y in years] + [Column("kondisi_akhir", "Kondisi akhir", NILAI)]
    renstra = report.perencanaan.get("renstra") or {}
    iku_ids = {i.id for i in report.iku}
    rows = []

    def indicator_row(ind, level_label, parent):
        cells = {"kode": Cell(ind.get("kode")), "satuan": Cell(ind.get("satuan")),
                 "uraian": Cell(f"Indikator {level_label}: {ind['nama']}" if level_label else ind["nama"],
                                tautan=iku_page(ind["id"]) if ind["id"] in iku_ids else None, kunci=(ind["id"], "nama")),
                 **_target_cells(ind, years, ind.get("satuan", "%"))}
        last = (ind.get("target") or {}).get(str(years[-1])) if years else None
        cells["kondisi_akhir"] = _nilai(Decimal(last) if last is not None else None, ind.get("satuan", "%"), (ind["id"], "kondisi_akhir"))
        return Row(cells, tingkat="indikator", id=ind["id"], induk=parent)

    def level_row(item, word, level):
        return Row({"kode": Cell(_str(item.get("nomor"))), "uraian": Cell(f"{word}: {item['nama']}")}, tingkat=level, id=item["id"], gaya="tebal")

    # the cascade as the content links it: misi → tujuan → sasaran → indicators (a pemda report has
    # misi; an OPD report starts at tujuan); items linked to nothing above them follow in their own order
    misi, tujuan, sasaran = renstra.get("misi", []), renstra.get("tujuan", []), renstra.get("sasaran", [])
    misi_ids, tujuan_ids = {m["id"] for m in misi}, {t["id"] for t in tujuan}

    def add_sasaran(items):
        for item in items:
            rows.append(level_row(item, "Sasaran", "sasaran"))
            rows.extend(indicator_row(ind, "", item["id"]) for ind in item.get("indikator", []))

    def add_tujuan(items):
        for item in items:
            rows.append(level_row(item, "Tujuan", "tujuan"))
            rows.extend(indicator_row(ind, "tujuan", item["id"]) for ind in item.get("indikator", []))
            if misi:  # with misi, each sasaran stands under its tujuan
                add_sasaran([x for x in sasaran if x.get("tujuan") == item["id"]])

    for item in misi:
        rows.append(level_row(item, "Misi", "misi"))
        add_tujuan([t for t in tujuan if t.get("misi") == item["id"]])
    add_tujuan([t for t in tujuan if t.get("misi") not in misi_ids])
    add_sasaran([x for x in sasaran if not misi or x.get("tujuan") not in tujuan_ids])
    rows += [indicator_row(ind, "", None) for ind in renstra.get("indikator", [])]
    default = ["kode", "uraian", "satuan"] + [f"target_{y}" for y in years]
    return dict(columns=_select(cols, spec, default), rows=rows, kosong=None if rows else "Renstra tidak dimuat dalam laporan.")


def _str(value):
    return None if value is None else str(value)


def t_renstra_capaian(report, spec):
    later = report.tahun_renstra[report.tahun_renstra.index(report.tahun) + 1:] if report.tahun in report.tahun_renstra else []
    cols = [Column("nomor", "No", BILANGAN), Column("indikator", "Indikator Sasaran", kunci=True),
            Column("target", f"Target {report.tahun}", NILAI), Column("realisasi", f"Realisasi {report.tahun}", NILAI, kunci=True)] + [
        Column(f"target_{y}", f"Target {y}", NILAI) for y in later]
    rows = []
    for iku in report.iku:
        cells = _measure_cells(iku.ukur, iku.id, iku_page(iku.id))
        for y in later:
            cells[f"target_{y}"] = _nilai(iku.target_renstra.get(y), iku.ukur.satuan, (iku.id, f"target_{y}"))
        rows.append(Row(cells, id=iku.id))
    years = report.tahun_renstra
    judul = spec.get("judul") or (f"Target {report.renstra_nama} dan realisasi {report.tahun}" if years else None)
    return dict(columns=_select(cols, spec), rows=_numbered(rows), judul=judul)


def _folder(report, year: int) -> str:
    return f"content/{report.agency + '/' if report.agency else ''}{year}/"


def _previous(report, spec):
    """The earlier report a table of another year shows: `tahun` (default: the year before); never this year or a later one."""
    year = spec.get("tahun", report.tahun_lalu)
    return report.arsip.get(year) if year < report.tahun else None


def t_iku_tahun_lalu(report, spec):
    earlier = _previous(report, spec)
    year = spec.get("tahun", report.tahun_lalu)
    cols = [Column("nomor", "No", BILANGAN), Column("indikator", f"Indikator {year}", kunci=True), Column("target", "Target", NILAI),
            Column("realisasi", "Realisasi", NILAI, kunci=True), Column("capaian", "Capaian", PERSEN, kunci=True), Column("kategori", "Kategori", kunci=True)]
    rows = [Row(_measure_cells(i.ukur, i.id), id=i.id) for i in (earlier.iku if earlier else [])]
    return dict(columns=_select(cols, spec), rows=_numbered(rows),
                kosong=None if rows else f"Indikator kinerja tahun {year} tidak dimuat dalam isi laporan (folder {_folder(report, year)}).")


def t_renstra_tahun_lalu(report, spec):
    earlier = _previous(report, spec)
    year = spec.get("tahun", report.tahun_lalu)
    years = earlier.tahun_renstra if earlier else []
    cols = [Column("nomor", "No", BILANGAN), Column("indikator", "Indikator", kunci=True)] + [
        Column(f"target_{y}", f"Target {y}", NILAI) for y in years] + [Column("realisasi", f"Realisasi {year}", NILAI, kunci=True)]
    rows = []
    for item in earlier.iku if earlier else []:
        cells = _measure_cells(item.ukur, item.id)
        for y in years:
            cells[f"target_{y}"] = _nilai(item.target_renstra.get(y), item.ukur.satuan, (item.id, f"target_{y}"))
        rows.append(Row(cells, id=item.id))
    return dict(columns=_select(cols, spec), rows=_numbered(rows),
                kosong=None if rows else f"Target Renstra periode lalu tidak dimuat dalam isi laporan (folder {_folder(report, year)}).")


def t_perjanjian_kinerja(report, spec):
    cols = [Column("nomor", "No", BILANGAN), Column("sasaran", "Sasaran Strategis"), Column("indikator", "Indikator Kinerja", kunci=True),
            Column("satuan", "Satuan"), Column("target", "Target", NILAI, kunci=True), Column("anggaran", "Anggaran", RUPIAH)]
    iku_ids = {i.id for i in report.iku}
    from .compute import renstra_indicators

    units = {ident: definition.get("satuan", "%") for ident, (definition, _, _) in renstra_indicators(report.perencanaan).items()}
    rows = []
    for t in (report.perencanaan.get("perjanjian_kinerja") or {}).get("target", []):
        ident = t["indikator"]
        satuan = t.get("satuan") or units.get(ident, "%")
        target = t.get("target")
        rows.append(Row({"sasaran": Cell(report.names.get(t.get("sasaran"))), "indikator": Cell(report.names.get(ident, ident), tautan=iku_page(ident) if ident in iku_ids else None),
                         "satuan": Cell(satuan), "target": _nilai(target if isinstance(target, str) else n.dec(target), satuan, (ident, "target_pk")),
                         "anggaran": Cell(n.dec(t.get("anggaran")))}, id=ident))
    default = ["nomor", "sasaran", "indikator", "satuan", "target"] + (["anggaran"] if any(r.cells["anggaran"].value is not None for r in rows) else [])
    return dict(columns=_select(cols, spec, default), rows=_numbered(rows), kosong=None if rows else "Perjanjian Kinerja tidak dimuat dalam laporan.")


def t_target_program(report, spec):
    cols = [Column("nomor", "No", BILANGAN), Column("program", "Program", kunci=True), Column("indikator", "Indikator program"),
            Column("satuan", "Satuan"), Column("target", "Target", NILAI, kunci=True)]
    rows = [Row({"program": Cell(report.names.get(t["program"], t["program"])), "indikator": Cell(t["indikator"]), "satuan": Cell(t.get("satuan")),
                 "target": _nilai(n.dec(t.get("target")), t.get("satuan", "%"), (t["program"], "target_pk"))}, id=t["program"])
            for t in (report.perencanaan.get("perjanjian_kinerja") or {}).get("program", [])]
    return dict(columns=_select(cols, spec), rows=_numbered(rows), kosong=None if rows else "Target kinerja program tidak dimuat dalam laporan.")


def t_belanja(report, spec):
    b = report.belanja
    cols = [Column("nomor", "No"), Column("uraian", "Uraian", kunci=True), Column("murni", "Anggaran murni", RUPIAH),
            Column("perubahan", "Anggaran", RUPIAH, kunci=True), Column("porsi", "Porsi", PERSEN)]
    if b is None:
        return dict(columns=_select(cols, spec), rows=[], kosong="Anggaran per jenis belanja tidak dimuat dalam laporan.")
    rows = []
    if spec.get("baris_induk"):
        rows.append(Row({"nomor": Cell("I"), "uraian": Cell(spec["baris_induk"])}, tingkat="induk", gaya="tebal"))
    for index, g in enumerate(b["kelompok"], start=1):
        rows.append(Row({"nomor": Cell(str(index)), "uraian": Cell(g["nama"]), "murni": Cell(g.get("murni"), kunci=(g["id"], "murni")),
                         "perubahan": Cell(g["perubahan"], kunci=(g["id"], "anggaran")), "porsi": Cell(g["porsi"], kunci=(g["id"], "persen"))},
                        tingkat="kelompok", id=g["id"], gaya="tebal"))
        if spec.get("rincian", True):
            for line in g["rincian"]:
                rows.append(Row({"uraian": Cell(line["nama"]), "murni": Cell(n.dec(line.get("murni"))), "perubahan": Cell(line["perubahan"], kunci=(line["id"], "anggaran")),
                                 "porsi": Cell(line["porsi"], kunci=(line["id"], "persen"))}, tingkat="rincian", id=line["id"], induk=g["id"]))
    rows.append(Row({"uraian": Cell(spec.get("judul_total", "Jumlah")), "murni": Cell(b["murni"], kunci=("total", "murni")),
                     "perubahan": Cell(b["perubahan"], kunci=("total", "anggaran")), "porsi": Cell(b["porsi"], kunci=("total", "persen"))}, tingkat="total", gaya="tebal"))
    return dict(columns=_select(cols, spec, ["nomor", "uraian", "perubahan", "porsi"]), rows=rows,
                terbilang=b["perubahan"] if spec.get("terbilang") else None,
                keterangan="Baris 'kelompok' adalah jumlah baris 'rincian' di bawahnya; 'total' jumlah semua kelompok. Porsi rincian terhadap kelompoknya, porsi kelompok terhadap total.")


def t_anggaran_per_sasaran(report, spec):
    ps = report.per_sasaran
    cols = [Column("kode", "No"), Column("uraian", "Sasaran / Program", kunci=True), Column("anggaran", "Anggaran", RUPIAH, kunci=True), Column("porsi", "Porsi", PERSEN)]
    if ps is None:
        return dict(columns=_select(cols, spec), rows=[], kosong="Alokasi anggaran per sasaran tidak dimuat dalam laporan.")
    rows = []
    for s in ps["sasaran"]:
        rows.append(Row({"kode": Cell(_str(s.get("nomor"))), "uraian": Cell(s["nama"]), "anggaran": Cell(s["anggaran"], kunci=(s["sasaran"], "anggaran")),
                         "porsi": Cell(s["porsi"], kunci=(s["sasaran"], "persen"))}, tingkat="sasaran", id=s["sasaran"], gaya="tebal"))
        for p in s["program"]:
            rows.append(Row({"kode": Cell(p.get("kode")), "uraian": Cell(p["nama"]), "anggaran": Cell(p["anggaran"], kunci=(p["program"], "anggaran")),
                             "porsi": Cell(p["porsi"], kunci=(p["program"], "persen"))}, tingkat="program", id=p["program"], induk=s["sasaran"]))
    rows.append(Row({"uraian": Cell("Jumlah"), "anggaran": Cell(ps["anggaran"], kunci=("per-sasaran", "anggaran")), "porsi": Cell(ps["porsi"], kunci=("per-sasaran", "persen"))},
                    tingkat="total", gaya="tebal"))
    return dict(columns=_select(cols, spec), rows=rows, keterangan="Anggaran program = jumlah anggaran sub kegiatannya; porsi terhadap total anggaran.")


def t_rencana_aksi(report, spec):
    ra = report.rencana_aksi
    cols = [Column("nomor", "No"), Column("program", "Program"), Column("kegiatan", "Kegiatan"), Column("sub_kegiatan", "Sub Kegiatan", kunci=True),
            Column("aksi", "Rencana Aksi", kunci=True), Column("anggaran", "Anggaran", RUPIAH, kunci=True), Column("penanggung_jawab", "Penanggung Jawab")]
    if ra is None:
        return dict(columns=_select(cols, spec), rows=[], kosong="Rencana aksi tidak dimuat dalam laporan.")
    rows = []
    names = report.names
    for b in ra["baris"]:
        for index, a in enumerate(b["aksi"]):
            first = index == 0
            amount, text = a.get("anggaran"), None
            if amount is None and first and b.get("anggaran") is not None:
                amount, text = b["anggaran"], f"untuk {len(b['aksi'])} aksi"
            rows.append(Row({"nomor": Cell(_str(b.get("nomor")) if first else None),
                             "program": Cell(names.get(b.get("program")) if first else None),
                             "kegiatan": Cell(names.get(b.get("kegiatan")) if first else None),
                             "sub_kegiatan": Cell(names.get(b.get("sub_kegiatan")) if first else None, kunci=(b.get("sub_kegiatan"), "anggaran_rencana") if first else None),
                             "aksi": Cell(a["uraian"]), "anggaran": Cell(n.dec(amount), teks=None, satuan=text),
                             "penanggung_jawab": Cell(b.get("penanggung_jawab") if first else None)}, tingkat="aksi", id=b.get("sub_kegiatan")))
    rows.append(Row({"aksi": Cell("Jumlah"), "anggaran": Cell(ra["jumlah"])}, tingkat="total", gaya="tebal"))
    return dict(columns=_select(cols, spec), rows=rows)


def t_kaskade(report, spec):
    cols = [Column("kode", "Kode"), Column("uraian", "Sasaran / Program / Kegiatan / Sub Kegiatan", kunci=True)]
    names = report.names
    rows = []
    for s in report.perencanaan.get("kaskade", []):
        rows.append(Row({"kode": Cell(_str(s.get("nomor"))), "uraian": Cell(names.get(s["sasaran"], s["sasaran"]), kunci=(s["sasaran"], "nama"))}, tingkat="sasaran", id=s["sasaran"], gaya="tebal"))
        for p in s.get("program", []):
            rows.append(Row({"kode": Cell(p.get("kode")), "uraian": Cell(names.get(p["program"], p["program"]), kunci=(p["program"], "nama"))}, tingkat="program", id=p["program"], induk=s["sasaran"]))
            for k in p.get("kegiatan", []):
                rows.append(Row({"kode": Cell(k.get("kode")), "uraian": Cell(f"Kegiatan {names.get(k['kegiatan'], k['kegiatan'])}", kunci=(k["kegiatan"], "nama"))},
                                tingkat="kegiatan", id=k["kegiatan"], induk=p["program"]))
                for sk in k.get("sub_kegiatan", []):
                    rows.append(Row({"kode": Cell(sk.get("kode")), "uraian": Cell(f"Sub kegiatan {names.get(sk['sub_kegiatan'], sk['sub_kegiatan'])}", kunci=(sk["sub_kegiatan"], "nama"))},
                                    tingkat="sub_kegiatan", id=sk["sub_kegiatan"], induk=k["kegiatan"]))
    return dict(columns=_select(cols, spec), rows=rows, kosong=None if rows else "Kaskade sasaran dan program tidak dimuat dalam laporan.")


def t_rpjmd_misi(report, spec):
    rp = report.perencanaan.get("rpjmd") or {}
    supported = set(rp.get("misi_didukung") or [])
    cols = [Column("nomor", "Misi", BILANGAN), Column("uraian", "Uraian", kunci=True), Column("didukung", "Didukung instansi", YA_TIDAK)]
    rows = [Row({"nomor": Cell(m["nomor"]), "uraian": Cell(m["nama"]), "didukung": Cell(m["nomor"] in supported)}) for m in rp.get("misi", [])]
    notes = [f"Visi: {rp['visi']}"] if rp.get("visi") else []
    return dict(columns=_select(cols, spec), rows=rows, catatan=notes, kosong=None if rows else "Misi RPJMD tidak dimuat dalam laporan.")


def t_rpjmd_sasaran(report, spec):
    rp = report.perencanaan.get("rpjmd") or {}
    supported = set(rp.get("sasaran_didukung") or [])
    cols = [Column("nomor", "No", BILANGAN), Column("sasaran", "Sasaran", kunci=True), Column("indikator", "Indikator"), Column("didukung", "Kontribusi instansi", YA_TIDAK)]
    rows = [Row({"nomor": Cell(s["nomor"]), "sasaran": Cell(s["nama"]), "indikator": Cell(s.get("indikator")), "didukung": Cell(s["nomor"] in supported)})
            for s in rp.get("sasaran_misi", [])]
    return dict(columns=_select(cols, spec), rows=rows, kosong=None if rows else "Sasaran RPJMD tidak dimuat dalam laporan.")


def t_efisiensi(report, spec):
    method = report.metode.efisiensi
    ratio = method == "capaian-dibagi-serapan"
    cols = [Column("nomor", "No", BILANGAN), Column("sasaran", "Sasaran Strategis"), Column("indikator", "Indikator Sasaran", kunci=True),
            Column("target", "Target kinerja", NILAI), Column("serapan", "Penyerapan anggaran", PERSEN, kunci=True),
            Column("serapan_dikurangi_target", "Penyerapan − target", POIN), Column("capaian", "Capaian kinerja", PERSEN, kunci=True),
            Column("efisiensi", "Capaian ÷ penyerapan" if ratio else "Capaian − penyerapan", INDEKS if ratio else POIN, kunci=True),
            Column("efisien", "Efisien?", YA_TIDAK, kunci=True)]
    rows = []
    for iku in report.iku:
        cells = {"sasaran": Cell(iku.sasaran.get("nama") or None), "indikator": Cell(iku.ukur.nama, tautan=iku_page(iku.id)),
                 "target": _nilai(iku.ukur.target if isinstance(iku.ukur.target, Decimal) else None, iku.ukur.satuan, (iku.id, "target")),
                 "serapan": Cell(iku.penyerapan, kunci=(iku.id, "persen")),
                 "serapan_dikurangi_target": Cell(iku.serapan_dikurangi_target, kunci=(iku.id, "serapan_dikurangi_target")),
                 "capaian": Cell(iku.ukur.capaian, kunci=(iku.id, "capaian")),
                 "efisiensi": Cell(iku.efisiensi, kunci=(iku.id, "efisiensi")), "efisien": Cell(iku.efisien)}
        rows.append(Row(cells, id=iku.id))
    notes = []
    if spec.get("rumus_dinyatakan"):
        notes.append(f"Rumus yang tertulis di tabel dokumen: *{spec['rumus_dinyatakan']}*.")
    described = {"capaian-dikurangi-serapan": "efisien bila capaian kinerja sama dengan atau lebih besar dari penyerapan anggaran (capaian − penyerapan ≥ 0)",
                 "capaian-dibagi-serapan": "indeks efisiensi = capaian kinerja ÷ penyerapan anggaran; efisien bila ≥ 1",
                 "tidak-ada": "laporan tidak menilai efisiensi"}[method]
    notes.append(f"Metode efisiensi laporan ini: {described}.")
    default = ["nomor", "sasaran", "indikator", "target", "serapan", "capaian", "efisiensi", "efisien"]
    if method == "tidak-ada":
        default = ["nomor", "sasaran", "indikator", "target", "serapan", "capaian"]
    return dict(columns=_select(cols, spec, default), rows=_numbered(rows), catatan=notes,
                kosong=None if rows else "Efisiensi tidak dimuat dalam laporan.")


def t_realisasi_anggaran(report, spec):
    tree = report.tree
    label = tree.label_kelompok if tree else "Bidang"
    cols = [Column("nomor", "No"), Column("uraian", "Program / Kegiatan / Sub Kegiatan", kunci=True), Column("anggaran", "Anggaran", RUPIAH, kunci=True),
            Column("realisasi", "Realisasi", RUPIAH), Column("persen", "%", PERSEN, kunci=True), Column("sisa", "Sisa anggaran", RUPIAH)]
    if tree is None:
        return dict(columns=_select(cols, spec), rows=[], kosong="Realisasi anggaran tidak dimuat dalam laporan.")
    rows = []

    def money(node):
        return {"anggaran": Cell(node.anggaran, kunci=(node.id, "anggaran")), "realisasi": Cell(node.realisasi, kunci=(node.id, "realisasi")),
                "persen": Cell(node.persen, kunci=(node.id, "persen")), "sisa": Cell(node.sisa)}

    def visit(node, number, parent):
        if node.tingkat == "bidang":
            rows.append(Row({"uraian": Cell(node.nama.upper()), **money(node)}, tingkat="bidang", id=node.id, gaya="tebal"))
        else:
            prefix = "Kegiatan " if node.tingkat == "kegiatan" else ""
            gaya = {"program": "tebal", "kegiatan": "miring"}.get(node.tingkat, "")
            rows.append(Row({"nomor": Cell(number), "uraian": Cell(prefix + node.nama), **money(node)}, tingkat=node.tingkat, id=node.id, induk=parent, gaya=gaya))
        for index, child in enumerate(node.anak, start=1):
            visit(child, f"{number}.{index}" if node.tingkat != "bidang" else str(index), node.id)

    for index, root in enumerate(tree.akar, start=1):
        visit(root, str(index), None)
    rows.append(Row({"uraian": Cell("Total"), "anggaran": Cell(tree.anggaran, kunci=("total", "anggaran")), "realisasi": Cell(tree.realisasi, kunci=("total", "realisasi")),
                     "persen": Cell(tree.persen, kunci=("total", "persen")), "sisa": Cell(tree.sisa)}, tingkat="total", gaya="tebal"))
    return dict(columns=_select(cols, spec, ["nomor", "uraian", "anggaran", "realisasi", "persen"]), rows=rows,
                terbilang=tree.anggaran if spec.get("terbilang") else None,
                keterangan=f"Baris program dan kegiatan adalah jumlah sub kegiatannya; baris {label.lower()} jumlah programnya; 'total' jumlah semuanya. Persen = realisasi ÷ anggaran.")


def t_anggaran_program(report, spec):
    cols = [Column("program", "Program", kunci=True), Column("anggaran", "Anggaran", RUPIAH, kunci=True), Column("realisasi", "Realisasi", RUPIAH),
            Column("persen", "Penyerapan", PERSEN, kunci=True)]
    programs = report.tree.programs() if report.tree else []
    rows = [Row({"program": Cell(p.nama, tautan=program_page(p.id) if p.indikator_list else None), "anggaran": Cell(p.anggaran), "realisasi": Cell(p.realisasi),
                 "persen": Cell(p.persen)}, tingkat="program", id=p.id) for p in programs]
    grafik = {"jenis": "anggaran-program", "judul": f"Anggaran dan realisasi per program {report.tahun}", "items": programs} if spec.get("grafik") and programs else None
    return dict(columns=_select(cols, spec), rows=rows, grafik=grafik, kosong=None if rows else "Anggaran per program tidak dimuat dalam laporan.")


def t_alokasi_iku(report, spec):
    cols = [Column("nomor", "No", BILANGAN), Column("sasaran", "Sasaran Strategis"), Column("indikator", "Indikator Sasaran", kunci=True),
            Column("target", "Target", NILAI), Column("realisasi", "Realisasi", NILAI), Column("capaian", "Capaian", PERSEN, kunci=True),
            Column("anggaran", "Anggaran", RUPIAH), Column("realisasi_anggaran", "Realisasi Anggaran", RUPIAH), Column("penyerapan", "Penyerapan", PERSEN, kunci=True)]
    rows = []
    for iku in report.iku:
        cells = _measure_cells(iku.ukur, iku.id, iku_page(iku.id))
        cells.update({"sasaran": Cell(iku.sasaran.get("nama") or None), "anggaran": Cell(iku.anggaran, kunci=(iku.id, "anggaran")),
                      "realisasi_anggaran": Cell(iku.realisasi_anggaran, kunci=(iku.id, "realisasi_anggaran")),
                      "penyerapan": Cell(iku.penyerapan, kunci=(iku.id, "persen"))})
        rows.append(Row(cells, id=iku.id))
    default = ["nomor", "indikator", "target", "realisasi", "capaian", "anggaran", "realisasi_anggaran", "penyerapan"]
    return dict(columns=_select(cols, spec, default), rows=_numbered(rows), kosong=None if rows else "Indikator kinerja utama tidak dimuat dalam laporan.")


def t_riwayat_iku(report, spec):
    """Each IKU over the years: the years the content holds (following the indicator back while each
    year continues the one before), then realisations the report only states for earlier years."""
    from .compute import riwayat_iku

    cols = [Column("indikator", "Indikator", kunci=True), Column("tahun", "Tahun", kunci=True), Column("data", "Data"),
            Column("target", "Target", NILAI), Column("realisasi", "Realisasi", NILAI, kunci=True), Column("capaian", "Capaian", PERSEN, kunci=True),
            Column("kategori", "Kategori")]
    rows = []
    for iku in _iku_rows(report, spec):
        history = riwayat_iku(report, iku.id)
        stated = {p["tahun"]: p for p in iku.pembanding if p["jenis"] == "tahun" and p.get("tahun") and p["tahun"] not in history}
        for year in sorted(set(history) | set(stated)):
            if year in history:
                m = history[year]
                cells = _measure_cells(m, iku.id)
                if year != report.tahun:  # this report's findings are about this year's figures, not that year's
                    for cell in cells.values():
                        cell.kunci = None
            else:
                cells = {"realisasi": _nilai(Decimal(stated[year]["nilai"]), iku.ukur.satuan), "capaian": Cell(None), "kategori": Cell(None),
                         "target": Cell(None, satuan=iku.ukur.satuan, teks="–"), "data": Cell(None)}
            cells["indikator"] = Cell(iku.ukur.nama, tautan=iku_page(iku.id))
            cells["tahun"] = Cell(str(year))
            rows.append(Row(cells, id=iku.id))
    default = ["tahun", "target", "realisasi", "capaian", "kategori"] if len(_iku_rows(report, spec)) == 1 else None
    return dict(columns=_select(cols, spec, default), rows=rows, kosong=None if rows else "Riwayat indikator tidak dimuat dalam laporan.")


def t_pembanding(report, spec):
    cols = [Column("indikator", "Indikator", kunci=True), Column("pembanding", "Pembanding", kunci=True), Column("tahun", "Tahun"),
            Column("nilai", "Nilai", NILAI, kunci=True), Column("realisasi", f"Realisasi {report.tahun}", NILAI), Column("sumber", "Sumber")]
    labels = {"tahun": "Realisasi tahun", "nasional": "Nasional", "provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota", "lain": "Lain"}
    rows = []
    for iku in _iku_rows(report, spec):
        for p in iku.pembanding:
            rows.append(Row({"indikator": Cell(iku.ukur.nama, tautan=iku_page(iku.id)),
                             "pembanding": Cell(p.get("nama") or labels[p["jenis"]]), "tahun": Cell(p.get("tahun")),
                             "nilai": _nilai(Decimal(p["nilai"]), iku.ukur.satuan), "realisasi": _nilai(iku.ukur.realisasi, iku.ukur.satuan),
                             "sumber": Cell(p.get("sumber"))}, id=iku.id))
    return dict(columns=_select(cols, spec), rows=rows,
                kosong=None if rows else "Laporan tidak memuat nilai pembanding (nasional, provinsi atau tahun-tahun sebelumnya) untuk indikator ini.")


# --- data tables ------------------------------------------------------------------------------------

def data_columns(spec: dict) -> list:
    cols = []
    for index, c in enumerate(spec["kolom"]):
        if isinstance(c, str):
            c = {"kunci": c}
        jenis = c.get("jenis", TEKS)
        cols.append(Column(c["kunci"], c.get("judul", c["kunci"].replace("_", " ").capitalize()), jenis, kunci=index == 0 or jenis != TEKS,
                           dihitung="rata_rata" in (c.get("rumus") or {})))
    return cols


def data_label_key(cols: list) -> str:
    """The column that names a row (the first text column): statements select rows by it."""
    return next((c.key for c in cols if c.jenis == TEKS), cols[0].key)


def data_cell_key(table_id: str, label, column: str) -> tuple:
    return (table_id, f"{label}|{column}")


def t_data(report, spec):
    cols = data_columns(spec)
    formulas = {c["kunci"]: c["rumus"] for c in spec["kolom"] if isinstance(c, dict) and c.get("rumus")}
    label_key = data_label_key(cols)
    ident = spec.get("id") or "tabel"
    summed = spec.get("jumlah") or []
    rows: list = []

    def computed(raw: dict) -> dict:
        values = {k: v for k, v in raw.items() if k not in ("dinyatakan", "baris")}
        for key, rumus in formulas.items():
            parts = rumus.get("jumlah") or rumus.get("rata_rata")
            numbers = [values.get(p) for p in parts]
            if not all(v is None or isinstance(v, (int, Decimal)) and not isinstance(v, bool) for v in numbers):
                values[key] = None
            elif "jumlah" in rumus:
                values[key] = n.total_or_none(numbers)
            else:
                total = n.total_or_none(numbers)
                values[key] = None if total is None else total / len(numbers)
        return values

    def add(values: dict, number, tingkat="data", induk=None, gaya=""):
        cells = {"nomor": Cell(number)}
        for c in cols:
            value = values.get(c.key)
            if c.jenis == TEKS and value is not None and not isinstance(value, str):
                value = str(value)
            cells[c.key] = Cell(value, kunci=data_cell_key(ident, values.get(label_key), c.key) if c.jenis != TEKS else None)
        rows.append(Row(cells, tingkat=tingkat, id=None, induk=induk, gaya=gaya))

    def totals(items: list) -> dict:
        return {key: n.total_or_none(i.get(key) for i in items) for key in summed}

    all_items = []
    counter = 0
    for raw in spec["baris"]:
        if "kelompok" in raw:
            items = [computed(item) for item in raw.get("baris", [])]
            add({label_key: raw["kelompok"], **totals(items)}, raw.get("kode"), "kelompok", gaya="tebal")
            for index, values in enumerate(items, start=1):
                add(values, index, induk=raw["kelompok"])
            all_items += items
        else:
            counter += 1
            values = computed(raw)
            add(values, counter)
            all_items.append(values)
    if summed:
        add({label_key: spec.get("judul_total", "Jumlah"), **totals(all_items)}, None, "total", gaya="tebal")
    columns = ([Column("nomor", "No", BILANGAN)] if spec.get("nomor_baris", True) else []) + cols
    grafik = None
    if isinstance(spec.get("grafik"), dict):
        series = spec["grafik"]["seri"]
        labels = {c.key: c.label for c in cols}
        items = [(row.cells[label_key].value, [(labels[s], row.cells[s].value) for s in series]) for row in rows if row.tingkat == "data"]
        grafik = {"jenis": "komposisi", "judul": spec["grafik"].get("judul") or spec.get("judul") or "", "items": items}
    notes = [f"Sumber data: {spec['sumber_data']}"] if spec.get("sumber_data") else []
    return dict(columns=columns, rows=rows, grafik=grafik, catatan=notes)


BUILDERS = {
    "data": t_data, "skala-capaian": t_skala_capaian, "capaian-iku": t_capaian_iku, "riwayat-iku": t_riwayat_iku, "capaian-program": t_capaian_program,
    "renstra-target": t_renstra_target, "renstra-capaian": t_renstra_capaian, "renstra-tahun-lalu": t_renstra_tahun_lalu,
    "iku-tahun-lalu": t_iku_tahun_lalu, "perjanjian-kinerja": t_perjanjian_kinerja, "target-program": t_target_program,
    "belanja": t_belanja, "anggaran-per-sasaran": t_anggaran_per_sasaran, "rencana-aksi": t_rencana_aksi, "kaskade": t_kaskade,
    "rpjmd-misi": t_rpjmd_misi, "rpjmd-sasaran": t_rpjmd_sasaran, "efisiensi": t_efisiensi, "realisasi-anggaran": t_realisasi_anggaran,
    "anggaran-program": t_anggaran_program, "alokasi-iku": t_alokasi_iku, "pembanding": t_pembanding,
}

# the content files each kind reads (a table whose file is absent says "tidak dimuat dalam laporan")
NEEDS = {
    "skala-capaian": ("kinerja",), "capaian-iku": ("kinerja",), "riwayat-iku": ("kinerja",), "capaian-program": ("program",), "renstra-target": ("perencanaan",),
    "renstra-capaian": ("kinerja",), "perjanjian-kinerja": ("perencanaan",), "target-program": ("perencanaan",), "belanja": ("anggaran",),
    "anggaran-per-sasaran": ("anggaran", "program"), "rencana-aksi": ("perencanaan",), "kaskade": ("perencanaan",), "rpjmd-misi": ("perencanaan",),
    "rpjmd-sasaran": ("perencanaan",), "efisiensi": ("kinerja", "program"), "realisasi-anggaran": ("program",), "anggaran-program": ("program",),
    "alokasi-iku": ("kinerja", "program"), "pembanding": ("kinerja",),
}


def build(report, spec: dict, table_id: str) -> Table:
    parts = BUILDERS[spec["jenis"]](report, {**spec, "id": table_id} if spec["jenis"] == "data" else spec)  # cells keyed by the outline's id
    judul = parts.pop("judul", spec.get("judul"))
    return Table(id=table_id, jenis=spec["jenis"], judul=judul, nomor=spec.get("nomor"), judul_daftar=spec.get("judul_daftar"),
                 lanjutan=bool(spec.get("lanjutan")), sumber_data=spec.get("sumber_data"), catatan_teks=spec.get("catatan"), **parts)


_SLUG_PART = re.compile(r"[^a-z0-9]+")


def default_id(spec: dict) -> str:
    return spec.get("id") or spec["jenis"]


# --- the tables of an item's own page ------------------------------------------------------------

def _kv(rows: list) -> list:
    return [Row({"uraian": Cell(label), "nilai": cell}, gaya="tebal" if bold else "") for label, cell, bold in rows]


def nama_data(rumus: dict, part: str) -> str:
    """The label of a raw fact: the content's plain name (uraian_pembilang) before the document's
    own, often abbreviated, name ('Jmh Pencaker Ditempatkan')."""
    name = rumus.get(f"uraian_{part}") or rumus.get(part) or part.capitalize()
    return name[0].upper() + name[1:]


_KV_COLUMNS = [Column("uraian", "Uraian", kunci=True), Column("nilai", "Nilai", NILAI, kunci=True)]


def iku_tables(report, iku) -> list:
    """The IKU page: its measurement, its Renstra path, the budget behind it."""
    m = iku.ukur
    source = f" ({iku.asal_target})" if iku.asal_target else ""
    rows = [(f"Target tahun {report.tahun}{source}" if m.target_tahunan is None else f"Target s.d. {report.periode.nama}",
             _nilai(m.target, m.satuan, (iku.id, "target")), False)]
    if m.target_tahunan is not None:
        rows.append((f"Target tahun {report.tahun}", _nilai(m.target_tahunan, m.satuan), False))
    if m.rumus.get("jenis") == "rasio":
        for part in ("pembilang", "penyebut"):
            rows.append((nama_data(m.rumus, part), Cell(n.dec(m.fakta.get(part)), satuan="", kunci=(iku.id, f"data.{part}")), False))
    if m.rumus.get("jenis") in ("pertumbuhan", "penurunan"):
        rows.append(("Nilai awal", Cell(n.dec(m.fakta.get("nilai_awal")), satuan=""), False))
        rows.append(("Nilai akhir", Cell(n.dec(m.fakta.get("nilai_akhir")), satuan=""), False))
    cells = _measure_cells(m, iku.id)
    rows += [("Realisasi", cells["realisasi"], True), ("Capaian", Cell(m.capaian, kunci=(iku.id, "capaian"), satuan="%", teks=cells["capaian"].teks), True),
             ("Kategori", Cell(m.kategori, kunci=(iku.id, "kategori"), teks=cells["kategori"].teks), True)]
    ukur = Table(id=f"iku-{iku.id}-ukur", jenis="halaman", judul=None, columns=_KV_COLUMNS, rows=_kv(rows), unduh=False)
    from .compute import riwayat_iku

    years = report.tahun_renstra
    history = riwayat_iku(report, iku.id)
    path_rows = []
    for y in years or sorted(iku.target_renstra):
        past = history.get(y)
        path_rows.append(Row({"tahun": Cell(y), "target": _nilai(iku.target_renstra.get(y), m.satuan, (iku.id, f"target_{y}")),
                              "realisasi": _nilai(past.realisasi if past else None, m.satuan, kosong=BELUM if past else None),
                              "capaian": Cell(past.capaian if past else None),
                              "kategori": Cell(past.kategori if past else None)}))
    lintasan = Table(id=f"iku-{iku.id}-renstra", jenis="halaman", judul=None, unduh=False,
                     columns=[Column("tahun", "Tahun", kunci=True), Column("target", "Target Renstra", NILAI, kunci=True), Column("realisasi", "Realisasi", NILAI, kunci=True),
                              Column("capaian", "Capaian", PERSEN), Column("kategori", "Kategori")], rows=path_rows)
    budget_rows = [Row({"program": Cell(p.nama, tautan=program_page(p.id) if p.indikator_list else None), "anggaran": Cell(p.anggaran),
                        "realisasi": Cell(p.realisasi), "persen": Cell(p.persen)}, id=p.id) for p in iku.program]
    if budget_rows:
        budget_rows.append(Row({"program": Cell("Jumlah"), "anggaran": Cell(iku.anggaran, kunci=(iku.id, "anggaran")),
                                "realisasi": Cell(iku.realisasi_anggaran, kunci=(iku.id, "realisasi_anggaran")),
                                "persen": Cell(iku.penyerapan, kunci=(iku.id, "persen"))}, tingkat="total", gaya="tebal"))
    anggaran = Table(id=f"iku-{iku.id}-anggaran", jenis="halaman", judul=None, unduh=False,
                     columns=[Column("program", "Program", kunci=True), Column("anggaran", "Anggaran", RUPIAH, kunci=True), Column("realisasi", "Realisasi", RUPIAH),
                              Column("persen", "Penyerapan", PERSEN, kunci=True)], rows=budget_rows,
                     kosong=None if budget_rows else "Laporan tidak mengaitkan indikator ini dengan anggaran program.")
    pembanding = build(report, {"jenis": "pembanding", "indikator": [iku.id], "kolom": ["pembanding", "tahun", "nilai", "realisasi", "sumber"]},
                       f"iku-{iku.id}-pembanding")
    pembanding.jenis, pembanding.unduh = "halaman", False
    return [ukur, lintasan, anggaran, pembanding]


def node_tables(node) -> list:
    """A program page's tables for one node: its budget and its indicators."""
    money = [Column("anggaran", "Anggaran", RUPIAH, kunci=True), Column("realisasi", "Realisasi", RUPIAH), Column("persen", "Penyerapan", PERSEN, kunci=True)]
    cells = {"anggaran": Cell(node.anggaran, kunci=(node.id, "anggaran")), "realisasi": Cell(node.realisasi, kunci=(node.id, "realisasi")),
             "persen": Cell(node.persen, kunci=(node.id, "persen"))}
    if not node.anak:
        money.append(Column("sisa", "Sisa anggaran", RUPIAH))
        cells["sisa"] = Cell(node.sisa)
    tables = [Table(id=f"program-{node.id}-anggaran", jenis="halaman", judul=None, columns=money, rows=[Row(cells, id=node.id)], unduh=False)]
    if node.indikator_list:
        cols = [Column("indikator", "Indikator", kunci=True), Column("target", "Target", NILAI), Column("data", "Data"),
                Column("realisasi", "Realisasi", NILAI, kunci=True), Column("capaian", "Capaian", PERSEN, kunci=True), Column("kategori", "Kategori", kunci=True)]
        tables.append(Table(id=f"program-{node.id}-indikator", jenis="halaman", judul=None, columns=cols, unduh=False,
                            rows=[Row(_measure_cells(m, node.id), id=node.id) for m in node.indikator_list]))
    return tables


def attach_findings(report) -> None:
    """Each finding on the very figure it is about: the cell with its (item, field) key in the table
    its source names ('Tabel <nomor>'), or on the item's own page when the source is the text."""
    from .kerangka import same_number

    numbered = [t.nomor for t in report.tables.values() if t.nomor]
    ids = {t.id for t in report.tables.values()}
    by_cell: dict = {}
    for finding in report.temuan:
        by_cell.setdefault((finding.kunci, finding.bidang), []).append(finding)
        if finding.bidang == "data" and finding.path and finding.path[-1] in ("pembilang", "penyebut"):
            # also on the row of that one fact, where a page shows pembilang and penyebut apart
            by_cell.setdefault((finding.kunci, f"data.{finding.path[-1]}"), []).append(finding)
    for table in report.tables.values():
        for row in table.rows:
            for cell in row.cells.values():
                if cell.kunci is None:
                    continue
                for finding in by_cell.get(cell.kunci, []):
                    named = _table_number(finding.sumber)
                    if any(same_number(named, nomor) for nomor in numbered):
                        if same_number(named, table.nomor) or same_number(named, table.sama_dengan):
                            cell.temuan.append(finding)
                    elif named in ids:  # an unnumbered table, named by its id
                        if named == table.id:
                            cell.temuan.append(finding)
                    elif table.jenis in ("halaman", "data"):
                        cell.temuan.append(finding)


def _table_number(sumber: str) -> str | None:
    match = re.match(r"^\s*tabel\s+([0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*)", sumber or "", re.I)
    return match.group(1) if match else None
