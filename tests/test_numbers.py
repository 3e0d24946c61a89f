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
