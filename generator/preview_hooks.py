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
            """The installed theme's files do not change while serving, the project's theme folder
            may: list the first once per folder, the others every time."""
            found = set()
            for folder in self.searchpath:
                one = FileSystemLoader([folder], encoding=self.encoding, followlinks=self.followlinks)
                if "site-packages" not in str(folder):
                    found.update(original(one))
                    continue
                if folder not in state.listed:
                    state.listed[folder] = original(one)
                found.update(state.listed[folder])
            return sorted(found)

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
    same paths), wait 0.05 s, and rebuild only for a file written, made, moved or removed: the
    system also reports files merely read, and every rebuild reads them. Keep polling where
    notifications fail."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    try:
        observer = Observer()
    except Exception:  # noqa: BLE001 - polling still works
        return server

    class Changed(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.is_directory or event.event_type not in ("created", "modified", "moved", "deleted", "closed"):
                return
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    polling = server.observer
    for path in list(server._watched_paths):
        polling.unschedule(server._watch_refs[path])
        server._watch_refs[path] = observer.schedule(Changed(), path, recursive=True)
    server.observer = observer
    server.build_delay = 0.05
    return server
