"""Semantic diff for reviewers: what two versions of the content change IN MEANING.

Two sides (A = before, B = after) are loaded, validated and computed exactly as the site does, then
compared per report year:

* figures: every computed figure of the report (IKU and program/kegiatan/sub kegiatan indicators,
  the budget tree and its roll-ups, spending by type, budget per sasaran, action plan, targets,
  staffing and asset totals) is flattened into ``{(section, id, metric): (label, formatted value)}``
  by :func:`flatten`; comparing two such dicts needs no code per content shape;
* items: ids defined on one side only (anything in the content that carries an ``id``);
* narrative and other fields: the raw content is walked generically (list elements matched by id or
  another identifying field); long texts get a short word-level diff, short fields ``old → new``;
  raw facts that already show up as computed figures are not repeated;
* data-quality findings (generator.checks) that are new, resolved or computed differently.

A side is a folder (a project root holding content/ and schema/, or a content folder itself) or a
git revision, materialised with ``git archive <rev> content schema | tar -x`` into a temporary
folder, so that each revision is validated with its own schemas.
"""
from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import checks, compute, fmt
from .build import reports_of
from .problems import ERROR, ContentError, Problem
from .validate import KINDS, YEAR_DIR, id_kind, validate_content

DASH = fmt.DASH
ARROW = "→"
TEXT_LINES = 12  # at most this many diff lines per narrative field

# --- sides ----------------------------------------------------------------------------------------


class SideError(Exception):
    """A side cannot be resolved, loaded, validated or computed."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


_TEMPORARY: set[Path] = set()  # folders materialised by resolve_side, removed by cleanup()


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def default_base(root: Path) -> str:
    """Default side A: `git merge-base HEAD main`, or HEAD when there is no main branch or no merge base."""
    try:
        out = _git(root, "merge-base", "HEAD", "main")
    except OSError:
        return "HEAD"
    sha = out.stdout.strip()
    return sha if out.returncode == 0 and sha else "HEAD"


def _as_folder(root: Path, spec: str) -> Path | None:
    candidate = Path(spec).expanduser()
    for path in ([candidate] if candidate.is_absolute() else [Path.cwd() / candidate, root / candidate]):
        if path.is_dir():
            return path.resolve()
    return None


def _materialise(root: Path, rev: str) -> tuple[Path, str]:
    """`git archive <rev> content schema | tar -x` into a new temporary folder; (folder, commit)."""
    if not rev or rev.startswith("-"):
        raise SideError(f"'{rev}' is not a folder or a git revision")
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except OSError as exc:
        raise SideError(f"git is not available: {exc}") from exc
    sha = found.stdout.strip()
    if found.returncode != 0 or not sha:
        raise SideError(f"'{rev}' is not a folder or a git revision of {root}")
    paths = [p for p in ("content", "schema") if _git(root, "cat-file", "-e", f"{sha}:{p}").returncode == 0]
    if "content" not in paths:
        raise SideError(f"revision '{rev}' ({sha[:10]}) has no content/ folder")
    folder = Path(tempfile.mkdtemp(prefix="lkjip-diff-"))
    _TEMPORARY.add(folder)
    try:
        archive = subprocess.Popen(["git", "-C", str(root), "archive", sha, *paths],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            untar = subprocess.run(["tar", "-x", "-C", str(folder)], stdin=archive.stdout, capture_output=True, check=False)
        finally:
            archive.stdout.close()
            git_err = archive.stderr.read().decode("utf-8", "replace")
            archive.stderr.close()
            archive.wait()
        if archive.returncode != 0 or untar.returncode != 0:
            detail = (git_err + untar.stderr.decode("utf-8", "replace")).strip()
            raise SideError(f"cannot extract revision '{rev}' ({sha[:10]}): {detail or 'git archive | tar -x failed'}")
    except BaseException:
        cleanup(folder)
        raise
    return folder, sha


def _resolve(root: Path, spec: str | None, default) -> tuple[Path, str, bool]:
    """(folder, description, temporary?) of one side."""
    if spec is None:
        value = default(root) if callable(default) else default
        if isinstance(value, Path):
            return value.resolve(), f"pohon kerja `{value}`" if value.resolve() == root.resolve() else f"folder `{value}`", False
        folder, sha = _materialise(root, value)
        what = "HEAD" if value == "HEAD" else "merge-base HEAD main" if default is default_base else value
        return folder, f"revisi `{sha[:10]}` ({what})", True
    folder = _as_folder(root, spec)
    if folder is not None:
        return folder, f"folder `{spec}`", False
    folder, sha = _materialise(root, spec)
    return folder, f"revisi `{spec}` (`{sha[:10]}`)", True


def resolve_side(root: Path, spec: str | None, default) -> Path:
    """The folder of one side. `spec` is a folder (project root or content folder) or a git revision;
    None means `default`: a Path (folder), a revision string, or a callable(root) giving either
    (e.g. default_base). A revision is extracted into a temporary folder: pass it to cleanup()."""
    return _resolve(Path(root), spec, default)[0]


def cleanup(folder: Path) -> None:
    """Remove a temporary folder made by resolve_side (other folders are left alone)."""
    folder = Path(folder)
    if folder in _TEMPORARY:
        shutil.rmtree(folder, ignore_errors=True)
        _TEMPORARY.discard(folder)


def _dirs(folder: Path, root: Path) -> tuple[Path, Path, Path]:
    """(content dir, schema dir, display root) of a side folder."""
    if (folder / "content").is_dir():
        schema = folder / "schema" if (folder / "schema").is_dir() else root / "schema"
        return folder / "content", schema, folder
    if folder.is_dir() and any(p.is_dir() and YEAR_DIR.match(p.name) for p in folder.iterdir()):
        schema = folder.parent / "schema" if (folder.parent / "schema").is_dir() else root / "schema"
        return folder, schema, folder.parent
    raise SideError(f"{folder} holds neither content/ nor a report year folder (e.g. 2025/)")


def load_reports(folder: Path, root: Path | None = None) -> dict[int, compute.Report]:
    """Validate and compute every report year of a side; SideError (with the problems) when it fails."""
    folder = Path(folder)
    content, schema, display_root = _dirs(folder, Path(root or folder))
    try:
        years, problems = validate_content(content, schema, display_root)
    except ContentError as exc:
        raise SideError("content failed validation", exc.problems) from exc
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise SideError("content failed validation", errors)
    try:
        return {report.tahun: report for report in reports_of(years)}
    except Exception as exc:  # valid by schema, yet not computable: report, never crash
        raise SideError(f"cannot compute the report: {type(exc).__name__}: {exc}") from exc


# --- flattening a report into figures -------------------------------------------------------------

SECTIONS = (
    ("kinerja", "Capaian kinerja"),
    ("anggaran", "Anggaran dan realisasi (Tabel 3.8)"),
    ("belanja", "Belanja menurut jenis (Tabel 1.5, 2.6)"),
    ("per_sasaran", "Anggaran per sasaran (Tabel 2.7)"),
    ("rencana_aksi", "Rencana aksi (Tabel 2.8)"),
    ("target", "Target (Renstra, Perjanjian Kinerja, program)"),
    ("organisasi", "Kepegawaian dan aset (Tabel 1.1–1.4)"),
)
TINGKAT = {"bidang": "Bidang", "program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}
FAKTA = {"pembilang": "Pembilang", "penyebut": "Penyebut", "nilai": "Nilai", "nilai_awal": "Nilai awal",
         "nilai_akhir": "Nilai akhir"}


def _places(value) -> int:
    exponent = Decimal(value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _angka(value) -> str:
    if value is None:
        return DASH
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return str(value)
    return fmt.angka(value, min(_places(value), 4))


def _nilai(value, satuan: str) -> str:
    return DASH if value is None else fmt.nilai(value, satuan or "%")


class Figures:
    """A report flattened: values {(section, id, metric): (label, text)} and titles {(section, id): title}."""

    def __init__(self):
        self.values: dict = {}
        self.titles: dict = {}

    def group(self, section: str, gid: str, title: str) -> None:
        self.titles.setdefault((section, gid), title)

    def put(self, section: str, gid: str, metric: str, label: str, text: str) -> None:
        self.values[(section, gid, metric)] = (label, text)


def _measurement(f: Figures, section: str, gid: str, m: compute.Measurement, target_label: str = "Target") -> None:
    facts = {} if m.rumus.get("jenis", "langsung") == "langsung" else m.fakta  # a value written directly is the realisasi
    for key, value in facts.items():
        what = m.rumus.get(key) if isinstance(m.rumus.get(key), str) else ""
        f.put(section, gid, f"fakta.{key}", FAKTA.get(key, key.replace("_", " ").capitalize()) + (f" ({what})" if what else ""),
              _angka(value))
    f.put(section, gid, "target", target_label, _nilai(m.target, m.satuan))
    f.put(section, gid, "realisasi", "Realisasi", _nilai(m.realisasi, m.satuan))
    f.put(section, gid, "capaian", "Capaian", fmt.persen(m.capaian))
    f.put(section, gid, "kategori", "Kategori", m.kategori or DASH)


def _kinerja(f: Figures, report: compute.Report) -> None:
    for iku in report.iku:
        f.group("kinerja", iku.id, f"IKU {iku.ukur.nama}")
        _measurement(f, "kinerja", iku.id, iku.ukur, "Target (Perjanjian Kinerja)")
        f.put("kinerja", iku.id, "program", "Program pendukung", ", ".join(p.id for p in iku.program) or DASH)
        f.put("kinerja", iku.id, "anggaran", "Anggaran program", fmt.rupiah(iku.anggaran))
        f.put("kinerja", iku.id, "realisasi_anggaran", "Realisasi anggaran program", fmt.rupiah(iku.realisasi_anggaran))
        f.put("kinerja", iku.id, "penyerapan", "Penyerapan anggaran", fmt.persen(iku.penyerapan))
        f.put("kinerja", iku.id, "efisiensi", "Tingkat efisiensi (Tabel 3.6)",
              DASH if iku.efisiensi_tabel is None else fmt.angka(iku.efisiensi_tabel, 2))
        f.put("kinerja", iku.id, "efisien", "Efisien (uraian 3.1.6)", {True: "ya", False: "tidak", None: DASH}[iku.efisien])
    for node in report.tree.nodes():
        m = node.indikator
        if m is None:
            continue
        gid = m.id or f"{node.id}/indikator"
        f.group("kinerja", gid, f"{m.nama} — indikator {TINGKAT[node.tingkat].lower()} {node.nama}")
        _measurement(f, "kinerja", gid, m)
    for row in report.iku_2024:
        m = row["ukur"]
        f.group("kinerja", m.id, f"IKU 2024 {m.nama}")
        _measurement(f, "kinerja", m.id, m)
        for year, value in row["target_renstra"].items():
            f.put("kinerja", m.id, f"renstra.{year}", f"Target Renstra {year}", _nilai(value, m.satuan))


def _anggaran(f: Figures, report: compute.Report) -> None:
    for node in report.tree.nodes():
        level = TINGKAT[node.tingkat]
        f.group("anggaran", node.id, node.nama if node.nama.lower().startswith(level.lower()) else f"{level} {node.nama}")
        f.put("anggaran", node.id, "anggaran", "Anggaran", fmt.rupiah(node.anggaran))
        f.put("anggaran", node.id, "realisasi", "Realisasi", fmt.rupiah(node.realisasi))
        f.put("anggaran", node.id, "persen", "Penyerapan", fmt.persen(node.persen))
        if node.data.get("hibah"):
            f.put("anggaran", node.id, "hibah", "Jumlah barang hibah (Tabel 3.7)", _angka(node.hibah_jumlah))
    tree = report.tree
    f.group("anggaran", "total", "Total seluruh program")
    f.put("anggaran", "total", "anggaran", "Anggaran", fmt.rupiah(tree.anggaran))
    f.put("anggaran", "total", "realisasi", "Realisasi", fmt.rupiah(tree.realisasi))
    f.put("anggaran", "total", "persen", "Penyerapan", fmt.persen(tree.persen))
    for tingkat in ("program", "kegiatan", "sub_kegiatan"):
        f.put("anggaran", "total", f"jumlah.{tingkat}", f"Jumlah {TINGKAT[tingkat].lower()}", str(tree.count(tingkat)))
    f.put("anggaran", "total", "jumlah.strategis", "Jumlah program pendukung sasaran", str(len(report.program_strategis)))


def _belanja(f: Figures, report: compute.Report) -> None:
    b = report.belanja
    for group in b["kelompok"]:
        f.group("belanja", group["id"], group["nama"])
        f.put("belanja", group["id"], "perubahan", "Anggaran perubahan", fmt.rupiah(group["perubahan"]))
        f.put("belanja", group["id"], "murni", "Anggaran murni", fmt.rupiah(group.get("murni")))
        f.put("belanja", group["id"], "porsi", "Porsi", fmt.persen(group["porsi"]))
        for line in group["rincian"]:
            f.group("belanja", line["id"], line["nama"])
            f.put("belanja", line["id"], "perubahan", "Anggaran perubahan", fmt.rupiah(line.get("perubahan")))
            if line.get("murni") is not None:
                f.put("belanja", line["id"], "murni", "Anggaran murni", fmt.rupiah(line.get("murni")))
            f.put("belanja", line["id"], "porsi", "Porsi", fmt.persen(line["porsi"]))
    f.group("belanja", "total", "Total belanja")
    f.put("belanja", "total", "perubahan", "Anggaran perubahan", fmt.rupiah(b["perubahan"]))
    f.put("belanja", "total", "murni", "Anggaran murni", fmt.rupiah(b["murni"]))
    f.put("belanja", "total", "selisih", "Selisih perubahan − murni", fmt.rupiah(b["selisih"]))


def _per_sasaran(f: Figures, report: compute.Report) -> None:
    ps = report.per_sasaran
    for sasaran in ps["sasaran"]:
        sid = sasaran["sasaran"]
        f.group("per_sasaran", sid, sasaran["nama"])
        f.put("per_sasaran", sid, "anggaran", "Anggaran", fmt.rupiah(sasaran["anggaran"]))
        f.put("per_sasaran", sid, "porsi", "Porsi", fmt.persen(sasaran["porsi"]))
        for program in sasaran["program"]:
            gid = f"{sid}/{program['program']}"
            f.group("per_sasaran", gid, f"{program['nama']} (sasaran {sid})")
            f.put("per_sasaran", gid, "anggaran", "Anggaran", fmt.rupiah(program["anggaran"]))
            f.put("per_sasaran", gid, "porsi", "Porsi", fmt.persen(program["porsi"]))
    f.group("per_sasaran", "total", "Jumlah Tabel 2.7")
    f.put("per_sasaran", "total", "anggaran", "Anggaran", fmt.rupiah(ps["anggaran"]))
    f.put("per_sasaran", "total", "porsi", "Porsi", fmt.persen(ps["porsi"]))


def _rencana_aksi(f: Figures, report: compute.Report) -> None:
    seen: dict = {}
    for row in report.rencana_aksi["baris"]:
        base = str(row.get("sub_kegiatan") or row.get("kegiatan") or row.get("program") or "baris")
        seen[base] = seen.get(base, 0) + 1
        gid = base if seen[base] == 1 else f"{base}#{seen[base]}"
        f.group("rencana_aksi", gid, f"Rencana aksi {report.names.get(base, base)}")
        f.put("rencana_aksi", gid, "jumlah", "Anggaran rencana aksi", fmt.rupiah(row["jumlah"]))
    f.group("rencana_aksi", "total", "Jumlah rencana aksi")
    f.put("rencana_aksi", "total", "jumlah", "Anggaran rencana aksi", fmt.rupiah(report.rencana_aksi["jumlah"]))


def _targets(f: Figures, report: compute.Report) -> None:
    p = report.perencanaan
    for group in ("tujuan", "sasaran"):
        for item in p["renstra"].get(group, []):
            for ind in item.get("indikator", []):
                f.group("target", ind["id"], ind["nama"])
                for year, value in sorted(ind.get("target", {}).items()):
                    f.put("target", ind["id"], f"renstra.{year}", f"Target Renstra {year}", _nilai(value, ind.get("satuan", "%")))
    for item in p["perjanjian_kinerja"]["target"]:
        gid = item["indikator"]
        f.group("target", gid, report.names.get(gid, gid))
        f.put("target", gid, "pk", f"Target Perjanjian Kinerja {report.tahun}", _nilai(item.get("target"), item.get("satuan", "%")))
    for item in p["target_program"]["program"]:
        gid = item["program"]
        f.group("target", gid, report.names.get(gid, gid))
        f.put("target", gid, "tabel-2.5", "Target program (Tabel 2.5)", _nilai(item.get("target"), item.get("satuan", "%")))
        f.put("target", gid, "indikator-2.5", "Indikator program (Tabel 2.5)", str(item.get("indikator", DASH)))


def _organisasi(f: Figures, report: compute.Report) -> None:
    k = report.kepegawaian
    columns = {"jabatan": ("formasi", "terisi"), "jenis_kelamin": ("laki_laki", "perempuan", "jumlah"), "pangkat": ("jumlah",)}
    row_names = {"jabatan": "jabatan", "jenis_kelamin": "pegawai", "pangkat": "golongan"}
    for table, cols in columns.items():
        data = k[table]
        title = f"Tabel {data.get('nomor', '')} {data.get('judul', table)}".strip()
        for row in data["baris"]:
            gid = f"{table}/{row.get(row_names[table], '?')}"
            f.group("organisasi", gid, f"{title}: {row.get(row_names[table], '?')}")
            for col in cols:
                f.put("organisasi", gid, col, col.replace("_", "-").capitalize(), _angka(row.get(col)))
        f.group("organisasi", table, f"{title}: jumlah")
        for col in cols:
            f.put("organisasi", table, col, col.replace("_", "-").capitalize(), _angka(data["total"][col]))
    for group in report.aset["kelompok"]:
        for item in group["barang"]:
            gid = f"aset/{group.get('kode', group.get('nama'))}/{item['nama']}"
            f.group("organisasi", gid, f"Aset: {item['nama']}")
            for col, label in (("b", "Baik"), ("rr", "Rusak ringan"), ("rb", "Rusak berat"), ("total", "Total")):
                f.put("organisasi", gid, col, label, _angka(item.get(col)))
    f.group("organisasi", "aset", "Aset: jumlah")
    for col, label in (("b", "Baik"), ("rr", "Rusak ringan"), ("rb", "Rusak berat"), ("total", "Total")):
        f.put("organisasi", "aset", col, label, _angka(report.aset["jumlah"][col]))


FLATTENERS = (_kinerja, _anggaran, _belanja, _per_sasaran, _rencana_aksi, _targets, _organisasi)


def flatten(report: compute.Report) -> Figures:
    """Every computed figure of one report year, formatted as the site shows it."""
    f = Figures()
    if getattr(report, "sebagian", False):  # a year known in part: its IKU only
        for row in report.rows:
            f.group("kinerja", row["ukur"].id, f"IKU {row['ukur'].nama}")
            _measurement(f, "kinerja", row["ukur"].id, row["ukur"])
        return f
    for flattener in FLATTENERS:
        flattener(f, report)
    return f


# --- walking the raw content generically ----------------------------------------------------------

_LIST_KEYS = ("id", "indikator", "sub_kegiatan", "program", "sasaran", "kode", "nomor", "no", "nama", "jabatan",
              "pegawai", "golongan")

# raw facts whose every change already shows as a computed figure (matched on the suffix of the
# mapping keys of their path; '#' is a year key); never anything under a `dinyatakan*` list
_COVERED = (
    ("realisasi", "pembilang"), ("realisasi", "penyebut"), ("realisasi", "nilai"), ("realisasi", "nilai_awal"),
    ("realisasi", "nilai_akhir"), ("indikator", "target"), ("indikator", "target", "#"), ("perjanjian_kinerja", "target", "target"),
    ("target_program", "program", "target"), ("iku_2024", "target"), ("iku_2024", "realisasi"), ("iku_2024", "target_renstra", "#"),
    ("iku", "target"), ("iku", "realisasi"), ("iku", "target_renstra", "#"),
    ("sub_kegiatan", "anggaran"), ("sub_kegiatan", "realisasi"), ("belanja", "murni"), ("rincian", "perubahan"), ("rincian", "murni"),
    ("rencana_aksi", "baris", "aksi", "anggaran"), ("rencana_aksi", "baris", "anggaran"), ("jabatan", "baris", "formasi"),
    ("jabatan", "baris", "terisi"), ("jenis_kelamin", "baris", "laki_laki"), ("jenis_kelamin", "baris", "perempuan"),
    ("pangkat", "baris", "jumlah"), ("kelompok", "barang", "b"), ("kelompok", "barang", "rr"), ("kelompok", "barang", "rb"),
)


@dataclass(frozen=True)
class Keyed:
    """A list element found by an identifying field (e.g. id) rather than by its position."""

    field: str
    value: object


def format_path(path: tuple) -> str:
    """('bidang', Keyed('id', 'bidang-penta'), 'program', 0, 'nama') -> 'bidang[bidang-penta].program[0].nama'."""
    out = ""
    for part in path:
        if isinstance(part, Keyed):
            out += f"[{part.value}]"
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _covered(path: tuple) -> bool:
    keys = [p for p in path if isinstance(p, str)]
    if any(k.startswith("dinyatakan") for k in keys):
        return False
    keys = tuple("#" if re.fullmatch(r"\d{4}", k) else k for k in keys)
    return any(keys[-len(pattern):] == pattern for pattern in _COVERED)


def _scalar(value) -> bool:
    return not isinstance(value, (dict, list))


def _list_key(*sides: list) -> str | None:
    for candidate in _LIST_KEYS:
        usable = True
        for items in sides:
            values = [item.get(candidate) if isinstance(item, dict) else None for item in items]
            if any(v is None or not isinstance(v, (str, int)) or isinstance(v, bool) for v in values) or len(set(values)) != len(values):
                usable = False
                break
        if usable:
            return candidate
    return None


def _elements(items: list, key: str | None) -> dict:
    if key is None:
        return {i: item for i, item in enumerate(items)}
    return {Keyed(key, item[key]): item for item in items}


def _merged_order(new_keys: list, old_keys: list) -> list:
    """New order, with keys only in old placed after their predecessor in old."""
    result = list(new_keys)
    present = set(result)
    for index, key in enumerate(old_keys):
        if key in present:
            continue
        position = 0
        for previous in reversed(old_keys[:index]):
            if previous in present:
                position = result.index(previous) + 1
                break
        result.insert(position, key)
        present.add(key)
    return result


@dataclass
class RawChange:
    path: tuple
    lama: object  # None when added
    baru: object  # None when removed
    status: str  # ubah | tambah | hapus


def compare_raw(old, new, path: tuple = ()) -> list[RawChange]:
    """Every difference between two content values; list elements matched by id or another identifying field."""
    out: list[RawChange] = []
    if isinstance(old, dict) and isinstance(new, dict):
        for key in _merged_order(list(new), list(old)):
            if key in old and key in new:
                out += compare_raw(old[key], new[key], path + (key,))
            elif key in new:
                out.append(RawChange(path + (key,), None, new[key], "tambah"))
            else:
                out.append(RawChange(path + (key,), old[key], None, "hapus"))
        return out
    if isinstance(old, list) and isinstance(new, list):
        if all(_scalar(v) for v in old + new):
            if old != new:
                out.append(RawChange(path, old, new, "ubah"))
            return out
        key = _list_key(old, new)
        a, b = _elements(old, key), _elements(new, key)
        for k in _merged_order(list(b), list(a)):
            if k in a and k in b:
                out += compare_raw(a[k], b[k], path + (k,))
            elif k in b:
                out.append(RawChange(path + (k,), None, b[k], "tambah"))
            else:
                out.append(RawChange(path + (k,), a[k], None, "hapus"))
        return out
    if type(old) is not type(new) and not (isinstance(old, (int, Decimal)) and isinstance(new, (int, Decimal))
                                           and not isinstance(old, bool) and not isinstance(new, bool)):
        out.append(RawChange(path, old, new, "ubah"))
    elif old != new:
        out.append(RawChange(path, old, new, "ubah"))
    return out


def _defined_items(data, kind: str) -> dict:
    """id -> (kind of file, kind of thing, name, parent id, path) for every mapping with an id."""
    found: dict = {}
    stack = [((), data, None)]
    while stack:
        path, value, parent = stack.pop()
        if isinstance(value, dict):
            here = parent
            if isinstance(value.get("id"), str):
                found.setdefault(value["id"], (kind, id_kind(value["id"]), str(value.get("nama", "")), parent, path))
                here = value["id"]
            stack.extend((path + (k,), v, here) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((path + (i,), v, parent) for i, v in reversed(list(enumerate(value))))
    return found


# --- text diffs -----------------------------------------------------------------------------------


def _is_text(value) -> bool:
    if isinstance(value, str):
        return "\n" in value.strip() or len(value) >= 80
    return isinstance(value, list) and any(isinstance(v, str) for v in value) and all(_scalar(v) for v in value)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _clip_words(words: list, limit: int = 24) -> str:
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[: limit - 6]) + " … " + " ".join(words[-4:])


def _clip_line(line: str, limit: int = 200) -> str:
    line = line.strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _word_diff(old: str, new: str, context: int = 4) -> list[str]:
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < 0.3:
        return ["- " + _clip_line(old), "+ " + _clip_line(new)]
    lines = []
    for group in matcher.get_grouped_opcodes(context):
        if all(op[0] == "equal" for op in group):
            continue
        parts = ["…"] if group[0][1] > 0 else []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                parts.append(" ".join(a[i1:i2]))
                continue
            removed = "[-" + _clip_words(a[i1:i2]) + "-]" if i2 > i1 else ""
            added = "{+" + _clip_words(b[j1:j2]) + "+}" if j2 > j1 else ""
            parts.append(removed + added)
        if group[-1][2] < len(a):
            parts.append("…")
        lines.append("~ " + " ".join(p for p in parts if p))
    return lines


def text_diff(old: str, new: str, limit: int = TEXT_LINES) -> list[str]:
    """A short diff of two texts: changed lines word by word (`[-old-]{+new+}`), added `+`, removed `-`."""
    a, b = old.splitlines(), new.splitlines()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed = [line for line in a[i1:i2] if line.strip()]
        added = [line for line in b[j1:j2] if line.strip()]
        for k in range(max(len(removed), len(added))):
            if k < len(removed) and k < len(added):
                out += _word_diff(removed[k], added[k])
            elif k < len(removed):
                out.append("- " + _clip_line(removed[k]))
            else:
                out.append("+ " + _clip_line(added[k]))
    if not out:
        out = ["(hanya spasi atau baris kosong yang berubah)"]
    if len(out) > limit:
        out = out[: limit - 1] + [f"… ({len(out) - limit + 1} baris perubahan lagi)"]
    return out


# --- the diff ---------------------------------------------------------------------------------------


@dataclass
class Change:
    metric: str
    label: str
    lama: str
    baru: str


@dataclass
class GroupChange:
    section: str
    id: str
    judul: str
    status: str  # ubah | baru | hapus
    changes: list = field(default_factory=list)


@dataclass
class ItemChange:
    status: str  # baru | hapus | pindah
    id: str
    jenis: str
    nama: str
    file: str
    induk: str | None = None
    induk_lama: str | None = None


@dataclass
class TextChange:
    file: str
    path: str
    status: str  # ubah | tambah | hapus
    lines: list = field(default_factory=list)


@dataclass
class FieldChange:
    file: str
    path: str
    status: str  # ubah | tambah | hapus
    lama: str
    baru: str


@dataclass
class YearDiff:
    tahun: int
    status: str  # ubah | baru | hapus
    items: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    texts: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    temuan_baru: list = field(default_factory=list)
    temuan_selesai: list = field(default_factory=list)
    temuan_berubah: list = field(default_factory=list)  # (old finding, new finding)
    ringkasan: list = field(default_factory=list)  # (label, value) for a year added or removed

    @property
    def berubah(self) -> bool:
        return self.status != "ubah" or any((self.items, self.groups, self.texts, self.fields, self.temuan_baru,
                                             self.temuan_selesai, self.temuan_berubah))


@dataclass
class Diff:
    years: list = field(default_factory=list)
    sisi: tuple | None = None  # (description of A, description of B), set by run()

    @property
    def berubah(self) -> bool:
        return any(y.berubah for y in self.years)


def _finding_key(f: checks.Finding) -> tuple:
    return (f.file, f.kunci, f.subjek, f.sumber, f.dinyatakan)


def _findings(report: compute.Report) -> dict:
    found = report.temuan if report.temuan else (checks.run_partial_checks(report) if getattr(report, "sebagian", False) else checks.run_checks(report))
    index: dict = {}
    for finding in found:
        index.setdefault(_finding_key(finding), finding)
    return index


def _summary(value, limit: int = 160) -> str:
    """A compact one-line form of a content value."""
    def flow(v):
        if isinstance(v, dict):
            return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(flow(x) for x in v) + "]"
        if v is None:
            return "kosong"
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return f"“{' '.join(v.split())}”"
        return str(v)
    text = flow(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _figure_groups(old: Figures, new: Figures) -> list[GroupChange]:
    keys = _merged_order(list(new.values), list(old.values))
    old_groups, new_groups = {k[:2] for k in old.values}, {k[:2] for k in new.values}
    groups: dict = {}
    for key in keys:
        section, gid, metric = key
        before, after = old.values.get(key), new.values.get(key)
        if before is not None and after is not None and before[1] == after[1]:
            continue
        gkey = (section, gid)
        if gkey not in groups:
            in_old, in_new = gkey in old_groups, gkey in new_groups
            status = "ubah" if in_old and in_new else "baru" if in_new else "hapus"
            title = new.titles.get(gkey) or old.titles.get(gkey) or gid
            groups[gkey] = GroupChange(section, gid, title, status)
        label = (after or before)[0]
        groups[gkey].changes.append(Change(metric, label, before[1] if before else DASH, after[1] if after else DASH))
    rank = {name: i for i, (name, _) in enumerate(SECTIONS)}
    ordered = list(groups.values())
    ordered.sort(key=lambda g: rank.get(g.section, len(rank)))  # stable: keeps document order within a section
    return ordered


def raw(report, kind: str):
    """The validated content of one kind for a report year (a partial year has laporan and iku only)."""
    if getattr(report, "sebagian", False):
        return {"laporan": report.laporan, "iku": report.data}.get(kind, {})
    return getattr(report, kind, {}) if kind != "iku" else {}


RAW_KINDS = KINDS + ("iku",)


def _items(old: compute.Report, new: compute.Report) -> list[ItemChange]:
    before, after = {}, {}
    for kind in RAW_KINDS:
        for item_id, info in _defined_items(raw(old, kind), kind).items():
            before.setdefault(item_id, info)
        for item_id, info in _defined_items(raw(new, kind), kind).items():
            after.setdefault(item_id, info)
    changes = []
    for item_id in _merged_order(list(after), list(before)):
        if item_id in after and item_id not in before:
            kind, jenis, nama, parent, _ = after[item_id]
            changes.append(ItemChange("baru", item_id, jenis, nama, kind, parent))
        elif item_id in before and item_id not in after:
            kind, jenis, nama, parent, _ = before[item_id]
            changes.append(ItemChange("hapus", item_id, jenis, nama, kind, parent))
        elif before[item_id][3] != after[item_id][3]:
            kind, jenis, nama, parent, _ = after[item_id]
            changes.append(ItemChange("pindah", item_id, jenis, nama, kind, parent, before[item_id][3]))
    return changes


def _raw(old: compute.Report, new: compute.Report) -> tuple[list, list]:
    texts, fields = [], []
    for kind in RAW_KINDS:
        file = f"content/{new.tahun}/{kind}.yaml"
        for change in compare_raw(raw(old, kind), raw(new, kind)):
            last = change.path[-1] if change.path else None
            if isinstance(last, Keyed) and last.field == "id":
                continue  # an item added or removed: listed with the items
            path = format_path(change.path)
            if (change.lama is None or _is_text(change.lama)) and (change.baru is None or _is_text(change.baru)) \
                    and (_is_text(change.lama) or _is_text(change.baru)):
                texts.append(TextChange(file, path, change.status, text_diff(_as_text(change.lama), _as_text(change.baru))))
                continue
            if change.status == "ubah" and _covered(change.path):
                continue
            fields.append(FieldChange(file, path, change.status,
                                      DASH if change.status == "tambah" else _summary(change.lama),
                                      DASH if change.status == "hapus" else _summary(change.baru)))
    return texts, fields


def _ringkasan(report: compute.Report) -> list:
    if getattr(report, "sebagian", False):
        return [("Cakupan", "sebagian"), ("Jumlah IKU", str(len(report.rows))),
                ("Temuan kualitas data", str(len(_findings(report))))]
    tree = report.tree
    return [("Jumlah IKU", str(len(report.iku))), ("Jumlah program", str(tree.count("program"))),
            ("Jumlah sub kegiatan", str(tree.count("sub_kegiatan"))), ("Total anggaran", fmt.rupiah(tree.anggaran)),
            ("Total realisasi", fmt.rupiah(tree.realisasi)), ("Penyerapan", fmt.persen(tree.persen)),
            ("Temuan kualitas data", str(len(_findings(report))))]


def diff_year(old: compute.Report, new: compute.Report) -> YearDiff:
    result = YearDiff(new.tahun, "ubah")
    result.items = _items(old, new)
    result.groups = _figure_groups(flatten(old), flatten(new))
    result.texts, result.fields = _raw(old, new)
    before, after = _findings(old), _findings(new)
    result.temuan_baru = [after[k] for k in sorted(after) if k not in before]
    result.temuan_selesai = [before[k] for k in sorted(before) if k not in after]
    result.temuan_berubah = [(before[k], after[k]) for k in sorted(after) if k in before
                             and (before[k].dihitung, before[k].jenis) != (after[k].dihitung, after[k].jenis)]
    return result


def diff_reports(old: dict[int, compute.Report], new: dict[int, compute.Report]) -> Diff:
    """What changed in meaning between two sets of computed reports (year -> Report)."""
    diff = Diff()
    for year in sorted(set(old) | set(new)):
        if year in old and year in new:
            diff.years.append(diff_year(old[year], new[year]))
        elif year in new:
            diff.years.append(YearDiff(year, "baru", ringkasan=_ringkasan(new[year])))
        else:
            diff.years.append(YearDiff(year, "hapus", ringkasan=_ringkasan(old[year])))
    return diff


# --- Markdown ---------------------------------------------------------------------------------------

_JENIS = {"sub_kegiatan": "sub kegiatan", "lain": "item"}
_STATUS_FIELD = {"ubah": "diubah", "tambah": "ditambahkan", "hapus": "dihapus"}


def _fence(lines: list[str]) -> list[str]:
    longest = max((len(m) for line in lines for m in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "diff", *lines, fence]


def _finding_line(f: checks.Finding, before: checks.Finding | None = None) -> str:
    where = f" — `{f.lokasi}`" if f.lokasi else f" — `{f.file}.yaml`"
    jenis = checks.JENIS_LABEL.get(f.jenis, f.jenis)
    shown = f.dihitung
    if before is not None:
        if before.jenis != f.jenis:
            jenis = f"{checks.JENIS_LABEL.get(before.jenis, before.jenis)} {ARROW} {jenis}"
        if before.dihitung != f.dihitung:
            shown = f"{before.dihitung} {ARROW} {f.dihitung}"
    return f"- {jenis}: {f.subjek} ({f.sumber}): dokumen {f.dinyatakan}, hitungan {shown}{where}"


def _render_year(y: YearDiff) -> list[str]:
    if y.status != "ubah":
        lines = [f"## Tahun {y.tahun} ({'baru' if y.status == 'baru' else 'dihapus'})", "",
                 f"Tahun laporan {y.tahun} {'hanya ada di sisi B (ditambahkan)' if y.status == 'baru' else 'hanya ada di sisi A (dihapus)'}.", ""]
        lines += [f"- {label}: {value}" for label, value in y.ringkasan]
        return lines + [""]
    lines = [f"## Tahun {y.tahun}", ""]
    if y.items:
        lines += ["### Item ditambahkan, dihapus atau dipindahkan", ""]
        for status, title in (("baru", "Ditambahkan"), ("hapus", "Dihapus"), ("pindah", "Dipindahkan")):
            for item in (i for i in y.items if i.status == status):
                jenis = _JENIS.get(item.jenis, item.jenis)
                name = f" — {item.nama}" if item.nama else ""
                if status == "pindah":
                    where = f" (dari `{item.induk_lama}` ke `{item.induk}`)"
                else:
                    where = f" (di `{item.induk}`, {item.file}.yaml)" if item.induk else f" ({item.file}.yaml)"
                lines.append(f"- {title}: {jenis} `{item.id}`{name}{where}")
        lines.append("")
    for section, heading in SECTIONS:
        groups = [g for g in y.groups if g.section == section]
        if not groups:
            continue
        lines += [f"### {heading}", ""]
        for g in groups:
            mark = {"baru": " — baru", "hapus": " — dihapus"}.get(g.status, "")
            lines.append(f"- **{g.judul}** (`{g.id}`){mark}")
            lines += [f"  - {c.label}: {c.lama} {ARROW} {c.baru}" for c in g.changes]
        lines.append("")
    if y.texts:
        lines += ["### Narasi", ""]
        for t in y.texts:
            lines += [f"- `{t.file}` › `{t.path}` ({_STATUS_FIELD[t.status]})", ""]
            lines += ["  " + line if line else "" for line in _fence(t.lines)]
            lines.append("")
    if y.fields:
        lines += ["### Isian lain", ""]
        for f in y.fields:
            if f.status == "ubah":
                lines.append(f"- `{f.file}` › `{f.path}`: {f.lama} {ARROW} {f.baru}")
            elif f.status == "tambah":
                lines.append(f"- `{f.file}` › `{f.path}` ditambahkan: {f.baru}")
            else:
                lines.append(f"- `{f.file}` › `{f.path}` dihapus: {f.lama}")
        lines.append("")
    if y.temuan_baru or y.temuan_selesai or y.temuan_berubah:
        lines += ["### Temuan kualitas data", ""]
        if y.temuan_baru:
            lines += [f"**Temuan baru ({len(y.temuan_baru)})**", ""] + [_finding_line(f) for f in y.temuan_baru] + [""]
        if y.temuan_selesai:
            lines += [f"**Temuan terselesaikan ({len(y.temuan_selesai)})**", ""] + [_finding_line(f) for f in y.temuan_selesai] + [""]
        if y.temuan_berubah:
            lines += [f"**Temuan yang berubah ({len(y.temuan_berubah)})**", ""]
            lines += [_finding_line(b, a) for a, b in y.temuan_berubah] + [""]
    return lines


def render_markdown(diff: Diff) -> str:
    """The diff as Markdown with Indonesian headings; 'Tidak ada perubahan.' when nothing changed."""
    lines = ["# Perubahan isi laporan (LKjIP)", ""]
    if diff.sisi:
        lines += [f"- Sisi A (sebelum): {diff.sisi[0]}", f"- Sisi B (sesudah): {diff.sisi[1]}", ""]
    changed = [y for y in diff.years if y.berubah]
    if not changed:
        lines += ["Tidak ada perubahan.", ""]
    for year in changed:
        lines += _render_year(year)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


# --- the command ----------------------------------------------------------------------------------


def _failure(failures: list) -> str:
    lines = ["# Perubahan isi laporan (LKjIP)", "", "Perbandingan tidak dapat dibuat.", ""]
    for name, label, error in failures:
        where = f" ({label})" if label else ""
        lines += [f"## Sisi {name}{where}", "", f"Sisi {name} tidak dapat dimuat: {error.message}", ""]
        if error.problems:
            lines += ["```", *(str(p) for p in error.problems), "```", ""]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def run(root: Path, a: str | None = None, b: str | None = None) -> tuple[str, int]:
    """(markdown, exit code) of the diff between side A (default: merge-base of HEAD and main) and side B
    (default: the working tree). Exit 0 whether or not anything changed; 1 when a side cannot be loaded
    or fails validation. Temporary folders are always removed."""
    root = Path(root).resolve()
    made: list[Path] = []
    loaded, failures = {}, []
    try:
        for name, spec, default in (("A", a, default_base), ("B", b, root)):
            label = f"`{spec}`" if spec else ""
            try:
                folder, label, temporary = _resolve(root, spec, default)
                if temporary:
                    made.append(folder)
                loaded[name] = (label, load_reports(folder, root))
            except SideError as exc:
                failures.append((name, label, exc))
        if failures:
            return _failure(failures), 1
        diff = diff_reports(loaded["A"][1], loaded["B"][1])
        diff.sisi = (loaded["A"][0], loaded["B"][0])
        return render_markdown(diff), 0
    finally:
        for folder in made:
            cleanup(folder)


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.diff [--root DIR] [A] [B]`: print the diff as Markdown."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="lkjip-diff", description="Semantic diff of the LKjIP content between two sides.")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("a", nargs="?", help="side A: folder or git revision (default: merge-base HEAD main)")
    parser.add_argument("b", nargs="?", help="side B: folder or git revision (default: the working tree)")
    args = parser.parse_args(argv)
    markdown, code = run(args.root, args.a, args.b)
    (sys.stdout if code == 0 else sys.stderr).write(markdown)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
