"""Data-quality rules: quiet where the document agrees with itself, precise where it does not."""
import copy
from decimal import Decimal as D

import pytest

from generator import checks, compute
from generator.build import Project
from generator.checks import PEMBULATAN, SELISIH, compare_derived, compare_fact, words_to_number
from generator.validate import validate_content
from tests.conftest import ROOT


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
        ("46,00%", SELISIH), ("93,24%", SELISIH), ("93,25%", PEMBULATAN), ("52,20%", SELISIH)}
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
    assert [f for f in report.temuan if f.file == "organisasi"] == []


def _report_with(change):
    years, _ = validate_content(ROOT / "content", ROOT / "schema", ROOT)
    year = years[-1]
    files = copy.deepcopy({kind: loaded.data for kind, loaded in year.files.items()})
    change(files)
    report = compute.compute_report(year.year, files)
    report.temuan = checks.run_checks(report)
    return report


def test_a_changed_leaf_makes_its_printed_subtotals_disagree():
    def change(files):
        leaf = files["program"]["bidang"][1]["program"][1]["kegiatan"][1]["sub_kegiatan"][1]  # Job Fair
        assert leaf["id"] == "sub-job-fair"
        leaf["anggaran"] = D("71050000.00")  # ten million more
    report = _report_with(change)
    table = findings_for(report, sumber="Tabel 3.8")
    keys = {(f.kunci, f.subjek.split(" — ")[0]) for f in table}
    assert ("keg-informasi-pasar-kerja", "Anggaran") in keys and ("prog-penempatan", "Anggaran") in keys
    assert ("total", "Total anggaran (Tabel 3.8)") in keys
    assert all(f.jenis == SELISIH for f in table)


def test_a_changed_count_changes_realisasi_findings():
    def change(files):
        files["kinerja"]["iku"][0]["realisasi"]["pembilang"] = 600
    report = _report_with(change)
    stated = findings_for(report, kunci="iku-penempatan-pencaker", sumber="Tabel 3.9")
    assert {f.subjek.split(" — ")[0] for f in stated} >= {"Realisasi", "Capaian"}


def test_staffing_total_typo_is_caught():
    def change(files):
        files["organisasi"]["kepegawaian"]["jabatan"]["baris"][0]["terisi"] = 2
    report = _report_with(change)
    [f] = findings_for(report, kunci="tabel-jabatan")
    assert (f.sumber, f.dinyatakan, f.dihitung) == ("Tabel 1.1", "62", "63")
