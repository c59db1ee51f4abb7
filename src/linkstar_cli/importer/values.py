"""Turning export cells into brief and copy values: numbers, units, barcodes, SKU ids, categories, HTML.

Each parser raises ``CellProblem`` with a message and a hint; the caller adds the
file, row and column.
"""

from __future__ import annotations

import html
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from linkstar_cli.i18n import _
from linkstar_cli.model.types import gtin_check_digit, sku_hint, sku_problem

DecimalMode = Literal["dot", "comma"]
Dimension = Literal["weight", "length"]

# Rounding of converted values, half up: whole grams, tenths of a millimetre.
KG_STEP = Decimal("0.001")
CM_STEP = Decimal("0.01")

# Exact definitions: 1 lb = 0.45359237 kg, 1 in = 2.54 cm.
_POUND_KG = Decimal("0.45359237")
_INCH_CM = Decimal("2.54")
UNITS: dict[str, tuple[Dimension, Decimal]] = {
    "kg": ("weight", Decimal(1)),
    "g": ("weight", Decimal("0.001")),
    "mg": ("weight", Decimal("0.000001")),
    "lb": ("weight", _POUND_KG),
    "oz": ("weight", _POUND_KG / 16),
    "cm": ("length", Decimal(1)),
    "mm": ("length", Decimal("0.1")),
    "dm": ("length", Decimal(10)),
    "m": ("length", Decimal(100)),
    "in": ("length", _INCH_CM),
    "ft": ("length", _INCH_CM * 12),
    "yd": ("length", _INCH_CM * 36),
}
# Spellings seen in exports: WooCommerce headers, Akeneo metric unit codes, Shopify units.
_UNIT_ALIASES = {
    "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "kilogramme": "kg",
    "gram": "g", "grams": "g", "gramme": "g", "gr": "g",
    "milligram": "mg", "milligrams": "mg",
    "lbs": "lb", "pound": "lb", "pounds": "lb",
    "ounce": "oz", "ounces": "oz",
    "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm",
    "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm",
    "decimeter": "dm", "decimetre": "dm",
    "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "inch": "in", "inches": "in", '"': "in",
    "foot": "ft", "feet": "ft", "'": "ft",
    "yard": "yd", "yards": "yd",
}

_DOT_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_COMMA_NUMBER = re.compile(r"^[+-]?(\d+(,\d*)?|,\d+)$")
_COMMA_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d*)?$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+([.,]\d+)?[eE][+-]?\d+$")
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG = re.compile(r"<[A-Za-z!/]")
# Characters that keep HTML markup meaning, so they stay entities inside HTML.
_HTML_KEPT = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "\u00a0": "&nbsp;"}
_NOT_SKU_CHARACTER = re.compile(r"[^A-Za-z0-9._-]+")
_CATEGORY_SEPARATORS = re.compile(r"\s*(?:>|/|\\|\|)\s*")
_NOT_CATEGORY_CHARACTER = re.compile(r"[^\w-]+")


class CellProblem(ValueError):
    """A cell whose text cannot become the field's value."""

    def __init__(self, message: str, hint: str | None = None, code: str = "value") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


def clean_text(text: str) -> str:
    """Trim spaces around a cell, including no-break spaces that spreadsheets leave."""
    return text.strip(" \t\n\r\u00a0\u3000")


def parse_number(text: str, mode: DecimalMode) -> Decimal:
    """Read a number written with the given decimal separator; ``.5`` and ``,5`` need no leading zero."""
    value = clean_text(text).replace(" ", "")
    if mode == "dot":
        if _DOT_NUMBER.match(value):
            return Decimal(value)
        if _COMMA_NUMBER.match(value) or re.match(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$", value):
            raise CellProblem(
                _("\"{value}\" has a comma, but numbers are read with a decimal dot", value=text),
                _("If the comma is the decimal separator, run the import again with --decimal comma."),
                "decimal",
            )
    else:
        if _COMMA_NUMBER.match(value):
            return Decimal(value.replace(",", "."))
        if _COMMA_GROUPED.match(value):
            return Decimal(value.replace(".", "").replace(",", "."))
        if _DOT_NUMBER.match(value):
            raise CellProblem(
                _("\"{value}\" has a dot, but --decimal comma reads numbers with a decimal comma", value=text),
                _("Run the import without --decimal comma if the dot is the decimal separator."),
                "decimal",
            )
    raise CellProblem(_("\"{value}\" is not a number", value=text), _("Write a plain number without unit or currency, for example 1.5."), "number")


def unit_code(text: str) -> str | None:
    """Return the canonical unit code (kg, lb, cm, in, ...) for a spelling, or None when unknown."""
    key = clean_text(text)
    if key in UNITS:
        return key
    lowered = key.lower().rstrip(".")
    if lowered in UNITS:
        return lowered
    return _UNIT_ALIASES.get(lowered)


def known_units(dimension: Dimension) -> str:
    return ", ".join(code for code, (kind, _factor) in UNITS.items() if kind == dimension)


def to_si(value: Decimal, unit: str, dimension: Dimension) -> Decimal:
    """Convert to kilograms or centimetres and round (3 decimals for kg, 2 for cm, half up)."""
    kind, factor = UNITS[unit]
    if kind != dimension:
        expected = _("a weight unit") if dimension == "weight" else _("a length unit")
        raise CellProblem(
            _("unit \"{unit}\" is not {expected}", unit=unit, expected=expected),
            _("Use one of: {units}.", units=known_units(dimension)),
            "unit",
        )
    step = KG_STEP if dimension == "weight" else CM_STEP
    return (value * factor).quantize(step, rounding=ROUND_HALF_UP)


def check_gtin(text: str, *, from_number_cell: bool = False) -> str:
    """Return the barcode digits of a cell, or raise CellProblem when digits are lost or wrong."""
    value = clean_text(text).replace(" ", "").replace("-", "")
    if _SCIENTIFIC.match(value):
        raise CellProblem(
            _("barcode \"{value}\" is in scientific notation, so its digits are lost", value=text),
            _("In the spreadsheet, format the barcode column as Text, type or paste the full barcodes again, and export again; the digits cannot be recovered from this value."),
            "gtin-scientific",
        )
    if not value.isdigit() or not value.isascii():
        raise CellProblem(
            _("barcode \"{value}\" must contain digits only", value=text),
            _("Export the barcode column as text digits, without letters or symbols."),
            "gtin-digits",
        )
    if len(value) not in (8, 12, 13, 14):
        if from_number_cell:
            message = _("barcode {value} has {count} digits; it was stored as a number, which drops leading zeros", value=value, count=len(value))
        else:
            message = _("barcode \"{value}\" has {count} digits; a GTIN has 8, 12, 13 or 14", value=value, count=len(value))
        raise CellProblem(
            message,
            _("Format the barcode column as Text in the spreadsheet so that leading zeros are kept, then export again."),
            "gtin-length",
        )
    expected = gtin_check_digit(value[:-1])
    if int(value[-1]) != expected:
        raise CellProblem(
            _("barcode \"{value}\" has check digit {found}, expected {expected}", value=value, found=value[-1], expected=expected),
            _("Correct the barcode in the source system; if the spreadsheet changed it, format the column as Text and export again."),
            "gtin-check-digit",
        )
    return value


def normalize_sku(text: str) -> str:
    """Make a linkstar SKU id from an export's SKU.

    Full-width characters become ASCII (NFKC). Letters are upper-cased, so ids
    that differ only in case become one id, which the import reports as a collision,
    instead of two folders that Windows or macOS would merge. Each run of
    spaces or other characters outside letters, digits, ".", "_" and "-" becomes
    one "-". The result must still be a valid SKU id.
    """
    value = unicodedata.normalize("NFKC", clean_text(text)).upper()
    value = _NOT_SKU_CHARACTER.sub("-", value).strip("-")
    problem = sku_problem(value)
    if problem:
        raise CellProblem(
            _("SKU \"{value}\" cannot be made into a SKU id: {problem}", value=text, problem=problem),
            sku_hint(),
            "sku",
        )
    return value


def id_part(text: str) -> str:
    """Turn an attribute value into a piece of a variant id (Green -> GREEN), or "" when nothing is left."""
    value = unicodedata.normalize("NFKC", clean_text(text)).upper()
    return _NOT_SKU_CHARACTER.sub("-", value).strip("-")


def category_path(text: str) -> str:
    """Turn an export category ("Clothing > Tshirts", "goodies") into a dotted path (clothing.tshirts)."""
    parts = []
    for part in _CATEGORY_SEPARATORS.split(unicodedata.normalize("NFKC", clean_text(text))):
        slug = _NOT_CATEGORY_CHARACTER.sub("-", part.strip().lower()).strip("-")
        if slug:
            parts.append(slug)
    return ".".join(parts)


def is_html(text: str) -> bool:
    return bool(_TAG.search(text))


def decode_entities(text: str, *, keep_markup: bool) -> str:
    """Replace character references (&eacute;, &#8217;) with the characters they stand for.

    In HTML, ``&lt;``, ``&gt;``, ``&amp;``, ``&quot;`` and ``&nbsp;`` keep their
    meaning only as references, so there they are kept, each in its named form,
    whichever way the export wrote it. Plain text gets every reference decoded.
    """

    def replace(match: re.Match[str]) -> str:
        reference = match.group(0)
        character = html.unescape(reference)
        if character == reference:
            return reference
        if keep_markup and character in _HTML_KEPT:
            return _HTML_KEPT[character]
        return character

    return _ENTITY.sub(replace, text)


def decimal_text(value: Decimal) -> str:
    """Write a Decimal without exponent and without trailing zeros after the point (0.227, 61)."""
    return format(value.normalize(), "f")


def same_number(first: str, second: str) -> bool:
    """Compare two numbers written as text by value, so that 0.5 equals 0.50."""
    try:
        return Decimal(first) == Decimal(second)
    except InvalidOperation:
        return first == second
