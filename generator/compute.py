"""Stage 3, compute: every derived figure of a report, from the validated raw facts.

Pure functions only: no file or network access, no formatting. Percentages, capaian, categories,
roll-ups of the budget tree, shares, efficiency and Renstra trajectories are computed here by the
report's own methods (laporan.yaml `metode`, `pembulatan`; an indicator's `metode`), and nowhere
else. The tables every writer shows are built from this model once (tabel.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import numbers as n

# --- methods ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metode:
    """How a report computes and rounds: formulas and the rounding rule, all from content."""

    capaian_turun: str = n.SELISIH
    batas_capaian: Decimal | None = None
    efisiensi: str = "tidak-ada"  # no efficiency verdict unless the report names its method
    desimal: int = 2
    cara: str = n.SETENGAH_KE_ATAS

    def bulat(self, value, places: int | None = None):
        return n.rounded(value, self.desimal if places is None else places, self.cara)

    def untuk(self, indikator: dict | None) -> "Metode":
        """This method with an indicator's own overrides (`metode` of the indicator)."""
        own = (indikator or {}).get("metode") or {}
        return Metode(own.get("capaian_turun", self.capaian_turun),
                      n.dec(own["batas_capaian"]) if "batas_capaian" in own else self.batas_capaian,
                      self.efisiensi, self.desimal, self.cara)


def metode_of(laporan: dict) -> Metode:
    m = laporan.get("metode") or {}
    p = laporan.get("pembulatan") or {}
    return Metode(m.get("capaian_turun", n.SELISIH), n.dec(m.get("batas_capaian")), m.get("efisiensi", "tidak-ada"),
                  p.get("desimal", 2), p.get("cara", n.SETENGAH_KE_ATAS))


# --- the period of a report -----------------------------------------------------------------------

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Periode:
    jenis: str = "tahunan"
    ke: int | None = None

    @property
    def tahunan(self) -> bool:
        return self.jenis == "tahunan"

    @property
    def nama(self) -> str:
        """'' for a year; 'Semester I' / 'Triwulan III' for part of one."""
        if self.tahunan:
            return ""
        return f"{self.jenis.capitalize()} {_ROMAN.get(self.ke or 0, self.ke)}"

    def judul(self, tahun: int) -> str:
        """'Tahun 2025' or 's.d. Semester I Tahun 2017'."""
        return f"Tahun {tahun}" if self.tahunan else f"s.d. {self.nama} Tahun {tahun}"


def periode_of(laporan: dict) -> Periode:
    p = laporan.get("periode") or {}
    return Periode(p.get("jenis", "tahunan"), p.get("ke"))


# --- indicators ---------------------------------------------------------------------------------


@dataclass
class Measurement:
    """An indicator measured: raw facts in, realisasi/capaian/kategori out."""

    id: str
    nama: str
    satuan: str
    arah: str
    rumus: dict
    target: Decimal | str | None
    fakta: dict  # the raw realisation facts as written (pembilang/penyebut, nilai_awal/akhir, nilai)
    realisasi: Decimal | str | None
    capaian: Decimal | None
    kategori: str | None
    dinyatakan: list = field(default_factory=list)
    sumber: tuple = ("", ())  # (content kind, path of the indicator's mapping) for data-quality findings
    metode: Metode = field(default_factory=Metode)
    dinilai: bool = True  # False: a part-year figure against an annual target, shown without a category
    target_tahunan: Decimal | str | None = None  # the annual target, when the rating used a period target
    data: dict = field(default_factory=dict)  # the indicator's definition (definisi, sumber_data, ...)

    @property
    def persen(self) -> bool:
        return self.satuan.strip() == "%"

    @property
    def biner(self) -> bool:
        return self.arah == "biner"

    @property
    def fakta_pasangan(self) -> tuple | None:
        """(rumus, first, second) of the raw facts behind the realisation: ('rasio', 1010, 6133),
        ('pertumbuhan', awal, akhir); None when the value is recorded directly or not yet reported."""
        f, jenis = self.fakta, self.rumus.get("jenis")
        keys = {"rasio": ("pembilang", "penyebut"), "pertumbuhan": ("nilai_awal", "nilai_akhir"), "penurunan": ("nilai_awal", "nilai_akhir")}.get(jenis)
        if keys and all(isinstance(f.get(k), (int, Decimal)) and not isinstance(f.get(k), bool) for k in keys):
            return (jenis, Decimal(f[keys[0]]), Decimal(f[keys[1]]))
        return None

    @property
    def dilaporkan(self) -> bool:
        return self.realisasi is not None

    @property
    def tercapai(self) -> bool | None:
        if self.capaian is None:
            return None
        return self.metode.bulat(self.capaian) >= 100


def realisasi_value(rumus: dict, fakta: dict | None):
    """The realisation as a value: a ratio or growth in percent, or the value written directly."""
    fakta = fakta or {}
    jenis = rumus.get("jenis", "langsung")
    if jenis == "rasio":
        return n.percent(fakta.get("pembilang"), fakta.get("penyebut"))
    if jenis == "pertumbuhan":
        return n.growth(fakta.get("nilai_awal"), fakta.get("nilai_akhir"))
    if jenis == "penurunan":
        return n.reduction(fakta.get("nilai_awal"), fakta.get("nilai_akhir"))
    value = fakta.get("nilai")
    return value if isinstance(value, str) else n.dec(value)


def _target(value):
    return value if isinstance(value, str) else n.dec(value)


def measure(indikator: dict, skala: list, metode: Metode, target=None, sumber: tuple = ("", ()), periode: Periode = Periode(),
            target_periode=None) -> Measurement:
    """Measure one indicator. `target` overrides the indicator's own (e.g. the Perjanjian Kinerja's);
    in a part-year report a `target_periode` is rated, an annual target is only compared."""
    data = indikator
    rumus = data.get("rumus") or {"jenis": "langsung"}
    metode = metode.untuk(data)
    annual = _target(target if target is not None else data.get("target"))
    own_period = target_periode if target_periode is not None else data.get("target_periode")
    rated_target, dinilai = annual, True
    if not periode.tahunan:
        if own_period is not None:
            rated_target = n.dec(own_period)
        else:
            dinilai = False  # never an annual rating of a part-year figure
    realisasi = realisasi_value(rumus, data.get("realisasi"))
    arah = data.get("arah", "naik")
    if arah == "biner":
        capaian = n.capaian_biner(realisasi, rated_target, metode.batas_capaian)
    elif isinstance(realisasi, str) or isinstance(rated_target, str) or (rated_target is not None and rated_target == 0):
        capaian = None
    else:
        capaian = n.capaian(realisasi, rated_target, arah, metode.capaian_turun, metode.batas_capaian)
    kategori = n.kategori(capaian, skala, metode.desimal, metode.cara) if dinilai else None
    return Measurement(
        id=data.get("id", ""), nama=data["nama"], satuan=data.get("satuan", "%"), arah=arah, rumus=rumus,
        target=rated_target, fakta=data.get("realisasi") or {}, realisasi=realisasi, capaian=capaian, kategori=kategori,
        dinyatakan=data.get("dinyatakan", []), sumber=sumber, metode=metode, dinilai=dinilai,
        target_tahunan=annual if rated_target is not annual else None, data=data,
    )


# --- the budget tree ------------------------------------------------------------------------------

LEVELS = ("bidang", "program", "kegiatan", "sub_kegiatan")
_CHILDREN = {"bidang": "program", "program": "kegiatan", "kegiatan": "sub_kegiatan"}


@dataclass
class Pos:
    """A node of the budget tree. Leaves carry anggaran/realisasi; others roll up their children."""

    id: str
    nama: str
    tingkat: str  # bidang | program | kegiatan | sub_kegiatan
    data: dict
    anak: list = field(default_factory=list)
    anggaran_daun: Decimal | None = None
    realisasi_daun: Decimal | None = None
    indikator_list: list = field(default_factory=list)
    path: tuple = ()  # where its mapping stands in program.yaml
    induk: "Pos | None" = field(default=None, repr=False)

    @property
    def indikator(self) -> Measurement | None:
        return self.indikator_list[0] if self.indikator_list else None

    @property
    def anggaran(self) -> Decimal | None:
        if not self.anak:
            return self.anggaran_daun
        return n.total_or_none(child.anggaran for child in self.anak)

    @property
    def realisasi(self) -> Decimal | None:
        if not self.anak:
            return self.realisasi_daun
        return n.total_or_none(child.realisasi for child in self.anak)

    @property
    def persen(self) -> Decimal | None:
        return n.percent(self.realisasi, self.anggaran)

    @property
    def sisa(self) -> Decimal | None:
        return n.selisih_or_none(self.anggaran, self.realisasi)

    @property
    def dinyatakan(self) -> list:
        return self.data.get("dinyatakan", [])

    @property
    def kode(self) -> str | None:
        return self.data.get("kode")

    def __repr__(self) -> str:
        return f"Pos({self.tingkat} {self.id})"

    def walk(self):
        yield self
        for child in self.anak:
            yield from child.walk()


def build_pos(data: dict, tingkat: str, skala: list, metode: Metode, path: tuple, periode: Periode, induk=None) -> Pos:
    node = Pos(id=data["id"], nama=data["nama"], tingkat=tingkat, data=data, path=path, induk=induk)
    node.indikator_list = [measure(ind, skala, metode, sumber=("program", path + ("indikator", i)), periode=periode)
                           for i, ind in enumerate(data.get("indikator", []))]
    key = _CHILDREN.get(tingkat)
    children = data.get(key, []) if key else []
    node.anak = [build_pos(child, key, skala, metode, path + (key, i), periode, node) for i, child in enumerate(children)]
    if not node.anak:
        node.anggaran_daun = n.dec(data.get("anggaran"))
        node.realisasi_daun = n.dec(data.get("realisasi"))
    return node


@dataclass(repr=False)
class BudgetTree:
    akar: list  # bidang nodes, or program nodes when the content has no grouping
    label_kelompok: str = "Bidang"

    @property
    def bidang(self) -> list:
        return [node for node in self.akar if node.tingkat == "bidang"]

    @property
    def anggaran(self) -> Decimal | None:
        return n.total_or_none(b.anggaran for b in self.akar)

    @property
    def realisasi(self) -> Decimal | None:
        return n.total_or_none(b.realisasi for b in self.akar)

    @property
    def persen(self) -> Decimal | None:
        return n.percent(self.realisasi, self.anggaran)

    @property
    def sisa(self) -> Decimal | None:
        return n.selisih_or_none(self.anggaran, self.realisasi)

    def nodes(self):
        for root in self.akar:
            yield from root.walk()

    def index(self) -> dict:
        return {node.id: node for node in self.nodes()}

    def count(self, tingkat: str) -> int:
        return sum(1 for node in self.nodes() if node.tingkat == tingkat)

    def programs(self) -> list:
        return [node for node in self.nodes() if node.tingkat == "program"]


def budget_tree(program_data: dict, skala: list, metode: Metode, periode: Periode) -> BudgetTree:
    roots = [build_pos(b, "bidang", skala, metode, ("bidang", i), periode) for i, b in enumerate(program_data.get("bidang", []))]
    roots += [build_pos(p, "program", skala, metode, ("program", i), periode) for i, p in enumerate(program_data.get("program", []))]
    return BudgetTree(roots, program_data.get("label_kelompok", "Bidang"))


# --- tables with totals ---------------------------------------------------------------------------


def belanja(anggaran: dict) -> dict | None:
    """Budget by type of spending: perubahan totals and shares per group and line, murni totals."""
    if not anggaran.get("belanja"):
        return None
    groups = []
    for group in anggaran["belanja"]:
        lines = group.get("rincian", [])
        perubahan = n.total_or_none(line.get("perubahan") for line in lines)
        groups.append({**group, "murni": n.dec(group.get("murni")), "perubahan": perubahan,
                       "rincian": [{**line, "perubahan": n.dec(line.get("perubahan")),
                                    "porsi": n.percent(line.get("perubahan"), perubahan)} for line in lines]})
    total = n.total_or_none(g["perubahan"] for g in groups)
    for group in groups:
        group["porsi"] = n.percent(group["perubahan"], total)
    murni = n.total_or_none(g.get("murni") for g in groups)
    return {"kelompok": groups, "perubahan": total, "murni": murni, "selisih": n.selisih_or_none(total, murni),
            "porsi": n.percent(total, total)}


def per_sasaran(anggaran: dict, tree: BudgetTree | None, names: dict) -> dict | None:
    """Each sasaran's programs with their budget (from the tree) and share of the total."""
    data = anggaran.get("per_sasaran")
    if not data or tree is None:
        return None
    index = tree.index()
    total = tree.anggaran
    sasaran = []
    for entry in data["sasaran"]:
        programs = []
        for item in entry["program"]:
            node = index.get(item["program"])
            amount = node.anggaran if node else None
            programs.append({**item, "nama": node.nama if node else item["program"], "anggaran": amount, "porsi": n.percent(amount, total)})
        subtotal = n.total_or_none(p["anggaran"] for p in programs)
        sasaran.append({**entry, "nama": names.get(entry["sasaran"], entry["sasaran"]), "program": programs,
                        "anggaran": subtotal, "porsi": n.percent(subtotal, total)})
    listed = n.total_or_none(s["anggaran"] for s in sasaran)
    return {"sasaran": sasaran, "anggaran": listed, "porsi": n.percent(listed, total)}


def rencana_aksi(perencanaan: dict) -> dict | None:
    data = perencanaan.get("rencana_aksi")
    if not data:
        return None
    rows = []
    for row in data["baris"]:
        amounts = [a.get("anggaran") for a in row["aksi"]] + [row.get("anggaran")]
        rows.append({**row, "jumlah": n.total(amounts)})
    return {**data, "baris": rows, "jumlah": n.total(r["jumlah"] for r in rows)}


# --- the Renstra ----------------------------------------------------------------------------------


def renstra_indicators(perencanaan: dict) -> dict:
    """id -> (indicator, level, owner): level 'tujuan' or 'sasaran' (owner its mapping), or None."""
    renstra = perencanaan.get("renstra") or {}
    found = {}
    for level in ("tujuan", "sasaran"):
        for owner in renstra.get(level, []):
            for ind in owner.get("indikator", []):
                found[ind["id"]] = (ind, level, owner)
    for ind in renstra.get("indikator", []):
        found[ind["id"]] = (ind, None, None)
    return found


def year_targets(targets: dict | None) -> dict:
    return {int(year): Decimal(value) for year, value in sorted((targets or {}).items())}


def names_index(perencanaan: dict, tree: BudgetTree | None) -> dict:
    names = {node.id: node.nama for node in tree.nodes()} if tree else {}
    renstra = perencanaan.get("renstra") or {}
    for level in ("misi", "tujuan", "sasaran"):
        for item in renstra.get(level, []):
            names[item["id"]] = item["nama"]
            for ind in item.get("indikator", []):
                names[ind["id"]] = ind["nama"]
    for ind in renstra.get("indikator", []):
        names[ind["id"]] = ind["nama"]
    return names


# --- the key performance indicators ----------------------------------------------------------------


@dataclass
class Iku:
    """One key performance indicator: definition (Renstra), target (PK), measurement, budget."""

    definisi: dict
    tingkat: str | None  # 'sasaran', 'tujuan', or None when the content does not place it
    induk: dict | None  # the sasaran or tujuan it measures
    ukur: Measurement
    data: dict
    program: list  # Pos nodes of the programs that fund it
    target_renstra: dict  # year -> target
    tahun: int = 0
    periode: Periode = field(default_factory=Periode)
    renstra_periode: tuple | None = None  # (first year, last year) of the Renstra
    metode: Metode = field(default_factory=Metode)
    kesinambungan: dict = field(default_factory=dict)  # {tahun, indikator, hubungan, catatan}
    pendahulu: "Iku | None" = None  # the earlier year's indicator it continues or replaces
    asal_target: str | None = None  # where this year's target comes from: 'Perjanjian Kinerja' or 'Renstra'

    @property
    def id(self) -> str:
        return self.definisi["id"]

    @property
    def sasaran(self) -> dict:
        """The sasaran or tujuan this IKU measures (an empty name when the content does not say)."""
        return self.induk or {"nama": "", "id": ""}

    @property
    def pembanding(self) -> list:
        return self.data.get("pembanding", [])

    @property
    def anggaran(self) -> Decimal | None:
        return n.total_or_none(p.anggaran for p in self.program) if self.program else None

    @property
    def realisasi_anggaran(self) -> Decimal | None:
        return n.total_or_none(p.realisasi for p in self.program) if self.program else None

    @property
    def penyerapan(self) -> Decimal | None:
        return n.percent(self.realisasi_anggaran, self.anggaran)

    @property
    def serapan_dikurangi_target(self) -> Decimal | None:
        """Budget absorption minus the performance target (a column some reports print as 'efficiency');
        only for a target in percent (points cannot be taken from people or units)."""
        if self.penyerapan is None or not isinstance(self.ukur.target, Decimal) or not self.ukur.persen:
            return None
        return self.penyerapan - self.ukur.target

    @property
    def efisiensi(self) -> Decimal | None:
        """By the report's method: capaian − absorption (points) or capaian ÷ absorption (index)."""
        if self.penyerapan is None or self.ukur.capaian is None or self.metode.efisiensi == "tidak-ada":
            return None
        if self.metode.efisiensi == "capaian-dibagi-serapan":
            return None if self.penyerapan == 0 else self.ukur.capaian / self.penyerapan
        return self.ukur.capaian - self.penyerapan

    @property
    def efisien(self) -> bool | None:
        value = self.efisiensi
        if value is None:
            return None
        return value >= (1 if self.metode.efisiensi == "capaian-dibagi-serapan" else 0)

    # --- the Renstra trajectory ---------------------------------------------------------------

    @property
    def tahun_akhir(self) -> int | None:
        """The last year of the Renstra period (not merely the last year that has a target)."""
        if self.renstra_periode:
            return self.renstra_periode[1]
        return max(self.target_renstra) if self.target_renstra else None

    @property
    def target_akhir(self) -> Decimal | None:
        return self.target_renstra.get(self.tahun_akhir) if self.tahun_akhir else None

    @property
    def target_renstra_tahun_ini(self) -> Decimal | None:
        return self.target_renstra.get(self.tahun)

    def _reaches(self, value, target) -> bool | None:
        if value is None or target is None or isinstance(value, str):
            return None
        return value >= target if self.ukur.arah != "turun" else value <= target

    @property
    def sesuai_jalur(self) -> bool | None:
        """On track: this year's realisation reaches this year's Renstra target (annual reports only)."""
        if not self.periode.tahunan:
            return None
        return self._reaches(self.ukur.realisasi, self.target_renstra_tahun_ini)

    @property
    def sudah_mencapai_target_akhir(self) -> bool | None:
        if not self.periode.tahunan:
            return None
        return self._reaches(self.ukur.realisasi, self.target_akhir)

    @property
    def sisa_tahun(self) -> int | None:
        return None if self.tahun_akhir is None else self.tahun_akhir - self.tahun

    @property
    def kenaikan_per_tahun(self) -> Decimal | None:
        """Yearly change still needed to reach the end target from this year's realisation, signed
        (negative for an indicator that must fall); 0 when it is already reached, None when it cannot be said."""
        if not self.periode.tahunan or not isinstance(self.ukur.realisasi, Decimal) or self.target_akhir is None or not self.sisa_tahun:
            return None
        if self.sisa_tahun < 0:
            return None
        if self.sudah_mencapai_target_akhir:
            return Decimal(0)
        return (self.target_akhir - self.ukur.realisasi) / self.sisa_tahun

    @property
    def hubungan(self) -> str:
        return self.kesinambungan.get("hubungan", "tidak-disebutkan")

    @property
    def sebanding_dengan_tahun_lalu(self) -> bool:
        return self.hubungan == "lanjutan" and self.pendahulu is not None


def iku_list(kinerja: dict, perencanaan: dict, tree: BudgetTree | None, skala: list, metode: Metode, tahun: int,
             periode: Periode) -> list[Iku]:
    definitions = renstra_indicators(perencanaan)
    pk = {t["indikator"]: t for t in (perencanaan.get("perjanjian_kinerja") or {}).get("target", [])}
    renstra = perencanaan.get("renstra") or {}
    span = (renstra["periode"]["mulai"], renstra["periode"]["akhir"]) if renstra.get("periode") else None
    index = tree.index() if tree else {}
    result = []
    for position, item in enumerate(kinerja.get("iku", [])):
        definisi, level, owner = definitions[item["indikator"]]
        targets = year_targets(definisi.get("target"))
        agreement = pk.get(item["indikator"], {})
        target, asal = agreement.get("target"), "Perjanjian Kinerja"
        if target is None:
            target, asal = targets.get(tahun), "Renstra"
        own = {**{k: v for k, v in definisi.items() if k != "target"},  # the Renstra's targets are per year: this year's is `target`
               **{k: v for k, v in item.items() if k in ("arah", "metode", "rumus", "realisasi", "dinyatakan")}}
        own["id"] = definisi["id"]
        ukur = measure(own, skala, metode, target=target, sumber=("kinerja", ("iku", position)), periode=periode,
                       target_periode=agreement.get("target_periode"))
        result.append(Iku(definisi=definisi, tingkat=level, induk=owner, ukur=ukur, data=item,
                          program=[index[p] for p in item.get("program", []) if p in index],
                          target_renstra=targets, tahun=tahun, periode=periode, renstra_periode=span,
                          metode=metode.untuk(own), kesinambungan=item.get("kesinambungan", {}),
                          asal_target=asal if target is not None else None))
    return result


# --- the whole report -------------------------------------------------------------------------------


@dataclass
class Report:
    """Everything the writers need for one report: the content, the computed model, the tables."""

    tahun: int
    instansi: dict
    laporan: dict
    perencanaan: dict
    kinerja: dict
    program: dict
    anggaran: dict
    metode: Metode
    periode: Periode
    skala: list
    tree: BudgetTree | None
    iku: list
    names: dict
    belanja: dict | None
    per_sasaran: dict | None
    rencana_aksi: dict | None
    agency: str = ""  # the agency's folder name in a multi-agency site ("" for one agency)
    files: tuple = ()  # which content files this report has
    temuan: list = field(default_factory=list)  # data-quality findings, set after compute
    tables: dict = field(default_factory=dict)  # table id -> tabel.Table, set after compute
    outline: object = None  # kerangka.Outline, set after compute
    sebelumnya: "Report | None" = None  # the previous report year, when the content holds it
    arsip: dict = field(default_factory=dict)  # every report year of the agency the content holds, by year
    sesudahnya: "Report | None" = None  # the next report year, when the content holds it

    def __repr__(self) -> str:
        return f"Report({self.agency + '/' if self.agency else ''}{self.tahun})"

    @property
    def places(self) -> int:
        return self.metode.desimal

    @property
    def sebagian(self) -> bool:
        return self.laporan.get("cakupan") == "sebagian"

    @property
    def rancangan(self) -> bool:
        return self.laporan.get("status", "final") == "rancangan"

    @property
    def judul_periode(self) -> str:
        return self.periode.judul(self.tahun)

    @property
    def jumlah_temuan(self) -> dict:
        counts = {"selisih": 0, "pembulatan": 0, "bertingkat": 0}
        for finding in self.temuan:
            counts[finding.jenis] = counts.get(finding.jenis, 0) + 1
        return counts

    @property
    def program_strategis(self) -> list:
        """Programs that carry a performance indicator (those supporting a sasaran), in tree order."""
        return [node for node in self.tree.nodes() if node.tingkat == "program" and node.indikator] if self.tree else []

    @property
    def program_diuraikan(self) -> list:
        """Programs the report analyses, each with a page: those with a performance indicator or an
        analysis of their own or of a kegiatan or sub kegiatan, in tree order."""
        if not self.tree:
            return []
        return [node for node in self.tree.nodes()
                if node.tingkat == "program" and (node.indikator or any(part.data.get("analisis") for part in node.walk()))]

    @property
    def tahun_lalu(self) -> int:
        return self.tahun - 1

    @property
    def tahun_renstra(self) -> list:
        periode = (self.perencanaan.get("renstra") or {}).get("periode")
        if not periode:
            return []
        return list(range(periode["mulai"], periode["akhir"] + 1))

    @property
    def renstra_nama(self) -> str:
        renstra = self.perencanaan.get("renstra") or {}
        years = self.tahun_renstra
        span = f"{years[0]}–{years[-1]}" if years else ""
        return renstra.get("nama") or (f"Renstra {span}" if span else "Renstra")

    @property
    def penerus(self) -> dict:
        """{this year's IKU id: (later Iku, hubungan)} for the indicators a later report continues or replaces."""
        later = self.sesudahnya
        found = {}
        for item in later.iku if later else []:
            if item.pendahulu is not None and item.pendahulu.tahun == self.tahun:
                found[item.pendahulu.id] = (item, item.hubungan)
        return found

    @property
    def penandatangan(self) -> dict:
        return self.laporan.get("penandatangan") or {}

    @property
    def jabatan_kepala(self) -> str:
        return self.instansi.get("jabatan_kepala") or "Kepala"


def compute_report(tahun: int, files: dict, instansi: dict | None = None, agency: str = "") -> Report:
    """All derived figures of one report year, from its validated content files (kind -> data)."""
    laporan = files["laporan"]
    perencanaan, kinerja = files.get("perencanaan") or {}, files.get("kinerja") or {}
    program, anggaran = files.get("program") or {}, files.get("anggaran") or {}
    metode, periode = metode_of(laporan), periode_of(laporan)
    skala = (kinerja.get("skala_capaian") or {}).get("kategori", [])
    tree = budget_tree(program, skala, metode, periode) if (program.get("bidang") or program.get("program")) else None
    names = names_index(perencanaan, tree)
    return Report(
        tahun=tahun, instansi=instansi or {}, laporan=laporan, perencanaan=perencanaan, kinerja=kinerja, program=program,
        anggaran=anggaran, metode=metode, periode=periode, skala=skala, tree=tree,
        iku=iku_list(kinerja, perencanaan, tree, skala, metode, tahun, periode), names=names,
        belanja=belanja(anggaran), per_sasaran=per_sasaran(anggaran, tree, names), rencana_aksi=rencana_aksi(perencanaan),
        agency=agency, files=tuple(sorted(files)),
    )


def link_years(reports: list) -> None:
    """Each report points at the one before it (the year before, when the content holds it), and
    each IKU at the indicator of the year its `kesinambungan` names."""
    by_year = {r.tahun: r for r in reports}
    for report in reports:
        report.arsip = by_year
        report.sebelumnya = by_year.get(report.tahun - 1)
        report.sesudahnya = by_year.get(report.tahun + 1)
        for item in report.iku:
            link = item.kesinambungan
            earlier = by_year.get(link.get("tahun", report.tahun - 1))
            if earlier is not None and link.get("indikator"):
                item.pendahulu = next((i for i in earlier.iku if i.id == link["indikator"]), None)


# --- year over year -----------------------------------------------------------------------------


def selisih(old, new) -> Decimal | None:
    if not isinstance(old, Decimal) or not isinstance(new, Decimal):
        return None
    return new - old


@dataclass
class Banding:
    """One figure this year next to last year's."""

    nama: str
    satuan: str
    lalu: Decimal | None
    kini: Decimal | None
    kategori_lalu: str | None = None
    kategori_kini: str | None = None
    sebanding: bool = True

    @property
    def perubahan(self) -> Decimal | None:
        return selisih(self.lalu, self.kini) if self.sebanding else None


def perbandingan_tahunan(report: Report) -> dict:
    """The year-over-year page: IKU, program indicators and budget next to the previous year."""
    previous = report.sebelumnya
    iku = []
    last_year = previous.tahun if previous else report.tahun_lalu
    for item in report.iku:
        before = item.pendahulu.ukur if item.pendahulu else None
        stated = next((p for p in item.pembanding if p["jenis"] == "tahun" and p.get("tahun") == last_year), None)
        if before is None and stated is not None and item.hubungan != "pengganti":
            # last year's realisation as this report itself gives it (its content is not held): the report compares the two
            banding = Banding(item.ukur.nama, item.ukur.satuan, n.dec(stated["nilai"]), item.ukur.realisasi, None, item.ukur.kategori)
        else:
            banding = Banding(item.ukur.nama, item.ukur.satuan, before.realisasi if before else None, item.ukur.realisasi,
                              before.kategori if before else None, item.ukur.kategori, sebanding=item.sebanding_dengan_tahun_lalu)
        iku.append({"iku": item, "hubungan": item.hubungan, "pendahulu": before, "dari_pembanding": before is None and stated is not None,
                    "banding": banding})
    programs, budget, total = [], [], None
    if previous is not None and previous.tree is not None and report.tree is not None:
        old_nodes = previous.tree.index()
        for node in report.program_strategis:
            old = old_nodes.get(node.id)
            old_m = old.indikator if old is not None else None
            programs.append(Banding(node.indikator.nama, node.indikator.satuan, old_m.realisasi if old_m else None,
                                    node.indikator.realisasi, old_m.kategori if old_m else None, node.indikator.kategori,
                                    sebanding=old_m is not None and old_m.nama == node.indikator.nama))
        for node in report.tree.programs():
            old = old_nodes.get(node.id)
            budget.append({"nama": node.nama,
                           "anggaran": Banding("Anggaran", "Rp", old.anggaran if old else None, node.anggaran),
                           "realisasi": Banding("Realisasi", "Rp", old.realisasi if old else None, node.realisasi),
                           "persen": Banding("Penyerapan", "%", old.persen if old else None, node.persen)})
        total = {"anggaran": Banding("Anggaran", "Rp", previous.tree.anggaran, report.tree.anggaran),
                 "realisasi": Banding("Realisasi", "Rp", previous.tree.realisasi, report.tree.realisasi),
                 "persen": Banding("Penyerapan", "%", previous.tree.persen, report.tree.persen)}
    return {"iku": iku, "program": programs, "anggaran": budget, "total": total,
            "tahun_lalu": previous.tahun if previous else report.tahun_lalu,
            "ada_tahun_lalu": previous is not None and previous.tree is not None}


def riwayat_iku(report: Report, iku_id: str) -> dict:
    """{year: Measurement} of one IKU over the report years the content holds, following the
    indicator back while each year says it continues (`lanjutan`) an earlier indicator."""
    history = {}
    item = next((i for i in report.iku if i.id == iku_id), None)
    seen = set()
    while item is not None and item.tahun not in seen:
        seen.add(item.tahun)
        history[item.tahun] = item.ukur
        if item.hubungan != "lanjutan":
            break
        item = item.pendahulu
    return dict(sorted(history.items()))
