"""The content model documentation stays true to the code: every table kind, its columns and every
outline block the schema accepts are described in schema/README.md."""
from __future__ import annotations

import json
import re

import pytest

from lkjip import tabel
from lkjip.kerangka import BLOCK_KEYS

from .conftest import ROOT

DOC = (ROOT / "schema" / "README.md").read_text(encoding="utf-8")


def _kind_row(kind: str) -> str:
    match = re.search(rf"^\| `{re.escape(kind)}` \|.*$", DOC, re.M)
    assert match, f"schema/README.md has no row for table kind {kind}"
    return match.group(0)


def _columns(report, kind: str) -> list[str]:
    try:
        tabel.BUILDERS[kind](report, {"jenis": kind, "kolom": ["tidak-ada"]})
    except tabel.TableError as exc:
        return str(exc).split("yang dikenal: ")[1].split(", ")
    raise AssertionError(f"{kind} accepted an unknown column")


def test_every_table_kind_the_schema_accepts_has_a_builder():
    schema = json.loads((ROOT / "schema" / "laporan.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["tabel"]["properties"]["jenis"]["enum"]) == set(tabel.BUILDERS)


@pytest.mark.parametrize("kind", sorted(set(tabel.BUILDERS) - {"data"}))
def test_every_column_of_each_table_kind_is_documented(report, kind):
    row = _kind_row(kind)
    for key in _columns(report, kind):
        documented = re.sub(r"^target_\d{4}$", "target_<", key)
        assert documented in row, f"column {key} of {kind} missing from schema/README.md"


def test_data_tables_and_every_block_are_documented():
    assert "**`data` tables**" in DOC
    for block in BLOCK_KEYS:
        assert f"| `{block}` |" in DOC, block
    for kind in ("rasio", "pertumbuhan", "penurunan", "langsung", "naik", "turun", "biner"):
        assert f"| `{kind}` |" in DOC, kind
