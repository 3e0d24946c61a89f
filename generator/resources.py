"""Where the tool's own files are: schemas, page templates, CSS, theme overrides, the default site
configuration and the migration templates. They ship inside the installed package (`lkjip.schema`,
`lkjip.site_templates`); in a source checkout they are the top-level `schema/` and `site_templates/`.
"""
from __future__ import annotations

import functools
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _package_dir(name: str, fallback: str) -> Path:
    """Installed: lkjip/<name>/ beside this file. Source checkout (and editable install): the
    top-level folder of the repository."""
    installed = _HERE / name
    if installed.is_dir():
        return installed
    return _HERE.parent / fallback


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
