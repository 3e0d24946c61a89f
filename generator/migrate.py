"""`lkjip migrate`: bring content written in an older content model up to the current one.

Each report folder names its model in `laporan.yaml` (`model: 2`); a folder without it is model 1,
the first model, whose pages fixed the outline of the report in their templates. Migrating model 1
moves every narrative into the report's own outline (`kerangka`, filled from the outline that the
model-1 pages implied, `schema/migrasi/v1.yaml`), moves the agency's identity into
`content/instansi.yaml`, turns staffing, asset and grant tables into data tables, and gives every
indicator link a generic form. No figure is changed: the migrated content gives the same site.

The same functions migrate in memory, so that `lkjip diff` can compare revisions on either side of
a model change.
"""
from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

from . import resources
from .loader import load_file
from .problems import ContentError, Problem

MODEL = 2
V1_KINDS = ("laporan", "organisasi", "perencanaan", "anggaran", "program", "kinerja")
V1_PARTIAL_KINDS = ("laporan", "iku")
SCHEMA_LINE = "../../schema/{kind}.schema.json"


def model_of(laporan: dict | None) -> int:
    """The content model a report folder is written in (1 when it does not say)."""
    if isinstance(laporan, dict) and isinstance(laporan.get("model"), int):
        return laporan["model"]
    return 1


# --- the outline template ---------------------------------------------------------------------

_MISSING = object()
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_.\-]*)\}")


class _Filler:
    """Fills the model-1 outline template with one report's content."""

    def __init__(self, data: dict, functions: dict):
        self.data = data
        self.functions = functions
        self.scopes: list[dict] = []

    def lookup(self, path: str):
        parts = path.split(".")
        for scope in reversed(self.scopes):
            if parts[0] in scope:
                node = scope[parts[0]]
                break
        else:
            node = self.data.get(parts[0], _MISSING)
        for part in parts[1:]:
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return _MISSING
        if node is None or node == "" or node == [] or node == {}:
            return _MISSING
        return node

    def text(self, template: str):
        missing = False

        def fill(match):
            nonlocal missing
            value = self.lookup(match.group(1))
            if value is _MISSING:
                missing = True
                return ""
            return str(value)

        result = _PLACEHOLDER.sub(fill, template)
        return _MISSING if missing else result

    def node(self, template):
        """The filled value, or _MISSING when something it needs is absent."""
        if isinstance(template, str):
            return self.text(template)
        if isinstance(template, list):
            return self.blocks(template)
        if not isinstance(template, dict):
            return template
        if "=" in template:
            value = self.lookup(template["="])
            if value is _MISSING and "atau" in template:
                return self.text(template["atau"])
            return copy.deepcopy(value)
        if "fn" in template:
            return self.functions[template["fn"]](self)
        result = {}
        for key, value in template.items():
            filled = self.node(value)
            if filled is _MISSING:
                if key in ("teks", "butir", "tabel", "isi") or key in ("judul",) and "isi" in template:
                    return _MISSING
                continue
            result[key] = filled
        return result

    def blocks(self, templates: list) -> list:
        out = []
        for template in templates:
            if isinstance(template, dict) and "*" in template:
                items = self.lookup(template["*"])
                for item in items if isinstance(items, list) else []:
                    self.scopes.append({template["as"]: item})
                    out.extend(self.blocks(template["do"]))
                    self.scopes.pop()
                continue
            if isinstance(template, dict) and "?" in template:
                if self.lookup(template["?"]) is _MISSING:
                    continue
                template = {k: v for k, v in template.items() if k != "?"}
            filled = self.node(template)
            if filled is _MISSING or filled == {}:
                continue
            if isinstance(filled, dict) and "bagian" in filled and not filled["bagian"].get("isi"):
                continue
            out.append(filled)
        return out


# --- conversions that the template calls ------------------------------------------------------

def _dasar_hukum(f: _Filler):
    items = []
    for d in f.lookup("organisasi.dasar_hukum"):
        text = f"{d['jenis']} Nomor {d['nomor']} Tahun {d['tahun']}"
        if d.get("tentang"):
            text += f" tentang {d['tentang']}"
        items.append(text)
    return items


def _sistematika(f: _Filler):
    return [{k: v.strip() if isinstance(v, str) else v for k, v in b.items() if k in ("judul", "uraian")}
            for b in f.lookup("laporan.bab1.sistematika.bagian")]


def _judul_uraian_program(f: _Filler):
    item = f.lookup("t")
    names = {p["id"]: p["nama"] for b in f.data.get("program", {}).get("bidang", []) for p in b.get("program", [])}
    return f"{item.get('nomor', '')}. {names.get(item['program'], item['program'])}".lstrip(". ")


def _column(key, title, kind=None, **extra):
    col = {"kunci": key, "judul": title}
    if kind:
        col["jenis"] = kind
    col.update(extra)
    return col


def _table(base: dict, **fields) -> dict:
    table = {"jenis": "data"}
    for key in ("nomor", "judul"):
        if base.get(key) is not None:
            table[key] = base[key]
    table.update(fields)
    return table


def _tabel_jabatan(f: _Filler):
    t = f.lookup("organisasi.kepegawaian.jabatan")
    if t is _MISSING:
        return _MISSING
    return _table(t, id="tabel-jabatan",
                  kolom=[_column("jabatan", "Jabatan"), _column("formasi", "Formasi", "cacah"),
                         _column("terisi", "Terisi", "cacah"), _column("keterangan", "Ket")],
                  baris=copy.deepcopy(t["baris"]), jumlah=["formasi", "terisi"], tidak_melebihi={"terisi": "formasi"}, **_statements(t))


def _tabel_jenis_kelamin(f: _Filler):
    t = f.lookup("organisasi.kepegawaian.jenis_kelamin")
    if t is _MISSING:
        return _MISSING
    statements = list(copy.deepcopy(t.get("dinyatakan", [])))
    for st in f.lookup("organisasi.kepegawaian").get("dinyatakan", []):
        st = copy.deepcopy(st)
        who = st.pop("catatan", "")
        if who in {row["pegawai"] for row in t["baris"]}:
            st["baris"] = who
        elif who:
            st["catatan"] = who
        statements.append(st)
    table = _table(t, id="tabel-jenis-kelamin",
                   kolom=[_column("pegawai", "Pegawai"), _column("laki_laki", "Laki-laki", "cacah"),
                          _column("perempuan", "Perempuan", "cacah"),
                          _column("jumlah", "Jumlah", "cacah", rumus={"jumlah": ["laki_laki", "perempuan"]})],
                   baris=copy.deepcopy(t["baris"]), jumlah=["laki_laki", "perempuan", "jumlah"],
                   grafik={"judul": "Komposisi pegawai menurut jenis kelamin", "seri": ["laki_laki", "perempuan"]})
    if statements:
        table["dinyatakan"] = statements
    return table


def _tabel_pangkat(f: _Filler):
    t = f.lookup("organisasi.kepegawaian.pangkat")
    if t is _MISSING:
        return _MISSING
    return _table(t, id="tabel-pangkat", kolom=[_column("golongan", "Pangkat/Gol"), _column("jumlah", "Jumlah", "cacah")],
                  baris=copy.deepcopy(t["baris"]), jumlah=["jumlah"], **_statements(t))


def _tabel_aset(f: _Filler):
    a = f.lookup("organisasi.aset")
    groups = []
    for group in a["kelompok"]:
        rows = []
        for item in group["barang"]:
            row = {k: copy.deepcopy(v) for k, v in item.items() if k != "dinyatakan"}
            statements = []
            for st in item.get("dinyatakan", []):
                for key, where in (("total", "kolom TOTAL pertama"), ("total_kondisi", "kolom TOTAL sesudah kondisi barang")):
                    if key in st:
                        statements.append({"sumber": st["sumber"], "total": st[key], "catatan": where})
            if statements:
                row["dinyatakan"] = statements
            rows.append(row)
        groups.append({"kelompok": group["nama"], "kode": group.get("kode"), "baris": rows})
    judul = (a.get("judul") or "Aset") + " (B = baik, RR = rusak ringan, RB = rusak berat)"
    return _table({"nomor": a.get("nomor"), "judul": judul}, id="tabel-aset",
                  kolom=[_column("nama", "Nama Barang"), _column("b", "B", "cacah"), _column("rr", "RR", "cacah"),
                         _column("rb", "RB", "cacah"), _column("total", "Total", "cacah", rumus={"jumlah": ["b", "rr", "rb"]})],
                  baris=groups, jumlah=["b", "rr", "rb", "total"])


def _statements(t: dict) -> dict:
    return {"dinyatakan": copy.deepcopy(t["dinyatakan"])} if t.get("dinyatakan") else {}


FUNCTIONS = {
    "dasar_hukum": _dasar_hukum, "sistematika": _sistematika, "judul_uraian_program": _judul_uraian_program,
    "tabel_jabatan": _tabel_jabatan, "tabel_jenis_kelamin": _tabel_jenis_kelamin, "tabel_pangkat": _tabel_pangkat,
    "tabel_aset": _tabel_aset,
}


def _outline(v1: dict, key: str) -> list:
    template = resources.migration_template(1)[key]
    data = dict(v1)
    data["daftar_tabel"] = {t["nomor"].replace(".", "-"): t["judul"] for t in v1.get("laporan", {}).get("daftar_tabel", [])}
    outline = _Filler(data, FUNCTIONS).blocks(template)
    listed = {t["nomor"]: t["judul"] for t in v1.get("laporan", {}).get("daftar_tabel", [])}
    for table in _tables_in(outline):
        title = listed.get(table.get("nomor"))
        if title and not table.get("lanjutan") and title != table.get("judul"):
            table["judul_daftar"] = title
    return outline


def _tables_in(node):
    if isinstance(node, dict):
        if "tabel" in node and isinstance(node["tabel"], dict):
            yield node["tabel"]
        for value in node.values():
            yield from _tables_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _tables_in(item)


# --- model 1 -> model 2, file by file ---------------------------------------------------------

def _without(data: dict, *keys) -> dict:
    return {k: copy.deepcopy(v) for k, v in data.items() if k not in keys}


_LEVELS = {"provinsi": "provinsi", "kabupaten": "kabupaten", "kota": "kota"}
_KINDS_OF_AGENCY = ("dinas", "badan", "kantor", "inspektorat", "sekretariat", "satuan")


def instansi_from_v1(organisasi: dict) -> dict:
    """content/instansi.yaml from a model-1 organisasi.yaml: who the agency is, not what one year says."""
    out = {"model": MODEL}
    for key in ("nama", "nama_lengkap", "singkatan"):
        if organisasi.get(key):
            out[key] = organisasi[key]
    first = organisasi.get("nama", "").split(" ", 1)[0].lower()
    if first in _KINDS_OF_AGENCY:
        out["jenis"] = first
    wilayah = organisasi.get("pemerintah_daerah", "")
    level = _LEVELS.get(wilayah.split(" ", 1)[0].lower())
    if level:
        out["tingkat"] = level
    if wilayah:
        out["wilayah"] = wilayah
    jabatan = organisasi.get("kepala", {}).get("jabatan", "")
    if first and jabatan.lower().startswith(f"kepala {first}"):
        out["jabatan_kepala"] = jabatan[: len("kepala ") + len(first)]
    for key in ("alamat", "kontak"):
        if organisasi.get(key):
            out[key] = copy.deepcopy(organisasi[key])
    return out


def _renamed_id(identifier: str) -> str:
    """A model-1 id with a year in its prefix (`iku<tahun>-x`) becomes `iku-x`: ids say what, not when."""
    return re.sub(r"^([a-z]+)20[0-9]{2}-", r"\1-", identifier)


def _laporan(v1: dict, tahun: int, outline: list) -> dict:
    lap = v1["laporan"]
    out = {"model": MODEL, "tahun": tahun, "periode": {"jenis": "tahunan"}}
    for key in ("status", "cakupan", "sumber", "judul", "judul_singkat", "tempat", "tanggal"):
        if key in lap:
            out[key] = copy.deepcopy(lap[key])
    kepala = v1.get("organisasi", {}).get("kepala")
    if kepala:
        out["penandatangan"] = copy.deepcopy(kepala)
    if "pembulatan" in lap:
        out["pembulatan"] = copy.deepcopy(lap["pembulatan"])
    if not out.get("cakupan") == "sebagian":
        # the only formulas model 1 knew: (2T - R) / T when lower is better; efficiency = capaian - absorption
        out["metode"] = {"capaian_turun": "selisih", "efisiensi": "capaian-dikurangi-serapan"}
    if "sampul" in lap:
        out["sampul"] = copy.deepcopy(lap["sampul"])
    out["kerangka"] = outline
    return out


def _perencanaan(p: dict) -> dict:
    out = _without(p, "tahun", "pengantar", "pengantar_kaskade", "judul_tabel_kaskade", "target_program")
    if "rpjmd" in out:
        out["rpjmd"].pop("narasi", None)
        didukung = out["rpjmd"].get("misi_didukung")
        if isinstance(didukung, int):
            out["rpjmd"]["misi_didukung"] = [didukung]
    if "renstra" in out:
        for key in ("narasi_tujuan", "narasi_sasaran", "judul_tabel"):
            out["renstra"].pop(key, None)
    pk = out.get("perjanjian_kinerja")
    if pk is not None:
        for key in ("pengantar", "penutup", "judul_tabel"):
            pk.pop(key, None)
        if p.get("target_program", {}).get("program"):
            pk["program"] = [_without(t, "uraian") for t in p["target_program"]["program"]]
    ra = out.get("rencana_aksi")
    if ra is not None:
        for key in ("pengantar", "catatan", "judul_tabel"):
            ra.pop(key, None)
    return out


def _indicators_as_list(node: dict) -> dict:
    if isinstance(node.get("indikator"), dict):
        node["indikator"] = [node["indikator"]]
    return node


def _program(prog: dict) -> dict:
    out = _without(prog, "tahun", "pengantar_analisis", "pengantar_realisasi", "penutup_realisasi")
    for bidang in out.get("bidang", []):
        for program in bidang.get("program", []):
            _indicators_as_list(program)
            for kegiatan in program.get("kegiatan", []):
                _indicators_as_list(kegiatan)
                for sub in kegiatan.get("sub_kegiatan", []):
                    _indicators_as_list(sub)
                    hibah = sub.pop("hibah", None)
                    if hibah:
                        sub["tabel"] = [_tabel_hibah({**resources.migration_template(1).get("hibah", {}), **hibah})]
    return out


def _tabel_hibah(hibah: dict) -> dict:
    rows = [{k: copy.deepcopy(v) for k, v in item.items() if k != "no"} for item in hibah["barang"]]
    table = {"jenis": "data", "id": "tabel-hibah", **({"nomor": hibah["nomor"]} if hibah.get("nomor") else {}), "judul": hibah.get("judul", "Hibah"),
             "kolom": [_column("uraian", "Uraian"), _column("spek", "Spesifikasi"), _column("jumlah", "Jumlah", "cacah")],
             "baris": rows, "jumlah": ["jumlah"], "judul_total": "Jumlah barang"}
    return table


def _anggaran(a: dict) -> dict:
    out = _without(a, "tahun", "narasi_keuangan", "judul_tabel_keuangan", "narasi_rencana", "judul_tabel_rencana", "sumber_data")
    if "per_sasaran" in out:
        for key in ("pengantar", "penutup", "judul_tabel", "catatan"):
            out["per_sasaran"].pop(key, None)
    return out


def _kinerja(k: dict, tahun: int) -> dict:
    keep = ("skala_capaian", "iku")
    out = {key: copy.deepcopy(k[key]) for key in keep if key in k}
    if "skala_capaian" in out:
        out["skala_capaian"].pop("judul_tabel", None)  # the title is the outline's
    if "rumus_capaian" in k:
        out["rumus_dinyatakan"] = {arah: copy.deepcopy(v) for arah, v in k["rumus_capaian"].items() if arah in ("naik", "turun")}
    links = {link["indikator"]: link for link in k.get("perbandingan_tahun_lalu", {}).get("kesinambungan", [])}
    for item in out.get("iku", []):
        for statement in item.get("dinyatakan", []):  # model 1's `efisiensi` was the efficiency table's "penyerapan − target"
            if "efisiensi" in statement:
                statement["serapan_dikurangi_target"] = statement.pop("efisiensi")
        link = links.get(item["indikator"])
        if link:
            item["kesinambungan"] = {"tahun": tahun - 1, "indikator": _renamed_id(link["tahun_lalu"]), "hubungan": link["hubungan"]}
            if link.get("catatan"):
                item["kesinambungan"]["catatan"] = link["catatan"]
    return out


def _partial_from_rows(rows: list, skala: dict | None, renstra: dict | None) -> tuple[dict, dict]:
    """perencanaan.yaml and kinerja.yaml of a year known only by its IKU rows (target, realisation,
    Renstra targets): each row becomes a Renstra indicator with its Perjanjian Kinerja target."""
    indicators, targets, iku = [], [], []
    for row in rows:
        ident = _renamed_id(row["id"])
        indicator = {"id": ident, "nama": row["nama"], "satuan": row.get("satuan", "%"), "arah": row.get("arah", "naik")}
        if row.get("target_renstra"):
            indicator["target"] = copy.deepcopy(row["target_renstra"])
        indicators.append(indicator)
        if row.get("target") is not None:
            targets.append({"indikator": ident, "target": row["target"]})
        entry = {"indikator": ident, "rumus": {"jenis": "langsung"}}
        if row.get("realisasi") is not None:
            entry["realisasi"] = {"nilai": row["realisasi"]}
        if row.get("dinyatakan"):
            entry["dinyatakan"] = copy.deepcopy(row["dinyatakan"])
        iku.append(entry)
    perencanaan = {"renstra": {**({"nama": renstra["nama"]} if renstra and renstra.get("nama") else {}),
                               **({"periode": {"mulai": renstra["mulai"], "akhir": renstra["akhir"]}} if renstra else {}),
                               "indikator": indicators}}
    if targets:
        perencanaan["perjanjian_kinerja"] = {"target": targets}
    kinerja = {"skala_capaian": {k: copy.deepcopy(v) for k, v in skala.items() if k != "judul_tabel"}} if skala else {}
    kinerja["iku"] = iku
    return perencanaan, kinerja


def migrate_year(v1: dict, tahun: int) -> dict:
    """Model-1 files of one report year (kind -> data) -> model-2 files (kind -> data)."""
    partial = v1.get("laporan", {}).get("cakupan") == "sebagian"
    if partial:
        iku = v1.get("iku", {})
        perencanaan, kinerja = _partial_from_rows(iku.get("iku", []), iku.get("skala_capaian"), iku.get("renstra"))
        return {"laporan": _laporan(v1, tahun, _outline(v1, "kerangka_sebagian")), "perencanaan": perencanaan, "kinerja": kinerja}
    out = {"laporan": _laporan(v1, tahun, _outline(v1, "kerangka"))}
    if "perencanaan" in v1:
        out["perencanaan"] = _perencanaan(v1["perencanaan"])
    if "anggaran" in v1:
        out["anggaran"] = _anggaran(v1["anggaran"])
    if "program" in v1:
        out["program"] = _program(v1["program"])
    if "kinerja" in v1:
        out["kinerja"] = _kinerja(v1["kinerja"], tahun)
    return out


def previous_year_from_v1(v1: dict, tahun: int) -> dict | None:
    """Older model-1 content kept last year's IKU inside this year's kinerja.yaml (`iku_<year>`);
    model 2 gives that year its own folder, known in part."""
    rows = None
    for key, value in v1.get("kinerja", {}).get("perbandingan_tahun_lalu", {}).items():
        if re.fullmatch(r"iku_?20[0-9]{2}", key) and isinstance(value, list):
            rows = value
    if not rows:
        return None
    skala = v1.get("kinerja", {}).get("skala_capaian")
    perencanaan, kinerja = _partial_from_rows(rows, skala, None)
    lap = v1.get("laporan", {})
    laporan = {"model": MODEL, "tahun": tahun - 1, "periode": {"jenis": "tahunan"}, "cakupan": "sebagian",
               "sumber": f"{lap.get('judul_singkat', 'LKjIP')} {tahun}",
               **{k: lap[k] for k in ("judul", "judul_singkat", "tempat") if k in lap},
               "kerangka": [{"id": "kinerja", "jenis": "bab", "judul": f"Kinerja {tahun - 1} (sebagian)",
                             "isi": [{"tabel": {"jenis": "capaian-iku", "kolom": ["nomor", "indikator", "target", "realisasi", "capaian", "kategori"]}}]}]}
    return {"laporan": laporan, "perencanaan": perencanaan, "kinerja": kinerja}


def migrate_tree(years: dict) -> dict:
    """{tahun: {kind: data}} of one agency in any model -> {"instansi": data, tahun: {kind: data}} in
    the current model. Years already in the current model are kept as they are."""
    out: dict = {}
    latest_org = None
    for tahun in sorted(years):
        files = years[tahun]
        if model_of(files.get("laporan")) >= MODEL:
            out[tahun] = files
            continue
        out[tahun] = migrate_year(files, tahun)
        if "organisasi" in files:
            latest_org = files["organisasi"]
        before = previous_year_from_v1(files, tahun)
        if before is not None and tahun - 1 not in years:
            out[tahun - 1] = before
    if latest_org is not None:
        out["instansi"] = instansi_from_v1(latest_org)
    return out


# --- files on disk ------------------------------------------------------------------------------

def read_v1_year(directory: Path) -> dict:
    files = {}
    for kind in V1_KINDS + V1_PARTIAL_KINDS:
        path = directory / f"{kind}.yaml"
        if path.is_file():
            files[kind] = load_file(path).data
    return files


def migrate_folder(content: Path) -> list[str]:
    """Migrate every model-1 report folder under content/ in place. Returns what it wrote.
    Everything is read and converted first; nothing is written when any file cannot be read."""
    from . import tulis

    years = {}
    for directory in sorted(p for p in content.iterdir() if p.is_dir() and re.fullmatch(r"[0-9]{4}", p.name)):
        try:
            years[int(directory.name)] = read_v1_year(directory)
        except ContentError:
            raise
    todo = {t for t, files in years.items() if model_of(files.get("laporan")) < MODEL}
    if not todo:
        return []
    migrated = migrate_tree(years)
    written = []
    if "instansi" in migrated and not (content / "instansi.yaml").exists():
        (content / "instansi.yaml").write_text(tulis.dump(migrated["instansi"], "../schema/instansi.schema.json"), encoding="utf-8")
        written.append("instansi.yaml")
    for tahun, files in sorted((k, v) for k, v in migrated.items() if isinstance(k, int)):
        if tahun not in todo and tahun in years:
            continue
        folder = content / str(tahun)
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.yaml"):
            if old.stem not in files:
                old.unlink()
                written.append(f"{tahun}/{old.name} (dihapus)")
        for kind, data in files.items():
            (folder / f"{kind}.yaml").write_text(tulis.dump(data, SCHEMA_LINE.format(kind=kind)), encoding="utf-8")
            written.append(f"{tahun}/{kind}.yaml")
    return written


def content_problem(message: str) -> ContentError:
    return ContentError([Problem("content", 1, 1, "", message)])


__all__ = ["MODEL", "migrate_tree", "migrate_year", "migrate_folder", "model_of", "Decimal"]
