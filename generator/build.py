"""Stage 5, build: write the generated pages and run MkDocs, never leaving a half-written result.

`generate` validates, computes and renders everything in memory first, then swaps the new docs
folder in; `build` runs `mkdocs build --strict` into a temporary folder and swaps it in as `site/`
only when MkDocs succeeded, so a failure leaves the previous site exactly as it was.

The tool's own files (schemas, page templates, CSS, the default site configuration) come with the
installed package; a project may override templates and CSS in its own `site_templates/` and add
to the site configuration in its own `mkdocs.yml`.
"""
from __future__ import annotations

import copy
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import checks, compute, glosarium, kerangka, resources, tabel
from .i18n import _
from .problems import ERROR, ContentError, Problem, format_path
from .validate import validate_content


@dataclass(frozen=True)
class Project:
    """Where things are, relative to the project root."""

    root: Path

    def setting(self, name: str, default=None):
        """A setting of this tool in the project's mkdocs.yml, under `extra:` (MkDocs passes `extra`
        through to the theme and ignores what it does not use)."""
        try:
            own = yaml.safe_load(self.config.read_text(encoding="utf-8")) if self.config.is_file() else {}
        except (OSError, yaml.YAMLError):
            return default
        extra = (own or {}).get("extra") if isinstance(own, dict) else None
        return extra.get(name, default) if isinstance(extra, dict) else default

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def schema(self) -> Path:
        return resources.schema_dir()

    @property
    def local_templates(self) -> Path:
        return self.root / "site_templates"

    @property
    def template_dirs(self) -> list[Path]:
        """The project's own templates first (overrides), then the tool's."""
        dirs = [self.local_templates, resources.templates_dir()]
        unique = []
        for d in dirs:
            if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
                unique.append(d)
        return unique

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
    def preview_config(self) -> Path:
        return self.build / "mkdocs.preview.yml"

    @property
    def generated_config(self) -> Path:
        return self.build / "mkdocs.yml"


# --- stages 1-3 ---------------------------------------------------------------------------------

def load_and_validate(project: Project, cache: dict | None = None) -> tuple[list, list[Problem]]:
    """Stages 1-2, and stage 3 as a dry run so that `validate` refuses whatever `build` would.
    Raises ContentError when there is any error; returns (sites, warnings) otherwise."""
    agencies, problems = validate_content(project.content, project.schema, project.root, cache)
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise ContentError(problems)
    sites = [(agency, agency_reports(agency, cache)) for agency in agencies]
    glosarium.load(project.template_dirs, project.root)  # the site's glossary: refused here too, located
    return sites, problems


def _positions(year):
    def position(kind, path):
        loaded = year.files[kind]
        line, col = loaded.position(path)
        return f"{loaded.path}:{line}:{col}"
    return position


def _located(year, kind: str, path: tuple, message: str) -> ContentError:
    file, line, col = year.position(kind, path) if kind in year.files else (year.display, 1, 1)
    return ContentError([Problem(file, line, col, format_path(path), message)])


def _node_tables(report) -> list:
    """(path in program.yaml, [table specs]) of the budget tree's own tables, in tree order."""
    return [(node.path, node.data["tabel"]) for node in report.tree.nodes() if node.data.get("tabel")] if report.tree else []


def agency_reports(agency, cache: dict | None = None) -> list:
    """Stage 3 for every report year of one agency, oldest first: the computed model, its outline
    and tables, the data-quality findings (located) attached to the figures they are about.
    With `cache` (the live preview's), a year whose inputs (Agency.inputs_of) are unchanged keeps
    its computed report."""
    keys = [_year_inputs(agency, year) if cache is not None else None for year in agency.years]
    reports, fresh = [], set()
    for year, key in zip(agency.years, keys):
        if key is not None and key in cache:
            reports.append(cache[key])
            continue
        files = {kind: loaded.data for kind, loaded in year.files.items()}
        try:
            reports.append(compute.compute_report(year.year, files, agency.data, agency.slug))
        except (KeyError, IndexError, TypeError, ValueError, ArithmeticError) as exc:
            raise _located(year, "laporan", (), _("laporan ini tidak dapat dihitung dari isinya ({error}); "
                                                  "periksa bahwa setiap rujukan menunjuk ke jenis butir yang benar").format(
                error=f"{type(exc).__name__}: {exc}")) from None
        fresh.add(year.year)
    compute.link_years(reports)
    for year, report, key in zip(agency.years, reports, keys):
        if year.year in fresh:
            _complete_report(year, report)
            if key is not None:
                for old in [k for k in cache if k[:3] == key[:3]]:
                    del cache[old]
                cache[key] = report
    return reports


def _year_inputs(agency, year) -> tuple | None:
    inputs = agency.inputs_of(year.year)
    return ("laporan", agency.slug, year.year) + inputs if inputs is not None else None


def _complete_report(year, report) -> None:
    """A computed report's outline, tables and located findings (its neighbours linked already)."""
    report.outline = kerangka.build(report.laporan.get("kerangka") or [], _node_tables(report))
    for place in report.outline.tables:
        try:
            report.tables[place.id] = tabel.build(report, place.spec, place.id)
            report.tables[place.id].anchor = place.anchor
        except tabel.TableError as exc:
            raise _located(year, place.file, place.path, str(exc)) from None
        except (KeyError, IndexError, TypeError, ValueError, ArithmeticError) as exc:
            raise _located(year, place.file, place.path, _("tabel ini tidak dapat dibuat dari isi laporan ({error})").format(
                error=f"{type(exc).__name__}: {exc}")) from None
    if report.iku:
        summary = tabel.build(report, {"jenis": "capaian-iku", "kolom": ["indikator", "target", "realisasi", "capaian", "kategori"]}, "ringkasan-iku")
        summary.unduh = False
        main = next((p for p in report.outline.tables if p.spec["jenis"] == "capaian-iku" and p.nomor), None)
        summary.sama_dengan = main.nomor if main else None
        report.tables["ringkasan-iku"] = summary
    for iku in report.iku:
        report.tables.update({t.id: t for t in tabel.iku_tables(report, iku)})
    for node in report.tree.nodes() if report.tree else []:
        if node.tingkat != "bidang":
            report.tables.update({t.id: t for t in tabel.node_tables(node)})
    report.temuan = checks.run_checks(report, _positions(year))
    tabel.attach_findings(report)


def all_reports(project: Project, agency: str | None = None) -> list:
    """Every report year of every agency (or of the named one), oldest first."""
    sites, unused = load_and_validate(project)
    chosen = [reports for site, reports in sites if agency is None or site.slug == agency]
    if agency is not None and not chosen:
        raise ContentError([_no_agency(agency)])
    return [report for reports in chosen for report in reports]


def latest_report(project: Project, agency: str | None = None):
    """The newest complete report year (of the first agency, or the named one)."""
    sites, unused = load_and_validate(project)
    for site, reports in sites:
        if agency is None or site.slug == agency:
            complete = [r for r in reports if not r.sebagian] or reports
            return complete[-1]
    raise ContentError([_no_agency(agency)])


def _no_agency(agency: str) -> Problem:
    return Problem("content", 1, 1, "", _("instansi '{agency}' tidak ada").format(agency=agency))


def last_changes(project: Project, folders: list[Path]) -> dict:
    """{folder: {kind: 'YYYY-MM-DD'}}: the date of the last commit that touched each content file,
    from one `git log` over all of them. The same commit always gives the same dates."""
    try:
        out = subprocess.run(["git", "-C", str(project.root), "log", "--format=%x00%cs", "--name-only", "--", "content"],
                             capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if out.returncode != 0:
        return {}
    dates: dict = {}
    current = None
    for line in out.stdout.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line.strip() and current:
            dates.setdefault(line.strip(), current)  # newest first: keep the first date seen
    result: dict = {}
    for folder in folders:
        relative = folder.resolve().relative_to(project.root.resolve()).as_posix()
        for path, date in dates.items():
            if path.startswith(relative + "/") and path.count("/") == relative.count("/") + 1:
                result.setdefault(folder, {})[Path(path).stem] = date
    return result


# --- stage 4 and the site configuration ----------------------------------------------------------

class FileStore:
    """Files kept in a folder under build/.cache by the digest of what they are made of, so that
    an XLSX workbook or a PDF whose inputs did not change is not made again (the same bytes either
    way: the key covers every input). Files no run asked for are removed by forget_unused."""

    def __init__(self, folder: Path, suffix: str):
        self.folder = folder
        self.suffix = suffix
        self.used: set[str] = set()

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        try:
            return (self.folder / f"{key}{self.suffix}").read_bytes()
        except OSError:
            return None

    def __setitem__(self, key: str, data: bytes) -> None:
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.{os.getpid()}"
            temporary.write_bytes(data)
            temporary.replace(self.folder / f"{key}{self.suffix}")
        except OSError:
            pass  # a cache that cannot be written only costs time

    def forget_unused(self) -> None:
        if self.folder.is_dir():
            for path in self.folder.glob(f"*{self.suffix}"):
                if path.name[: -len(self.suffix)] not in self.used:
                    path.unlink(missing_ok=True)


def render_site(project: Project, cache: dict | None = None, pdf: bool = False) -> tuple[dict[str, str], list, dict]:
    """Stages 1-4: every generated file (path -> text), the navigation and the site's identity.
    `cache` is the live preview's memory between edits (unchanged years are not read or rendered again).
    With `pdf`, each year's PDF too (bytes), linked from its home pages."""
    from . import render

    sites, unused = load_and_validate(project, cache)
    if not any(reports for unused, reports in sites):
        raise ContentError([Problem("content", 1, 1, "", _("belum ada laporan untuk diterbitkan"))])
    history = last_changes(project, [year.directory for agency, unused in sites for year in agency.years])
    pdf_files = make_pdfs(project, sites) if pdf else {}
    try:
        workbooks = FileStore(project.build / ".cache" / "xlsx", ".xlsx")
        pages, nav, identity = render.render_all(sites, project.template_dirs, history, project.build / ".cache" / "jinja",
                                                 search_all_years=project.setting("cari_semua_tahun", False), cache=cache,
                                                 workbooks=workbooks, pdf_files=pdf_files)
        if cache is None:  # a whole generation asked for every workbook the site has
            workbooks.forget_unused()
    except render.RenderError as exc:
        raise ContentError([Problem("content", 1, 1, "", str(exc))]) from None
    pages.update({f.path: f.data for f in pdf_files.values()})
    for source, target in render.attachment_paths(sites):  # validated: regular files of their kind, bounded size
        pages[target] = source.read_bytes()
    return pages, nav, identity


def _merge(base: dict, override: dict) -> dict:
    result = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def site_config(project: Project, nav: list, identity: dict) -> str:
    """A standalone mkdocs.yml for the generated folder: the tool's default configuration, the
    project's own mkdocs.yml over it, the site's name from content, and the navigation."""
    base = yaml.safe_load((resources.templates_dir() / "mkdocs.base.yml").read_text(encoding="utf-8"))
    own = yaml.safe_load(project.config.read_text(encoding="utf-8")) if project.config.is_file() else {}
    config = _merge(base, own or {})
    config.setdefault("site_name", identity["site_name"])
    config.setdefault("site_description", identity["site_description"])
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config.setdefault("theme", {})["custom_dir"] = "theme"
    config["nav"] = nav
    header = "# Dibuat oleh `lkjip generate` dari isi laporan dan mkdocs.yml proyek. Jangan diubah.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)


def _write_tree(target: Path, pages: dict[str, str]) -> None:
    for relative, text in sorted(pages.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def _copy_overlay(project: Project, name: str, target: Path) -> None:
    """The tool's folder `name` (assets, theme), then the project's own files over it."""
    for folder in reversed(project.template_dirs):
        if (folder / name).is_dir():
            shutil.copytree(folder / name, target, dirs_exist_ok=True)


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


class PdfError(Exception):
    """The PDF could not be typeset (WeasyPrint or the libraries it needs are missing, or it failed)."""


def make_pdfs(project: Project, sites: list, catatan: bool = False, tahun: int | None = None) -> dict:
    """{(agency slug, year): pdf.PdfFile} of every published year (or of `tahun`)."""
    from . import pdf, render

    store = FileStore(project.build / ".cache" / "pdf", ".pdf")
    try:
        files = pdf.documents(sites, project.template_dirs, catatan, tahun, store)
        if tahun is None:
            store.forget_unused()
        return files
    except render.RenderError as exc:
        raise ContentError([Problem("content", 1, 1, "", str(exc))]) from None
    except (ImportError, OSError) as exc:
        raise PdfError(_("WeasyPrint tidak dapat dijalankan ({error}). Pasang dengan `pip install weasyprint`; "
                         "di Debian perlu juga `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`").format(
            error=f"{type(exc).__name__}: {exc}")) from None


def write_pdfs(project: Project, tahun: int | None = None, catatan: bool = False, keluar: Path | None = None,
               agency: str | None = None) -> list:
    """`lkjip pdf`: each published year's PDF into build/pdf/ (or one year's into `keluar`).
    Returns [(path written, pdf.PdfFile)]."""
    sites, unused = load_and_validate(project)
    chosen = [(site, reports) for site, reports in sites if agency is None or site.slug == agency]
    if agency is not None and not chosen:
        raise ContentError([_no_agency(agency)])
    published = [r.tahun for unused, reports in chosen for r in reports if not r.sebagian]
    if tahun is not None and tahun not in published:
        years = ", ".join(str(y) for y in sorted(set(published)))
        message = (_("tahun {tahun} tidak ada sebagai laporan lengkap; yang ada: {years}").format(tahun=tahun, years=years) if years
                   else _("tahun {tahun} tidak ada sebagai laporan lengkap; yang ada: tidak ada").format(tahun=tahun))
        raise ContentError([Problem("content", 1, 1, "", message)])
    if keluar is not None:
        if len(chosen) > 1:
            raise ContentError([Problem("content", 1, 1, "", _("--keluar menulis satu berkas: pilih instansinya dengan --instansi"))])
        tahun = tahun if tahun is not None else max(published, default=None)
    files = make_pdfs(project, chosen, catatan, tahun)
    written = []
    for pdf_file in files.values():
        target = keluar if keluar is not None else project.build / "pdf" / pdf_file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(f".{target.name}-{os.getpid()}")
        staging.write_bytes(pdf_file.data)
        staging.replace(target)
        written.append((target, pdf_file))
    return written


def generate(project: Project, pdf: bool = False) -> Path:
    """`lkjip generate`: validated, computed, rendered pages into build/docs plus build/mkdocs.yml
    (with `pdf`, as `lkjip build` does: each year's PDF beside its home page)."""
    pages, nav, identity = render_site(project, pdf=pdf)
    config = site_config(project, nav, identity)
    project.build.mkdir(parents=True, exist_ok=True)
    staging = project.build / f".docs-{os.getpid()}"
    theme = project.build / f".theme-{os.getpid()}"
    for folder in (staging, theme):
        if folder.exists():
            shutil.rmtree(folder)
    try:
        _write_tree(staging, pages)
        _copy_overlay(project, "assets", staging / "assets")
        _copy_overlay(project, "theme", theme)
        _swap_in(staging, project.docs)
        _swap_in(theme, project.build / "theme")
    finally:
        for folder in (staging, theme):
            if folder.exists():
                shutil.rmtree(folder)
    project.generated_config.write_text(config, encoding="utf-8")
    return project.docs


def sync_docs(project: Project, cache: dict | None = None) -> list[str]:
    """Regenerate in place, touching only files that changed (for live preview, which keeps `cache`
    between calls so that only what an edit touches is read and rendered again). Returns changed paths."""
    pages, nav, identity = render_site(project, cache)
    project.docs.mkdir(parents=True, exist_ok=True)
    writes = {}
    for relative, text in sorted(pages.items()):
        path = project.docs / relative
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        if not path.is_file() or path.stat().st_size != len(data) or path.read_bytes() != data:
            writes[relative] = data
    for relative, data in writes.items():  # all at once, so that MkDocs sees one change, not several
        path = project.docs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    changed = list(writes)
    for path in sorted(p for p in project.docs.rglob("*") if p.is_file() and "assets" not in p.relative_to(project.docs).parts):
        if path.relative_to(project.docs).as_posix() not in pages:
            path.unlink()
            changed.append(path.relative_to(project.docs).as_posix())
    changed += _sync_overlay(project, "assets", project.docs / "assets")
    _sync_overlay(project, "theme", project.build / "theme")
    config = site_config(project, nav, identity)
    _write_if_changed(project.generated_config, config)
    _write_if_changed(project.preview_config, preview_config(config))
    return changed


def preview_config(config: str) -> str:
    """The live preview's configuration: the site's, not strict, because MkDocs rebuilds only the
    changed pages (`--dirty`) and warns that such a build is dirty, which strict mode would refuse.
    Content problems are still reported by `lkjip serve` itself, and MkDocs' own warnings printed.
    Hooks keep the theme compiled between rebuilds; search is left out."""
    data = yaml.safe_load(config)
    data["strict"] = False
    data["hooks"] = [str(Path(__file__).with_name("preview_hooks.py"))]
    # no search in the preview: a dirty build would index only the pages it rebuilt, and indexing
    # was a third of a rebuild
    data["plugins"] = [p for p in data.get("plugins") or [] if p != "search" and not (isinstance(p, dict) and "search" in p)]
    data.setdefault("validation", {}).setdefault("links", {})["anchors"] = "info"  # pages not rebuilt have no anchors
    return "# Pratinjau `lkjip serve`: seperti mkdocs.yml, tanpa mode ketat. Jangan diubah.\n" + \
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _sync_overlay(project: Project, name: str, target: Path) -> list[str]:
    """As _copy_overlay, but only files whose bytes differ are written (a rewritten file would make
    the preview rebuild). Returns the changed paths relative to the docs folder's parent name."""
    wanted: dict = {}
    for folder in project.template_dirs:  # the project's own files first: they win
        source = folder / name
        if source.is_dir():
            for path in source.rglob("*"):
                if path.is_file():
                    wanted.setdefault(path.relative_to(source).as_posix(), path)
    changed = []
    for relative, source in sorted(wanted.items()):
        path = target / relative
        data = source.read_bytes()
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(f"{name}/{relative}")
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


BUILDERS = ("mkdocs", "zensical")


def mkdocs_build(project: Project, builder: str = "mkdocs") -> Path:
    """`mkdocs build --strict` (or Zensical's build, which reads the same configuration) of the
    generated folder into a temporary folder, scanned, then swapped in as site/."""
    from . import scan

    staging = project.root / f".site-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if "SOURCE_DATE_EPOCH" not in env:
        epoch = source_date_epoch(project.root)
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
    if builder == "zensical":
        if importlib.util.find_spec("zensical") is None:
            raise BuildError(_("Zensical belum terpasang; pasang dengan `pip install zensical`, atau bangun dengan MkDocs (bawaan)"))
        output_dir = project.build / "site"  # Zensical writes the configuration's site_dir, inside build/
        if output_dir.exists():
            shutil.rmtree(output_dir)
        command = [sys.executable, "-m", "zensical", "build", "--strict", "--clean", "-f", str(project.generated_config)]
    else:
        output_dir = staging
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.generated_config), "-d", str(staging)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or re.search(r"^(WARNING|ERROR)\b", output, re.M):
        if output_dir.exists():
            shutil.rmtree(output_dir)
        raise BuildError(output or _("{builder} keluar dengan kode {code}").format(builder=builder, code=result.returncode))
    if output_dir != staging:
        output_dir.rename(staging)
    prune_unused_assets(staging)
    unsafe = scan.scan_site(staging)
    if unsafe:
        shutil.rmtree(staging)
        raise BuildError(_("keluaran tidak aman, tidak diterbitkan:") + "\n" + "\n".join(unsafe))
    _swap_in(staging, project.site)
    return project.site


_LUNR_SUPPORT = {"stemmer.support", "multi"}


def prune_unused_assets(site: Path) -> list[str]:
    """Remove what the theme copies but no page of this site loads: source maps, and the search
    stemmers of languages the search index is not built for. Returns the removed paths."""
    import json

    removed = [path for path in site.rglob("*.map") if path.is_file()]
    index = site / "search" / "search_index.json"
    lunr = site / "assets" / "javascripts" / "lunr" / "min"
    if index.is_file() and lunr.is_dir():
        languages = set(json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", ["en"]))
        needs_support = bool(languages - {"en"})
        for path in lunr.glob("lunr.*.min.js"):
            code = path.name[len("lunr."):-len(".min.js")]
            if code in _LUNR_SUPPORT and needs_support or code in languages:
                continue
            removed.append(path)
        segmenters = {"wordcut.js": {"th"}, "tinyseg.js": {"ja", "jp"}}  # word splitting for Thai and Japanese only
        removed += [lunr.parent / name for name, codes in segmenters.items() if (lunr.parent / name).is_file() and not codes & languages]
    for path in removed:
        path.unlink()
    if lunr.is_dir() and not any(lunr.iterdir()):
        lunr.rmdir()
    return [path.relative_to(site).as_posix() for path in removed]


def build(project: Project, builder: str = "mkdocs", pdf: bool = True) -> Path:
    """`lkjip build`: validate, compute, render, typeset each year's PDF, then MkDocs (or Zensical).
    site/ changes only on success."""
    generate(project, pdf)
    return mkdocs_build(project, builder)
