"""Nothing of the shipped report lives in the tool: its agency, region, table numbers, years and
ids are content. (The outline ids a new report gets from `lkjip init` are the tool's own.)"""
from __future__ import annotations

import re

import yaml

from .conftest import ROOT

TOOL_FILES = [p for folder in ("generator", "site_templates") for p in (ROOT / folder).rglob("*")
              if p.is_file() and p.suffix in {".py", ".j2", ".yml", ".yaml", ".md", ".css", ".js", ".html", ".json"}
              and "schema" not in p.parts and p.name != "migrate.py"] + [ROOT / "mkdocs.yml"]
# migrate.py translates model 1, whose fixed page layout named its tables; that is its job.
SCAFFOLD = ROOT / "generator" / "scaffold"


def _tool_text() -> dict:
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in TOOL_FILES}


def _shipped_ids() -> set:
    ids = set()
    for path in (ROOT / "content").rglob("*.yaml"):
        ids |= set(re.findall(r"\bid: ([a-z0-9]+(?:-[a-z0-9]+)+)", path.read_text(encoding="utf-8")))
    scaffold = " ".join(p.read_text(encoding="utf-8") for p in SCAFFOLD.rglob("*.yaml"))
    return {i for i in ids if i not in scaffold}


def test_the_tool_names_no_table_number_year_range_or_agency_of_the_shipped_report():
    agency = yaml.safe_load((ROOT / "content" / "instansi.yaml").read_text(encoding="utf-8"))
    words = [agency["nama"], agency["wilayah"], agency["wilayah"].split()[-1], agency["singkatan"]]
    patterns = [re.compile(r"tabel [0-9]+\.[0-9]+", re.I), re.compile(r"iku_?2024"), re.compile(r"2025[–-]2029")]
    patterns += [re.compile(rf"\b{re.escape(w)}\b", re.I) for w in words]
    hits = [f"{name}: {m.group(0)}" for name, text in _tool_text().items() for pat in patterns for m in pat.finditer(text)]
    assert not hits, hits


def test_the_tool_refers_to_no_id_of_the_shipped_content():
    ids = _shipped_ids()
    assert "prog-penempatan" in ids and "iku-penempatan-pencaker" in ids
    hits = [f"{name}: {i}" for name, text in _tool_text().items() for i in ids if re.search(rf"(?<![a-z0-9-]){re.escape(i)}(?![a-z0-9-])", text)]
    assert not hits, hits
