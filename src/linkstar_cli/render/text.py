"""Listing text for ``linkstar render``: ``listing.json`` and ``listing.md`` from Jinja templates.

A platform spec names two templates (``render.listing.template`` and
``render.listing.readable``), relative to a templates folder. The content repo's
``templates/`` is searched first, then the built-in one. Templates run in the
sandbox of ``linkstar_cli.render.sandbox``; printing an undefined name or None
is an error.

Template context (``docs/templates.md`` has examples):

- ``sku``: the brief's id; ``locale``: the copy locale being rendered (BCP 47);
- ``spec``: ``id``, ``name``, ``platform``, ``market``, ``currency``, ``units``
  (metric or imperial) and ``locale`` of the platform spec;
- ``brand``, ``brief``, ``copy``: the files as plain data (prices are strings).
  Every string of ``copy`` is in Unicode NFC, the form lint measures lengths in,
  so decomposed text (NFD, which some macOS tools write) reaches listing.json
  as lint counted it;
- ``price``: the brief's ``prices[spec.id]``, else ``prices[spec.market]``, else
  None, as a Decimal;
- ``variants``: one dict per brief variant with ``id``, ``gtin``,
  ``attributes`` (source values), ``label`` (translated through the copy's
  ``attribute_names`` and ``attribute_values``, for example "Farbe: Blau,
  Größe: L"), ``price`` (the variant's price for this target, else ``price``)
  and ``weight_kg``;
- helpers ``weight(kg)``, ``length(cm)``, ``dimensions(dimensions_cm)``,
  ``money(amount)``, ``number(value)`` and ``percent(value)`` (0-100): text
  formatted by Babel for ``locale``, in the spec's unit system and currency;
- helper ``truncate_to(text, max, count="chars")``: the longest start of
  ``text`` of at most ``max`` characters (or UTF-8 bytes with
  ``count="bytes"``), cut between grapheme clusters so no character is split.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from linkstar_cli.errors import TemplateError
from linkstar_cli.i18n import _
from linkstar_cli.lint import textcount
from linkstar_cli.model.brand import Brand
from linkstar_cli.model.brief import Brief, Variant
from linkstar_cli.model.copy import Copy
from linkstar_cli.render import units
from linkstar_cli.render.sandbox import HelperValueError, ListingEnvironment, render_template
from linkstar_cli.specs.model import PlatformSpec


OUTPUT_LINE_MAX_CHARS = 120  # of the invalid JSON line quoted in the hint


@dataclass(frozen=True)
class RenderedListing:
    """The listing text of one SKU for one platform and locale."""

    fields: dict[str, Any]  # listing.json parsed, keys in template order
    json_text: str  # listing.json: indented, UTF-8 characters unescaped, ends with a newline
    markdown: str  # listing.md for reviewers


def make_environment(search_dirs: list[Path]) -> ImmutableSandboxedEnvironment:
    """Create the template sandbox.

    ``search_dirs`` lists the repo's ``templates/`` (if it exists) first, then the built-in folder.
    """
    return ListingEnvironment(search_dirs)


def render_listing(
    env: ImmutableSandboxedEnvironment,
    spec: PlatformSpec,
    *,
    brief: Brief,
    copy: Copy,
    brand: Brand,
    locale: str,
    display_root: Path | None = None,
) -> RenderedListing:
    """Render the spec's listing templates for one copy locale.

    ``display_root`` is the content repo root. Error messages name local
    templates relative to it.
    """
    if not isinstance(env, ListingEnvironment):
        raise TypeError("render_listing needs the environment from make_environment")
    context = build_context(spec, brief=brief, copy=copy, brand=brand, locale=locale)

    listing = render_template(env, spec.render.listing.template, context, display_root)
    fields = parse_listing_json(listing.text, listing.display)
    readable = render_template(env, spec.render.listing.readable, context, display_root)

    json_text = json.dumps(fields, ensure_ascii=False, indent=2) + "\n"
    markdown = readable.text if readable.text.endswith("\n") else readable.text + "\n"
    return RenderedListing(fields=fields, json_text=json_text, markdown=markdown)


def parse_listing_json(text: str, display: str) -> dict[str, Any]:
    """Parse the output of a listing.json template, which must be one JSON object with unique keys."""
    try:
        value = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as error:
        lines = text.splitlines()
        output_line = lines[error.lineno - 1].strip() if 0 < error.lineno <= len(lines) else ""
        if len(output_line) > OUTPUT_LINE_MAX_CHARS:
            output_line = output_line[:OUTPUT_LINE_MAX_CHARS] + "…"
        raise TemplateError(
            _("template output is not valid JSON: {error} at line {line}, column {column} of the output", error=error.msg, line=error.lineno, column=error.colno),
            path=display,
            hint=_(
                "The output line is: {text}. Write values with the tojson filter, for example {example}, and check the commas between fields.",
                text=output_line,
                example="{{ copy.title|tojson }}",
            ),
        ) from None
    except _DuplicateKeyError as error:
        raise TemplateError(
            _("template output has the key \"{key}\" twice", key=error.key),
            path=display,
            hint=_("Each field of listing.json may appear only once, so check the template's if blocks."),
        ) from None
    if not isinstance(value, dict):
        raise TemplateError(
            _("template output is JSON but not an object"),
            path=display,
            hint=_("A listing.json template must produce one object, such as {\"item_name\": ...}."),
        )
    return value


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def build_context(spec: PlatformSpec, *, brief: Brief, copy: Copy, brand: Brand, locale: str) -> dict[str, Any]:
    """Build the variables of a listing template, which the module docstring lists."""
    units.babel_locale(locale)  # an unknown locale fails here, before any template runs
    price = select_price(brief.prices, spec)
    return {
        "sku": brief.id,
        "locale": locale,
        "spec": {
            "id": spec.id,
            "name": spec.name,
            "platform": spec.platform,
            "market": spec.market,
            "currency": spec.currency,
            "units": spec.units,
            "locale": spec.locale,
        },
        "brand": brand.model_dump(mode="json"),
        "brief": brief.model_dump(mode="json"),
        "copy": to_nfc(copy.model_dump(mode="json")),
        "price": price,
        "variants": [variant_context(variant, copy, spec, price) for variant in brief.variants],
        **helpers(spec, locale),
    }


def select_price(prices: Mapping[str, Decimal], spec: PlatformSpec) -> Decimal | None:
    """Pick the price for a target: by platform id (amazon-de), else by market code (DE)."""
    for key in (spec.id, spec.market):
        if key in prices:
            return prices[key]
    return None


def variant_label(attributes: Mapping[str, str], copy: Copy) -> str:
    """Name a variant in the copy's language, for example "Farbe: Blau, Größe: L"."""
    # NOTE: the ": " and ", " separators are the same for every language, so
    # Japanese and Arabic labels get Latin punctuation.
    parts = []
    for name, value in attributes.items():
        translated_name = copy.attribute_names.get(name, name)
        translated_value = copy.attribute_values.get(name, {}).get(value, value)
        parts.append(f"{translated_name}: {translated_value}")
    return unicodedata.normalize("NFC", ", ".join(parts))


def to_nfc(value: Any) -> Any:
    """Return ``value`` with every string value in it normalised to Unicode NFC.

    Keys stay as typed, because templates look up attribute names and values from
    the brief in the copy's maps.
    """
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {key: to_nfc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_nfc(item) for item in value]
    return value


def variant_context(variant: Variant, copy: Copy, spec: PlatformSpec, product_price: Decimal | None) -> dict[str, Any]:
    own_price = select_price(variant.prices, spec)
    return {
        "id": variant.id,
        "gtin": variant.gtin,
        "attributes": dict(variant.attributes),
        "label": variant_label(variant.attributes, copy),
        "price": own_price if own_price is not None else product_price,
        "weight_kg": variant.weight_kg,
    }


def helpers(spec: PlatformSpec, locale: str) -> dict[str, Callable[..., str]]:
    """Build the formatting functions of the template context, bound to the locale, currency and unit system."""

    def weight(kg: object) -> str:
        return units.format_weight(_number("weight", kg), locale, spec.units)

    def length(cm: object) -> str:
        return units.format_length(_number("length", cm), locale, spec.units)

    def dimensions(dimensions_cm: object) -> str:
        if not isinstance(dimensions_cm, Mapping):
            raise _helper_error("dimensions", dimensions_cm)
        sides = {side: _number("dimensions", dimensions_cm.get(side)) for side in ("length", "width", "height")}
        return units.format_dimensions(sides, locale, spec.units)

    def money(amount: object) -> str:
        return units.format_money(_number("money", amount), spec.currency, locale)

    def number(value: object) -> str:
        return units.format_number(_number("number", value), locale)

    def percent(value: object) -> str:
        return units.format_percent(_number("percent", value), locale)

    return {
        "weight": weight,
        "length": length,
        "dimensions": dimensions,
        "money": money,
        "number": number,
        "percent": percent,
        "truncate_to": truncate_to,
    }


def truncate_to(text: object, max: object, count: object = "chars") -> str:  # noqa: A002 - the name templates use, as in the specs
    """Cut ``text`` to at most ``max`` characters or UTF-8 bytes without splitting a grapheme cluster."""
    if not isinstance(text, str):
        raise HelperValueError(
            _("truncate_to() needs text, got {value}", value=repr(text)),
            hint=_("Pass a text field, for example truncate_to(copy.title, 200)."),
        )
    if isinstance(max, bool) or not isinstance(max, int) or max < 0:
        raise HelperValueError(
            _("truncate_to() needs a whole number of 0 or more as its limit, got {value}", value=repr(max)),
            hint=_("Pass the limit as a number, for example truncate_to(copy.search_terms, 249, \"bytes\")."),
        )
    if count not in ("chars", "bytes"):
        raise HelperValueError(
            _("truncate_to() counts \"chars\" or \"bytes\", got {value}", value=repr(count)),
            hint=_("Leave count out to count characters, or pass \"bytes\"."),
        )
    return textcount.truncate(to_nfc(text), max, count)  # type: ignore[arg-type]


def _number(helper: str, value: object) -> Decimal:
    if value is None:
        raise HelperValueError(
            _("{helper}() got None, so the value it formats is missing", helper=helper),
            hint=_("Test optional values first, for example {% if brief.weight_kg %}...{% endif %}."),
        )
    if isinstance(value, (int, float, Decimal, str)):
        try:
            return units.to_decimal(value)
        except ValueError:
            pass
    raise _helper_error(helper, value)


def _helper_error(helper: str, value: object) -> HelperValueError:
    return HelperValueError(
        _("{helper}() needs a number, got {value}", helper=helper, value=repr(value)),
        hint=_("Pass a number from the brief, for example weight(brief.weight_kg) or dimensions(brief.dimensions_cm)."),
    )
