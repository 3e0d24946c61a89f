"""Zensical, the successor of Material for MkDocs, builds the generated folder as it is: the same
pages, and the same safety scan before the site is swapped in (`lkjip build --builder zensical`)."""
import importlib.util

import pytest

from lkjip.build import Project, build

from .conftest import copy_project

pytestmark = pytest.mark.skipif(importlib.util.find_spec("zensical") is None, reason="zensical is not installed")


def test_zensical_builds_the_same_pages(built_site, tmp_path):
    project = Project(copy_project(tmp_path / "z"))
    site = build(project, "zensical")
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert pages == {p.relative_to(built_site.site).as_posix() for p in built_site.site.rglob("index.html")}
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Rp 10.036.268.000,00" in home.replace("\u00a0", " ") and "135,49%" in home
    assert not (project.build / "site").exists()  # Zensical's own output folder was moved into place
