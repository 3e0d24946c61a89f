"""The site's glossary: the terms of performance accountability, explained on /glosarium/ and
linked from the pages where the terms are used (an IKU page's "Indikator Kinerja Utama" and
"Rumus capaian", each year's home page).

Markdown's abbr extension is not used for abbreviations: it would also rewrite the text inside the
inline SVG charts of tabbed blocks (which Markdown reads as inline HTML).

The tool's own list is site_templates/glosarium.yml; a project's site_templates/glosarium.yml
replaces it. It is validated like content: file, line and field for every problem.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .i18n import _
from .problems import ContentError, Problem, format_path
from .resources import schema_dir

FILE = "glosarium.yml"
PAGE = "glosarium.md"


def source(template_dirs: list[Path]) -> Path | None:
    """The glossary in use: the project's own before the tool's."""
    return next((d / FILE for d in template_dirs if (d / FILE).is_file()), None)


def load(template_dirs: list[Path], root: Path | None = None) -> list[dict]:
    """The terms, in the file's order; ContentError (located) when the file is not valid."""
    path = source(template_dirs)
    if path is None:
        return []
    return _load(path, path.stat().st_mtime_ns, _display(path, root))


def _display(path: Path, root: Path | None) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve())) if root else str(path)
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _load(path: Path, mtime: int, display: str) -> list[dict]:
    from jsonschema import Draft202012Validator

    from .loader import load_file
    from .validate import _message

    loaded = load_file(path, display)
    schema = json.loads((schema_dir() / "glosarium.schema.json").read_text(encoding="utf-8"))
    problems = []
    for error in sorted(Draft202012Validator(schema).iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path))):
        where, message, _key = _message(error, loaded)
        line, col = loaded.position(where)
        problems.append(Problem(display, line, col, format_path(where), message))
    terms = (loaded.data or {}).get("istilah", []) if isinstance(loaded.data, dict) else []
    seen: dict = {}
    for index, term in enumerate(terms if not problems else []):
        for key in ("id", "singkatan"):
            value = term.get(key)
            if value is None:
                continue
            if (key, value.lower()) in seen:
                line, col = loaded.position(("istilah", index, key))
                problems.append(Problem(display, line, col, format_path(("istilah", index, key)),
                                        _("{key} '{value}' sudah dipakai istilah ke-{number}").format(key=key, value=value, number=seen[(key, value.lower())] + 1)))
            seen.setdefault((key, value.lower()), index)
    if problems:
        raise ContentError(problems)
    return [dict(term) for term in terms]
