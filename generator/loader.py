"""Stage 1, load: read a YAML content file into plain Python values, safely and with positions.

PyYAML's own constructors follow YAML 1.1, which turns `1.010` into the float 1.01, `0123` into
octal 83, `NO` into False and `1:30` into 90, silently accepts duplicate keys, and expands aliases
(the "billion laughs" bomb). This loader walks PyYAML's event stream itself (no recursion, so deep
nesting cannot crash it) and builds values with strict, predictable rules:

* plain `123` -> int, plain `123.45` -> Decimal (exact, never float), `true`/`false` -> bool,
  `null`/`~`/empty -> None; everything else, including `1.010.000`, `0123`, `1:30`, `yes`, dates,
  stays a string so that the schema reports it as the wrong type with a helpful hint;
* mapping keys are always their source text;
* anchors, aliases, explicit tags, duplicate keys, tabs, a byte-order mark, bytes that are not
  UTF-8, more than one document, files over MAX_BYTES and nesting deeper than MAX_DEPTH are errors.

Every value's position is recorded so that later stages can name file, line and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .i18n import DEFAULT, _, language
from .problems import ContentError, Problem, format_path, ribuan

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_EVENTS = 400_000  # a whole report year is about 10,000, a provincial program tree of 10,000 sub kegiatan about 120,000; this bounds the time spent on any input
# libyaml's parser is about 20 times faster than the pure-Python one and refuses runaway nesting by
# itself; both produce the same events with the same positions.
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+\Z")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass
class LoadedFile:
    """One content file: its data plus where each value and key stands in the source."""

    path: str
    data: object
    value_marks: dict = field(default_factory=dict)  # path tuple -> (line, col) of the value
    key_marks: dict = field(default_factory=dict)  # path tuple -> (line, col) of its key
    raw: dict = field(default_factory=dict)  # path tuple -> source text of a plain scalar
    source: str = ""  # the file's text, for positions inside a value

    def position(self, path: tuple, at_key: bool = False) -> tuple[int, int]:
        """Best known (line, col) for a path: the value, else its key, else the nearest parent."""
        path = tuple(path)
        while True:
            marks = (self.key_marks, self.value_marks) if at_key else (self.value_marks, self.key_marks)
            for table in marks:
                if path in table:
                    return table[path]
            if not path:
                return (1, 1)
            path = path[:-1]



def resolve_plain(text: str):
    """The value of an unquoted scalar under this project's strict rules."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return Decimal(text)
    return text


_SYNTAX = (
    ("while parsing a flow mapping", "saat membaca pemetaan {…}"),
    ("while parsing a flow sequence", "saat membaca daftar […]"),
    ("while parsing a block mapping", "saat membaca pemetaan bertingkat"),
    ("while parsing a block collection", "saat membaca daftar bertingkat"),
    ("while scanning a quoted scalar", "saat membaca teks bertanda kutip"),
    ("while scanning a simple key", "saat membaca kunci"),
    ("while scanning a block scalar", "saat membaca teks blok (|)"),
    ("while scanning a plain scalar", "saat membaca nilai"),
    ("while parsing a block node", "saat membaca nilai"),
    ("while scanning for the next token", "saat membaca"),
    ("while parsing a flow node", "saat membaca nilai"),
    ("did not find expected ',' or '}'", "tanda ',' atau '}' yang diharapkan tidak ditemukan (kurung kurawal belum ditutup?)"),
    ("did not find expected ',' or ']'", "tanda ',' atau ']' yang diharapkan tidak ditemukan (kurung siku belum ditutup?)"),
    ("did not find expected node content", "nilai yang diharapkan tidak ditemukan"),
    ("mapping values are not allowed in this context", "titik dua (:) tidak boleh di sini; beri tanda kutip pada teks yang memuat ': '"),
    ("expected ',' or '}', but got", "diharapkan ',' atau '}', tetapi tertulis"),
    ("expected ',' or ']', but got", "diharapkan ',' atau ']', tetapi tertulis"),
    ("mapping values are not allowed here", "titik dua (:) tidak boleh di sini; periksa indentasi, atau beri tanda kutip pada teks yang memuat ': '"),
    ("could not find expected ':'", "tanda ':' yang diharapkan tidak ditemukan"),
    ("did not find expected key", "kunci yang diharapkan tidak ditemukan; periksa indentasi"),
    ("did not find expected '-' indicator", "tanda '-' butir daftar yang diharapkan tidak ditemukan; periksa indentasi"),
    ("expected <block end>, but found", "diharapkan akhir blok, tetapi tertulis"),
    ("found unexpected end of stream", "berkas berakhir sebelum tanda kutip ditutup"),
    ("found character that cannot start any token", "ada karakter yang tidak dapat mengawali nilai (beri tanda kutip pada teksnya)"),
    ("found undefined alias", "alias tidak dikenal"),
    ("expected a comment or a line break, but found", "diharapkan komentar atau baris baru, tetapi tertulis"),
    ("found unknown escape character", "kode escape tidak dikenal di teks bertanda kutip dua"),
    ("found a tab character that violates indentation", "karakter tab merusak indentasi"),
    ("in \"<unicode string>\",", "di"),
)


def indonesian_syntax_error(detail: str) -> str:
    """PyYAML's syntax messages in plain Indonesian (known phrases; the rest is kept as it is);
    PyYAML's own English when English is asked for."""
    if language() != DEFAULT:
        return detail
    for english, indonesian in _SYNTAX:
        detail = detail.replace(english, indonesian)
    return detail


def _mark(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _problem(path: str, pos: tuple[int, int], message: str, field_path=()) -> Problem:
    return Problem(path, pos[0], pos[1], format_path(field_path), message)


def _decode(raw_bytes: bytes, display: str) -> str:
    if raw_bytes.startswith(b"\xef\xbb\xbf"):
        raise ContentError([_problem(display, (1, 1), _("berkas diawali tanda urutan bita (BOM); simpan sebagai UTF-8 tanpa BOM"))])
    try:
        return raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw_bytes[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ContentError([_problem(display, (line, col), _("bita 0x{byte} bukan UTF-8 yang sah; simpan berkas sebagai UTF-8").format(byte=f"{raw_bytes[exc.start]:02x}"))]) from None


def _check_tabs(text: str, display: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        col = line.find("\t")
        if col >= 0:
            problems.append(_problem(display, (number, col + 1), _("karakter tab; pakai spasi untuk indentasi dan di dalam nilai")))
    return problems


# characters the YAML reader refuses or reads as line breaks (U+2028/2029, NEL), found before parsing
# so that their line and column are exact
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def _check_characters(text: str, display: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _BAD_CHARACTERS.finditer(line):
            if match.group(0) == "\r" and match.end() == len(line):
                continue
            code = ord(match.group(0))
            problems.append(_problem(display, (number, match.start() + 1),
                                     _("karakter tak terlihat U+{code} tidak diperbolehkan; hapus karakter itu (sering terbawa saat menyalin dari PDF atau web)").format(code=f"{code:04X}")))
    return problems


def load_text(text: str, display: str) -> LoadedFile:
    """Parse YAML text into a LoadedFile, or raise ContentError with every problem found."""
    problems = _check_tabs(text, display) + _check_characters(text, display)
    if problems:
        raise ContentError(problems)
    builder = _Builder(display)
    try:
        for count, event in enumerate(yaml.parse(text, Loader=_PARSER)):
            if count > MAX_EVENTS:
                line, col = _mark(event.start_mark)
                builder.problems.append(_problem(display, (line, col), _("berkas memuat lebih dari {limit} nilai YAML; pecah berkasnya atau hapus yang tidak termasuk").format(limit=ribuan(MAX_EVENTS))))
                break
            builder.feed(event)
            if builder.fatal:
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _mark(mark) if mark else (1, 1)
        detail = "; ".join(part for part in (exc.context, exc.problem) if part)
        if "nesting depth" in detail:  # libyaml's own limit on runaway nesting
            builder.problems.append(_problem(display, pos, _("susunan bertingkat lebih dalam dari {limit} tingkat").format(limit=MAX_DEPTH)))
        else:
            builder.problems.append(_problem(display, pos, _("kesalahan penulisan YAML: {detail}").format(detail=indonesian_syntax_error(detail))))
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        builder.problems.append(_problem(display, (1, 1), _("kesalahan YAML: {detail}").format(detail=exc)))
    if builder.problems:
        raise ContentError(builder.problems)
    return LoadedFile(display, builder.root, builder.value_marks, builder.key_marks, builder.raw, text)


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read and parse one content file (bounded size, strict UTF-8)."""
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ContentError([_problem(display, (1, 1), _("berkas berukuran {size} bita; batasnya {limit} bita").format(size=ribuan(size), limit=ribuan(MAX_BYTES)))])
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise ContentError([_problem(display, (1, 1), _("berkas tidak dapat dibaca: {reason}").format(reason=exc.strerror))]) from None
    return load_text(_decode(raw_bytes, display), display)


class _Builder:
    """Builds Python values from PyYAML events with an explicit stack (no recursion)."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self.fatal = False
        self.root = None
        self.documents = 0
        self.stack: list[dict] = []  # frames: {"kind", "value", "path", "key", "key_pos", "seen"}
        self.value_marks: dict = {}
        self.key_marks: dict = {}
        self.raw: dict = {}

    def _fail(self, event, message: str, path=()) -> None:
        self.problems.append(_problem(self.display, _mark(event.start_mark), message, path))
        self.fatal = True

    def _check_node(self, event) -> bool:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._fail(event, _("tanda '&{anchor}' (anchor YAML, untuk memakai ulang nilai) tidak diperbolehkan; tulis nilainya lengkap di setiap tempat").format(anchor=anchor), self._current_path())
            return False
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self._fail(event, _("tanda '{tag}' (tag YAML) tidak diperbolehkan; hapus tanda itu dan tulis nilainya saja").format(tag=tag), self._current_path())
            return False
        return True

    def _current_path(self) -> tuple:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top["kind"] == "map":
            return top["path"] + ((top["key"],) if top["key"] is not None else ())
        return top["path"] + (len(top["value"]),)

    def _attach(self, event, value) -> tuple | None:
        """Attach a finished value to its parent; return its path (None if it was a mapping key)."""
        if not self.stack:
            self.root = value
            self.value_marks[()] = _mark(event.start_mark)
            return ()
        top = self.stack[-1]
        if top["kind"] == "seq":
            path = top["path"] + (len(top["value"]),)
            top["value"].append(value)
        else:
            path = top["path"] + (top["key"],)
            top["value"][top["key"]] = value
            top["key"] = None
        self.value_marks[path] = _mark(event.start_mark)
        return path

    def _expecting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1]["kind"] == "map" and self.stack[-1]["key"] is None

    def feed(self, event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(event, _("lebih dari satu dokumen YAML ('---') dalam satu berkas"))
        elif isinstance(event, yaml.AliasEvent):
            self._fail(event, _("tanda '*{anchor}' (alias YAML, merujuk nilai lain) tidak diperbolehkan; tulis nilainya lengkap di setiap tempat").format(anchor=event.anchor), self._current_path())
        elif isinstance(event, yaml.ScalarEvent):
            self._scalar(event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._start(event)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            self._attach_container(frame)

    def _scalar(self, event) -> None:
        if not self._check_node(event):
            return
        plain = not event.style  # None (Python parser) or "" (libyaml) for a plain scalar
        if self._expecting_key():
            self._key(event)
            return
        value = resolve_plain(event.value) if plain else event.value
        path = self._attach(event, value)
        if plain and path is not None:
            self.raw[path] = event.value

    def _key(self, event) -> None:
        top = self.stack[-1]
        key = event.value
        pos = _mark(event.start_mark)
        if key in top["seen"]:
            first = top["seen"][key]
            self.problems.append(_problem(self.display, pos, _("kunci '{key}' ditulis dua kali (pertama di baris {line})").format(key=key, line=first[0]), top["path"] + (key,)))
        top["seen"][key] = pos
        top["key"] = key
        self.key_marks[top["path"] + (key,)] = pos

    def _start(self, event) -> None:
        if not self._check_node(event):
            return
        if self._expecting_key():
            self._fail(event, _("pemetaan atau daftar tidak boleh dipakai sebagai kunci"), self._current_path())
            return
        if len(self.stack) >= MAX_DEPTH:
            self._fail(event, _("susunan bertingkat lebih dalam dari {limit} tingkat").format(limit=MAX_DEPTH), self._current_path())
            return
        is_map = isinstance(event, yaml.MappingStartEvent)
        frame = {"kind": "map" if is_map else "seq", "value": {} if is_map else [], "path": self._current_path(),
                 "key": None, "seen": {}, "event": event}
        self.stack.append(frame)

    def _attach_container(self, frame) -> None:
        parent_stack_top = self.stack[-1] if self.stack else None
        if parent_stack_top is None:
            self.root = frame["value"]
            self.value_marks[()] = _mark(frame["event"].start_mark)
        else:
            self._attach(frame["event"], frame["value"])
