"""Indonesian presentation of numbers, money, dates and spelled-out amounts.

Values are rounded half-up here (Babel would round half-even). Numbers take the Indonesian
separators of Babel's `id` locale (group ".", decimal ","), written by Python's own Decimal
formatting, which gives the same text at a fraction of the cost (a test compares them). Babel and
num2words are imported only when a date or an amount in words is written, so validating content
loads neither.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from .numbers import SETENGAH_KE_ATAS, round_half_up, rounded

LOCALE = "id"
DASH = "–"


def angka(value, places: int = 0, cara: str = SETENGAH_KE_ATAS) -> str:
    """1010 -> '1.010'; places=2: 60.9697 -> '60,97' (rounded half-up, or truncated with cara='potong')."""
    if value is None:
        return DASH
    text = f"{rounded(Decimal(value), places, cara):,.{places}f}"  # exact: already at `places` decimals
    return text.translate(_ID_SEPARATORS)


_ID_SEPARATORS = str.maketrans({",": ".", ".": ","})


def persen(value, places: int = 2, cara: str = SETENGAH_KE_ATAS) -> str:
    """135.4889 -> '135,49%'."""
    return DASH if value is None else angka(value, places, cara) + "%"


def rupiah(value, places: int = 2) -> str:
    """10036268000 -> 'Rp 10.036.268.000,00'."""
    return DASH if value is None else "Rp " + angka(value, places)


def tanggal(value) -> str:
    """'2026-01-14' -> '14 Januari 2026', '2021-03' -> 'Maret 2021'; 'belum ditetapkan' for a draft without a date."""
    from babel.dates import format_date

    if value is None:
        return "belum ditetapkan"
    if isinstance(value, str) and len(value) == 7:  # a month only: '2021-03' -> 'Maret 2021'
        return format_date(datetime.date.fromisoformat(f"{value}-01"), "MMMM y", locale=LOCALE)
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return format_date(value, "d MMMM y", locale=LOCALE)


def terbilang(value) -> str:
    """Spelled-out rupiah: 10036268000 -> 'sepuluh miliar tiga puluh enam juta dua ratus enam puluh delapan ribu rupiah'."""
    from num2words import num2words

    if value is None:
        return DASH
    amount = round_half_up(Decimal(value), 2)
    whole = int(amount)
    sen = int((amount - whole) * 100)
    words = num2words(whole, lang=LOCALE) + " rupiah"
    if sen:
        words += " " + num2words(sen, lang=LOCALE) + " sen"
    return words


def nilai(value, satuan: str = "%", places: int = 2, cara: str = SETENGAH_KE_ATAS) -> str:
    """An indicator value in its unit: '60,97%' or '1.619 unit usaha'; 'belum dilaporkan' when absent;
    a text value (a binary indicator's 'WTP') as it is."""
    if value is None:
        return "belum dilaporkan"
    if isinstance(value, str):
        return value
    if (satuan or "").strip() == "%":
        return persen(value, places, cara)
    value = Decimal(value)
    digits = 0 if value == value.to_integral_value() else places
    return f"{angka(value, digits, cara)} {satuan}".rstrip()


def perubahan(value, satuan: str = "%", places: int = 2, cara: str = SETENGAH_KE_ATAS) -> str:
    """A change, signed: '+12,50 poin' for percentages (with the report's decimals), '+Rp 1.000,00'
    for money, '+3 orang' for counts."""
    if value is None:
        return DASH
    value = Decimal(value)
    size = abs(value)
    if satuan.strip() == "%":
        size = rounded(size, places, cara)
    sign = "+" if value > 0 and size else ("−" if value < 0 and size else "±")
    if satuan.strip() == "%":
        return f"{sign}{angka(size, places)} poin"
    if satuan.strip() == "Rp":
        return f"{sign}{rupiah(size)}"
    places = 0 if size == size.to_integral_value() else 2
    return f"{sign}{angka(size, places)} {satuan}".rstrip()
