"""Hostile bytes instead of a content file: `lkjip validate` refuses each one quickly and cleanly.

Each case writes one hostile file over content/2025/laporan.yaml in a copy of the project and
runs `lkjip validate`. It must exit 1 with a message naming the file and the line and print no
traceback, however the file was built to make a YAML parser crash, hang or eat memory. How fast
each is refused (the issue asks for under 2 seconds) is measured by `python benchmark.py --hostile`,
not here: a timed test fails on a loaded machine, not on slow code.
"""
from __future__ import annotations

import itertools
import string

import pytest

from lkjip.build import Project
from lkjip.cli import main
from lkjip.loader import MAX_EVENTS
from tests.conftest import copy_project

TARGET = "content/2025/laporan.yaml"


def _original(project: Project) -> bytes:
    return (project.content / "2025" / "laporan.yaml").read_bytes()


def bom(original: bytes):
    return b"\xef\xbb\xbf" + original, 1, "berkas diawali tanda urutan bita (BOM)"


def not_utf8(original: bytes):
    data = original.replace(b"tempat: Jambi", b"tempat: Jamb\xe9", 1)  # Latin-1 "é"
    line = data[: data.index(b"\xe9")].count(b"\n") + 1
    return data, line, "bita 0xe9 bukan UTF-8 yang sah"


def twenty_megabytes(original: bytes):
    data = original + b"#" + b"x" * (20 * 1024 * 1024) + b"\n"
    return data, 1, f"berkas berukuran {len(data):,} bita; batasnya".replace(",", ".")


def billion_laughs(original: bytes):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return ("\n".join(lines) + "\n").encode(), 1, "tanda '&a' (anchor YAML, untuk memakai ulang nilai) tidak diperbolehkan"


def deep_flow(original: bytes):
    return ("x: " + "[" * 10_000 + "]" * 10_000 + "\n").encode(), 1, "susunan bertingkat lebih dalam dari"


def deep_block(original: bytes):
    # compact nested block sequences: "- - - ... a", 10,000 levels on one line
    return ("x:\n" + "- " * 10_000 + "a\n").encode(), 2, "susunan bertingkat lebih dalam dari"


def many_keys(original: bytes):
    names = ("".join(p) for n in (1, 2, 3, 4) for p in itertools.product(string.ascii_lowercase, repeat=n))
    data = "".join(f"{name}: 1\n" for name in itertools.islice(names, 200_000)).encode()
    return data, MAX_EVENTS // 2, "nilai YAML; pecah berkasnya"  # two values (key and value) a line


CASES = [
    pytest.param(bom, id="bom"),
    pytest.param(not_utf8, id="not-utf8"),
    pytest.param(twenty_megabytes, id="20-mb"),
    pytest.param(billion_laughs, id="billion-laughs"),
    pytest.param(deep_flow, id="nesting-10000-flow"),
    pytest.param(deep_block, id="nesting-10000-block"),
    pytest.param(many_keys, id="200000-keys"),
]


@pytest.mark.parametrize("make", CASES)
def test_hostile_file_is_refused(make, tmp_path, capsys):
    project = Project(copy_project(tmp_path / "p"))
    data, line, message = make(_original(project))
    (project.root / TARGET).write_bytes(data)
    code = main(["--root", str(project.root), "validate"])
    out, err = capsys.readouterr()
    output = out + err
    assert code == 1, output[:2000]
    assert "Traceback" not in output
    lines = [text for text in output.splitlines() if text.startswith(f"{TARGET}:{line}:")]
    assert any(message in text for text in lines), output[:2000]


def test_narrative_of_unmatched_brackets_renders_as_text():
    """Python-Markdown spends quadratic time on unmatched '['; the largest narrative the schema
    allows (200,000 characters) of them must render at once, as the brackets themselves."""
    from lkjip.render import narasi

    html = narasi("[" * 100_000 + "]" * 100_000)
    assert html.count("[") == 100_000 and html.count("]") == 100_000
    mixed = narasi('Lihat [situs](https://contoh.go.id "Pendaftaran online = gratis"), [catatan] dan `a[0]`.')
    assert '<a href="https://contoh.go.id" title="Pendaftaran online = gratis"' in mixed
    assert "[catatan]" in mixed and "<code>a[0]</code>" in mixed


def test_a_paragraph_of_thousands_of_formatting_marks_is_shown_as_typed():
    """'*a*a*a…' or '`a`a`a…' over 80 KB made thousands of emphasis or code spans, whose layout in
    Markdown and WeasyPrint is quadratic (the build took minutes): over 500 marks, a paragraph is
    shown as typed, with no inline element; ordinary paragraphs beside it keep their formatting."""
    from lkjip.render import narasi

    html = narasi("*a" * 40_000 + "\n\n" + "`a" * 40_000 + "\n\nBiasa *tebal* dan `kode`.")
    assert "<em>a</em>" not in html and "<code>a</code>" not in html
    assert ("*a" * 99) in html.replace("\u200b", "") and ("`a" * 99) in html.replace("\u200b", "")
    assert "<em>tebal</em>" in html and "<code>kode</code>" in html


def test_a_run_without_spaces_gets_break_opportunities_and_links_stay_whole():
    from lkjip.render import narasi

    html = narasi("x" * 450 + " [situs](https://contoh.go.id/" + "a" * 250 + ")")
    assert html.count("\u200b") == 4  # after every 100 characters of the run of 450
    assert 'href="https://contoh.go.id/' + "a" * 250 + '"' in html


@pytest.mark.parametrize("text, kept", [
    ("<https://contoh.go.id/" + "a" * 250 + ">", 'href="https://contoh.go.id/' + "a" * 250 + '"'),  # an autolink
    ("https://contoh.go.id/" + "a" * 250, "https://contoh.go.id/" + "a" * 250),  # an address written as text, copied whole
    ("x" * 98 + "&amp;" + "y" * 200, "&amp;"),  # never inside an entity
    ("x" * 99 + "**tebal**" + "y" * 200, "<strong>tebal</strong>"),  # never inside Markdown's marks
    ("    " + "k" * 300, "<code>" + "k" * 300),  # an indented code block
])
def test_break_opportunities_never_enter_links_addresses_entities_marks_or_code(text, kept):
    from lkjip.render import narasi

    html = narasi(text)
    assert kept in html.replace("\u200b", "")  # the markup itself intact
    if "href" in kept or "://" in text or "&amp;" in kept or "<code>" in kept:
        assert kept in html  # these untouched, character for character
