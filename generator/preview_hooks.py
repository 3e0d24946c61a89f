"""MkDocs hooks for `lkjip serve` only (the published build does not use them; Zensical ignores
hooks anyway). MkDocs makes a new theme environment for every rebuild, so every rebuild compiled
the theme's templates again and listed its thousands of icon files again, which was most of a
one-page rebuild. The serve process lives long: keep both in memory."""
from __future__ import annotations

import logging

from jinja2 import BytecodeCache, FileSystemLoader

_COMPILED: dict = {}
_LISTED: dict = {}
_list_templates = FileSystemLoader.list_templates


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates by name and source checksum: a changed template is compiled again."""

    def load_bytecode(self, bucket):
        code = _COMPILED.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        _COMPILED[bucket.key] = bucket.bytecode_to_string()


def _listed_once(self):
    """The installed theme's files do not change while serving; the project's theme folder may."""
    key = tuple(self.searchpath)
    if "site-packages" not in "".join(key):
        return _list_templates(self)
    if key not in _LISTED:
        _LISTED[key] = _list_templates(self)
    return list(_LISTED[key])


FileSystemLoader.list_templates = _listed_once


class _NoDirtyNotice(logging.Filter):
    """The preview is a dirty build by design; MkDocs' warning about it on every save is noise."""

    def filter(self, record):
        return "'dirty' build" not in record.getMessage()


logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyNotice())


def on_env(env, config, files):
    env.bytecode_cache = _MemoryBytecodeCache()
    return env
