"""Other agencies' real reports (tests/agencies/, see its README): the same tool, no code of theirs,
builds them; every capaian their sources print is either what the site computes, under each
report's own rounding rule, or a data-quality finding at that very statement."""
from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from lkjip import numbers as n
from lkjip.build import Project, all_reports, build
from lkjip.checks import places_of
from lkjip.cli import main

AGENCIES = Path(__file__).resolve().parent / "agencies"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("agencies") / "proj"
    shutil.copytree(AGENCIES / "content", root / "content")
    shutil.copy(AGENCIES / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    build(project)
    return project


@pytest.fixture(scope="module")
def reports(project) -> dict:
    return {(r.agency, r.tahun): r for r in all_reports(project)}


def page(project, path: str) -> str:
    return (project.site / path / "index.html").read_text(encoding="utf-8")


def shown(report, iku_id: str):
    iku = next(i for i in report.iku if i.id == iku_id)
    m = iku.ukur
    return (n.rounded(m.realisasi, report.metode.desimal, report.metode.cara) if isinstance(m.realisasi, D) else m.realisasi,
            n.rounded(m.capaian, report.metode.desimal, report.metode.cara) if m.capaian is not None else None)


# (agency, year, IKU id, realisasi the site shows, capaian the site shows, what the document prints for capaian)
FIGURES = [
    ("lapas-baubau", 2022, "iku-lansia-layanan-kesehatan", D("100.00"), D("125.00"), ["125"]),
    ("lapas-baubau", 2022, "iku-napi-risti-berubah-perilaku", D("100.00"), D("666.66"), ["666.66"]),  # 100/15, truncated as printed
    ("lapas-baubau", 2022, "iku-napi-bekerja-produktif", D("100.00"), None, ["149.25"]),  # no target on the pages: a finding
    ("lapas-baubau", 2022, "iku-kepatuhan-tata-tertib-kamtib", D("100.00"), None, ["125"]),
    ("kab-tanah-datar", 2015, "iku-apk-smp", D("103.22"), D("101.68"), ["101.68", "101.68"]),  # Tabel 3.3.21 and the text
    ("kab-tanah-datar", 2015, "iku-persampahan", D("11"), D("73.33"), ["73.30", "70.30", "70.30"]),  # 11/15 Nagari; both printed values disagree
    ("kab-tanah-datar", 2015, "iku-mutu-air", D("5"), D("100.00"), ["100"]),
    ("kab-tanah-datar", 2016, "iku-apm-sd", D("92.24"), D("101.49"), ["101.46", "101.46"]),  # 36.743/39.834 = 92,24, printed 92,22
    ("kab-tanah-datar", 2016, "iku-apm-smp", D("82.92"), D("101.46"), ["101.46"]),
    ("pa-kuala-kurun", 2021, "iku-tepat-waktu", D("98"), D("104"), ["103"]),  # 62/63; the document divided its rounded 98 by 95
    ("pa-kuala-kurun", 2021, "iku-penurunan-sisa-perkara", D("50"), D("1667"), ["1667", "1667"]),  # (2 − 1)/2, target 3
    ("pa-kuala-kurun", 2020, "iku-tepat-waktu", D("96"), D("101"), ["101"]),
    ("pa-kuala-kurun", 2020, "iku-penurunan-sisa-perkara", D("-100"), D("-3333"), ["-33.33"]),  # (1 − 2)/1 against 3: printed −33,33
]


@pytest.mark.parametrize("agency, tahun, ident, realisasi, capaian, printed", FIGURES, ids=[f"{a}-{t}-{i}" for a, t, i, *_ in FIGURES])
def test_every_printed_capaian(reports, agency, tahun, ident, realisasi, capaian, printed):
    report = reports[(agency, tahun)]
    assert shown(report, ident) == (realisasi, capaian)
    iku = next(i for i in report.iku if i.id == ident)
    stated = [st for st in iku.ukur.dinyatakan if "capaian" in st]
    assert sorted(str(st["capaian"]) for st in stated) == sorted(printed)
    findings = [f for f in report.temuan if f.kunci == ident and f.bidang == "capaian"]
    for st in stated:
        agrees = capaian is not None and n.rounded(iku.ukur.capaian, places_of(st["capaian"]), report.metode.cara) == D(st["capaian"])
        flagged = [f for f in findings if f.sumber == st["sumber"] and f.tertulis == D(st["capaian"])]
        assert agrees != bool(flagged), (st, findings)


def test_the_disagreements_the_sources_hold_are_found(reports):
    found = {(a, t): sorted((f.kunci, f.bidang, f.jenis, f.dinyatakan) for f in r.temuan) for (a, t), r in reports.items()}
    assert ("iku-persampahan", "realisasi", "selisih", "15") in found[("kab-tanah-datar", 2015)]
    assert [f for f in found[("kab-tanah-datar", 2016)] if f[:2] == ("iku-apm-sd", "realisasi")] == [("iku-apm-sd", "realisasi", "selisih", "92,22%")] * 3
    assert ("iku-tepat-waktu", "capaian", "bertingkat", "103%") in found[("pa-kuala-kurun", 2021)]  # 98 % shown ÷ 95 %
    assert ("iku-penurunan-sisa-perkara", "capaian", "selisih", "-33,33%") in found[("pa-kuala-kurun", 2020)]
    assert sum(len(v) for v in found.values()) == 13


def test_a_semester_report_is_titled_and_rated_as_part_of_a_year(project, reports):
    report = reports[("lapas-baubau", 2022)]
    assert report.judul_periode == "s.d. Semester I Tahun 2022"
    assert all(not i.ukur.dinilai and i.ukur.kategori is None for i in report.iku)
    home = page(project, "lapas-baubau/2022")
    assert "Laporan Akuntabilitas Kinerja Instansi Pemerintah s.d. Semester I Tahun 2022" in home
    assert "tidak dinilai (periode sebagian)" in home and "LAKIP s.d. Semester I Tahun 2022" in page(project, "")
    assert "666,66%" in home and "666,67%" not in home


def test_monthly_counts_are_summed_and_averaged(reports):
    tables = {t.nomor: t for t in reports[("lapas-baubau", 2022)].tables.values() if t.nomor in ("3.14", "3.55")}
    for nomor, months, total, mean in (("3.14", [1, 1, 1, 1, 1], 5, 1), ("3.55", [0, 5, 5, 0, 0], 10, 2)):
        cells = next(r for r in tables[nomor].rows if r.tingkat == "data").cells
        assert [cells[m].value for m in ("jan", "feb", "mar", "apr", "mei")] == months
        assert (cells["jumlah_output"].value, cells["rata_rata"].value) == (total, mean)
    assert not [f for f in reports[("lapas-baubau", 2022)].temuan if f.sumber in ("Tabel 3.14", "Tabel 3.55")]


def test_whole_percentages_and_the_reduction_formula(project):
    iku = page(project, "pa-kuala-kurun/2021/akuntabilitas/iku/iku-penurunan-sisa-perkara")
    assert "(nilai awal − nilai akhir) ÷ nilai awal × 100%" in iku and "1.667%" in iku
    home = page(project, "pa-kuala-kurun/2021")
    assert "104%" in home and "103,59" not in home


def test_a_year_known_in_part_shows_where_its_source_disagrees_with_itself(project):
    quality = page(project, "pa-kuala-kurun/2020/kualitas-data")
    assert "-33,33%" in quality and "-3.333%" in quality
    assert "Catatan Kualitas Data" in page(project, "pa-kuala-kurun/2020")


def test_the_portal_lists_every_agency_with_its_latest_results(project):
    portal = page(project, "")
    for name, link in (("Lembaga Pemasyarakatan Kelas IIA Baubau", "lapas-baubau/2022/akuntabilitas/iku/iku-lansia-layanan-kesehatan/"),
                       ("Pemerintah Kabupaten Tanah Datar", "kab-tanah-datar/2016/akuntabilitas/iku/iku-apm-sd/"),
                       ("Pengadilan Agama Kuala Kurun", "pa-kuala-kurun/2021/akuntabilitas/iku/iku-tepat-waktu/")):
        assert name in portal and link in portal
    for path in ("lapas-baubau/2022", "kab-tanah-datar/2015", "kab-tanah-datar/2016", "pa-kuala-kurun/2021", "pa-kuala-kurun/2020"):
        assert (project.site / path / "index.html").is_file()


def test_nothing_of_the_shipped_report_reaches_another_agencys_site(project):
    for path in project.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Jambi" not in text and "Koperasi" not in text, path


def test_the_agencies_content_validates_with_no_error(capsys):
    assert main(["--root", str(AGENCIES), "validate"]) == 0
    out = capsys.readouterr().out
    assert "0 kesalahan" in out or "Sah:" in out


def test_the_data_quality_page_says_where_and_from_what_facts(project):
    quality = page(project, "kab-tanah-datar/2015/kualitas-data")
    assert 'href="../bab-3/#tabel-riwayat-persampahan"' in quality and "hlm. 171" in quality
    assert "content/" not in quality  # the YAML location is for editors (lkjip check, the CSV), not the public page
