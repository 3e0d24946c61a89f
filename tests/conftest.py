"""Shared fixtures: the real project, and throwaway copies of it for tests that break or build it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lkjip.build import Project, latest_report

ROOT = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """A copy of everything a build of the shipped content needs (not the venv, not earlier output).
    The tool's own schemas and templates come from the installed package."""
    shutil.copytree(ROOT / "content", target / "content")
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
    from lkjip.build import build

    project = Project(copy_project(tmp_path_factory.mktemp("site") / "proj"))
    build(project)
    return project
