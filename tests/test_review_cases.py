"""Content an agency could plausibly write that once passed `validate` and then broke `build` or
showed a wrong figure (found by a review of the code); each is now refused with a located message
or built correctly."""
from __future__ import annotations

from decimal import Decimal as D

from lkjip import numbers as n
from lkjip.build import latest_report

from .test_cli import mutate, run

SKALA = "            - tabel: {jenis: skala-capaian, nomor: '3.1', judul: Kategori Skala Peringkat Capaian Kinerja}\n"


def add_in_3_1(project, block: str):
    mutate(project, "laporan.yaml", SKALA, block + SKALA)


def test_a_table_id_the_site_would_give_another_table_is_not_handed_out_twice(project_copy, capsys):
    add_in_3_1(project_copy, "            - tabel: {jenis: data, id: belanja-2, judul: Aset, kolom: [{kunci: uraian}, {kunci: a, jenis: cacah}], baris: [{uraian: Kendaraan, a: 3}]}\n")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    tables = latest_report(project_copy).tables
    assert tables["belanja-2"].jenis == "data" and any(t.jenis == "belanja" and t.nomor == "2.6" for t in tables.values())


def test_a_table_id_the_site_uses_for_its_own_files_is_refused(project_copy, capsys):
    add_in_3_1(project_copy, "            - tabel: {jenis: kaskade, id: datapackage}\n")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "ID tabel 'datapackage' dipakai situs sendiri" in output


def test_a_table_number_used_twice_is_a_warning_and_still_builds(project_copy, capsys):
    add_in_3_1(project_copy, "            - tabel: {jenis: kaskade, nomor: '3.2', judul: Kaskade lagi}\n")
    code, output = run(project_copy, capsys, "validate")
    assert code == 0 and "nomor tabel 3.2 sudah dipakai di kerangka" in output
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output


def test_an_unnumbered_section_with_punctuation_in_its_title_gets_a_working_anchor(project_copy, capsys):
    mutate(project_copy, "laporan.yaml", "      - bagian:\n          id: kerangka-pengukuran\n",
           "      - bagian: {judul: \"Capaian Renstra 2025–2029 / Evaluasi\", isi: [{bagian: {nomor: '3.0', judul: Uji, isi: [{teks: Uji.}]}}]}\n"
           "      - bagian:\n          id: kerangka-pengukuran\n")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output


def test_a_year_known_in_part_shows_its_sections_inline(project_copy, capsys):
    text = (project_copy.content / "2024" / "laporan.yaml").read_text(encoding="utf-8")
    start = text.index("      - tabel:\n          jenis: capaian-iku")
    block = text[start:]
    wrapped = "      - bagian:\n          judul: Capaian IKU 2024\n          halaman: capaian\n          isi:\n" + "".join(
        "      " + line + "\n" if line.strip() else "\n" for line in block.splitlines())
    (project_copy.content / "2024" / "laporan.yaml").write_text(text[:start] + wrapped, encoding="utf-8")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    assert "Capaian IKU 2024" in (project_copy.site / "2024" / "index.html").read_text(encoding="utf-8")


def test_a_chart_of_a_text_column_is_refused(project_copy, capsys):
    add_in_3_1(project_copy, "            - tabel: {jenis: data, id: uji, judul: Uji, kolom: [{kunci: uraian}, {kunci: a, jenis: cacah}, {kunci: ket}], "
                             "baris: [{uraian: X, a: 1, ket: '-'}], grafik: {seri: [a, ket]}}\n")
    code, output = run(project_copy, capsys, "build")
    assert code == 1 and "kolom 'ket' berisi teks; grafik hanya dapat menggambar kolom bilangan" in output and "Traceback" not in output


def test_a_stated_difference_of_an_indicator_not_yet_reported_is_no_crash(project_copy, capsys):
    mutate(project_copy, "program.yaml", "                rumus: {jenis: rasio, pembilang: Jumlah pencari kerja ditempatkan, penyebut: Jumlah pencari kerja terdaftar pada tahun N, bilangan_bulat: true, fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}}\n", "                rumus: {jenis: pertumbuhan}\n")
    mutate(project_copy, "program.yaml", "                  - {sumber: Teks 3.1.7, realisasi: 60.97, catatan: Ditulis",
           "                  - {sumber: Teks 3.1.7, selisih: 12}\n                  - {sumber: Teks 3.1.7, realisasi: 60.97, catatan: Ditulis")
    code, output = run(project_copy, capsys, "check")
    assert code == 0 and "Traceback" not in output and "Selisih — persentase serapan lowongan kerja" in output


def test_charts_round_as_the_report_rounds(project_copy, capsys):
    mutate(project_copy, "laporan.yaml", "pembulatan: {desimal: 2, cara: setengah-ke-atas", "pembulatan: {desimal: 0, cara: potong")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    html = (project_copy.site / "2025" / "akuntabilitas" / "index.html").read_text(encoding="utf-8")
    assert "Capaian 135%" in html and "135,49%" not in html  # 503/825 = 60,97 %; ÷ 45 % = 135,488…, truncated to a whole number


def test_a_negative_capaian_falls_in_the_lowest_band_of_a_scale_from_zero():
    skala = [{"nama": "Baik", "batas_bawah": 76}, {"nama": "Sangat Kurang", "batas_bawah": 0}]
    assert n.kategori(n.capaian(D(11), D(5), "turun"), skala) == "Sangat Kurang"  # (2 × 5 − 11) / 5 = −20 %
    assert n.kategori(D(-1), [{"nama": "Cukup", "batas_bawah": 50}]) is None  # a scale that starts above 0 says nothing below it


def test_an_indicator_that_must_fall_needs_a_negative_yearly_change(report):
    from dataclasses import replace

    iku = report.iku[0]
    falling = replace(iku, target_renstra={2025: D(5), 2026: D(4.5), 2029: D(3)}, ukur=replace(iku.ukur, realisasi=D(6), arah="turun"))
    assert falling.kenaikan_per_tahun == D(-0.75)


def test_a_table_of_an_earlier_year_finds_that_year_when_it_is_not_the_year_before(project_copy, capsys):
    (project_copy.content / "2024").rename(project_copy.content / "2023")
    path = project_copy.content / "2023" / "laporan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tahun: 2024", "tahun: 2023"), encoding="utf-8")
    kinerja = (project_copy.content / "2025" / "kinerja.yaml").read_text(encoding="utf-8").replace("{tahun: 2024,", "{tahun: 2023,")
    (project_copy.content / "2025" / "kinerja.yaml").write_text(kinerja, encoding="utf-8")
    mutate(project_copy, "laporan.yaml", "{jenis: iku-tahun-lalu, nomor: '3.4',", "{jenis: iku-tahun-lalu, tahun: 2023, nomor: '3.4',")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    table = next(t for t in latest_report(project_copy).tables.values() if t.nomor == "3.4")
    assert len(table.rows) == 4 and table.kosong is None


def test_a_stated_count_of_sub_kegiatan_is_counted_as_sub_kegiatan(project_copy, capsys):
    mutate(project_copy, "program.yaml", "      - id: prog-penempatan\n", "      - id: prog-penempatan\n        dinyatakan: [{sumber: Teks 3.1.7, jumlah_kegiatan: 2, jumlah_sub_kegiatan: 3}]\n")
    code, output = run(project_copy, capsys, "check")
    assert "Jumlah sub kegiatan — Program Penempatan" not in output and "Jumlah kegiatan — Program Penempatan" not in output


def test_a_decimal_below_one_with_three_places_is_not_taken_for_thousands(project_copy, capsys):
    mutate(project_copy, "kinerja.yaml", "realisasi: {penyebut: 236}", "realisasi: {pembilang: 0.356, penyebut: 1}")
    code, output = run(project_copy, capsys, "validate")
    assert "titik ribuan" not in output


# --- the second review ----------------------------------------------------------------------------

def test_a_logo_of_another_kind_gets_the_schema_message_not_a_crash(project_copy, capsys):
    (project_copy.content / "logo.svg").write_text("<svg/>", encoding="utf-8")
    instansi = project_copy.content / "instansi.yaml"
    instansi.write_text(instansi.read_text(encoding="utf-8") + "logo: logo.svg\n", encoding="utf-8")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "Traceback" not in output and "kesalahan internal" not in output and "logo" in output


def test_a_capaian_that_follows_a_wrong_written_realisasi_stays_a_disagreement(report):
    """Tabel 3.9 writes 16,00 for 16,47 % and 114,29 % (16 ÷ 14) for 117,63 %: not 'pembulatan bertingkat'."""
    f = next(f for f in report.temuan if f.kunci == "iku-tata-kelola-perusahaan" and f.sumber == "Tabel 3.9" and f.bidang == "capaian")
    assert f.jenis == "selisih" and "mengikuti realisasi yang tertulis di tempat yang sama (16,00)" in f.catatan


def test_an_indicator_named_as_it_is_is_no_row_label_finding_when_its_node_has_two(project_copy, capsys):
    mutate(project_copy, "program.yaml", "                  - {sumber: Teks 3.1.7, realisasi: 60.97, catatan: Ditulis",
           "                  - {sumber: Teks 3.1.7, nama: persentase serapan lowongan kerja pada IPK (Informasi Pasar Kerja), realisasi: 60.97, catatan: Ditulis")
    text = (project_copy.content / "2025" / "program.yaml").read_text(encoding="utf-8")
    start = text.index("              - id: ind-keg-informasi-pasar-kerja")
    second = ("              - {id: ind-keg-informasi-pasar-kerja-2, nama: persentase serapan lowongan kerja luar daerah, satuan: '%', "
              "rumus: {jenis: langsung}, target: 1, realisasi: {nilai: 1}}\n")
    (project_copy.content / "2025" / "program.yaml").write_text(text[:start] + second + text[start:], encoding="utf-8")
    code, output = run(project_copy, capsys, "check")
    assert code == 0 and "Nama baris — persentase serapan lowongan kerja pada IPK" not in output


def test_sums_in_data_tables_are_kept_exact_and_only_averages_rounded(project_copy, capsys):
    mutate(project_copy, "laporan.yaml", "pembulatan: {desimal: 2, cara: setengah-ke-atas", "pembulatan: {desimal: 0, cara: potong")
    add_in_3_1(project_copy, "            - tabel: {jenis: data, id: uji, judul: Uji, kolom: [{kunci: uraian}, {kunci: a, jenis: bilangan}, {kunci: b, jenis: bilangan}, "
                             "{kunci: s, jenis: bilangan, rumus: {jumlah: [a, b]}}, {kunci: r, jenis: bilangan, rumus: {rata_rata: [a, b]}}], "
                             "baris: [{uraian: X, a: 1.5, b: 2.25}]}\n")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    csv = (project_copy.site / "2025" / "data" / "uji.csv").read_text(encoding="utf-8")
    assert "X,1.5,2.25,3.75,1" in csv  # the sum as it is; the average 1,875 truncated to a whole number, as the report rounds


def test_a_table_of_an_earlier_year_cannot_show_this_year(project_copy, capsys):
    mutate(project_copy, "laporan.yaml", "{jenis: iku-tahun-lalu, nomor: '3.4',", "{jenis: iku-tahun-lalu, tahun: 2025, nomor: '3.4',")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    table = next(t for t in latest_report(project_copy).tables.values() if t.nomor == "3.4")
    assert not table.rows and "tidak dimuat" in table.kosong


def test_a_year_known_in_part_keeps_its_foreword_and_its_iku_analysis(project_copy, capsys):
    path = project_copy.content / "2024" / "laporan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("kerangka:\n", "kerangka:\n  - {id: kata-pengantar, jenis: pengantar, judul: Kata Pengantar, isi: [{teks: Pengantar 2024.}]}\n"
                                 "  - {id: uraian, jenis: bab, judul: Uraian, isi: [{uraian: {jenis: iku}}]}\n", 1), encoding="utf-8")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    assert "Pengantar 2024." in (project_copy.site / "2024" / "index.html").read_text(encoding="utf-8")


def test_attachment_names_may_not_start_with_a_dot(project_copy, capsys):
    instansi = project_copy.content / "instansi.yaml"
    instansi.write_text(instansi.read_text(encoding="utf-8") + "logo: .logo.png\n", encoding="utf-8")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "logo" in output


def test_a_data_table_without_an_id_keeps_its_marks(project_copy, capsys):
    mutate(project_copy, "laporan.yaml", "                id: tabel-jabatan\n", "")
    mutate(project_copy, "laporan.yaml", "                  - {sumber: Tabel 1.1, formasi: 104, terisi: 62}", "                  - {sumber: Tabel 1.1, formasi: 105, terisi: 62}")
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    assert "Catatan kualitas data: Tabel 1.1 menulis 105" in (project_copy.site / "2025" / "profil" / "index.html").read_text(encoding="utf-8")
