"""Inline SVG charts, pinned with the report's real figures: well-formed, accessible, escaped,
byte-identical between calls, inside their viewBox, and in colours that pass WCAG AA on white."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D
from pathlib import Path

import markdown
import pytest

from lkjip import charts
from lkjip.charts import IkuItem, Kelompok, ProgramItem
from lkjip.numbers import capaian, percent

NS = "{http://www.w3.org/2000/svg}"
PHONE_CONTENT_PX = 328  # a 360 px phone less Material's 16 px content margins
HOSTILE = "<script>alert(1)</script>"

# --- the report's figures (2025) ----------------------------------------------------------------

PENEMPATAN = percent(503, 825)           # 60.9697...
KOPERASI = percent(103, 236)             # 43.6441...
IKU = [
    IkuItem("Persentase penempatan pencari kerja terdaftar", D("45.00"), PENEMPATAN,
            capaian(PENEMPATAN, D("45.00")), "Sangat Baik"),
    IkuItem("Persentase perusahaan dengan tata kelola yang layak", D("14.00"), percent(1010, 6133),
            capaian(percent(1010, 6133), D("14.00")), "Sangat Baik"),
    IkuItem("Persentase koperasi berkualitas", D("46.80"), KOPERASI, capaian(KOPERASI, D("46.80")), "Sangat Baik"),
    IkuItem("Persentase UMKM yang tangguh dan mandiri", D("8.00"), percent(106, 881),
            capaian(percent(106, 881), D("8.00")), "Sangat Baik"),
]
PROGRAM = [
    ("Program Pelatihan Kerja dan Produktivitas Tenaga Kerja", D("192094130.00"), D("176975629.00")),
    ("Program Penempatan Tenaga Kerja", D("129579005.00"), D("126412554.00")),
    ("Program Hubungan Industrial", D("909622967.50"), D("836129151.00")),
    ("Program Pendidikan dan Latihan Perkoperasian", D("80964414.00"), D("80153020.00")),
    ("Program Pemberdayaan dan Perlindungan Koperasi", D("463640941.00"), D("431017338.00")),
    ("Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)", D("1412380417.00"),
     D("1290523409.00")),
]
PROGRAM_ITEMS = [ProgramItem(nama, a, r, percent(r, a)) for nama, a, r in PROGRAM]
YEARS = [2025, 2026, 2027, 2028, 2029]
TARGETS = [D("45.00"), D("48.00"), D("51.00"), D("54.00"), D("57.00")]
REALISED = [PENEMPATAN, None, None, None, None]
PEGAWAI = [Kelompok("PNS", (("Laki-laki", 10), ("Perempuan", 15))),
           Kelompok("PPPK", (("Laki-laki", 20), ("Perempuan", 17)))]


def all_charts(label: str = "") -> dict:
    """Every chart with the real figures; `label` is prepended to every label (for hostile text)."""
    iku = [IkuItem(label + i.nama, i.target, i.realisasi, i.capaian, label + i.kategori) for i in IKU]
    program = [ProgramItem(label + p.nama, p.anggaran, p.realisasi, p.persen) for p in PROGRAM_ITEMS]
    pegawai = [Kelompok(label + g.nama, tuple((label + s, v) for s, v in g.segmen)) for g in PEGAWAI]
    return {
        "iku": charts.capaian_iku(iku, chart_id="grafik-iku"),
        "anggaran": charts.anggaran_program(program, chart_id="grafik-anggaran"),
        "renstra": charts.lintasan_renstra(YEARS, TARGETS, REALISED, chart_id="grafik-renstra-iku-1",
                                           nama=label + IKU[0].nama),
        "pegawai": charts.komposisi_pegawai(pegawai, chart_id="grafik-pegawai"),
    }


CHARTS = all_charts()


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything not well-formed


def desc_of(svg: str) -> str:
    return parse(svg).find(NS + "desc").text


def viewbox(root) -> tuple[D, D, D, D]:
    return tuple(D(v) for v in root.get("viewBox").split())


# --- structure and accessibility ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_svg_is_well_formed_and_labelled(name):
    svg = CHARTS[name]
    root = parse(svg)
    assert root.tag == NS + "svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("height") is None  # height follows the viewBox's aspect ratio
    x0, y0, width, height = viewbox(root)
    assert (x0, y0) == (0, 0) and width >= charts.VIEW_WIDTH and height > 0
    title, desc = root.find(NS + "title"), root.find(NS + "desc")
    assert list(root)[:2] == [title, desc]  # first children, as assistive technology expects
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert title.text.strip() and desc.text.strip()
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in ids)


def test_ids_derive_from_chart_id_and_stay_apart():
    one = parse(charts.capaian_iku(IKU, chart_id="iku-2025"))
    assert one.get("aria-labelledby") == "iku-2025-judul iku-2025-uraian"
    same = parse(charts.capaian_iku(IKU, chart_id="iku-2025"))
    assert same.get("aria-labelledby") == one.get("aria-labelledby")
    ids = lambda root: {el.get("id") for el in root.iter() if el.get("id")}  # noqa: E731
    # ids that would clean to the same text stay distinct, and are valid XML names
    a = parse(charts.capaian_iku(IKU, chart_id="a b"))
    b = parse(charts.capaian_iku(IKU, chart_id="a-b"))
    c = parse(charts.capaian_iku(IKU, chart_id="2025 <x>"))
    assert not ids(a) & ids(b) and not ids(a) & ids(c) and not ids(b) & ids(c)
    everything = set()
    for svg in CHARTS.values():
        found = ids(parse(svg))
        assert not found & everything  # charts on one page never share an id
        everything |= found
    for bad in ("", "   ", None):
        with pytest.raises(ValueError):
            charts.capaian_iku(IKU, chart_id=bad)


def test_desc_says_every_figure_in_indonesian():
    iku = desc_of(CHARTS["iku"])
    assert ("Persentase penempatan pencari kerja terdaftar: target 45,00%, realisasi 60,97%, "
            "capaian 135,49% (Sangat Baik).") in iku
    assert "Persentase koperasi berkualitas: target 46,80%, realisasi 43,64%, capaian 93,26% (Sangat Baik)." in iku
    assert "Persentase perusahaan dengan tata kelola yang layak: target 14,00%, realisasi 16,47%" in iku
    assert "Persentase UMKM yang tangguh dan mandiri: target 8,00%, realisasi 12,03%, capaian 150,40%" in iku

    anggaran = desc_of(CHARTS["anggaran"])
    assert ("Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM): anggaran "
            "Rp 1.412.380.417,00, realisasi Rp 1.290.523.409,00, penyerapan 91,37%.") in anggaran
    assert "Program Hubungan Industrial: anggaran Rp 909.622.967,50, realisasi Rp 836.129.151,00" in anggaran

    renstra = desc_of(CHARTS["renstra"])
    assert "Persentase penempatan pencari kerja terdaftar tahun 2025–2029" in renstra
    assert "2025: target 45,00%, realisasi 60,97%." in renstra
    assert "2026: target 48,00%, realisasi belum dilaporkan." in renstra
    assert "2029: target 57,00%, realisasi belum dilaporkan." in renstra

    pegawai = desc_of(CHARTS["pegawai"])
    assert "PNS: Laki-laki 10, Perempuan 15, jumlah 25." in pegawai
    assert "PPPK: Laki-laki 20, Perempuan 17, jumlah 37." in pegawai


def visible_text(el) -> str:
    """The rendered text of a <text> element (its tooltip <title>, if any, excluded)."""
    return (el.text or "") + "".join(child.tail or "" for child in el)


def texts(svg: str) -> list[str]:
    return [visible_text(el) for el in parse(svg).iter(NS + "text")]


def test_every_bar_is_labelled_with_its_value_and_category_is_text():
    shown = texts(CHARTS["iku"])
    for value in ("45,00%", "60,97%", "46,80%", "43,64%", "14,00%", "16,47%", "8,00%", "12,03%"):
        assert value in shown
    assert "Capaian 135,49% (Sangat Baik)" in shown and "Capaian 93,26% (Sangat Baik)" in shown
    assert {"Target", "Realisasi"} <= set(shown)
    shown = texts(CHARTS["anggaran"])
    assert {"Rp 1.412.380.417,00", "Rp 1.290.523.409,00", "91,37%", "Penyerapan"} <= set(shown)
    shown = texts(CHARTS["renstra"])
    assert {"45,00%", "48,00%", "51,00%", "54,00%", "57,00%", "60,97%", "2025", "2029"} <= set(shown)
    shown = texts(CHARTS["pegawai"])
    assert "Laki-laki: 10; Perempuan: 15; Jumlah: 25" in shown


def test_plan_and_actual_differ_by_pattern_not_only_colour():
    root = parse(CHARTS["iku"])
    fills = [r.get("fill") for r in root.iter(NS + "rect")]
    assert fills.count("url(#grafik-iku-arsir)") >= len(IKU)  # hatched target bars (and legend swatch)
    assert fills.count(charts.REALISASI) >= len(IKU)           # solid realisasi bars
    pattern = root.find(f"{NS}defs/{NS}pattern")
    assert pattern.get("id") == "grafik-iku-arsir"


def test_bars_are_proportional_to_values():
    root = parse(charts.capaian_iku(IKU[:1], chart_id="p"))
    bars = [r for r in root.iter(NS + "rect") if D(r.get("height")) == 16]
    target, actual = (D(b.get("width")) for b in bars)
    assert abs(actual / target - PENEMPATAN / D(45)) < D("0.001")


# --- safety -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_hostile_labels_are_text_never_markup(name):
    label = HOSTILE + ' & "q" \'a\' *em* _u_ [l](http://x.test) `c` \x00\x1b '
    svg = all_charts(label)[name]
    assert "<script" not in svg and "</script" not in svg
    root = parse(svg)
    assert {el.tag for el in root.iter()} <= {NS + t for t in
                                              ("svg", "title", "desc", "defs", "pattern", "rect", "text", "line",
                                               "polyline", "circle")}
    assert all(not attr.lower().startswith("on") for el in root.iter() for attr in el.attrib)
    assert HOSTILE in root.find(NS + "desc").text  # the full label, as text
    # Inside Markdown (bare, not in a block element) the labels still cannot become links or emphasis.
    html = markdown.markdown(svg)
    assert "<em>" not in html and "<a " not in html and "<code>" not in html and "<script" not in html


def test_no_external_resources():
    for svg in CHARTS.values():
        root = parse(svg)
        assert svg.count("http") == 1  # the xmlns namespace name only; it is never fetched
        for el in root.iter():
            for attr, value in el.attrib.items():
                assert "href" not in attr
                if "url(" in value:
                    assert re.fullmatch(r"url\(#[A-Za-z][A-Za-z0-9_-]*\)", value)
                    assert root.find(f".//*[@id='{value[5:-1]}']") is not None
        assert "<style" not in svg and "<script" not in svg and "@import" not in svg and "<image" not in svg


def test_float_input_is_refused():
    with pytest.raises(TypeError):
        charts.capaian_iku([IkuItem("x", 45.0, D(1), D(1), None)], chart_id="f")
    with pytest.raises(ValueError):
        charts.lintasan_renstra([2025], [D("NaN")], [None], chart_id="f")


# --- determinism --------------------------------------------------------------------------------


def test_output_is_byte_identical_between_calls():
    again = all_charts()
    for name, svg in CHARTS.items():
        assert again[name] == svg
    # tuples give the same chart as the dataclasses
    as_tuples = [(i.nama, i.target, i.realisasi, i.capaian, i.kategori) for i in IKU]
    assert charts.capaian_iku(as_tuples, chart_id="grafik-iku") == CHARTS["iku"]
    as_tuples = [(g.nama, list(g.segmen)) for g in PEGAWAI]
    assert charts.komposisi_pegawai(as_tuples, chart_id="grafik-pegawai") == CHARTS["pegawai"]


NUMERIC = {"x", "y", "width", "height", "x1", "y1", "x2", "y2", "cx", "cy", "r", "font-size", "stroke-width"}


def test_coordinates_have_fixed_decimals():
    for svg in CHARTS.values():
        root = parse(svg)
        assert re.fullmatch(r"0 0 \d+\.\d\d \d+\.\d\d", root.get("viewBox"))
        for el in root.iter():
            if el is root:
                continue
            for attr in NUMERIC & set(el.attrib):
                assert re.fullmatch(r"\d+\.\d\d", el.get(attr)), (el.tag, attr, el.get(attr))
            if el.tag == NS + "polyline":
                assert re.fullmatch(r"\d+\.\d\d,\d+\.\d\d( \d+\.\d\d,\d+\.\d\d)*", el.get("points"))


# --- geometry: everything inside the viewBox, text large enough ---------------------------------


def assert_inside(svg: str):
    root = parse(svg)
    _, _, width, height = viewbox(root)
    for el in root.iter():
        tag = el.tag.replace(NS, "")
        if tag == "text":
            size = D(el.get("font-size"))
            x, y = D(el.get("x")), D(el.get("y"))
            w = charts.text_width(visible_text(el), size, bold=el.get("font-weight") == "bold")
            left = {"start": x, "middle": x - w / 2, "end": x - w}[el.get("text-anchor", "start")]
            assert left >= 0 and left + w <= width, (visible_text(el), left, w, width)
            assert y - size * D("0.8") >= 0 and y + size * D("0.25") <= height, visible_text(el)
        elif tag == "rect":
            x, y, w, h = (D(el.get(a)) for a in ("x", "y", "width", "height"))
            half_stroke = D(el.get("stroke-width", "0")) / 2
            assert w >= 0 and h >= 0
            assert x - half_stroke >= 0 and x + w + half_stroke <= width, (x, w, width)
            assert y - half_stroke >= 0 and y + h + half_stroke <= height, (y, h, height)
        elif tag == "circle":
            cx, cy, r = D(el.get("cx")), D(el.get("cy")), D(el.get("r"))
            assert r <= cx <= width - r and r <= cy <= height - r
        elif tag == "line":
            for a, limit in (("x1", width), ("x2", width), ("y1", height), ("y2", height)):
                assert 0 <= D(el.get(a)) <= limit
        elif tag == "polyline":
            for point in el.get("points").split():
                px, py = (D(v) for v in point.split(","))
                assert 0 <= px <= width and 0 <= py <= height


def all_in_pattern_excluded(svg: str) -> str:
    """The hatch pattern's tile is in pattern space, not the chart's: drop <defs> for geometry checks."""
    return re.sub(r"<defs>.*?</defs>", "", svg, flags=re.S)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_everything_lies_inside_the_viewbox(name):
    assert_inside(all_in_pattern_excluded(CHARTS[name]))


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_text_is_at_least_12px_on_a_phone(name):
    root = parse(CHARTS[name])
    _, _, width, _ = viewbox(root)
    assert width == charts.VIEW_WIDTH
    for el in root.iter(NS + "text"):
        size = D(el.get("font-size"))
        assert size >= charts.MIN_FONT
        assert size * PHONE_CONTENT_PX / width >= 12


def test_extreme_values_never_overflow():
    """Capaian 423% (Program Pemberdayaan dan Perlindungan Koperasi), realisasi far above target,
    negative growth, missing values, a trillion-rupiah budget, an overspent program."""
    iku = [IkuItem("Persentase koperasi aktif", D("6.08"), D("25.75"), D("423.5197"), "Sangat Baik"),
           IkuItem("Pertumbuhan", D("5"), D("-12.5"), D("-250"), "Sangat Kurang"),
           IkuItem("Jumlah unit usaha", D("400"), D("1619"), D("404.75"), "Sangat Baik", "unit usaha"),
           IkuItem("Belum", D("10"), None, None, None),
           IkuItem("Nol", D("0"), D("0"), None, None)]
    svg = charts.capaian_iku(iku, chart_id="ekstrem")
    assert_inside(all_in_pattern_excluded(svg))
    desc = desc_of(svg)
    assert "capaian 423,52% (Sangat Baik)" in desc and "realisasi -12,50%" in desc
    assert "target 400 unit usaha, realisasi 1.619 unit usaha" in desc
    assert "Belum: target 10,00%, realisasi belum dilaporkan, capaian belum dapat dihitung." in desc

    program = [ProgramItem("Besar", D("987654321098765.43"), D("1000000000000000.00"),
                           percent(D("1000000000000000.00"), D("987654321098765.43"))),
               ProgramItem("Kosong", D(0), D(0), None)]
    svg = charts.anggaran_program(program, chart_id="ekstrem-anggaran")
    assert_inside(all_in_pattern_excluded(svg))
    assert "penyerapan tidak dapat dihitung" in desc_of(svg)

    for realised in ([D("423.5197"), D("-50"), None, D("0"), D("1234.5")], [None] * 5):
        svg = charts.lintasan_renstra(YEARS, [D("6.08"), None, D("7"), D("8"), D("9")], realised, chart_id="r")
        assert_inside(all_in_pattern_excluded(svg))
    svg = charts.lintasan_renstra(list(range(2025, 2035)), [D(i) for i in range(10)], [None] * 10, chart_id="r10")
    assert_inside(all_in_pattern_excluded(svg))
    svg = charts.lintasan_renstra([2025], [D("1619")], [D("1700")], chart_id="r1", satuan="unit usaha")
    assert_inside(all_in_pattern_excluded(svg))
    assert "2025: target 1.619 unit usaha, realisasi 1.700 unit usaha." in desc_of(svg)

    groups = [Kelompok("A", (("W" * 30, 1000), ("Perempuan", 0), ("Lain", 3), ("X", 1), ("Y", 1), ("Z", 2)))]
    assert_inside(all_in_pattern_excluded(charts.komposisi_pegawai(groups, chart_id="k")))


def test_empty_inputs_give_a_valid_chart():
    for svg in (charts.capaian_iku([], chart_id="e1"), charts.anggaran_program([], chart_id="e2"),
                charts.lintasan_renstra([], [], [], chart_id="e3"), charts.komposisi_pegawai([], chart_id="e4")):
        assert "Tidak ada data." in texts(svg)
        assert_inside(all_in_pattern_excluded(svg))
    with pytest.raises(ValueError):
        charts.lintasan_renstra(YEARS, TARGETS, REALISED[:2], chart_id="x")


def test_long_labels_are_wrapped_or_truncated_and_kept_whole_in_desc():
    long = ("Persentase pelaku usaha mikro, kecil dan menengah yang telah memperoleh pendampingan, "
            "pelatihan, sertifikasi halal dan akses permodalan dari lembaga keuangan bank maupun non-bank "
            "di seluruh kecamatan dalam wilayah Kota Jambi")
    svg = charts.capaian_iku([IkuItem(long, D(10), D(12), D(120), "Sangat Baik")], chart_id="panjang")
    assert_inside(all_in_pattern_excluded(svg))
    root = parse(svg)
    name_lines = [el for el in root.iter(NS + "text") if el.get("font-weight") == "bold"]
    assert len(name_lines) == 3
    assert visible_text(name_lines[-1]).endswith("…")
    assert name_lines[-1].find(NS + "title").text == long  # full label as a tooltip
    assert long in desc_of(svg)
    # a short label stays whole and on one line
    lines, cut = charts.wrap("Persentase koperasi berkualitas", 344)
    assert lines == ["Persentase koperasi berkualitas"] and not cut


# --- colour contrast (WCAG 2.x) -----------------------------------------------------------------


def relative_luminance(colour: str) -> D:
    """WCAG 2.x relative luminance of an sRGB colour '#RRGGBB', in Decimal."""
    channels = []
    for i in (1, 3, 5):
        c = D(int(colour[i:i + 2], 16)) / D(255)
        channels.append(c / D("12.92") if c <= D("0.04045") else ((c + D("0.055")) / D("1.055")) ** D("2.4"))
    r, g, b = channels
    return D("0.2126") * r + D("0.7152") * g + D("0.0722") * b


def contrast(a: str, b: str) -> D:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + D("0.05")) / (lb + D("0.05"))


def test_contrast_formula_known_values():
    assert contrast("#000000", "#FFFFFF").quantize(D("0.01")) == D("21.00")
    assert contrast("#767676", "#FFFFFF").quantize(D("0.01")) == D("4.54")  # the classic AA grey


def test_palette_passes_wcag_aa_against_white_and_is_documented():
    source = Path(charts.__file__).read_text(encoding="utf-8")
    for name, colour in charts.PALET.items():
        if name == "LATAR":
            continue
        ratio = contrast(colour, charts.LATAR)
        assert ratio >= D("4.5"), (name, ratio)  # text threshold; bars and lines need only 3:1
        documented = re.search(rf'^{name} = "{colour}"\s+#\s+([\d.]+):1', source, re.M)
        assert documented, f"{name}: contrast ratio not documented"
        assert D(documented.group(1)) == ratio.quantize(D("0.01")), (name, ratio)
    for colour in charts.SEGMEN:  # white value labels sit inside the segments
        assert contrast(colour, charts.LATAR) >= D("4.5")


def test_charts_use_only_palette_colours():
    allowed = set(charts.PALET.values()) | {"none"}
    for svg in CHARTS.values():
        for el in parse(svg).iter():
            for attr in ("fill", "stroke"):
                value = el.get(attr)
                if value and not value.startswith("url(#"):
                    assert value in allowed, (el.tag, attr, value)
        for el in parse(svg).iter(NS + "text"):
            if el.get("fill") == charts.LATAR:  # white count inside a stacked segment
                assert svg is CHARTS["pegawai"]
                continue
            assert contrast(el.get("fill"), charts.LATAR) >= D("4.5")
