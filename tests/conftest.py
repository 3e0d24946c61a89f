"""Shared fixtures: the real project, and throwaway copies of it for tests that break or build it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import Project, latest_report

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """A copy of everything a build needs (not the venv, not earlier output)."""
    for name in ("content", "schema", "site_templates"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture(scope="session")
def report():
    """The computed 2025 report from the shipped content."""
    return latest_report(Project(ROOT))


@pytest.fixture()
def project_copy(tmp_path) -> Project:
    return Project(copy_project(tmp_path / "proj"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Project:
    """The shipped content built once into a copy of the project, as `lkjip build` does."""
    from generator.build import build

    project = Project(copy_project(tmp_path_factory.mktemp("site") / "proj"))
    build(project)
    return project
