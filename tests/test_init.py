"""`lkjip init`: a new agency's repository that validates and builds at once, from the installed
package alone (not from this source tree), and holds nothing of the shipped report."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lkjip.cli import main

from .conftest import ROOT


def _files(folder: Path) -> set:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_init_makes_a_repository_that_validates_and_builds(tmp_path, capsys):
    target = tmp_path / "laporan-kinerja"
    assert main(["init", str(target), "--tahun", "2026"]) == 0
    files = _files(target)
    assert {"content/instansi.yaml", "content/2026/laporan.yaml", "mkdocs.yml", "README.md", ".gitignore", ".vscode/settings.json",
            ".pre-commit-config.yaml", ".github/workflows/lkjip.yml", "schema/laporan.schema.json", "schema/README.md"} <= files
    assert (target / ".github/workflows/lkjip.yml").read_bytes() == (ROOT / ".github/workflows/lkjip.yml").read_bytes()
    assert "tahun: 2026" in (target / "content/2026/laporan.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(target), "validate"]) == 0
    assert main(["--root", str(target), "build"]) == 0
    capsys.readouterr()
    home = (target / "site/index.html").read_text(encoding="utf-8")
    assert "Nama Instansi" in home and "rancangan" in home.lower()
    assert (target / "site/2026/akuntabilitas/index.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "catatan.txt").write_text("milik saya", encoding="utf-8")
    assert main(["init", str(tmp_path / "x")]) == 1
    assert "sudah berisi" in capsys.readouterr().err
    assert _files(tmp_path / "x") == {"catatan.txt"}


def test_the_scaffold_names_nothing_of_the_shipped_report(tmp_path):
    main(["init", str(tmp_path / "x"), "--tahun", "2026"])
    for path in (tmp_path / "x").rglob("*"):
        if path.is_file() and path.parent.name != "schema":
            text = path.read_text(encoding="utf-8").lower()
            assert "jambi" not in text and "koperasi" not in text, path


@pytest.mark.skipif(os.environ.get("LKJIP_SKIP_INSTALL") == "1", reason="installation test switched off")
def test_an_installed_package_builds_a_new_repository_without_this_source_tree(tmp_path):
    """pip install (not editable) into a folder, then init and build with only that on the path:
    every schema, template, asset and scaffold file the tool needs is inside the package."""
    source, target = tmp_path / "sumber", tmp_path / "paket"
    for name in ("generator", "schema", "site_templates"):  # a copy: setuptools writes build files into the tree it installs
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(source)], check=True,
                   cwd=tmp_path, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = [sys.executable, "-c", "import sys; from lkjip.cli import main; sys.exit(main(sys.argv[1:]))"]
    where = subprocess.run([sys.executable, "-c", "import lkjip; print(lkjip.__file__)"], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(target)), where.stdout
    repo = tmp_path / "repo"
    for args in (["init", str(repo), "--tahun", "2027"], ["--root", str(repo), "build"]):
        done = subprocess.run(run + args, env=env, cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "site/2027/index.html").is_file()
