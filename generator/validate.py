"""Stage 2, validate: every content file against its JSON Schema, then ids and references.

The schemas (schema/*.schema.json) are the single description of the content. Three
project keywords extend JSON Schema and are ignored by editors:

* ``x-desimal-maks: N``  a number may have at most N decimal places (money: 2);
* ``x-definisi: true``   this string defines an id (collected to check uniqueness);
* ``x-rujukan: true``    this string refers to an id defined somewhere in the year's content.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from .loader import LoadedFile, load_file
from .problems import ERROR, WARNING, ContentError, Problem, format_path

KINDS = ("laporan", "organisasi", "perencanaan", "anggaran", "program", "kinerja")
# a year known only in part (laporan.yaml says `cakupan: sebagian`), e.g. 2024 from the 2025 report
PARTIAL_KINDS = ("laporan", "iku")
SCHEMA_KINDS = KINDS + ("iku",)
YEAR_DIR = re.compile(r"^20[0-9]{2}$")

# id prefix -> kind of thing; a reference in a field named like the kind must point at that kind
ID_KINDS = {
    "prog": "program", "keg": "kegiatan", "sub": "sub_kegiatan", "sasaran": "sasaran",
    "tujuan": "tujuan", "iku": "indikator", "iku2024": "indikator", "it": "indikator",
    "ind": "indikator", "bidang": "bidang", "belanja": "belanja",
}


def id_kind(identifier: str) -> str:
    return ID_KINDS.get(identifier.split("-", 1)[0], "lain")


@dataclass
class YearContent:
    year: int
    directory: Path
    files: dict = field(default_factory=dict)  # kind -> LoadedFile
    partial: bool = False
    definitions: dict = field(default_factory=dict)  # id -> (file, line)
    last_year_refs: list = field(default_factory=list)  # (kind, id, path) pointing at last year's ids

    def data(self, kind: str):
        return self.files[kind].data


# --- schema machinery -------------------------------------------------------------------------

def _desimal_maks(validator, places, instance, schema):
    if isinstance(instance, Decimal) and instance.as_tuple().exponent < -places:
        yield ValidationError(f"{instance} has more than {places} decimal places")


def _marker(validator, enabled, instance, schema):
    """x-definisi / x-rujukan: report every occurrence; validate_file separates them from errors."""
    if enabled and isinstance(instance, str):
        yield ValidationError(instance)


_Validator = validators.extend(
    Draft202012Validator,
    {"x-desimal-maks": _desimal_maks, "x-definisi": _marker, "x-rujukan": _marker},
)
_MARKERS = {"x-definisi", "x-rujukan"}


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
    file, _, fragment = ref.partition("#")
    file = file or current
    if (file, fragment) in seen or file not in documents:
        result["$ref"] = ref
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
    schemas = {name.removesuffix(".schema.json"): inline_refs(contents, documents, name)
               for name, contents in documents.items()}
    return schemas, registry


# --- friendly messages --------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^[-+]?\d+,\d+$")
_LEADING_ZERO = re.compile(r"^[-+]?0\d+$")
_SEXAGESIMAL = re.compile(r"^[-+]?\d+(:[0-5]?\d)+$")
_YAML11_BOOL = {"yes", "no", "on", "off", "y", "n"}


def _number_hint(raw: str) -> str | None:
    text = raw.strip()
    if text.lower().startswith("rp"):
        return f"'{raw}': write the amount as a plain number without 'Rp' or separators, e.g. 179738630 or 886478597.50"
    if _THOUSANDS.match(text):
        clean = text.replace(".", "").replace(",", ".")
        return f"'{raw}' looks like a number with a thousands separator; write {clean}"
    if _COMMA_DECIMAL.match(text):
        return f"'{raw}' uses a comma for decimals; write {text.replace(',', '.')}"
    if _LEADING_ZERO.match(text):
        return f"'{raw}' has a leading zero (YAML 1.1 reads it as an octal number); write {int(text)} or quote it if it is a code"
    if _SEXAGESIMAL.match(text):
        return f"'{raw}' would be read by YAML 1.1 as a base-60 number; write a plain number, or quote it if it is text"
    return None


def _message(error: ValidationError, loaded: LoadedFile) -> tuple[tuple, str, bool]:
    """(path, message, point_at_key) for one schema error."""
    path = tuple(error.absolute_path)
    kind = error.validator
    raw = loaded.raw.get(path)
    instance = error.instance
    if kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        if any(t in ("number", "integer") for t in expected):
            hint = _number_hint(raw if raw is not None else str(instance)) if isinstance(instance, (str, Decimal)) else None
            if hint:
                return path, hint, False
            if "integer" in expected and isinstance(instance, Decimal):
                return path, f"{raw or instance} must be a whole number", False
        if "boolean" in expected and isinstance(instance, str) and instance.lower() in _YAML11_BOOL:
            return path, f"'{instance}' is ambiguous in YAML; write true or false", False
        names = {"string": "text", "number": "a number", "integer": "a whole number", "object": "a mapping (key: value)",
                 "array": "a list", "boolean": "true or false", "null": "empty"}
        wanted = " or ".join(names.get(t, t) for t in expected)
        shown = "empty" if instance is None else repr(raw if raw is not None else instance)
        return path, f"{shown} should be {wanted}", False
    if kind == "x-desimal-maks":
        hint = _number_hint(raw) if raw else None
        return path, hint or f"{raw or instance} has more than {error.validator_value} decimal places", False
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return path + (missing,), f"required field '{missing}' is missing", False
    if kind == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extras = [k for k in instance if k not in allowed] if isinstance(instance, dict) else []
        extra = extras[0] if extras else "?"
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return path + (extra,), f"unknown field '{extra}'{hint}", True
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return path, f"{instance!r} is not one of: {options}", False
    if kind == "pattern" and error.schema.get("title") in ("ID", "Rujukan"):
        return path, f"{instance!r} is not a valid id: use lowercase letters, digits and '-' (e.g. prog-penempatan)", False
    if kind == "format" and error.validator_value == "date":
        return path, f"{instance!r} is not a valid date; write YYYY-MM-DD, e.g. 2026-01-14", False
    if kind == "minLength":
        return path, "must not be empty", False
    if kind in ("minimum", "exclusiveMinimum"):
        return path, f"{raw or instance} is below the minimum {error.validator_value}", False
    if kind in ("oneOf", "anyOf") and error.context:
        return _message(best_match(error.context), loaded)
    return path, error.message, False


def thousands_separators(loaded: LoadedFile) -> list[Problem]:
    """`1.010` is a valid decimal to YAML, but in an Indonesian document it almost always means 1010."""
    problems = []
    for path, raw in sorted(loaded.raw.items(), key=lambda item: loaded.position(item[0])):
        if _THOUSANDS.match(raw):
            line, col = loaded.position(path)
            problems.append(Problem(loaded.path, line, col, format_path(path), _number_hint(raw)))
    return problems


_UNSAFE_TEXT = (
    (re.compile(r"<\s*[A-Za-z!/?]"), "HTML is not allowed in content; write plain text (Markdown for narrative)"),
    (re.compile(r"(?i)\b(javascript|vbscript)\s*:"), "'{match}' links are not allowed in content"),
    (re.compile(r"(?i)(\]\(|\]:)\s*data\s*:"), "'{match}' links are not allowed in content"),
    (re.compile(r"\{\s*[:#.]|\{[^{}\n]*="), "'{match}' looks like a Markdown attribute list, which is not allowed in content"),
    (re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]"), "invisible control character in text"),
)


def unsafe_text(loaded: LoadedFile) -> list[Problem]:
    """Text that could become markup or script on the site is refused at the source (escaping is the second wall)."""
    problems = []
    stack = [((), loaded.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str):
            for pattern, message in _UNSAFE_TEXT:
                # check the text as written and as a browser would decode its entities (&#106;avascript:)
                found = pattern.search(value) or pattern.search(html.unescape(value))
                if found:
                    line, col = loaded.position(path)
                    problems.append(Problem(loaded.path, line, col, format_path(path), message.format(match=found.group(0).strip())))
                    break
    return sorted(problems)


def validate_file(loaded: LoadedFile, schema: dict, registry: Registry) -> tuple[list[Problem], list, list]:
    """Schema problems, id definitions and references of one loaded file."""
    validator = _Validator(schema, registry=registry, format_checker=FormatChecker())
    problems = thousands_separators(loaded) + unsafe_text(loaded)
    flagged = {p.field for p in problems}
    definitions, references = [], []
    for error in validator.iter_errors(loaded.data):
        path = tuple(error.absolute_path)
        if error.validator in _MARKERS:
            (definitions if error.validator == "x-definisi" else references).append((error.instance, path))
            continue
        if format_path(path) in flagged:
            continue
        path, message, at_key = _message(error, loaded)
        line, col = loaded.position(path, at_key=at_key)
        problems.append(Problem(loaded.path, line, col, format_path(path), message))
    return problems, definitions, references


def _expected_kind(path: tuple) -> str | None:
    names = [p for p in path if isinstance(p, str)]
    name = names[-1] if names else ""
    return name if name in {"program", "kegiatan", "sub_kegiatan", "sasaran", "tujuan", "indikator", "bidang"} else None


def check_references(year: YearContent, definitions: dict, references: list) -> list[Problem]:
    """Ids are unique within a year; every reference resolves to an id of the right kind."""
    problems = []
    seen: dict = {}
    for kind_file, identifier, path in definitions:
        loaded = year.files[kind_file]
        line, col = loaded.position(path)
        if identifier in seen:
            first = seen[identifier]
            problems.append(Problem(loaded.path, line, col, format_path(path),
                                    f"id '{identifier}' is already defined at {first[0]}:{first[1]}"))
        else:
            seen[identifier] = (loaded.path, line)
    year.definitions = seen
    for kind_file, identifier, path in references:
        loaded = year.files[kind_file]
        line, col = loaded.position(path)
        if "tahun_lalu" in path:  # refers to last year's content: checked across years
            year.last_year_refs.append((kind_file, identifier, path))
            continue
        if identifier not in seen:
            problems.append(Problem(loaded.path, line, col, format_path(path),
                                    f"'{identifier}' does not refer to anything defined in content/{year.year}/"))
            continue
        expected = _expected_kind(path)
        actual = id_kind(identifier)
        if expected and actual != expected:
            problems.append(Problem(loaded.path, line, col, format_path(path),
                                    f"'{identifier}' is a {actual.replace('_', ' ')}, but this field needs a {expected.replace('_', ' ')}"))
    return problems


_NON_NEGATIVE = {"pembilang", "penyebut", "anggaran", "realisasi", "murni", "perubahan", "jumlah", "formasi", "terisi",
                 "laki_laki", "perempuan", "b", "rr", "rb", "nilai_awal", "nilai_akhir"}


def _walk(value, path=()):
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))


def _missing_in_final_report(year: YearContent, add) -> list[Problem]:
    """A signed (final) report has every date, budget and realisation; only a draft
    (`status: rancangan`, made by `lkjip new-year`) may leave them empty."""
    hint = "is required in a final report (only a draft with status: rancangan may leave it empty)"
    if "laporan" in year.files and "tanggal" not in year.files["laporan"].data:
        add("laporan", ("tahun",), f"tanggal {hint}")
    if "program" in year.files:
        for path, value in _walk(year.files["program"].data):
            if isinstance(value, dict) and str(value.get("id", "")).startswith("sub-"):
                for key in ("anggaran", "realisasi"):
                    if key not in value:
                        add("program", path, f"{key} {hint}")
    if "kinerja" in year.files:
        for index, item in enumerate(year.files["kinerja"].data.get("iku", [])):
            if "realisasi" not in item:
                add("kinerja", ("iku", index), f"realisasi {hint}")
    if "anggaran" in year.files:
        for gi, group in enumerate(year.files["anggaran"].data.get("belanja", [])):
            if "murni" not in group:
                add("anggaran", ("belanja", gi), f"murni {hint}")
            for li, line in enumerate(group.get("rincian", [])):
                if "perubahan" not in line:
                    add("anggaran", ("belanja", gi, "rincian", li), f"perubahan {hint}")
    return []


def check_semantics(year: YearContent) -> list[Problem]:
    """Rules no schema can say: undefined percentages, negative facts, spending above budget,
    targets outside or missing from the Renstra period."""
    problems = []

    def add(kind, path, message, severity=ERROR):
        loaded = year.files[kind]
        line, col = loaded.position(path)
        problems.append(Problem(loaded.path, line, col, format_path(path), message, severity))

    for kind, loaded in sorted(year.files.items()):
        for path, value in _walk(loaded.data):
            if not path or not isinstance(value, (int, Decimal)) or isinstance(value, bool):
                continue
            key = path[-1]
            if key in _NON_NEGATIVE and value < 0:
                add(kind, path, f"{value} is negative; counts and amounts cannot be below zero")
            if key == "penyebut" and value == 0:
                add(kind, path, "denominator is 0: the percentage cannot be computed")
            if key == "nilai_awal" and value == 0:
                add(kind, path, "starting value is 0: the growth cannot be computed")
            if key == "target" and value == 0 and len(path) > 1 and path[-2] != "target":
                add(kind, path, "target is 0: the capaian cannot be computed", WARNING)
    needs = {"rasio": ("pembilang", "penyebut"), "pertumbuhan": ("nilai_awal", "nilai_akhir"), "langsung": ("nilai",)}
    for kind in ("kinerja", "program"):
        if kind not in year.files:
            continue
        for path, value in _walk(year.files[kind].data):
            if isinstance(value, dict) and isinstance(value.get("rumus"), dict) and isinstance(value.get("realisasi"), dict):
                jenis = value["rumus"].get("jenis", "langsung")
                missing = [key for key in needs.get(jenis, ()) if key not in value["realisasi"]]
                if missing:
                    add(kind, path + ("realisasi",), f"a '{jenis}' indicator needs {' and '.join(missing)} in its realisasi")
    if "perencanaan" in year.files:
        plan = year.files["perencanaan"].data
        sasaran_ind = {ind.get("id") for s in plan.get("renstra", {}).get("sasaran", []) for ind in s.get("indikator", [])}
        for index, target in enumerate(plan.get("perjanjian_kinerja", {}).get("target", [])):
            if target.get("indikator") not in sasaran_ind:
                add("perencanaan", ("perjanjian_kinerja", "target", index, "indikator"),
                    f"'{target.get('indikator')}' is not a sasaran indicator of the Renstra")
    final = year.files.get("laporan") is None or year.files["laporan"].data.get("status", "final") == "final"
    if final:
        problems.extend(_missing_in_final_report(year, add))
    if "program" in year.files:
        for path, value in _walk(year.files["program"].data):
            if isinstance(value, dict) and "anggaran" in value and "realisasi" in value and "id" in value:
                if isinstance(value["realisasi"], (int, Decimal)) and isinstance(value["anggaran"], (int, Decimal)) \
                        and value["realisasi"] > value["anggaran"]:
                    add("program", path + ("realisasi",), f"realisasi {value['realisasi']} is above the budget {value['anggaran']}", WARNING)
    if "perencanaan" in year.files:
        data = year.files["perencanaan"].data
        periode = data.get("renstra", {}).get("periode", {})
        start, end = periode.get("mulai"), periode.get("akhir")
        if isinstance(start, int) and isinstance(end, int):
            if not start <= year.year <= end:
                add("perencanaan", ("renstra", "periode"), f"report year {year.year} is outside the Renstra period {start}-{end}", WARNING)
            for group in ("tujuan", "sasaran"):
                for gi, item in enumerate(data.get("renstra", {}).get(group, [])):
                    for ii, indikator in enumerate(item.get("indikator", [])):
                        targets = indikator.get("target", {})
                        where = ("renstra", group, gi, "indikator", ii, "target")
                        for key in targets:
                            if key.isdigit() and not start <= int(key) <= end:
                                add("perencanaan", where + (key,), f"target for {key} is outside the Renstra period {start}-{end}")
                        missing = [str(y) for y in range(start, end + 1) if str(y) not in targets]
                        if missing:
                            add("perencanaan", where, f"no target for {', '.join(missing)} (Renstra period {start}-{end})", WARNING)
        pk = {t.get("indikator") for t in data.get("perjanjian_kinerja", {}).get("target", [])}
        sasaran_ids = {ind.get("id") for s in data.get("renstra", {}).get("sasaran", []) for ind in s.get("indikator", [])}
        if "kinerja" in year.files:
            for index, iku in enumerate(year.files["kinerja"].data.get("iku", [])):
                if iku.get("indikator") not in sasaran_ids:
                    add("kinerja", ("iku", index, "indikator"),
                        f"'{iku.get('indikator')}' is not a sasaran indicator of the Renstra (renstra.sasaran[].indikator in perencanaan.yaml)")
                elif iku.get("indikator") not in pk:
                    add("kinerja", ("iku", index, "indikator"), f"'{iku.get('indikator')}' has no target in the Perjanjian Kinerja", WARNING)
    return problems


def check_last_year_references(years: list[YearContent]) -> list[Problem]:
    """`tahun_lalu` ids must be defined in the previous year's content."""
    problems = []
    by_year = {y.year: y for y in years}
    for year in years:
        previous = by_year.get(year.year - 1)
        for kind, identifier, path in year.last_year_refs:
            loaded = year.files[kind]
            line, col = loaded.position(path)
            if previous is None:
                message = f"'{identifier}' refers to {year.year - 1}, but content/{year.year - 1}/ does not exist"
            elif identifier not in previous.definitions:
                message = f"'{identifier}' is not defined in content/{year.year - 1}/"
            else:
                continue
            problems.append(Problem(loaded.path, line, col, format_path(path), message))
    return problems


def discover_years(content_dir: Path) -> list[Path]:
    return sorted(p for p in content_dir.iterdir() if p.is_dir() and YEAR_DIR.match(p.name))


def _is_partial(directory: Path) -> bool:
    """Peek at laporan.yaml: `cakupan: sebagian` makes a year of only laporan.yaml and iku.yaml."""
    try:
        data = load_file(directory / "laporan.yaml").data
    except (ContentError, OSError):
        return False
    return isinstance(data, dict) and data.get("cakupan") == "sebagian"


def validate_year(directory: Path, schemas: dict, registry: Registry, root: Path) -> tuple[YearContent, list[Problem]]:
    partial = _is_partial(directory)
    kinds = PARTIAL_KINDS if partial else KINDS
    year = YearContent(int(directory.name), directory, partial=partial)
    problems: list[Problem] = []
    definitions, references = [], []
    for path in sorted(directory.iterdir()):
        if path.suffix in (".yaml", ".yml") and path.stem not in kinds:
            problems.append(Problem(_display(path, root), 1, 1, "",
                                    f"unknown content file; expected one of: {', '.join(k + '.yaml' for k in kinds)}", WARNING))
    for kind in kinds:
        path = directory / f"{kind}.yaml"
        display = _display(path, root)
        if not path.exists():
            problems.append(Problem(display, 1, 1, "", "file is missing"))
            continue
        try:
            loaded = load_file(path, display)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        year.files[kind] = loaded
        file_problems, defs, refs = validate_file(loaded, schemas[kind], registry)
        problems.extend(file_problems)
        definitions += [(kind, i, p) for i, p in defs]
        references += [(kind, i, p) for i, p in refs]
    if not any(p.severity == ERROR for p in problems):
        problems.extend(check_references(year, definitions, references))
    if not any(p.severity == ERROR for p in problems) and not partial:
        problems.extend(check_semantics(year))
    return year, problems


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def validate_content(content_dir: Path, schema_dir: Path, root: Path | None = None) -> tuple[list[YearContent], list[Problem]]:
    """Load and validate every report year under content_dir. Problems are sorted by file and line."""
    root = root or content_dir.parent
    schemas, registry = load_schemas(schema_dir)
    missing = [k for k in SCHEMA_KINDS if k not in schemas]
    if missing:
        raise ContentError([Problem(_display(schema_dir, root), 1, 1, "", f"schema missing for: {', '.join(missing)}")])
    years, problems = [], []
    if not content_dir.is_dir():
        return [], [Problem(_display(content_dir, root), 1, 1, "", "content folder not found")]
    for directory in discover_years(content_dir):
        year, year_problems = validate_year(directory, schemas, registry, root)
        years.append(year)
        problems.extend(year_problems)
    problems.extend(check_last_year_references(years))
    if not years:
        problems.append(Problem(_display(content_dir, root), 1, 1, "", "no report year folder (e.g. content/2025/) found"))
    return years, sorted(problems)
