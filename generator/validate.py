"""Stage 2, validate: every content file against its JSON Schema, then ids, references and rules.

The schemas (schema/*.schema.json) are the single description of the content. Project keywords
extend JSON Schema and are ignored by editors:

* ``x-desimal-maks: N``   a number may have at most N decimal places (money: 2);
* ``x-definisi: true``    this string defines an id (collected to check uniqueness);
* ``x-rujukan: true``     this string refers to an id defined in the same report year;
* ``x-rujukan-tahun: true`` this string refers to an id of another report year (checked across years).

Content layout: `content/instansi.yaml` and `content/<tahun>/` for one agency, or
`content/<instansi>/instansi.yaml` and `content/<instansi>/<tahun>/` for several in one site.
Only `laporan.yaml` is required in a report folder; every other file is optional.
"""
from __future__ import annotations

import datetime

import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from . import fakta, rules, safety
from .i18n import N_, _
from .loader import LoadedFile, load_file
from .migrate import MODEL
from .problems import ERROR, WARNING, ContentError, Problem, format_path, ribuan

KINDS = ("laporan", "perencanaan", "kinerja", "program", "anggaran")
AGENCY_FILE = "instansi"
SCHEMA_KINDS = KINDS + (AGENCY_FILE,)
YEAR_DIR = re.compile(r"^[0-9]{4}$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class YearContent:
    """One report folder: its files (kind -> LoadedFile), ids and cross-year references."""

    year: int
    directory: Path
    display: str = ""  # "content/2025" as shown in messages
    files: dict = field(default_factory=dict)
    definitions: dict = field(default_factory=dict)  # id -> (kind of thing, file, line, path)
    other_year_refs: list = field(default_factory=list)  # (file kind, id, path)
    fingerprint: str = ""  # of every file in the folder: the same bytes give the same validated content

    def data(self, kind: str, default=None):
        loaded = self.files.get(kind)
        return loaded.data if loaded is not None else default

    @property
    def partial(self) -> bool:
        return (self.data("laporan") or {}).get("cakupan") == "sebagian"

    @property
    def final(self) -> bool:
        return (self.data("laporan") or {}).get("status", "final") == "final"

    def position(self, kind: str, path) -> tuple[str, int, int]:
        loaded = self.files[kind]
        line, col = loaded.position(tuple(path))
        return loaded.path, line, col


@dataclass
class Agency:
    """One agency: its identity file and its report years, oldest first."""

    slug: str  # "" for a one-agency repository
    directory: Path
    instansi: LoadedFile | None = None
    years: list = field(default_factory=list)

    @property
    def data(self) -> dict:
        return self.instansi.data if self.instansi is not None else {}

    def inputs_of(self, tahun: int) -> tuple | None:
        """What one report year is computed and rendered from, for the live preview's caches: a
        year reads its own content, the years before it (comparisons, an indicator's history) and
        the year after it (an indicator continued there), and the agency. None when the content
        was read without fingerprints (no cache)."""
        prints = tuple((y.year, y.fingerprint) for y in self.years if y.year <= tahun + 1)
        return (prints, repr(self.data)) if all(p for _, p in prints) else None


# --- schema machinery -------------------------------------------------------------------------


def _desimal_maks(validator, places, instance, schema):
    if isinstance(instance, Decimal) and instance.as_tuple().exponent < -places:
        yield ValidationError(f"{instance} memiliki lebih dari {places} angka di belakang titik desimal")


def _marker(validator, enabled, instance, schema):
    """x-definisi / x-rujukan: report every occurrence; validate_file separates them from errors."""
    if enabled and isinstance(instance, str):
        yield ValidationError(instance)


_MARKERS = {"x-definisi", "x-rujukan", "x-rujukan-tahun"}
_Validator = validators.extend(Draft202012Validator, {"x-desimal-maks": _desimal_maks, **{m: _marker for m in _MARKERS}})


def _pointer(document: dict, fragment: str):
    node = document
    for part in [p for p in fragment.lstrip("/").split("/") if p]:
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def inline_refs(node, documents: dict, current: str, seen: tuple = ()):
    """Replace every $ref by the schema it points to, once, at load time. Validation then follows
    no references at all, which makes it several times faster; recursive references are kept."""
    if isinstance(node, list):
        return [inline_refs(item, documents, current, seen) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: inline_refs(value, documents, current, seen) for key, value in node.items() if key != "$ref"}
    if "$ref" not in node:
        return result
    ref = node["$ref"]
    file, unused, fragment = ref.partition("#")
    file = file or current
    if (file, fragment) in seen or file not in documents:
        result["$ref"] = ref if ref.partition("#")[0] else f"{current}{ref}"
        return result
    target = inline_refs(_pointer(documents[file], fragment), documents, file, seen + ((file, fragment),))
    if not result:
        return target
    return {**result, "allOf": result.get("allOf", []) + [target]}


def load_schemas(schema_dir: Path) -> tuple[dict, Registry]:
    documents, registry = {}, Registry()
    for path in sorted(schema_dir.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        registry = registry.with_resource(path.name, Resource.from_contents(contents))
        documents[path.name] = contents
    return InlinedSchemas(documents), registry, fast_checks(documents)


class InlinedSchemas(dict):
    """{kind: schema with its references inlined}, each inlined the first time it is asked for:
    jsonschema needs them only for a file the fast first pass finds a problem in."""

    def __init__(self, documents: dict):
        super().__init__()
        self.documents = {name.removesuffix(".schema.json"): (name, contents) for name, contents in documents.items()}

    def __contains__(self, kind) -> bool:
        return kind in self.documents

    def __iter__(self):
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def __missing__(self, kind):
        name, contents = self.documents[kind]
        self[kind] = inline_refs(contents, self.documents_by_file(), name)
        return self[kind]

    def documents_by_file(self) -> dict:
        return dict(self.documents.values())


def fast_checks(documents: dict) -> dict:
    """{kind: compiled check} of fastcheck's first pass, for the kinds it can compile."""
    from . import fastcheck

    compiler = fastcheck.Compiler(documents, _FORMATS)
    checks = {}
    for name, contents in documents.items():
        try:
            checks[name.removesuffix(".schema.json")] = compiler.compile(contents, name)
        except (fastcheck.Unsupported, KeyError):
            pass  # jsonschema alone for this kind
    return checks


# --- friendly messages --------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[-+]?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")  # '0.356' is a decimal: no number starts a thousands group with 0
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+$")
_LEADING_ZERO = re.compile(r"^[-+]?0\d+$")
_SEXAGESIMAL = re.compile(r"^[-+]?\d+(:[0-5]?\d)+$")
_YAML11_BOOL = {"yes", "no", "on", "off", "y", "n"}
_TYPE_NAMES = {"string": N_("teks"), "number": N_("bilangan"), "integer": N_("bilangan bulat"), "object": N_("pemetaan (kunci: nilai)"),
               "array": N_("daftar"), "boolean": N_("true atau false"), "null": N_("kosong")}


def number_hint(raw: str) -> str | None:
    text = raw.strip()
    if text.lower().startswith("rp"):
        return _("'{raw}': tulis jumlah uang sebagai bilangan biasa tanpa 'Rp' dan tanpa pemisah, mis. 179738630 atau 886478597.50").format(raw=raw)
    if _THOUSANDS.match(text):
        clean = text.replace(".", "").replace(",", ".")
        if text.count(".") == 1 and "," not in text:
            return _("'{raw}' tampak seperti bilangan dengan titik ribuan; tulis {clean}; bila maksudnya pecahan desimal, tulis {decimal}").format(
                raw=raw, clean=clean, decimal=f"{text}0")
        return _("'{raw}' tampak seperti bilangan dengan titik ribuan; tulis {clean}").format(raw=raw, clean=clean)
    if _COMMA_DECIMAL.match(text):
        return _("'{raw}' memakai koma desimal; tulis {clean}").format(raw=raw, clean=text.replace(",", "."))
    if _LEADING_ZERO.match(text):
        return _("'{raw}' diawali angka nol (YAML 1.1 membacanya sebagai bilangan oktal); tulis {clean}, atau beri tanda kutip bila itu kode").format(
            raw=raw, clean=int(text))
    if _SEXAGESIMAL.match(text):
        return _("'{raw}' akan dibaca YAML 1.1 sebagai bilangan basis 60; tulis bilangan biasa, atau beri tanda kutip bila itu teks").format(raw=raw)
    return None


def _message(error: ValidationError, loaded: LoadedFile) -> tuple[tuple, str, bool]:
    """(path, message, point_at_key) for one schema error."""
    path = tuple(error.absolute_path)
    kind = error.validator
    raw = loaded.raw.get(path)
    instance = error.instance
    if instance is None:
        shown = _("kosong")
    elif isinstance(instance, list):
        shown = _("sebuah daftar")
    elif isinstance(instance, dict):
        shown = _("sebuah pemetaan (kunci: nilai)")
    else:
        shown = repr(raw if raw is not None else instance)
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        if any(t in ("number", "integer") for t in expected):
            hint = number_hint(raw if raw is not None else str(instance)) if isinstance(instance, (str, Decimal)) else None
            if hint:
                return path, hint, False
            if "integer" in expected and isinstance(instance, Decimal):
                return path, _("{value} harus bilangan bulat").format(value=raw or instance), False
        if "boolean" in expected and isinstance(instance, str) and instance.lower() in _YAML11_BOOL:
            return path, _("'{value}' bermakna ganda di YAML; tulis true atau false").format(value=instance), False
        wanted = _(" atau ").join(_(_TYPE_NAMES.get(t, t)) for t in expected)
        return path, _("tertulis {shown}; seharusnya {wanted}").format(shown=shown, wanted=wanted), False
    if kind == "x-desimal-maks":
        hint = number_hint(raw) if raw else None
        return path, hint or _("{value} memiliki lebih dari {places} angka desimal").format(value=raw or instance, places=error.validator_value), False
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return path + (missing,), _("kolom wajib '{field}' belum diisi").format(field=missing), False
    if kind == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
        extra = extras[0] if extras else "?"
        hint = _(" (yang dikenal di sini: {fields})").format(fields=", ".join(allowed)) if allowed else ""
        return path + (extra,), _("kolom '{field}' tidak dikenal").format(field=extra) + hint, True
    if kind == "maxProperties" and error.validator_value == 1:
        return path, _("satu blok hanya boleh berisi satu jenis isi, tertulis: {kinds}; pisahkan menjadi beberapa blok").format(kinds=", ".join(instance)), False
    if kind == "minProperties":
        return path, _("blok kosong; isi dengan teks, bagian, tabel, daftar atau catatan"), False
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return path, _("{shown} bukan salah satu dari: {options}").format(shown=shown, options=options), False
    if kind == "const":
        return path, _("{shown} seharusnya {value}").format(shown=shown, value=error.validator_value), False
    if kind == "pattern" and error.schema.get("title") in ("ID", "Rujukan") or kind == "pattern" and "[a-z0-9]+(-" in str(error.validator_value):
        return path, _("{shown} bukan ID yang sah: pakai huruf kecil, angka dan tanda hubung (mis. program-pelayanan)").format(shown=shown), False
    if kind == "pattern":
        return path, _("{shown} tidak sesuai bentuk yang diminta ({form})").format(
            shown=shown, form=error.schema.get("description") or error.schema.get("title") or error.validator_value), False
    if kind == "format" and error.validator_value == "tanggal" or kind == "pattern" and error.schema.get("format") == "tanggal":
        return path, _("{shown} bukan tanggal yang sah; tulis TTTT-BB-HH dalam tanda kutip, mis. \"2026-01-14\" "
                       "(atau TTTT-BB, mis. \"2021-03\", bila dokumen hanya menyebut bulannya)").format(shown=shown), False
    if kind == "minLength":
        return path, _("tidak boleh kosong"), False
    if kind == "maxLength":
        return path, _("terlalu panjang ({length} karakter; paling banyak {limit})").format(length=ribuan(len(instance)), limit=ribuan(error.validator_value)), False
    if kind in ("minimum", "exclusiveMinimum"):
        return path, _("{value} di bawah batas terendah {limit}").format(value=raw or instance, limit=error.validator_value), False
    if kind in ("maximum", "exclusiveMaximum"):
        return path, _("{value} melebihi batas tertinggi {limit}").format(value=raw or instance, limit=error.validator_value), False
    if kind == "minItems":
        return path, _("daftar ini harus berisi paling sedikit {count} butir").format(count=error.validator_value), False
    if kind == "maxItems":
        return path, _("daftar ini berisi {count} butir; paling banyak {limit}").format(count=ribuan(len(instance)), limit=ribuan(error.validator_value)), False
    if kind == "uniqueItems":
        return path, _("daftar ini memuat butir yang sama dua kali"), False
    if kind == "propertyNames":
        bad = next((k for k in (instance if isinstance(instance, dict) else {}) if not re.match(str(error.validator_value.get("pattern", ".*")), k)), "?")
        if error.validator_value.get("pattern", "").startswith("^20"):
            hint = _("; bila ini sisa angka berkoma (mis. 45,{digits}), tulis desimalnya dengan titik: 45.{digits}").format(digits=bad) if bad.isdigit() and len(bad) <= 2 else ""
            return path + (bad,), _("kunci '{key}' bukan tahun (empat angka, mis. 2025)").format(key=bad) + hint, True
        return path + (bad,), _("nama kolom '{key}' tidak sah: pakai huruf kecil, angka dan garis bawah, diawali huruf").format(key=bad), True
    if kind in ("oneOf", "anyOf") and error.context:
        return _message(best_match(error.context), loaded)
    return path, error.message, False


def thousands_separators(loaded: LoadedFile) -> list[Problem]:
    """`1.010` is a valid decimal to YAML, but in an Indonesian document it almost always means 1010."""
    found = [(loaded.position(path), path, raw) for path, raw in loaded.raw.items() if _THOUSANDS.match(raw)]
    return [Problem(loaded.path, line, col, format_path(path), number_hint(raw)) for (line, col), path, raw in sorted(found, key=lambda f: f[0])]


_FORMATS = FormatChecker()


@_FORMATS.checks("tanggal")
def _is_date_or_month(value) -> bool:
    """A signing date as documents give it: a day ('2026-01-14') or only a month ('2021-03')."""
    if not isinstance(value, str):
        return True
    try:
        datetime.date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError:
        return False
    return len(value) in (7, 10)


def validate_file(loaded: LoadedFile, schema, registry: Registry, fast=None) -> tuple[list[Problem], list, list, list]:
    """Schema problems, id definitions, same-year references and other-year references of one file.
    `fast` (fastcheck's compiled schema) answers for a valid file; jsonschema for any other, with
    `schema` (or what calling it returns: inlining is done only when needed)."""
    problems = thousands_separators(loaded) + safety.unsafe_text(loaded)
    if fast is not None:
        from .fastcheck import markers_if_valid

        found = markers_if_valid(fast, loaded.data)
        if found is not None:
            kinds = {"x-definisi": [], "x-rujukan": [], "x-rujukan-tahun": []}
            for keyword, value, path in found:
                kinds[keyword].append((value, path))
            return problems, kinds["x-definisi"], kinds["x-rujukan"], kinds["x-rujukan-tahun"]
    validator = _Validator(schema() if callable(schema) else schema, registry=registry, format_checker=_FORMATS)
    flagged = {p.field for p in problems}
    definitions, references, other_year = [], [], []
    for error in validator.iter_errors(loaded.data):
        path = tuple(error.absolute_path)
        if error.validator in _MARKERS:
            {"x-definisi": definitions, "x-rujukan": references, "x-rujukan-tahun": other_year}[error.validator].append((error.instance, path))
            continue
        if format_path(path) in flagged:
            continue
        path, message, at_key = _message(error, loaded)
        line, col = loaded.position(path, at_key=at_key)
        problems.append(Problem(loaded.path, line, col, format_path(path), message))
    return problems, definitions, references, other_year


# --- ids and references ---------------------------------------------------------------------------

_THING_KEYS = {"program", "kegiatan", "sub_kegiatan", "sasaran", "tujuan", "indikator", "bidang", "misi", "belanja", "rincian"}
_LABELS = {"sub_kegiatan": "sub kegiatan", "rincian": "rincian belanja", "belanja": "kelompok belanja", "tabel": "tabel",
           "bagian": "bagian", "kerangka": "bab"}


def kind_of_definition(path: tuple) -> str:
    """What an id defines, from where it stands: ('bidang', 0, 'program', 2, 'id') -> 'program'."""
    names = [p for p in path[:-1] if isinstance(p, str)]
    return names[-1] if names else "lain"


def _expected_kind(path: tuple) -> str | None:
    names = [p for p in path if isinstance(p, str)]
    name = names[-1] if names else ""
    return name if name in _THING_KEYS else None


def check_references(year: YearContent, definitions: list, references: list) -> list[Problem]:
    """Ids are unique within a report year; every reference resolves to an id of the right kind."""
    problems = []
    for file_kind, identifier, path in definitions:
        loaded = year.files[file_kind]
        line, col = loaded.position(path)
        thing = kind_of_definition(path)
        if thing in ("tabel", "bagian", "kerangka"):
            continue  # outline ids are checked by the outline rules (they may repeat across kinds)
        if identifier in year.definitions:
            first = year.definitions[identifier]
            problems.append(Problem(loaded.path, line, col, format_path(path), _("ID '{ident}' sudah dipakai di {place}").format(ident=identifier, place=f"{first[1]}:{first[2]}")))
        else:
            year.definitions[identifier] = (thing, loaded.path, line, path, file_kind)
    for file_kind, identifier, path in references:
        loaded = year.files[file_kind]
        line, col = loaded.position(path)
        if identifier not in year.definitions:
            problems.append(Problem(loaded.path, line, col, format_path(path),
                                    _("'{ident}' tidak merujuk ke apa pun yang didefinisikan di {folder}/").format(ident=identifier, folder=year.display)))
            continue
        expected = _expected_kind(path)
        actual = year.definitions[identifier][0]
        if expected and actual != expected and not (expected == "indikator" and actual == "indikator"):
            problems.append(Problem(loaded.path, line, col, format_path(path),
                                    _("'{ident}' adalah {actual}, padahal kolom ini meminta {expected}").format(
                                        ident=identifier, actual=_LABELS.get(actual, actual), expected=_LABELS.get(expected, expected))))
    return problems


def check_other_year_references(agency: Agency) -> list[Problem]:
    """Ids that name an indicator of another year (`kesinambungan`) must exist in that year's content."""
    problems = []
    by_year = {y.year: y for y in agency.years}
    for year in agency.years:
        for file_kind, identifier, path in year.other_year_refs:
            data = year.data(file_kind)
            node = data
            for part in path[:-1]:
                node = node[part]
            other = node.get("tahun", year.year - 1) if isinstance(node, dict) else year.year - 1
            loaded = year.files[file_kind]
            line, col = loaded.position(path)
            target = by_year.get(other)
            folder = f"{year.display.rsplit('/', 1)[0]}/{other}"
            if target is None:
                message = _("'{ident}' merujuk ke tahun {tahun}, tetapi folder {folder}/ tidak ada").format(ident=identifier, tahun=other, folder=folder)
            elif identifier not in target.definitions:
                message = _("'{ident}' tidak didefinisikan di {folder}/").format(ident=identifier, folder=folder)
            else:
                continue
            problems.append(Problem(loaded.path, line, col, format_path(path), message))
    return problems


# --- discovery --------------------------------------------------------------------------------

def _display(path: Path, root: Path) -> str:
    """The path as the user knows it, relative to the project. The file itself is never resolved:
    a symlink (or a loop of them) is shown where it stands, not where it points."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(root.resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def _regular_file(path: Path, content_root: Path) -> str | None:
    """Why a content file cannot be read safely (a symlink, a link out of content/), or None."""
    if path.is_symlink():
        return _("berkas ini adalah tautan simbolik (symlink); isi laporan harus berupa berkas biasa di dalam content/")
    try:
        path.resolve().relative_to(content_root.resolve())
    except (ValueError, OSError, RuntimeError):
        return _("berkas ini berada di luar folder content/")
    if not path.is_file():
        return _("bukan berkas biasa")
    return None


def _load(path: Path, display: str, content_root: Path, problems: list) -> LoadedFile | None:
    why = _regular_file(path, content_root)
    if why:
        problems.append(Problem(display, 1, 1, "", why))
        return None
    try:
        return load_file(path, display)
    except ContentError as exc:
        problems.extend(exc.problems)
        return None


def discover(content_dir: Path, root: Path) -> tuple[list[Agency], list[Problem]]:
    """The agencies and report folders under content/, and what does not belong there."""
    problems: list[Problem] = []
    display = _display(content_dir, root)
    if not content_dir.is_dir() or content_dir.is_symlink():
        return [], [Problem(display, 1, 1, "", _("folder content/ tidak ditemukan; jalankan `lkjip init` untuk membuat kerangka isi, atau pindah ke folder proyek"))]
    if (content_dir / f"{AGENCY_FILE}.yaml").exists():
        return [Agency("", content_dir)], problems
    agencies = []
    for child in sorted(content_dir.iterdir()):
        if child.is_dir() and not child.is_symlink() and (child / f"{AGENCY_FILE}.yaml").exists():
            if not SLUG.match(child.name) or len(child.name) > 60:
                problems.append(Problem(_display(child, root), 1, 1, "", _("nama folder instansi harus huruf kecil, angka dan tanda hubung (paling panjang 60), mis. bappeda")))
                continue
            agencies.append(Agency(child.name, child))
    if agencies:
        return agencies, problems
    if any(p.is_dir() and YEAR_DIR.match(p.name) for p in content_dir.iterdir()):
        years = sorted(p.name for p in content_dir.iterdir() if p.is_dir() and YEAR_DIR.match(p.name))
        if any((content_dir / y / "organisasi.yaml").exists() for y in years):
            message = _("isi ini ditulis dalam model isi 1; jalankan `lkjip migrate` untuk memperbaruinya ke model 2")
        else:
            message = _("berkas content/instansi.yaml (identitas instansi) tidak ada; buat dengan `lkjip init` atau lihat schema/README.md")
        return [], [Problem(display, 1, 1, "", message)]
    return [], [Problem(display, 1, 1, "", _("tidak ada isi laporan: buat content/instansi.yaml dan folder tahun (mis. content/2025/), atau jalankan `lkjip init`"))]


def _report_folders(agency: Agency, root: Path, problems: list) -> list[Path]:
    folders = []
    for child in sorted(agency.directory.iterdir()):
        where = _display(child, root)
        if child.is_dir():
            if child.is_symlink():
                problems.append(Problem(where, 1, 1, "", _("folder ini adalah tautan simbolik (symlink); tidak dibaca")))
            elif YEAR_DIR.match(child.name) and 2000 <= int(child.name) <= 2099:  # as the schema: tahun 20xx
                folders.append(child)
            elif child.name.startswith("."):
                continue
            elif agency.slug or not (child / f"{AGENCY_FILE}.yaml").exists():
                # an error, not a warning: a report year typed as '20255' or 'abcd' would vanish from the site unnoticed
                problems.append(Problem(where, 1, 1, "", _("folder ini tidak dibaca: folder laporan harus bernama tahunnya, 2000 sampai 2099, mis. 2025")))
        elif child.suffix in (".yaml", ".yml") and child.stem != AGENCY_FILE:
            problems.append(Problem(where, 1, 1, "", _("berkas ini tidak dibaca: di sini hanya instansi.yaml; isi laporan ada di folder tahun"), WARNING))
    return folders


def outline_trail(outline, path: tuple) -> str:
    """Where a path inside `kerangka` is, in the document's own words: 'Bab I Pendahuluan › <nomor>
    <judul bagian> › Tabel <nomor>' (the YAML path counts from zero and names nothing a reader knows)."""
    trail, node = [], outline
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            if "judul" in node and ("isi" in node or "jenis" in node and "kolom" not in node and isinstance(part, int)):
                words = [node.get("nomor"), node["judul"]]
                if isinstance(part, int) and node.get("jenis") in ("bab", "lampiran") and node.get("nomor"):
                    words = [("Bab" if node["jenis"] == "bab" else "Lampiran"), node["nomor"], node["judul"]]
                trail.append(" ".join(str(w) for w in words if w))
            elif part == "tabel":
                trail.append(f"Tabel {node['nomor']}" if node.get("nomor") else f"tabel {node.get('id') or node.get('jenis', '')}".strip())
    return " › ".join(trail)


def _with_trail(problems: list[Problem], year: YearContent) -> list[Problem]:
    loaded = year.files.get("laporan")
    if loaded is None:
        return problems
    out = []
    for p in problems:
        if p.file == loaded.path and p.field.startswith("kerangka"):
            path = _parse_field(p.field)
            trail = outline_trail(loaded.data.get("kerangka"), path[1:]) if isinstance(loaded.data, dict) else ""
            if trail:
                p = Problem(p.file, p.line, p.col, p.field, _("{message} [di {trail}]").format(message=p.message, trail=trail), p.severity)
        out.append(p)
    return out


def _parse_field(field: str) -> tuple:
    parts: list = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) if index else name)
    return tuple(parts)


def folder_fingerprint(directory: Path) -> str:
    """A digest of the names and bytes of every file under `directory` (a symlink by where it
    points, never followed), so that a cache can tell an unchanged folder from a changed one."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        digest.update(path.relative_to(directory).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.fsencode(os.readlink(path)))
        elif path.is_file():
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def validate_year(directory: Path, schemas: dict, registry: Registry, root: Path, content_root: Path,
                  cache: dict | None = None, fast: dict | None = None) -> tuple[YearContent, list[Problem]]:
    """One report folder, loaded and validated; with `cache` (the live preview's), a folder whose
    files have not changed since the last call is not read again."""
    if cache is None:  # one run: nothing to compare with, so the folder is not read twice
        return _validate_year(directory, schemas, registry, root, content_root, None, fast)
    fingerprint = folder_fingerprint(directory)
    key = ("tahun", str(directory), fingerprint)
    if key in cache:
        return cache[key]
    result = _validate_year(directory, schemas, registry, root, content_root, cache, fast)
    result[0].fingerprint = fingerprint
    for old in [k for k in cache if k[:2] == key[:2]]:
        del cache[old]
    cache[key] = result
    return result


def _load_and_check(path: Path, display: str, content_root: Path, schema, registry: Registry, cache: dict | None, fast=None):
    """(LoadedFile, what validate_file found) for one file, or (None, its problems) when it cannot
    be read. With `cache`, a file whose bytes are unchanged is not parsed or checked again."""
    key = None
    if cache is not None and path.is_file() and not path.is_symlink():
        import hashlib

        key = ("berkas", str(path), hashlib.sha256(path.read_bytes()).hexdigest())
        if key in cache:
            return cache[key]
    problems: list = []
    loaded = _load(path, display, content_root, problems)
    result = (None, problems) if loaded is None else (loaded, validate_file(loaded, schema, registry, fast))
    if key is not None:
        for old in [k for k in cache if k[:2] == key[:2]]:
            del cache[old]
        cache[key] = result
    return result


def _validate_year(directory: Path, schemas: dict, registry: Registry, root: Path, content_root: Path,
                   cache: dict | None = None, fast: dict | None = None) -> tuple[YearContent, list[Problem]]:
    year = YearContent(int(directory.name), directory, _display(directory, root))
    problems: list[Problem] = []
    definitions, references = [], []
    for path in sorted(directory.iterdir()):
        if path.is_dir() and not path.is_symlink() and not path.name.startswith("."):
            problems.append(Problem(_display(path, root), 1, 1, "", _("folder di dalam folder tahun tidak dibaca; isi laporan ada di berkas .yaml folder tahun itu sendiri"), WARNING))
        elif path.is_symlink() and path.stem not in KINDS:
            problems.append(Problem(_display(path, root), 1, 1, "", _("tautan simbolik (symlink) di folder tahun; tidak dibaca"), WARNING))
        elif path.suffix == ".yml" and path.stem in KINDS:  # read as <kind>.yaml only: say so, or its content would be missed
            problems.append(Problem(_display(path, root), 1, 1, "", _("berkas isi harus berakhiran .yaml: ganti nama {name} menjadi {kind}.yaml").format(
                name=path.name, kind=path.stem)))
        elif path.suffix in (".yaml", ".yml") and path.stem not in KINDS:
            if path.stem in ("organisasi", "iku"):
                message = _("berkas isi tidak dikenal (model isi 1: jalankan `lkjip migrate`); yang dikenal: {files}")
            else:
                message = _("berkas isi tidak dikenal; yang dikenal: {files}")
            problems.append(Problem(_display(path, root), 1, 1, "", message.format(files=", ".join(k + ".yaml" for k in KINDS)), WARNING))
    for kind in KINDS:
        path = directory / f"{kind}.yaml"
        display = _display(path, root)
        if not path.exists() and not path.is_symlink():
            if kind == "laporan":
                problems.append(Problem(display, 1, 1, "", _("berkas laporan.yaml belum ada; setiap folder tahun memerlukannya (tahun, model, kerangka)")))
            continue
        loaded, checked = _load_and_check(path, display, content_root, lambda: schemas[kind], registry, cache, (fast or {}).get(kind))
        if loaded is None:
            problems.extend(checked)
            continue
        if kind == "laporan" and isinstance(loaded.data, dict) and "model" not in loaded.data:
            problems.append(Problem(display, 1, 1, "", _("laporan ini ditulis dalam model isi 1; jalankan `lkjip migrate` untuk memperbaruinya")))
            continue
        year.files[kind] = loaded
        file_problems, defs, refs, other = checked
        problems.extend(file_problems)
        definitions += [(kind, i, p) for i, p in defs]
        references += [(kind, i, p) for i, p in refs]
        year.other_year_refs += [(kind, i, p) for i, p in other]
    if not any(p.severity == ERROR for p in problems):
        problems.extend(check_references(year, definitions, references))
    if not any(p.severity == ERROR for p in problems):
        problems.extend(fakta.fill(year))  # shared facts' values where their uses leave them out
    if not any(p.severity == ERROR for p in problems):
        problems.extend(rules.year_problems(year))
    return year, _with_trail(problems, year)


def validate_content(content_dir: Path, schema_dir: Path, root: Path | None = None,
                     cache: dict | None = None) -> tuple[list[Agency], list[Problem]]:
    """Load and validate every agency and report year under content_dir. Problems sorted by file and line.
    `cache` (kept by the live preview between edits) spares the schemas and unchanged year folders."""
    root = root or content_dir.parent
    schema_key = ("skema", str(schema_dir), folder_fingerprint(schema_dir)) if cache is not None else None
    if schema_key is not None and schema_key in cache:
        schemas, registry, fast = cache[schema_key]
    else:
        schemas, registry, fast = load_schemas(schema_dir)
        if schema_key is not None:
            cache.clear()  # new schemas: nothing validated with the old ones is kept
            cache[schema_key] = (schemas, registry, fast)
    missing = [k for k in SCHEMA_KINDS if k not in schemas]
    if missing:
        raise ContentError([Problem(_display(schema_dir, root), 1, 1, "", _("skema tidak ada untuk: {kinds} (pasang ulang lkjip)").format(kinds=", ".join(missing)))])
    agencies, problems = discover(content_dir, root)
    for agency in agencies:
        path = agency.directory / f"{AGENCY_FILE}.yaml"
        agency.instansi, checked = _load_and_check(path, _display(path, root), content_dir, lambda: schemas[AGENCY_FILE], registry, cache, fast.get(AGENCY_FILE))
        problems.extend(checked if agency.instansi is None else checked[0])
        for directory in _report_folders(agency, root, problems):
            year, year_problems = validate_year(directory, schemas, registry, root, content_dir, cache, fast)
            agency.years.append(year)
            problems.extend(year_problems)
        problems.extend(rules.agency_problems(agency))
        if not any(p.severity == ERROR for p in problems):
            problems.extend(check_other_year_references(agency))
        if not agency.years:
            where = _display(agency.directory, root)
            problems.append(Problem(where, 1, 1, "", _("belum ada folder laporan (mis. {folder}/2025/ dengan laporan.yaml)").format(folder=where)))
    return agencies, sorted(set(problems))


__all__ = ["Agency", "YearContent", "validate_content", "KINDS", "MODEL"]
