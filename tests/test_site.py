"""The built site: the document's figures on the rendered pages, Indonesian formats, one origin only."""
import json
import re
from html.parser import HTMLParser

import pytest

from lkjip.build import build


def page(project, relative):
    return (project.site / relative).read_text(encoding="utf-8")


def text_of(html):
    """Visible text with tags removed and whitespace collapsed, for assertions on what readers see."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def row(html, label):
    """The visible text of the first table body row that has a cell starting with `label`."""
    for match in re.finditer(r"<tr>(.*?)</tr>", html, re.S):
        cells = [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)]
        if any(cell.startswith(label) for cell in cells):
            return " ".join(c for c in cells if c)
    raise AssertionError(f"no row with {label!r}")


def test_home_page_shows_iku_budget_and_head(built_site):
    html = page(built_site, "index.html")
    assert row(html, "Persentase penempatan pencari kerja terdaftar") == (
        "Persentase penempatan pencari kerja terdaftar 45,00% 60,97% 135,49% ⚠ Sangat Baik")  # ⚠: the document wrote 135,48%
    assert row(html, "Anggaran") == "Anggaran Rp 10.036.268.000,00"  # the figure is right; only its words are not
    assert row(html, "Realisasi") == "Realisasi Rp 8.767.409.001,00"
    assert row(html, "Penyerapan anggaran") == "Penyerapan anggaran 87,36%"
    text = text_of(html)
    assert "14 Januari 2026" in text
    assert "LIANA ANDRIANI, S.T.P., M.E." in text and "NIP. 19701004 199803 2 005" in text
    assert '<html lang="id"' in html


def test_iku_page_has_formula_counts_and_result(built_site):
    html = page(built_site, "2025/akuntabilitas/iku/iku-penempatan-pencaker/index.html")
    assert row(html, "Pencari kerja ditempatkan") == "Pencari kerja ditempatkan 503"
    assert row(html, "Pencari kerja terdaftar") == "Pencari kerja terdaftar 825"
    assert row(html, "Capaian") == "Capaian 135,49% ⚠"  # the 3.1.1 text says 135,48%
    assert row(html, "Kategori") == "Kategori Sangat Baik"
    assert row(html, "2029") == "2029 57,00% – – –"
    assert row(html, "2025") == "2025 45,00% 60,97% 135,49% Sangat Baik"


def test_budget_realisation_tree_matches_document(built_site):
    html = page(built_site, "2025/anggaran/index.html")
    assert row(html, "Program Penunjang") .endswith("Rp 6.847.986.125,50 Rp 5.826.197.900,00 85,08%")
    assert row(html, "Program Hubungan Industrial").endswith("Rp 909.622.967,50 Rp 836.129.151,00 91,92%")
    assert row(html, "Penyusunan Basis Data").endswith("Rp 32.017.438,00 Rp 31.296.450,00 97,75%")
    assert row(html, "Total") == "Total Rp 10.036.268.000,00 Rp 8.767.409.001,00 87,36%"  # Tabel 3.8 agrees with its rows


def test_every_table_of_the_document_is_on_the_site(built_site):
    pages = [p.read_text(encoding="utf-8") for p in built_site.site.rglob("*.html")]
    found = {m for html in pages for m in re.findall(r"Tabel (\d\.\d)\.", text_of(html))}
    expected = {f"1.{i}" for i in range(1, 6)} | {f"2.{i}" for i in range(1, 9)} | {f"3.{i}" for i in range(1, 10)}
    assert expected <= found


def test_profile_tables_are_totalled(built_site):
    html = page(built_site, "2025/profil/index.html")
    assert row(html, "JFT Ahli Pertama") == "6 JFT Ahli Pertama 39 22 -"
    assert "Jumlah 104 62" in text_of(html)
    assert row(html, "Total Anggaran") == "Total Anggaran Rp 10.036.268.000,00"


class _Requests(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href"):
            if name in attrs and (tag != "a" or attrs.get("rel") == "stylesheet"):
                self.urls.append(attrs[name])


def test_no_third_party_requests(built_site):
    for path in built_site.site.rglob("*.html"):
        parser = _Requests()
        parser.feed(path.read_text(encoding="utf-8"))
        external = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
        assert external == [], (path, external)
    css = " ".join(p.read_text(encoding="utf-8") for p in built_site.site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_builds_are_byte_identical(built_site, tmp_path):
    import hashlib
    import shutil

    from tests.conftest import copy_project
    from lkjip.build import Project

    other = Project(copy_project(tmp_path / "again"))
    build(other)

    def digest(folder):
        return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file()}

    assert digest(other.site) == digest(built_site.site)
    assert digest(other.docs) == digest(built_site.docs)


def test_no_markdown_left_unrendered(built_site):
    """A table or emphasis that Markdown did not recognise shows up as raw pipes or asterisks."""
    for path in built_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        body = html.split('<article', 1)[-1].split('</article>', 1)[0]
        assert not re.search(r"(^|>)\s*\|[^<]*\|", body, re.M), path
        assert "**" not in text_of(body), path


def test_post_build_scan_refuses_script_in_page_content(project_copy):
    """Even if a template let markup through, the scan stops it and the old site stays."""
    from lkjip.build import BuildError, mkdocs_build

    build(project_copy)
    before = sorted((p.relative_to(project_copy.site), p.read_bytes()) for p in project_copy.site.rglob("*.html"))
    page = project_copy.docs / "2025" / "penutup.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<img src="x" onerror="alert(1)">\n', encoding="utf-8")
    with pytest.raises(BuildError, match="atribut penangan kejadian onerror="):
        mkdocs_build(project_copy)
    after = sorted((p.relative_to(project_copy.site), p.read_bytes()) for p in project_copy.site.rglob("*.html"))
    assert after == before


def test_yaml_text_cannot_reach_the_page_as_markup(project_copy):
    """Escaping is the second wall: a name that slipped past validation is shown as text."""
    from lkjip import render
    assert render.md_escape('<script>alert(1)</script> *x* [a](javascript:b) {: onclick=c }') == (
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*x\\* \\[a\\]\\(javascript:b\\) \\{: onclick=c \\}")
    assert str(render.narasi("Teks <script>alert(1)</script> dan [x](javascript:alert(1)) <b onclick=1>b</b>")) == (
        '\n<div class="narasi">\n<p>Teks  dan [x](javascript:alert(1)) <b>b</b></p>\n</div>\n\n')  # not a well-formed link: plain text
    assert str(render.narasi("[x](javascript:b)")) == '\n<div class="narasi">\n<p><a rel="noopener noreferrer">x</a></p>\n</div>\n\n'


def test_year_over_year_page_says_indicators_are_not_comparable(built_site):
    html = page(built_site, "2025/perbandingan/index.html")
    assert row(html, "Persentase koperasi berkualitas") == (
        "Persentase koperasi berkualitas menggantikan Persentase Koperasi Modern 12,37% Baik 43,64% Sangat Baik tidak sebanding")
    iku = re.sub(r"\s+([;:.,])", r"\1", text_of(page(built_site, "2025/akuntabilitas/iku/iku-koperasi-berkualitas/index.html")))
    assert "Target Renstra 2025: 46,80%; realisasi 43,64%: belum sesuai jalur." in iku
    assert "perubahan rata-rata +2,59 poin per tahun selama 4 tahun tersisa" in iku
    assert "tidak dapat dibandingkan" in iku


def test_each_year_has_a_stable_url_and_the_home_page_is_the_latest_year(built_site):
    home = page(built_site, "index.html")
    year_home = page(built_site, "2025/index.html")
    assert row(home, "Persentase penempatan pencari kerja terdaftar") == row(year_home, "Persentase penempatan pencari kerja terdaftar")
    assert 'href="2025/akuntabilitas/iku/iku-penempatan-pencaker/"' in home
    for path in ("2025/profil/", "2025/perencanaan/", "2025/akuntabilitas/", "2025/anggaran/", "2025/penutup/",
                 "2025/kualitas-data/", "2025/perbandingan/", "2025/dokumen/"):
        html = page(built_site, path + "index.html")
        assert 'class="pilih-tahun"' in html, path  # the year selector


def test_pages_say_when_their_content_last_changed(project_copy):
    """From the git history of the page's source files: the same commit gives the same date."""
    import os
    import subprocess

    from lkjip.build import generate

    root = project_copy.root
    env = dict(os.environ, GIT_AUTHOR_DATE="2026-01-15T10:00:00+07:00", GIT_COMMITTER_DATE="2026-01-15T10:00:00+07:00")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "isi 2025"], check=True, env=env)
    env2 = dict(os.environ, GIT_AUTHOR_DATE="2026-02-03T09:00:00+07:00", GIT_COMMITTER_DATE="2026-02-03T09:00:00+07:00")
    program = root / "content" / "2025" / "program.yaml"
    program.write_text(program.read_text(encoding="utf-8").replace("nama: Job Fair", "nama: Job Fair Kota Jambi"), encoding="utf-8")
    subprocess.run(git + ["commit", "-q", "-am", "ubah program"], check=True, env=env2)
    generate(project_copy)
    docs = project_copy.docs / "2025"
    assert "terakhir diubah: 3 Februari 2026" in (docs / "anggaran.md").read_text(encoding="utf-8")  # made from program.yaml
    assert "terakhir diubah: 15 Januari 2026" in (docs / "penutup.md").read_text(encoding="utf-8")  # laporan.yaml only


def test_the_year_known_in_part_has_its_own_page(built_site):
    """2024 is known only from Tabel 3.4/3.5 of the 2025 report: its IKU at /2024/, in the year selector."""
    html = page(built_site, "2024/index.html")
    assert row(html, "Persentase Koperasi Modern") == "3 Persentase Koperasi Modern 15,46% 12,37% 80,01% Baik 15,46% 17,39% 20,00%"
    assert "tidak dapat dibandingkan" in text_of(html)
    assert 'href="../../2024/"' in page(built_site, "2025/profil/index.html")  # the year selector
    # the 2025 report's Tabel 3.4 is computed from the 2024 year's content
    assert row(page(built_site, "2025/akuntabilitas/index.html"), "Persentase UMKM Naik Kelas").startswith(
        "4 Persentase UMKM Naik Kelas 7,15% 5,30% 74,13% Cukup")


def test_a_unit_written_in_yaml_cannot_become_markup(project_copy):
    """A unit ('satuan') is shown with the figure: it is escaped like every other text."""
    path = project_copy.content / "2025" / "program.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("satuan: orang", "satuan: 'orang ![g](/\\\\evil.example/p.png)'", 1),
                    encoding="utf-8")
    build(project_copy)
    html = (project_copy.site / "2025" / "akuntabilitas" / "program" / "prog-pelatihan-kerja" / "index.html").read_text(encoding="utf-8")
    assert "evil.example" in html and "<img" not in html.split("<article", 1)[1]


def test_scan_treats_backslash_slash_as_another_host(tmp_path):
    from lkjip.scan import scan_site

    (tmp_path / "a.html").write_text('<img src="/\\evil.example/p.png">', encoding="utf-8")
    assert scan_site(tmp_path) == ["a.html: permintaan ke host lain: /\\evil.example/p.png"]


def test_the_data_quality_page_writes_out_the_facts_behind_each_figure(built_site):
    html = page(built_site, "2025/kualitas-data/index.html")
    assert "Realisasi dari data mentah: 1.010 ÷ 6.133 × 100%." in html
    assert 'href="../akuntabilitas/#target-realisasi"' in html and "Pembulatan bertingkat" in html
    assert "content/2025/" not in html


def test_the_theme_speaks_indonesian(built_site):
    page_html = page(built_site, "2025/profil/index.html")
    assert "Permanent link" not in page_html and 'title="Tautan permanen ke bagian ini"' in page_html
    assert "Made with" not in page(built_site, "index.html")
    not_found = (built_site.site / "404.html").read_text(encoding="utf-8")
    assert "404 – Halaman tidak ditemukan" in not_found and "Not found" not in not_found


def test_each_iku_page_opens_with_one_plain_sentence(built_site):
    html = page(built_site, "2025/akuntabilitas/iku/iku-penempatan-pencaker/index.html")
    assert ("503 pencari kerja ditempatkan dari 825 pencari kerja terdaftar: realisasi 60,97%, target 45,00%, "
            "capaian 135,49% — Sangat Baik.") in html
    # the facts' rows carry the content's plain names, not the document's abbreviations
    assert ">Pencari kerja ditempatkan<" in html and ">Pencari kerja terdaftar<" in html and "Jmh Pencaker Ditempatkan<" not in html


def test_an_iku_without_plain_names_names_its_facts_as_the_document_does():
    from types import SimpleNamespace

    from lkjip import render

    measure = SimpleNamespace(fakta_pasangan=("rasio", 503, 825), satuan="%", kategori=None, target=None, capaian=None,
                              realisasi=None, rumus={"jenis": "rasio", "pembilang": "Jmh Pencaker Ditempatkan", "penyebut": "Jmh Pencaker Terdaftar"})
    assert str(render.kalimat_ukur({}, measure)).startswith("503 dari 825 \\(Jmh Pencaker Ditempatkan dari Jmh Pencaker Terdaftar\\)")


def test_a_mark_sits_on_the_fact_it_is_about_and_says_what_is_wrong(built_site):
    """Jumlah koperasi aktif is 236 here and 304 for two other indicators: the mark is on the
    penyebut row only, and its accessible name gives both values."""
    html = page(built_site, "2025/akuntabilitas/iku/iku-koperasi-berkualitas/index.html")
    rows = {re.sub(r"<[^>]+>", "", row.split("</td>")[0]).strip(): row for row in html.split("<tr>")[1:] if "</td>" in row}
    assert "⚠" not in rows["Koperasi berkualitas"]
    assert 'aria-label="Catatan kualitas data: Teks 3.1.1 menulis 236; indikator lain memakai 304"' in rows["Koperasi aktif"]


def test_the_print_document_is_left_out_of_the_search_index(built_site):
    """The print page repeats every chapter: in the index it would double what every first visit downloads."""
    index = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "2025/dokumen/" not in locations and "2025/akuntabilitas/" in locations


def test_older_years_are_left_out_of_the_search_index_unless_the_project_asks(built_site, tmp_path):
    """Only the latest report year is searched by default; `extra: cari_semua_tahun: true` in the
    project's mkdocs.yml puts every year in the index."""
    from lkjip.build import Project, render_site
    from tests.conftest import copy_project

    index = json.loads((built_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    years = {doc["location"].split("/")[0] for doc in index["docs"] if doc["location"][:4].isdigit()}
    assert years == {"2025"}
    assert (built_site.docs / "2024" / "index.md").read_text(encoding="utf-8").startswith("---\nsearch:\n  exclude: true\n---\n")
    other = Project(copy_project(tmp_path / "semua"))
    other.config.write_text(other.config.read_text(encoding="utf-8") + "extra:\n  cari_semua_tahun: true\n", encoding="utf-8")
    pages, _, _ = render_site(other)
    assert not pages["2024/index.md"].startswith("---")


def test_no_unused_theme_asset_is_published(built_site):
    """Source maps and the search stemmers of other languages are left out (the index is built for 'en')."""
    assert not list(built_site.site.rglob("*.map"))
    assert not (built_site.site / "assets" / "javascripts" / "lunr" / "wordcut.js").exists()
    assert not list(built_site.site.glob("assets/javascripts/lunr/min/lunr.*.min.js"))


def test_the_glossary_explains_the_terms_and_the_pages_link_to_it(built_site):
    glossary = page(built_site, "glosarium/index.html")
    for anchor, words in (("iku", "Indikator Kinerja Utama"), ("capaian", "Capaian kinerja"), ("renstra", "Rencana Strategis"),
                          ("perjanjian-kinerja", "Perjanjian Kinerja"), ("sakip", "Sistem Akuntabilitas Kinerja Instansi Pemerintah")):
        assert re.search(rf'<h2 id="{anchor}">[^<]*{words}', glossary), anchor
    iku = page(built_site, "2025/akuntabilitas/iku/iku-penempatan-pencaker/index.html")
    assert 'href="../../../../glosarium/#iku">Indikator Kinerja Utama</a> 2025' in iku
    assert 'href="../../../../glosarium/#capaian">Rumus capaian</a>' in iku
    assert 'href="../glosarium/">Glosarium</a>' in page(built_site, "2025/index.html")
    assert "<abbr" not in iku  # charts' text stays as it is (see generator/glosarium.py)


def test_a_projects_own_glossary_replaces_the_tools_and_a_broken_one_is_refused_with_its_line(tmp_path, capsys):
    from lkjip.cli import main
    from tests.conftest import copy_project

    root = copy_project(tmp_path / "proj")
    (root / "site_templates").mkdir(exist_ok=True)
    own = root / "site_templates" / "glosarium.yml"
    own.write_text("istilah:\n  - {id: bumd, istilah: Badan Usaha Milik Daerah, singkatan: BUMD, definisi: Badan usaha yang modalnya dimiliki daerah.}\n"
                   "  - {id: bumd, istilah: Lain, definisi: Dua kali.}\n", encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 1
    assert "site_templates/glosarium.yml:3:10: istilah[1].id: id 'bumd' sudah dipakai istilah ke-1" in capsys.readouterr().err
    own.write_text("istilah:\n  - {id: bumd, istilah: Badan Usaha Milik Daerah, singkatan: BUMD, definisi: Badan usaha milik daerah.}\n", encoding="utf-8")
    assert main(["--root", str(root), "generate"]) == 0
    capsys.readouterr()
    text = (root / "build" / "docs" / "glosarium.md").read_text(encoding="utf-8")
    assert "BUMD — Badan Usaha Milik Daerah" in text and "Indikator Kinerja Utama" not in text
    iku = (root / "build" / "docs" / "2025" / "akuntabilitas" / "iku" / "iku-penempatan-pencaker.md").read_text(encoding="utf-8")
    assert "glosarium.md#iku" not in iku and "glosarium.md#capaian" not in iku  # no link to a term the glossary lacks
    own.write_text("istilah:\n  - {id: bumd, istilah: BUMD}\n", encoding="utf-8")
    assert main(["--root", str(root), "build"]) == 1
    assert "site_templates/glosarium.yml:2:5: istilah[0].definisi: kolom wajib 'definisi' belum diisi" in capsys.readouterr().err
