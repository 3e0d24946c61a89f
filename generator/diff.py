"""Semantic diff for reviewers: what two versions of the content change IN MEANING.

Two sides (A = before, B = after) are loaded, migrated to the current content model when they are
older, validated and computed exactly as the site does, then compared per agency and report year
from the same tables every page shows (tabel.py):

* tables: each table by its id, each row by its item id (or its label), each cell formatted as
  the site shows it; cells whose value changed are listed old → new, rows and tables added or
  removed are named;
* the outline: chapters and sections added, removed or renamed;
* narrative: every text of the outline and every IKU or program analysis, as a short word diff;
* data-quality findings that are new, resolved or computed differently.

A side is a folder (a project root holding content/, or a content folder itself) or a git
revision, materialised with ``git archive <rev> content | tar -x`` into a temporary folder; content
written in an older model is migrated there first, so revisions on either side of a model change
compare.
"""
from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, fmt
from .problems import ERROR, ContentError, Problem

DASH = fmt.DASH
ARROW = "→"
TEXT_LINES = 12  # at most this many diff lines per narrative text


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


def _temporary() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="lkjip-diff-"))
    _TEMPORARY.add(folder)
    return folder


def _materialise(root: Path, rev: str) -> tuple[Path, str]:
    """`git archive <rev> content | tar -x` into a new temporary folder; (folder, commit)."""
    if not rev or rev.startswith("-"):
        raise SideError(f"'{rev}' bukan folder atau revisi git")
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except OSError as exc:
        raise SideError(f"git tidak tersedia: {exc}") from exc
    sha = found.stdout.strip()
    if found.returncode != 0 or not sha:
        raise SideError(f"'{rev}' bukan folder atau revisi git dari {root}")
    if _git(root, "cat-file", "-e", f"{sha}:content").returncode != 0:
        raise SideError(f"revisi '{rev}' ({sha[:10]}) tidak memuat folder content/")
    folder = _temporary()
    try:
        archive = subprocess.Popen(["git", "-C", str(root), "archive", sha, "content"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            untar = subprocess.run(["tar", "-x", "-C", str(folder)], stdin=archive.stdout, capture_output=True, check=False)
        finally:
            archive.stdout.close()
            git_err = archive.stderr.read().decode("utf-8", "replace")
            archive.stderr.close()
            archive.wait()
        if archive.returncode != 0 or untar.returncode != 0:
            detail = (git_err + untar.stderr.decode("utf-8", "replace")).strip()
            raise SideError(f"revisi '{rev}' ({sha[:10]}) tidak dapat diambil: {detail or 'git archive | tar -x gagal'}")
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
    """The folder of one side (see _resolve). A revision is extracted into a temporary folder:
    pass it to cleanup()."""
    return _resolve(Path(root), spec, default)[0]


def cleanup(folder: Path) -> None:
    """Remove a temporary folder made here (other folders are left alone)."""
    folder = Path(folder)
    if folder in _TEMPORARY:
        shutil.rmtree(folder, ignore_errors=True)
        _TEMPORARY.discard(folder)


def _content_of(folder: Path) -> Path:
    if (folder / "content").is_dir():
        return folder / "content"
    if folder.is_dir() and (any(p.is_dir() and re.fullmatch(r"[0-9]{4}", p.name) for p in folder.iterdir()) or (folder / "instansi.yaml").exists()):
        return folder
    raise SideError(f"{folder} tidak memuat content/ maupun folder tahun laporan (mis. 2025/)")


def _current_model(content: Path) -> Path:
    """The content in the current model: migrated in a temporary copy when it is older."""
    from .migrate import MODEL, migrate_folder, model_of, read_v1_year

    years = [p for p in content.rglob("laporan.yaml")]
    try:
        old = [p for p in years if model_of(read_v1_year(p.parent).get("laporan")) < MODEL]
    except ContentError as exc:
        raise SideError("isi tidak dapat dibaca", exc.problems) from exc
    if not old:
        return content
    folder = _temporary()
    shutil.copytree(content, folder / "content")
    try:
        migrate_folder(folder / "content")
    except ContentError as exc:
        raise SideError("isi model lama tidak dapat diperbarui", exc.problems) from exc
    return folder / "content"


def load_sites(folder: Path, root: Path | None = None) -> dict:
    """{agency slug: {year: Report}} of a side; SideError (with the problems) when it fails."""
    from .build import agency_reports
    from .resources import schema_dir
    from .validate import validate_content

    content = _current_model(_content_of(Path(folder)))
    try:
        agencies, problems = validate_content(content, schema_dir(), content.parent)
        errors = [p for p in problems if p.severity == ERROR]
        if errors:
            raise SideError("isi tidak lolos validasi", errors)
        return {agency.slug: {report.tahun: report for report in agency_reports(agency)} for agency in agencies}
    except ContentError as exc:
        raise SideError("isi tidak lolos validasi", exc.problems) from exc
    except SideError:
        raise
    except Exception as exc:  # noqa: BLE001 - valid by schema, yet not computable: report, never crash
        raise SideError(f"laporan tidak dapat dihitung: {type(exc).__name__}: {exc}") from exc


# --- narrative ----------------------------------------------------------------------------------------

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




# --- the diff ------------------------------------------------------------------------------------------


@dataclass
class CellChange:
    baris: str
    kolom: str
    lama: str
    baru: str
    juga: list = field(default_factory=list)  # other tables that show the same change


@dataclass
class TableChange:
    id: str
    judul: str
    status: str  # ubah | baru | hapus
    cells: list = field(default_factory=list)
    rows_added: list = field(default_factory=list)
    rows_removed: list = field(default_factory=list)


@dataclass
class TextChange:
    where: str
    status: str
    lines: list


@dataclass
class YearDiff:
    label: str
    status: str  # ubah | baru | hapus
    ringkasan: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    headings: list = field(default_factory=list)  # (status, label)
    texts: list = field(default_factory=list)
    fields: list = field(default_factory=list)  # (what, old, new)
    temuan_baru: list = field(default_factory=list)
    temuan_selesai: list = field(default_factory=list)
    temuan_berubah: list = field(default_factory=list)

    @property
    def berubah(self) -> bool:
        return self.status != "ubah" or any((self.tables, self.headings, self.texts, self.fields, self.temuan_baru,
                                             self.temuan_selesai, self.temuan_berubah))


@dataclass
class Diff:
    years: list = field(default_factory=list)
    sisi: tuple = ()


def _cell_texts(report, table) -> dict:
    """{row key: (row label, {column key: shown text})} of one table, as the site shows it."""
    from .render import cell_text

    texts = [c for c in table.columns if c.jenis == "teks" and c.key != "nomor"]
    label_key = next((c.key for c in texts if c.kunci), texts[0].key if texts else (table.columns[0].key if table.columns else None))
    out: dict = {}
    for row in table.rows:
        label_cell = row.cells.get(label_key)
        label = str(label_cell.value) if label_cell is not None and label_cell.value is not None else (row.id or row.tingkat)
        base = f"{row.tingkat}:{row.id or label}"
        key, n = base, 2
        while key in out:
            key, n = f"{base}#{n}", n + 1
        out[key] = (label, {c.key: cell_text(row.cells[c.key], c, report.metode.desimal, report.metode.cara)
                            for c in table.columns if c.key in row.cells and c.key != "nomor"})
    return out


def _table_diff(old_report, new_report, old, new) -> TableChange | None:
    before, after = _cell_texts(old_report, old), _cell_texts(new_report, new)
    labels = {c.key: c.label for c in new.columns}
    change = TableChange(new.id, _title(new), "ubah")
    for key, (label, cells) in after.items():
        if key not in before:
            change.rows_added.append(label)
            continue
        for column, text in cells.items():
            previous = before[key][1].get(column)
            if previous is not None and previous != text:
                change.cells.append(CellChange(label, labels.get(column, column), previous, text))
    change.rows_removed = [label for key, (label, _) in before.items() if key not in after]
    return change if (change.cells or change.rows_added or change.rows_removed) else None


def _title(table) -> str:
    if table.nomor:
        return f"Tabel {table.nomor}" + (" (lanjutan)" if table.lanjutan else "") + ". " + (table.judul or "")
    return table.judul or f"tabel tanpa nomor ({table.id})"


def _merge_repeated(tables: list) -> None:
    """A figure shown in several tables changes in all of them: list it once, under the first
    table, and name the others ("juga di ...")."""
    first: dict = {}
    for table in tables:
        kept = []
        for change in table.cells:
            key = (change.baris, change.kolom, change.lama, change.baru)
            if key in first:
                first[key].juga.append(table.judul)
            else:
                first[key] = change
                kept.append(change)
        table.cells = kept
    tables[:] = [t for t in tables if t.status != "ubah" or t.cells or t.rows_added or t.rows_removed]


def _texts(report) -> dict:
    """{where: text} of every narrative: outline texts by heading path, IKU and program analyses."""
    out: dict = {}

    def walk(blocks, where):
        count = 0
        for block in blocks:
            if "teks" in block:
                count += 1
                out[f"{where} › teks {count}"] = block["teks"]
            elif "bagian" in block:
                section = block["bagian"]
                walk(section["isi"], f"{where} › {(section.get('nomor', '') + ' ' + section['judul']).strip()}")
            elif "catatan" in block:
                out[f"{where} › catatan {block['catatan'].get('judul', '')}".rstrip()] = block["catatan"]["teks"]
            elif "daftar" in block:
                items = block["daftar"]["butir"]
                out[f"{where} › daftar {block['daftar'].get('judul', '')}".rstrip()] = "\n".join(
                    i if isinstance(i, str) else f"{i['judul']} — {i.get('uraian', '')}" for i in items)

    for chapter in report.laporan.get("kerangka", []):
        walk(chapter["isi"], chapter["judul"])
    for iku in report.iku:
        if iku.data.get("analisis"):
            out[f"IKU {iku.ukur.nama} › analisis"] = iku.data["analisis"]
    for node in report.tree.nodes() if report.tree else []:
        if node.data.get("analisis"):
            out[f"{node.nama} › uraian"] = node.data["analisis"]
    return out


def _findings(report) -> dict:
    return {(f.kunci, f.bidang, f.subjek, f.sumber, f.dinyatakan): f for f in report.temuan}


def _ringkasan(report) -> list:
    items = [("Jumlah IKU", str(len(report.iku))), ("Jumlah tabel", str(len([t for t in report.tables.values() if t.unduh])))]
    if report.tree:
        items += [("Jumlah program", str(report.tree.count("program"))), ("Total anggaran", fmt.rupiah(report.tree.anggaran)),
                  ("Total realisasi", fmt.rupiah(report.tree.realisasi)), ("Penyerapan", fmt.persen(report.tree.persen))]
    return items + [("Temuan kualitas data", str(len(report.temuan)))]


_IDENTITY = (("instansi", "nama"), ("instansi", "singkatan"), ("instansi", "jabatan_kepala"), ("laporan", "status"),
             ("laporan", "tanggal"), ("laporan", "tempat"))


def diff_year(old, new, label: str) -> YearDiff:
    result = YearDiff(label, "ubah")
    for table_id, table in new.tables.items():
        if table.jenis == "halaman" or not table.unduh:
            continue
        if table_id not in old.tables:
            result.tables.append(TableChange(table_id, _title(table), "baru"))
            continue
        change = _table_diff(old, new, old.tables[table_id], table)
        if change:
            result.tables.append(change)
    result.tables += [TableChange(t.id, _title(t), "hapus") for tid, t in old.tables.items() if t.jenis != "halaman" and tid not in new.tables]
    _merge_repeated(result.tables)
    before = {h.id: h.label for h in old.outline.headings}
    after = {h.id: h.label for h in new.outline.headings}
    result.headings = ([("baru", after[k]) for k in after if k not in before] + [("hapus", before[k]) for k in before if k not in after]
                       + [("ubah", f"{before[k]} {ARROW} {after[k]}") for k in after if k in before and before[k] != after[k]])
    old_texts, new_texts = _texts(old), _texts(new)
    for where in new_texts:
        if where not in old_texts:
            result.texts.append(TextChange(where, "tambah", text_diff("", new_texts[where])))
        elif old_texts[where] != new_texts[where]:
            result.texts.append(TextChange(where, "ubah", text_diff(old_texts[where], new_texts[where])))
    result.texts += [TextChange(w, "hapus", text_diff(t, "")) for w, t in old_texts.items() if w not in new_texts]
    for kind, key in _IDENTITY:
        a, b = getattr(old, kind).get(key), getattr(new, kind).get(key)
        if a != b:
            result.fields.append((f"{kind}.{key}", DASH if a is None else str(a), DASH if b is None else str(b)))
    before_f, after_f = _findings(old), _findings(new)
    result.temuan_baru = [after_f[k] for k in after_f if k not in before_f]
    result.temuan_selesai = [before_f[k] for k in before_f if k not in after_f]
    result.temuan_berubah = [(before_f[k], after_f[k]) for k in after_f if k in before_f
                             and (before_f[k].dihitung, before_f[k].jenis) != (after_f[k].dihitung, after_f[k].jenis)]
    return result


def diff_sites(old: dict, new: dict) -> Diff:
    """What changed in meaning between two sides ({agency: {year: Report}})."""
    diff = Diff()
    for agency in sorted(set(old) | set(new)):
        a, b = old.get(agency, {}), new.get(agency, {})
        for year in sorted(set(a) | set(b)):
            label = f"{agency}/{year}" if agency else str(year)
            if year in a and year in b:
                diff.years.append(diff_year(a[year], b[year], label))
            elif year in b:
                diff.years.append(YearDiff(label, "baru", ringkasan=_ringkasan(b[year])))
            else:
                diff.years.append(YearDiff(label, "hapus", ringkasan=_ringkasan(a[year])))
    return diff


# --- Markdown -------------------------------------------------------------------------------------------

_STATUS = {"ubah": "diubah", "tambah": "ditambahkan", "hapus": "dihapus", "baru": "ditambahkan"}


def _fence(lines: list[str]) -> list[str]:
    longest = max((len(m) for line in lines for m in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "diff", *lines, fence]


def _md(text: str) -> str:
    """Text from content in a Markdown list item: no markup, no HTML."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", " ".join(str(text).split()))


def _finding_line(f: checks.Finding, before: checks.Finding | None = None) -> str:
    where = f" — `{f.lokasi}`" if f.lokasi else f" — `{f.file}.yaml`"
    jenis = checks.JENIS_LABEL.get(f.jenis, f.jenis)
    shown = f.dihitung
    if before is not None:
        if before.jenis != f.jenis:
            jenis = f"{checks.JENIS_LABEL.get(before.jenis, before.jenis)} {ARROW} {jenis}"
        if before.dihitung != f.dihitung:
            shown = f"{before.dihitung} {ARROW} {f.dihitung}"
    return f"- {jenis}: {_md(f.subjek)} ({_md(f.sumber)}): dokumen {_md(f.dinyatakan)}, hitungan {_md(shown)}{where}"


def _render_year(y: YearDiff) -> list[str]:
    if y.status != "ubah":
        lines = [f"## {y.label} ({'baru' if y.status == 'baru' else 'dihapus'})", "",
                 f"Laporan {y.label} {'hanya ada di sisi B (ditambahkan)' if y.status == 'baru' else 'hanya ada di sisi A (dihapus)'}.", ""]
        return lines + [f"- {label}: {value}" for label, value in y.ringkasan] + [""]
    lines = [f"## {y.label}", ""]
    if y.fields:
        lines += ["### Data laporan", ""] + [f"- `{what}`: {_md(a)} {ARROW} {_md(b)}" for what, a, b in y.fields] + [""]
    if y.headings:
        lines += ["### Kerangka", ""] + [f"- {_STATUS[s].capitalize()}: {_md(label)}" for s, label in y.headings] + [""]
    if y.tables:
        lines += ["### Tabel", ""]
        for t in y.tables:
            if t.status != "ubah":
                lines.append(f"- **{_md(t.judul)}** (`{t.id}`) — {_STATUS[t.status]}")
                continue
            lines.append(f"- **{_md(t.judul)}** (`{t.id}`)")
            lines += [f"  - {_md(c.baris)} — {_md(c.kolom)}: {_md(c.lama)} {ARROW} {_md(c.baru)}"
                      + (f" (juga di {', '.join(_md(j) for j in c.juga)})" if c.juga else "") for c in t.cells]
            lines += [f"  - baris ditambahkan: {_md(r)}" for r in t.rows_added] + [f"  - baris dihapus: {_md(r)}" for r in t.rows_removed]
        lines.append("")
    if y.texts:
        lines += ["### Narasi", ""]
        for t in y.texts:
            lines += [f"- {_md(t.where)} ({_STATUS[t.status]})", ""]
            lines += ["  " + line if line else "" for line in _fence(t.lines)]
            lines.append("")
    if y.temuan_baru or y.temuan_selesai or y.temuan_berubah:
        lines += ["### Temuan kualitas data", ""]
        if y.temuan_baru:
            lines += [f"**Temuan baru ({len(y.temuan_baru)})**", ""] + [_finding_line(f) for f in y.temuan_baru] + [""]
        if y.temuan_selesai:
            lines += [f"**Temuan terselesaikan ({len(y.temuan_selesai)})**", ""] + [_finding_line(f) for f in y.temuan_selesai] + [""]
        if y.temuan_berubah:
            lines += [f"**Temuan yang berubah ({len(y.temuan_berubah)})**", ""] + [_finding_line(b, a) for a, b in y.temuan_berubah] + [""]
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


# --- the command ------------------------------------------------------------------------------------


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
    loaded, failures = {}, []
    before = set(_TEMPORARY)
    try:
        for name, spec, default in (("A", a, default_base), ("B", b, root)):
            label = f"`{spec}`" if spec else ""
            try:
                folder, label, _ = _resolve(root, spec, default)
                loaded[name] = (label, load_sites(folder, root))
            except SideError as exc:
                failures.append((name, label, exc))
        if failures:
            return _failure(failures), 1
        diff = diff_sites(loaded["A"][1], loaded["B"][1])
        diff.sisi = (loaded["A"][0], loaded["B"][0])
        return render_markdown(diff), 0
    finally:
        for folder in set(_TEMPORARY) - before:
            cleanup(folder)
