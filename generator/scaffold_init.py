"""`lkjip init FOLDER`: a new agency repository that validates and builds at once, as a draft.

It holds a content skeleton with the default outline of PermenPAN-RB 53/2014 (Kata Pengantar,
Ikhtisar Eksekutif, Bab I–IV, Lampiran), the agency's identity to fill in, mkdocs.yml, editor
settings with a copy of the schemas, a pre-commit hook and a GitHub workflow, none of which needs
the tool's source: only an installed `lkjip`.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .i18n import _
from .problems import ContentError, Problem
from .resources import schema_dir

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
_TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".json"}


def copy_schemas(target: Path) -> None:
    """The schemas beside the content, for editors (VS Code) to complete and check fields."""
    (target / "schema").mkdir(parents=True, exist_ok=True)
    for path in sorted(schema_dir().glob("*.schema.json")):
        shutil.copy2(path, target / "schema" / path.name)
    readme = schema_dir() / "README.md"
    if readme.is_file():
        shutil.copy2(readme, target / "schema" / "README.md")


def init(target: Path, tahun: int) -> Path:
    if target.exists() and any(target.iterdir()):
        raise ContentError([Problem(str(target), 1, 1, "", _("folder ini sudah berisi; pilih folder baru atau kosong"))])
    if not 2000 <= tahun <= 2099:  # the year folders that are read (validate: 20xx)
        raise ContentError([Problem(str(target), 1, 1, "", _("tahun {tahun} di luar 2000–2099").format(tahun=tahun))])
    staging = target.with_name(f".{target.name}-baru")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for source in sorted(SCAFFOLD.rglob("*")):
            if source.is_dir() or "__pycache__" in source.parts:
                continue
            relative = Path(*[str(tahun) if part == "TAHUN" else part for part in source.relative_to(SCAFFOLD).parts])
            destination = staging / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            if source.suffix in _TEXT_SUFFIXES:
                text = source.read_text(encoding="utf-8").replace("{tahun}", str(tahun))
                destination.write_text(text, encoding="utf-8")
            else:
                shutil.copy2(source, destination)
        copy_schemas(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target
