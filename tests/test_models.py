from __future__ import annotations

import pytest

from linkstar_cli.errors import ErrorList, InputError
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.config import RepoConfig
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.types import gtin_check_digit, gtin_problem, sku_problem
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.yamlio import parse_yaml

BRIEF = """\
id: WOO-HOODIE
brand: Northwind
category: apparel.hoodie
gtin: 0614141000036
weight_kg: 0.68
variants:
  - id: WOO-HOODIE-BLUE
    attributes: {colour: Blue}
"""


def validate_brief(text: str) -> Brief:
    return validate_document(parse_yaml(text, "skus/WOO-HOODIE/brief.yaml"), Brief)


def errors_of(text: str, model: type = Brief) -> list[InputError]:
    with pytest.raises(ErrorList) as caught:
        validate_document(parse_yaml(text, "skus/WOO-HOODIE/brief.yaml"), model)
    return caught.value.errors


@pytest.mark.parametrize("gtin", ["0614141000036", "96385074", "036000291452", "10614141000033"])
def test_valid_gtins(gtin: str) -> None:
    assert gtin_problem(gtin) is None


def test_gtin_check_digit_of_example() -> None:
    assert gtin_check_digit("061414100003") == 6


def test_brief_keeps_gtin_leading_zero() -> None:
    brief = validate_brief(BRIEF)

    assert brief.gtin == "0614141000036"
    assert brief.weight_kg == 0.68
    assert brief.variants[0].attributes == {"colour": "Blue"}


def test_gtin_in_scientific_notation() -> None:
    errors = errors_of(BRIEF.replace("gtin: 0614141000036", "gtin: 6.9E+12"))

    assert len(errors) == 1
    assert errors[0].location() == "skus/WOO-HOODIE/brief.yaml:4:1"
    assert errors[0].field == "gtin"
    assert errors[0].message == 'GTIN "6.9E+12" is written in scientific notation, so its digits are lost'
    assert errors[0].hint is not None and 'gtin: "6901234567892"' in errors[0].hint


def test_gtin_wrong_check_digit() -> None:
    errors = errors_of(BRIEF.replace("0614141000036", "0614141000037"))

    assert errors[0].message == 'GTIN "0614141000037" has check digit 7, expected 6'


def test_unknown_field_suggests_spelling() -> None:
    errors = errors_of(BRIEF + "dimensons_cm: {length: 1, width: 1, height: 1}\n")

    assert errors[0].message == 'unknown field "dimensons_cm"'
    assert errors[0].hint == 'Did you mean "dimensions_cm"?'
    assert errors[0].line == 9


def test_number_with_comma_names_fix() -> None:
    errors = errors_of(BRIEF.replace("0.68", "0,68"))

    assert errors[0].message == 'expected a number, got "0,68"'
    assert errors[0].line == 5


def test_variant_sku_with_path() -> None:
    errors = errors_of(BRIEF.replace("WOO-HOODIE-BLUE", "../x"))

    assert errors[0].field == "variants[0].id"
    assert errors[0].message == 'SKU id "../x" contains a path separator'
    assert errors[0].line == 7


def test_list_where_text_expected() -> None:
    errors = errors_of("title: [a, b]\n", Copy)

    assert errors[0].message == "expected text, got a list"
    assert errors[0].hint == "Put the value in quotes, or write a single line of text."


def test_markets_no_stays_norway() -> None:
    config = validate_document(parse_yaml("brand: X\nsource_locale: en-US\ntargets: [amazon-de]\nroles:\n  markets:\n    NO: {owner: a@b.c}\n", "linkstar.yaml"), RepoConfig)

    assert list(config.roles.markets) == ["NO"]


@pytest.mark.parametrize(
    ("sku", "problem"),
    [
        ("../x", 'SKU id "../x" contains a path separator'),
        ("a..b", 'SKU id "a..b" contains ".."'),
        (".hidden", 'SKU id ".hidden" starts with a dot'),
        ("a b", 'SKU id "a b" contains characters other than letters, digits, ".", "_" and "-"'),
        ("x" * 65, f'SKU id "{"x" * 65}" is longer than 64 characters'),
        ("CON", 'SKU id "CON" is a reserved file name on Windows'),
        ("00123", None),
    ],
)
def test_sku_id_rules(sku: str, problem: str | None) -> None:
    assert sku_problem(sku) == problem


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  weee_registration: TBD\n", '"TBD" is not a German WEEE registration number'),
        ("  fcc_id: TBD\n", '"TBD" is not an FCC ID'),
        ("  pse: square\n", '"square" is not allowed here'),
        ("  prop65_warning: N/A\n", '"N/A" is not a Prop 65 warning'),
        ("  manufacturer: {name: Acme, address: \"Main St 1, 10115 Berlin\", email: none}\n", '"none" is not an e-mail address'),
    ],
)
def test_compliance_evidence_formats(line: str, message: str) -> None:
    errors = errors_of(BRIEF + "compliance:\n" + line)

    assert errors[0].message == message
    assert errors[0].line == 10


def test_compliance_evidence_valid() -> None:
    text = BRIEF + 'compliance:\n  weee_registration: "DE 12345678"\n  fcc_id: 2ABCD-SPK100\n  pse: circle\n  prop65_warning: "WARNING: Cancer and Reproductive Harm - www.P65Warnings.ca.gov."\n'

    brief = validate_brief(text)

    assert brief.compliance.weee_registration == "DE 12345678"
    assert brief.compliance.pse == "circle"
