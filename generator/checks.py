"""Data-quality rules: what the document states against what its own raw facts give.

Each rule is a small function that takes the computed Report and yields Findings. A finding
names the place in the content (file, path), the item and field the figure belongs to (so that the
site marks that very figure), the figure the document states, the figure computed from the raw
facts, and the value the site shows (always the computed one).

A stated derived figure is compared with the computed one rounded as many decimals as the document
wrote (by the report's rounding rule): equal means quiet. Off by at most one unit in the last
written digit is a rounding slip (`pembulatan`); anything else is a real disagreement (`selisih`).
A fact stated twice (a count, a target, a budget line) must be equal, or it is a `selisih`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from . import fmt
from . import numbers as n
from .tabel import data_cell_key, data_columns, data_label_key

SELISIH = "selisih"
PEMBULATAN = "pembulatan"
BERTINGKAT = "bertingkat"  # follows from the document's own displayed (rounded) inputs, not from the exact facts
JENIS = (SELISIH, PEMBULATAN, BERTINGKAT)
JENIS_LABEL = {SELISIH: "Selisih", PEMBULATAN: "Selisih pembulatan", BERTINGKAT: "Pembulatan bertingkat"}


@dataclass(frozen=True)
class Finding:
    """A place where the document states a figure its own raw facts do not give. Values stay raw
    (exact numbers or text) and are formatted only where they are shown."""

    jenis: str  # selisih | pembulatan
    file: str  # content kind: program, kinerja, ...
    path: tuple  # where the statement stands in that file
    kunci: str  # id of the thing the figure belongs to (used for links from the site)
    subjek: str  # what, in words: "Capaian — <nama indikator>"
    sumber: str  # where the document states it: "Tabel <nomor>"
    tertulis: object  # the stated value as written (Decimal or text)
    hitungan: object  # the value computed from the raw facts (exact Decimal, text, or None)
    satuan: str = ""  # how both are written: "%", "rp", "pp" (percentage points), "" (a number) or "teks"
    catatan: str = ""
    lokasi: str = ""  # file:line:col in the content, filled in once positions are known
    bidang: str = ""  # which figure of the item: capaian, anggaran, persen, ... ('' for the item as a whole)
    teks_tertulis: str | None = None  # the stated value in words (a terbilang), shown instead of the number
    teks_hitungan: str | None = None  # an explanation shown instead of a computed number
    halaman: int | None = None  # the page of the signed original where the document states it
    fakta: tuple | None = None  # the raw facts behind a computed realisation: (rumus, first, second), e.g. ("rasio", 1010, 6133)
    dampak: str | None = None  # what the difference changes, in words: "kategori Sangat Tinggi → Tinggi"; None: only the figure

    @property
    def dinyatakan(self) -> str:
        """The stated value as the document writes it (its own number of decimals)."""
        return self.teks_tertulis or _fmt_stated(self.tertulis, self.satuan)

    @property
    def dihitung(self) -> str:
        """The computed value, exact to two decimals for percentages (enough to see a rounding slip)."""
        if self.teks_hitungan:
            return self.teks_hitungan
        exact = self.hitungan
        if isinstance(exact, Decimal) and self.satuan in ("%", "pp"):
            exact = n.round_half_up(exact, 2)
        return _fmt_value(exact, self.satuan)

    def ditampilkan(self, places: int = 2, cara: str = n.SETENGAH_KE_ATAS) -> str:
        """The computed value as the site shows it, under the report's rounding rule (a number that is
        not whole, an average or an index, is rounded by it too)."""
        exact = self.hitungan
        if self.teks_hitungan or not isinstance(exact, Decimal) or self.satuan in ("rp", "teks"):
            return self.dihitung
        if self.satuan == "%":
            return fmt.persen(exact, places, cara)
        if self.satuan == "pp" or exact != exact.to_integral_value():
            return fmt.angka(exact, places, cara)
        return self.dihitung

    def uraian_hitungan(self, places: int = 2, cara: str = n.SETENGAH_KE_ATAS) -> str:
        """What the site shows, and for a rounding slip the exact figure that explains it."""
        shown = self.ditampilkan(places, cara)
        if self.jenis == PEMBULATAN and isinstance(self.hitungan, Decimal) and self.satuan in ("%", "pp"):
            exact = fmt.angka(self.hitungan, 4) + ("%" if self.satuan == "%" else "")
            if exact != shown:
                return f"{shown} (tepatnya {exact})"
        return shown

    def ringkasan(self, places: int = 2, cara: str = n.SETENGAH_KE_ATAS) -> str:
        """What is wrong, in one phrase: the accessible name of the figure's ⚠ mark."""
        if self.teks_hitungan:
            return f"{self.sumber} menulis {self.dinyatakan}; {self.teks_hitungan}"
        return f"{self.sumber} menulis {self.dinyatakan}, situs menampilkan {self.uraian_hitungan(places, cara)}"

    @property
    def tertulis_angka(self) -> Decimal | None:
        return self.tertulis if isinstance(self.tertulis, (Decimal, int)) and not isinstance(self.tertulis, bool) else None

    @property
    def hitungan_angka(self) -> Decimal | None:
        return self.hitungan if isinstance(self.hitungan, (Decimal, int)) and not isinstance(self.hitungan, bool) else None

    def ditampilkan_angka(self, places: int = 2, cara: str = n.SETENGAH_KE_ATAS) -> Decimal | None:
        """The computed value as a number, rounded as the site shows it (percentages by the report's rule)."""
        exact = self.hitungan_angka
        if exact is None or self.satuan in ("rp", "teks"):
            return exact
        return n.rounded(exact, places, cara) if self.satuan in ("%", "pp") or exact != exact.to_integral_value() else exact


# --- comparison -----------------------------------------------------------------------------------

places_of = n.places_written


def compare_derived(stated, computed, cara: str = n.SETENGAH_KE_ATAS) -> str | None:
    """None when the stated figure is the computed one as the document rounds it."""
    if computed is None or isinstance(computed, str):
        return SELISIH
    stated = Decimal(stated)
    places = places_of(stated)
    exact = Decimal(computed)
    if n.rounded(exact, places, cara) == stated:
        return None
    if exact == n.rounded(exact, places, cara):  # nothing to round away: a whole count of 5 stated as 6 is a real difference
        return SELISIH
    if abs(exact - stated) <= Decimal(1).scaleb(-places):
        return PEMBULATAN
    return SELISIH


def compare_fact(stated, fact) -> str | None:
    """A fact stated twice must be the same number."""
    if fact is None:
        return SELISIH
    if isinstance(fact, str) or isinstance(stated, str):
        return None if str(stated).strip().lower() == str(fact).strip().lower() else SELISIH
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
        self.cara = report.metode.cara
        self.findings: list[Finding] = []

    def add(self, jenis, file, path, kunci, subjek, sumber, tertulis, hitungan, satuan="", catatan="", bidang="", statement=None, **teks):
        if statement and isinstance(statement.get("halaman"), int):
            teks["halaman"] = statement["halaman"]
        if jenis:
            self.findings.append(Finding(jenis, file, tuple(path), kunci, subjek, sumber, _exact(tertulis), _exact(hitungan), satuan,
                                         catatan, bidang=bidang, **teks))

    @staticmethod
    def statements(data: dict, key: str = "dinyatakan"):
        for index, statement in enumerate(data.get(key, []) or []):
            yield index, statement

    def table_label(self, jenis: str, fallback: str) -> str:
        """'Tabel <nomor>' when the outline has a numbered table of this kind, else a plain name."""
        outline = self.report.outline
        for place in outline.tables if outline else []:
            if place.spec["jenis"] == jenis and place.nomor:
                return f"Tabel {place.nomor}"
        return fallback


def _exact(value):
    return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _fmt_value(value, unit: str) -> str:
    if value is None:
        return "tidak dapat dihitung"
    if isinstance(value, str):
        return value
    if unit == "rp":
        return fmt.rupiah(value, places_of(value) if places_of(value) <= 2 else 2)
    if unit == "%":
        return fmt.persen(value, 2)
    if unit == "pp":  # percentage points
        return fmt.angka(value, 2)
    return fmt.angka(value, min(places_of(value), 4))  # an average that does not end: four decimals are enough to compare


def _fmt_stated(value, unit: str) -> str:
    if isinstance(value, str):
        return value
    places = places_of(value)
    if unit == "rp":
        return fmt.rupiah(value, places)
    if unit == "%":
        return fmt.persen(value, places)
    return fmt.angka(value, places)


def _at(path, key):
    """Point at the stated field itself (synthetic one-value statements already point at it)."""
    return tuple(path) + ((key,) if key != "t" else ())


def check_derived(ctx, file, path, kunci, subjek, statement, key, computed, unit, catatan="", bidang=None, dari_tampilan=None, fakta=None,
                  dampak=None):
    """A stated derived figure against the one computed from the exact facts. `dari_tampilan`: the
    same figure computed from the document's own displayed inputs; a stated figure that follows from
    those is consistent with what the document shows ('pembulatan bertingkat'), not a disagreement."""
    if key in statement:
        jenis = compare_derived(statement[key], computed, ctx.cara)
        if jenis and dari_tampilan is not None and compare_derived(statement[key], dari_tampilan, ctx.cara) is None:
            jenis = BERTINGKAT
            catatan = catatan or "Angka dokumen sesuai dengan angka yang ditulisnya sendiri (sudah dibulatkan); dari data mentah hasilnya berbeda."
        ctx.add(jenis, file, _at(path, key), kunci, subjek, statement["sumber"], statement[key], computed, unit,
                catatan or statement.get("catatan", ""), bidang if bidang is not None else key, statement=statement, fakta=fakta,
                dampak=dampak(statement[key]) if dampak and jenis != BERTINGKAT else None)


def check_fact(ctx, file, path, kunci, subjek, statement, key, fact, unit, catatan="", bidang=None):
    """A fact stated twice. Money may be written without its sen: that is compared as rounding."""
    if key in statement:
        jenis = compare_derived(statement[key], fact, ctx.cara) if unit == "rp" and not isinstance(fact, str) else compare_fact(statement[key], fact)
        ctx.add(jenis, file, _at(path, key), kunci, subjek, statement["sumber"], statement[key], fact, unit,
                catatan or statement.get("catatan", ""), bidang if bidang is not None else key, statement=statement)


def check_terbilang(ctx, file, path, kunci, subjek, statement, amount_keys=("anggaran", "realisasi", "realisasi_anggaran", "jumlah", "total")):
    """A spelled-out amount must say the figure written next to it."""
    if "terbilang" not in statement:
        return
    amount_key = next((k for k in amount_keys if k in statement), None)
    if amount_key is None:
        amount_key = next((k for k, v in statement.items() if k not in ("sumber", "catatan", "halaman", "baris", "terbilang") and not isinstance(v, str)), None)
    if amount_key is None:
        return
    said = words_to_number(statement["terbilang"])
    figure = Decimal(statement[amount_key])
    if said is None or Decimal(said) != n.round_half_up(figure, 0):
        shown = "tidak terbaca sebagai bilangan" if said is None else fmt.angka(said)
        ctx.add(SELISIH, file, path, kunci, f"Terbilang — {subjek}", statement["sumber"], said, figure, "",
                "Angka yang ditulis dengan huruf tidak sama dengan angka di sebelahnya.", "terbilang", statement=statement,
                teks_tertulis=f"“{statement['terbilang']}” ({shown})")


def category_change(ctx, m, from_realisasi: bool = False):
    """What a stated figure would change: the category on the report's scale of the stated capaian
    (or of the capaian a stated realisasi gives) against the one the site gives
    ('kategori Sangat Tinggi → Kurang'); None when both fall in the same category."""
    def change(stated):
        if not ctx.report.skala or not m.dinilai or isinstance(stated, str) or m.kategori is None:
            return None
        capaian = Decimal(stated)
        if from_realisasi:
            if m.biner or not isinstance(m.target, Decimal) or m.target == 0:
                return None
            capaian = n.capaian(capaian, m.target, m.arah, m.metode.capaian_turun, m.metode.batas_capaian)
        said = n.kategori(capaian, ctx.report.skala, ctx.report.metode.desimal, ctx.cara)
        return None if said == m.kategori else f"kategori {said or '–'} (menurut angka dokumen) → {m.kategori} (hitungan)"
    return change


def verdict_change(iku):
    """A stated efficiency on the other side of the line the report's method draws (efisien or not)."""
    def change(stated):
        if iku.efisien is None or isinstance(stated, str):
            return None
        line = Decimal(1) if iku.metode.efisiensi == "capaian-dibagi-serapan" else Decimal(0)
        said = Decimal(stated) >= line
        return None if said == iku.efisien else f"penilaian {'efisien' if said else 'tidak efisien'} (menurut angka dokumen) → " \
                                                  f"{'efisien' if iku.efisien else 'tidak efisien'} (hitungan)"
    return change


def follows_written_realisasi(ctx, m, statement) -> str:
    """A stated capaian that follows from a realisasi written beside it which is itself wrong: still
    a disagreement, and the note says where it comes from."""
    written, stated = statement.get("realisasi"), statement.get("capaian")
    if not isinstance(written, (int, Decimal)) or not isinstance(stated, (int, Decimal)) or not isinstance(m.target, Decimal) or m.biner:
        return ""
    if compare_derived(written, m.realisasi, ctx.cara) != SELISIH:
        return ""
    follows = n.capaian(Decimal(written), m.target, m.arah, m.metode.capaian_turun, m.metode.batas_capaian)
    if compare_derived(stated, follows, ctx.cara) is None:
        return (f"Capaian ini mengikuti realisasi yang tertulis di tempat yang sama ({fmt.angka(Decimal(written), places_of(written))}), "
                "yang juga berbeda dengan data mentah.")
    return ""


def capaian_from_shown(ctx, m, statement) -> Decimal | None:
    """Capaian as the document would get it from what it shows: the realisation as written in the
    same place (or as rounded by the report's rule) over the target as written there."""
    if m.biner or not isinstance(m.realisasi, Decimal):
        return None
    def shown(key, exact):
        """The figure as written in the same place when it is the exact one within rounding, else as the report rounds it."""
        written = statement.get(key)
        if isinstance(written, (int, Decimal)) and not isinstance(written, bool) and compare_derived(written, exact, ctx.cara) in (None, PEMBULATAN):
            return Decimal(written)
        return n.rounded(exact, ctx.report.metode.desimal, ctx.cara) if key == "realisasi" else exact

    if not isinstance(m.target, Decimal):
        return None
    realisasi, target = shown("realisasi", m.realisasi), shown("target", m.target)
    return n.capaian(realisasi, Decimal(target), m.arah, m.metode.capaian_turun, m.metode.batas_capaian)


def measurement_rules(ctx, m, kunci, label):
    """Stated realisasi, capaian, category, target and counts of one measured indicator."""
    file, base = m.sumber
    unit = "%" if m.persen else ""
    for index, st in enumerate(m.dinyatakan):
        path = base + ("dinyatakan", index)
        check_fact(ctx, file, path, kunci, f"Target — {label}", st, "target", m.target_tahunan if m.target_tahunan is not None else m.target, unit)
        facts = m.fakta_pasangan
        check_derived(ctx, file, path, kunci, f"Realisasi — {label}", st, "realisasi", m.realisasi, unit, fakta=facts,
                      dampak=category_change(ctx, m, from_realisasi=True))
        check_derived(ctx, file, path, kunci, f"Capaian — {label}", st, "capaian", m.capaian, "%",
                      dari_tampilan=capaian_from_shown(ctx, m, st), fakta=facts, dampak=category_change(ctx, m),
                      catatan=follows_written_realisasi(ctx, m, st))
        if m.rumus.get("jenis") == "rasio":  # counts stated for a value recorded directly cannot be checked against anything
            check_fact(ctx, file, path, kunci, f"Pembilang — {label}", st, "pembilang", m.fakta.get("pembilang"), "", bidang="data")
            check_fact(ctx, file, path, kunci, f"Penyebut — {label}", st, "penyebut", m.fakta.get("penyebut"), "", bidang="data")
        if "selisih" in st and m.rumus.get("jenis") in ("pertumbuhan", "penurunan"):
            if "nilai_awal" not in m.fakta or "nilai_akhir" not in m.fakta:
                difference = None  # not yet reported: the stated difference cannot be checked
            else:
                difference = Decimal(m.fakta["nilai_akhir"]) - Decimal(m.fakta["nilai_awal"])
            check_derived(ctx, file, path, kunci, f"Selisih — {label}", st, "selisih", difference, "")
        if "kategori" in st and ctx.report.skala and (m.kategori or "").lower() != st["kategori"].strip().lower():
            ctx.add(SELISIH, file, path + ("kategori",), kunci, f"Kategori — {label}", st["sumber"], st["kategori"], m.kategori or "–", "teks",
                    bidang="kategori", statement=st)


def rule_iku(ctx):
    """Each IKU: its figures, budget, efficiency and Renstra targets wherever the document states them."""
    renstra = ctx.table_label("renstra-target", "target Renstra")
    for iku in ctx.report.iku:
        label = iku.ukur.nama
        measurement_rules(ctx, iku.ukur, iku.id, label)
        file, base = iku.ukur.sumber
        for index, st in enumerate(iku.ukur.dinyatakan):
            path = base + ("dinyatakan", index)
            check_derived(ctx, file, path, iku.id, f"Anggaran — {label}", st, "anggaran", iku.anggaran, "rp")
            check_derived(ctx, file, path, iku.id, f"Realisasi anggaran — {label}", st, "realisasi_anggaran", iku.realisasi_anggaran, "rp")
            check_derived(ctx, file, path, iku.id, f"Penyerapan anggaran — {label}", st, "persen", iku.penyerapan, "%")
            check_derived(ctx, file, path, iku.id, f"Tingkat efisiensi — {label}", st, "efisiensi", iku.efisiensi,
                          "" if iku.metode.efisiensi == "capaian-dibagi-serapan" else "pp", dampak=verdict_change(iku))
            check_derived(ctx, file, path, iku.id, f"Penyerapan dikurangi target — {label}", st, "serapan_dikurangi_target",
                          iku.serapan_dikurangi_target, "pp")
            for year, target in sorted(st.get("target_tahunan", {}).items()):
                check_fact(ctx, file, path, iku.id, f"Target {year} — {label}", {"sumber": st["sumber"], "t": target}, "t",
                           iku.target_renstra.get(int(year)), "%" if iku.ukur.persen else "", f"Dibandingkan dengan target Renstra ({renstra}).",
                           bidang=f"target_{year}")


def rule_budget_tree(ctx):
    """The budget tree: every subtotal and percentage the document prints, every budget line stated
    in the text, amounts in words, and the number of kegiatan / sub kegiatan stated."""
    report = ctx.report
    if report.tree is None:
        return
    for node in report.tree.nodes():
        label = node.nama
        for index, st in ctx.statements(node.data):
            path = node.path + ("dinyatakan", index)
            check = check_derived if node.anak else check_fact
            check(ctx, "program", path, node.id, f"Anggaran — {label}", st, "anggaran", node.anggaran, "rp")
            check(ctx, "program", path, node.id, f"Realisasi — {label}", st, "realisasi", node.realisasi, "rp")
            check_derived(ctx, "program", path, node.id, f"Penyerapan — {label}", st, "persen", node.persen, "%")
            check_terbilang(ctx, "program", path, node.id, label, st)
            below = [part.tingkat for part in node.walk()][1:]
            check_fact(ctx, "program", path, node.id, f"Jumlah kegiatan — {label}", st, "jumlah_kegiatan", below.count("kegiatan"), "")
            check_fact(ctx, "program", path, node.id, f"Jumlah sub kegiatan — {label}", st, "jumlah_sub_kegiatan", below.count("sub_kegiatan"), "")
        for m in node.indikator_list:
            measurement_rules(ctx, m, node.id, f"{m.nama} ({label})")
    total = report.tree
    for index, st in ctx.statements(report.program, "dinyatakan_total"):
        path = ("dinyatakan_total", index)
        check_derived(ctx, "program", path, "total", "Total anggaran", st, "anggaran", total.anggaran, "rp")
        check_derived(ctx, "program", path, "total", "Total realisasi", st, "realisasi", total.realisasi, "rp")
        check_derived(ctx, "program", path, "total", "Penyerapan anggaran total", st, "persen", total.persen, "%")
        check_fact(ctx, "program", path, "total", "Jumlah program pendukung sasaran", st, "jumlah_program", len(report.program_strategis), "")


def _printed(node_data: dict, sumber: str, key: str):
    """(index, value) of the first statement from `sumber` giving `key`, or None."""
    for index, st in enumerate(node_data.get("dinyatakan", []) or []):
        if st.get("sumber") == sumber and key in st and not isinstance(st[key], str):
            return index, Decimal(st[key])
    return None


def _printed_row(node, sumber: str, key: str):
    """The figure a row of `sumber` prints: what the content records it states, or, for a row of
    that table stated without this figure, its own (the figure was printed as the facts give it)."""
    if not any(st.get("sumber") == sumber for st in node.data.get("dinyatakan", []) or []):
        return None
    found = _printed(node.data, sumber, key)
    return found[1] if found else getattr(node, key)


def rule_printed_sums(ctx):
    """A printed subtotal or total against the sum of the rows printed under it in the same table:
    when a row is printed with another figure than its facts give, the column may no longer add up.
    Reported only where it tells something new: the printed rows add up to something other than
    the facts' total, and the printed subtotal is not that sum either. Only the outline's numbered
    tables have rows under a subtotal: a narrative ('Teks 3.1.7') that names a kegiatan's budget and
    only the realisation of a sub kegiatan did not print that sub kegiatan's budget at all."""
    report = ctx.report
    if report.tree is None:
        return
    tables = {f"Tabel {place.nomor}" for place in (report.outline.tables if report.outline else []) if place.nomor}
    sources = {st.get("sumber") for node in report.tree.nodes() for st in node.data.get("dinyatakan", []) or [] if st.get("sumber") in tables}
    parents = [(node.data, node.path, node.id, node.nama, node.anak, node) for node in report.tree.nodes() if node.anak]
    parents.append((report.program, (), "total", "Total", report.tree.akar, report.tree))
    for sumber in sorted(sources):
        for data, path, ident, label, children, node in parents:
            for key in ("anggaran", "realisasi"):
                stated_key = "dinyatakan_total" if ident == "total" else "dinyatakan"
                own = _printed({"dinyatakan": data.get(stated_key)}, sumber, key)
                rows = [_printed_row(child, sumber, key) for child in children]
                if own is None or not rows or any(row is None for row in rows):
                    continue
                printed_sum = sum(rows)
                if printed_sum == own[1] or printed_sum == getattr(node, key):
                    continue
                subject = "Total" if ident == "total" else label
                ctx.add(SELISIH, "program", path + (stated_key, own[0], key), ident,
                        f"Jumlah {'anggaran' if key == 'anggaran' else 'realisasi'} tertulis — {subject}", sumber, own[1], printed_sum, "rp",
                        f"Angka ini bukan jumlah {len(rows)} baris di bawahnya yang tertulis di {sumber} ({_fmt_value(printed_sum, 'rp')}); "
                        f"dari data mentah jumlahnya {_fmt_value(getattr(node, key), 'rp')}.", f"{key}-tertulis",
                        teks_hitungan=f"{_fmt_value(printed_sum, 'rp')} (jumlah baris tertulis)")


def rule_belanja(ctx):
    """Spending by type, murni and perubahan, totals in words."""
    b = ctx.report.belanja
    if b is None:
        return
    for gi, group in enumerate(b["kelompok"]):
        for index, st in ctx.statements(group):
            path = ("belanja", gi, "dinyatakan", index)
            check_derived(ctx, "anggaran", path, group["id"], f"Anggaran — {group['nama']}", st, "anggaran", group["perubahan"], "rp")
            check_derived(ctx, "anggaran", path, group["id"], f"Porsi — {group['nama']}", st, "persen", group["porsi"], "%")
            check_terbilang(ctx, "anggaran", path, group["id"], group["nama"], st)
        for index, st in ctx.statements(group, "dinyatakan_murni"):
            path = ("belanja", gi, "dinyatakan_murni", index)
            check_fact(ctx, "anggaran", path, group["id"], f"Anggaran murni — {group['nama']}", st, "anggaran", group.get("murni"), "rp", bidang="murni")
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
        check_derived(ctx, "anggaran", path, "total", "Total anggaran murni", st, "anggaran", b["murni"], "rp", bidang="murni")
        check_terbilang(ctx, "anggaran", path, "total", "total anggaran murni", st)
    tree = ctx.report.tree
    if tree is not None and b["perubahan"] != tree.anggaran:
        types, programs = ctx.table_label("belanja", "anggaran per jenis belanja"), ctx.table_label("realisasi-anggaran", "realisasi anggaran")
        ctx.add(SELISIH, "anggaran", ("belanja",), "total", "Total anggaran menurut jenis belanja dan menurut program",
                f"{types} / {programs}", b["perubahan"], tree.anggaran, "rp",
                f"Jumlah jenis belanja tidak sama dengan jumlah sub kegiatan ({programs}).", "anggaran")


def rule_per_sasaran(ctx):
    """Budget per sasaran: program budgets (roll-ups of the tree), shares, strategic totals."""
    report = ctx.report
    ps = report.per_sasaran
    if ps is None:
        return
    for si, sasaran in enumerate(ps["sasaran"]):
        for index, st in ctx.statements(sasaran):
            path = ("per_sasaran", "sasaran", si, "dinyatakan", index)
            check_derived(ctx, "anggaran", path, sasaran["sasaran"], f"Anggaran sasaran — {sasaran['nama']}", st, "anggaran", sasaran["anggaran"], "rp")
            check_derived(ctx, "anggaran", path, sasaran["sasaran"], f"Porsi sasaran — {sasaran['nama']}", st, "persen", sasaran["porsi"], "%")
            check_terbilang(ctx, "anggaran", path, sasaran["sasaran"], sasaran["nama"], st)
        for pi, program in enumerate(sasaran["program"]):
            for index, st in ctx.statements(program):
                path = ("per_sasaran", "sasaran", si, "program", pi, "dinyatakan", index)
                check_derived(ctx, "anggaran", path, program["program"], f"Anggaran — {program['nama']}", st, "anggaran", program["anggaran"], "rp")
                check_derived(ctx, "anggaran", path, program["program"], f"Porsi — {program['nama']}", st, "persen", program["porsi"], "%")
                check_terbilang(ctx, "anggaran", path, program["program"], program["nama"], st)
    data = report.anggaran["per_sasaran"]
    where = ctx.table_label("anggaran-per-sasaran", "tabel anggaran per sasaran")
    for index, st in ctx.statements(data, "dinyatakan_total"):
        path = ("per_sasaran", "dinyatakan_total", index)
        check_derived(ctx, "anggaran", path, "per-sasaran", f"Jumlah {where}", st, "anggaran", ps["anggaran"], "rp")
        check_derived(ctx, "anggaran", path, "per-sasaran", f"Jumlah porsi {where}", st, "persen", ps["porsi"], "%")
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


def rule_data_tables(ctx):
    """Every data table (staffing, assets, grants, ...): printed totals and row values against the
    rows typed in, and amounts in words against the figure written next to them."""
    outline = ctx.report.outline
    for place in outline.tables if outline else []:
        spec = place.spec
        if spec["jenis"] != "data":
            continue
        table = ctx.report.tables.get(place.id)
        if table is None:
            continue
        base = place.path
        cols = data_columns(spec)
        label_key = data_label_key(cols)
        computed = {c["kunci"] for c in spec["kolom"] if isinstance(c, dict) and c.get("rumus")} | set(spec.get("jumlah") or [])
        title = table.judul or place.id
        total_label = spec.get("judul_total", "Jumlah")
        by_label = {str(r.cells[label_key].value): r for r in table.rows if label_key in r.cells}
        totals = next((r for r in table.rows if r.tingkat == "total"), None)

        def compare(st, row, path, row_label, derived_keys):
            for key, stated in st.items():
                if key in ("sumber", "catatan", "halaman", "baris", "terbilang") or row is None or key not in row.cells:
                    continue
                value = row.cells[key].value
                check = check_derived if key in derived_keys else check_fact
                check(ctx, place.file, path, place.id, f"{cols_label(cols, key)} {row_label} — {title}", st, key, value, "",
                      bidang=f"{row.cells[label_key].value}|{key}")
            check_terbilang(ctx, place.file, path, place.id, f"{row_label} — {title}", st)

        for index, st in enumerate(spec.get("dinyatakan", [])):
            path = base + ("dinyatakan", index)
            if st.get("baris") is not None:
                row = by_label.get(str(st["baris"]))
                compare(st, row, path, str(st["baris"]), computed)
            else:
                compare(st, totals, path, total_label.lower(), computed | set(spec.get("jumlah") or []))
        for ri, raw in _data_rows(spec["baris"]):
            for index, st in enumerate(raw.get("dinyatakan", [])):
                row = by_label.get(str(raw.get(label_key)))
                compare(st, row, base + ri + ("dinyatakan", index), str(raw.get(label_key)), computed)


def cols_label(cols, key) -> str:
    return next((c.label for c in cols if c.key == key), key)


def _data_rows(rows, base=("baris",)):
    for index, raw in enumerate(rows):
        if "kelompok" in raw:
            yield from _data_rows(raw.get("baris", []), base + (index, "baris"))
        else:
            yield base + (index,), raw


def rule_targets(ctx):
    """The same target in two places: Renstra vs Perjanjian Kinerja, the Renstra end condition,
    and the Perjanjian Kinerja's program targets vs the program indicators measured."""
    report = ctx.report
    p = report.perencanaan
    year = str(report.tahun)
    periode = (p.get("renstra") or {}).get("periode")
    renstra_label, pk_label = ctx.table_label("renstra-target", "Renstra"), ctx.table_label("perjanjian-kinerja", "Perjanjian Kinerja")
    renstra = {}
    for level in ("tujuan", "sasaran"):
        for gi, item in enumerate((p.get("renstra") or {}).get(level, [])):
            for ii, ind in enumerate(item.get("indikator", [])):
                renstra[ind["id"]] = ind
                if periode:
                    _end_condition(ctx, ind, ("renstra", level, gi, "indikator", ii), periode)
    for index, target in enumerate((p.get("perjanjian_kinerja") or {}).get("target", [])):
        ind = renstra.get(target["indikator"])
        if ind is not None and "target" in target and year in (ind.get("target") or {}):
            check_fact(ctx, "perencanaan", ("perjanjian_kinerja", "target", index, "target"), target["indikator"],
                       f"Target {year} — {ind['nama']}", {"sumber": pk_label, "t": target["target"]}, "t",
                       ind["target"][year], _unit(ind.get("satuan", "%")), f"Target Perjanjian Kinerja dibandingkan dengan target Renstra ({renstra_label}).",
                       bidang="target_pk")
    nodes = report.tree.index() if report.tree else {}
    measured = ctx.table_label("capaian-program", "pengukuran kinerja program")
    program_label = ctx.table_label("target-program", "target kinerja program")
    for index, item in enumerate((p.get("perjanjian_kinerja") or {}).get("program", [])):
        node = nodes.get(item["program"])
        if node is not None and node.indikator is not None and "target" in item and node.indikator.target is not None:
            check_fact(ctx, "perencanaan", ("perjanjian_kinerja", "program", index, "target"), node.id,
                       f"Target program — {node.nama}", {"sumber": program_label, "t": item["target"]}, "t", node.indikator.target,
                       _unit(node.indikator.satuan),
                       f"{program_label} menetapkan “{item['indikator']}”; pengukuran ({measured}) memakai “{node.indikator.nama}” dengan target lain.",
                       bidang="target_pk")


def _unit(satuan: str) -> str:
    """How a figure in this unit is written in a finding: '%' or a plain number."""
    return "%" if (satuan or "").strip() == "%" else ""


def _end_condition(ctx, ind, path, periode):
    final = (ind.get("target") or {}).get(str(periode["akhir"]))
    for index, st in enumerate(ind.get("dinyatakan", [])):
        check_fact(ctx, "perencanaan", path + ("dinyatakan", index), ind["id"], f"Kondisi akhir — {ind['nama']}", st,
                   "kondisi_akhir", final, _unit(ind.get("satuan", "%")), "Kondisi akhir Renstra dibandingkan dengan target tahun terakhir.")


def rule_action_plan(ctx):
    """Each sub kegiatan's action-plan budget against its budget in the budget tree."""
    if ctx.report.rencana_aksi is None or ctx.report.tree is None:
        return
    nodes = ctx.report.tree.index()
    per_sub: dict = {}
    for index, row in enumerate(ctx.report.rencana_aksi["baris"]):
        per_sub.setdefault(row.get("sub_kegiatan"), []).append((index, row))
    plan, tree = ctx.table_label("rencana-aksi", "rencana aksi"), ctx.table_label("realisasi-anggaran", "realisasi anggaran")
    for sub_id, rows in sorted((k, v) for k, v in per_sub.items() if k):
        node = nodes.get(sub_id)
        planned = n.total(row["jumlah"] for _, row in rows)
        jenis = compare_derived(planned, node.anggaran, ctx.cara) if node is not None else None
        if jenis:
            first = rows[0][0]
            ctx.add(jenis, "perencanaan", ("rencana_aksi", "baris", first), sub_id, f"Anggaran rencana aksi — {node.nama}",
                    plan, planned, node.anggaran, "rp",
                    f"Anggaran di rencana aksi ({plan}) berbeda dengan anggaran sub kegiatan ({tree}).", "anggaran_rencana")


def rule_counts(ctx):
    """Counts the text states: missions, sasaran, indicators, programs per sasaran."""
    p = ctx.report.perencanaan
    rp = p.get("rpjmd") or {}
    for key, actual, label in (("dinyatakan_jumlah_misi", len(rp.get("misi", [])), "Jumlah misi RPJMD"),
                               ("dinyatakan_jumlah_sasaran", len(rp.get("sasaran_misi", [])), "Jumlah sasaran misi"),
                               ("dinyatakan_jumlah_indikator", len(rp.get("sasaran_misi", [])), "Jumlah indikator sasaran misi")):
        for index, st in ctx.statements(rp, key):
            check_fact(ctx, "perencanaan", ("rpjmd", key, index), "rpjmd", label, st, "jumlah", actual, "")
    pk = p.get("perjanjian_kinerja") or {}
    for index, st in ctx.statements(pk, "dinyatakan_jumlah_indikator"):
        check_fact(ctx, "perencanaan", ("perjanjian_kinerja", "dinyatakan_jumlah_indikator", index), "perjanjian-kinerja",
                   "Jumlah indikator sasaran", st, "jumlah", len(pk.get("target", [])), "")
    cascade = {c["sasaran"]: c for c in p.get("kaskade", [])}
    for si, sasaran in enumerate((p.get("renstra") or {}).get("sasaran", [])):
        for index, st in ctx.statements(sasaran, "dinyatakan_jumlah_indikator"):
            check_fact(ctx, "perencanaan", ("renstra", "sasaran", si, "dinyatakan_jumlah_indikator", index), sasaran["id"],
                       f"Jumlah indikator — {sasaran['nama']}", st, "jumlah", len(sasaran.get("indikator", [])), "")
        programs = len(cascade.get(sasaran["id"], {}).get("program", []))
        for index, st in ctx.statements(sasaran, "dinyatakan_jumlah_program"):
            check_fact(ctx, "perencanaan", ("renstra", "sasaran", si, "dinyatakan_jumlah_program", index), sasaran["id"],
                       f"Jumlah program — {sasaran['nama']}", st, "jumlah_program", programs, "")


def rule_scale(ctx):
    """The stated ranges of the rating scale must cover 0 upwards without gaps or overlaps."""
    kategori = (ctx.report.kinerja.get("skala_capaian") or {}).get("kategori", [])
    ordered = sorted(enumerate(kategori), key=lambda item: Decimal(item[1]["batas_bawah"]))
    where = ctx.table_label("skala-capaian", "skala capaian")
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
                where, low["rentang_dinyatakan"], start, "teks",
                f"Rentang tertulis: {problem}. Situs memakai batas bawah setiap kategori.", f"rentang:{low['nama']}",
                teks_hitungan=f"mulai {fmt.angka(start, 2)} untuk {high['nama']}")


def _stated_upper(text: str) -> Decimal | None:
    match = re.search(r"-\s*([0-9]+(?:,[0-9]+)?)\s*$", text)
    return Decimal(match.group(1).replace(",", ".")) if match else None


_ABBREVIATIONS = {"dgn": "dengan", "yg": "yang", "jmh": "jumlah", "jml": "jumlah", "thd": "terhadap", "dlm": "dalam", "tdk": "tidak",
                  "pd": "pada", "utk": "untuk", "prsn": "persentase", "%": "persentase"}


def _plain_name(text: str) -> str:
    words = re.findall(r"[a-z0-9%]+", str(text).lower())
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _closeness(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio()


def _closest(text: str, candidates: list, at_least: float) -> tuple:
    """(item, closeness) of the candidate name closest to `text` among those at least `at_least`
    close, or (None, 0). Cheap upper bounds of the closeness skip most candidates (the same result
    as comparing every one, at a fraction of the cost)."""
    import difflib

    best, score = None, 0
    matcher = difflib.SequenceMatcher(None, text)
    for item, name in candidates:
        matcher.set_seq2(name)
        if matcher.real_quick_ratio() < at_least or matcher.quick_ratio() < at_least:
            continue
        ratio = matcher.ratio()
        if ratio >= at_least and ratio > score:
            best, score = item, ratio
    return best, score


def rule_row_labels(ctx):
    """A row label (the `nama` a statement gives) that names another indicator of the report better
    than its own: the figures of one indicator printed under another's name (a copy-paste slip)."""
    measures = [(iku.id, iku.ukur) for iku in ctx.report.iku]
    measures += [(node.id, m) for node in (ctx.report.tree.nodes() if ctx.report.tree else []) for m in node.indikator_list]
    names = [(m, _plain_name(m.nama)) for _, m in measures]  # by indicator: a node may carry several
    for ident, m in measures:
        file, base = m.sumber
        own = _plain_name(m.nama)
        for index, st in enumerate(m.dinyatakan):
            if not isinstance(st.get("nama"), str):
                continue
            said = _plain_name(st["nama"])
            if said == own:
                continue
            other, closeness = _closest(said, [(mm, name) for mm, name in names if mm is not m and name != own], 0.85)
            if other is not None and closeness > _closeness(said, own) + 0.1:
                ctx.add(SELISIH, file, base + ("dinyatakan", index, "nama"), ident, f"Nama baris — {m.nama}", st["sumber"], st["nama"], m.nama, "teks",
                        f"Baris ini memuat angka “{m.nama}”, tetapi namanya adalah nama indikator lain (“{other.nama}”).", "nama", statement=st)


def rule_same_fact(ctx):
    """One quantity, two values: indicators that use the same fact, named as one in `rumus.fakta`
    (or, without it, bearing the same name: 'Jumlah koperasi aktif'), with different numbers. The
    fact's own value is the reference when the content gives it; else the value most uses have."""
    from .fakta import USES, definitions

    facts = definitions(ctx.report.kinerja)
    measures = [(iku.id, iku.ukur) for iku in ctx.report.iku]
    measures += [(node.id, m) for node in (ctx.report.tree.nodes() if ctx.report.tree else []) for m in node.indikator_list]
    uses: dict = {}
    for ident, m in measures:
        shared = m.rumus.get("fakta") or {}
        for part in USES:
            value = m.fakta.get(part)
            if not isinstance(value, (int, Decimal)) or isinstance(value, bool):
                continue
            if part in shared:
                fact = facts.get(shared[part], {})
                uses.setdefault(("fakta", shared[part]), []).append((Decimal(value), ident, m, part, fact.get("nama") or shared[part]))
            elif part in ("pembilang", "penyebut") and m.rumus.get(part):
                uses.setdefault(("nama", _plain_name(m.rumus[part])), []).append((Decimal(value), ident, m, part, m.rumus[part]))
    for (how, key), items in uses.items():
        values = [value for value, *_ in items]
        defined = facts.get(key, {}).get("nilai") if how == "fakta" else None
        if len(set(values)) < 2 and (defined is None or values[0] == defined):
            continue
        common = Decimal(defined) if defined is not None else max(dict.fromkeys(values), key=values.count)  # the most used; the first when tied
        elsewhere = ", ".join(sorted({m.nama for value, _, m, _, _ in items if value == common}))
        for value, ident, m, part, name in items:
            if value == common:
                continue
            file, base = m.sumber
            where = next((st["sumber"] for st in m.dinyatakan if part in st), None) or \
                next((st["sumber"] for st in m.dinyatakan if "realisasi" in st), "data mentah")
            if defined is not None:
                note = f"Fakta bersama “{name}” bernilai {fmt.angka(common, places_of(common))}" + (f" ({facts[key]['sumber']})" if facts[key].get("sumber") else "") + "."
                said = f"fakta bersama bernilai {fmt.angka(common, places_of(common))}"
            else:
                note = f"Besaran yang sama (“{name}”) bernilai {fmt.angka(common, places_of(common))} untuk: {elsewhere}."
                said = f"indikator lain memakai {fmt.angka(common, places_of(common))}"
            ctx.add(SELISIH, file, base + ("realisasi", part), ident, f"{name} — {m.nama}", where, value, common, "", note, "data",
                    teks_hitungan=said)


def formula_kind(text: str) -> str | None:
    """Which capaian formula a written formula is: 'naik' (R/T), 'selisih' ((2T − R)/T, in any of its
    written forms) or 'kebalikan' (T/R); None when it is none of them, or more than one, recognisably."""
    t = re.sub(r"\s+", "", str(text).lower())
    for a, b in (("÷", "/"), (":", "/"), ("−", "-"), ("–", "-"), ("×", "*"), ("[", "("), ("]", ")")):
        t = t.replace(a, b)
    t = re.sub(r"(\*|x)100%?|%", "", t)
    t = re.sub(r"(?<=\d)x(?=[a-z(])", "*", t)  # '2 x target'
    flat = t.replace("(", "").replace(")", "")
    if re.search(r"2\*?target[-]realisasi/target|2-realisasi/target|target[-]realisasi-target/target|target\+target[-]realisasi/target", flat):
        return "selisih"
    reverse, forward = "target/realisasi" in flat, "realisasi/target" in flat
    if reverse != forward:
        return "kebalikan" if reverse else "naik"
    return None


def rule_stated_formulas(ctx):
    """The capaian formulas the document writes against the method the report applies (laporan.yaml `metode`)."""
    said = (ctx.report.kinerja or {}).get("rumus_dinyatakan") or {}
    expected = {"naik": "naik", "turun": ctx.report.metode.capaian_turun}
    words = {"naik": "realisasi ÷ target", "selisih": "(target − (realisasi − target)) ÷ target", "kebalikan": "target ÷ realisasi"}
    for arah, entry in said.items():
        kind = formula_kind(entry.get("teks", ""))
        if kind is not None and kind != expected.get(arah):
            ctx.add(SELISIH, "kinerja", ("rumus_dinyatakan", arah, "teks"), "rumus", f"Rumus capaian ({arah})", "rumus tertulis",
                    entry["teks"], words[expected[arah]], "teks",
                    "Rumus yang tertulis di dokumen berbeda dengan metode yang dipakai laporan ini (metode di laporan.yaml); situs memakai metodenya.",
                    f"rumus:{arah}")


_SELF_YEAR = re.compile(r"\b(?:LKjIP|LKJIP|LAKIP|LKj|Laporan (?:Akuntabilitas )?Kinerja)\b[^.\n]{0,160}?\b[Tt]ahun (20\d{2})\b")


def _narrative(blocks, path, section=None):
    """(path, text, number of the nearest numbered section) of every narrative text of an outline."""
    for index, block in enumerate(blocks):
        where = path + (index,)
        if "teks" in block:
            yield where + ("teks",), block["teks"], section
        elif "catatan" in block:
            yield where + ("catatan", "teks"), block["catatan"]["teks"], section
        elif "bagian" in block:
            node = block["bagian"]
            yield from _narrative(node["isi"], where + ("bagian", "isi"), node.get("nomor") or section)


def rule_report_year_in_text(ctx):
    """A sentence that names this very report (its title and the agency) with another year: a
    paragraph carried over from last year's report ('Sistematika penulisan LKjIP ... tahun 2024')."""
    report = ctx.report
    agency = _plain_name(report.instansi.get("nama", ""))
    if not agency:
        return
    for ci, chapter in enumerate(report.laporan.get("kerangka") or []):
        for path, text, section in _narrative(chapter["isi"], ("kerangka", ci, "isi"), chapter.get("nomor")):
            for match in _SELF_YEAR.finditer(str(text)):
                year = int(match.group(1))
                if year != report.tahun and agency in _plain_name(match.group(0)):
                    ctx.add(SELISIH, "laporan", path, "tahun-laporan", "Tahun laporan di teks", f"Teks {section}" if section else "teks",
                            Decimal(year), Decimal(report.tahun), "",
                            f"Kalimat ini menyebut laporan ini dengan tahun lain: “{match.group(0)}”.", f"tahun:{'.'.join(map(str, path))}",
                            teks_tertulis=str(year), teks_hitungan=f"{report.tahun} (tahun laporan ini)")


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def _years(text) -> list[str]:
    """The years a text names, in order, each once: 'Tahun 2025 & 2024' -> ['2025', '2024']."""
    return list(dict.fromkeys(_YEAR.findall(str(text or ""))))


def _sections(blocks, path):
    """(path, section) of every section of an outline, nested ones too."""
    for index, block in enumerate(blocks):
        if "bagian" in block:
            node = block["bagian"]
            yield path + (index, "bagian"), node
            yield from _sections(node.get("isi") or [], path + (index, "bagian", "isi"))


def _differing_years(shown, listed) -> bool:
    return bool(shown and listed and _years(shown) and _years(listed) and set(_years(shown)) != set(_years(listed)))


def rule_caption_years(ctx):
    """A caption or heading and its entry in the Daftar Tabel or Daftar Isi naming different years:
    one of the two was not updated ('Target dan Realisasi Kinerja Tahun 2024' listed as 'Tahun
    2025 & 2024'; '3.2 Realisasi Anggaran 2025' listed as '… 2024')."""
    for ci, chapter in enumerate(ctx.report.laporan.get("kerangka") or []):
        nodes = [(("kerangka", ci), chapter)] + list(_sections(chapter.get("isi") or [], ("kerangka", ci, "isi")))
        for path, node in nodes:
            if not _differing_years(node.get("judul"), node.get("judul_daftar")):
                continue
            label = " ".join(str(part) for part in (node.get("nomor"), node.get("judul")) if part)
            ctx.add(SELISIH, "laporan", path + ("judul_daftar",), node.get("id") or "judul", f"Tahun di judul — {label}", "Daftar Isi",
                    None, None, "teks", f"Daftar Isi menyebut “{node['judul_daftar']}”; judul bagian itu sendiri “{node['judul']}”.",
                    "tahun-judul", teks_tertulis=" & ".join(_years(node["judul_daftar"])),
                    teks_hitungan=f"{' & '.join(_years(node['judul']))} (judul {node.get('nomor') or 'bagian'})")
    outline = ctx.report.outline
    for place in outline.tables if outline else []:
        caption, listed = place.spec.get("judul"), place.spec.get("judul_daftar")
        if not _differing_years(caption, listed):
            continue
        where = f"Tabel {place.nomor}" if place.nomor else "judul tabel"
        ctx.add(SELISIH, place.file, place.path + ("judul_daftar",), place.id, f"Tahun di judul — {caption}", "Daftar Tabel",
                None, None, "teks",
                f"Daftar Tabel menyebut “{listed}”; judul {where} sendiri “{caption}”.", "tahun-judul",
                teks_tertulis=" & ".join(_years(listed)), teks_hitungan=f"{' & '.join(_years(caption))} (judul {where})")


RULES = (rule_iku, rule_budget_tree, rule_printed_sums, rule_belanja, rule_per_sasaran, rule_data_tables, rule_targets,
         rule_action_plan, rule_counts, rule_scale, rule_row_labels, rule_same_fact, rule_stated_formulas, rule_report_year_in_text,
         rule_caption_years)


def run_checks(report, positions=None) -> list[Finding]:
    """Every rule over the report. `positions(file, path) -> "content/2025/x.yaml:12:5"` adds locations."""
    ctx = Context(report)
    for rule in RULES:
        rule(ctx)
    findings = ctx.findings
    if positions is not None:
        findings = [replace(f, lokasi=positions(f.file, f.path)) for f in findings]
    return findings


def by_key(findings: list[Finding]) -> dict:
    index: dict = {}
    for finding in findings:
        index.setdefault(finding.kunci, []).append(finding)
    return index


TITLES = {"skala": "Skala capaian", "total": "Total anggaran", "per-sasaran": "Anggaran per sasaran", "rpjmd": "RPJMD",
          "perjanjian-kinerja": "Perjanjian Kinerja"}


def grouped(report, findings: list[Finding], names: dict) -> list:
    """[(chapter title, [(kunci, group title, [findings])])] in the order of the report's outline:
    each finding under the chapter where the document states it."""
    outline = report.outline
    chapters = [h for h in outline.headings if h.tingkat == 1] if outline else []
    order = {h.halaman: i for i, h in enumerate(chapters)}
    titles = {t.id: (t.spec.get("judul") or t.id) for t in outline.tables} if outline else {}
    buckets: dict = {}
    for finding in findings:
        place = outline.resolve(finding.sumber) if outline else None
        page = place[0] if place else None
        chapter = next((h for h in chapters if h.halaman == page), None)
        if chapter is None and page:  # a section page split off a chapter: the chapter just before it
            page_index = [p.path for p in outline.pages].index(page) if page in [p.path for p in outline.pages] else -1
            chapter = next((h for h in reversed(chapters) if h.halaman in [p.path for p in outline.pages[:page_index + 1]]), None)
        key = chapter.label if chapter else "Lain-lain"
        buckets.setdefault((order.get(chapter.halaman, len(order)) if chapter else len(order) + 1, key), []).append(finding)
    result = []
    for (_, title), items in sorted(buckets.items()):
        groups = by_key(items)
        result.append((title, [(kunci, names.get(kunci) or titles.get(kunci) or TITLES.get(kunci) or found[0].subjek.split(" — ")[-1], found)
                               for kunci, found in groups.items()]))
    return result
