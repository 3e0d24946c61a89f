"""`lkjip migrate`: content written in model 1 becomes model 2 with every figure unchanged."""
import shutil
import subprocess

from lkjip.build import Project, latest_report
from lkjip.cli import main
from tests.conftest import ROOT


def _apply_later_edits(root):
    """The edits made to the shipped content after its migration (tests/model1/README.md)."""
    edits = ROOT / "tests" / "model1" / "sesudah-migrasi.patch"
    subprocess.run(["git", "apply", "--whitespace=nowarn", str(edits)], cwd=root, check=True, capture_output=True)


def _model1_project(tmp_path):
    root = tmp_path / "lama"
    shutil.copytree(ROOT / "tests" / "model1" / "content", root / "content")
    return root


def test_model_1_content_is_refused_with_a_pointer_to_migrate(tmp_path, capsys):
    root = _model1_project(tmp_path)
    assert main(["--root", str(root), "validate"]) == 1
    assert "model isi 1; jalankan `lkjip migrate`" in capsys.readouterr().err


def test_migrated_content_gives_the_same_report(tmp_path, capsys):
    root = _model1_project(tmp_path)
    assert main(["--root", str(root), "migrate"]) == 0
    written = capsys.readouterr().out
    assert "content/instansi.yaml" in written and "content/2025/organisasi.yaml (dihapus)" in written
    assert sorted(p.name for p in (root / "content" / "2025").iterdir()) == [
        "anggaran.yaml", "kinerja.yaml", "laporan.yaml", "perencanaan.yaml", "program.yaml"]
    assert main(["--root", str(root), "validate"]) == 0
    _apply_later_edits(root)  # headings only: the figures below are the migration's own
    migrated, shipped = latest_report(Project(root)), latest_report(Project(ROOT))

    def figures(report):
        return ({i.id: (i.ukur.target, i.ukur.realisasi, i.ukur.capaian, i.ukur.kategori, i.anggaran) for i in report.iku},
                {n.id: (n.anggaran, n.realisasi) for n in report.tree.nodes()},
                [(f.kunci, f.sumber, f.dinyatakan, f.dihitung) for f in report.temuan],
                {t.id: (t.nomor, t.judul, len(t.rows)) for t in report.tables.values()})
    assert figures(migrated) == figures(shipped)
    assert [h.label for h in migrated.outline.headings] == [h.label for h in shipped.outline.headings]


def test_migrate_is_idempotent(tmp_path, capsys):
    root = _model1_project(tmp_path)
    assert main(["--root", str(root), "migrate"]) == 0
    before = {p: p.read_bytes() for p in sorted((root / "content").rglob("*.yaml"))}
    capsys.readouterr()
    assert main(["--root", str(root), "migrate"]) == 0
    assert "sudah memakai model isi terbaru" in capsys.readouterr().out
    assert {p: p.read_bytes() for p in sorted((root / "content").rglob("*.yaml"))} == before


def test_the_shipped_content_is_what_migrate_wrote(tmp_path, capsys):
    """The shipped content was moved to model 2 by `lkjip migrate`, not by hand: migrating the
    model-1 copy gives the shipped files byte for byte, but for edits made to them since, which
    `tests/model1/` records as a patch."""
    root = _model1_project(tmp_path)
    main(["--root", str(root), "migrate"])
    _apply_later_edits(root)
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        relative = path.relative_to(ROOT)
        assert (root / relative).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), relative
