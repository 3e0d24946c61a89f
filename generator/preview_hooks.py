"""MkDocs hooks for `lkjip serve` only (the published build does not use them; Zensical ignores
hooks anyway). MkDocs makes a new theme environment for every rebuild, so every rebuild compiled
the theme's templates again and listed its thousands of icon files again, which was most of a
one-page rebuild. The serve process lives long: keep both in memory.

MkDocs loads this file afresh with each configuration (every rebuild), so what must last lives in
one module object registered once in sys.modules, and the theme loader is patched only once."""
from __future__ import annotations

import logging
import sys
import types

from jinja2 import BytecodeCache, FileSystemLoader

_STATE_NAME = "lkjip._preview_state"


def _state() -> types.ModuleType:
    state = sys.modules.get(_STATE_NAME)
    if state is None:
        state = types.ModuleType(_STATE_NAME)
        state.compiled = {}
        state.listed = {}
        original = FileSystemLoader.list_templates

        def listed_once(self):
            """The installed theme's files do not change while serving; the project's theme folder may."""
            key = tuple(self.searchpath)
            if "site-packages" not in "".join(key):
                return original(self)
            if key not in state.listed:
                state.listed[key] = original(self)
            return list(state.listed[key])

        FileSystemLoader.list_templates = listed_once
        logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyNotice())
        sys.modules[_STATE_NAME] = state
    return state


class _NoDirtyNotice(logging.Filter):
    """The preview is a dirty build by design; MkDocs' warning about it on every save is noise."""

    def filter(self, record):
        return "'dirty' build" not in record.getMessage()


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates by name and source checksum: a changed template is compiled again."""

    def __init__(self, compiled: dict):
        self.compiled = compiled

    def load_bytecode(self, bucket):
        code = self.compiled.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket):
        self.compiled[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()


_state()  # before MkDocs lists the theme's files, which it does before any event of the build


def on_env(env, config, files):
    env.bytecode_cache = _MemoryBytecodeCache(_state().compiled)
    return env


def on_serve(server, config, builder):
    """MkDocs watches for changes by polling every 0.5 s and waits 0.1 s for quiet: a quarter of a
    second on average before a rebuild starts. Watch with the system's notifications instead (the
    same paths, the same callback), and wait 0.05 s; keep polling where notifications fail."""
    from watchdog.observers import Observer

    paths = dict(server._watched_paths)
    try:
        observer = Observer()
    except Exception:  # noqa: BLE001 - polling still works
        return server
    polling = server.observer
    for path in paths:
        polling.unschedule(server._watch_refs.pop(path))
    server._watched_paths.clear()
    server.observer = observer
    for path, count in paths.items():
        server.watch(path)
        server._watched_paths[path] = count
    server.build_delay = 0.05
    return server
