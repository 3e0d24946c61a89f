"""The corpus of bad content (tests/bad_content/*.yaml): one problem each.

Each case names a content file (of report year `tahun`, 2025 unless said; `tahun: null` for a file
outside the year folders, such as content/instansi.yaml), an exact piece of its text to find (once) and what to put
instead, and the message expected: file, line, field and message text. An empty field ("") is for
problems the loader reports by position only, with no field (YAML syntax errors, tabs). Every case must make
`lkjip validate` and `lkjip build` exit 1 with that message, print no traceback, and leave the
previously built site exactly as it was.
"""
import hashlib
from pathlib import Path

import pytest
import yaml

from lkjip.build import Project, build
from lkjip.cli import main
from tests.conftest import copy_project

CASES = sorted((Path(__file__).parent / "bad_content").glob("*.yaml"))


def load_case(path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) >= {"deskripsi", "file", "cari", "ganti", "harapan"}, path.name
    return case


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def site_project(tmp_path_factory):
    project = Project(copy_project(tmp_path_factory.mktemp("bad") / "proj"))
    build(project)
    return project


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case_path", CASES, ids=[p.stem for p in CASES])
def test_bad_content_case(case_path, site_project, capsys):
    case = load_case(case_path)
    tahun = case.get("tahun", 2025)
    relative = case["file"] if tahun is None else f"{tahun}/{case['file']}"
    target = site_project.content / relative
    original = target.read_bytes()
    text = original.decode("utf-8")
    assert text.count(case["cari"]) == 1, f"{case_path.name}: 'cari' must occur exactly once in {case['file']}"
    start = text.index(case["cari"])
    expected_line = text.count("\n", 0, start) + 1 + case["harapan"].get("baris_geser", 0)
    before = digest(site_project.site)
    try:
        target.write_bytes(text.replace(case["cari"], case["ganti"]).encode("utf-8"))
        for command in ("validate", "build"):
            code = main(["--root", str(site_project.root), command])
            out, err = capsys.readouterr()
            output = out + err
            assert code == 1, f"{command}: exit {code}\n{output}"
            assert "Traceback" not in output
            prefix = f"content/{relative}:{expected_line}:"
            field = case["harapan"]["field"]
            lines = [line for line in output.splitlines()
                     if line.startswith(prefix) and (f": {field}: " in line if field else True)]
            assert lines, f"{command}: no message at {prefix} for field {field!r}\n{output}"
            assert any(case["harapan"]["pesan"] in line for line in lines), f"{command}: {lines}"
        assert digest(site_project.site) == before
    finally:
        target.write_bytes(original)
