"""Exact arithmetic for the report's derived figures (pure functions, Decimal only, never float)."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

Number = int | Decimal


def dec(value: Number | None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):  # the loader never produces floats; refuse to start now
        raise TypeError("float given where an exact number is needed")
    return Decimal(value)


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


def round_half_up(value: Decimal | None, places: int = 2) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def capaian(realisasi: Number | None, target: Number | None, arah: str = "naik") -> Decimal | None:
    """Achievement against target, by the report's two formulas (Permendagri 86/2017).

    naik (higher is better):  realisasi / target x 100
    turun (lower is better):  (target - (realisasi - target)) / target x 100
    """
    if realisasi is None or target is None:
        return None
    realisasi, target = Decimal(realisasi), Decimal(target)
    if arah == "turun":
        return percent(target - (realisasi - target), target)
    return percent(realisasi, target)


def kategori(value: Decimal | None, skala: list[dict], places: int = 2) -> str | None:
    """Category of a capaian from the rating scale (data, not code): the first category, best
    first, whose inclusive lower bound the value (rounded as displayed) reaches."""
    if value is None:
        return None
    shown = round_half_up(value, places)
    for category in sorted(skala, key=lambda c: Decimal(c["batas_bawah"]), reverse=True):
        if shown >= Decimal(category["batas_bawah"]):
            return category["nama"]
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
