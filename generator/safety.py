"""Text from content that could become markup or script on the site is refused at the source.

Escaping every value (render) and sanitising narrative (nh3) are the walls that make the site safe;
this is the first one, and it reads meaning rather than characters: `realisasi < target` is prose,
`<b>` is HTML; "pemrograman JavaScript: 16 peserta" is prose, `[x](javascript:...)` is a link.
Invisible characters (zero-width, word joiner, bidirectional overrides, tag characters, controls)
are refused because they make two names that look the same differ, or reorder what a reader sees.
"""
from __future__ import annotations

import html
import re

from .i18n import N_, _
from .loader import LoadedFile
from .problems import Problem, format_path

_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(\s[^<>]*)?/?>|<!--|<!\[CDATA\[|<\?|<![A-Za-z]")
_SCRIPT_URL = re.compile(r"(?i)(\]\(\s*<?|\]:\s*<?|<|\bhref\s*=\s*[\"']?|\bsrc\s*=\s*[\"']?)\s*(javascript|vbscript|data|file)\s*:")
_ATTRIBUTE_LIST = re.compile(r"\{\s*:|\{\s*[#.][A-Za-z_]|\{\s*[A-Za-z_-]+\s*=\s*[\"']")
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")

_NAMES = {"\u200b": N_("spasi lebar nol (U+200B)"), "\u200c": N_("pemisah lebar nol (U+200C)"), "\u200d": N_("penyambung lebar nol (U+200D)"),
          "\u2028": N_("pemisah baris (U+2028)"), "\u2029": N_("pemisah paragraf (U+2029)"), "\u2060": N_("penyambung kata (U+2060)"),
          "\ufeff": N_("tanda urutan bita (U+FEFF)")}


def _describe(char: str) -> str:
    if char in _NAMES:
        return _(_NAMES[char])
    code = f"{ord(char):04X}"
    if 0xE0000 <= ord(char) <= 0xE007F:
        return _("karakter tag tak terlihat (U+{code})").format(code=code)
    if 0x202A <= ord(char) <= 0x202E or 0x2066 <= ord(char) <= 0x2069:
        return _("karakter pembalik arah teks (U+{code})").format(code=code)
    return _("karakter kendali tak terlihat (U+{code})").format(code=code)


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def _written_offset(value: str, decoded_offset: int) -> int:
    """Where, in the text as written, the character at `decoded_offset` of its entity-decoded form
    stands: '&lt;b&gt;' decoded is '<b>'; its '<' is the '&' at 0 of the written text."""
    written = decoded = 0
    for entity in _ENTITY.finditer(value):
        plain = entity.start() - written  # characters before this entity, the same in both forms
        if decoded + plain > decoded_offset:
            break
        decoded, written = decoded + plain, entity.start()
        width = len(html.unescape(entity.group(0)))
        if decoded + width > decoded_offset:
            return written
        decoded, written = decoded + width, entity.end()
    return written + (decoded_offset - decoded)


def problems_in_text(value: str) -> list[tuple[int, str]]:
    """(offset in the text, message) for everything in one text that content may not hold."""
    found = []
    char = _INVISIBLE.search(value)
    if char:
        found.append((char.start(), _("{character} di dalam teks; hapus karakter itu (sering terbawa saat menyalin dari PDF atau web)").format(
            character=_describe(char.group(0)))))
    for text in (value, html.unescape(value)):  # as written, and as a browser would decode its entities
        tag = _TAG.search(text)
        if tag:
            found.append((tag.start() if text is value else _written_offset(value, tag.start()),
                          _("HTML tidak diperbolehkan dalam isi ('{html}'); tulis teks biasa (Markdown untuk narasi)").format(html=tag.group(0)[:40])))
            break
        url = _SCRIPT_URL.search(text)
        if url:
            found.append((url.start() if text is value else _written_offset(value, url.start()), _("tautan '{scheme}:' tidak diperbolehkan dalam isi").format(scheme=url.group(2).lower())))
            break
        attrs = _ATTRIBUTE_LIST.search(text)
        if attrs:
            found.append((attrs.start() if text is value else _written_offset(value, attrs.start()),
                          _("'{text}' tampak seperti daftar atribut Markdown, yang tidak diperbolehkan dalam isi").format(text=attrs.group(0))))
            break
    return found[:1]


def offset_position(loaded: LoadedFile, path: tuple, value: str, offset: int) -> tuple[int, int]:
    """Line and column of one character inside a scalar (block scalars start on the next line)."""
    line, col = loaded.position(path)
    raw = loaded.raw.get(path)
    before = value[:offset]
    newlines = before.count("\n")
    last = before.rsplit("\n", 1)[-1]
    lines = loaded.source.split("\n")
    if raw is None and 0 < line <= len(lines) and lines[line - 1][col - 1:col] in ("|", ">"):
        # a block scalar: its text starts on the line after the indicator, at the block's indentation
        target = line + 1 + newlines
        source_line = lines[target - 1] if target <= len(lines) else ""
        indent = len(source_line) - len(source_line.lstrip(" "))
        return target, indent + len(last) + 1
    if newlines:
        return line + newlines, len(last) + 1
    quoted = 0 if raw is not None else 1
    return line, col + quoted + offset


def unsafe_text(loaded: LoadedFile) -> list[Problem]:
    problems = []
    stack = [((), loaded.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
            for key in value:
                if isinstance(key, str) and _INVISIBLE.search(key):
                    line, col = loaded.position(path + (key,), at_key=True)
                    problems.append(Problem(loaded.path, line, col, format_path(path + (key,)), _("{character} di dalam nama kolom").format(character=_describe(_INVISIBLE.search(key).group(0)))))
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif isinstance(value, str):
            for offset, message in problems_in_text(value):
                line, col = offset_position(loaded, path, value, offset)
                problems.append(Problem(loaded.path, line, col, format_path(path), message))
    return sorted(problems)
