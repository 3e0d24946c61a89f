"""Content rules no schema can say, each a small function that yields problems.

A year rule takes one report folder (validate.YearContent: raw data plus positions) and yields
`Problem`s located at file, line and field. They run after the schema and reference checks passed,
so the data has the shape the schemas describe; anything optional may still be absent.
"""
from __future__ import annotations

from pathlib import Path

import datetime
from decimal import Decimal
from typing import Iterator

from . import fakta, kerangka
from .i18n import _
from .problems import ERROR, WARNING, Problem, format_path, ribuan

_NON_NEGATIVE = {"pembilang", "penyebut", "anggaran", "realisasi", "murni", "perubahan", "nilai_awal", "nilai_akhir"}


def _problem(year, kind: str, path, message: str, severity: str = ERROR) -> Problem:
    file, line, col = year.position(kind, path)
    return Problem(file, line, col, format_path(path), message, severity)


def _walk(value, path=()):
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))


def _number(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _in_statement(path) -> bool:
    return any(isinstance(p, str) and p.startswith("dinyatakan") for p in path)


def _in_data_table(path) -> bool:
    return "baris" in path and "tabel" in path


# --- the report itself ----------------------------------------------------------------------------

def rule_year_matches_folder(year) -> Iterator[Problem]:
    tahun = year.data("laporan", {}).get("tahun")
    if isinstance(tahun, int) and tahun != year.year:
        yield _problem(year, "laporan", ("tahun",), _("tahun {tahun} berbeda dengan nama foldernya ({folder}); samakan keduanya").format(tahun=tahun, folder=year.year))


def rule_partial_names_its_source(year) -> Iterator[Problem]:
    if year.partial and not year.data("laporan", {}).get("sumber"):
        yield _problem(year, "laporan", ("cakupan",), _("laporan yang isinya sebagian harus menyebut sumbernya (sumber: dokumen dan tabel asal angkanya)"))


def rule_period(year) -> Iterator[Problem]:
    periode = year.data("laporan", {}).get("periode") or {}
    jenis, ke = periode.get("jenis", "tahunan"), periode.get("ke")
    if jenis == "tahunan" and ke is not None:
        yield _problem(year, "laporan", ("periode", "ke"), _("laporan tahunan tidak memakai 'ke'; hapus, atau ubah jenis menjadi semester/triwulan"))
    if jenis in ("semester", "triwulan") and ke is None:
        yield _problem(year, "laporan", ("periode",), _("laporan {jenis} memerlukan 'ke' (mis. ke: 1)").format(jenis=jenis))
    if jenis == "semester" and isinstance(ke, int) and ke > 2:
        yield _problem(year, "laporan", ("periode", "ke"), _("semester hanya ke-1 atau ke-2"))


def period_end(tahun: int, periode: dict) -> datetime.date:
    jenis, ke = periode.get("jenis", "tahunan"), periode.get("ke") or 0
    month = {"semester": 6 * ke, "triwulan": 3 * ke}.get(jenis, 12) or 12
    return _month_end(tahun, min(month, 12))


def _month_end(tahun: int, month: int) -> datetime.date:
    return datetime.date(tahun + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)


def rule_signed_after_period(year) -> Iterator[Problem]:
    lap = year.data("laporan", {})
    if not isinstance(lap.get("tanggal"), str) or year.partial:
        return
    try:
        signed = _last_day_meant(lap["tanggal"])
    except ValueError:
        return
    end = period_end(year.year, lap.get("periode") or {})
    if signed <= end:
        yield _problem(year, "laporan", ("tanggal",), _("laporan ditandatangani {tanggal}, sebelum periode yang dilaporkan berakhir ({end})").format(
            tanggal=lap["tanggal"], end=end.isoformat()))


def _last_day_meant(value: str) -> datetime.date:
    """The latest day a date can mean: the day itself, or the last day of a month given alone."""
    if len(value) == 7:
        return _month_end(int(value[:4]), int(value[5:]))
    return datetime.date.fromisoformat(value)


def rule_final_report_is_complete(year) -> Iterator[Problem]:
    """A signed report has a date, a realisation for every indicator with a target, and both
    budget and realisation for every budget line that has one of them. Only a draft may lack them."""
    if not year.final or year.partial:
        return
    required = _("{field} wajib diisi pada laporan final (hanya rancangan, status: rancangan, boleh mengosongkannya)")
    for index, item in enumerate(year.data("kinerja", {}).get("iku", [])):
        if "realisasi" not in item:
            yield _problem(year, "kinerja", ("iku", index), required.format(field="realisasi"))
    for path, node in _program_nodes(year):
        money = [k for k in ("anggaran", "realisasi") if k in node]
        if len(money) == 1:
            missing = "realisasi" if money == ["anggaran"] else "anggaran"
            yield _problem(year, "program", path, required.format(field=missing))


def _program_nodes(year):
    data = year.data("program", {})
    tops = [(("bidang", b, "program", p), prog) for b, bid in enumerate(data.get("bidang", [])) for p, prog in enumerate(bid.get("program", []))]
    tops += [(("program", p), prog) for p, prog in enumerate(data.get("program", []))]
    for path, prog in tops:
        yield path, prog
        for k, keg in enumerate(prog.get("kegiatan", [])):
            yield path + ("kegiatan", k), keg
            for s, sub in enumerate(keg.get("sub_kegiatan", [])):
                yield path + ("kegiatan", k, "sub_kegiatan", s), sub


def rule_budget_only_on_leaves(year) -> Iterator[Problem]:
    for path, node in _program_nodes(year):
        children = node.get("kegiatan") or node.get("sub_kegiatan")
        for key in ("anggaran", "realisasi"):
            if children and key in node:
                yield _problem(year, "program", path + (key,), _("{key} hanya diketik pada butir terbawah; nilai butir yang punya rincian dijumlahkan situs (catat angka tertulisnya di dinyatakan)").format(key=key))


def rule_spending_within_budget(year) -> Iterator[Problem]:
    for path, node in _program_nodes(year):
        if _number(node.get("anggaran")) and _number(node.get("realisasi")) and node["realisasi"] > node["anggaran"]:
            yield _problem(year, "program", path + ("realisasi",), _("realisasi {realisasi} melebihi anggaran {anggaran}").format(realisasi=node["realisasi"], anggaran=node["anggaran"]), WARNING)


# --- facts -----------------------------------------------------------------------------------------

def rule_facts_not_negative(year) -> Iterator[Problem]:
    for kind in ("kinerja", "program", "anggaran"):
        for path, value in _walk(year.data(kind, {})):
            if path and _number(value) and value < 0 and path[-1] in _NON_NEGATIVE and not _in_statement(path):
                yield _problem(year, kind, path, _("{value} bernilai negatif; jumlah dan anggaran tidak mungkin di bawah nol").format(value=value))


def rule_targets_not_negative(year) -> Iterator[Problem]:
    for kind in ("perencanaan", "program"):
        for path, value in _walk(year.data(kind, {})):
            if not path or _in_statement(path) or not _number(value) or value >= 0:
                continue
            if path[-1] in ("target", "target_periode") or len(path) > 1 and path[-2] == "target":
                yield _problem(year, kind, path, _("target {value} bernilai negatif; tulis target sebagai nilai yang hendak dicapai").format(value=value))


def _indicators_with_facts(year):
    """(file kind, path, indicator-like mapping with rumus and realisasi)."""
    for kind in ("kinerja", "program"):
        for path, value in _walk(year.data(kind, {})):
            if isinstance(value, dict) and isinstance(value.get("rumus"), dict) and not _in_statement(path):
                yield kind, path, value


_NEEDS = {"rasio": ("pembilang", "penyebut"), "pertumbuhan": ("nilai_awal", "nilai_akhir"), "penurunan": ("nilai_awal", "nilai_akhir"),
          "langsung": ("nilai",)}


def rule_realisation_matches_formula(year) -> Iterator[Problem]:
    for kind, path, ind in _indicators_with_facts(year):
        facts = ind.get("realisasi")
        if not isinstance(facts, dict):
            continue
        jenis = ind["rumus"].get("jenis", "langsung")
        missing = [key for key in _NEEDS.get(jenis, ()) if key not in facts]
        if missing:
            yield _problem(year, kind, path + ("realisasi",), _("indikator '{jenis}' memerlukan {fields} pada realisasinya").format(jenis=jenis, fields=_(" dan ").join(missing)))
        extra = [key for key in facts if key not in _NEEDS.get(jenis, ())]
        if extra and not missing:
            yield _problem(year, kind, path + ("realisasi", extra[0]), _("'{field}' tidak dipakai rumus '{jenis}'; hapus, atau ubah jenis rumusnya").format(field=extra[0], jenis=jenis))
        if jenis == "rasio" and _number(facts.get("penyebut")) and facts["penyebut"] == 0:
            yield _problem(year, kind, path + ("realisasi", "penyebut"), _("penyebut 0: persentase tidak dapat dihitung"))
        if jenis in ("pertumbuhan", "penurunan") and _number(facts.get("nilai_awal")) and facts["nilai_awal"] == 0:
            message = _("nilai awal 0: pertumbuhan tidak dapat dihitung") if jenis == "pertumbuhan" else _("nilai awal 0: penurunan tidak dapat dihitung")
            yield _problem(year, kind, path + ("realisasi", "nilai_awal"), message)


def rule_part_not_above_whole(year) -> Iterator[Problem]:
    """A share (rasio, in %) of a whole cannot exceed it: 903 placed of 825 registered is a typing error."""
    units = _units(year)
    for kind, path, ind in _indicators_with_facts(year):
        facts = ind.get("realisasi") or {}
        if ind["rumus"].get("jenis") != "rasio" or not (_number(facts.get("pembilang")) and _number(facts.get("penyebut"))):
            continue
        unit = ind.get("satuan") or units.get(ind.get("indikator"), "%")
        if unit.strip() == "%" and ind["rumus"].get("bagian", True) and facts["pembilang"] > facts["penyebut"] > 0:
            yield _problem(year, kind, path + ("realisasi", "pembilang"),
                           _("pembilang {pembilang} lebih besar dari penyebut {penyebut}: bagian tidak dapat melebihi keseluruhannya "
                             "(bila rasio ini memang boleh melebihi 100%, mis. realisasi pendapatan terhadap target, tulis bagian: false di rumus)").format(
                               pembilang=facts["pembilang"], penyebut=facts["penyebut"]))


def rule_counts_are_whole(year) -> Iterator[Problem]:
    """Facts the content calls counts (bilangan_bulat: true) are whole: 48,5 koperasi is a typing error."""
    for kind, path, ind in _indicators_with_facts(year):
        facts = ind.get("realisasi")
        if not ind["rumus"].get("bilangan_bulat") or not isinstance(facts, dict):
            continue
        shared = ind["rumus"].get("fakta") or {}
        for key, value in facts.items():
            if not (_number(value) and value != int(value)):
                continue
            if key in shared and not fakta.typed(year.files[kind], path + ("realisasi", key)):
                # taken from a shared fact (fakta.fill): the figure to correct is the fact's
                kind_at, where = "kinerja", _fact_value_path(year, shared[key])
            else:
                kind_at, where = kind, path + ("realisasi", key)
            yield _problem(year, kind_at, where,
                           _("{key} {value} berpecahan, padahal rumusnya menyatakan data mentahnya cacah (bilangan_bulat: true): "
                             "tulis bilangan bulat, atau hapus bilangan_bulat bila besarannya memang boleh berpecahan").format(key=key, value=value))


def _fact_value_path(year, ident: str) -> tuple:
    facts = year.data("kinerja", {}).get("fakta") or []
    index = next((i for i, fact in enumerate(facts) if isinstance(fact, dict) and fact.get("id") == ident), 0)
    return ("fakta", index, "nilai")


def _units(year) -> dict:
    return {ind["id"]: ind.get("satuan", "%") for unused, ind in renstra_indicators(year.data("perencanaan", {}))}


def _arah(year, indicator: dict, fallback: dict | None = None) -> str:
    return indicator.get("arah") or (fallback or {}).get("arah") or "naik"


def _text_value_problem(value: str) -> str:
    from .validate import number_hint

    hint = number_hint(value)
    return hint or _("'{value}' seharusnya bilangan; teks hanya untuk indikator tercapai/tidak (arah: biner)").format(value=value)


def rule_text_values_only_for_binary_indicators(year) -> Iterator[Problem]:
    """A target or realisation written as text ('WTP') belongs to a binary indicator; on any other
    indicator it is a number typed wrongly ('45,00', 'lima puluh satu')."""
    plan = year.data("perencanaan", {})
    definitions = {ind["id"]: ind for unused, ind in renstra_indicators(plan)}
    for index, target in enumerate((plan.get("perjanjian_kinerja") or {}).get("target", [])):
        definition = definitions.get(target.get("indikator"), {})
        if isinstance(target.get("target"), str) and _arah(year, definition) != "biner":
            yield _problem(year, "perencanaan", ("perjanjian_kinerja", "target", index, "target"), _text_value_problem(target["target"]))
    for index, item in enumerate(year.data("kinerja", {}).get("iku", [])):
        value = (item.get("realisasi") or {}).get("nilai")
        if isinstance(value, str) and _arah(year, item, definitions.get(item.get("indikator"))) != "biner":
            yield _problem(year, "kinerja", ("iku", index, "realisasi", "nilai"), _text_value_problem(value))
    for path, node in _program_nodes(year):
        for ii, ind in enumerate(node.get("indikator", [])):
            if _arah(year, ind) == "biner":
                continue
            for key, where in (("target", ("target",)), ("nilai", ("realisasi", "nilai"))):
                value = ind.get("target") if key == "target" else (ind.get("realisasi") or {}).get("nilai")
                if isinstance(value, str):
                    yield _problem(year, "program", path + ("indikator", ii) + where, _text_value_problem(value))


def rule_target_zero(year) -> Iterator[Problem]:
    for kind in ("perencanaan", "program"):
        for path, value in _walk(year.data(kind, {})):
            if path and path[-1] in ("target", "target_periode") and _number(value) and value == 0 and not _in_statement(path):
                yield _problem(year, kind, path, _("target 0: capaian tidak dapat dihitung dan tidak diberi kategori"), WARNING)


# --- the Renstra, the Perjanjian Kinerja and the IKU ---------------------------------------------

def renstra_indicators(perencanaan: dict):
    """(path, indicator) of every Renstra indicator: of tujuan, of sasaran, and unplaced ones."""
    renstra = perencanaan.get("renstra") or {}
    for group in ("tujuan", "sasaran"):
        for gi, item in enumerate(renstra.get(group, [])):
            for ii, ind in enumerate(item.get("indikator", [])):
                yield ("renstra", group, gi, "indikator", ii), ind
    for ii, ind in enumerate(renstra.get("indikator", [])):
        yield ("renstra", "indikator", ii), ind


def rule_renstra_period(year) -> Iterator[Problem]:
    periode = (year.data("perencanaan", {}).get("renstra") or {}).get("periode") or {}
    start, end = periode.get("mulai"), periode.get("akhir")
    if not (isinstance(start, int) and isinstance(end, int)):
        return
    if start > end:
        yield _problem(year, "perencanaan", ("renstra", "periode"), _("periode Renstra {start}–{end}: tahun awal sesudah tahun akhir").format(start=start, end=end))
        return
    if not start <= year.year <= end:
        yield _problem(year, "perencanaan", ("renstra", "periode"), _("tahun laporan {tahun} di luar periode Renstra {start}–{end}").format(tahun=year.year, start=start, end=end), WARNING)
    for path, ind in renstra_indicators(year.data("perencanaan", {})):
        targets = ind.get("target", {})
        for key in targets:
            if not start <= int(key) <= end:
                yield _problem(year, "perencanaan", path + ("target", key), _("target tahun {tahun} di luar periode Renstra {start}–{end}").format(tahun=key, start=start, end=end))
        missing = [str(y) for y in range(start, end + 1) if str(y) not in targets]
        if targets and missing:
            yield _problem(year, "perencanaan", path + ("target",), _("tidak ada target untuk {years} (periode Renstra {start}–{end})").format(years=", ".join(missing), start=start, end=end), WARNING)


def rule_pk_targets(year) -> Iterator[Problem]:
    """Perjanjian Kinerja targets name a Renstra indicator, once each, in its unit."""
    plan = year.data("perencanaan", {})
    definitions = {ind["id"]: ind for unused, ind in renstra_indicators(plan)}
    known = set(definitions)
    seen: dict = {}
    for index, target in enumerate((plan.get("perjanjian_kinerja") or {}).get("target", [])):
        ident = target.get("indikator")
        where = ("perjanjian_kinerja", "target", index, "indikator")
        if ident not in known:
            yield _problem(year, "perencanaan", where, _("'{ident}' bukan indikator Renstra (renstra.tujuan/sasaran[].indikator di perencanaan.yaml)").format(ident=ident))
        elif ident in seen:
            yield _problem(year, "perencanaan", where, _("indikator '{ident}' sudah diberi target di perjanjian_kinerja.target[{first}]; satu indikator satu target per periode").format(
                ident=ident, first=seen[ident]))
        seen.setdefault(ident, index)
        unit, defined = target.get("satuan"), (definitions.get(ident) or {}).get("satuan", "%")
        if ident in known and unit is not None and str(unit).strip() != str(defined).strip():
            yield _problem(year, "perencanaan", ("perjanjian_kinerja", "target", index, "satuan"),
                           _("satuan '{unit}' berbeda dengan satuan indikator ini di Renstra ('{defined}'): target dan realisasinya "
                             "harus dalam satuan yang sama").format(unit=unit, defined=defined))


def rule_iku(year) -> Iterator[Problem]:
    """Each IKU names a Renstra indicator once, with the polarity of its definition, and has a target."""
    plan = year.data("perencanaan", {})
    definitions = {ind["id"]: ind for unused, ind in renstra_indicators(plan)}
    pk = {t.get("indikator") for t in (plan.get("perjanjian_kinerja") or {}).get("target", [])}
    seen: dict = {}
    for index, item in enumerate(year.data("kinerja", {}).get("iku", [])):
        ident = item.get("indikator")
        where = ("iku", index, "indikator")
        definition = definitions.get(ident)
        if definition is None:
            yield _problem(year, "kinerja", where, _("'{ident}' bukan indikator Renstra (renstra.tujuan/sasaran[].indikator di perencanaan.yaml)").format(ident=ident))
            continue
        if ident in seen:
            yield _problem(year, "kinerja", where, _("indikator '{ident}' sudah diukur di iku[{first}]; satu IKU diukur sekali").format(ident=ident, first=seen[ident]))
        seen.setdefault(ident, index)
        if "arah" in item and "arah" in definition and item["arah"] != definition["arah"]:
            yield _problem(year, "kinerja", ("iku", index, "arah"),
                           _("arah '{arah}' berbeda dengan definisinya di Renstra ('{renstra}'); samakan, atau hapus arah di sini").format(
                               arah=item["arah"], renstra=definition["arah"]))
        has_target = ident in pk or str(year.year) in (definition.get("target") or {})
        if not has_target:
            yield _problem(year, "kinerja", where, _("'{ident}' tidak punya target {tahun} (Perjanjian Kinerja atau Renstra)").format(ident=ident, tahun=year.year), WARNING)


def rule_program_under_one_sasaran(year) -> Iterator[Problem]:
    """A program belongs to one sasaran in each allocation (cascade, budget per sasaran)."""
    plan = year.data("perencanaan", {})
    places = (("perencanaan", ("kaskade",), plan.get("kaskade", [])),
              ("anggaran", ("per_sasaran", "sasaran"), (year.data("anggaran", {}).get("per_sasaran") or {}).get("sasaran", [])))
    for kind, base, groups in places:
        seen: dict = {}
        for si, group in enumerate(groups):
            for pi, item in enumerate(group.get("program", [])):
                ident = item.get("program")
                if ident in seen and seen[ident] != group.get("sasaran"):
                    yield _problem(year, kind, base + (si, "program", pi, "program"),
                                   _("program '{ident}' sudah tercantum di bawah sasaran '{sasaran}'; satu program di bawah satu sasaran").format(
                                       ident=ident, sasaran=seen[ident]))
                seen.setdefault(ident, group.get("sasaran"))


def rule_scale_tiles(year) -> Iterator[Problem]:
    """Rating bands tile the scale: written from the best down, each lower bound below the one
    above it, each name once, the lowest at 0, so that every capaian gets exactly one category
    and a better category never needs less."""
    kategori = (year.data("kinerja", {}).get("skala_capaian") or {}).get("kategori", [])
    seen: dict = {}
    names: dict = {}
    for index, band in enumerate(kategori):
        bound = band.get("batas_bawah")
        where = ("skala_capaian", "kategori", index, "batas_bawah")
        if bound in seen:
            yield _problem(year, "kinerja", where,
                           _("batas bawah {bound} sama dengan kategori '{nama}': dua kategori tidak boleh bertumpuk").format(
                               bound=bound, nama=kategori[seen[bound]]["nama"]))
        elif index and _number(bound) and _number(kategori[index - 1].get("batas_bawah")) and bound > kategori[index - 1]["batas_bawah"]:
            yield _problem(year, "kinerja", where,
                           _("batas bawah {bound} untuk '{nama}' melebihi batas bawah {above} untuk '{nama_atas}' di atasnya: "
                             "tulis kategori dari yang tertinggi, setiap batas bawah lebih kecil dari kategori di atasnya").format(
                               bound=bound, nama=band["nama"], above=kategori[index - 1]["batas_bawah"], nama_atas=kategori[index - 1]["nama"]))
        seen.setdefault(bound, index)
        name = str(band.get("nama", "")).strip().lower()
        if name in names:
            yield _problem(year, "kinerja", ("skala_capaian", "kategori", index, "nama"),
                           _("kategori '{nama}' ditulis dua kali (juga kategori ke-{nomor})").format(nama=band["nama"], nomor=names[name] + 1))
        names.setdefault(name, index)
    if kategori and all(_number(band.get("batas_bawah")) for band in kategori) and min(band["batas_bawah"] for band in kategori) > 0:
        lowest = min(range(len(kategori)), key=lambda i: kategori[i]["batas_bawah"])
        yield _problem(year, "kinerja", ("skala_capaian", "kategori", lowest, "batas_bawah"),
                       _("kategori terendah tidak mulai dari 0: capaian di bawahnya tidak akan mendapat kategori"))


# --- the outline ------------------------------------------------------------------------------------

def rule_outline(year) -> Iterator[Problem]:
    """Ids and page addresses in the outline are unique; every table's kind has its data; data
    tables name their columns consistently."""
    outline = year.data("laporan", {}).get("kerangka") or []
    present = {kind for kind in ("perencanaan", "kinerja", "program", "anggaran") if kind in year.files}
    for path, message, severity in kerangka.problems(outline, present, year.final and not year.partial):
        yield _problem(year, "laporan", ("kerangka",) + path, message, severity)
    for path, node in _program_nodes(year):
        for ti, table in enumerate(node.get("tabel", [])):
            for subpath, message, severity in kerangka.data_table_problems(table, year.final and not year.partial):
                yield _problem(year, "program", path + ("tabel", ti) + subpath, message, severity)


# files the content names beside it: what they must start with, and how large they may be
ATTACHMENT_KINDS = {".pdf": (b"%PDF-", "PDF"), ".png": (b"\x89PNG\r\n\x1a\n", "PNG"), ".jpg": (b"\xff\xd8\xff", "JPEG"),
                    ".jpeg": (b"\xff\xd8\xff", "JPEG")}
MAX_ATTACHMENT = 50 * 1024 * 1024


def attachment_problem(path, sha256: str | None = None) -> str | None:
    """Why a file the content names (a logo, the signed original) cannot be published, or None:
    it must be a regular file of its kind (not a link), of bounded size, with the stated checksum."""
    import hashlib

    if path.is_symlink() or not path.is_file():
        return _("berkas {name} tidak ada di folder ini (atau berupa tautan simbolik)").format(name=path.name)
    size = path.stat().st_size
    if size > MAX_ATTACHMENT:
        return _("berkas {name} berukuran {size} bita; batasnya {limit} bita").format(name=path.name, size=ribuan(size), limit=ribuan(MAX_ATTACHMENT))
    magic, kind = ATTACHMENT_KINDS[path.suffix.lower()]
    with path.open("rb") as handle:
        if not handle.read(len(magic)).startswith(magic):
            return _("berkas {name} bukan berkas {kind}").format(name=path.name, kind=kind)
    if sha256 and hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        return _("SHA-256 berkas {name} tidak sama dengan yang tertulis; berkasnya berubah atau salah tulis").format(name=path.name)
    return None


PDF_NAME = "lkjip-{tahun}-cetak.pdf"  # the PDF `lkjip build` makes of each year, beside its home page


def rule_signed_original(year) -> Iterator[Problem]:
    original = year.data("laporan", {}).get("dokumen_asli") or {}
    if original.get("berkas") == PDF_NAME.format(tahun=year.year):
        yield _problem(year, "laporan", ("dokumen_asli", "berkas"),
                       _("nama berkas {name} dipakai PDF laporan yang dibuat situs; beri dokumen asli nama lain").format(name=original["berkas"]))
    elif original.get("berkas"):
        problem = attachment_problem(year.directory / original["berkas"], original.get("sha256"))
        if problem:
            yield _problem(year, "laporan", ("dokumen_asli", "berkas"), problem)


def agency_problems(agency) -> list[Problem]:
    """The agency's own files: its logo."""
    logo = agency.data.get("logo")
    if not isinstance(logo, str) or agency.instansi is None or Path(logo).suffix.lower() not in ATTACHMENT_KINDS:
        return []  # no logo, or a name the schema already refuses
    problem = attachment_problem(agency.directory / logo)
    if problem is None:
        return []
    line, col = agency.instansi.position(("logo",))
    return [Problem(agency.instansi.path, line, col, "logo", problem)]


YEAR_RULES = (
    rule_year_matches_folder, rule_partial_names_its_source, rule_period, rule_signed_after_period, rule_final_report_is_complete, rule_budget_only_on_leaves,
    rule_spending_within_budget, rule_facts_not_negative, rule_targets_not_negative, rule_realisation_matches_formula,
    rule_part_not_above_whole, rule_counts_are_whole, rule_text_values_only_for_binary_indicators, rule_target_zero, rule_renstra_period, rule_pk_targets, rule_iku, rule_program_under_one_sasaran,
    rule_scale_tiles, rule_outline, rule_signed_original,
)


def year_problems(year) -> list[Problem]:
    return [problem for rule in YEAR_RULES for problem in rule(year)]
