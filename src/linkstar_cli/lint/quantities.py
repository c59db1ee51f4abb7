"""Weights and lengths written in copy text: "0,227 kg", "0.5 lb", "30 × 20 × 2 cm", "0.091 كجم", "2キロ".

Numbers are read with the copy locale's separators: ``0,227`` is a decimal in
de-DE, and ``1.234,5`` and ``1,234.5`` are grouped. Text is NFKC-normalized first,
so full-width digits and units (``０.５ｋｇ``, ``㎏``) read like ASCII ones, and
Arabic-Indic digits and separators are mapped to their Latin equivalents.

Unit names come from three places. The first are the ASCII symbols every market
uses (kg, g, lb, oz, cm, mm, m, in). The second are CLDR's short and long names for
the copy locale as Babel formats them (``Kilogramm``, ``キログラム``, ``كغم``). The
third are a few names that copywriters use but CLDR does not list (Arabic ``كجم``,
Japanese ``キロ``, Chinese ``公斤``). Ranges ("2–3 kg") are skipped, because neither end states a fact.

Fractions are read as their value: "1/2 lb", "1 1/2 lb", "1-1/2 lb" and the
vulgar fractions "½ lb" and "1½ lb" (a proper fraction with a numerator and
denominator of one or two digits). A fraction shows a precision of one step of
its denominator, so "1 1/2 lb" covers 1.25 to 1.75 lb.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Literal

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol
from babel.units import format_unit

from linkstar_cli.errors import RenderError
from linkstar_cli.render.units import CENTIMETRES_PER_INCH, KILOGRAMS_PER_POUND, OUNCES_PER_POUND, babel_locale

Kind = Literal["weight", "length"]
System = Literal["metric", "imperial"]


@dataclass(frozen=True)
class Unit:
    """A unit of weight or length, with its size in kilograms or centimetres."""

    symbol: str
    kind: Kind
    system: System
    size: Decimal  # kilograms per unit for weights, centimetres per unit for lengths
    render_step: Decimal | None  # the rounding step render writes this unit with; None when render never writes it
    babel_name: str


UNITS: dict[str, Unit] = {
    unit.symbol: unit
    for unit in (
        Unit("kg", "weight", "metric", Decimal(1), Decimal("0.01"), "mass-kilogram"),
        Unit("g", "weight", "metric", Decimal("0.001"), Decimal(1), "mass-gram"),
        Unit("lb", "weight", "imperial", KILOGRAMS_PER_POUND, Decimal("0.01"), "mass-pound"),
        Unit("oz", "weight", "imperial", KILOGRAMS_PER_POUND / OUNCES_PER_POUND, Decimal("0.1"), "mass-ounce"),
        Unit("cm", "length", "metric", Decimal(1), Decimal("0.1"), "length-centimeter"),
        Unit("mm", "length", "metric", Decimal("0.1"), None, "length-millimeter"),
        Unit("m", "length", "metric", Decimal(100), None, "length-meter"),
        Unit("in", "length", "imperial", CENTIMETRES_PER_INCH, Decimal("0.1"), "length-inch"),
    )
}

# Spellings that any copy may use, whatever its locale. Short symbols are matched
# with this exact case, so "5G" (a network) and "Size M" are not read as units.
_COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "kg": ("kg", "kgs", "Kg", "KG", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "g": ("g", "gr", "gram", "grams", "gramme", "grammes"),
    "lb": ("lb", "lbs", "Lb", "Lbs", "LB", "LBS", "pound", "pounds"),
    "oz": ("oz", "Oz", "OZ", "ounce", "ounces"),
    "cm": ("cm", "CM", "centimeter", "centimeters", "centimetre", "centimetres"),
    "mm": ("mm", "MM", "millimeter", "millimeters", "millimetre", "millimetres"),
    "m": ("m", "meter", "meters", "metre", "metres"),
    "in": ("in", "in.", "inch", "inches", '"', "″", "′′"),
}

# Names in common use that CLDR, as Babel 2.19 ships it, does not give for these languages.
_EXTRA_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "ar": {"kg": ("كجم", "كيلو", "كيلوجرام"), "g": ("جم", "جرام")},
    "ja": {"kg": ("キロ",), "cm": ("センチ",), "mm": ("ミリ",)},
    "zh": {"kg": ("公斤",), "cm": ("公分",)},
}

# Inch marks stick to the number: 15.6" is an inch, 15.6 " is not.
_ATTACHED_ONLY = {'"', "″", "′′"}
# "in" is an English preposition too: "3 in 1", "3-in-1", "2 in blue". It counts as
# a unit only after a space and before punctuation, a multiplication sign or the end of the text.
_INCH_WORD = re.compile(r"\s*(?:$|[.,;:!?)\]/×*])")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–—~〜～]|to|bis|à)\s*$")
_DIGITS = {ord(char): str(unicodedata.decimal(char)) for char in map(chr, range(0x0660, 0x06FA)) if unicodedata.decimal(char, None) is not None}
_ARABIC_SEPARATORS = {0x066B: ".", 0x066C: ","}  # Arabic decimal and thousands separators
_FRACTION_SLASH = {0x2044: "/"}
# NFKC spells "½" as "1⁄2", which would turn "1½" into "11⁄2", so vulgar fractions are spelt out first.
_VULGAR_FRACTION = re.compile("[\u00bc-\u00be\u2150-\u215e\u2189]")
_FRACTION = re.compile(r"(?:(?P<whole>\d+)[ -])?(?P<numerator>\d{1,2})/(?P<denominator>\d{1,2})")
_NUMBER_SAMPLES = (1, 2, 5, 1.5, 22)


@dataclass(frozen=True)
class Quantity:
    """A number with a weight or length unit, as found in a text."""

    text: str  # the number and unit as written (after NFKC, with fractions spelt "1 1/2"), for messages
    value: Decimal
    step: Decimal  # the precision the text shows: 0.01 for "1.25", 0.5 for "1 1/2"
    unit: Unit

    @property
    def decimals(self) -> int:
        """Digits after the decimal separator that show the text's precision (1 for "1 1/2", whose step is 0.5)."""
        return max(0, -self.step.adjusted())

    @property
    def kind(self) -> Kind:
        return self.unit.kind

    def in_base_unit(self) -> Decimal:
        """Return the value in kilograms (weights) or centimetres (lengths)."""
        return self.value * self.unit.size

    def matches(self, fact: Decimal) -> bool:
        """Tell whether the text is a rounding of ``fact`` (kilograms or centimetres) at the precision it shows.

        The text must lie closer than half a step of its last digit: "1.5 kg" covers
        1.45 to 1.55 kg, bounds excluded, so a brief's 1.5 kg does not pass as "2 kg".
        A value exactly half a step away passes only when the text shows at least
        render's precision for the unit, because render rounds half up: 1.125 kg
        is written "1.13 kg".
        """
        step = self.step
        fact_in_unit = fact / self.unit.size
        difference = abs(fact_in_unit - self.value)
        if difference < step / 2:
            return True
        render_step = self.unit.render_step
        if difference != step / 2 or render_step is None or step > render_step or step != Decimal(1).scaleb(step.adjusted()):
            return False
        return fact_in_unit.quantize(step, rounding=ROUND_HALF_UP) == self.value


def normalize_text(text: str) -> str:
    """Apply NFKC, spell fractions with "/" ("1½" as "1 1/2") and map Arabic-Indic digits and separators to ASCII."""
    spelt = _VULGAR_FRACTION.sub(lambda found: _spell_fraction(text, found), text)
    return unicodedata.normalize("NFKC", spelt).translate(_FRACTION_SLASH).translate(_DIGITS).translate(_ARABIC_SEPARATORS)


def _spell_fraction(text: str, found: re.Match[str]) -> str:
    spelt = unicodedata.normalize("NFKC", found.group())
    return f" {spelt}" if found.start() > 0 and text[found.start() - 1].isdigit() else spelt


def find_quantities(text: str, locale: str) -> list[Quantity]:
    """Return the weights and lengths written in ``text``, in order."""
    reader = _reader(locale)
    normalized = normalize_text(text)
    found: list[Quantity] = []
    for match in reader.pattern.finditer(normalized):
        if _RANGE_BEFORE.search(normalized[: match.start()]):
            continue
        name = match.group("unit")
        if name in _ATTACHED_ONLY and match.group("gap"):
            continue
        if name == "in" and (match.group("gap") == "-" or not _INCH_WORD.match(normalized, match.end())):
            continue
        unit = UNITS[reader.names[name] if name in reader.names else reader.names[name.casefold()]]
        numbers = re.split(r"\s*[x×X*]\s*", match.group("numbers"))
        if unit.kind == "weight":
            numbers = numbers[-1:]  # "2 x 500 g" is two packs of 500 g, not a 2 g pack
        for number in numbers:
            parsed = _parse_fraction(number) if "/" in number else _parse_number(number, reader.decimal, reader.group)
            if parsed is not None:
                found.append(Quantity(f"{number}{match.group('gap')}{name}", parsed[0], parsed[1], unit))
    return found


@dataclass(frozen=True)
class _Reader:
    pattern: re.Pattern[str]
    names: dict[str, str]  # unit name as written (casefolded for words) -> unit symbol
    decimal: str
    group: str


@cache
def _reader(locale: str) -> _Reader:
    decimal, group = _separators(locale)
    names = _unit_names(locale)
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        if _is_word(name):
            alternatives.append(f"(?i:{escaped})(?!\\w)")
        elif name[-1].isalpha() and not _is_unspaced_script(name[-1]):
            alternatives.append(f"{escaped}(?!\\w)")
        else:
            alternatives.append(escaped)
    grouped = r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?|" if group.isspace() else ""
    fraction = r"(?:\d+[ -])?\d{1,2}/\d{1,2}|"
    number = f"(?:{fraction}{grouped}\\d+(?:[.,]\\d+)*)"
    pattern = re.compile(
        rf"(?<![0-9A-Za-z.,])(?P<numbers>{number}(?:\s*[x×X*]\s*{number})*)(?P<gap>[ -]?)(?P<unit>{'|'.join(alternatives)})"
    )
    folded = {(name.casefold() if _is_word(name) else name): symbol for name, symbol in names.items()}
    return _Reader(pattern, {**names, **folded}, decimal, group)


def _separators(locale: str) -> tuple[str, str]:
    try:
        tag = babel_locale(locale)
    except RenderError:
        return ".", ","
    group = unicodedata.normalize("NFKC", get_group_symbol(tag, numbering_system="latn"))
    return get_decimal_symbol(tag, numbering_system="latn"), group


def _unit_names(locale: str) -> dict[str, str]:
    """Map every spelling of a unit that the locale's copy may use to the unit's symbol."""
    candidates: dict[str, set[str]] = {}

    def add(name: str, symbol: str) -> None:
        candidates.setdefault(unicodedata.normalize("NFKC", name), set()).add(symbol)

    for symbol, names in _COMMON_NAMES.items():
        for name in names:
            add(name, symbol)
    for symbol, names in _EXTRA_NAMES.get(locale.split("-")[0], {}).items():
        for name in names:
            add(name, symbol)
    for symbol, name in _cldr_names(locale):
        add(name, symbol)
    # A spelling that two units share is ambiguous, so neither unit keeps it.
    return {name: next(iter(symbols)) for name, symbols in candidates.items() if len(symbols) == 1}


def _cldr_names(locale: str) -> list[tuple[str, str]]:
    try:
        tag = babel_locale(locale)
    except RenderError:
        return []
    names = []
    for unit in UNITS.values():
        for length in ("short", "long"):
            for sample in _NUMBER_SAMPLES:
                formatted = format_unit(sample, unit.babel_name, length=length, locale=tag, numbering_system="latn")
                number = format_decimal(sample, locale=tag, numbering_system="latn")
                if number not in formatted:
                    continue  # a dual form such as Arabic "كيلوغرامان" carries the number in the word
                name = formatted.replace(number, "", 1).strip(" \u00a0\u202f")
                if _usable_name(name):
                    names.append((unit.symbol, name))
    return names


def _usable_name(name: str) -> bool:
    if not name or any(char.isdigit() for char in name) or "#" in name:
        return False
    # One non-Latin letter is too ambiguous: Arabic "م" and Russian "г" also mark years (2024 م, 2024 г.).
    return not (len(name) == 1 and not name.isascii())


def _is_word(name: str) -> bool:
    """Tell whether ``name`` is a spelled-out word that may appear in any letter case."""
    return len(name) >= 3 and name.isalpha() and name.isascii()


def _is_unspaced_script(char: str) -> bool:
    """Tell whether ``char`` belongs to a script written without spaces between words (CJK, kana, Thai)."""
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "HANGUL"))


def _parse_fraction(text: str) -> tuple[Decimal, Decimal] | None:
    """Read "1/2", "1 1/2" or "1-1/2" as its value and the step of its denominator, or return None for an improper fraction."""
    found = _FRACTION.fullmatch(text)
    if found is None:
        return None
    numerator, denominator = int(found.group("numerator")), int(found.group("denominator"))
    if not 0 < numerator < denominator:
        return None
    return int(found.group("whole") or 0) + Decimal(numerator) / denominator, Decimal(1) / denominator


def _parse_number(text: str, decimal: str, group: str) -> tuple[Decimal, Decimal] | None:
    """Read ``text`` with the locale's separators as its value and the step of its last digit, or return None."""
    digits = text.replace(" ", "")
    separators = {char for char in digits if char in ".,"}
    decimal_mark: str | None
    if not separators:
        decimal_mark = None
    elif len(separators) == 2:
        decimal_mark = max(separators, key=digits.rfind)
    else:
        mark = separators.pop()
        if digits.count(mark) > 1:
            decimal_mark = None
        elif mark == group and mark != decimal and _is_grouped(digits, mark):
            decimal_mark = None
        else:
            decimal_mark = mark
    integer, _point, fraction = digits.partition(decimal_mark) if decimal_mark else (digits, "", "")
    parts = integer.replace(".", ",").split(",")
    if len(parts) > 1 and not _is_grouped(integer, integer[len(parts[0])]):
        return None
    try:
        value = Decimal("".join(parts) + (f".{fraction}" if fraction else ""))
    except InvalidOperation:
        return None
    return value, Decimal(1).scaleb(-len(fraction))


def _is_grouped(digits: str, mark: str) -> bool:
    """Tell whether ``mark`` separates thousands in ``digits``: 1,234 and 12.345.678, but not 0,227."""
    head, *groups = digits.split(mark)
    return 1 <= len(head) <= 3 and head != "0" and all(len(group) == 3 and group.isdigit() for group in groups)
