"""fastcheck (the first pass of schema validation) must agree with jsonschema: on every content
file of the project it finds the same files valid and the same id markers; on broken copies of
them it never calls valid what jsonschema refuses."""
import copy
from decimal import Decimal
from pathlib import Path

import pytest

from lkjip import fastcheck
from lkjip import validate as v
from lkjip.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS, REGISTRY, FAST = v.load_schemas(ROOT / "schema")


def corpus() -> list[tuple[str, Path]]:
    files = []
    for folder in [ROOT / "content", ROOT / "tests" / "agencies" / "content", ROOT / "generator" / "scaffold" / "content"]:
        for path in sorted(folder.rglob("*.yaml")):
            kind = path.stem if path.stem in SCHEMAS else None
            if path.stem == "instansi":
                kind = "instansi"
            if kind in SCHEMAS:
                files.append((kind, path))
    return files


def by_jsonschema(kind, data):
    validator = v._Validator(SCHEMAS[kind], registry=REGISTRY, format_checker=v._FORMATS)
    errors, markers = [], []
    for error in validator.iter_errors(data):
        if error.validator in fastcheck.MARKERS:
            markers.append((error.validator, error.instance, tuple(error.absolute_path)))
        else:
            errors.append(error)
    return errors, markers


def test_every_kind_of_content_is_compiled():
    assert set(FAST) == set(SCHEMAS)


@pytest.mark.parametrize("kind, path", corpus(), ids=lambda x: str(x)[-40:] if isinstance(x, Path) else x)
def test_same_answer_and_same_markers_as_jsonschema(kind, path):
    data = load_file(path, path.name).data
    errors, markers = by_jsonschema(kind, data)
    fast = fastcheck.markers_if_valid(FAST[kind], data)
    if errors:
        assert fast is None
    else:
        assert fast is not None
        assert fast == markers  # the same order too: the first definition of an id is the one kept


def _mutations(data, path=()):
    """Broken copies of a document: each value in turn replaced by one of the wrong kind, each
    mapping given an unknown key, each list emptied (up to a bound, to keep the test quick)."""
    if isinstance(data, dict):
        yield path + ("<kunci baru>",), {**data, "kunci_yang_tidak_dikenal": 1}
        for key, value in data.items():
            for where, broken in _mutations(value, path + (key,)):
                yield where, {**data, key: broken}
    elif isinstance(data, list):
        yield path, []
        for index, value in enumerate(data[:3]):
            for where, broken in _mutations(value, path + (index,)):
                yield where, data[:index] + [broken] + data[index + 1:]
    elif isinstance(data, str):
        yield path, 12345
        yield path, "x" * 5000
        yield path, ""
    elif isinstance(data, bool):
        yield path, "ya"
    elif isinstance(data, (int, Decimal)):
        yield path, "seratus"
        yield path, Decimal("-1")
        yield path, Decimal("1.123456789")
    elif data is None:
        yield path, {"a": 1}


@pytest.mark.parametrize("kind, path", [c for c in corpus() if "content/2025" in c[1].as_posix() or c[0] == "instansi"][:7],
                         ids=lambda x: str(x)[-30:] if isinstance(x, Path) else x)
def test_broken_copies_are_never_called_valid(kind, path):
    data = load_file(path, path.name).data
    checked = 0
    for where, broken in _mutations(data):
        errors, markers = by_jsonschema(kind, broken)
        fast = fastcheck.markers_if_valid(FAST[kind], broken)
        assert (fast is None) == bool(errors), where
        if fast is not None:
            assert sorted(fast, key=repr) == sorted(markers, key=repr), where
        checked += 1
        if checked >= 300:
            break
    assert checked > 20
