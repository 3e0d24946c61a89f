"""A pemda-level report (misi → tujuan → sasaran → indicator, no programs) and a final report that
holds only what the agency has: written here from scratch, as a new agency would."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from lkjip.build import Project, build, latest_report
from lkjip.cli import main

INSTANSI = """model: 2
nama: Pemerintah Kabupaten Contoh
jenis: pemerintah-daerah
tingkat: kabupaten
wilayah: Kabupaten Contoh
jabatan_kepala: Bupati
"""
LAPORAN = """model: 2
tahun: 2024
status: final
judul: Laporan Kinerja Instansi Pemerintah
penandatangan: {nama: Nama Bupati, jabatan: Bupati}
tanggal: '2025-03'
metode: {capaian_turun: kebalikan}
kerangka:
  - id: bab-2
    jenis: bab
    nomor: II
    judul: Perencanaan Kinerja
    isi:
      - tabel: {jenis: renstra-target, nomor: "2.1", judul: Tujuan dan sasaran RPJMD}
      - tabel: {jenis: efisiensi, nomor: "2.2", judul: Efisiensi}
  - id: bab-3
    jenis: bab
    nomor: III
    judul: Akuntabilitas Kinerja
    isi:
      - tabel: {jenis: capaian-iku, nomor: "3.1", judul: Capaian}
      - tabel: {jenis: realisasi-anggaran, nomor: "3.2", judul: Anggaran}
"""
PERENCANAAN = """renstra:
  nama: RPJMD 2021–2026
  periode: {mulai: 2021, akhir: 2026}
  misi:
    - {id: misi-sejahtera, nomor: "1", nama: Masyarakat sejahtera}
  tujuan:
    - id: tujuan-kemiskinan
      nomor: "1.1"
      nama: Menurunkan kemiskinan
      misi: misi-sejahtera
      indikator:
        - {id: iku-kemiskinan, nama: Persentase penduduk miskin, satuan: "%", arah: turun, target: {2024: 9.50}}
  sasaran:
    - id: sasaran-pendapatan
      nomor: "1.1.1"
      nama: Meningkatnya pendapatan
      tujuan: tujuan-kemiskinan
      indikator:
        - {id: iku-pendapatan, nama: Pendapatan per kapita, satuan: juta rupiah, arah: naik, target: {2024: 40}}
"""
KINERJA = """skala_capaian:
  kategori:
    - {nama: Sangat Tinggi, batas_bawah: 91}
    - {nama: Tinggi, batas_bawah: 76}
    - {nama: Sedang, batas_bawah: 66}
    - {nama: Rendah, batas_bawah: 51}
    - {nama: Sangat Rendah, batas_bawah: 0}
iku:
  - indikator: iku-kemiskinan
    rumus: {jenis: langsung}
    realisasi: {nilai: 10.00}
    pembanding:
      - {jenis: provinsi, nama: Provinsi Contoh, nilai: 7.90}
    dinyatakan:
      - {sumber: Tabel 3.1, capaian: 95.00}
  - indikator: iku-pendapatan
    rumus: {jenis: langsung}
    realisasi: {nilai: 42}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("pemda") / "proj"
    (root / "content" / "2024").mkdir(parents=True)
    (root / "content" / "instansi.yaml").write_text(INSTANSI, encoding="utf-8")
    for name, text in (("laporan", LAPORAN), ("perencanaan", PERENCANAAN), ("kinerja", KINERJA)):
        (root / "content" / "2024" / f"{name}.yaml").write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text('site_url: ""\n', encoding="utf-8")
    project = Project(root)
    build(project)
    return project


def test_the_cascade_runs_misi_tujuan_sasaran_indicator(project):
    table = next(t for t in latest_report(project).tables.values() if t.nomor == "2.1")
    assert [(row.tingkat, row.id) for row in table.rows] == [
        ("misi", "misi-sejahtera"), ("tujuan", "tujuan-kemiskinan"), ("indikator", "iku-kemiskinan"),
        ("sasaran", "sasaran-pendapatan"), ("indikator", "iku-pendapatan")]


def test_an_iku_on_the_tujuan_level_measured_lower_is_better_by_inverse_ratio(project):
    report = latest_report(project)
    poverty = next(i for i in report.iku if i.id == "iku-kemiskinan")
    assert poverty.tingkat == "tujuan" and poverty.ukur.capaian == D("95")  # 9,50 / 10,00 × 100
    assert poverty.ukur.kategori == "Sangat Tinggi" and not report.temuan
    page = (project.site / "2024" / "akuntabilitas" / "iku" / "iku-kemiskinan" / "index.html").read_text(encoding="utf-8")
    assert "Target ÷ Realisasi × 100%" in page and "Provinsi Contoh" in page and "7,90%" in page


def test_what_the_report_does_not_have_says_so(project):
    chapter = (project.site / "2024" / "bab-3" / "index.html").read_text(encoding="utf-8")
    assert "tidak dimuat dalam laporan" in chapter and "Rp 0" not in chapter
    home = (project.site / "2024" / "index.html").read_text(encoding="utf-8")
    assert "Maret 2025" in home and "Bupati" in home


def test_a_final_report_validates_with_only_its_outline(tmp_path, capsys):
    root = tmp_path / "kosong"
    (root / "content" / "2024").mkdir(parents=True)
    (root / "content" / "instansi.yaml").write_text(INSTANSI, encoding="utf-8")
    (root / "content" / "2024" / "laporan.yaml").write_text(LAPORAN, encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 0
    assert main(["--root", str(root), "build"]) == 0
    assert (root / "site" / "2024" / "bab-3" / "index.html").is_file()
