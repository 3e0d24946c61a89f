"""Where the tool's own files are: schemas, page templates, CSS, theme overrides, the default site
configuration and the migration templates. They ship inside the installed package (`lkjip.schema`,
`lkjip.site_templates`); in a source checkout they are the top-level `schema/` and `site_templates/`.
"""
from __future__ import annotations

import functools
from importlib import resources as _resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _package_dir(name: str, fallback: str) -> Path:
    try:
        found = _resources.files(f"lkjip.{name}")
        path = Path(str(found))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError, ValueError):
        pass
    return _SOURCE_ROOT / fallback


@functools.cache
def schema_dir() -> Path:
    return _package_dir("schema", "schema")


@functools.cache
def templates_dir() -> Path:
    return _package_dir("site_templates", "site_templates")


@functools.cache
def migration_template(model: int) -> dict:
    from .loader import load_file

    return load_file(schema_dir() / "migrasi" / f"v{model}.yaml").data
