"""Numbers, money, weights and lengths formatted with Babel for a locale and a unit system.

Briefs store SI facts (kilograms, centimetres). Listings for metric markets
show them in kg, g and cm. Listings for imperial markets (amazon-us) show lb,
oz and in, converted with the exact definitions 1 lb = 0.45359237 kg and
1 in = 2.54 cm.

Rounding, always half up:

- weight in kg or lb: 2 decimals; below 1 kg the weight is shown in whole grams,
  below 1 lb in ounces with 1 decimal (1 lb = 16 oz);
- lengths in cm or in: 1 decimal;
- money: the currency's own number of decimals (2 for EUR, 0 for JPY);
- percentages: 1 decimal.

Trailing zeros are dropped (1.50 kg is shown as 1.5 kg). Numbers use the
Latin numbering system of each locale's CLDR data, so ar-SA shows 1,234.5.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal, get_currency_precision
from babel.numbers import format_percent as babel_format_percent
from babel.units import format_unit

from linkstar_cli.errors import RenderError
from linkstar_cli.i18n import _

UnitSystem = Literal["metric", "imperial"]
Number = int | float | Decimal | str

KILOGRAMS_PER_POUND = Decimal("0.45359237")
CENTIMETRES_PER_INCH = Decimal("2.54")
OUNCES_PER_POUND = 16

_WEIGHT_STEP = Decimal("0.01")
_GRAM_STEP = Decimal("1")
_OUNCE_STEP = Decimal("0.1")
_LENGTH_STEP = Decimal("0.1")
_PERCENT_STEP = Decimal("0.1")
# Babel 2.19 writes 0-9 whatever the numbering system and only swaps the
# separators, so CLDR's default for ar-SA ("arab") would give 1٬234٫5. Latin
# separators keep the digits and separators of one system.
_NUMBERING = "latn"


@cache
def babel_locale(tag: str) -> Locale:
    """Parse a BCP 47 tag (``de-DE``, ``zh-Hans-CN``) into a Babel locale (``de_DE``)."""
    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError) as error:
        raise RenderError(
            _("locale \"{locale}\" has no CLDR data, so numbers and units cannot be formatted for it", locale=tag),
            hint=_("Use a BCP 47 tag that CLDR knows, such as de-DE, en-US, ja-JP or ar-SA."),
        ) from error


def to_decimal(value: Number) -> Decimal:
    """Convert ``value`` to a Decimal through its text form, so 0.1 stays 0.1 and not its binary neighbour."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(f"expected a number, got {value!r}") from error
    if not number.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def _round(value: Decimal, step: Decimal) -> Decimal:
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    # Drop trailing zeros without switching to exponent notation (680, not 6.8E+2).
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def _unit(value: Decimal, unit: str, locale: str) -> str:
    return format_unit(value, unit, length="short", locale=babel_locale(locale), numbering_system=_NUMBERING)


def format_number(value: Number, locale: str) -> str:
    """Format a plain number with the locale's separators and digits: 1234.5 is ``1.234,5`` in de-DE."""
    return format_decimal(to_decimal(value), locale=babel_locale(locale), numbering_system=_NUMBERING)


def format_percent(percent: Number, locale: str) -> str:
    """Format a percentage given as 0-100 (a material share): 80.5 is ``80,5 %`` in de-DE and ``80.5%`` in en-US."""
    fraction = _round(to_decimal(percent), _PERCENT_STEP) / 100
    return babel_format_percent(fraction, locale=babel_locale(locale), decimal_quantization=False, numbering_system=_NUMBERING)


def format_money(amount: Number, currency: str, locale: str) -> str:
    """Format ``amount`` of ``currency`` (ISO 4217) for ``locale``, rounded to the currency's decimals."""
    digits = get_currency_precision(currency)
    rounded = to_decimal(amount).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return format_currency(rounded, currency, locale=babel_locale(locale), numbering_system=_NUMBERING)


def format_weight(kg: Number, locale: str, system: UnitSystem) -> str:
    """Format a weight given in kilograms: kg or g for metric, lb or oz for imperial."""
    kilograms = to_decimal(kg)
    if system == "imperial":
        pounds = kilograms / KILOGRAMS_PER_POUND
        ounces = _round(pounds * OUNCES_PER_POUND, _OUNCE_STEP)
        if ounces < OUNCES_PER_POUND:
            return _unit(ounces, "mass-ounce", locale)
        return _unit(_round(pounds, _WEIGHT_STEP), "mass-pound", locale)

    grams = _round(kilograms * 1000, _GRAM_STEP)
    if grams < 1000:
        return _unit(grams, "mass-gram", locale)
    return _unit(_round(kilograms, _WEIGHT_STEP), "mass-kilogram", locale)


def _length_value(cm: Number, system: UnitSystem) -> tuple[Decimal, str]:
    centimetres = to_decimal(cm)
    if system == "imperial":
        return _round(centimetres / CENTIMETRES_PER_INCH, _LENGTH_STEP), "length-inch"
    return _round(centimetres, _LENGTH_STEP), "length-centimeter"


def format_length(cm: Number, locale: str, system: UnitSystem) -> str:
    """Format a length given in centimetres: cm for metric, in for imperial."""
    value, unit = _length_value(cm, system)
    return _unit(value, unit, locale)


def format_dimensions(dimensions: Mapping[str, Number], locale: str, system: UnitSystem) -> str:
    """Format length × width × height given in centimetres, with the unit once: ``30 × 20 × 10 cm``.

    ``dimensions`` is the brief's ``dimensions_cm``, as a mapping with the keys
    ``length``, ``width`` and ``height``.
    """
    values = [_length_value(dimensions[side], system) for side in ("length", "width", "height")]
    unit = values[0][1]
    numbers = [format_decimal(value, locale=babel_locale(locale), numbering_system=_NUMBERING) for value, _unit_name in values]
    # Let CLDR place the unit and choose its plural form for the last number,
    # then put the whole product of numbers where that number stood.
    last = _unit(values[-1][0], unit, locale)
    return last.replace(numbers[-1], " × ".join(numbers), 1)
