"""`lkjip` speaks Indonesian by default, English by option, setting or gettext locale, from a
gettext catalog that covers every message the code marks for translation."""
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from lkjip import i18n
from lkjip.cli import main
from tests.conftest import copy_project

GENERATOR = Path(i18n.__file__).parent
CATALOG = GENERATOR / "locale" / "en" / "LC_MESSAGES" / "lkjip.po"
MARKED_IN = ("cli.py", "validate.py", "loader.py", "rules.py", "kerangka.py", "safety.py", "build.py", "newyear.py", "scaffold_init.py", "tabel.py", "fakta.py", "glosarium.py")


@pytest.fixture(autouse=True)
def indonesian_again():
    yield
    i18n.use(i18n.DEFAULT)


def marked_messages() -> set[str]:
    found = set()
    for name in MARKED_IN:
        for _line, message, _comments, _context in extract_from_file("python", GENERATOR / name, keywords={"_": None, "N_": None}):
            found.add(message)
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_marked_message_has_an_english_translation_with_the_same_placeholders():
    catalog = {m.id: m.string for m in read_po(CATALOG.open(encoding="utf-8")) if m.id}
    marked = marked_messages()
    assert len(marked) > 200
    assert sorted(marked - set(catalog)) == [], "run pybabel extract and update (see the catalog's header)"
    assert sorted(set(catalog) - marked) == [], "the catalog keeps messages the code no longer has"
    for message in marked:
        assert catalog[message].strip(), message
        assert placeholders(catalog[message]) == placeholders(message), message


def test_the_language_comes_from_the_option_then_the_setting_then_gettexts_locale():
    assert i18n.chosen([], {}) == "id"
    assert i18n.chosen([], {"LANG": "en_US.UTF-8"}) == "id"  # a server's default LANG does not switch
    assert i18n.chosen([], {"LANGUAGE": "en_GB:en"}) == "en"
    assert i18n.chosen([], {"LANGUAGE": "fr:en"}) == "en"
    assert i18n.chosen([], {"LKJIP_BAHASA": "id", "LANGUAGE": "en"}) == "id"
    assert i18n.chosen(["--bahasa", "en", "validate"], {"LKJIP_BAHASA": "id"}) == "en"
    assert i18n.chosen(["--bahasa=id"], {"LKJIP_BAHASA": "en"}) == "id"
    assert i18n.chosen([], {"LKJIP_BAHASA": "xx"}) == "id"


def _broken_project(tmp_path):
    root = copy_project(tmp_path / "proj")
    path = root / "content" / "2025" / "kinerja.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    penanggung_jawab: Bidang Perkoperasian", "    penangung_jawab: Bidang Perkoperasian", 1), encoding="utf-8")
    return root


def test_validate_speaks_indonesian_by_default_and_english_when_asked(tmp_path, capsys, monkeypatch):
    root = _broken_project(tmp_path)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LKJIP_BAHASA", raising=False)
    assert main(["--root", str(root), "validate"]) == 1
    indonesian = capsys.readouterr().err
    assert "iku[2].penangung_jawab: kolom 'penangung_jawab' tidak dikenal (yang dikenal di sini:" in indonesian
    assert indonesian.startswith("Kesalahan:") and indonesian.rstrip().endswith("1 kesalahan, 0 peringatan di 1 berkas")

    monkeypatch.setenv("LKJIP_BAHASA", "en")
    assert main(["--root", str(root), "validate"]) == 1
    english = capsys.readouterr().err
    assert "iku[2].penangung_jawab: unknown field 'penangung_jawab' (known here:" in english
    assert english.startswith("Errors:") and english.rstrip().endswith("1 error(s), 0 warning(s) in 1 file(s)")
    # the location is the same in both languages
    assert re.findall(r"content/\S+:\d+:\d+:", english) == re.findall(r"content/\S+:\d+:\d+:", indonesian)


def test_yaml_syntax_errors_in_english_keep_pyyamls_own_words(tmp_path, capsys):
    root = copy_project(tmp_path / "proj")
    path = root / "content" / "2025" / "kinerja.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("realisasi: {penyebut: 236}", "realisasi: {penyebut: 236"),
                    encoding="utf-8")
    assert main(["--root", str(root), "--bahasa", "en", "validate"]) == 1
    assert "YAML syntax error: while parsing a flow mapping" in capsys.readouterr().err
    assert main(["--root", str(root), "validate"]) == 1
    assert "kesalahan penulisan YAML: saat membaca pemetaan {…}" in capsys.readouterr().err


def test_help_in_both_languages():
    def help_text(*env):
        result = subprocess.run([sys.executable, "-m", "lkjip.cli", "--help"], capture_output=True, text=True,
                                env=dict([("PATH", "/usr/bin:/bin"), *env]), check=True)
        return result.stdout

    indonesian = help_text()
    assert indonesian.startswith("penggunaan: lkjip") and "periksa setiap berkas isi" in indonesian and "tampilkan bantuan ini lalu keluar" in indonesian
    english = help_text(("LKJIP_BAHASA", "en"))
    assert english.startswith("usage: lkjip") and "check every content file" in english and "show this help message and exit" in english
    assert "periksa" not in english


def _with_realisasi(tmp_path, realisasi: str):
    root = copy_project(tmp_path / "proj")
    path = root / "content" / "2025" / "kinerja.yaml"
    text = path.read_text(encoding="utf-8")
    shared = "      fakta: {pembilang: pencaker-ditempatkan, penyebut: pencaker-terdaftar}\n"  # the IKU's figures come from shared facts
    assert text.count(shared) == 1
    path.write_text(text.replace(shared, f"    {realisasi}\n"), encoding="utf-8")  # its own figures instead
    return root


def test_a_content_rule_speaks_english_at_the_same_place(tmp_path, capsys):
    root = _with_realisasi(tmp_path, "realisasi: {pembilang: 903, penyebut: 825}")
    assert main(["--root", str(root), "validate"]) == 1
    indonesian = capsys.readouterr().err
    assert ("iku[0].realisasi.pembilang: pembilang 903 lebih besar dari penyebut 825: bagian tidak dapat melebihi keseluruhannya "
            "(bila rasio ini memang boleh melebihi 100%") in indonesian
    assert main(["--root", str(root), "--bahasa", "en", "validate"]) == 1
    english = capsys.readouterr().err
    assert ("iku[0].realisasi.pembilang: pembilang 903 is larger than penyebut 825: a part cannot be more than its whole "
            "(if this ratio may really exceed 100%") in english and "write bagian: false in rumus" in english
    assert "lebih besar" not in english
    location = re.compile(r"content/2025/kinerja\.yaml:\d+:\d+:")
    assert location.findall(english) == location.findall(indonesian) and len(location.findall(english)) == 1


def test_a_rule_built_from_a_list_translates_its_joining_word(tmp_path, capsys):
    root = _with_realisasi(tmp_path, "realisasi: {nilai: 60}")
    assert main(["--root", str(root), "validate"]) == 1
    assert "indikator 'rasio' memerlukan pembilang dan penyebut pada realisasinya" in capsys.readouterr().err
    assert main(["--root", str(root), "--bahasa", "en", "validate"]) == 1
    assert "a 'rasio' indicator needs pembilang and penyebut in its realisasi" in capsys.readouterr().err


def test_the_catalog_has_no_fuzzy_entries():
    assert [m.id for m in read_po(CATALOG.open(encoding="utf-8")) if m.id and m.fuzzy] == []
