from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import yaml

from linkstar_cli.errors import InputError
from linkstar_cli.repo.yamlio import load_yaml, parse_yaml


def test_plain_values_stay_as_typed() -> None:
    document = parse_yaml("markets: [DE, NO, SE]\ngtin: 0614141000036\nsku: 00123\nwhen: 2024-01-01\nflag: yes\n", "t.yaml")

    assert document.data["markets"] == ["DE", "NO", "SE"]
    assert document.data["gtin"] == "0614141000036"
    assert document.data["sku"] == "00123"
    assert document.data["when"] == "2024-01-01"
    assert document.data["flag"] == "yes"


def test_empty_and_null_load_as_none() -> None:
    document = parse_yaml("a:\nb: ~\nc: null\nd: ''\n", "t.yaml")

    assert document.data == {"a": None, "b": None, "c": None, "d": ""}


def test_standard_tags_still_type_values() -> None:
    document = parse_yaml("a: !!int 12\nb: !!float 1.5\nc: !!bool yes\nd: !!str 0012\n", "t.yaml")

    assert document.data == {"a": 12, "b": 1.5, "c": True, "d": "0012"}


def test_global_pyyaml_loader_untouched() -> None:
    parse_yaml("a: NO\n", "t.yaml")

    assert yaml.safe_load("a: NO\nb: 12\n") == {"a": False, "b": 12}


def test_every_key_has_a_line() -> None:
    document = parse_yaml("id: X\nvariants:\n  - id: A\n    gtin: '1'\n  - id: B\n", "t.yaml")

    assert document.line_of(("id",)) == 1
    assert document.line_of(("variants", 0, "gtin")) == 4
    assert document.line_of(("variants", 1, "id")) == 5
    assert document.line_of(("variants", 1, "missing")) == 5


def test_tab_indentation_error() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("brief:\n\tid: X\n", "skus/X/brief.yaml")

    assert caught.value.message == "a tab is used for indentation"
    assert caught.value.location() == "skus/X/brief.yaml:2:1"
    assert caught.value.hint == "YAML indents with spaces only: replace the tabs with spaces."


def test_duplicate_key_error() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("title: A\nbullets: []\ntitle: B\n", "c.yaml")

    assert caught.value.message == 'duplicate key "title" (first defined at line 1)'
    assert caught.value.line == 3


def test_object_tags_rejected() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "t.yaml")

    assert caught.value.message == 'YAML tag "tag:yaml.org,2002:python/object/apply:os.system" is not allowed'


def test_alias_bomb_rejected() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")

    # 10**12 values if expanded: a model or schema check walking them would never end.
    with pytest.raises(InputError) as caught:
        parse_yaml("\n".join(lines) + "\n", "bomb.yaml")

    assert caught.value.message == "aliases repeat more than 100000 values, which linkstar does not read"
    assert caught.value.line == 4


def test_merge_keys_explicit_wins() -> None:
    document = parse_yaml("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n", "t.yaml")

    assert document.data["item"] == {"x": "1", "y": "3"}


@pytest.mark.parametrize(
    ("encoding", "prefix", "title"),
    [
        ("utf-8", b"", "连帽衫 Größe"),
        ("utf-8", codecs.BOM_UTF8, "连帽衫 Größe"),
        ("gbk", b"", "连帽衫 尺码"),
        ("gb18030", b"", "连帽衫 尺码 M"),
        ("utf-16", b"", "连帽衫 Größe"),
    ],
)
def test_file_encodings_and_crlf(tmp_path: Path, encoding: str, prefix: bytes, title: str) -> None:
    path = tmp_path / "copy.yaml"
    path.write_bytes(prefix + f"title: {title}\r\nbullets:\r\n  - 纯棉\r\n".encode(encoding))

    document = load_yaml(path, "copy.yaml")

    assert document.data == {"title": title, "bullets": ["纯棉"]}


def test_undecodable_file_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"title: \xff\xfe\xfa\x80\n")

    with pytest.raises(InputError) as caught:
        load_yaml(path, "bad.yaml")

    assert caught.value.message == "bad.yaml is not valid UTF-8 or GBK text"


def test_missing_file_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(tmp_path / "nope.yaml", "nope.yaml")

    assert caught.value.message == "file not found: nope.yaml"


def test_windows_1252_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "de-DE.yaml"
    path.write_bytes("title: Kängurutasche für kühle Tage\n".encode("cp1252"))

    with pytest.raises(InputError) as caught:
        load_yaml(path, "skus/X/copy/de-DE.yaml")

    assert caught.value.message == "skus/X/copy/de-DE.yaml is not valid UTF-8 or GBK text"


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000 + "\n", "".join("  " * level + "k:\n" for level in range(1000))], ids=["flow", "block"])
def test_deep_nesting_rejected(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "deep.yaml")

    assert caught.value.message == "deep.yaml nests lists or maps too deeply to be read"
