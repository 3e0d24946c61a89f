"""`lkjip new-year`: the next report year scaffolded from the last one, validating and building,
with its figures shown as "belum dilaporkan" rather than 0 %."""
import re

import yaml

from lkjip.build import load_and_validate
from lkjip.cli import main


def test_new_year_scaffold_validates_and_builds(project_copy, capsys):
    root = project_copy.root
    assert main(["--root", str(root), "new-year", "2026"]) == 0
    folder = root / "content" / "2026"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{k}.yaml" for k in ("laporan", "perencanaan", "anggaran", "program", "kinerja"))
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../../schema/{path.stem}.schema.json\n")
        assert not re.search(r"^\s*(- )?dinyatakan\w*:", text, re.M)  # nothing the 2025 document stated
        assert "&id" not in text and "*id" not in text  # no YAML aliases
    laporan = yaml.safe_load((folder / "laporan.yaml").read_text(encoding="utf-8"))
    assert laporan["tahun"] == 2026 and laporan["status"] == "rancangan" and "tanggal" not in laporan
    assert main(["--root", str(root), "validate"]) == 0

    [(_, reports)] = load_and_validate(project_copy)[0]
    assert [r.tahun for r in reports] == [2024, 2025, 2026]  # 2024 is known in part
    draft = reports[-1]
    targets = {i.id: (i.ukur.target, i.ukur.realisasi, i.ukur.kategori) for i in draft.iku}
    # targets from the Renstra for 2026, realisations not yet reported
    assert {k: str(v[0]) for k, v in targets.items()} == {
        "iku-penempatan-pencaker": "48.00", "iku-tata-kelola-perusahaan": "14.50",
        "iku-koperasi-berkualitas": "48.60", "iku-umkm-tangguh": "15.00"}
    assert all(v[1] is None and v[2] is None for v in targets.values())
    assert draft.tree.anggaran is None and draft.tree.persen is None  # no 0 %: not reported
    assert draft.sebelumnya is reports[1]

    capsys.readouterr()
    assert main(["--root", str(root), "build"]) == 0
    home = (project_copy.site / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", home).split())
    assert "Laporan Kinerja Instansi Pemerintah Tahun 2026" in text
    assert "Persentase penempatan pencari kerja terdaftar 48,00% belum dilaporkan – –" in text
    assert "0,00%" not in text
    # the published 2025 report keeps its URL and figures
    assert (project_copy.site / "2024" / "index.html").exists()  # the year known in part keeps its URL too
    old = (project_copy.site / "2025" / "index.html").read_text(encoding="utf-8")
    assert "135,49%" in old
    yoy = " ".join(re.sub(r"<[^>]+>", " ", (project_copy.site / "2026" / "perbandingan" / "index.html").read_text(encoding="utf-8")).split())
    assert "Persentase koperasi berkualitas dilanjutkan Persentase koperasi berkualitas 43,64% Sangat Baik belum dilaporkan" in yoy
    # the indicator continues, so its page shows every realised year of the Renstra path
    page = (project_copy.docs / "2026" / "akuntabilitas" / "iku" / "iku-penempatan-pencaker.md").read_text(encoding="utf-8")
    assert "| 2025 | 45,00% | 60,97% | 135,49% | Sangat Baik |" in page
    assert "| 2026 | 48,00% | belum dilaporkan | – | – |" in page


def test_new_year_refuses_an_existing_year(project_copy, capsys):
    assert main(["--root", str(project_copy.root), "new-year", "2025"]) == 1
    assert "content/2025/ sudah ada" in capsys.readouterr().err


def test_final_report_needs_every_realisation(project_copy, capsys):
    path = project_copy.content / "2025" / "kinerja.yaml"
    text = path.read_text(encoding="utf-8")
    for fact_use in ("      fakta: {penyebut: umkm-binaan}\n", "    realisasi: {pembilang: 106}\n"):  # no fact of its own, none shared
        assert text.count(fact_use) == 1
        text = text.replace(fact_use, "")
    path.write_text(text, encoding="utf-8")
    assert main(["--root", str(project_copy.root), "validate"]) == 1
    assert "iku[3]: realisasi wajib diisi pada laporan final" in capsys.readouterr().err


def test_new_year_for_one_agency_of_several_whose_renstra_has_no_target_for_it(tmp_path, capsys):
    """Lapas Baubau's content gives targets up to 2022 only: the 2023 draft has no target (shown as
    such, never a crash), keeps the editor's schema path of the year it copies, and builds."""
    import shutil

    from lkjip.cli import main

    from .test_agencies import AGENCIES

    root = tmp_path / "proj"
    shutil.copytree(AGENCIES / "content", root / "content")
    shutil.copy(AGENCIES / "mkdocs.yml", root / "mkdocs.yml")
    assert main(["--root", str(root), "new-year", "2023", "--instansi", "lapas-baubau"]) == 0
    first = (root / "content" / "lapas-baubau" / "2023" / "kinerja.yaml").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == "# yaml-language-server: $schema=../../../../../schema/kinerja.schema.json"
    assert main(["--root", str(root), "build"]) == 0
    capsys.readouterr()
    home = (root / "site" / "lapas-baubau" / "2023" / "index.html").read_text(encoding="utf-8")
    assert "tidak dimuat" in home and "rancangan" in home.lower()
