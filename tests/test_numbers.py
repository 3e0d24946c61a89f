"""Exact arithmetic and Indonesian formats, pinned with the report's real figures."""
from decimal import Decimal as D

import pytest

from lkjip import fmt
from lkjip.numbers import capaian, growth, kategori, percent, round_half_up

SKALA = [
    {"nama": "Sangat Baik", "batas_bawah": 90},
    {"nama": "Baik", "batas_bawah": 75},
    {"nama": "Cukup", "batas_bawah": 65},
    {"nama": "Kurang", "batas_bawah": 50},
    {"nama": "Sangat Kurang", "batas_bawah": 0},
]


@pytest.mark.parametrize("part, whole, shown", [
    (503, 825, "60.97"),     # penempatan pencari kerja terdaftar
    (1010, 6133, "16.47"),   # perusahaan dengan tata kelola yang layak
    (103, 236, "43.64"),     # koperasi berkualitas
    (106, 881, "12.03"),     # UMKM tangguh dan mandiri
    (96, 277, "34.66"),      # perusahaan yang memiliki PP
    (219, 708, "30.93"),     # pengurus koperasi bersertifikat
])
def test_realisasi_from_counts(part, whole, shown):
    assert round_half_up(percent(part, whole)) == D(shown)


@pytest.mark.parametrize("part, whole, target, shown", [
    (503, 825, "45.00", "135.49"),
    (106, 881, "8.00", "150.40"),
    (103, 236, "46.80", "93.26"),
])
def test_capaian_is_computed_from_exact_realisasi(part, whole, target, shown):
    assert round_half_up(capaian(percent(part, whole), D(target))) == D(shown)


def test_capaian_lower_is_better_uses_second_formula():
    # target 10, realisasi 8 -> (10 - (8 - 10)) / 10 x 100 = 120
    assert capaian(D(8), D(10), "turun") == D(120)
    assert capaian(D(12), D(10), "turun") == D(80)


def test_undefined_figures_are_none_not_zero():
    assert percent(5, 0) is None
    assert capaian(None, D(45)) is None
    assert capaian(D(50), D(0)) is None


def test_growth_of_cooperative_turnover():
    assert round_half_up(growth(1136781120205, 1740370396719)) == D("53.10")


def test_round_half_up_not_half_even():
    assert round_half_up(D("0.125")) == D("0.13")
    assert round_half_up(D("2.5"), 0) == D("3")
    assert fmt.persen(D("0.125")) == "0,13%"


@pytest.mark.parametrize("value, expected", [
    (D("135.49"), "Sangat Baik"), (D("90"), "Sangat Baik"), (D("89.994"), "Baik"),
    (D("89.995"), "Sangat Baik"),  # shown as 90,00 -> the category of what is shown
    (D("74.99"), "Cukup"), (D("50"), "Kurang"), (D("49.99"), "Sangat Kurang"),
])
def test_category_from_scale_data(value, expected):
    assert kategori(value, SKALA) == expected


def test_indonesian_formats():
    assert fmt.rupiah(D("10036268000")) == "Rp 10.036.268.000,00"
    assert fmt.rupiah(D("8767409001.00")) == "Rp 8.767.409.001,00"
    assert fmt.persen(percent(503, 825)) == "60,97%"
    assert fmt.tanggal("2026-01-14") == "14 Januari 2026"
    assert fmt.angka(6133) == "6.133"
    assert fmt.nilai(D(1619), "unit usaha") == "1.619 unit usaha"
    assert fmt.nilai(None, "%") == "belum dilaporkan"


def test_terbilang():
    assert fmt.terbilang(D("10036268000")) == "sepuluh miliar tiga puluh enam juta dua ratus enam puluh delapan ribu rupiah"
    assert fmt.terbilang(D("886478597.50")).endswith("lima ratus sembilan puluh tujuh rupiah lima puluh sen")


def test_floats_are_refused():
    from lkjip.numbers import dec
    with pytest.raises(TypeError):
        dec(1.01)


# --- methods other reports use (data in laporan.yaml `metode` / `pembulatan`, not code) -------------

from lkjip.compute import Metode, Periode, measure  # noqa: E402
from lkjip.numbers import capaian_biner, reduction, rounded  # noqa: E402


def test_lower_is_better_by_inverse_ratio():
    # kebalikan: target / realisasi x 100 — waktu layanan target 10 hari, realisasi 8 hari
    assert capaian(D(8), D(10), "turun", "kebalikan") == D(125)
    assert capaian(D(12), D(10), "turun", "kebalikan").quantize(D("0.01")) == D("83.33")


def test_capaian_cap():
    assert capaian(D(150), D(100), batas=D(120)) == D(120)
    assert capaian(D(90), D(100), batas=D(120)) == D(90)


def test_binary_indicator_met_or_not():
    assert capaian_biner("WTP", "wtp") == D(100)
    assert capaian_biner("WDP", "WTP") == D(0)
    assert capaian_biner(D(1), D(1)) == D(100)
    assert capaian_biner(None, "WTP") is None


def test_reduction_of_a_case_backlog():
    # Pengadilan Agama Kuala Kurun, Tabel 3.5: sisa perkara 2 -> 1 is a 50% reduction; 1 -> 2 is -100%
    assert reduction(2, 1) == D(50)
    assert reduction(1, 2) == D(-100)
    assert round_half_up(capaian(reduction(2, 1), D(3)), 0) == D(1667)


def test_truncation_and_whole_percent_rounding():
    # Lapas Baubau prints 100/15 as 666,66 (truncated); PA Kuala Kurun prints whole percentages
    assert rounded(capaian(D(100), D(15)), 2, "potong") == D("666.66")
    assert rounded(capaian(D(100), D(15)), 2) == D("666.67")
    assert rounded(percent(62, 63), 0) == D(98)
    assert fmt.persen(D("666.669"), 2, "potong") == "666,66%"


def test_category_is_judged_on_the_figure_as_rounded():
    # 89,996 shows as 90,00 and is rated on 90,00; truncated it shows 89,99
    assert kategori(D("89.996"), SKALA) == "Sangat Baik"
    assert kategori(D("89.996"), SKALA, 2, "potong") == "Baik"


def _indicator(**extra):
    return {"id": "ind-x", "nama": "X", "satuan": "%", "rumus": {"jenis": "rasio"}, "realisasi": {"pembilang": 40, "penyebut": 100}, **extra}


def test_part_year_report_rates_only_a_period_target():
    semester = Periode("semester", 1)
    assert semester.judul(2022) == "s.d. Semester I Tahun 2022"
    annual_only = measure(_indicator(), SKALA, Metode(), target=D(80), periode=semester)
    assert annual_only.capaian == D(50) and annual_only.kategori is None and not annual_only.dinilai
    with_period = measure(_indicator(), SKALA, Metode(), target=D(80), periode=semester, target_periode=D(40))
    assert with_period.capaian == D(100) and with_period.kategori == "Sangat Baik"
    assert with_period.target_tahunan == D(80)


def test_an_indicator_may_override_the_reports_method():
    m = measure(_indicator(arah="turun", metode={"capaian_turun": "kebalikan"}), SKALA, Metode(), target=D(20))
    assert m.capaian == D(50)
    assert measure(_indicator(arah="turun"), SKALA, Metode(), target=D(20)).capaian == D(0)


def test_text_realisation_of_a_binary_indicator():
    m = measure({"id": "opini", "nama": "Opini BPK", "satuan": "opini", "arah": "biner", "rumus": {"jenis": "langsung"},
                 "realisasi": {"nilai": "WTP"}}, SKALA, Metode(), target="WTP")
    assert (m.realisasi, m.capaian, m.kategori) == ("WTP", D(100), "Sangat Baik")


def test_a_signing_date_given_as_a_month_only():
    assert fmt.tanggal("2021-03") == "Maret 2021"
    assert fmt.tanggal("2026-01-14") == "14 Januari 2026"


@pytest.mark.parametrize("places", [0, 1, 2, 3])
@pytest.mark.parametrize("cara", ["setengah-ke-atas", "potong"])
def test_number_text_is_what_babel_writes_for_indonesian(places, cara):
    """fmt.angka writes the separators itself (Babel costs a call per figure); the text must be
    Babel's for the `id` locale, for the report's own figures and the awkward ones."""
    from babel.numbers import format_decimal

    from lkjip.numbers import rounded

    values = ["10036268000", "135.4889", "60.9697", "0.005", "-0.004", "-1234567.895", "0", "-0",
              "999.995", "1E+3", "12345678901234567890.125", "1.5", "-2.5", "0.0001"]
    pattern = "#,##0" + ("." + "0" * places if places else "")
    for value in values:
        expected = format_decimal(rounded(D(value), places, cara), pattern, locale="id")
        assert fmt.angka(D(value), places, cara) == expected, value


def test_validating_content_loads_no_rendering_library(tmp_path):
    """`lkjip validate` imports neither Jinja, Markdown, Babel nor num2words (they cost about
    200 ms of start-up in every run of the command)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = ("import sys; from lkjip.cli import main; rc = main(['--root', sys.argv[1], 'validate']); "
            "print(sorted(m for m in ('jinja2', 'markdown', 'babel', 'num2words', 'mkdocs') if m in sys.modules)); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
