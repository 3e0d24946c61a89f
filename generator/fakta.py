"""Facts shared by several indicators, defined once (kinerja.yaml `fakta`) and referenced.

A population such as "jumlah pencari kerja terdaftar" is often the denominator of an IKU, of a
program indicator and of a kegiatan indicator. The content defines it once, with an id and (when
the document is consistent) its value; each indicator names it in `rumus.fakta`
(`{penyebut: penduduk-usia-kerja}`) and leaves the figure out of its `realisasi`. Where the document
gives the same fact different values, each use keeps the value it states and the data-quality check
reports the disagreement (checks.rule_same_fact).

Filling runs after the references are checked and before the rules, on the loaded data, so that every
later stage sees plain numbers. A value the file itself types is never replaced; a filled one is
filled again from the current definition at every validation (the preview keeps parsed files).
"""
from __future__ import annotations

from .i18n import _
from .problems import Problem, format_path

USES = ("pembilang", "penyebut", "nilai_awal", "nilai_akhir", "nilai")


def definitions(kinerja: dict) -> dict:
    """id -> the fact's definition."""
    return {fact["id"]: fact for fact in (kinerja or {}).get("fakta", []) or [] if isinstance(fact, dict) and "id" in fact}


def indicator_uses(year):
    """(file kind, path of the indicator, indicator) of every indicator whose rumus names shared facts."""
    from .rules import _indicators_with_facts

    for kind, path, indicator in _indicators_with_facts(year):
        if isinstance(indicator["rumus"].get("fakta"), dict):
            yield kind, path, indicator


def typed(loaded, value_path: tuple) -> bool:
    """The file itself writes this figure (not filled from a shared fact)."""
    return value_path in loaded.value_marks


def fill(year) -> list[Problem]:
    """Put each referenced fact's value where its use leaves it out; problems for what cannot be."""
    kinerja = year.files.get("kinerja")
    facts = definitions(kinerja.data if kinerja else {})
    problems = []
    for kind, path, indicator in list(indicator_uses(year)):
        loaded = year.files[kind]
        for part, ident in indicator["rumus"]["fakta"].items():
            where = path + ("rumus", "fakta", part)
            fact = facts.get(ident)
            if fact is None:
                line, col = loaded.position(where)
                problems.append(Problem(loaded.path, line, col, format_path(where),
                                        _("'{ident}' bukan fakta bersama; fakta didefinisikan di kinerja.yaml, bagian fakta").format(ident=ident)))
                continue
            if typed(loaded, path + ("realisasi", part)):  # the document's own figure for this use
                continue
            if "nilai" not in fact:  # not known yet (a draft), or stated differently per use: the rules on realisasi speak
                _unfill(loaded, indicator, path, part)
                continue
            realisasi = indicator.get("realisasi")
            if not isinstance(realisasi, dict):
                realisasi = indicator["realisasi"] = {}
            realisasi[part] = fact["nilai"]
    return problems


def _unfill(loaded, indicator: dict, path: tuple, part: str) -> None:
    """Take back a value filled at an earlier validation of a file the preview keeps, now that the
    fact has none: the file then reads as a fresh load of it does."""
    realisasi = indicator.get("realisasi")
    if not isinstance(realisasi, dict) or typed(loaded, path + ("realisasi", part)):
        return
    realisasi.pop(part, None)
    if not realisasi and path + ("realisasi",) not in loaded.value_marks:
        del indicator["realisasi"]
