"""Stage 3, compute: every derived figure of the report, from the validated raw facts.

Pure functions only: no file or network access, no formatting. Percentages, capaian, categories,
roll-ups of the budget tree, shares, efficiency and staffing/asset totals are computed here and
nowhere else; templates only place and format them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import checks
from . import numbers as n

# --- indicators ---------------------------------------------------------------------------------


@dataclass
class Measurement:
    """An indicator measured: raw facts in, realisasi/capaian/kategori out."""

    id: str
    nama: str
    satuan: str
    arah: str
    rumus: dict
    target: Decimal | None
    fakta: dict  # the raw realisation facts as written (pembilang/penyebut, nilai_awal/akhir, nilai)
    realisasi: Decimal | None
    capaian: Decimal | None
    kategori: str | None
    dinyatakan: list = field(default_factory=list)
    sumber: tuple = ("", ())  # (content kind, path of the indicator's mapping) for data-quality findings

    @property
    def persen(self) -> bool:
        return self.satuan.strip() == "%"

    @property
    def dilaporkan(self) -> bool:
        return self.realisasi is not None


def realisasi_value(rumus: dict, fakta: dict | None) -> Decimal | None:
    """The realisation as a value: a ratio or growth in percent, or the value written directly."""
    fakta = fakta or {}
    jenis = rumus.get("jenis", "langsung")
    if jenis == "rasio":
        return n.percent(fakta.get("pembilang"), fakta.get("penyebut"))
    if jenis == "pertumbuhan":
        return n.growth(fakta.get("nilai_awal"), fakta.get("nilai_akhir"))
    return n.dec(fakta.get("nilai"))


def measure(indikator: dict, skala: list, target=None, places: int = 2, sumber: tuple = ("", ())) -> Measurement:
    """Measure one indicator. `target` overrides the indicator's own (e.g. the Perjanjian Kinerja's)."""
    data = indikator
    rumus = data.get("rumus") or {"jenis": "langsung"}
    target = n.dec(target if target is not None else data.get("target"))
    realisasi = realisasi_value(rumus, data.get("realisasi"))
    arah = data.get("arah", "naik")
    capaian = n.capaian(realisasi, target, arah)
    return Measurement(
        id=data.get("id", ""), nama=data["nama"], satuan=data.get("satuan", "%"), arah=arah, rumus=rumus,
        target=target, fakta=data.get("realisasi") or {}, realisasi=realisasi, capaian=capaian,
        kategori=n.kategori(capaian, skala, places), dinyatakan=data.get("dinyatakan", []), sumber=sumber,
    )


# --- the budget tree (Tabel 3.8) ----------------------------------------------------------------


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
    indikator: Measurement | None = None
    path: tuple = ()  # where its mapping stands in program.yaml

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
    def hibah_jumlah(self) -> Decimal:
        """Total number of items granted (Tabel 3.7)."""
        return n.total(item["jumlah"] for item in self.data.get("hibah", {}).get("barang", []))

    def __repr__(self) -> str:
        return f"Pos({self.tingkat} {self.id})"

    def walk(self):
        yield self
        for child in self.anak:
            yield from child.walk()


_CHILDREN = {"bidang": ("program", "program"), "program": ("kegiatan", "kegiatan"), "kegiatan": ("sub_kegiatan", "sub_kegiatan")}


def build_pos(data: dict, tingkat: str, skala: list, path: tuple, places: int = 2) -> Pos:
    node = Pos(id=data["id"], nama=data["nama"], tingkat=tingkat, data=data, path=path)
    if "indikator" in data:
        node.indikator = measure(data["indikator"], skala, places=places, sumber=("program", path + ("indikator",)))
    if tingkat == "sub_kegiatan":
        node.anggaran_daun = n.dec(data.get("anggaran"))
        node.realisasi_daun = n.dec(data.get("realisasi"))
        return node
    key, child_level = _CHILDREN[tingkat]
    node.anak = [build_pos(child, child_level, skala, path + (key, i), places) for i, child in enumerate(data.get(key, []))]
    return node


@dataclass(repr=False)
class BudgetTree:
    bidang: list

    @property
    def anggaran(self) -> Decimal | None:
        return n.total_or_none(b.anggaran for b in self.bidang)

    @property
    def realisasi(self) -> Decimal | None:
        return n.total_or_none(b.realisasi for b in self.bidang)

    @property
    def persen(self) -> Decimal | None:
        return n.percent(self.realisasi, self.anggaran)

    @property
    def sisa(self) -> Decimal | None:
        return n.selisih_or_none(self.anggaran, self.realisasi)

    def nodes(self):
        for bidang in self.bidang:
            yield from bidang.walk()

    def index(self) -> dict:
        return {node.id: node for node in self.nodes()}

    def count(self, tingkat: str) -> int:
        return sum(1 for node in self.nodes() if node.tingkat == tingkat)


def budget_tree(program_data: dict, skala: list, places: int = 2) -> BudgetTree:
    return BudgetTree([build_pos(b, "bidang", skala, ("bidang", i), places) for i, b in enumerate(program_data["bidang"])])


# --- tables with totals -------------------------------------------------------------------------


def column_totals(rows: list, columns: tuple) -> dict:
    return {col: n.total(row.get(col) for row in rows) for col in columns}


def staffing(kepegawaian: dict) -> dict:
    """Tabel 1.1-1.3 with computed row and column totals."""
    jabatan = kepegawaian["jabatan"]
    kelamin = kepegawaian["jenis_kelamin"]
    pangkat = kepegawaian["pangkat"]
    kelamin_rows = [{**row, "jumlah": n.total([row.get("laki_laki"), row.get("perempuan")])} for row in kelamin["baris"]]
    return {
        "jabatan": {**jabatan, "total": column_totals(jabatan["baris"], ("formasi", "terisi"))},
        "jenis_kelamin": {**kelamin, "baris": kelamin_rows,
                          "total": column_totals(kelamin_rows, ("laki_laki", "perempuan", "jumlah"))},
        "pangkat": {**pangkat, "total": column_totals(pangkat["baris"], ("jumlah",))},
    }


def assets(aset: dict) -> dict:
    """Tabel 1.4: per item total of B + RR + RB, per group and overall totals."""
    groups = []
    for group in aset["kelompok"]:
        items = [{**item, "total": n.total([item.get("b"), item.get("rr"), item.get("rb")])} for item in group["barang"]]
        groups.append({**group, "barang": items, "jumlah": column_totals(items, ("b", "rr", "rb", "total"))})
    all_items = [item for group in groups for item in group["barang"]]
    return {**aset, "kelompok": groups, "jumlah": column_totals(all_items, ("b", "rr", "rb", "total"))}


def belanja(anggaran: dict) -> dict:
    """Tabel 1.5 / 2.6: budget by type of spending, perubahan totals and shares, murni totals."""
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
    return {"kelompok": groups, "perubahan": total, "murni": murni, "selisih": n.selisih_or_none(total, murni)}


def per_sasaran(anggaran: dict, tree: BudgetTree, names: dict) -> dict:
    """Tabel 2.7: each sasaran's programs with their budget (from the tree) and share of the total."""
    index = tree.index()
    total = tree.anggaran
    sasaran = []
    for entry in anggaran["per_sasaran"]["sasaran"]:
        programs = []
        for item in entry["program"]:
            node = index[item["program"]]
            programs.append({**item, "nama": node.nama, "anggaran": node.anggaran, "porsi": n.percent(node.anggaran, total)})
        subtotal = n.total_or_none(p["anggaran"] for p in programs)
        sasaran.append({**entry, "nama": names.get(entry["sasaran"], entry["sasaran"]), "program": programs,
                        "anggaran": subtotal, "porsi": n.percent(subtotal, total)})
    listed = n.total_or_none(s["anggaran"] for s in sasaran)
    return {"sasaran": sasaran, "anggaran": listed, "porsi": n.percent(listed, total)}


# --- the whole report ---------------------------------------------------------------------------


@dataclass
class Iku:
    """One key performance indicator: definition (Renstra), target (PK), measurement, budget."""

    definisi: dict
    sasaran: dict
    ukur: Measurement
    data: dict
    program: list  # Pos nodes of the programs that fund it (Tabel 3.9)
    target_renstra: dict  # year -> target
    tahun: int = 0
    kesinambungan: dict = field(default_factory=dict)  # {hubungan, tahun_lalu, catatan}
    pendahulu: dict | None = None  # last year's indicator it continues or replaces (an iku_2024 row)

    @property
    def id(self) -> str:
        return self.definisi["id"]

    @property
    def anggaran(self) -> Decimal | None:
        return n.total_or_none(p.anggaran for p in self.program)

    @property
    def realisasi_anggaran(self) -> Decimal | None:
        return n.total_or_none(p.realisasi for p in self.program)

    @property
    def penyerapan(self) -> Decimal | None:
        return n.percent(self.realisasi_anggaran, self.anggaran)

    @property
    def efisiensi_tabel(self) -> Decimal | None:
        """Tabel 3.6 as the document defines its column 6: (5) budget absorption - (4) performance target."""
        if self.penyerapan is None or self.ukur.target is None:
            return None
        return self.penyerapan - self.ukur.target

    @property
    def efisiensi_selisih(self) -> Decimal | None:
        """3.1.6 text's definition: efficient when capaian kinerja >= capaian (absorption) of the budget."""
        if self.penyerapan is None or self.ukur.capaian is None:
            return None
        return self.ukur.capaian - self.penyerapan

    @property
    def efisien(self) -> bool | None:
        gap = self.efisiensi_selisih
        return None if gap is None else gap >= 0

    # --- the Renstra trajectory ---------------------------------------------------------------

    @property
    def tahun_akhir(self) -> int | None:
        return max(self.target_renstra) if self.target_renstra else None

    @property
    def target_akhir(self) -> Decimal | None:
        return self.target_renstra[self.tahun_akhir] if self.target_renstra else None

    @property
    def target_renstra_tahun_ini(self) -> Decimal | None:
        return self.target_renstra.get(self.tahun)

    def _reaches(self, value, target) -> bool | None:
        if value is None or target is None:
            return None
        return value >= target if self.ukur.arah == "naik" else value <= target

    @property
    def sesuai_jalur(self) -> bool | None:
        """On track: this year's realisation reaches this year's Renstra target."""
        return self._reaches(self.ukur.realisasi, self.target_renstra_tahun_ini)

    @property
    def sudah_mencapai_target_akhir(self) -> bool | None:
        return self._reaches(self.ukur.realisasi, self.target_akhir)

    @property
    def sisa_tahun(self) -> int | None:
        return None if self.tahun_akhir is None else self.tahun_akhir - self.tahun

    @property
    def kenaikan_per_tahun(self) -> Decimal | None:
        """Yearly change (percentage points) still needed to reach the end target from this year's
        realisation; 0 when it is already reached, None when it cannot be said."""
        if self.ukur.realisasi is None or self.target_akhir is None or not self.sisa_tahun:
            return None
        if self.sudah_mencapai_target_akhir:
            return Decimal(0)
        return abs(self.target_akhir - self.ukur.realisasi) / self.sisa_tahun

    @property
    def sebanding_dengan_tahun_lalu(self) -> bool:
        return self.kesinambungan.get("hubungan") == "lanjutan" and self.pendahulu is not None


def renstra_indicators(perencanaan: dict) -> dict:
    found = {}
    for sasaran in perencanaan["renstra"]["sasaran"]:
        for indikator in sasaran["indikator"]:
            found[indikator["id"]] = (indikator, sasaran)
    return found


def year_targets(targets: dict) -> dict:
    return {int(year): Decimal(value) for year, value in sorted(targets.items())}


def iku_list(kinerja: dict, perencanaan: dict, tree: BudgetTree, skala: list, places: int, tahun: int = 0,
             sebelumnya: list | None = None) -> list[Iku]:
    definitions = renstra_indicators(perencanaan)
    links = {k["indikator"]: k for k in kinerja.get("perbandingan_tahun_lalu", {}).get("kesinambungan", [])}
    previous = {row["ukur"].id: row for row in (sebelumnya or [])}
    pk = {t["indikator"]: t for t in perencanaan["perjanjian_kinerja"]["target"]}
    index = tree.index()
    result = []
    for position, item in enumerate(kinerja["iku"]):
        definisi, sasaran = definitions[item["indikator"]]
        target = pk[item["indikator"]]["target"] if item["indikator"] in pk else None
        ukur = measure({"id": definisi["id"], "nama": definisi["nama"], "satuan": definisi.get("satuan", "%"),
                        "arah": item["arah"], "rumus": item["rumus"], "realisasi": item.get("realisasi"),
                        "dinyatakan": item.get("dinyatakan", [])}, skala, target=target, places=places,
                       sumber=("kinerja", ("iku", position)))
        link = links.get(item["indikator"], {})
        result.append(Iku(definisi=definisi, sasaran=sasaran, ukur=ukur, data=item,
                          program=[index[p] for p in item.get("program", [])],
                          target_renstra=year_targets(definisi.get("target", {})), tahun=tahun,
                          kesinambungan=link, pendahulu=previous.get(link.get("tahun_lalu"))))
    return result


def iku_rows(items: list, skala: list, places: int, file: str, base: tuple) -> list[dict]:
    """IKU known only by their stated realisation percentage (a year known in part)."""
    rows = []
    for position, item in enumerate(items):
        fakta = {"nilai": item["realisasi"]}
        ukur = measure({**item, "rumus": {"jenis": "langsung"}, "realisasi": fakta}, skala, places=places,
                       sumber=(file, base + (position,)))
        rows.append({"data": item, "ukur": ukur, "target_renstra": year_targets(item.get("target_renstra", {}))})
    return rows


def iku_2024(kinerja: dict, skala: list, places: int) -> list[dict]:
    """Last year's IKU written inside this year's kinerja.yaml (older content layout)."""
    items = kinerja["perbandingan_tahun_lalu"].get("iku_2024", [])
    return iku_rows(items, skala, places, "kinerja", ("perbandingan_tahun_lalu", "iku_2024"))


@dataclass
class PartialReport:
    """A report year known only in part (`cakupan: sebagian`): its IKU results and Renstra targets."""

    tahun: int
    laporan: dict
    data: dict
    rows: list
    skala: list
    places: int = 2
    temuan: list = field(default_factory=list)
    sebagian: bool = True

    def __repr__(self) -> str:
        return f"PartialReport({self.tahun})"

    @property
    def tahun_renstra(self) -> list:
        periode = self.data["renstra"]
        return list(range(periode["mulai"], periode["akhir"] + 1))

    @property
    def temuan_per_kunci(self) -> dict:
        return checks.by_key(self.temuan)


def compute_partial(tahun: int, files: dict) -> PartialReport:
    data = files["iku"]
    skala = data["skala_capaian"]["kategori"]
    return PartialReport(tahun=tahun, laporan=files["laporan"], data=data,
                         rows=iku_rows(data["iku"], skala, 2, "iku", ("iku",)), skala=skala)


def names_index(perencanaan: dict, tree: BudgetTree) -> dict:
    names = {node.id: node.nama for node in tree.nodes()}
    renstra = perencanaan["renstra"]
    for tujuan in renstra["tujuan"]:
        names[tujuan["id"]] = tujuan["nama"]
        for indikator in tujuan["indikator"]:
            names[indikator["id"]] = indikator["nama"]
    for sasaran in renstra["sasaran"]:
        names[sasaran["id"]] = sasaran["nama"]
        for indikator in sasaran["indikator"]:
            names[indikator["id"]] = indikator["nama"]
    return names


def rencana_aksi(perencanaan: dict) -> dict:
    rows = []
    for row in perencanaan["rencana_aksi"]["baris"]:
        amounts = [a.get("anggaran") for a in row["aksi"]] + [row.get("anggaran")]
        rows.append({**row, "jumlah": n.total(amounts)})
    return {**perencanaan["rencana_aksi"], "baris": rows, "jumlah": n.total(r["jumlah"] for r in rows)}


@dataclass
class Report:
    """Everything the templates need for one report year."""

    tahun: int
    laporan: dict
    organisasi: dict
    perencanaan: dict
    anggaran: dict
    program: dict
    kinerja: dict
    places: int
    skala: list
    tree: BudgetTree
    iku: list
    iku_2024: list
    names: dict
    belanja: dict
    per_sasaran: dict
    kepegawaian: dict
    aset: dict
    rencana_aksi: dict
    temuan: list = field(default_factory=list)  # data-quality findings (checks.Finding), set after compute
    sebelumnya: "Report | None" = None  # the previous complete report year, when the content holds it
    sebagian: bool = False  # a complete year (see PartialReport for a year known in part)

    @property
    def jumlah_temuan(self) -> dict:
        counts = {"selisih": 0, "pembulatan": 0}
        for finding in self.temuan:
            counts[finding.jenis] += 1
        return counts

    @property
    def temuan_per_kunci(self) -> dict:
        return checks.by_key(self.temuan)

    def __repr__(self) -> str:
        return f"Report({self.tahun})"

    @property
    def program_strategis(self) -> list:
        """Programs that carry a performance indicator (the six of Tabel 3.3), in tree order."""
        return [node for node in self.tree.nodes() if node.tingkat == "program" and node.indikator]

    @property
    def judul_tabel(self) -> dict:
        """Table number -> title, as listed in the report's Daftar Tabel."""
        return {t["nomor"]: t["judul"] for t in self.laporan.get("daftar_tabel", [])}

    @property
    def tabel_tersedia(self) -> set:
        """Table numbers the pages of this year show (a draft year has no grants table yet)."""
        numbers = set(self.judul_tabel)
        if not any(node.data.get("hibah") for node in self.tree.nodes()):
            numbers.discard("3.7")
        return numbers

    @property
    def tahun_lalu(self) -> int:
        return self.tahun - 1

    @property
    def tahun_renstra(self) -> list:
        periode = self.perencanaan["renstra"]["periode"]
        return list(range(periode["mulai"], periode["akhir"] + 1))


def compute_report(tahun: int, files: dict, iku_tahun_lalu: list | None = None) -> Report:
    """All derived figures of one report year, from the validated content files (kind -> data).
    `iku_tahun_lalu`: last year's IKU rows when they live in last year's own (partial) content."""
    laporan, kinerja, perencanaan = files["laporan"], files["kinerja"], files["perencanaan"]
    places = laporan.get("pembulatan", {}).get("desimal", 2)
    skala = kinerja["skala_capaian"]["kategori"]
    tree = budget_tree(files["program"], skala, places)
    names = names_index(perencanaan, tree)
    previous = iku_2024(kinerja, skala, places) or list(iku_tahun_lalu or [])
    return Report(
        tahun=tahun, laporan=laporan, organisasi=files["organisasi"], perencanaan=perencanaan,
        anggaran=files["anggaran"], program=files["program"], kinerja=kinerja, places=places, skala=skala,
        tree=tree, iku=iku_list(kinerja, perencanaan, tree, skala, places, tahun, previous), iku_2024=previous,
        names=names, belanja=belanja(files["anggaran"]), per_sasaran=per_sasaran(files["anggaran"], tree, names),
        kepegawaian=staffing(files["organisasi"]["kepegawaian"]), aset=assets(files["organisasi"]["aset"]),
        rencana_aksi=rencana_aksi(perencanaan),
    )


# --- year over year -----------------------------------------------------------------------------


def selisih(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    return None if old is None or new is None else new - old


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
    keterangan: str = ""

    @property
    def perubahan(self) -> Decimal | None:
        return selisih(self.lalu, self.kini) if self.sebanding else None


def perbandingan_tahunan(report: Report) -> dict:
    """The year-over-year page: IKU, program indicators and budget next to the previous year."""
    previous = report.sebelumnya
    iku = []
    for item in report.iku:
        link = item.kesinambungan
        before = item.pendahulu["ukur"] if item.pendahulu else None
        if previous is not None and link.get("hubungan") == "lanjutan":
            match = next((i for i in previous.iku if i.id == link.get("tahun_lalu")), None)
            before = match.ukur if match else before
        iku.append({"iku": item, "hubungan": link.get("hubungan", "baru"),
                    "banding": Banding(item.ukur.nama, item.ukur.satuan, before.realisasi if before else None, item.ukur.realisasi,
                                       before.kategori if before else None, item.ukur.kategori,
                                       sebanding=link.get("hubungan") == "lanjutan" and before is not None),
                    "pendahulu": before})
    programs, budget = [], []
    if previous is not None:
        old_nodes = previous.tree.index()
        for node in report.program_strategis:
            old = old_nodes.get(node.id)
            old_m = old.indikator if old is not None else None
            programs.append(Banding(node.indikator.nama, node.indikator.satuan, old_m.realisasi if old_m else None,
                                    node.indikator.realisasi, old_m.kategori if old_m else None, node.indikator.kategori,
                                    sebanding=old_m is not None and old_m.nama == node.indikator.nama))
        for node in report.tree.nodes():
            if node.tingkat == "program":
                old = old_nodes.get(node.id)
                budget.append({"nama": node.nama,
                               "anggaran": Banding("Anggaran", "Rp", old.anggaran if old else None, node.anggaran),
                               "realisasi": Banding("Realisasi", "Rp", old.realisasi if old else None, node.realisasi),
                               "persen": Banding("Penyerapan", "%", old.persen if old else None, node.persen)})
        total = {"anggaran": Banding("Anggaran", "Rp", previous.tree.anggaran, report.tree.anggaran),
                 "realisasi": Banding("Realisasi", "Rp", previous.tree.realisasi, report.tree.realisasi),
                 "persen": Banding("Penyerapan", "%", previous.tree.persen, report.tree.persen)}
    else:
        total = None
    return {"iku": iku, "program": programs, "anggaran": budget, "total": total,
            "tahun_lalu": previous.tahun if previous else report.tahun_lalu, "ada_tahun_lalu": previous is not None}


def riwayat_iku(report: Report, iku_id: str) -> dict:
    """{year: Measurement} of one IKU over the report years the content holds, following the
    indicator back while each year says it continues (`lanjutan`) last year's indicator."""
    history = {}
    current, wanted = report, iku_id
    while current is not None:
        match = next((i for i in current.iku if i.id == wanted), None)
        if match is None:
            break
        history[current.tahun] = match.ukur
        if match.kesinambungan.get("hubungan") != "lanjutan":
            break
        wanted = match.kesinambungan.get("tahun_lalu") or wanted
        current = current.sebelumnya
    return dict(sorted(history.items()))
