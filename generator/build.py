"""Stage 5, build: write the generated pages and run MkDocs, never leaving a half-written result.

`generate` validates and renders everything in memory first, then swaps the new docs folder in;
`build` runs `mkdocs build --strict` into a temporary folder and swaps it in as `site/` only
when MkDocs succeeded, so a failure leaves the previous site exactly as it was.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from . import checks, compute, render
from .problems import ERROR, ContentError, Problem
from .validate import validate_content


@dataclass(frozen=True)
class Project:
    """Where things are, relative to the project root."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def schema(self) -> Path:
        return self.root / "schema"

    @property
    def templates(self) -> Path:
        return self.root / "site_templates"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def docs(self) -> Path:
        return self.build / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def generated_config(self) -> Path:
        return self.build / "mkdocs.yml"


def load_and_validate(project: Project) -> tuple[list, list[Problem]]:
    """Stages 1-2. Raises ContentError when there is any error; returns warnings otherwise."""
    years, problems = validate_content(project.content, project.schema, project.root)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ContentError(problems)
    return years, problems


def year_report(year, previous=None):
    """Stage 3 for one validated year: computed figures and data-quality findings with their locations.
    `previous` is last year's report, whose IKU a year's comparison needs when last year is partial."""
    files = {kind: loaded.data for kind, loaded in year.files.items()}

    def position(kind, path):
        loaded = year.files[kind]
        line, col = loaded.position(path)
        return f"{loaded.path}:{line}:{col}"

    try:
        if year.partial:
            report = compute.compute_partial(year.year, files)
            report.temuan = checks.run_partial_checks(report, position)
            return report
        rows = previous.rows if previous is not None and previous.sebagian else None
        report = compute.compute_report(year.year, files, rows)
        report.temuan = checks.run_checks(report, position)
    except (KeyError, IndexError, TypeError, ValueError, ArithmeticError) as exc:
        # valid by every schema and rule, yet not computable: say where, never a traceback
        raise ContentError([Problem(f"content/{year.year}", 1, 1, "",
                                    f"the report cannot be computed from this content ({type(exc).__name__}: {exc}); "
                                    "check that every reference points at the right kind of item")]) from None
    if previous is not None and not previous.sebagian:
        report.sebelumnya = previous
    return report


def reports_of(years) -> list:
    """Stage 3 for every year, oldest first, each linked to the year before it when the content holds it."""
    reports = []
    for year in years:
        previous = reports[-1] if reports and reports[-1].tahun == year.year - 1 else None
        reports.append(year_report(year, previous))
    return reports


def all_reports(project: Project) -> list:
    """Stages 1-3 for every report year, oldest first (complete and partial years)."""
    years, _ = load_and_validate(project)
    return reports_of(years)


def latest_report(project: Project) -> compute.Report:
    """The newest complete report year."""
    return [r for r in all_reports(project) if not r.sebagian][-1]


def last_changes(project: Project, years: list[int]) -> dict:
    """{year: {kind: 'YYYY-MM-DD'}}: the date of the last commit that touched each content file.
    The same commit always gives the same dates; files git does not track get none."""
    dates: dict = {}
    for year in years:
        for kind in ("laporan", "organisasi", "perencanaan", "anggaran", "program", "kinerja", "iku"):
            path = f"content/{year}/{kind}.yaml"
            try:
                out = subprocess.run(["git", "-C", str(project.root), "log", "-1", "--format=%cs", "--", path],
                                     capture_output=True, text=True, check=False, timeout=30)
            except (OSError, subprocess.SubprocessError):
                return {}
            if out.returncode == 0 and out.stdout.strip():
                dates.setdefault(year, {})[kind] = out.stdout.strip()
    return dates


def render_site(project: Project) -> tuple[dict[str, str], list]:
    """Stages 1-4: every generated file (path -> text) and the navigation, nothing written yet."""
    reports = all_reports(project)
    if not any(not r.sebagian for r in reports):
        raise ContentError([Problem("content", 1, 1, "", "no complete report year: at least one year needs all six content files")])
    history = last_changes(project, [r.tahun for r in reports])
    try:
        pages = render.render_pages(reports, project.templates / "pages", history)
    except jinja2.TemplateError as exc:
        # valid content the templates cannot show: a located message, never a traceback
        where = f"{exc.filename}:{exc.lineno}" if getattr(exc, "filename", None) else "site_templates"
        raise ContentError([Problem("content", 1, 1, "", f"the pages cannot be rendered from this content: {exc} ({where})")]) from None
    return pages, render.nav(reports)


def site_config(project: Project, nav: list) -> str:
    """A standalone mkdocs.yml for the generated folder: the project's config plus the navigation."""
    config = yaml.safe_load(project.config.read_text(encoding="utf-8"))
    config["docs_dir"] = "docs"
    config["site_dir"] = "../site"
    theme = config.get("theme") or {}
    if isinstance(theme, dict) and theme.get("custom_dir"):  # paths in a config are relative to the config file
        theme["custom_dir"] = os.path.relpath(project.root / theme["custom_dir"], project.build)
    config["nav"] = nav
    header = "# Generated by `lkjip generate` from ../mkdocs.yml and content/. Do not edit.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)


def _write_tree(target: Path, pages: dict[str, str], assets: Path) -> None:
    for relative, text in sorted(pages.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if assets.is_dir():
        shutil.copytree(assets, target / "assets", dirs_exist_ok=True)


def _swap_in(new: Path, final: Path) -> None:
    """Replace `final` by `new` with two renames, so readers never see a half-written folder."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    new.rename(final)
    if old.exists():
        shutil.rmtree(old)


def generate(project: Project) -> Path:
    """`lkjip generate`: validated, computed, rendered pages into build/docs plus build/mkdocs.yml."""
    pages, nav = render_site(project)
    config = site_config(project, nav)
    project.build.mkdir(parents=True, exist_ok=True)
    staging = project.build / f".docs-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    try:
        _write_tree(staging, pages, project.templates / "assets")
        _swap_in(staging, project.docs)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    project.generated_config.write_text(config, encoding="utf-8")
    return project.docs


def sync_docs(project: Project) -> list[str]:
    """Regenerate in place, touching only files that changed (for live preview). Returns changed paths."""
    pages, nav = render_site(project)
    changed = []
    project.docs.mkdir(parents=True, exist_ok=True)
    for relative, text in sorted(pages.items()):
        path = project.docs / relative
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(relative)
    for path in sorted(p for p in project.docs.rglob("*") if p.is_file() and "assets" not in p.relative_to(project.docs).parts):
        if str(path.relative_to(project.docs)) not in pages:
            path.unlink()
            changed.append(str(path.relative_to(project.docs)))
    assets = project.templates / "assets"
    if assets.is_dir():
        shutil.copytree(assets, project.docs / "assets", dirs_exist_ok=True)
    config = site_config(project, nav)
    if not project.generated_config.exists() or project.generated_config.read_text(encoding="utf-8") != config:
        project.generated_config.write_text(config, encoding="utf-8")
    return changed


class BuildError(Exception):
    """MkDocs failed; carries its output."""


def source_date_epoch(root: Path) -> str | None:
    """Time of the last commit, so that the sitemap is the same for every build of one commit."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    value = out.stdout.strip()
    return value if value.isdigit() else None


def mkdocs_build(project: Project) -> Path:
    """`mkdocs build --strict` of the generated folder into a temporary folder, swapped in as site/."""
    staging = project.root / f".site-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if "SOURCE_DATE_EPOCH" not in env:
        epoch = source_date_epoch(project.root)
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.generated_config), "-d", str(staging)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or "WARNING" in output or "ERROR" in output:
        if staging.exists():
            shutil.rmtree(staging)
        raise BuildError(output or f"mkdocs exited with {result.returncode}")
    unsafe = scan_site(staging)
    if unsafe:
        shutil.rmtree(staging)
        raise BuildError("unsafe output, not published:\n" + "\n".join(unsafe))
    _swap_in(staging, project.site)
    return project.site


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_FORBIDDEN_IN_ARTICLE = (
    (re.compile(r"<\s*(script|iframe|object|embed|style|form|base|meta|link)\b", re.I), "element <{0}>"),
    (re.compile(r"<[^>]+\s(on[a-z]+)\s*=", re.I), "event-handler attribute {0}="),
    (re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*(javascript|vbscript|data):", re.I), "{0}: URL"),
)
_THIRD_PARTY = re.compile(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*\s(?:src|href)\s*=\s*[\"']?\s*((?:[a-z][a-z0-9+.-]*:)?[/\\]{2}[^\"'\s>]*)", re.I)


def scan_site(folder: Path) -> list[str]:
    """Last wall before publishing: no script, event handler or javascript: URL inside page content,
    and no request to another host anywhere. Returns the problems found (empty when safe)."""
    problems = []
    for path in sorted(folder.rglob("*.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        relative = path.relative_to(folder)
        for article in _ARTICLE.findall(html):
            for pattern, label in _FORBIDDEN_IN_ARTICLE:
                for match in pattern.finditer(article):
                    problems.append(f"{relative}: {label.format(match.group(1).lower())} in page content")
        for match in _THIRD_PARTY.finditer(html):
            problems.append(f"{relative}: request to another host: {match.group(1)}")
    return problems


def build(project: Project) -> Path:
    """`lkjip build`: validate, compute, render, then MkDocs. site/ changes only on success."""
    generate(project)
    return mkdocs_build(project)
