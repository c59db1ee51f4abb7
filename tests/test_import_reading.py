"""The parts of ``linkstar import`` that read cells: encodings, delimiters, numbers, units, ids, HTML."""

from __future__ import annotations

from decimal import Decimal

import pytest

from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.importer.encoding import decode_export
from linkstar_cli.importer.table import parse_csv
from linkstar_cli.importer.values import (
    CellProblem,
    category_path,
    check_gtin,
    decode_entities,
    normalize_sku,
    parse_number,
    to_si,
    unit_code,
)
from linkstar_cli.importer.yamledit import guess_indentation

CHINESE = "SKU,名称,描述\nCUP-1,陶瓷马克杯,容量三百五十毫升，可用洗碗机清洗\n"


# Encodings


def test_utf8_with_bom_drops_the_bom() -> None:
    decoded = decode_export(b"\xef\xbb\xbfSKU,Name\nA,B\n", "a.csv")

    assert decoded.text == "SKU,Name\nA,B\n"
    assert parse_csv(decoded.text, "a.csv").headers == ["SKU", "Name"]


def test_utf16_with_bom() -> None:
    data = "SKU\tName\nA\tBecher für Tee\n".encode("utf-16")

    decoded = decode_export(data, "a.txt")

    assert decoded.text == "SKU\tName\nA\tBecher für Tee\n"
    assert decoded.encoding == "utf-16"


def test_gb18030_is_detected() -> None:
    decoded = decode_export(CHINESE.encode("gb18030"), "a.csv")

    assert decoded.encoding == "gb18030"
    assert decoded.text == CHINESE


def test_utf8_chinese_is_detected() -> None:
    decoded = decode_export(CHINESE.encode("utf-8"), "a.csv")

    assert decoded.encoding == "utf-8"
    assert decoded.text == CHINESE


def test_cp1252_is_not_read_as_gbk() -> None:
    data = "SKU;Name\nA;Becher für Tee, spülmaschinenfest\n".encode("cp1252")

    with pytest.raises(InputError) as raised:
        decode_export(data, "a.csv")

    assert raised.value.message == "a.csv is neither UTF-8 nor GBK/GB18030 text"
    assert "--encoding cp1252" in (raised.value.hint or "")
    assert decode_export(data, "a.csv", "cp1252").text.endswith("spülmaschinenfest\n")


def test_utf16_without_bom_is_named() -> None:
    with pytest.raises(InputError) as raised:
        decode_export("SKU,Name\n".encode("utf-16-le"), "a.csv")

    assert "looks like UTF-16 text without a byte order mark" in raised.value.message


def test_forced_encoding_names_line() -> None:
    with pytest.raises(InputError) as raised:
        decode_export(b"SKU\nA\n\xff\n", "a.csv", "utf-8")

    assert raised.value.message == "a.csv is not valid utf-8 text: byte 0xFF on line 3 cannot be decoded"
    assert raised.value.line == 3


def test_unknown_encoding_name() -> None:
    with pytest.raises(UsageError, match='unknown encoding "latin-9x"'):
        decode_export(b"SKU\n", "a.csv", "latin-9x")


# CSV


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(delimiter: str) -> None:
    text = delimiter.join(["SKU", "Name", "Price"]) + "\n" + delimiter.join(["A-1", '"Mug, blue"', "9.99"]) + "\n"

    table = parse_csv(text, "a.csv")

    assert table.delimiter == delimiter
    assert table.headers == ["SKU", "Name", "Price"]
    assert table.rows[0].cells == ["A-1", "Mug, blue", "9.99"]


def test_quoted_multiline_cell_keeps_row_and_line_numbers() -> None:
    text = 'SKU,Body\r\nA,"<p>one</p>\r\n<p>two</p>"\r\nB,plain'

    table = parse_csv(text, "a.csv")

    assert [(row.number, row.line, row.cells) for row in table.rows] == [
        (2, 2, ["A", "<p>one</p>\n<p>two</p>"]),
        (3, 4, ["B", "plain"]),
    ]


def test_row_with_extra_cells_is_an_error() -> None:
    with pytest.raises(InputError) as raised:
        parse_csv("SKU,Name\nA,B\nC,D,E\n", "a.csv", delimiter=",")

    assert raised.value.message == "row 3 has 3 cells but the header has 2 columns"
    assert raised.value.line == 3


# Values


@pytest.mark.parametrize(
    ("text", "mode", "expected"),
    [(".5", "dot", "0.5"), ("1.25", "dot", "1.25"), ("9,99", "comma", "9.99"), (",5", "comma", "0.5"), ("1.234,5", "comma", "1234.5"), (" 3 ", "dot", "3")],
)
def test_numbers(text: str, mode: str, expected: str) -> None:
    assert parse_number(text, mode) == Decimal(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "mode", "message"), [("9,99", "dot", '"9,99" has a comma'), ("1,234.50", "dot", "has a comma"), ("9.99", "comma", "has a dot"), ("12 kg", "dot", "is not a number")])
def test_numbers_that_do_not_fit_the_mode(text: str, mode: str, message: str) -> None:
    with pytest.raises(CellProblem, match=message):
        parse_number(text, mode)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "unit", "dimension", "expected"),
    [
        ("0.5", "lb", "weight", "0.227"),
        ("2", "lb", "weight", "0.907"),
        ("250", "g", "weight", "0.250"),
        ("8", "oz", "weight", "0.227"),
        ("24", "in", "length", "60.96"),
        ("1.4", "in", "length", "3.56"),
        ("35", "mm", "length", "3.50"),
        ("1.5", "m", "length", "150.00"),
    ],
)
def test_conversion_to_si(value: str, unit: str, dimension: str, expected: str) -> None:
    assert str(to_si(Decimal(value), unit, dimension)) == expected  # type: ignore[arg-type]


def test_weight_unit_in_a_length_field() -> None:
    with pytest.raises(CellProblem, match='unit "kg" is not a length unit'):
        to_si(Decimal(1), "kg", "length")


@pytest.mark.parametrize(("spelling", "code"), [("lbs", "lb"), ("GRAM", "g"), ("KILOGRAM", "kg"), ("INCH", "in"), ("Centimetres", "cm"), ("FEET", "ft"), ("ounce", "oz")])
def test_unit_spellings(spelling: str, code: str) -> None:
    assert unit_code(spelling) == code


def test_unknown_unit() -> None:
    assert unit_code("stone") is None


def test_gtin_checks() -> None:
    assert check_gtin(" 0614141000210 ") == "0614141000210"
    with pytest.raises(CellProblem, match="scientific notation"):
        check_gtin("6.90123E+12")
    with pytest.raises(CellProblem, match="has check digit 1, expected 0"):
        check_gtin("0614141000211")
    with pytest.raises(CellProblem, match="has 11 digits"):
        check_gtin("61414100021")


@pytest.mark.parametrize(("text", "expected"), [("woo-vneck-tee", "WOO-VNECK-TEE"), ("Woo-tshirt-logo", "WOO-TSHIRT-LOGO"), ("ＡＢ１２", "AB12"), ("ab 12/x", "AB-12-X"), ("0012", "0012")])
def test_sku_normalization(text: str, expected: str) -> None:
    assert normalize_sku(text) == expected


@pytest.mark.parametrize("text", ["..", "杯子", "x" * 65])
def test_sku_that_cannot_be_made_valid(text: str) -> None:
    with pytest.raises(CellProblem, match="cannot be made into a SKU id"):
        normalize_sku(text)


@pytest.mark.parametrize(("text", "expected"), [("Clothing > Tshirts", "clothing.tshirts"), ("Default Category/Gear/Fitness Equipment", "default-category.gear.fitness-equipment"), ("服装 > T恤", "服装.t恤"), ("Indoor", "indoor")])
def test_category_paths(text: str, expected: str) -> None:
    assert category_path(text) == expected


def test_entities_in_html_and_in_text() -> None:
    html = "<p>Caf&eacute; &amp; th&#233; &#60;b&#62; &lt;3&nbsp;l &copy &unknown;</p>"

    assert decode_entities(html, keep_markup=True) == "<p>Café &amp; thé &lt;b&gt; &lt;3&nbsp;l &copy &unknown;</p>"
    assert decode_entities("Salt &amp; Pepper &#8211; Set", keep_markup=False) == "Salt & Pepper – Set"


def test_indentation_is_taken_from_the_file() -> None:
    assert guess_indentation("a:\n  b: 1\nc:\n  - x\n") == (2, 2)
    assert guess_indentation("a:\n    b: 1\nc:\n- x\n") == (4, 0)
    assert guess_indentation("a: 1\n") == (2, 2)
