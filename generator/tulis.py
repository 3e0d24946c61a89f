"""Writing content YAML that the strict loader reads back to exactly the same values.

Exact decimals are written as plain numbers (`886478597.50`), text that YAML 1.1 would read as
something else (`"1.1"`, `"2026-01-14"`, `"yes"`) is quoted, narrative is a `|` block, small
mappings of scalars stay on one line, and no anchors or aliases are ever written.
"""
from __future__ import annotations

from decimal import Decimal

import yaml


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True

    def increase_indent(self, flow=False, indentless=False):  # lists indented under their key
        return super().increase_indent(flow, False)


def _decimal(dumper, value: Decimal):
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _text(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _Plain(str):
    """A mapping key that YAML 1.1 would read as a number (a year: 2025) but our loader reads as
    text anyway: written without quotes, as people write it."""


def _plain_key(dumper, value):
    return dumper.represent_scalar("tag:yaml.org,2002:int", str(value))


def _mapping(dumper, value: dict):
    value = {(_Plain(k) if isinstance(k, str) and k.isdigit() and not k.startswith("0") else k): v for k, v in value.items()}
    flat = all(not isinstance(v, (dict, list)) and not (isinstance(v, str) and "\n" in v) for v in value.values())
    short = flat and len(value) <= 8 and sum(len(str(k)) + len(str(v)) for k, v in value.items()) < 160
    return dumper.represent_mapping("tag:yaml.org,2002:map", value, flow_style=bool(short and value))


def _sequence(dumper, value: list):
    flat = all(not isinstance(v, (dict, list)) for v in value) and all("\n" not in str(v) for v in value)
    short = flat and sum(len(str(v)) + 2 for v in value) < 100
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(short and value))


_Dumper.add_representer(_Plain, _plain_key)
_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)
_Dumper.add_representer(dict, _mapping)
_Dumper.add_representer(list, _sequence)


def dump(data, schema: str | None = None, comment: str | None = None) -> str:
    """YAML text for `data`; `schema` adds the editor line that names the file's JSON Schema."""
    head = ""
    if schema:
        head += f"# yaml-language-server: $schema={schema}\n"
    if comment:
        head += "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000, indent=2)
    return head + body
