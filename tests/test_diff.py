"""The semantic diff for reviewers (lkjip.diff), on a real git repository built in tmp_path:
a main branch with the shipped content, and a branch with one commit per kind of change."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from lkjip import diff
from tests.conftest import ROOT

GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_AUTHOR_DATE": "2026-01-14T10:00:00",
           "GIT_COMMITTER_DATE": "2026-01-14T10:00:00"}


def git(repo: Path, *args: str) -> str:
    out = subprocess.run(["git", "-c", "user.name=Peninjau", "-c", "user.email=peninjau@example.org", "-c", "commit.gpgsign=false",
                          "-C", str(repo), *args], capture_output=True, text=True, env=GIT_ENV, check=True)
    return out.stdout.strip()


def replace(root: Path, name: str, old: str, new: str) -> tuple[int, int]:
    """Replace one exact piece of content/2025/<name>; return (line, col) where it starts."""
    path = root / "content" / "2025" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    start = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def copy_sides(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "content", target / "content")
    return target


NEW_SUB = """              - id: sub-sdm-koperasi
"""
ADDED_SUB = """              - id: sub-koperasi-digital
                nama: Pelatihan Koperasi Digital
                anggaran: 5000000.00
                realisasi: 4000000.00
              - id: sub-sdm-koperasi
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict:
    root = copy_sides(tmp_path_factory.mktemp("diff") / "lkjip")
    git(root, "init", "-q", "-b", "main")
    commits = {"base": commit(root, "Isi laporan 2025")}
    git(root, "checkout", "-q", "-b", "perbaikan")
    replace(root, "kinerja.yaml", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: 503,", "nama: Jumlah pencari kerja terdaftar yang ditempatkan, nilai: 600,")
    commits["count"] = commit(root, "Jumlah pencaker ditempatkan")
    replace(root, "program.yaml", "anggaran: 61050000.00", "anggaran: 71050000.00")
    commits["budget"] = commit(root, "Anggaran Job Fair")
    replace(root, "program.yaml", NEW_SUB, ADDED_SUB)
    commits["added"] = commit(root, "Sub kegiatan baru")
    replace(root, "laporan.yaml", "dapat diselesaikan tepat waktu", "dapat diselesaikan dengan baik dan tepat waktu")
    commits["narrative"] = commit(root, "Kata pengantar")
    replace(root, "kinerja.yaml", "realisasi: {penyebut: 236}", "realisasi: {pembilang: 90, penyebut: 236}")
    commits["category"] = commit(root, "Koperasi berkualitas")
    replace(root, "kinerja.yaml", "target: 14.00, realisasi: 16.00, capaian: 114.29", "target: 14.00, realisasi: 16.47, capaian: 114.29")
    commits["finding"] = commit(root, "Realisasi Tabel 3.9")
    return {"root": root, **commits}


@pytest.fixture(scope="module")
def branch(repo) -> str:
    """Defaults: A = merge-base of HEAD and main (the base commit), B = the working tree (= the branch head)."""
    markdown, code = diff.run(repo["root"], None, None)
    assert code == 0, markdown
    return markdown


def section(markdown: str, heading: str) -> str:
    """The text under one `### heading` up to the next heading."""
    start = markdown.index(f"### {heading}")
    end = min((i for i in (markdown.find("\n## ", start), markdown.find("\n### ", start + 4)) if i != -1), default=len(markdown))
    return markdown[start:end]


def item(text: str, marker: str) -> str:
    """One top-level list item (with its nested lines) holding `marker`."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("- ") and marker in line:
            block = [line]
            for nxt in lines[i + 1:]:
                if nxt.startswith("- ") or nxt.startswith("#") or nxt.startswith("**"):
                    break
                block.append(nxt)
            return "\n".join(block)
    raise AssertionError(f"no list item with {marker!r} in:\n{text}")


def test_sides_are_named(branch, repo):
    assert f"Sisi A (sebelum): revisi `{repo['base'][:10]}` (merge-base HEAD main)" in branch
    assert "Sisi B (sesudah): pohon kerja" in branch
    assert "## 2025" in branch


def test_changed_count_shows_percentage_and_capaian(branch):
    iku = item(section(branch, "Tabel"), "`capaian-iku`")
    assert "Persentase penempatan pencari kerja terdaftar — Data: 503 / 825 → 600 / 825" in iku
    assert "Persentase penempatan pencari kerja terdaftar — Realisasi: 60,97% → 72,73%" in iku
    assert "Persentase penempatan pencari kerja terdaftar — Capaian: 135,49% → 161,62%" in iku
    assert "Persentase penempatan pencari kerja terdaftar — Kategori" not in iku  # still Sangat Baik: not repeated
    # the same figure in other tables is named, not listed again
    assert "(juga di tabel tanpa nomor (capaian-iku-ringkas), Tabel 3.9. Alokasi Anggaran dan Realisasi Belanja)" in iku


def test_budget_leaf_and_roll_ups(branch):
    budget = item(section(branch, "Tabel"), "`realisasi-anggaran`")
    assert "Job Fair — Anggaran: Rp 61.050.000,00 → Rp 71.050.000,00" in budget
    assert "Job Fair — %: 99,52% → 85,52%" in budget
    assert "Job Fair — Realisasi" not in budget
    assert "Kegiatan Pengelolaan Informasi Pasar Kerja — Anggaran: Rp 103.499.450,00 → Rp 113.499.450,00" in budget
    assert "Kegiatan Pengelolaan Informasi Pasar Kerja — %: 97,36% → 88,78%" in budget
    assert "BIDANG PENTA — Anggaran: Rp 321.673.135,00 → Rp 331.673.135,00" in budget
    assert "Total — Anggaran: Rp 10.036.268.000,00 → Rp 10.051.268.000,00" in budget  # Job Fair +10 juta, new sub kegiatan +5 juta
    assert "Total — Realisasi: Rp 8.767.409.001,00 → Rp 8.771.409.001,00" in budget
    assert "Total — %: 87,36% → 87,27%" in budget
    # the program's roll-up is listed where it first appears (Tabel 2.7), with the other tables named
    per_sasaran = item(section(branch, "Tabel"), "`anggaran-per-sasaran`")
    assert ("Program Penempatan Tenaga Kerja — Anggaran: Rp 129.579.005,00 → Rp 139.579.005,00 "
            "(juga di tabel tanpa nomor (anggaran-program), Tabel 3.8. Realisasi Anggaran 2025)") in per_sasaran
    # and reaches the IKU the program funds
    assert "Persentase penempatan pencari kerja terdaftar — Anggaran: Rp 321.673.135,00 → Rp 331.673.135,00" in item(
        section(branch, "Tabel"), "`alokasi-iku`")


def test_added_sub_kegiatan_is_listed_with_its_name(branch):
    budget = item(section(branch, "Tabel"), "`realisasi-anggaran`")
    assert "baris ditambahkan: Pelatihan Koperasi Digital" in budget
    assert "Kegiatan Pendidikan dan Latihan Perkoperasian bagi Koperasi yang Wilayah Keanggotaan dalam Daerah Kabupaten/Kota — Anggaran: Rp 80.964.414,00 → Rp 85.964.414,00" in budget


def test_narrative_edit_shows_a_short_word_diff(branch):
    narasi = section(branch, "Narasi")
    assert "- Kata Pengantar › teks 1 (diubah)" in narasi
    assert "~ … anggaran 2025 dapat diselesaikan {+dengan baik dan+} tepat waktu berdasarkan ketentuan." in narasi
    block = narasi.split("```diff", 1)[1].split("```", 1)[0].strip().splitlines()
    assert 1 <= len(block) <= diff.TEXT_LINES


def test_category_change(branch):
    iku = item(section(branch, "Tabel"), "`capaian-iku`")
    assert "Persentase koperasi berkualitas — Data: 103 / 236 → 90 / 236" in iku
    assert "Persentase koperasi berkualitas — Realisasi: 43,64% → 38,14%" in iku
    assert "Persentase koperasi berkualitas — Capaian: 93,26% → 81,49%" in iku
    assert "Persentase koperasi berkualitas — Kategori: Sangat Baik → Baik" in iku


def test_new_and_resolved_findings(branch):
    findings = section(branch, "Temuan kualitas data")
    new = findings.split("**Temuan baru", 1)[1].split("**Temuan terselesaikan", 1)[0]
    resolved = findings.split("**Temuan terselesaikan", 1)[1].split("**Temuan yang berubah", 1)[0]
    assert ("Selisih: Realisasi — Persentase penempatan pencari kerja terdaftar (Tabel 3.2): dokumen 60,97%, hitungan 72,73% — "
            "`content/2025/kinerja.yaml:") in new
    assert "Selisih: Kategori — Persentase koperasi berkualitas (Teks 3.1.1): dokumen sangat baik, hitungan Baik" in new
    assert "Selisih: Penyerapan — Job Fair (Tabel 3.8): dokumen 99,52%, hitungan 85,52%" in new
    assert resolved.startswith(" (1)**")
    assert ("Selisih: Realisasi — Persentase perusahaan dengan tata kelola yang layak (Tabel 3.9): dokumen 16,00%, "
            "hitungan 16,47%") in resolved


def test_revisions_as_sides_show_only_that_commit(repo):
    markdown, code = diff.run(repo["root"], f"{repo['narrative']}~1", repo["narrative"])
    assert code == 0, markdown
    assert f"revisi `{repo['narrative']}~1`" in markdown
    assert "{+dengan baik dan+}" in markdown
    for other in ("### Tabel", "### Temuan kualitas data", "### Kerangka", "### Data laporan"):
        assert other not in markdown


def test_two_folders_as_sides(tmp_path):
    a = copy_sides(tmp_path / "a")
    b = copy_sides(tmp_path / "b")
    replace(b, "laporan.yaml", "tempat: Jambi\n", "tempat: Kota Jambi\n")
    replace(b, "program.yaml", "realisasi: 60760000.00", "realisasi: 61050000.00")
    # A is a project root; B is given as its content folder itself
    markdown, code = diff.run(ROOT, str(a), str(b / "content"))
    assert code == 0, markdown
    assert f"Sisi A (sebelum): folder `{a}`" in markdown and f"Sisi B (sesudah): folder `{b / 'content'}`" in markdown
    budget = item(section(markdown, "Tabel"), "`realisasi-anggaran`")
    assert "Job Fair — Realisasi: Rp 60.760.000,00 → Rp 61.050.000,00" in budget and "Job Fair — %: 99,52% → 100,00%" in budget
    assert "- `laporan.tempat`: Jambi → Kota Jambi" in section(markdown, "Data laporan")


def test_a_model_1_revision_compares_with_model_2_content(tmp_path):
    """Content written before the model change is migrated on the fly: the comparison works and
    finds nothing changed in meaning (the migration moves text, it does not change figures)."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(ROOT / "tests" / "model1" / "content", root / "content")
    git(root, "init", "-q", "-b", "main")
    old = commit(root, "model 1")
    shutil.rmtree(root / "content")
    shutil.copytree(ROOT / "content", root / "content")
    # without the edits made after the migration (tests/model1/README.md): the migration alone
    subprocess.run(["git", "apply", "-R", str(ROOT / "tests" / "model1" / "sesudah-migrasi.patch")], cwd=root, check=True)
    commit(root, "model 2")
    markdown, code = diff.run(root, old, "HEAD")
    assert code == 0, markdown
    assert "Tidak ada perubahan." in markdown


def test_invalid_sides_exit_1_and_name_the_problem(repo, tmp_path):
    bad = copy_sides(tmp_path / "rusak")
    line, col = replace(bad, "kinerja.yaml", "      fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}\n", "      fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}\n    realisasi: {pembilang: 5.030, penyebut: 825}\n")
    line, col = line + 1, 16
    markdown, code = diff.run(repo["root"], "tidak-ada-revisi-ini", str(bad))
    assert code == 1
    assert "## Sisi A (`tidak-ada-revisi-ini`)" in markdown
    assert "'tidak-ada-revisi-ini' bukan folder atau revisi git" in markdown
    assert f"## Sisi B (folder `{bad}`)" in markdown
    assert "Sisi B tidak dapat dimuat: isi tidak lolos validasi" in markdown
    assert (f"content/2025/kinerja.yaml:{line}:{col + 12}: iku[0].realisasi.pembilang: "
            "'5.030' tampak seperti bilangan dengan titik ribuan; tulis 5030") in markdown
    assert "Traceback" not in markdown


def test_nothing_changed_exit_0_and_temporary_folders_removed(repo, tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    markdown, code = diff.run(repo["root"], "HEAD", None)  # the branch head against its clean working tree
    assert code == 0
    assert "Tidak ada perubahan." in markdown
    assert "## 2025" not in markdown
    assert list(scratch.iterdir()) == []  # the extracted revision is gone


def test_years_added_and_removed(repo):
    sites = diff.load_sites(repo["root"])
    assert "Tidak ada perubahan." in diff.render_markdown(diff.diff_sites(sites, sites))
    added = diff.render_markdown(diff.diff_sites({"": {}}, sites))
    assert "## 2025 (baru)" in added and "- Total anggaran: Rp 10.051.268.000,00" in added
    removed = diff.render_markdown(diff.diff_sites(sites, {"": {}}))
    assert "## 2025 (dihapus)" in removed


def test_text_diff_is_capped():
    old = "\n\n".join(f"Paragraf {i} berisi kalimat lama yang panjang." for i in range(30))
    new = "\n\n".join(f"Paragraf {i} berisi kalimat baru yang panjang." for i in range(30))
    lines = diff.text_diff(old, new)
    assert len(lines) == diff.TEXT_LINES
    assert lines[0] == "~ Paragraf 0 berisi kalimat [-lama-]{+baru+} yang panjang."
    assert lines[-1].startswith("… (19 baris perubahan lagi)")
