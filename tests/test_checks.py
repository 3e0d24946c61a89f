"""Data-quality rules: quiet where the document agrees with itself, precise where it does not."""
from decimal import Decimal as D

import pytest

from lkjip import tulis
from lkjip.build import Project, latest_report
from lkjip.checks import BERTINGKAT, PEMBULATAN, SELISIH, compare_derived, compare_fact, words_to_number
from lkjip.loader import load_file
from tests.conftest import copy_project


@pytest.mark.parametrize("stated, computed, expected", [
    ("135.49", D(503) * 100 / 825 / D("0.45"), None),          # equal as the document rounds
    ("135.48", D(503) * 100 / 825 / D("0.45"), PEMBULATAN),    # truncated instead of rounded
    ("117.47", D("117.63"), SELISIH),                          # a real disagreement
    ("9961382596", D("9961382595.93"), None),                  # money written without its sen
    ("886478597", D("886478597.50"), PEMBULATAN),              # .50 rounds up, the document rounded down
    ("42499450", D("42449450.00"), SELISIH),
    ("100", None, SELISIH),                                    # stated where nothing can be computed
])
def test_compare_derived(stated, computed, expected):
    assert compare_derived(D(stated), computed) == expected


def test_compare_fact():
    assert compare_fact(D("46.80"), D("46.80")) is None
    assert compare_fact(D("46.00"), D("46.80")) == SELISIH


@pytest.mark.parametrize("words, number", [
    ("sepuluh milyar tigapuluh enam juta dua ratus enam puluh delapan ribu rupiah", 10036268000),
    ("Sepuluh Milyar Tiga Puluh Enam Ribu Dua Ratus Enam Puluh Delapan Rupiah", 10000036268),  # the 1.6 text drops "juta"
    ("seratus tujuh puluh sembilan juta tujuh ratus tiga puluh delapan ribu enam ratus tiga puluh rupiah", 179738630),
    ("satu milyar seratus lima belas juta sembilan ratus delapan ribu dua puluh sembilan rupiah", 1115908029),
    ("sebelas ribu seratus", 11100),
    ("enam puluh dua", 62),
    ("dua ratus ribu lima sen", None),  # 'sen' is not handled: refuse rather than guess
])
def test_words_to_number(words, number):
    assert words_to_number(words) == number


def findings_for(report, **match):
    return [f for f in report.temuan if all(getattr(f, k) == v for k, v in match.items())]


def test_known_disagreements_of_the_2025_document(report):
    def one(**match):
        found = findings_for(report, **match)
        assert len(found) == 1, (match, found)
        return found[0]

    f = one(kunci="iku-penempatan-pencaker", sumber="Tabel 3.2")
    assert (f.jenis, f.dinyatakan, f.dihitung) == (PEMBULATAN, "135,48%", "135,49%")
    assert f.lokasi.startswith("content/2025/kinerja.yaml:")
    f = one(kunci="iku-tata-kelola-perusahaan", sumber="Teks 3.1.1")
    assert (f.jenis, f.dinyatakan, f.dihitung) == (SELISIH, "117,47%", "117,63%")
    assert {(f.dinyatakan, f.jenis) for f in findings_for(report, kunci="iku-koperasi-berkualitas")} >= {
        ("46,00%", SELISIH), ("93,24%", SELISIH), ("93,25%", BERTINGKAT), ("52,20%", SELISIH)}
    # consistent with what the document itself shows, not a disagreement: 16,47 % shown, ÷ 15 % = 109,80 %
    f = one(kunci="prog-hubungan-industrial", sumber="Tabel 3.3", bidang="capaian")
    assert (f.jenis, f.dinyatakan, f.dihitung) == (BERTINGKAT, "109,80%", "109,79%")
    # the 49 of before, two mislabelled rows, one quantity with two values; a capaian that follows a written realisasi
    # which is itself wrong (16,00 for 16,47) stays a disagreement
    # and two headings whose years differ from their entry in the Daftar Isi or Daftar Tabel
    assert report.jumlah_temuan == {"selisih": 42, "pembulatan": 9, "bertingkat": 4}
    years = sorted((f.sumber, f.dinyatakan, f.dihitung) for f in report.temuan if f.bidang == "tahun-judul")
    assert years == [("Daftar Isi", "2024", "2025 (judul 3.2)"), ("Daftar Tabel", "2025 & 2024", "2024 (judul Tabel 3.4)")]
    f = one(kunci="total", sumber="Teks 1.6")
    assert f.subjek.startswith("Terbilang") and "10.000.036.268" in f.dinyatakan
    f = one(kunci="sub-ipk-online", sumber="Teks 3.1.7")
    assert (f.dinyatakan, f.dihitung) == ("Rp 42.499.450", "Rp 42.449.450,00")
    assert one(kunci="sub-basis-data-usaha-mikro", sumber="Teks 3.1.7").dinyatakan == "Rp 47.281.595"
    assert len(findings_for(report, sumber="Tabel 2.5")) == 6  # every program target differs from Tabel 3.3
    assert len(findings_for(report, kunci="skala")) == 2  # the gap at 89,9-90 and the overlap at 50,00


def test_consistent_tables_stay_quiet(report):
    """Tabel 3.8 and Tabel 1.1-1.4 agree with their own rows: no finding may come from them."""
    assert findings_for(report, sumber="Tabel 3.8") == []
    assert [f for f in report.temuan if f.sumber in ("Tabel 1.1", "Tabel 1.2", "Tabel 1.3", "Tabel 1.4", "Tabel 2.2", "Tabel 2.7")] == []
    assert [f for f in report.temuan if f.kunci in ("tabel-jabatan", "tabel-jenis-kelamin", "tabel-pangkat", "tabel-aset")] == []


def _report_with(tmp_path, change, year="2025"):
    """The computed report of a copy of the shipped content after `change(files)` (kind -> data)."""
    root = copy_project(tmp_path / "proj")
    folder = root / "content" / year
    files = {path.stem: load_file(path).data for path in folder.glob("*.yaml")}
    change(files)
    for kind, data in files.items():
        (folder / f"{kind}.yaml").write_text(tulis.dump(data), encoding="utf-8")
    return latest_report(Project(root))


def _outline_table(files, table_id):
    stack = [files["laporan"]["kerangka"]]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("id") == table_id and "jenis" in node:
                return node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    raise KeyError(table_id)


def test_a_changed_leaf_makes_its_printed_subtotals_disagree(tmp_path):
    def change(files):
        leaf = files["program"]["bidang"][1]["program"][1]["kegiatan"][1]["sub_kegiatan"][1]  # Job Fair
        assert leaf["id"] == "sub-job-fair"
        leaf["anggaran"] = D("71050000.00")  # ten million more
    report = _report_with(tmp_path, change)
    table = findings_for(report, sumber="Tabel 3.8")
    keys = {(f.kunci, f.subjek.split(" — ")[0]) for f in table}
    assert ("keg-informasi-pasar-kerja", "Anggaran") in keys and ("prog-penempatan", "Anggaran") in keys
    assert ("total", "Total anggaran") in keys
    assert all(f.jenis == SELISIH for f in table)


def test_a_printed_row_that_breaks_its_column_makes_the_printed_subtotal_a_finding(tmp_path):
    """Tabel 3.8 adds up today (no finding of this kind). A sub kegiatan printed ten million higher
    than its facts: the row is one finding, and the kegiatan above it, whose printed figure is
    still the facts' sum, no longer is the sum of the rows printed under it: a second finding."""
    assert not [f for f in _report_with(tmp_path / "a", lambda files: None).temuan if f.bidang.endswith("-tertulis")]

    def change(files):
        leaf = files["program"]["bidang"][1]["program"][1]["kegiatan"][1]["sub_kegiatan"][1]  # Job Fair
        assert leaf["id"] == "sub-job-fair"
        st = next(st for st in leaf["dinyatakan"] if st["sumber"] == "Tabel 3.8")
        st["anggaran"] = leaf["anggaran"] + D("10000000")  # the row printed with another figure than its facts
    report = _report_with(tmp_path / "b", change)
    printed = [f for f in report.temuan if f.bidang.endswith("-tertulis")]
    assert [(f.kunci, f.sumber, f.bidang) for f in printed] == [("keg-informasi-pasar-kerja", "Tabel 3.8", "anggaran-tertulis")]
    [f] = printed
    assert f.tertulis + D("10000000") == f.hitungan  # printed subtotal vs the sum of the printed rows
    assert "sub-job-fair" in {g.kunci for g in report.temuan if g.sumber == "Tabel 3.8"}


def test_a_changed_count_changes_realisasi_findings(tmp_path):
    def change(files):
        files["kinerja"]["iku"][0]["realisasi"] = {"pembilang": 600}  # typed: the shared fact says 503
    report = _report_with(tmp_path, change)
    stated = findings_for(report, kunci="iku-penempatan-pencaker", sumber="Tabel 3.9")
    assert {f.subjek.split(" — ")[0] for f in stated} >= {"Realisasi", "Capaian"}


def test_staffing_total_typo_is_caught(tmp_path):
    def change(files):
        _outline_table(files, "tabel-jabatan")["baris"][1]["terisi"] = 5  # Eselon III: 5 of 5 posts instead of 4
    report = _report_with(tmp_path, change)
    [f] = findings_for(report, kunci="tabel-jabatan")
    assert (f.sumber, f.dinyatakan, f.dihitung, f.bidang) == ("Tabel 1.1", "62", "63", "Jumlah|terisi")
    cell = next(r for r in report.tables["tabel-jabatan"].rows if r.tingkat == "total").cells["terisi"]
    assert cell.temuan == [f]  # the mark sits on the printed total that disagrees, nowhere else in the table


def test_a_finding_says_when_it_changes_a_category(report):
    """18,55 % stated for 881 of 47.770 UMKM (1,84 %) against a 6,50 % target: with that figure it would be rated
    Sangat Baik; the facts give Sangat Kurang. The data-quality page lists it first."""
    serious = [f for f in report.temuan if f.dampak]
    assert [(f.kunci, f.dinyatakan, f.dihitung) for f in serious] == [("keg-pemberdayaan-usaha-mikro", "18,55%", "1,84%")]
    assert serious[0].dampak == "kategori Sangat Baik (menurut angka dokumen) → Sangat Kurang (hitungan)"
    assert all(f.dampak is None for f in report.temuan if f.jenis != SELISIH)


def test_a_stated_efficiency_on_the_other_side_of_the_line_changes_the_verdict(tmp_path):
    def change(files):
        files["kinerja"]["iku"][0]["dinyatakan"].append({"sumber": "Tabel 3.6", "efisiensi": -5})
    report = _report_with(tmp_path, change)
    f = next(f for f in report.temuan if f.bidang == "efisiensi" and f.kunci == "iku-penempatan-pencaker")
    assert f.dampak == "penilaian tidak efisien (menurut angka dokumen) → efisien (hitungan)"


def test_a_row_that_carries_another_indicators_name_is_found(report):
    """Tabel 3.6 and the 2025 table after Tabel 3.4 print the koperasi figures (46,80 %; 43,64 %)
    under the name of the tata kelola indicator. Abbreviated names of the right indicator
    ("Dgn", "Yg") are not findings."""
    found = [(f.sumber, f.dinyatakan) for f in report.temuan if f.bidang == "nama"]
    assert found == [("Tabel 3.4", "Persentase Perusahaan Dgn Tata Kelola Yg Layak"), ("Tabel 3.6", "Persentase Perusahaan Dgn Tata Kelola Yg Layak")]
    assert all(f.kunci == "iku-koperasi-berkualitas" for f in report.temuan if f.bidang == "nama")


def test_one_quantity_used_with_two_values_is_found(report):
    """'Jumlah koperasi aktif' (the shared fact koperasi-aktif) is 236 in the IKU and 304 in both koperasi programs."""
    found = [f for f in report.temuan if f.subjek.startswith("Jumlah koperasi aktif")]
    assert [(f.kunci, f.dinyatakan, f.dihitung) for f in found] == [("iku-koperasi-berkualitas", "236", "indikator lain memakai 304")]
    assert "bernilai 304 untuk" in found[0].catatan


def test_a_written_formula_that_is_not_the_method_applied_is_found(tmp_path, report):
    from lkjip.checks import formula_kind

    assert [formula_kind(t) for t in ("Realisasi / Target × 100%", "(Target − (Realisasi − Target)) / Target × 100%",
                                      "(2 x Target - Realisasi) : Target x 100%", "Target ÷ Realisasi × 100%", "5 = 4/3x100%")] == [
        "naik", "selisih", "selisih", "kebalikan", None]
    assert not [f for f in report.temuan if f.kunci == "rumus"]  # Jambi writes the formulas it applies

    def change(files):
        files["laporan"]["metode"]["capaian_turun"] = "kebalikan"
    changed = _report_with(tmp_path, change)
    found = [f for f in changed.temuan if f.kunci == "rumus"]
    assert [(f.bidang, f.dihitung) for f in found] == [("rumus:turun", "target ÷ realisasi")]


def test_a_sentence_that_names_this_report_with_last_years_year_is_found(report):
    """1.7 Sistematika: 'LKjIP Dinas Tenaga Kerja Koperasi dan UKM Kota Jambi tahun 2024' in the 2025 report.
    Laws and regulations with their years, and other reports named in passing, are not findings."""
    found = [f for f in report.temuan if f.kunci == "tahun-laporan"]
    assert [(f.sumber, f.dinyatakan, f.dihitung) for f in found] == [("Teks 1.7", "2024", "2025 (tahun laporan ini)")]


@pytest.mark.parametrize("shown, listed, differ", [
    ("Realisasi Anggaran 2025", "Realisasi Anggaran 2024", True),
    ("Target dan Realisasi Kinerja Tahun 2024", "Perbandingan Target dan Realisasi Kinerja Tahun 2025 & 2024", True),
    ("Anggaran Tahun 2025", "Keuangan Tahun 2025", False),  # other words, the same year: no finding
    ("Renstra 2025-2029", "Renstra 2025–2029", False),
    ("Realisasi Anggaran 2025", "Realisasi Anggaran", False),  # a listing without a year says nothing of it
])
def test_a_heading_and_its_listing_are_compared_by_the_years_they_name(shown, listed, differ):
    from lkjip.checks import _differing_years

    assert _differing_years(shown, listed) is differ


def test_a_shared_fact_is_written_once_and_every_use_follows_it(tmp_path, report):
    """pencaker-terdaftar (825) is the denominator of the IKU, of the program and of its kegiatan,
    written once in kinerja.yaml `fakta`: changing it there changes all three."""
    by_id = {i.id: i.ukur for i in report.iku}
    nodes = report.tree.index()
    assert by_id["iku-penempatan-pencaker"].fakta == {"pembilang": 503, "penyebut": 825}
    assert nodes["prog-penempatan"].indikator_list[0].fakta["penyebut"] == 825

    def change(files):
        fact = next(f for f in files["kinerja"]["fakta"] if f["id"] == "pencaker-terdaftar")
        fact["nilai"] = 830
    changed = _report_with(tmp_path, change)
    assert {i.id: i.ukur for i in changed.iku}["iku-penempatan-pencaker"].fakta["penyebut"] == 830
    nodes = changed.tree.index()
    assert nodes["prog-penempatan"].indikator_list[0].fakta["penyebut"] == 830
    assert nodes["keg-informasi-pasar-kerja"].indikator_list[0].fakta["penyebut"] == 830
    same_fact = [f for f in changed.temuan if (f.teks_hitungan or "").startswith(("fakta bersama", "indikator lain"))]
    assert [f.kunci for f in same_fact] == ["iku-koperasi-berkualitas"]  # every use follows: no new disagreement between uses
    # only the document's own sentence, which says 825, now disagrees with the fact
    assert [(f.sumber, f.dinyatakan) for f in changed.temuan if f.kunci == "iku-penempatan-pencaker" and f.subjek.startswith("Penyebut")] == [
        ("Teks 3.1.1", "825")]


def test_a_use_that_states_another_value_than_its_shared_fact_is_a_finding(tmp_path):
    def change(files):
        files["kinerja"]["iku"][0]["realisasi"] = {"penyebut": 852}  # the figure this place of the document gives
    report = _report_with(tmp_path, change)
    [f] = [f for f in report.temuan if f.kunci == "iku-penempatan-pencaker" and (f.teks_hitungan or "").startswith("fakta bersama")]
    assert (f.dinyatakan, f.dihitung) == ("852", "fakta bersama bernilai 825")
    assert f.catatan == "Fakta bersama “Jumlah pencari kerja terdaftar” bernilai 825 (Teks 3.1.1)."


def test_a_narrative_has_no_printed_rows_to_add_up(tmp_path):
    """Teks 3.1.7 names Pengelolaan Informasi Pasar Kerja's budget as the facts give it, and of Job
    Fair only the realisation: the text never printed Job Fair's budget, so its sub kegiatan row
    (42.499.450, already a finding) does not make the kegiatan's figure 'not the sum of its rows'."""
    def change(files):
        kegiatan = files["program"]["bidang"][1]["program"][1]["kegiatan"][1]
        assert kegiatan["id"] == "keg-informasi-pasar-kerja" and kegiatan["sub_kegiatan"][1]["id"] == "sub-job-fair"
        next(st for st in kegiatan["dinyatakan"] if st["sumber"] == "Teks 3.1.7")["anggaran"] = D("103499450.00")
        kegiatan["sub_kegiatan"][1]["dinyatakan"].append({"sumber": "Teks 3.1.7", "realisasi": 60760000})
    report = _report_with(tmp_path, change)
    assert not [f for f in report.temuan if f.bidang.endswith("-tertulis")]
    assert ("sub-ipk-online", "Teks 3.1.7", "anggaran") in {(f.kunci, f.sumber, f.bidang) for f in report.temuan}
