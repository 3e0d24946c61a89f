"""The live preview's memory between edits (`sync_docs` with a cache): after any edit it must
write exactly what a fresh `lkjip generate` writes, while reading and rendering only what changed."""
from pathlib import Path

import pytest
import yaml

from lkjip import render
from lkjip.build import Project, generate, preview_config, sync_docs
from lkjip.problems import ContentError
from tests.conftest import copy_project


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(project: Project, relative: str, old: str, new: str) -> None:
    path = project.content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fresh(project: Project, tmp_path: Path) -> dict:
    """What `lkjip generate` writes for this project's content now, in a clean copy."""
    import shutil

    other = Project(tmp_path / "fresh")
    if other.root.exists():
        shutil.rmtree(other.root)
    shutil.copytree(project.root, other.root, ignore=shutil.ignore_patterns("build", "site"))
    generate(other)
    return tree(other.docs)


@pytest.fixture()
def preview(tmp_path):
    project = Project(copy_project(tmp_path / "proj"))
    cache: dict = {}
    sync_docs(project, cache)
    return project, cache


def test_an_edit_of_the_latest_year_gives_what_generate_gives(preview, tmp_path):
    project, cache = preview
    edit(project, "2025/kinerja.yaml", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: 503,", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: 504,")
    changed = sync_docs(project, cache)
    iku = "2025/akuntabilitas/iku/iku-penempatan-pencaker.md"
    assert iku in changed and "2024/index.md" not in changed
    assert "504 pencari kerja ditempatkan dari 825" in (project.docs / iku).read_text(encoding="utf-8")
    assert tree(project.docs) == fresh(project, tmp_path)


def test_an_edit_of_an_older_year_reaches_the_pages_that_compare_with_it(preview, tmp_path):
    project, cache = preview
    laporan = yaml.safe_load((project.content / "2024" / "laporan.yaml").read_text(encoding="utf-8"))
    assert laporan["tahun"] == 2024
    edit(project, "2024/kinerja.yaml", "\n", "\n# catatan penyunting\n")  # a comment only: nothing shown changes
    assert sync_docs(project, cache) == []
    before = tree(project.docs)
    edit(project, "2024/kinerja.yaml", "realisasi: {nilai: 51.00}", "realisasi: {nilai: 52.00}")
    changed = sync_docs(project, cache)
    assert "2024/index.md" in changed
    assert "2025/perbandingan.md" in changed  # this year against last year
    assert tree(project.docs) == fresh(project, tmp_path)
    assert tree(project.docs) != before


def test_unchanged_years_are_neither_validated_nor_rendered_again(preview, monkeypatch):
    project, cache = preview
    rendered, validated = [], []
    real_render, real_validate = render.render_report, render.__dict__.get("render_report")
    from lkjip import validate

    from lkjip import compute

    computed = []
    real_compute = compute.compute_report
    monkeypatch.setattr(compute, "compute_report", lambda tahun, *a: computed.append(tahun) or real_compute(tahun, *a))
    real_validate_file = validate.validate_file
    monkeypatch.setattr(render, "render_report", lambda env, reports, report, *a, **k: rendered.append(report.tahun) or real_render(env, reports, report, *a, **k))
    monkeypatch.setattr(validate, "validate_file", lambda loaded, *a: validated.append(loaded.path) or real_validate_file(loaded, *a))
    assert sync_docs(project, cache) == []
    assert rendered == [] and validated == [] and computed == []
    edit(project, "2025/program.yaml", "\n", "\n# catatan\n")
    sync_docs(project, cache)
    assert validated == ["content/2025/program.yaml"]
    assert sorted(computed) == [2024, 2025]  # a year's tables read the year after it too
    assert sorted(rendered) == [2024, 2025]  # 2024's pages read 2025 (an indicator continued there)


def test_a_bad_edit_is_refused_and_leaves_the_pages_then_a_fix_recovers(preview, tmp_path):
    project, cache = preview
    before = tree(project.docs)
    edit(project, "2025/kinerja.yaml", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: 503,", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: lima,")
    with pytest.raises(ContentError) as caught:
        sync_docs(project, cache)
    assert any(p.file == "content/2025/kinerja.yaml" for p in caught.value.problems)
    assert tree(project.docs) == before
    edit(project, "2025/kinerja.yaml", "yang ditempatkan, nilai: lima,", "yang ditempatkan, nilai: 505,")
    sync_docs(project, cache)
    assert "505 pencari kerja ditempatkan dari 825" in (project.docs / "2025/akuntabilitas/iku/iku-penempatan-pencaker.md").read_text(encoding="utf-8")
    assert tree(project.docs) == fresh(project, tmp_path)


def test_the_preview_configuration_rebuilds_only_changed_pages_and_still_reports(preview):
    project, _ = preview
    data = yaml.safe_load(project.preview_config.read_text(encoding="utf-8"))
    site = yaml.safe_load(project.generated_config.read_text(encoding="utf-8"))
    assert site["strict"] is True and data["strict"] is False  # a dirty build always warns; strict would refuse it
    assert Path(data["hooks"][0]).name == "preview_hooks.py" and "hooks" not in site
    assert {k: v for k, v in data.items() if k not in ("strict", "hooks", "validation", "plugins")} == \
        {k: v for k, v in site.items() if k not in ("strict", "validation", "plugins")}
    assert "search" in site["plugins"] and "search" not in data["plugins"]
    assert preview_config(project.generated_config.read_text(encoding="utf-8")) == project.preview_config.read_text(encoding="utf-8")


def test_stored_workbooks_give_the_same_bytes_as_new_ones(tmp_path):
    """XLSX files kept in build/.cache/xlsx are reused only for the same inputs: a generation with
    the store warm, cold, and after an edit writes what a fresh project writes."""
    import shutil

    project = Project(copy_project(tmp_path / "proj"))
    generate(project)
    store = project.build / ".cache" / "xlsx"
    cold = tree(project.docs)
    assert len(list(store.glob("*.xlsx"))) == sum(1 for name in cold if name.endswith(".xlsx"))
    generate(project)
    assert tree(project.docs) == cold
    edit(project, "2025/kinerja.yaml", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: 503,", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: 504,")
    generate(project)
    assert tree(project.docs) == fresh(project, tmp_path)
    assert tree(project.docs)["2025/data/capaian-iku.xlsx"] != cold["2025/data/capaian-iku.xlsx"]
    assert len(list(store.glob("*.xlsx"))) == sum(1 for name in cold if name.endswith(".xlsx"))  # the old one forgotten
    shutil.rmtree(store)


def test_the_preview_hooks_keep_their_memory_when_mkdocs_loads_them_again():
    """MkDocs loads the hooks file afresh for every rebuild: the theme loader is patched once and
    the compiled templates survive the reload."""
    import importlib.util

    from jinja2 import FileSystemLoader

    from lkjip import preview_hooks

    def load():
        spec = importlib.util.spec_from_file_location("hooks_again", preview_hooks.__file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    first = load()
    patched = FileSystemLoader.list_templates
    second = load()
    assert FileSystemLoader.list_templates is patched
    assert first._state() is second._state()
    first._state().compiled[("k", "c")] = b"x"
    assert second._state().compiled[("k", "c")] == b"x"
    del first._state().compiled[("k", "c")]


def test_a_template_added_while_previewing_is_used(preview, tmp_path):
    """A project that already has its own site_templates/ adds one more override: the preview
    renders with it, as a fresh generate does."""
    from lkjip.resources import templates_dir

    project, cache = preview
    own = project.root / "site_templates" / "pages"
    own.mkdir(parents=True)
    (own / "portal.md.j2").write_text((templates_dir() / "pages" / "portal.md.j2").read_text(encoding="utf-8"), encoding="utf-8")
    sync_docs(project, cache)
    index = (templates_dir() / "pages" / "index.md.j2").read_text(encoding="utf-8")
    (own / "index.md.j2").write_text(index.replace("## {{ r.jabatan_kepala }}\n", "## {{ r.jabatan_kepala }} (pratinjau)\n"), encoding="utf-8")
    changed = sync_docs(project, cache)
    assert "2025/index.md" in changed
    assert "(pratinjau)" in (project.docs / "2025" / "index.md").read_text(encoding="utf-8")
    assert tree(project.docs) == fresh(project, tmp_path)


def test_a_schema_edited_while_previewing_is_applied(preview, monkeypatch, tmp_path):
    """Editing a schema (the tool's own repository, installed editable) is a change of the rules:
    nothing validated with the old schema is kept."""
    import json
    import shutil

    project, cache = preview
    schemas = tmp_path / "skema"
    shutil.copytree(project.schema, schemas)
    monkeypatch.setattr(Project, "schema", property(lambda self: schemas))
    sync_docs(project, cache)
    path = schemas / "instansi.schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["properties"]["nama"]["maxLength"] = 3
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        sync_docs(project, cache)
    assert any(p.file == "content/instansi.yaml" and p.field == "nama" for p in caught.value.problems)


def test_the_preview_lists_the_projects_theme_files_afresh(tmp_path):
    """The installed theme's files are listed once; a file added to the project's own theme folder
    while serving is seen at the next rebuild."""
    from pathlib import Path as P

    import material
    from jinja2 import FileSystemLoader

    from lkjip import preview_hooks

    preview_hooks._state()
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text("x", encoding="utf-8")
    installed = str(P(material.__file__).parent / "templates")
    loader = FileSystemLoader([str(theme), installed])
    before = loader.list_templates()
    assert "main.html" in before and "404.html" in before
    (theme / "tambahan.css").write_text("y", encoding="utf-8")
    assert "tambahan.css" in loader.list_templates()


def test_a_shared_facts_value_taken_out_while_previewing_is_taken_out_of_its_uses(preview, tmp_path):
    """program.yaml is kept parsed; the value filled into its uses of 'pencaker-dilatih' must not
    outlive the value in kinerja.yaml: the preview refuses as a fresh validation does."""
    project, cache = preview
    edit(project, "2025/kinerja.yaml", "nama: Jumlah pencari kerja yang dilatih, nilai: 32,", "nama: Jumlah pencari kerja yang dilatih,")
    with pytest.raises(ContentError) as live:
        sync_docs(project, cache)
    with pytest.raises(ContentError) as new:
        fresh(project, tmp_path)
    assert [str(p) for p in live.value.problems] == [str(p) for p in new.value.problems]
    assert any("program.yaml:195:24" in str(p) and "memerlukan penyebut" in str(p) for p in live.value.problems)
    edit(project, "2025/kinerja.yaml", "nama: Jumlah pencari kerja yang dilatih,", "nama: Jumlah pencari kerja yang dilatih, nilai: 32,")
    sync_docs(project, cache)
    assert tree(project.docs) == fresh(project, tmp_path)
