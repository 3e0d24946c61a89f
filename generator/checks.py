"""Data-quality rules: what the document states against what its own raw facts give.

Each rule is a small function that takes the computed Report and yields Findings. A finding
names the place in the content (file, line, field), the figure the document states there, the
figure computed from the raw facts, and the value the site shows (always the computed one).

A stated derived figure is compared with the computed one rounded half-up to as many decimals as
the document wrote: equal means quiet. Off by at most one unit in the last written digit is a
rounding slip (`pembulatan`); anything else is a real disagreement (`selisih`). A fact stated
twice (a count, a target, a budget line) must be equal, or it is a `selisih`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from . import fmt
from . import numbers as n

SELISIH = "selisih"
PEMBULATAN = "pembulatan"
JENIS_LABEL = {SELISIH: "Selisih", PEMBULATAN: "Selisih pembulatan"}


@dataclass(frozen=True)
class Finding:
    jenis: str  # selisih | pembulatan
    file: str  # content kind: program, kinerja, ...
    path: tuple  # where the statement stands in that file
    kunci: str  # id of the thing the figure belongs to (used for links from the site)
    subjek: str  # what, in words: "Capaian — Persentase koperasi berkualitas"
    sumber: str  # where the document states it: "Tabel 3.2"
    dinyatakan: str  # the stated value, formatted
    dihitung: str  # the value computed from the raw facts, formatted
    catatan: str = ""
    lokasi: str = ""  # file:line:col in the content, filled in once positions are known

    @property
    def ditampilkan(self) -> str:
        """The site always shows the computed figure."""
        return self.dihitung


# --- comparison -----------------------------------------------------------------------------------

def places_of(value) -> int:
    exponent = Decimal(value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def compare_derived(stated, computed) -> str | None:
    """None when the stated figure is the computed one as the document rounds it."""
    if computed is None:
        return SELISIH
    stated = Decimal(stated)
    places = places_of(stated)
    if n.round_half_up(Decimal(computed), places) == stated:
        return None
    if abs(Decimal(computed) - stated) <= Decimal(1).scaleb(-places):
        return PEMBULATAN
    return SELISIH


def compare_fact(stated, fact) -> str | None:
    """A fact stated twice must be the same number."""
    if fact is None:
        return SELISIH
    return None if Decimal(stated) == Decimal(fact) else SELISIH


_UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9}
_WHOLE = {"nol": 0, "sepuluh": 10, "sebelas": 11, "seratus": 100}
_MULTIPLIERS = {"belas": None, "puluh": 10, "ratus": 100}
_SCALES = {"seribu": 1000, "ribu": 1000, "juta": 10**6, "milyar": 10**9, "miliar": 10**9, "triliun": 10**12}


def words_to_number(text: str) -> int | None:
    """Indonesian number words -> integer ('dua ratus enam puluh delapan ribu' -> 268000).
    None when the text holds a word that is not a number word."""
    words = re.findall(r"[a-z]+", text.lower().replace("tigapuluh", "tiga puluh"))
    total = group = unit = 0
    for word in words:
        if word in ("rupiah", "dan"):
            continue
        if word in _UNITS:
            unit = _UNITS[word]
        elif word in _WHOLE:
            group += _WHOLE[word]
        elif word == "belas":
            group, unit = group + unit + 10, 0
        elif word in _MULTIPLIERS:
            group, unit = group + unit * _MULTIPLIERS[word], 0
        elif word == "seribu":
            total += 1000
        elif word in _SCALES:
            total, group, unit = total + (group + unit) * _SCALES[word], 0, 0
        else:
            return None
    return total + group + unit


# --- rules --------------------------------------------------------------------------------------

class Context:
    """Helpers shared by the rules."""

    def __init__(self, report):
        self.report = report
        self.findings: list[Finding] = []

    def add(self, jenis, file, path, kunci, subjek, sumber, dinyatakan, dihitung, catatan=""):
        if jenis:
            self.findings.append(Finding(jenis, file, tuple(path), kunci, subjek, sumber, dinyatakan, dihitung, catatan))

    def statements(self, data: dict, key: str = "dinyatakan"):
        for index, statement in enumerate(data.get(key, [])):
            yield index, statement


def _fmt_value(value, unit: str) -> str:
    if value is None:
        return "tidak dapat dihitung"
    if unit == "rp":
        return fmt.rupiah(value, places_of(value) if places_of(value) <= 2 else 2)
    if unit == "%":
        return fmt.persen(value, 2)
    if unit == "pp":  # percentage points
        return fmt.angka(value, 2)
    return fmt.angka(value, places_of(value))


def _fmt_stated(value, unit: str) -> str:
    places = places_of(value)
    if unit == "rp":
        return fmt.rupiah(value, places)
    if unit == "%":
        return fmt.persen(value, places)
    return fmt.angka(value, places)


def _at(path, key):
    """Point at the stated field itself (synthetic one-value statements already point at it)."""
    return tuple(path) + ((key,) if key != "t" else ())


def check_derived(ctx, file, path, kunci, subjek, statement, key, computed, unit, catatan=""):
    if key in statement:
        path = _at(path, key)
        jenis = compare_derived(statement[key], computed)
        shown = _fmt_value(n.round_half_up(computed, 2) if computed is not None and unit in ("%", "pp") else computed, unit)
        ctx.add(jenis, file, path, kunci, subjek, statement["sumber"], _fmt_stated(statement[key], unit), shown,
                catatan or statement.get("catatan", ""))


def check_fact(ctx, file, path, kunci, subjek, statement, key, fact, unit, catatan=""):
    """A fact stated twice. Money may be written without its sen: that is compared as rounding."""
    if key in statement:
        path = _at(path, key)
        jenis = compare_derived(statement[key], fact) if unit == "rp" else compare_fact(statement[key], fact)
        ctx.add(jenis, file, path, kunci, subjek, statement["sumber"], _fmt_stated(statement[key], unit),
                _fmt_value(fact, unit), catatan or statement.get("catatan", ""))


def check_terbilang(ctx, file, path, kunci, subjek, statement, amount_key_order=("anggaran", "realisasi", "realisasi_anggaran", "jumlah")):
    """A spelled-out amount must say the figure written next to it."""
    if "terbilang" not in statement:
        return
    amount_key = next((k for k in amount_key_order if k in statement), None)
    if amount_key is None:
        return
    said = words_to_number(statement["terbilang"])
    figure = Decimal(statement[amount_key])
    if said is None or Decimal(said) != n.round_half_up(figure, 0):
        shown = "tidak terbaca sebagai bilangan" if said is None else fmt.angka(said)
        ctx.add(SELISIH, file, path, kunci, f"Terbilang — {subjek}", statement["sumber"],
                f"“{statement['terbilang']}” ({shown})", fmt.angka(figure, places_of(figure)),
                "Angka yang ditulis dengan huruf tidak sama dengan angka di sebelahnya.")


def measurement_rules(ctx, m, kunci, label):
    """Stated realisasi, capaian, category, target and counts of one measured indicator."""
    file, base = m.sumber
    unit = "%" if m.persen else ""
    for index, st in enumerate(m.dinyatakan):
        path = base + ("dinyatakan", index)
        check_fact(ctx, file, path, kunci, f"Target — {label}", st, "target", m.target, unit)
        check_derived(ctx, file, path, kunci, f"Realisasi — {label}", st, "realisasi", m.realisasi, unit)
        check_derived(ctx, file, path, kunci, f"Capaian — {label}", st, "capaian", m.capaian, "%")
        check_fact(ctx, file, path, kunci, f"Pembilang — {label}", st, "pembilang", m.fakta.get("pembilang"), "")
        check_fact(ctx, file, path, kunci, f"Penyebut — {label}", st, "penyebut", m.fakta.get("penyebut"), "")
        if "selisih" in st and m.rumus.get("jenis") == "pertumbuhan":
            difference = Decimal(m.fakta["nilai_akhir"]) - Decimal(m.fakta["nilai_awal"])
            check_derived(ctx, file, path, kunci, f"Selisih — {label}", st, "selisih", difference, "")
        if "kategori" in st and (m.kategori or "").lower() != st["kategori"].strip().lower():
            ctx.add(SELISIH, file, path, kunci, f"Kategori — {label}", st["sumber"], st["kategori"], m.kategori or "–")


def rule_iku(ctx):
    """IKU (Tabel 3.2, 3.4, 3.5, 3.6, 3.9 and the 3.1.1 text): figures, budgets, efficiency, Renstra targets."""
    for iku in ctx.report.iku:
        label = iku.ukur.nama
        measurement_rules(ctx, iku.ukur, iku.id, label)
        file, base = iku.ukur.sumber
        for index, st in enumerate(iku.ukur.dinyatakan):
            path = base + ("dinyatakan", index)
            check_derived(ctx, file, path, iku.id, f"Anggaran — {label}", st, "anggaran", iku.anggaran, "rp")
            check_derived(ctx, file, path, iku.id, f"Realisasi anggaran — {label}", st, "realisasi_anggaran", iku.realisasi_anggaran, "rp")
            check_derived(ctx, file, path, iku.id, f"Penyerapan anggaran — {label}", st, "persen", iku.penyerapan, "%")
            check_derived(ctx, file, path, iku.id, f"Tingkat efisiensi — {label}", st, "efisiensi", iku.efisiensi_tabel, "pp")
            for year, target in sorted(st.get("target_tahunan", {}).items()):
                check_fact(ctx, file, path, iku.id, f"Target {year} — {label}", {"sumber": st["sumber"], "t": target}, "t",
                           iku.target_renstra.get(int(year)), "%", "Dibandingkan dengan target Renstra (Tabel 2.2).")
    for row in ctx.report.iku_2024:
        if row["ukur"].sumber[0] != "kinerja":
            continue  # last year's own content: checked with that year
        row_rules(ctx, row)


def row_rules(ctx, row):
    """An IKU known by its stated realisation (a year known in part): figures and its Renstra targets."""
    m = row["ukur"]
    measurement_rules(ctx, m, m.id, m.nama)
    file, base = m.sumber
    for index, st in enumerate(m.dinyatakan):
        for year, target in sorted(st.get("target_tahunan", {}).items()):
            check_fact(ctx, file, base + ("dinyatakan", index), m.id, f"Target {year} — {m.nama}",
                       {"sumber": st["sumber"], "t": target}, "t", row["target_renstra"].get(int(year)), "%")


def rule_budget_tree(ctx):
    """Tabel 3.8 and the 3.1.7 text: every program and kegiatan subtotal, every percentage, every
    budget line stated in the text, amounts in words, and the number of kegiatan / sub kegiatan."""
    report = ctx.report
    for node in report.tree.nodes():
        label = node.nama
        for index, st in ctx.statements(node.data):
            path = node.path + ("dinyatakan", index)
            derived = node.tingkat != "sub_kegiatan"
            check = check_derived if derived else check_fact
            check(ctx, "program", path, node.id, f"Anggaran — {label}", st, "anggaran", node.anggaran, "rp")
            check(ctx, "program", path, node.id, f"Realisasi — {label}", st, "realisasi", node.realisasi, "rp")
            check_derived(ctx, "program", path, node.id, f"Penyerapan — {label}", st, "persen", node.persen, "%")
            check_terbilang(ctx, "program", path, node.id, label, st)
            check_fact(ctx, "program", path, node.id, f"Jumlah kegiatan — {label}", st, "jumlah_kegiatan", len(node.anak), "")
            check_fact(ctx, "program", path, node.id, f"Jumlah sub kegiatan — {label}", st, "jumlah_sub_kegiatan", len(node.anak), "")
        if node.indikator:
            measurement_rules(ctx, node.indikator, node.id, f"{node.indikator.nama} ({label})")
    total = report.tree
    strategis = report.program_strategis
    for index, st in ctx.statements(report.program, "dinyatakan_total"):
        path = ("dinyatakan_total", index)
        check_derived(ctx, "program", path, "total", "Total anggaran (Tabel 3.8)", st, "anggaran", total.anggaran, "rp")
        check_derived(ctx, "program", path, "total", "Total realisasi (Tabel 3.8)", st, "realisasi", total.realisasi, "rp")
        check_derived(ctx, "program", path, "total", "Penyerapan anggaran total", st, "persen", total.persen, "%")
        check_fact(ctx, "program", path, "total", "Jumlah program pendukung sasaran", st, "jumlah_program", len(strategis), "")


def rule_belanja(ctx):
    """Tabel 1.5, 2.6 and the 1.6 / 2.3 text: spending by type, murni and perubahan, totals in words."""
    b = ctx.report.belanja
    for gi, group in enumerate(b["kelompok"]):
        for index, st in ctx.statements(group):
            path = ("belanja", gi, "dinyatakan", index)
            check_derived(ctx, "anggaran", path, group["id"], f"Anggaran — {group['nama']}", st, "anggaran", group["perubahan"], "rp")
            check_derived(ctx, "anggaran", path, group["id"], f"Porsi — {group['nama']}", st, "persen", group["porsi"], "%")
            check_terbilang(ctx, "anggaran", path, group["id"], group["nama"], st)
        for index, st in ctx.statements(group, "dinyatakan_murni"):
            path = ("belanja", gi, "dinyatakan_murni", index)
            check_fact(ctx, "anggaran", path, group["id"], f"Anggaran murni — {group['nama']}", st, "anggaran", group.get("murni"), "rp")
            check_terbilang(ctx, "anggaran", path, group["id"], f"anggaran murni {group['nama']}", st)
        for li, line in enumerate(group["rincian"]):
            for index, st in ctx.statements(line):
                path = ("belanja", gi, "rincian", li, "dinyatakan", index)
                check_fact(ctx, "anggaran", path, line["id"], f"Anggaran — {line['nama']}", st, "anggaran", line.get("perubahan"), "rp")
                check_derived(ctx, "anggaran", path, line["id"], f"Porsi — {line['nama']}", st, "persen", line["porsi"], "%")
    data = ctx.report.anggaran
    for index, st in ctx.statements(data, "dinyatakan_total"):
        path = ("dinyatakan_total", index)
        check_derived(ctx, "anggaran", path, "total", "Total anggaran perubahan", st, "anggaran", b["perubahan"], "rp")
        check_derived(ctx, "anggaran", path, "total", "Total anggaran perubahan", st, "persen", Decimal(100), "%")
        check_terbilang(ctx, "anggaran", path, "total", "total anggaran perubahan", st)
    for index, st in ctx.statements(data, "dinyatakan_total_murni"):
        path = ("dinyatakan_total_murni", index)
        check_derived(ctx, "anggaran", path, "total", "Total anggaran murni", st, "anggaran", b["murni"], "rp")
        check_terbilang(ctx, "anggaran", path, "total", "total anggaran murni", st)
    tree_total = ctx.report.tree.anggaran
    if b["perubahan"] != tree_total:
        ctx.add(SELISIH, "anggaran", ("belanja",), "total", "Total anggaran menurut jenis belanja dan menurut program",
                "Tabel 1.5 / Tabel 3.8", fmt.rupiah(b["perubahan"]), fmt.rupiah(tree_total),
                "Jumlah jenis belanja tidak sama dengan jumlah sub kegiatan Tabel 3.8.")


def rule_per_sasaran(ctx):
    """Tabel 2.7 and the 2.3.1 text: program budgets (roll-ups of Tabel 3.8), shares, strategic totals."""
    report = ctx.report
    ps = report.per_sasaran
    for si, sasaran in enumerate(ps["sasaran"]):
        for pi, program in enumerate(sasaran["program"]):
            for index, st in ctx.statements(program):
                path = ("per_sasaran", "sasaran", si, "program", pi, "dinyatakan", index)
                check_derived(ctx, "anggaran", path, program["program"], f"Anggaran — {program['nama']}", st, "anggaran", program["anggaran"], "rp")
                check_derived(ctx, "anggaran", path, program["program"], f"Porsi — {program['nama']}", st, "persen", program["porsi"], "%")
                check_terbilang(ctx, "anggaran", path, program["program"], program["nama"], st)
    data = report.anggaran["per_sasaran"]
    for index, st in ctx.statements(data, "dinyatakan_total"):
        path = ("per_sasaran", "dinyatakan_total", index)
        check_derived(ctx, "anggaran", path, "per-sasaran", "Jumlah Tabel 2.7", st, "anggaran", ps["anggaran"], "rp")
        check_derived(ctx, "anggaran", path, "per-sasaran", "Jumlah porsi Tabel 2.7", st, "persen", ps["porsi"], "%")
    strategis = report.program_strategis
    anggaran_strategis = n.total(p.anggaran for p in strategis)
    kegiatan = [k for p in strategis for k in p.anak]
    sub = [s for k in kegiatan for s in k.anak]
    for index, st in ctx.statements(data, "dinyatakan_strategis"):
        path = ("per_sasaran", "dinyatakan_strategis", index)
        check_derived(ctx, "anggaran", path, "per-sasaran", "Anggaran untuk sasaran strategis", st, "anggaran", anggaran_strategis, "rp")
        check_terbilang(ctx, "anggaran", path, "per-sasaran", "anggaran untuk sasaran strategis", st)
        check_fact(ctx, "anggaran", path, "per-sasaran", "Jumlah program pendukung sasaran", st, "jumlah_program", len(strategis), "")
        check_fact(ctx, "anggaran", path, "per-sasaran", "Jumlah kegiatan pendukung sasaran", st, "jumlah_kegiatan", len(kegiatan), "")
        check_fact(ctx, "anggaran", path, "per-sasaran", "Jumlah sub kegiatan pendukung sasaran", st, "jumlah_sub_kegiatan", len(sub), "")


def rule_staffing_assets(ctx):
    """Tabel 1.1-1.4 and the 1.4 text: row and column totals."""
    k = ctx.report.kepegawaian
    base = ("kepegawaian",)
    for table, columns in (("jabatan", ("formasi", "terisi")), ("jenis_kelamin", ("laki_laki", "perempuan", "jumlah")), ("pangkat", ("jumlah",))):
        for index, st in ctx.statements(k[table]):
            for column in columns:
                check_derived(ctx, "organisasi", base + (table, "dinyatakan", index), f"tabel-{table.replace('_', '-')}",
                              f"Jumlah {column.replace('_', '-')} — {k[table]['judul']}", st, column, k[table]["total"][column], "")
    for ri, row in enumerate(k["jenis_kelamin"]["baris"]):
        for index, st in ctx.statements(row):
            check_derived(ctx, "organisasi", base + ("jenis_kelamin", "baris", ri, "dinyatakan", index), "tabel-jenis-kelamin",
                          f"Jumlah {row['pegawai']}", st, "jumlah", row["jumlah"], "")
    groups = {row["pegawai"]: row["jumlah"] for row in k["jenis_kelamin"]["baris"]}
    for index, st in ctx.statements(ctx.report.organisasi["kepegawaian"]):
        who = st.get("catatan", "")
        value = groups.get(who, k["jenis_kelamin"]["total"]["jumlah"] if who == "ASN" else None)
        if value is not None:
            check_derived(ctx, "organisasi", base + ("dinyatakan", index), "kepegawaian", f"Jumlah {who}", st, "jumlah", value, "")
    for gi, group in enumerate(ctx.report.aset["kelompok"]):
        for bi, item in enumerate(group["barang"]):
            for index, st in ctx.statements(item):
                path = ("aset", "kelompok", gi, "barang", bi, "dinyatakan", index)
                for column in ("total", "total_kondisi"):
                    check_derived(ctx, "organisasi", path, "aset", f"Total — {item['nama']}", st, column, item["total"], "")


def rule_targets(ctx):
    """The same target in two tables: Renstra (Tabel 2.2) vs Perjanjian Kinerja (Tabel 2.4), the
    Renstra end condition, and program targets of Tabel 2.5 vs Tabel 3.3."""
    report = ctx.report
    p = report.perencanaan
    year = str(report.tahun)
    periode = p["renstra"]["periode"]
    renstra = {}
    for si, sasaran in enumerate(p["renstra"]["sasaran"]):
        for ii, ind in enumerate(sasaran["indikator"]):
            renstra[ind["id"]] = ind
            _end_condition(ctx, ind, ("renstra", "sasaran", si, "indikator", ii), periode)
    for ti, tujuan in enumerate(p["renstra"]["tujuan"]):
        for ii, ind in enumerate(tujuan["indikator"]):
            _end_condition(ctx, ind, ("renstra", "tujuan", ti, "indikator", ii), periode)
    for index, target in enumerate(p["perjanjian_kinerja"]["target"]):
        ind = renstra.get(target["indikator"])
        if ind is not None and "target" in target:
            check_fact(ctx, "perencanaan", ("perjanjian_kinerja", "target", index, "target"), target["indikator"],
                       f"Target {year} — {ind['nama']}", {"sumber": "Tabel 2.4", "t": target["target"]}, "t",
                       ind.get("target", {}).get(year), "%", "Target Perjanjian Kinerja dibandingkan dengan target Renstra (Tabel 2.2).")
    nodes = report.tree.index()
    for index, item in enumerate(p["target_program"]["program"]):
        node = nodes.get(item["program"])
        if node is not None and node.indikator is not None and "target" in item and node.indikator.target is not None:
            check_fact(ctx, "perencanaan", ("target_program", "program", index, "target"), node.id,
                       f"Target program — {node.nama}", {"sumber": "Tabel 2.5", "t": item["target"]}, "t", node.indikator.target, "%",
                       f"Tabel 2.5 menetapkan “{item['indikator']}”; pengukuran (Tabel 3.3) memakai “{node.indikator.nama}” dengan target lain.")


def _end_condition(ctx, ind, path, periode):
    final = ind.get("target", {}).get(str(periode["akhir"]))
    for index, st in enumerate(ind.get("dinyatakan", [])):
        check_fact(ctx, "perencanaan", path + ("dinyatakan", index), ind["id"], f"Kondisi akhir — {ind['nama']}", st,
                   "kondisi_akhir", final, "%", "Kondisi akhir Renstra dibandingkan dengan target tahun terakhir.")


def rule_action_plan(ctx):
    """Tabel 2.8: each sub kegiatan's action-plan budget against its budget in Tabel 3.8."""
    nodes = ctx.report.tree.index()
    per_sub: dict = {}
    for index, row in enumerate(ctx.report.rencana_aksi["baris"]):
        per_sub.setdefault(row["sub_kegiatan"], []).append((index, row))
    for sub_id, rows in sorted(per_sub.items()):
        node = nodes.get(sub_id)
        planned = n.total(row["jumlah"] for _, row in rows)
        jenis = compare_derived(planned, node.anggaran) if node is not None else None
        if jenis:
            first = rows[0][0]
            ctx.add(jenis, "perencanaan", ("rencana_aksi", "baris", first), sub_id, f"Anggaran rencana aksi — {node.nama}",
                    "Tabel 2.8", fmt.rupiah(planned), fmt.rupiah(node.anggaran),
                    "Anggaran di rencana aksi (Tabel 2.8) berbeda dengan anggaran sub kegiatan di Tabel 3.8.")


def rule_counts(ctx):
    """Counts the text states: missions, sasaran, indicators, programs per sasaran."""
    p = ctx.report.perencanaan
    rp = p["rpjmd"]
    for key, actual, label in (("dinyatakan_jumlah_misi", len(rp["misi"]), "Jumlah misi RPJMD"),
                               ("dinyatakan_jumlah_sasaran", len(rp["sasaran_misi"]), "Jumlah sasaran misi"),
                               ("dinyatakan_jumlah_indikator", len(rp["sasaran_misi"]), "Jumlah indikator sasaran misi")):
        for index, st in ctx.statements(rp, key):
            check_fact(ctx, "perencanaan", ("rpjmd", key, index), "rpjmd", label, st, "jumlah", actual, "")
    for index, st in ctx.statements(p["perjanjian_kinerja"], "dinyatakan_jumlah_indikator"):
        check_fact(ctx, "perencanaan", ("perjanjian_kinerja", "dinyatakan_jumlah_indikator", index), "perjanjian-kinerja",
                   "Jumlah indikator sasaran", st, "jumlah", len(p["perjanjian_kinerja"]["target"]), "")
    cascade = {c["sasaran"]: c for c in p["kaskade"]}
    for si, sasaran in enumerate(p["renstra"]["sasaran"]):
        for index, st in ctx.statements(sasaran, "dinyatakan_jumlah_indikator"):
            check_fact(ctx, "perencanaan", ("renstra", "sasaran", si, "dinyatakan_jumlah_indikator", index), sasaran["id"],
                       f"Jumlah indikator — {sasaran['nama']}", st, "jumlah", len(sasaran["indikator"]), "")
        programs = len(cascade.get(sasaran["id"], {}).get("program", []))
        for index, st in ctx.statements(sasaran, "dinyatakan_jumlah_program"):
            check_fact(ctx, "perencanaan", ("renstra", "sasaran", si, "dinyatakan_jumlah_program", index), sasaran["id"],
                       f"Jumlah program — {sasaran['nama']}", st, "jumlah_program", programs, "")


def rule_scale(ctx):
    """Tabel 3.1: the stated ranges must cover 0 upwards without gaps or overlaps."""
    kategori = ctx.report.kinerja["skala_capaian"]["kategori"]
    ordered = sorted(enumerate(kategori), key=lambda item: Decimal(item[1]["batas_bawah"]))
    for (i, low), (j, high) in zip(ordered, ordered[1:]):
        upper = _stated_upper(low.get("rentang_dinyatakan", ""))
        if upper is None:
            continue
        start = Decimal(high["batas_bawah"])
        step = Decimal(1).scaleb(-max(places_of(upper), 2))
        if upper >= start:
            problem = f"rentang “{low['rentang_dinyatakan']}” dan “{high['rentang_dinyatakan']}” tumpang tindih di {fmt.angka(start, 2)}"
        elif start - upper > step:
            problem = f"nilai antara {fmt.angka(upper, places_of(upper))} dan {fmt.angka(start, 0)} tidak masuk kategori mana pun"
        else:
            continue
        ctx.add(SELISIH, "kinerja", ("skala_capaian", "kategori", i, "rentang_dinyatakan"), "skala", f"Skala capaian — {low['nama']}",
                "Tabel 3.1", low["rentang_dinyatakan"], f"mulai {fmt.angka(start, 2)} untuk {high['nama']}",
                f"Rentang tertulis: {problem}. Situs memakai batas bawah setiap kategori.")


def _stated_upper(text: str) -> Decimal | None:
    match = re.search(r"-\s*([0-9]+(?:,[0-9]+)?)\s*$", text)
    return Decimal(match.group(1).replace(",", ".")) if match else None


RULES = (rule_iku, rule_budget_tree, rule_belanja, rule_per_sasaran, rule_staffing_assets, rule_targets,
         rule_action_plan, rule_counts, rule_scale)


SECTIONS = (
    ("kinerja", "Indikator kinerja utama dan skala capaian (Tabel 3.1-3.6, 3.9, uraian 3.1.1)"),
    ("program", "Program, kegiatan dan realisasi anggaran (Tabel 3.3, 3.8, uraian 3.1.7)"),
    ("perencanaan", "Perencanaan kinerja (Tabel 2.2-2.8)"),
    ("anggaran", "Keuangan (Tabel 1.5, 2.6, 2.7, uraian 1.6, 2.3)"),
    ("organisasi", "Kepegawaian dan sarana prasarana (Tabel 1.1-1.4)"),
)


def run_checks(report, positions=None) -> list[Finding]:
    """Every rule over the report. `positions(file, path) -> "content/2025/x.yaml:12:5"` adds locations."""
    ctx = Context(report)
    for rule in RULES:
        rule(ctx)
    findings = ctx.findings
    if positions is not None:
        findings = [replace(f, lokasi=positions(f.file, f.path)) for f in findings]
    return findings


def run_partial_checks(report, positions=None) -> list[Finding]:
    """A year known in part: what its IKU rows state against their own facts."""
    ctx = Context(report)
    for row in report.rows:
        row_rules(ctx, row)
    findings = ctx.findings
    if positions is not None:
        findings = [replace(f, lokasi=positions(f.file, f.path)) for f in findings]
    return findings


def by_key(findings: list[Finding]) -> dict:
    index: dict = {}
    for finding in findings:
        index.setdefault(finding.kunci, []).append(finding)
    return index


TITLES = {
    "skala": "Skala capaian (Tabel 3.1)", "total": "Total anggaran", "per-sasaran": "Anggaran per sasaran (Tabel 2.7, uraian 2.3.1)",
    "rpjmd": "RPJMD", "perjanjian-kinerja": "Perjanjian Kinerja (Tabel 2.4)", "kepegawaian": "Kepegawaian (uraian 1.4)",
    "tabel-jabatan": "Tabel 1.1", "tabel-jenis-kelamin": "Tabel 1.2", "tabel-pangkat": "Tabel 1.3", "aset": "Aset (Tabel 1.4)",
}


def grouped(findings: list[Finding], names: dict) -> list:
    """[(section title, [(kunci, group title, [findings])])] in a fixed order, for the data-quality page."""
    result = []
    for file, title in SECTIONS:
        groups = by_key([f for f in findings if f.file == file])
        if groups:
            result.append((title, [(kunci, names.get(kunci) or TITLES.get(kunci) or items[0].subjek.split(" — ")[-1], items)
                                   for kunci, items in groups.items()]))
    return result
