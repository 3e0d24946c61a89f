"""`lkjip new-year 2026`: scaffold the next report year from the last one.

The structure is carried over (outline, Renstra, cascade, programs, kegiatan, sub kegiatan,
indicators and their formulas, the rows of data tables); targets come from the Renstra where they
are known; realisations, budgets, action-plan rows, comparison values and everything the last
document *stated* (`dinyatakan`) are left out, and narrative text becomes a placeholder. The new
year is marked `status: rancangan`, so it validates while incomplete and the site shows its
figures as "belum dilaporkan" instead of 0 %. Files are written aside, validated, then moved in.
"""
from __future__ import annotations

import copy
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

from . import tulis
from .i18n import _
from .problems import ERROR, ContentError, Problem
from .validate import KINDS, validate_content

PLACEHOLDER = "Belum diisi untuk laporan {year}.\n"


def _without_statements(node):
    if isinstance(node, dict):
        return {key: _without_statements(value) for key, value in node.items() if not key.startswith("dinyatakan")}
    if isinstance(node, list):
        return [_without_statements(item) for item in node]
    return node


def _retitle(text: str, old: int, new: int) -> str:
    return text.replace(str(old), str(new))


def _outline(blocks: list, old: int, new: int) -> list:
    """The outline carried over: text becomes a placeholder, titles name the new year, data tables
    keep their rows' labels but not their figures."""
    out = []
    for block in blocks:
        block = dict(block)
        if "teks" in block:
            block["teks"] = PLACEHOLDER.format(year=new)
        if "bagian" in block:
            section = dict(block["bagian"])
            section["judul"] = _retitle(section["judul"], old, new)
            section["isi"] = _outline(section["isi"], old, new)
            block["bagian"] = section
        if "tabel" in block:
            block["tabel"] = _table(block["tabel"], old, new)
        out.append(block)
    return out


def _table(spec: dict, old: int, new: int) -> dict:
    spec = dict(spec)
    for key in ("judul", "judul_daftar"):
        if key in spec:
            spec[key] = _retitle(spec[key], old, new)
    if spec.get("jenis") == "data":
        text_keys = {c["kunci"] if isinstance(c, dict) else c for c in spec["kolom"]
                     if not isinstance(c, dict) or c.get("jenis", "teks") == "teks"}
        spec["baris"] = [_row(row, text_keys) for row in spec["baris"]]
    return spec


def _row(row: dict, text_keys: set) -> dict:
    if "kelompok" in row:
        return {**{k: v for k, v in row.items() if k != "baris"}, "baris": [_row(r, text_keys) for r in row.get("baris", [])]}
    return {k: v for k, v in row.items() if k in text_keys}


def _program_nodes(data: dict):
    tops = [p for b in data.get("bidang", []) for p in b.get("program", [])] + data.get("program", [])
    for program in tops:
        yield program
        for kegiatan in program.get("kegiatan", []):
            yield kegiatan
            yield from kegiatan.get("sub_kegiatan", [])


def scaffold_data(previous: dict, old: int, year: int) -> dict:
    """The new year's content (kind -> data) from the last year's: a pure function."""
    data = {kind: _without_statements(copy.deepcopy(value)) for kind, value in previous.items()}
    laporan = data["laporan"]
    laporan.update({"tahun": year, "status": "rancangan"})
    for key in ("tanggal", "sampul", "dokumen_asli", "cakupan", "sumber"):
        laporan.pop(key, None)
    laporan["kerangka"] = [{**c, "judul": _retitle(c["judul"], old, year), "isi": _outline(c["isi"], old, year)} for c in laporan.get("kerangka", [])]

    plan = data.get("perencanaan")
    if plan is not None:
        renstra = plan.get("renstra") or {}
        targets = {ind["id"]: ind.get("target", {}) for level in ("tujuan", "sasaran") for item in renstra.get(level, [])
                   for ind in item.get("indikator", [])}
        pk = plan.get("perjanjian_kinerja")
        if pk is not None:
            for target in pk.get("target", []):
                known = targets.get(target["indikator"], {}).get(str(year))
                target.pop("target_periode", None)
                if known is None:
                    target.pop("target", None)
                else:
                    target["target"] = known  # the Renstra target for the year, until the Perjanjian Kinerja is signed
            for item in pk.get("program", []):
                item.pop("target", None)
        if "rencana_aksi" in plan:
            plan["rencana_aksi"]["baris"] = []

    if "anggaran" in data:
        for group in data["anggaran"].get("belanja", []):
            group.pop("murni", None)
            for line in group.get("rincian", []):
                line.pop("perubahan", None)
                line.pop("murni", None)

    if "program" in data:
        for node in _program_nodes(data["program"]):
            for key in ("anggaran", "realisasi", "tabel"):
                node.pop(key, None)
            if "analisis" in node:
                node["analisis"] = PLACEHOLDER.format(year=year)
            for ind in node.get("indikator", []):
                for key in ("target", "target_periode", "realisasi"):
                    ind.pop(key, None)

    kinerja = data.get("kinerja")
    if kinerja is not None:
        for fact in kinerja.get("fakta", []):  # shared facts are this year's figures: named again, filled in anew
            for key in ("nilai", "sumber", "catatan"):
                fact.pop(key, None)
        for item in kinerja.get("iku", []):
            for key in ("realisasi", "pembanding"):
                item.pop(key, None)
            if "analisis" in item:
                item["analisis"] = PLACEHOLDER.format(year=year)
            item["kesinambungan"] = {"tahun": old, "indikator": item["indikator"], "hubungan": "lanjutan"}
    return data


def new_year(root: Path, year: int, agency: str | None = None) -> Path:
    """Create <agency>/<year>/ under content/ from the latest earlier year; return its folder."""
    from .resources import schema_dir

    content = root / "content"
    agencies, problems = validate_content(content, schema_dir(), root)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ContentError(problems)
    chosen = [a for a in agencies if agency is None or a.slug == agency]
    if not chosen:
        raise ContentError([Problem("content", 1, 1, "", _("instansi '{agency}' tidak ada di content/").format(agency=agency))])
    if len(chosen) > 1:
        raise ContentError([Problem("content", 1, 1, "", _("situs ini memuat beberapa instansi; sebut salah satunya dengan --instansi"))])
    target_agency = chosen[0]
    target = target_agency.directory / str(year)
    display = target.relative_to(root).as_posix()
    if target.exists():
        raise ContentError([Problem(display, 1, 1, "", _("{folder}/ sudah ada; hapus dulu bila ingin membuatnya ulang").format(folder=display))])
    earlier = [y for y in target_agency.years if y.year < year and not y.partial]
    if not earlier:
        raise ContentError([Problem(display, 1, 1, "", _("tidak ada tahun laporan lengkap sebelum {tahun} untuk diambil kerangkanya").format(tahun=year))])
    source = earlier[-1]
    data = scaffold_data({kind: loaded.data for kind, loaded in source.files.items()}, source.year, year)

    staging = target_agency.directory / f".{year}-baru"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        for kind, value in data.items():
            (staging / f"{kind}.yaml").write_text(tulis.dump(value, _schema_line(source, kind, root, target)), encoding="utf-8")
        staging.rename(target)
        unused, problems = validate_content(content, schema_dir(), root)
        errors = [p for p in problems if p.severity == ERROR and p.file.startswith(display)]
        if errors:
            shutil.rmtree(target)
            raise ContentError(errors)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target


_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)")


def _schema_line(source, kind: str, root: Path, target: Path) -> str:
    """The editor's schema path for a new file: as the year it copies wrote it (same depth), else
    relative to the project's schema/ folder."""
    path = source.directory / f"{kind}.yaml"
    if path.is_file():
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        found = _SCHEMA_LINE.match(first)
        if found:
            return found.group(1)
    return f"{os.path.relpath(root / 'schema', target).replace(os.sep, '/')}/{kind}.schema.json"


__all__ = ["new_year", "scaffold_data", "KINDS", "Decimal"]
