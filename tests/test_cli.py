"""The `lkjip` command on bad content: every problem, named by file, line, column and field; exit 1;
no traceback; the previous site left as it was."""
import hashlib
import subprocess
import sys

import pytest

from lkjip.cli import main


def run(project, capsys, *args):
    code = main(["--root", str(project.root), *args])
    out, err = capsys.readouterr()
    return code, out + err


def mutate(project, name, old, new, folder="2025"):
    """Replace one exact piece of a content file; return (line, col) where it starts."""
    path = project.content / folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    start = text.index(old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, col


def test_shipped_content_is_valid(project_copy, capsys):
    code, output = run(project_copy, capsys, "validate")
    assert code == 0, output
    assert "Sah: content/2024, content/2025 (8 berkas)" in output  # 2024 is known in part: laporan, perencanaan, kinerja


def test_count_with_thousands_separator(project_copy, capsys):
    line, col = mutate(project_copy, "kinerja.yaml", "nama: Jumlah perusahaan dengan tata kelola yang layak, nilai: 1010,", "nama: Jumlah perusahaan dengan tata kelola yang layak, nilai: 1.010,")  # a shared fact (kinerja.yaml fakta)
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert (f"content/2025/kinerja.yaml:{line}:{col + 62}: fakta[3].nilai: "
            "'1.010' tampak seperti bilangan dengan titik ribuan; tulis 1010") in output
    assert "Traceback" not in output


def test_syntax_error_names_file_and_line(project_copy, capsys):
    line, _ = mutate(project_copy, "laporan.yaml", "tempat: Jambi\n", "tempat: [Jambi\n")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert "content/2025/laporan.yaml:" in output and "kesalahan penulisan YAML" in output
    reported = int(output.split("content/2025/laporan.yaml:")[1].split(":")[0])
    assert reported >= line


def test_missing_required_field(project_copy, capsys):
    line, col = mutate(project_copy, "program.yaml", "- id: sub-job-fair\n                nama: Job Fair\n", "- id: sub-job-fair\n")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert (f"content/2025/program.yaml:{line}:{col + 2}: bidang[1].program[1].kegiatan[1].sub_kegiatan[1].nama: "
            "kolom wajib 'nama' belum diisi") in output


def test_money_written_with_rp_and_separators(project_copy, capsys):
    line, col = mutate(project_copy, "program.yaml", "anggaran: 61050000.00", "anggaran: Rp 61.050.000")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert f"content/2025/program.yaml:{line}:{col + 10}: bidang[1].program[1].kegiatan[1].sub_kegiatan[1].anggaran: 'Rp 61.050.000': tulis jumlah uang sebagai bilangan biasa" in output


def test_money_with_more_than_two_decimals(project_copy, capsys):
    mutate(project_copy, "program.yaml", "anggaran: 61050000.00", "anggaran: 61050000.005")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "61050000.005 memiliki lebih dari 2 angka desimal" in output


def test_unknown_reference(project_copy, capsys):
    line, col = mutate(project_copy, "kinerja.yaml", "program: [prog-pelatihan-kerja, prog-penempatan]",
                       "program: [prog-pelatihan-kerja, prog-tidak-ada]")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert (f"content/2025/kinerja.yaml:{line}:{col + 32}: iku[0].program[1]: "
            "'prog-tidak-ada' tidak merujuk ke apa pun yang didefinisikan di content/2025/") in output


def test_reference_of_the_wrong_kind(project_copy, capsys):
    mutate(project_copy, "kinerja.yaml", "program: [prog-pelatihan-kerja, prog-penempatan]",
           "program: [prog-pelatihan-kerja, keg-antarkerja]")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "'keg-antarkerja' adalah kegiatan, padahal kolom ini meminta program" in output


def test_invalid_date(project_copy, capsys):
    line, col = mutate(project_copy, "laporan.yaml", "'2026-01-14'", "'2026-02-30'")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert f"content/2025/laporan.yaml:{line}:{col}: tanggal: '2026-02-30' bukan tanggal yang sah" in output


def test_misspelled_field(project_copy, capsys):
    line, col = mutate(project_copy, "laporan.yaml", "tempat: Jambi", "tempatt: Jambi")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert f"content/2025/laporan.yaml:{line}:{col}: tempatt: kolom 'tempatt' tidak dikenal" in output


def test_every_problem_in_one_run(project_copy, capsys):
    mutate(project_copy, "laporan.yaml", "tempat: Jambi", "tempatt: Jambi")
    mutate(project_copy, "program.yaml", "anggaran: 61050000.00", "anggaran: 61.050.000")
    mutate(project_copy, "kinerja.yaml", "nama: Jumlah perusahaan dengan tata kelola yang layak, nilai: 1010,", "nama: Jumlah perusahaan dengan tata kelola yang layak, nilai: 1.010,")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert "3 kesalahan, 0 peringatan di 3 berkas" in output
    files = [line.split(":")[0] for line in output.splitlines() if line.startswith("content/")]
    assert files == sorted(files)  # grouped by file


def test_json_and_github_formats(project_copy, capsys):
    import json
    mutate(project_copy, "laporan.yaml", "tempat: Jambi", "tempatt: Jambi")
    code, output = run(project_copy, capsys, "validate", "--format", "json")
    assert code == 1
    problems = json.loads(output)
    assert [p["message"].split(" (")[0] for p in problems] == ["kolom 'tempatt' tidak dikenal"]
    problem = next(p for p in problems if p["field"] == "tempatt")
    assert problem["file"] == "content/2025/laporan.yaml" and problem["field"] == "tempatt" and problem["severity"] == "error"
    code, output = run(project_copy, capsys, "validate", "--format", "github")
    assert output.startswith("::error file=content/2025/laporan.yaml,line=")


def _tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_failed_build_leaves_previous_site_unchanged(project_copy, capsys):
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    before = _tree_digest(project_copy.site)
    mutate(project_copy, "kinerja.yaml", "nama: Jumlah perusahaan dengan tata kelola yang layak, nilai: 1010,", "nama: Jumlah perusahaan dengan tata kelola yang layak, nilai: 1.010,")
    code, output = run(project_copy, capsys, "build")
    assert code == 1 and "Traceback" not in output
    assert _tree_digest(project_copy.site) == before


def test_console_script_prints_no_traceback(project_copy):
    mutate(project_copy, "instansi.yaml", "nama: Dinas", "nama: [Dinas", folder="")
    result = subprocess.run([sys.executable, "-m", "lkjip.cli", "--root", str(project_copy.root), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "content/instansi.yaml:" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_zero_denominator_is_an_error(project_copy, capsys):
    # the IKU's own figures, typed in place of the shared facts (rumus.fakta) it uses
    line, col = mutate(project_copy, "kinerja.yaml", "      fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}\n", "      fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}\n    realisasi: {pembilang: 503, penyebut: 0}\n")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert f"content/2025/kinerja.yaml:{line + 1}:43: iku[0].realisasi.penyebut: penyebut 0: persentase tidak dapat dihitung" in output


def test_negative_amount_or_count_is_an_error(project_copy, capsys):
    mutate(project_copy, "program.yaml", "realisasi: 60760000.00", "realisasi: -60760000.00")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "sub_kegiatan[1].realisasi: -60760000.00 di bawah batas terendah 0" in output  # the schema
    mutate(project_copy, "program.yaml", "realisasi: -60760000.00", "realisasi: 60760000.00")
    mutate(project_copy, "kinerja.yaml", "      fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}\n", "      fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}\n    realisasi: {pembilang: -503, penyebut: 825}\n")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "iku[0].realisasi.pembilang: -503 bernilai negatif" in output  # the semantic rule


def test_spending_above_budget_is_a_warning(project_copy, capsys):
    line, _ = mutate(project_copy, "program.yaml", "realisasi: 60760000.00", "realisasi: 61060000.00")
    code, output = run(project_copy, capsys, "validate")
    assert code == 0, output
    assert output.index("Peringatan:") < output.index(f"content/2025/program.yaml:{line}:")
    assert "realisasi 61060000.00 melebihi anggaran 61050000.00" in output
    assert "0 kesalahan, 1 peringatan di 1 berkas" in output


def test_target_outside_the_renstra_period(project_copy, capsys):
    text = (project_copy.content / "2025" / "perencanaan.yaml").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if "2029: 57.00" in line)
    mutate(project_copy, "perencanaan.yaml", old, old.replace("2029: 57.00", "2029: 57.00, 2031: 60.00"))
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "target tahun 2031 di luar periode Renstra 2025–2029" in output


def test_missing_year_target_is_a_warning(project_copy, capsys):
    text = (project_copy.content / "2025" / "perencanaan.yaml").read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if "2029: 57.00" in line)
    mutate(project_copy, "perencanaan.yaml", old, old.replace("2027: 51.00, ", ""))
    code, output = run(project_copy, capsys, "validate")
    assert code == 0 and "tidak ada target untuk 2027 (periode Renstra 2025–2029)" in output


def test_ordinary_words_are_not_mistaken_for_injection(project_copy, capsys):
    """'Sumber data: ...', braces without '=' and a '<' before a number are plain Indonesian text."""
    mutate(project_copy, "laporan.yaml", "{teks: 'Sumber data: Sub Bagian Pengelola Adm Keuangan DTKK-UKM'}",
           "{teks: 'Sumber data: Sub Bagian {keuangan} DTKK-UKM, capaian < 50 persen; apabila realisasi < target. Pelatihan pemrograman "
           "JavaScript: 16 peserta; [pendaftaran](https://contoh.go.id \"Pendaftaran online = gratis\")'}")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    page = (project_copy.site / "2025" / "profil" / "index.html").read_text(encoding="utf-8")
    assert "JavaScript: 16 peserta" in page and 'title="Pendaftaran online = gratis"' in page


def test_last_year_reference_must_exist_in_last_years_content(project_copy, capsys):
    line, col = mutate(project_copy, "kinerja.yaml", "indikator: iku-koperasi-modern", "indikator: iku-koperasi-hilang")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert (f"content/2025/kinerja.yaml:{line}:{col + 11}: iku[2].kesinambungan.indikator: "
            "'iku-koperasi-hilang' tidak didefinisikan di content/2024/") in output


def test_a_year_known_in_part_must_name_its_source(project_copy, capsys):
    path = project_copy.content / "2024" / "laporan.yaml"
    text = path.read_text(encoding="utf-8")
    source = next(line for line in text.splitlines() if line.startswith("sumber:"))
    path.write_text(text.replace(source + "\n", ""), encoding="utf-8")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "content/2024/laporan.yaml:" in output and "laporan yang isinya sebagian harus menyebut sumbernya" in output


def test_content_that_cannot_be_computed_gets_a_message_not_a_traceback(project_copy, capsys, monkeypatch):
    """A safety net: if valid content still cannot be computed, the user gets a located message, exit 1."""
    from lkjip import compute

    def broken(*args, **kwargs):
        raise KeyError("prog-x")

    monkeypatch.setattr(compute, "compute_report", broken)
    code, output = run(project_copy, capsys, "generate")
    assert code == 1 and "Traceback" not in output
    assert "content/2024/laporan.yaml:2:1: laporan ini tidak dapat dihitung dari isinya (KeyError: 'prog-x')" in output


def test_ratio_indicator_needs_both_counts(project_copy, capsys):
    mutate(project_copy, "kinerja.yaml", "      fakta: {penyebut: umkm-binaan}\n", "")  # the UMKM IKU's penyebut came from the shared fact
    line, col = mutate(project_copy, "kinerja.yaml", "realisasi: {pembilang: 106}", "realisasi: {pembilang: 106}")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1
    assert f"content/2025/kinerja.yaml:{line}:{col + 11}: iku[3].realisasi: indikator 'rasio' memerlukan penyebut pada realisasinya" in output


def test_github_annotations_cannot_be_forged_from_content():
    from lkjip.cli import format_problems
    from lkjip.problems import Problem

    text = format_problems([Problem("content/2025/x.yaml", 3, 1, "nama", "bad\n::error file=README.md,line=1::forged 100%")], "github")
    assert text.count("\n") == 0 and "%0A::error" in text and "100%25" in text


def test_a_report_signed_in_a_named_month_only(project_copy, capsys):
    """Many documents give only the month ('Jambi, Januari 2026'): the date may be 'TTTT-BB'."""
    mutate(project_copy, "laporan.yaml", "tanggal: '2026-01-14'", "tanggal: '2026-01'")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    assert "Januari 2026" in (project_copy.root / "site" / "2025" / "index.html").read_text(encoding="utf-8")
    mutate(project_copy, "laporan.yaml", "tanggal: '2026-01'", "tanggal: '2025-12'")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "laporan ditandatangani 2025-12, sebelum periode yang dilaporkan berakhir (2025-12-31)" in output


def test_symlinks_are_not_followed_and_nothing_they_point_to_is_shown(project_copy, capsys, tmp_path):
    """Content is regular files inside content/: a link out (to /etc/passwd, say) or a loop of links
    is reported where it stands, with exit 1 for a content file and a warning for anything else."""
    year = project_copy.content / "2025"
    secret = tmp_path / "rahasia.txt"
    secret.write_text("kata-sandi: JANGAN-TAMPIL\n", encoding="utf-8")
    (year / "loop-a.yaml").symlink_to("loop-b.yaml")
    (year / "loop-b.yaml").symlink_to("loop-a.yaml")
    code, output = run(project_copy, capsys, "validate")
    assert code == 0 and "content/2025/loop-a.yaml:1:1: tautan simbolik (symlink) di folder tahun; tidak dibaca" in output
    anggaran = year / "anggaran.yaml"
    anggaran.unlink()
    anggaran.symlink_to(secret)
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "content/2025/anggaran.yaml:1:1: berkas ini adalah tautan simbolik (symlink)" in output
    assert "JANGAN-TAMPIL" not in output and "Traceback" not in output
    (project_copy.content / "2026").symlink_to(year)
    code, output = run(project_copy, capsys, "build")
    assert code == 1 and "content/2026:1:1: folder ini adalah tautan simbolik (symlink)" in output


def test_a_part_above_its_whole_is_refused_unless_the_ratio_may_pass_100(project_copy, capsys):
    mutate(project_copy, "kinerja.yaml", "realisasi: {penyebut: 236}", "realisasi: {pembilang: 903, penyebut: 236}")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "pembilang 903 lebih besar dari penyebut 236: bagian tidak dapat melebihi keseluruhannya" in output
    text = (project_copy.content / "2025" / "kinerja.yaml").read_text(encoding="utf-8")
    start = text.index("realisasi: {pembilang: 903")
    rumus = text.rindex("      jenis: rasio\n", 0, start)
    (project_copy.content / "2025" / "kinerja.yaml").write_text(text[:rumus] + "      bagian: false\n" + text[rumus:], encoding="utf-8")
    code, output = run(project_copy, capsys, "validate")
    assert code == 0 and "lebih besar dari penyebut" not in output


def test_a_program_tree_of_ten_thousand_sub_kegiatan_is_accepted(project_copy, capsys):
    """A large provincial agency's budget tree: 10,000 sub kegiatan in one program.yaml validate."""
    path = project_copy.content / "2025" / "program.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "          - id: keg-adm-umum\n"
    start = text.index("            sub_kegiatan:\n", text.index(marker)) + len("            sub_kegiatan:\n")
    extra = "".join(f"              - {{id: sub-uji-{k}, nama: Sub kegiatan uji {k}, anggaran: 1000000, realisasi: 900000}}\n" for k in range(10_000))
    path.write_text(text[:start] + extra + text[start:], encoding="utf-8")
    code, output = run(project_copy, capsys, "validate")
    assert code == 0, output[-2000:]


def test_a_content_file_saved_as_yml_is_an_error_that_names_it(project_copy, capsys):
    """kinerja.yml is not read (only kinerja.yaml is): refused with its name, not a site without its IKU."""
    (project_copy.content / "2025" / "kinerja.yaml").rename(project_copy.content / "2025" / "kinerja.yml")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "content/2025/kinerja.yml:1:1: berkas isi harus berakhiran .yaml: ganti nama kinerja.yml menjadi kinerja.yaml" in output


def test_a_folder_that_is_not_a_year_is_refused_and_a_folder_inside_a_year_is_reported(project_copy, capsys):
    import shutil

    (project_copy.content / "2025" / "lama").mkdir()
    code, output = run(project_copy, capsys, "validate")
    assert code == 0 and "content/2025/lama:1:1: folder di dalam folder tahun tidak dibaca" in output
    shutil.copytree(project_copy.content / "2024", project_copy.content / "20255")  # a year mistyped: it would vanish from the site
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "content/20255:1:1: folder ini tidak dibaca: folder laporan harus bernama tahunnya, 2000 sampai 2099" in output
