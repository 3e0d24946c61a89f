"""Exact arithmetic for the report's derived figures (pure functions, Decimal only, never float)."""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, localcontext

Number = int | Decimal


def dec(value: Number | None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):  # the loader never produces floats; refuse to start now
        raise TypeError("float given where an exact number is needed")
    return Decimal(value)


def places_written(value) -> int:
    """How many decimals a typed figure is written with: 886478597.50 -> 2, 1010 -> 0."""
    exponent = Decimal(value).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def percent(part: Number | None, whole: Number | None) -> Decimal | None:
    """part / whole x 100, exact to 28 significant digits; None when undefined (missing or zero whole)."""
    if part is None or whole is None or Decimal(whole) == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(part) * 100 / Decimal(whole)


def growth(start: Number | None, end: Number | None) -> Decimal | None:
    """(end - start) / start x 100."""
    if start is None or end is None:
        return None
    return percent(Decimal(end) - Decimal(start), start)


def reduction(start: Number | None, end: Number | None) -> Decimal | None:
    """(start - end) / start x 100: how much a quantity that should fall (backlog, complaints) fell."""
    if start is None or end is None:
        return None
    return percent(Decimal(start) - Decimal(end), start)


def round_half_up(value: Decimal | None, places: int = 2) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


POTONG = "potong"
SETENGAH_KE_ATAS = "setengah-ke-atas"


def round_down(value: Decimal | None, places: int = 2) -> Decimal | None:
    """Truncation toward zero (`potong`): 60.969 -> 60.96."""
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)


def rounded(value: Decimal | None, places: int = 2, cara: str = SETENGAH_KE_ATAS) -> Decimal | None:
    """A figure as the report rounds it: half-up (the default) or truncated."""
    return round_down(value, places) if cara == POTONG else round_half_up(value, places)


SELISIH = "selisih"  # lower is better: (2T - R) / T x 100
KEBALIKAN = "kebalikan"  # lower is better: T / R x 100


def capaian(realisasi: Number | None, target: Number | None, arah: str = "naik", turun: str = SELISIH,
            batas: Number | None = None) -> Decimal | None:
    """Achievement against target by the report's method (data, not code).

    naik (higher is better):            realisasi / target x 100
    turun, selisih (lower is better):   (target - (realisasi - target)) / target x 100
    turun, kebalikan (lower is better): target / realisasi x 100
    `batas`: an upper cap on the result (e.g. 120). None when a target or realisation is missing,
    or the formula would divide by zero: a capaian that cannot be computed is never shown as 0 %.
    """
    if realisasi is None or target is None:
        return None
    realisasi, target = Decimal(realisasi), Decimal(target)
    if arah == "turun":
        value = percent(target, realisasi) if turun == KEBALIKAN else percent(target - (realisasi - target), target)
    else:
        value = percent(realisasi, target)
    if value is not None and batas is not None and value > Decimal(batas):
        return Decimal(batas)
    return value


def capaian_biner(realisasi, target, batas: Number | None = None) -> Decimal | None:
    """Binary indicators (tercapai / tidak): 100 when the target is met (the same text, or a number
    at least the target), else 0."""
    if realisasi is None or target is None:
        return None
    if isinstance(realisasi, str) or isinstance(target, str):
        met = str(realisasi).strip().lower() == str(target).strip().lower()
    else:
        met = Decimal(realisasi) >= Decimal(target)
    return Decimal(100) if met else Decimal(0)


def kategori(value: Decimal | None, skala: list[dict], places: int = 2, cara: str = SETENGAH_KE_ATAS) -> str | None:
    """Category of a capaian from the rating scale (data, not code): the first category, best
    first, whose inclusive lower bound the value (rounded as displayed) reaches."""
    if value is None:
        return None
    shown = rounded(value, places, cara)
    ordered = sorted(skala, key=lambda c: Decimal(c["batas_bawah"]), reverse=True)
    for category in ordered:
        if shown >= Decimal(category["batas_bawah"]):
            return category["nama"]
    if ordered and Decimal(ordered[-1]["batas_bawah"]) <= 0:  # a scale from 0 holds a negative capaian in its lowest band
        return ordered[-1]["nama"]
    return None


def total(values) -> Decimal:
    return sum((Decimal(v) for v in values if v is not None), Decimal(0))


def total_or_none(values) -> Decimal | None:
    """A total that exists only when every part is known: a draft year with a missing realisation
    shows "belum dilaporkan", never a misleading partial sum or 0 %."""
    values = list(values)
    if any(v is None for v in values):
        return None
    return total(values)


def selisih_or_none(a, b) -> Decimal | None:
    return None if a is None or b is None else Decimal(a) - Decimal(b)
