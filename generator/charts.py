"""Charts of the report as inline SVG, drawn at build time.

Pure functions: plain inputs in (small dataclasses or tuples of labels and Decimal values), an SVG
string out. No I/O, no randomness, no dates, no floats: layout arithmetic is Decimal and every
coordinate is written with exactly two decimals, so the same input gives byte-identical output.
No JavaScript, fonts, style sheets or URLs: the charts work offline and in print.

Figures are formatted with `generator.fmt` (Indonesian: 60,97%, Rp 1.412.380.417,00) and are
placed, never derived: capaian, kategori and penyerapan are passed in as computed by `compute`.

Accessibility:
- every chart is `role="img"` with `aria-labelledby` naming its `<title>` and its `<desc>`; the
  ids derive from the caller's `chart_id`, so several charts can share a page; the `<desc>` says
  in Indonesian every figure the chart shows, with full (never truncated) labels;
- colour never carries meaning alone: every bar is labelled with its value, plan and actual are
  told apart by a text label *and* a pattern (plan hatched, actual solid), the category of a
  capaian is written out, the two lines of the Renstra chart differ in dash and marker shape;
- the viewBox is VIEW_WIDTH (360) units wide and no text is smaller than MIN_FONT (14) units, so
  text renders at >= 12 px whenever the chart is at least 309 px wide (a 360 px phone leaves
  ~328 px of content width). Only the Renstra chart may widen its viewBox, when its point labels
  need it (more than ~6 years, or values of 8+ characters). The chart is `width="100%"` with no
  height (the viewBox sets the aspect ratio); cap its width with CSS on wide screens (e.g.
  `max-width: 35rem`), otherwise text grows with the page;
- labels are wrapped by an estimated text width (generous Arial-like metrics) and cut with an
  ellipsis past their line limit; a cut label keeps its full text in a tooltip and in the desc;
- label text is escaped (html.escape, XML-illegal characters dropped, Markdown-active characters
  as character references), so no label can produce markup, even in a bare Markdown paragraph;
- a white background is painted, so the contrast below holds on any page colour and on paper.

Colours, with their WCAG 2.x contrast ratio against white (relative-luminance formula; checked by
tests/test_charts.py). Text needs >= 4.5:1, bars and lines >= 3:1; every colour here passes the
text threshold, so white value labels inside a bar are as readable as dark labels beside it.
"""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Sequence

from . import fmt

# --- palette (contrast ratio against LATAR #FFFFFF) ----------------------------------------------

LATAR = "#FFFFFF"           # background, painted as the first element
TEKS = "#1F2937"            # 14.68:1  labels and values
TEKS_SEKUNDER = "#4B5563"   #  7.56:1  axis, zero line
RENCANA = "#1D4ED8"         #  6.70:1  plan: target, anggaran, Renstra target (hatched / dashed)
REALISASI = "#C2410C"       #  5.18:1  actual: realisasi (solid)
HIJAU = "#047857"           #  5.48:1  third segment of a stacked bar
UNGU = "#7E22CE"            #  6.98:1  fourth segment
SEGMEN = (RENCANA, REALISASI, HIJAU, UNGU, TEKS_SEKUNDER)  # stacked-bar segments, in order (cycled)
PALET = {"LATAR": LATAR, "TEKS": TEKS, "TEKS_SEKUNDER": TEKS_SEKUNDER, "RENCANA": RENCANA,
         "REALISASI": REALISASI, "HIJAU": HIJAU, "UNGU": UNGU}

# --- geometry -----------------------------------------------------------------------------------

VIEW_WIDTH = 360
MIN_FONT = 14
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

D = Decimal
_W = D(VIEW_WIDTH)
_PAD = D(8)
_FONT = D(MIN_FONT)
_LINE = D(18)          # baseline-to-baseline distance of 14-unit text
_GAP = D(16)           # between items
_CENT = D("0.01")

# --- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IkuItem:
    """One indicator: target and realisasi in `satuan` (bars), capaian (%) and kategori (text)."""

    nama: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    kategori: str | None = None
    satuan: str = "%"


@dataclass(frozen=True)
class ProgramItem:
    """One program: anggaran and realisasi in Rupiah, penyerapan (realisasi/anggaran, %)."""

    nama: str
    anggaran: Decimal
    realisasi: Decimal
    persen: Decimal | None


@dataclass(frozen=True)
class Kelompok:
    """One stacked bar: a group (e.g. 'PNS') split into labelled counts (e.g. ('Laki-laki', 10))."""

    nama: str
    segmen: tuple  # ((label, value), ...)


def _as(cls, item):
    if isinstance(item, cls):
        return item
    if isinstance(item, (tuple, list)):
        return cls(*item)
    raise TypeError(f"{cls.__name__} or tuple expected, got {type(item).__name__}")


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, (float, bool)):
        raise TypeError(f"exact number expected, got {value!r}")
    value = D(value)
    if not value.is_finite():
        raise ValueError(f"finite number expected, got {value!r}")
    return value


# --- text: escaping, width, wrapping ------------------------------------------------------------

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Characters Markdown would act on if the SVG ends up inside a Markdown paragraph: written as
# character references, which XML/HTML read back as the same characters.
_MD_ACTIVE = {ch: f"&#{ord(ch)};" for ch in "\\`*_[]{}~|"}


def clean(text) -> str:
    """A label as one line of plain text: XML-illegal characters dropped, whitespace collapsed."""
    return " ".join(_XML_ILLEGAL.sub("", str(text)).split())


def esc(text) -> str:
    """Plain text -> character data that can never become markup (in SVG, HTML or Markdown)."""
    escaped = html.escape(clean(text), quote=True)
    return "".join(_MD_ACTIVE.get(ch, ch) for ch in escaped)


# Advance widths in em, rounded up from Arial/Helvetica metrics (system-ui faces are similar or
# narrower), then a safety margin: an estimate that errs on the wide side keeps text in the box.
_NARROW = set(" il.,:;'!|`")
_SEMI = set("jftrI()[]{}/\\-\"")
_WIDE_LOWER = set("mw")
_WIDE_UPPER = set("MW@%")
_SAFETY = D("1.12")
_BOLD = D("1.12")


def _em(ch: str) -> Decimal:
    if ch in _NARROW:
        return D("0.28")
    if ch in _SEMI:
        return D("0.34")
    if ch in _WIDE_LOWER:
        return D("0.84")
    if ch in _WIDE_UPPER:
        return D("0.95")
    if ch.isupper():
        return D("0.78")
    if ch.isdigit() or ch.islower():
        return D("0.56")
    if ord(ch) < 0x300:
        return D("0.6")
    return D(1)


def text_width(text: str, size=MIN_FONT, bold: bool = False) -> Decimal:
    """Estimated rendered width of one line of text at `size` units (deliberately generous)."""
    width = sum((_em(ch) for ch in text), D(0)) * D(size) * _SAFETY
    return width * _BOLD if bold else width


def wrap(text, width, size=MIN_FONT, max_lines: int = 2, bold: bool = False) -> tuple[list[str], bool]:
    """Lines of at most `width` units; past `max_lines` the last line ends in an ellipsis.
    Returns (lines, truncated)."""
    width = D(width)
    words = clean(text).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size, bold) > width:  # one word longer than a line: split it
            cut = len(current)
            while cut > 1 and text_width(current[:cut], size, bold) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current or not lines:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + "…", size, bold) > width:
        last = last[:-1]
    kept[-1] = last.rstrip(" ,.;:-") + "…"
    return kept, True


# --- numbers ------------------------------------------------------------------------------------


def _c(value) -> str:
    """A coordinate: fixed two decimals, never an exponent or a negative zero."""
    q = D(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    if q == 0:
        q = D("0.00")
    return f"{q:f}"


BAWAAN = (2, "setengah-ke-atas")  # the rounding rule (decimals, cara) when a chart is not given its report's


def _nilai(value, satuan: str, kosong: str = fmt.DASH, aturan: tuple = BAWAAN) -> str:
    if value is None:
        return kosong
    return fmt.nilai(value, satuan, *aturan)


def _jumlah(value, aturan: tuple = BAWAAN) -> str:
    value = D(value)
    return fmt.angka(value, 0, aturan[1]) if value == value.to_integral_value() else fmt.angka(value, *aturan)


# --- drawing ------------------------------------------------------------------------------------


def _ids(chart_id) -> str:
    if not isinstance(chart_id, str) or not chart_id.strip():
        raise ValueError("chart_id must be a non-empty string")
    base = re.sub(r"[^A-Za-z0-9_-]+", "-", chart_id).strip("-")
    if not base or not base[0].isalpha():
        base = "grafik-" + base
    if base != chart_id:  # keep different chart_ids apart after cleaning
        base = base.rstrip("-") + "-" + hashlib.sha256(chart_id.encode("utf-8")).hexdigest()[:8]
    return base


class _Canvas:
    def __init__(self, base: str):
        self.base = base
        self.parts: list[str] = []
        self.hatch = f"{base}-arsir"
        self.width = _W

    def text(self, x, y, content, *, anchor="start", fill=TEKS, bold=False, size=MIN_FONT, full=None):
        attrs = f'x="{_c(x)}" y="{_c(y)}" font-size="{_c(size)}" fill="{fill}"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if bold:
            attrs += ' font-weight="bold"'
        inner = esc(content)
        if full is not None:  # a truncated label keeps its full text as a tooltip
            inner = f"<title>{esc(full)}</title>{inner}"
        self.parts.append(f"<text {attrs}>{inner}</text>")

    def rect(self, x, y, w, h, *, fill, stroke=None):
        attrs = f'x="{_c(x)}" y="{_c(y)}" width="{_c(w)}" height="{_c(h)}" fill="{fill}"'
        if stroke:
            attrs += f' stroke="{stroke}" stroke-width="1.50"'
        self.parts.append(f"<rect {attrs}/>")

    def bar(self, x, y, w, h, kind: str):
        """kind 'rencana': hatched with an outline; 'realisasi': solid."""
        if kind == "rencana":
            self.rect(x, y, w, h, fill=f"url(#{self.hatch})", stroke=RENCANA)
        else:
            self.rect(x, y, w, h, fill=REALISASI)

    def line(self, x1, y1, x2, y2, *, stroke, width="1.50", dash=None):
        attrs = f'x1="{_c(x1)}" y1="{_c(y1)}" x2="{_c(x2)}" y2="{_c(y2)}" stroke="{stroke}" stroke-width="{width}"'
        if dash:
            attrs += f' stroke-dasharray="{dash}"'
        self.parts.append(f"<line {attrs}/>")

    def polyline(self, points, *, stroke, width, dash=None):
        coords = " ".join(f"{_c(x)},{_c(y)}" for x, y in points)
        attrs = f'points="{coords}" fill="none" stroke="{stroke}" stroke-width="{width}" stroke-linejoin="round"'
        if dash:
            attrs += f' stroke-dasharray="{dash}"'
        self.parts.append(f"<polyline {attrs}/>")

    def circle(self, cx, cy, r, *, fill):
        self.parts.append(f'<circle cx="{_c(cx)}" cy="{_c(cy)}" r="{_c(r)}" fill="{fill}"/>')

    def label_lines(self, x, y, text, width, *, max_lines=3, bold=False) -> Decimal:
        """Wrapped text whose first baseline is y + _LINE - 4; returns the y below it."""
        lines, truncated = wrap(text, width, max_lines=max_lines, bold=bold)
        for number, line in enumerate(lines, 1):
            y += _LINE
            self.text(x, y - 4, line, bold=bold, full=clean(text) if truncated and number == len(lines) else None)
        return y

    def pair(self, y, left, right, *, bold_right=False) -> Decimal:
        """A label at the left and a value at the right edge of one line (two lines if they collide)."""
        room = _W - 2 * _PAD
        if text_width(left) + D(12) + text_width(right, bold=bold_right) <= room:
            y += _LINE
            self.text(_PAD, y - 4, left)
            self.text(_W - _PAD, y - 4, right, anchor="end", bold=bold_right)
            return y
        y = self.label_lines(_PAD, y, left, room, max_lines=2)
        y += _LINE
        self.text(_W - _PAD, y - 4, right, anchor="end", bold=bold_right)
        return y

    def legend(self, y, entries) -> Decimal:
        """Legend entries (label, drawer) laid out left to right, wrapping; returns the y below."""
        x = _PAD
        row_y = y
        for label, draw in entries:
            label = wrap(label, _W - 2 * _PAD - 30, max_lines=1)[0][0]
            need = D(30) + text_width(label)
            if x > _PAD and x + need > _W - _PAD:
                x = _PAD
                row_y += D(22)
            draw(self, x, row_y + 4)
            self.text(x + 30, row_y + 15, label)
            x += need + D(16)
        return row_y + D(22)

    def svg(self, *, judul: str, uraian: str, height) -> str:
        base = self.base
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_c(self.width)} '
                f'{_c(height)}" width="100%" role="img" aria-labelledby="{base}-judul {base}-uraian" '
                f'font-family="{FONT_FAMILY}">')
        defs = (f'<defs><pattern id="{self.hatch}" patternUnits="userSpaceOnUse" width="6.00" height="6.00" '
                f'patternTransform="rotate(45)"><rect x="0.00" y="0.00" width="6.00" height="6.00" fill="{LATAR}"/>'
                f'<rect x="0.00" y="0.00" width="3.00" height="6.00" fill="{RENCANA}"/></pattern></defs>')
        lines = [head, f'<title id="{base}-judul">{esc(judul)}</title>', f'<desc id="{base}-uraian">{esc(uraian)}</desc>',
                 defs, f'<rect x="0.00" y="0.00" width="{_c(self.width)}" height="{_c(height)}" fill="{LATAR}"/>',
                 *self.parts, "</svg>"]
        return "\n".join(lines)


def _swatch_rencana(canvas, x, y):
    canvas.bar(x + 1, y, D(22), D(12), "rencana")


def _swatch_realisasi(canvas, x, y):
    canvas.bar(x + 1, y, D(22), D(12), "realisasi")


def _empty(canvas: _Canvas, y) -> Decimal:
    y += _LINE
    canvas.text(_PAD, y - 4, "Tidak ada data.")
    return y


# --- 1. target vs realisasi per IKU -------------------------------------------------------------


def capaian_iku(items: Iterable, *, chart_id: str, judul: str | None = None, aturan: tuple = BAWAAN) -> str:
    """Per indicator, a hatched Target bar and a solid Realisasi bar labelled with their values,
    then 'Capaian 135,49% (Sangat Baik)' as text. Indicators sharing a `satuan` share a scale
    (the largest value of that satuan fills the width), so no bar can overflow."""
    items = [_as(IkuItem, item) for item in items]
    judul = judul or "Target dan realisasi indikator kinerja utama"
    canvas = _Canvas(_ids(chart_id))

    def shown(value, satuan, kosong):
        return _nilai(_dec(value), satuan, kosong, aturan)

    rows = ("Target", "Realisasi")
    label_col = _PAD + max(text_width(r) for r in rows) + D(8)
    labels = [shown(i.target, i.satuan, fmt.DASH) for i in items] + \
             [shown(i.realisasi, i.satuan, "belum dilaporkan") for i in items]
    reserve = max((text_width(v) for v in labels), default=D(0)) + D(6)
    area = _W - _PAD - reserve - label_col
    if area < D(60):  # very long values: give the bars a minimum, values may then wrap below
        area = D(60)
    scale_max: dict = {}
    for item in items:
        for value in (_dec(item.target), _dec(item.realisasi)):
            if value is not None and value > 0:
                scale_max[item.satuan] = max(scale_max.get(item.satuan, D(0)), value)

    y = canvas.legend(_PAD, [("Target", _swatch_rencana), ("Realisasi", _swatch_realisasi)]) + D(4)
    if not items:
        y = _empty(canvas, y)
    parts = []
    for item in items:
        y = canvas.label_lines(_PAD, y, item.nama, _W - 2 * _PAD, bold=True)
        y += D(6)
        top = scale_max.get(item.satuan) or D(1)
        for row, value, kind, kosong in (("Target", item.target, "rencana", fmt.DASH),
                                        ("Realisasi", item.realisasi, "realisasi", "belum dilaporkan")):
            value = _dec(value)
            width = D(0)
            if value is not None and value > 0:
                width = max(area * value / top, D(2))
            canvas.text(_PAD, y + 13, row)
            if width:
                canvas.bar(label_col, y, width, D(16), kind)
            text = shown(value, item.satuan, kosong)
            x_text = label_col + width + D(6)
            if x_text + text_width(text) > _W - _PAD:  # only when area was floored: right-align
                canvas.text(_W - _PAD, y + 13, text, anchor="end")
            else:
                canvas.text(x_text, y + 13, text)
            y += D(22)
        capaian = _nilai(_dec(item.capaian), "%", "belum dapat dihitung", aturan)
        kategori = clean(item.kategori) if item.kategori else ""
        line = f"Capaian {capaian}" + (f" ({kategori})" if kategori else "")
        y = canvas.label_lines(_PAD, y - 2, line, _W - 2 * _PAD, max_lines=2) + _GAP
        parts.append(f"{clean(item.nama)}: target {shown(item.target, item.satuan, 'belum ditetapkan')}, "
                     f"realisasi {shown(item.realisasi, item.satuan, 'belum dilaporkan')}, capaian {capaian}"
                     + (f" ({kategori})" if kategori else "") + ".")
    uraian = " ".join([f"Grafik batang target dan realisasi {len(items)} indikator."] + parts)
    return canvas.svg(judul=judul, uraian=uraian, height=y - _GAP + _PAD if items else y + _PAD)


# --- 2. anggaran vs realisasi per program -------------------------------------------------------


def anggaran_program(items: Iterable, *, chart_id: str, judul: str | None = None, aturan: tuple = BAWAAN) -> str:
    """Per program, a hatched Anggaran bar and a solid Realisasi bar on one Rupiah scale, with the
    amounts and the penyerapan (absorption, %) written out."""
    items = [_as(ProgramItem, item) for item in items]
    judul = judul or "Anggaran dan realisasi per program"
    canvas = _Canvas(_ids(chart_id))
    top = max((v for i in items for v in (_dec(i.anggaran), _dec(i.realisasi)) if v is not None and v > 0),
              default=D(1))
    area = _W - 2 * _PAD

    y = canvas.legend(_PAD, [("Anggaran", _swatch_rencana), ("Realisasi", _swatch_realisasi)]) + D(4)
    if not items:
        y = _empty(canvas, y)
    parts = []
    for item in items:
        anggaran, realisasi, persen = _dec(item.anggaran), _dec(item.realisasi), _dec(item.persen)
        y = canvas.label_lines(_PAD, y, item.nama, area, bold=True)
        for row, value, kind in (("Anggaran", anggaran, "rencana"), ("Realisasi", realisasi, "realisasi")):
            y = canvas.pair(y, row, fmt.rupiah(value))
            if value is not None and value > 0:
                canvas.bar(_PAD, y + 2, max(area * value / top, D(2)), D(12), kind)
            y += D(16)
        y = canvas.pair(y, "Penyerapan", fmt.persen(persen, *aturan), bold_right=True) + _GAP
        parts.append(f"{clean(item.nama)}: anggaran {fmt.rupiah(anggaran)}, realisasi {fmt.rupiah(realisasi)}, "
                     f"penyerapan {fmt.persen(persen, *aturan) if persen is not None else 'tidak dapat dihitung'}.")
    uraian = " ".join([f"Grafik batang anggaran dan realisasi {len(items)} program."] + parts)
    return canvas.svg(judul=judul, uraian=uraian, height=y - _GAP + _PAD if items else y + _PAD)


def penyerapan_program(items: Iterable, *, chart_id: str, judul: str | None = None, aturan: tuple = BAWAAN) -> str:
    """Per program, one solid bar of its penyerapan (realisasi / anggaran, %, as computed) on a
    percent scale with a dashed line at 100%, each bar labelled with its percentage: the same
    programs as `anggaran_program`, read as absorption rather than as Rupiah."""
    items = [_as(ProgramItem, item) for item in items]
    judul = judul or "Penyerapan anggaran per program"
    canvas = _Canvas(_ids(chart_id))
    shares = [_dec(i.persen) for i in items]
    labels = [fmt.persen(v, *aturan) if v is not None else "tidak dapat dihitung" for v in shares]
    top = max([D(100)] + [v for v in shares if v is not None])
    reserve = max([text_width(t) for t in labels] + [text_width("100%") / 2]) + D(6)
    area = max(_W - 2 * _PAD - reserve, D(60))
    full = _PAD + area * D(100) / top  # where 100% lies

    y = _PAD + _LINE
    canvas.text(_PAD, y - 4, "Penyerapan = realisasi ÷ anggaran", fill=TEKS_SEKUNDER)
    y += _LINE
    canvas.text(full, y - 4, "100%", anchor="middle" if full + text_width("100%") / 2 <= _W - _PAD else "end",
                fill=TEKS_SEKUNDER)
    first, behind = y + D(2), len(canvas.parts)
    if not items:
        y = _empty(canvas, y)
    parts = []
    for item, share, label in zip(items, shares, labels):
        y = canvas.label_lines(_PAD, y, item.nama, _W - 2 * _PAD, bold=True) + D(4)
        width = max(area * share / top, D(2)) if share is not None and share > 0 else D(0)
        if width:
            canvas.bar(_PAD, y, width, D(16), "realisasi")
        x_text = max(_PAD + width, full) + D(6)  # the percentages in a column right of the 100% line
        if x_text + text_width(label) > _W - _PAD:
            canvas.text(_W - _PAD, y + 13, label, anchor="end")
        else:
            canvas.text(x_text, y + 13, label)
        y += D(16) + _GAP
        parts.append(f"{clean(item.nama)}: penyerapan {label}.")
    canvas.line(full, first, full, max(y - _GAP + D(4), first + D(4)), stroke=TEKS_SEKUNDER, width="1.00", dash="4.00 3.00")
    canvas.parts.insert(behind, canvas.parts.pop())  # the 100% line lies behind bars and labels
    uraian = " ".join([f"Grafik batang penyerapan anggaran {len(items)} program (realisasi dibagi anggaran), "
                       "dengan garis putus-putus pada 100%."] + parts)
    return canvas.svg(judul=judul, uraian=uraian, height=y - _GAP + D(4) + _PAD if items else y + _PAD)


# --- 3. the Renstra target path -----------------------------------------------------------------


def _places_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent)


def axis_ticks(lo: Decimal, hi: Decimal, intervals: int = 4) -> list[Decimal]:
    """Round tick values (1, 2, 2,5 or 5 times a power of ten apart) from at or below `lo` to at
    or above `hi`, about `intervals` steps."""
    lo, hi = D(lo), D(hi)
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / intervals
    magnitude = D(10) ** raw.adjusted()
    step = next(m * magnitude for m in (D(1), D(2), D("2.5"), D(5), D(10)) if m * magnitude >= raw)
    first = (lo / step).to_integral_value(rounding="ROUND_FLOOR") * step
    last = (hi / step).to_integral_value(rounding="ROUND_CEILING") * step
    count = int((last - first) / step)
    return [first + step * i for i in range(count + 1)]


def lintasan_renstra(years: Sequence[int], targets: Sequence, realised: Sequence, *, chart_id: str,
                     nama: str = "", satuan: str = "%", judul: str | None = None, aturan: tuple = BAWAAN) -> str:
    """Target per year of the Renstra period (dashed line, square markers) and the realised value
    where reported (solid line, round markers; None = not yet reported), every point labelled, on a
    y-axis with round ticks titled with the indicator's unit ('Nilai indikator (%)')."""
    years = [int(year) for year in years]
    targets = [_dec(v) for v in targets]
    realised = [_dec(v) for v in realised]
    if not (len(years) == len(targets) == len(realised)):
        raise ValueError("years, targets and realised must have the same length")
    periode = f" {years[0]}–{years[-1]}" if years else ""
    judul = judul or (f"Target Renstra{periode} dan realisasi" + (f": {clean(nama)}" if nama else ""))
    canvas = _Canvas(_ids(chart_id))
    persen = satuan.strip() == "%"
    intro = "Grafik garis target Renstra" + (f" {clean(nama)}" if nama else "") + \
        (f" tahun{periode}" if periode else "") + " dan realisasinya."
    if not years:
        y = _empty(canvas, _PAD)
        return canvas.svg(judul=judul, uraian=intro + " Tidak ada data.", height=y + _PAD)

    def short(value):  # on the chart: '45,00%', or the bare number for other units
        return fmt.persen(value, *aturan) if persen else _jumlah(value, aturan)

    values = [v for v in targets + realised if v is not None]
    ticks = axis_ticks(min(values + [D(0)]), max(values + [D(0)]))
    lo, hi = ticks[0], ticks[-1]
    tick_places = _places_of(ticks[1] - ticks[0])
    tick_labels = [fmt.angka(t, tick_places) for t in ticks]
    axis_x = _PAD + max(text_width(t) for t in tick_labels) + D(5)  # the y-axis, its tick labels to its left

    widest = max((text_width(short(v), bold=True) for v in values), default=D(40))
    half = max(widest, text_width("0000")) / 2
    step = 2 * half + D(2)  # value labels of neighbouring years never touch
    left = axis_x + half + D(2)  # the first point's label stays right of the axis
    right = _PAD + half  # the last point's label and year stay inside
    n = len(years)
    width = max(_W, left + right + step * max(n - 1, 0))
    canvas.width = width
    if n > 1:
        step = (width - left - right) / (n - 1)
    xs = [left + step * i if n > 1 else (axis_x + width - _PAD) / 2 for i in range(n)]

    legend_t = "Target Renstra" + ("" if persen else f" ({clean(satuan)})")

    def swatch_t(cv, x, y):
        cv.line(x, y + 6, x + 24, y + 6, stroke=RENCANA, width="2.00", dash="5.00 3.00")
        cv.rect(x + 8, y + 2, D(8), D(8), fill=LATAR, stroke=RENCANA)

    def swatch_r(cv, x, y):
        cv.line(x, y + 6, x + 24, y + 6, stroke=REALISASI, width="2.50")
        cv.circle(x + 12, y + 6, D(5), fill=REALISASI)

    y = canvas.legend(_PAD, [(legend_t, swatch_t), ("Realisasi", swatch_r)])
    sumbu = "Nilai indikator (%)" if persen else f"Nilai indikator ({clean(satuan)})"
    sumbu_lines, cut = wrap(sumbu, width - 2 * _PAD, max_lines=1)
    y += _LINE
    canvas.text(_PAD, y - 4, sumbu_lines[0], fill=TEKS_SEKUNDER, full=sumbu if cut else None)  # the y-axis' title
    y_high = y + D(8) + _FONT + D(12)      # highest point: room for a label above it
    y_low = y_high + D(150)                # lowest point: room for a label below it

    def ypos(value):
        return y_low - (value - lo) / (hi - lo) * (y_low - y_high)

    canvas.line(axis_x, y_high, axis_x, y_low, stroke=TEKS_SEKUNDER, width="1.00")  # the y-axis
    for tick, label in zip(ticks, tick_labels):
        canvas.line(axis_x - 4, ypos(tick), axis_x, ypos(tick), stroke=TEKS_SEKUNDER, width="1.00")
        canvas.text(axis_x - 6, ypos(tick) + 5, label, anchor="end", fill=TEKS_SEKUNDER)
    canvas.line(axis_x, ypos(D(0)), width - _PAD, ypos(D(0)), stroke=TEKS_SEKUNDER, width="1.00")  # zero
    if lo < 0:  # the year ticks hang from the bottom of the plot
        canvas.line(axis_x, y_low, width - _PAD, y_low, stroke=TEKS_SEKUNDER, width="1.00")
    for series, stroke, line_width, dash in ((targets, RENCANA, "2.00", "5.00 3.00"), (realised, REALISASI, "2.50", None)):
        run: list = []
        for x, value in list(zip(xs, series)) + [(None, None)]:
            if value is None:
                if len(run) > 1:
                    canvas.polyline(run, stroke=stroke, width=line_width, dash=dash)
                run = []
            else:
                run.append((x, ypos(value)))
    for x, target, actual in zip(xs, targets, realised):
        if target is not None:
            canvas.rect(x - 5, ypos(target) - 5, D(10), D(10), fill=LATAR, stroke=RENCANA)
        if actual is not None:
            canvas.circle(x, ypos(actual), D(5), fill=REALISASI)
    lowest = y_low
    for x, target, actual in zip(xs, targets, realised):
        points = [(v, colour, bold) for v, colour, bold in ((target, RENCANA, False), (actual, REALISASI, True))
                  if v is not None]
        if len(points) == 2 and points[1][0] > points[0][0]:
            points.reverse()  # the higher point is labelled above, the lower one below
        for index, (value, colour, bold) in enumerate(points):
            text = short(value)
            half = text_width(text, bold=bold) / 2
            tx = min(max(x, axis_x + D(2) + half), width - _PAD - half)
            ty = ypos(value) - D(10) if index == 0 else ypos(value) + D(8) + _FONT
            canvas.text(tx, ty, text, anchor="middle", fill=colour, bold=bold)
            lowest = max(lowest, ty)
    # the years under the lowest point and clear of the lowest label
    y_year = max(y_low + D(24), lowest + D(20))
    for x, year in zip(xs, years):
        canvas.line(x, y_low, x, y_low + D(5), stroke=TEKS_SEKUNDER, width="1.00")
        canvas.text(x, y_year, str(year), anchor="middle")
    height = y_year + D(4) + _PAD

    def said(value, kosong):
        return _nilai(value, satuan, kosong)

    parts = [f"{year}: target {said(t, 'tidak ditetapkan')}, realisasi {said(r, 'belum dilaporkan')}."
             for year, t, r in zip(years, targets, realised)]
    skala = f"Sumbu tegak: {clean(sumbu)[0].lower()}{clean(sumbu)[1:]}, dari {tick_labels[0]} sampai {tick_labels[-1]}."
    uraian = " ".join([intro, skala] + parts)
    return canvas.svg(judul=judul, uraian=uraian, height=height)


# --- 4. staffing composition --------------------------------------------------------------------


def komposisi_pegawai(groups: Iterable, *, chart_id: str, judul: str | None = None, aturan: tuple = BAWAAN) -> str:
    """One stacked horizontal bar per group (e.g. PNS, PPPK) split into segments (e.g. Laki-laki,
    Perempuan), all on one scale (the largest group fills the width). Segments are separated by
    white gaps and carry their count when it fits; a text line under each bar lists every segment
    with its count and the group's total."""
    groups = [_as(Kelompok, group) for group in groups]
    groups = [Kelompok(g.nama, tuple((clean(label), _dec(value) or D(0)) for label, value in
                                     (g.segmen.items() if isinstance(g.segmen, dict) else g.segmen)))
              for g in groups]
    judul = judul or "Komposisi pegawai"
    canvas = _Canvas(_ids(chart_id))
    names: list[str] = []
    for group in groups:
        for label, _ in group.segmen:
            if label not in names:
                names.append(label)
    colour = {name: SEGMEN[i % len(SEGMEN)] for i, name in enumerate(names)}
    totals = [sum((max(v, D(0)) for _, v in g.segmen), D(0)) for g in groups]
    top = max(totals + [D(0)]) or D(1)
    area = _W - 2 * _PAD

    def swatch(fill):
        return lambda cv, x, y: cv.rect(x + 1, y, D(22), D(12), fill=fill)

    y = canvas.legend(_PAD, [(name, swatch(colour[name])) for name in names]) + D(4) if names else _PAD
    if not groups:
        y = _empty(canvas, y)
    parts = []
    for group, total in zip(groups, totals):
        y = canvas.label_lines(_PAD, y, group.nama, area, bold=True) + D(4)
        x = _PAD
        drawn = [(label, value) for label, value in group.segmen if value > 0]
        for index, (label, value) in enumerate(drawn):
            full = area * value / top
            gap = D(2) if index < len(drawn) - 1 else D(0)
            width = max(full - gap, D(1))
            canvas.rect(x, y, width, D(24), fill=colour[label])
            text = _jumlah(value, aturan)
            if text_width(text, bold=True) + D(6) <= width:
                canvas.text(x + width / 2, y + 17, text, anchor="middle", fill=LATAR, bold=True)
            x += full
        y += D(24)
        detail = "; ".join(f"{label}: {_jumlah(value, aturan)}" for label, value in group.segmen)
        detail = (detail + "; " if detail else "") + f"Jumlah: {_jumlah(total, aturan)}"
        y = canvas.label_lines(_PAD, y, detail, area, max_lines=4) + _GAP
        said = ", ".join(f"{label} {_jumlah(value, aturan)}" for label, value in group.segmen)
        parts.append(f"{clean(group.nama)}: " + (f"{said}, " if said else "") + f"jumlah {_jumlah(total, aturan)}.")
    uraian = " ".join([f"Grafik batang bertumpuk {len(groups)} kelompok pegawai."] + parts)
    return canvas.svg(judul=judul, uraian=uraian, height=y - _GAP + _PAD if groups else y + _PAD)
