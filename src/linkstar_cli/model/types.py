"""Value types shared by the models: ids, locales, GTINs, colours, relative paths.

Each validator raises ``PydanticCustomError`` with a translated message and a
``hint`` in its context, which ``model.validate`` turns into one user message.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from linkstar_cli.i18n import _

SKU_MAX_LENGTH = 64
_SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?$")
_PLATFORM_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
_MARKET_PATTERN = re.compile(r"^[A-Z]{2}$")
# Region codes of CLDR that stand for a group or for no place: the EU, the eurozone, the UN, outlying Oceania, unknown,
# and the pseudo-locale regions XA and XB.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
_COLOUR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")


def _fail(kind: str, message: str, hint: str) -> PydanticCustomError:
    # Braces in user text would be read as placeholders by pydantic; double them.
    safe = message.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError(kind, safe, {"hint": hint})


def sku_problem(value: str) -> str | None:
    """Describe why ``value`` cannot be a SKU id, or return None when it can."""
    if not value:
        return _("a SKU id cannot be empty")
    if len(value) > SKU_MAX_LENGTH:
        return _("SKU id \"{sku}\" is longer than {max} characters", sku=value, max=SKU_MAX_LENGTH)
    if "/" in value or "\\" in value:
        return _("SKU id \"{sku}\" contains a path separator", sku=value)
    if ".." in value:
        return _("SKU id \"{sku}\" contains \"..\"", sku=value)
    if value.startswith("."):
        return _("SKU id \"{sku}\" starts with a dot", sku=value)
    if not _SKU_PATTERN.match(value):
        return _("SKU id \"{sku}\" contains characters other than letters, digits, \".\", \"_\" and \"-\"", sku=value)
    if value.split(".")[0].upper() in _WINDOWS_RESERVED:
        return _("SKU id \"{sku}\" is a reserved file name on Windows", sku=value)
    return None


def sku_hint() -> str:
    return _("Use 1 to {max} letters, digits, \".\", \"_\" or \"-\", starting with a letter or digit, for example WOO-HOODIE-01.", max=SKU_MAX_LENGTH)


def _check_sku(value: str) -> str:
    problem = sku_problem(value)
    if problem:
        raise _fail("sku_id", problem, sku_hint())
    return value


def gtin_check_digit(body: str) -> int:
    """Compute the GS1 check digit for the digits before it (GTIN-8, -12, -13 or -14)."""
    total = 0
    for position, digit in enumerate(reversed(body)):
        total += int(digit) * (3 if position % 2 == 0 else 1)
    return (10 - total % 10) % 10


def gtin_problem(value: str) -> tuple[str, str] | None:
    """Describe why ``value`` is not a valid GTIN as (message, hint), or None when it is."""
    if _SCIENTIFIC.match(value):
        return (
            _("GTIN \"{value}\" is written in scientific notation, so its digits are lost", value=value),
            _("Type the full barcode and quote it, for example gtin: \"6901234567892\"; when it comes from a spreadsheet, format the column as text before exporting."),
        )
    if not value.isdigit() or not value.isascii():
        return (
            _("GTIN \"{value}\" must contain digits only", value=value),
            _("Write the barcode digits without spaces or dashes, in quotes."),
        )
    if len(value) not in (8, 12, 13, 14):
        return (
            _("GTIN \"{value}\" has {count} digits; a GTIN has 8, 12, 13 or 14", value=value, count=len(value)),
            _("Check the barcode; if leading zeros were dropped, quote the value and type them back."),
        )
    expected = gtin_check_digit(value[:-1])
    if int(value[-1]) != expected:
        return (
            _("GTIN \"{value}\" has check digit {found}, expected {expected}", value=value, found=value[-1], expected=expected),
            _("Copy the barcode again from the packaging or the GS1 record; one digit is wrong."),
        )
    return None


def _check_gtin(value: str) -> str:
    problem = gtin_problem(value)
    if problem:
        raise _fail("gtin", *problem)
    return value


def _check_locale(value: str) -> str:
    if not _LOCALE_PATTERN.match(value):
        raise _fail(
            "locale",
            _("\"{value}\" is not a BCP 47 locale tag", value=value),
            _("Write a language and region such as de-DE, zh-CN or pt-BR (a hyphen, region in capitals)."),
        )
    return value


def _check_platform(value: str) -> str:
    if not _PLATFORM_PATTERN.match(value):
        raise _fail(
            "platform_id",
            _("\"{value}\" is not a platform id", value=value),
            _("Platform ids are <platform>-<market> in lower case, for example amazon-de or tiktok-uk."),
        )
    return value


@cache
def _country_codes() -> frozenset[str]:
    """Return the two-letter region codes that CLDR (as Babel ships it) names, less groups, plus XI.

    XI is no ISO 3166 code: EU and UK customs use it for Northern Ireland, where EU product rules apply.
    """
    from babel import Locale

    regions = {code for code in Locale("en").territories if len(code) == 2 and code.isalpha()}
    return frozenset(regions - _NOT_COUNTRIES | {"XI"})


def _check_market(value: str) -> str:
    if not _MARKET_PATTERN.match(value):
        raise _fail(
            "market",
            _("\"{value}\" is not a market code", value=value),
            _("Use a two-letter country code in capitals, for example DE, US or JP."),
        )
    if value == "UK":
        raise _fail(
            "market",
            _("\"UK\" is not a market code (the United Kingdom is GB in ISO 3166)"),
            _("Write GB (or XI for Northern Ireland alone)."),
        )
    if value == "EU":
        raise _fail(
            "market",
            _("\"EU\" is a group of countries, not a market code"),
            _("List the member states where it applies, for example [DE, FR, IT, ES]."),
        )
    if value not in _country_codes():
        raise _fail(
            "market",
            _("\"{value}\" is not a country code", value=value),
            _("Use the ISO 3166 two-letter code of a country, for example DE, US or JP. For every market, leave out the list of markets."),
        )
    return value


def _check_colour(value: str) -> str:
    if not _COLOUR_PATTERN.match(value):
        raise _fail(
            "colour",
            _("\"{value}\" is not a colour", value=value),
            _("Write colours as #RRGGBB in quotes, for example \"#1A4D8F\"."),
        )
    return value.upper()


def _check_relative_path(value: str) -> str:
    posix = PurePosixPath(value.replace("\\", "/"))
    if not value or posix.is_absolute() or PureWindowsPath(value).drive or ".." in posix.parts:
        raise _fail(
            "relative_path",
            _("path \"{value}\" must stay inside the content repo", value=value),
            _("Use a path relative to this file's folder, without \"..\" and without a drive or leading slash."),
        )
    return posix.as_posix()


_EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_URL_PATTERN = re.compile(r"^https?://[^\s/]+\.[^\s/]+\S*$")
_WEEE_DE_PATTERN = re.compile(r"^DE ?\d{8}$")
# Grantee code (3 characters, or 5 starting with 2 since 2013) and a product code of up to 14.
_FCC_ID_PATTERN = re.compile(r"^(?:[A-Z0-9]{3}|2[A-Z0-9]{4})[A-Z0-9-]{1,14}$")


def _check_email(value: str) -> str:
    if not _EMAIL_PATTERN.match(value):
        raise _fail("email", _("\"{value}\" is not an e-mail address", value=value), _("Write an address such as safety@example.com."))
    return value


def _check_url(value: str) -> str:
    if not _URL_PATTERN.match(value):
        raise _fail("url", _("\"{value}\" is not a web address", value=value), _("Write the full address, starting with https://."))
    return value


def _check_weee_de(value: str) -> str:
    if not _WEEE_DE_PATTERN.match(value):
        raise _fail(
            "weee_registration",
            _("\"{value}\" is not a German WEEE registration number", value=value),
            _("Write the WEEE-Reg.-Nr. from the stiftung ear register: DE and 8 digits, for example \"DE 12345678\"."),
        )
    return value


def _check_fcc_id(value: str) -> str:
    if not _FCC_ID_PATTERN.match(value):
        raise _fail(
            "fcc_id",
            _("\"{value}\" is not an FCC ID", value=value),
            _("Write the FCC ID from the grant: the grantee code (3 or 5 characters) and the product code, in capitals, for example \"2ABCD-SPK100\"."),
        )
    return value


def _check_prop65_warning(value: str) -> str:
    if "WARNING" not in value:
        raise _fail(
            "prop65_warning",
            _("\"{value}\" is not a Prop 65 warning", value=value),
            _("Write the warning buyers see, starting with \"WARNING:\" as California's safe-harbour wording does."),
        )
    return value


SkuId = Annotated[str, AfterValidator(_check_sku)]
Prop65Warning = Annotated[str, AfterValidator(_check_prop65_warning)]
Email = Annotated[str, AfterValidator(_check_email)]
Url = Annotated[str, AfterValidator(_check_url)]
WeeeRegistrationDE = Annotated[str, AfterValidator(_check_weee_de)]
FccId = Annotated[str, AfterValidator(_check_fcc_id)]
Gtin = Annotated[str, AfterValidator(_check_gtin)]
Locale = Annotated[str, AfterValidator(_check_locale)]
PlatformId = Annotated[str, AfterValidator(_check_platform)]
Market = Annotated[str, AfterValidator(_check_market)]
Colour = Annotated[str, AfterValidator(_check_colour)]
RelPath = Annotated[str, AfterValidator(_check_relative_path)]
PositiveNumber = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Money = Annotated[Decimal, Field(ge=0, allow_inf_nan=False, decimal_places=4)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
