from __future__ import annotations

from decimal import Decimal

import pytest

from linkstar_cli.errors import RenderError
from linkstar_cli.render.units import (
    babel_locale,
    format_dimensions,
    format_length,
    format_money,
    format_number,
    format_percent,
    format_weight,
)

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
RLM = "\u200f"


def test_babel_locale_from_bcp47() -> None:
    assert str(babel_locale("de-DE")) == "de_DE"
    assert str(babel_locale("zh-Hans-CN")) == "zh_Hans_CN"


def test_babel_locale_unknown() -> None:
    with pytest.raises(RenderError) as caught:
        babel_locale("xx-ZZ")
    assert caught.value.message == "locale \"xx-ZZ\" has no CLDR data, so numbers and units cannot be formatted for it"


@pytest.mark.parametrize(
    ("kg", "locale", "expected"),
    [
        (1.5, "de-DE", "1,5 kg"),
        (1.5, "en-US", "1.5 kg"),
        (2, "de-DE", "2 kg"),
        (1.234, "de-DE", "1,23 kg"),
        (1.005, "de-DE", "1,01 kg"),  # half up, where float 1.005 would round down
        (0.68, "de-DE", "680 g"),
        (0.9996, "de-DE", "1 kg"),  # 999.6 g rounds to 1000 g, which is shown as 1 kg
        (1.5, "fr-FR", f"1,5{NARROW_NBSP}kg"),
        (1.5, "ar-SA", "1.5 كغم"),
    ],
)
def test_weight_metric(kg: float, locale: str, expected: str) -> None:
    assert format_weight(kg, locale, "metric") == expected


@pytest.mark.parametrize(
    ("kg", "expected"),
    [
        (0.68, "1.5 lb"),  # 1.49914 lb
        (1.5, "3.31 lb"),  # 3.30693 lb
        (0.45359237, "1 lb"),  # exactly one pound
        (0.3, "10.6 oz"),  # 10.582 oz
        (0.4535, "1 lb"),  # 15.9973 oz rounds to 16.0 oz, which is shown as 1 lb
        (10, "22.05 lb"),
    ],
)
def test_weight_imperial(kg: float, expected: str) -> None:
    assert format_weight(kg, "en-US", "imperial") == expected


def test_weight_accepts_decimal_and_text() -> None:
    assert format_weight(Decimal("1.5"), "de-DE", "metric") == "1,5 kg"
    assert format_weight("1.5", "de-DE", "metric") == "1,5 kg"


@pytest.mark.parametrize("value", ["abc", "nan", "inf", True])
def test_weight_rejects_non_numbers(value: object) -> None:
    with pytest.raises(ValueError):
        format_weight(value, "de-DE", "metric")  # type: ignore[arg-type]


def test_length_metric_and_imperial() -> None:
    assert format_length(25.4, "de-DE", "metric") == "25,4 cm"
    assert format_length(25.44, "de-DE", "metric") == "25,4 cm"
    assert format_length(2.54, "en-US", "imperial") == "1 in"
    assert format_length(30, "en-US", "imperial") == "11.8 in"  # 11.811 in


def test_dimensions_metric() -> None:
    dimensions = {"length": 30, "width": 20.5, "height": 10}
    assert format_dimensions(dimensions, "de-DE", "metric") == "30 × 20,5 × 10 cm"
    assert format_dimensions(dimensions, "ar-SA", "metric") == "30 × 20.5 × 10 سم"


def test_dimensions_imperial() -> None:
    dimensions = {"length": 30, "width": 20, "height": 10}
    # 11.811 × 7.874 × 3.937 in
    assert format_dimensions(dimensions, "en-US", "imperial") == "11.8 × 7.9 × 3.9 in"


def test_money_euro_german() -> None:
    assert format_money(Decimal("29.99"), "EUR", "de-DE") == f"29,99{NBSP}€"
    assert format_money("29.99", "EUR", "de-DE") == f"29,99{NBSP}€"
    assert format_money(29.9, "EUR", "de-DE") == f"29,90{NBSP}€"


def test_money_us_dollar() -> None:
    assert format_money(Decimal("34.5"), "USD", "en-US") == "$34.50"
    assert format_money(Decimal("0.125"), "USD", "en-US") == "$0.13"  # half up
    assert format_money(Decimal("1234.5"), "USD", "en-US") == "$1,234.50"


def test_money_yen_has_no_decimals() -> None:
    assert format_money(Decimal("2980"), "JPY", "ja-JP") == "￥2,980"
    assert format_money(Decimal("2980.5"), "JPY", "ja-JP") == "￥2,981"
    assert format_money(Decimal("2981.5"), "JPY", "ja-JP") == "￥2,982"


def test_money_saudi_riyal_arabic() -> None:
    # CLDR's ar-SA pattern: right-to-left marks around the amount and the symbol "ر.س.".
    assert format_money(Decimal("1234.5"), "SAR", "ar-SA") == f"{RLM}1,234.50{NBSP}ر.س.{RLM}"


def test_number_separators() -> None:
    assert format_number(1234.5, "de-DE") == "1.234,5"
    assert format_number(1234.5, "en-US") == "1,234.5"
    assert format_number(1234.5, "ar-SA") == "1,234.5"
    assert format_number(1234.5, "fr-FR") == f"1{NARROW_NBSP}234,5"


def test_percent() -> None:
    assert format_percent(80, "de-DE") == f"80{NBSP}%"
    assert format_percent(80.55, "en-US") == "80.6%"
    assert format_percent(100, "ja-JP") == "100%"
