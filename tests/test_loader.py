"""The strict YAML loader: YAML 1.1 traps, hostile input, positions."""
from decimal import Decimal

import pytest

from lkjip.loader import MAX_BYTES, load_file, load_text
from lkjip.problems import ContentError


def problems_of(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_text(text, "x.yaml")
    return [str(p) for p in info.value.problems]


def test_numbers_are_exact_and_yaml11_traps_stay_text():
    data = load_text("a: 1.010\nb: 886478597.50\nc: 0123\nd: 1:30\ne: NO\nf: on\ng: 2026-01-14\nh: 503\n", "x.yaml").data
    assert data["a"] == Decimal("1.010") and isinstance(data["a"], Decimal)
    assert data["b"] == Decimal("886478597.50")
    assert data["c"] == "0123" and data["d"] == "1:30"
    assert data["e"] == "NO" and data["f"] == "on"
    assert data["g"] == "2026-01-14"
    assert data["h"] == 503 and isinstance(data["h"], int)


def test_keys_are_always_text():
    data = load_text("target: {2025: 45.00, no: 1}\n", "x.yaml").data
    assert data == {"target": {"2025": Decimal("45.00"), "no": 1}}


def test_positions_are_recorded():
    loaded = load_text("a:\n  - x: 1\n    y: [1, 2]\n", "x.yaml")
    assert loaded.position(("a", 0, "y", 1)) == (3, 12)
    assert loaded.position(("a", 0, "x"), at_key=True) == (2, 5)


def test_duplicate_key_names_both_lines():
    assert problems_of("a: 1\nb: 2\na: 3\n") == ["x.yaml:3:1: a: kunci 'a' ditulis dua kali (pertama di baris 1)"]


@pytest.mark.parametrize("text, expected", [
    ("a: &x 1\nb: *x\n", "x.yaml:1:4: a: tanda '&x' (anchor YAML, untuk memakai ulang nilai) tidak diperbolehkan"),
    ("a: !!python/object:os.system ls\n", "x.yaml:1:4: a: tanda 'tag:yaml.org,2002:python/object:os.system' (tag YAML)"),
    ("a:\n\t- 1\n", "x.yaml:2:1: karakter tab"),
    ("a: [1,\n", "x.yaml:2:1: kesalahan penulisan YAML"),
    ("a: 1\n---\nb: 2\n", "x.yaml:2:1: lebih dari satu dokumen YAML"),
    ("? [a]\n: 1\n", "x.yaml:1:3: pemetaan atau daftar tidak boleh dipakai sebagai kunci"),
])
def test_rejected_constructs(text, expected):
    assert problems_of(text)[0].startswith(expected)


def test_billion_laughs_fails_fast():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))
    assert "anchor" in problems_of(bomb)[0]


def test_deep_nesting_fails_without_recursion_error():
    assert "susunan bertingkat lebih dalam dari" in problems_of("[" * 10000 + "]" * 10000)[0]
    assert "susunan bertingkat lebih dalam dari" in problems_of("".join("  " * i + "k:\n" for i in range(2000)))[0]


def test_bom_non_utf8_and_size(tmp_path):
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1) + b"\n")
    for path, expected in ((bom, "1:1: berkas diawali tanda urutan bita (BOM)"), (latin, "2:7: bita 0xe9 bukan UTF-8 yang sah"),
                           (big, "1:1: berkas berukuran")):
        with pytest.raises(ContentError) as info:
            load_file(path, path.name)
        assert str(info.value.problems[0]).startswith(f"{path.name}:{expected}")
