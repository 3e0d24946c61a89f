"""`lkjip new-year 2026`: scaffold the next report year from the last one.

The structure is carried over (organisation, Renstra, cascade, programs, kegiatan, sub kegiatan,
indicators and their formulas); targets come from the Renstra and the Perjanjian Kinerja where they
are known; realisations, budgets, action-plan rows and everything the last document *stated*
(`dinyatakan`) are left out, and narrative text becomes a placeholder. The new year is marked
`status: rancangan`, so it validates while incomplete and the site shows its figures as
"belum dilaporkan" instead of 0 %. The files are written aside, validated, then moved in place.
"""
from __future__ import annotations

import copy
import shutil
from decimal import Decimal
from pathlib import Path

import yaml

from .loader import load_file
from .problems import ERROR, ContentError, Problem
from .validate import KINDS, validate_content

PLACEHOLDER = "Belum diisi untuk laporan {year}.\n"


class _Dumper(yaml.SafeDumper):
    """Writes exact decimals as plain numbers and narrative as `|` blocks; never anchors/aliases."""

    def ignore_aliases(self, data):
        return True


def _decimal(dumper, value: Decimal):
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)


def _drop_statements_and_text(node, year: int):
    """Remove what the last document stated; replace narrative with a placeholder."""
    if isinstance(node, dict):
        return {key: _drop_statements_and_text(value, year) for key, value in node.items() if not key.startswith("dinyatakan")}
    if isinstance(node, list):
        return [_drop_statements_and_text(item, year) for item in node]
    if isinstance(node, str) and "\n" in node.strip("\n") or isinstance(node, str) and node.endswith("\n"):
        return PLACEHOLDER.format(year=year)
    return node


def _walk_dicts(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk_dicts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_dicts(item)


def scaffold_data(previous: dict, year: int) -> dict:
    """The new year's content (kind -> data) from the last year's: a pure function."""
    data = {kind: _drop_statements_and_text(copy.deepcopy(previous[kind]), year) for kind in KINDS}
    for kind in KINDS:
        if "tahun" in data[kind]:
            data[kind]["tahun"] = year

    laporan = data["laporan"]
    laporan["status"] = "rancangan"
    laporan.pop("tanggal", None)
    laporan.pop("sampul", None)

    perencanaan = data["perencanaan"]
    renstra_targets = {ind["id"]: ind.get("target", {}) for s in perencanaan["renstra"]["sasaran"] for ind in s["indikator"]}
    for target in perencanaan["perjanjian_kinerja"]["target"]:
        known = renstra_targets.get(target["indikator"], {}).get(str(year))
        if known is None:
            target.pop("target", None)
        else:
            target["target"] = known  # the Renstra target for the year, until the Perjanjian Kinerja is signed
    for item in perencanaan["target_program"]["program"]:
        item.pop("target", None)
    perencanaan["rencana_aksi"]["baris"] = []

    for group in data["anggaran"]["belanja"]:
        group.pop("murni", None)
        for line in group.get("rincian", []):
            line.pop("perubahan", None)

    for node in _walk_dicts(data["program"]):
        if "indikator" in node and isinstance(node["indikator"], dict):
            node["indikator"].pop("target", None)
            node["indikator"].pop("realisasi", None)
        if node.get("id", "").startswith("sub-"):
            for key in ("anggaran", "realisasi", "hibah"):
                node.pop(key, None)

    kinerja = data["kinerja"]
    for item in kinerja["iku"]:
        item.pop("realisasi", None)
    comparison = kinerja["perbandingan_tahun_lalu"]
    comparison["kesinambungan"] = [{"indikator": item["indikator"], "tahun_lalu": item["indikator"], "hubungan": "lanjutan"}
                                   for item in kinerja["iku"]]
    comparison["iku_2024"] = []
    return data


def write_yaml(path: Path, kind: str, data: dict) -> None:
    header = f"# yaml-language-server: $schema=../../schema/{kind}.schema.json\n"
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    path.write_text(header + body, encoding="utf-8")


def new_year(root: Path, year: int) -> Path:
    """Create content/<year>/ from the latest earlier year; return its folder."""
    content, schema = root / "content", root / "schema"
    target = content / str(year)
    display = f"content/{year}"
    if target.exists():
        raise ContentError([Problem(display, 1, 1, "", f"{display}/ already exists; remove it first to scaffold it again")])
    years, problems = validate_content(content, schema, root)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ContentError(problems)
    earlier = [y for y in years if y.year < year]
    if not earlier:
        raise ContentError([Problem(display, 1, 1, "", f"no report year before {year} to carry the structure from")])
    source = earlier[-1]
    previous = {kind: load_file(source.directory / f"{kind}.yaml").data for kind in KINDS}
    data = scaffold_data(previous, year)

    staging = content / f".{year}-baru"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        for kind in KINDS:
            write_yaml(staging / f"{kind}.yaml", kind, data[kind])
        staging.rename(target)
        _, problems = validate_content(content, schema, root)
        errors = [p for p in problems if p.severity == ERROR and p.file.startswith(display)]
        if errors:
            shutil.rmtree(target)
            raise ContentError(errors)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target
