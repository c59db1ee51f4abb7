"""Matching a mapping against an export's header: which column fills which field, in which unit and locale.

Headers match ignoring case and surrounding spaces. Copy fields also pick up
locale variants of their column: Akeneo's ``name-de_DE`` and
``description-de_DE-ecommerce`` (locale, then channel) and headers such as
``Name (de-DE)`` or ``Name [fr_FR]``. A unit in brackets at the end of a header
(``Weight (lbs)``, ``Length (in)``) is the unit of that column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from linkstar_cli.errors import ErrorList, InputError, LinkstarError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.importer.values import Dimension, known_units, unit_code
from linkstar_cli.model.imports import ColumnRef, ColumnSource, ImportMapping

FieldKind = Literal["text", "html", "category", "gtin", "price", "weight", "length", "list"]
FieldPath = tuple[str, ...]

_AKENEO_COLUMN = re.compile(r"^(?P<base>[^-]+)-(?P<locale>[a-z]{2,3}_[A-Z]{2})(?:-(?P<channel>[A-Za-z0-9_]+))?$")
_BRACKETED_LOCALE = re.compile(r"^(?P<base>.+?)\s*[(\[](?P<locale>[a-z]{2,3}[-_][A-Z]{2})[)\]]$")
_BRACKETED_UNIT = re.compile(r"^(?P<base>.+?)\s*[(\[](?P<unit>[^()\[\]]+)[)\]]$")
_FIELD_KINDS: dict[str, FieldKind] = {
    "brand": "text",
    "category": "category",
    "gtin": "gtin",
    "model_number": "text",
    "weight_kg": "weight",
    "certifications": "list",
    "title": "text",
    "description": "html",
    "search_terms": "text",
    "bullets": "list",
}


@dataclass(frozen=True)
class FieldSpec:
    """One field filled from one column (or, for bullets, several) of the export."""

    path: FieldPath
    kind: FieldKind
    column: int
    header: str
    unit: str | None = None
    unit_column: int | None = None
    split: str | None = None
    more_columns: tuple[int, ...] = ()


@dataclass(frozen=True)
class AttributeSpec:
    name: str | None
    name_column: int | None
    value_column: int
    value_header: str


@dataclass
class VariantPlan:
    parent_column: int | None
    group_column: int | None
    id: FieldSpec | None
    attributes: list[AttributeSpec]
    skip_values: set[str]
    fields: list[FieldSpec]


@dataclass
class ImportPlan:
    """Everything the importer reads from the table, resolved to column indexes."""

    sku: FieldSpec
    brief: list[FieldSpec]
    copy: dict[str, list[FieldSpec]]
    variants: VariantPlan | None
    skip_rows: list[tuple[int, set[str]]]
    market: str | None
    locales: list[str] = field(default_factory=list)


class Header:
    """Column lookup by header name, exact first, then ignoring case and spaces."""

    def __init__(self, headers: list[str]) -> None:
        self.headers = headers
        self._exact: dict[str, int] = {}
        self._folded: dict[str, list[int]] = {}
        for index, header in enumerate(headers):
            self._exact.setdefault(header, index)
            self._folded.setdefault(_fold(header), []).append(index)

    def find(self, name: str) -> int | None:
        if name in self._exact:
            return self._exact[name]
        matches = self._folded.get(_fold(name), [])
        return matches[0] if len(matches) == 1 else None

    def first(self, names: Iterable[str]) -> tuple[int, str] | None:
        for name in names:
            index = self.find(name)
            if index is not None:
                return index, self.headers[index]
        return None

    def localized(self, base: str, channel: str | None) -> dict[str, list[tuple[int, str | None]]]:
        """Find the locale variants of ``base``: locale (de-DE) to (column, channel) pairs."""
        found: dict[str, list[tuple[int, str | None]]] = {}
        wanted = _fold(base)
        for index, header in enumerate(self.headers):
            match = _AKENEO_COLUMN.match(header.strip()) or _BRACKETED_LOCALE.match(header.strip())
            if not match or _fold(match.group("base")) != wanted:
                continue
            column_channel = match.groupdict().get("channel")
            if column_channel and channel and column_channel != channel:
                continue
            locale = match.group("locale").replace("_", "-")
            found.setdefault(locale, []).append((index, column_channel))
        return found

    def channel_only(self, base: str, channel: str | None) -> int | None:
        """Find an Akeneo scopable but not localizable column, ``description-ecommerce``."""
        if channel is None:
            return None
        return self.find(f"{base}-{channel}")

    def suggestions(self, name: str) -> list[str]:
        return difflib.get_close_matches(name, self.headers, n=3, cutoff=0.6)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def column_names(reference: ColumnRef | list[str] | str) -> list[str]:
    if isinstance(reference, ColumnSource):
        reference = reference.column
    return [reference] if isinstance(reference, str) else list(reference)


def as_source(reference: ColumnRef) -> ColumnSource:
    return reference if isinstance(reference, ColumnSource) else ColumnSource(column=reference)


class _Builder:
    def __init__(self, mapping: ImportMapping, header: Header, display: str, market: str | None, default_locale: str) -> None:
        self.mapping = mapping
        self.header = header
        self.display = display
        self.market = market
        self.default_locale = default_locale
        self.missing: list[LinkstarError] = []

    def locate(self, names: list[str], optional: bool, what: str) -> tuple[int, str] | None:
        found = self.header.first(names)
        if found is None and not optional:
            suggestions = [s for name in names for s in self.header.suggestions(name)]
            hint = (
                _("Did you mean {names}? Fix the column name in the mapping, or mark it optional: true.", names=", ".join(f"\"{s}\"" for s in dict.fromkeys(suggestions)))
                if suggestions
                else _("Check the column name in the mapping against the export's header row, or mark it optional: true.")
            )
            self.missing.append(
                InputError(
                    _("column {columns} for {field} is not in {file}", columns=" or ".join(f"\"{name}\"" for name in names), field=what, file=self.display),
                    path=self.display,
                    line=1,
                    hint=hint,
                    code="mapping-column",
                )
            )
        return found

    def spec(self, path: FieldPath, kind: FieldKind, reference: ColumnRef | None) -> FieldSpec | None:
        if reference is None:
            return None
        source = as_source(reference)
        names = column_names(source)
        if kind == "list" and isinstance(source.column, list) and source.split is None:
            # A list of columns for a list field means one item per column.
            return self._multi_column(path, names, source.optional)
        found = self.locate(names, source.optional, ".".join(path))
        if found is None:
            return None
        index, header = found
        unit, unit_column = self._unit(source, kind, index, header, path)
        return FieldSpec(path, kind, index, header, unit=unit, unit_column=unit_column, split=source.split)

    def _multi_column(self, path: FieldPath, names: list[str], optional: bool) -> FieldSpec | None:
        indexes = [self.header.find(name) for name in names]
        present = [index for index in indexes if index is not None]
        if not present:
            self.locate(names, optional, ".".join(path))
            return None
        return FieldSpec(path, "list", present[0], self.header.headers[present[0]], more_columns=tuple(present[1:]))

    def _unit(self, source: ColumnSource, kind: FieldKind, index: int, header: str, path: FieldPath) -> tuple[str | None, int | None]:
        if kind not in ("weight", "length"):
            return None, None
        dimension: Dimension = kind
        if source.unit is not None:
            code = unit_code(source.unit)
            if code is None:
                raise UsageError(
                    _("unknown unit \"{unit}\" for {field} in the mapping", unit=source.unit, field=".".join(path)),
                    hint=_("Use one of: {units}.", units=known_units(dimension)),
                )
            return code, None
        bracketed = _BRACKETED_UNIT.match(header)
        if bracketed and unit_code(bracketed.group("unit")):
            return unit_code(bracketed.group("unit")), None
        unit_names = [source.unit_column] if source.unit_column else [f"{header}-unit"]
        found = self.locate(unit_names, source.unit_column is None, _("unit of {field}", field=".".join(path)))
        if found is not None:
            return None, found[0]
        # No unit anywhere: the value is already in the field's own unit (weight_kg, dimensions_cm).
        return ("kg" if dimension == "weight" else "cm"), None

    def copy_specs(self) -> dict[str, list[FieldSpec]]:
        columns = self.mapping.copy_fields
        by_locale: dict[str, list[FieldSpec]] = {}
        for name in ("title", "description", "search_terms", "bullets"):
            reference = getattr(columns, name)
            if reference is None:
                continue
            for locale, spec in self._copy_field(name, reference).items():
                by_locale.setdefault(locale, []).append(spec)
        return by_locale

    def _copy_field(self, name: str, reference: ColumnRef) -> dict[str, FieldSpec]:
        kind = _FIELD_KINDS[name]
        source = as_source(reference)
        names = column_names(source)
        found: dict[str, FieldSpec] = {}
        if kind == "list" and isinstance(source.column, list) and source.split is None:
            spec = self._multi_column((name,), names, source.optional)
            return {self.default_locale: spec} if spec else {}
        plain = self._plain_column(names)
        if plain is not None:
            found[self.default_locale] = FieldSpec((name,), kind, plain[0], plain[1], split=source.split)
        for base in names:
            for locale, columns in self.header.localized(base, self.mapping.channel).items():
                if locale in found:
                    continue
                if len(columns) > 1:
                    channels = sorted({channel for _index, channel in columns if channel})
                    raise UsageError(
                        _("column {field} for {locale} exists for several channels ({channels})", field=base, locale=locale, channels=", ".join(channels)),
                        hint=_("Set channel: in the mapping to the channel to import, for example channel: ecommerce."),
                    )
                index = columns[0][0]
                found[locale] = FieldSpec((name,), kind, index, self.header.headers[index], split=source.split)
        if not found and not source.optional:
            self.locate(names, False, name)
        return found

    def _plain_column(self, names: list[str]) -> tuple[int, str] | None:
        """Find the column without a locale: the name itself, or Akeneo's ``name-<channel>``."""
        found = self.header.first(names)
        if found is not None:
            return found
        for base in names:
            index = self.header.channel_only(base, self.mapping.channel)
            if index is not None:
                return index, self.header.headers[index]
        return None


def _price_key(key: str, market: str | None) -> str:
    if "{market}" not in key:
        return key
    if not market:
        raise UsageError(
            _("the mapping puts prices under the market, but no market is set"),
            hint=_("Pass --market with a market code (US) or platform id (amazon-us), or set market: in the mapping."),
        )
    return key.replace("{market}", market)


def _brief_specs(builder: _Builder, mapping: ImportMapping) -> list[FieldSpec]:
    columns = mapping.brief
    specs: list[FieldSpec | None] = [
        builder.spec(("brand",), "text", columns.brand),
        builder.spec(("category",), "category", columns.category),
        builder.spec(("gtin",), "gtin", columns.gtin),
        builder.spec(("model_number",), "text", columns.model_number),
        builder.spec(("weight_kg",), "weight", columns.weight_kg),
        builder.spec(("certifications",), "list", columns.certifications),
    ]
    if columns.dimensions_cm is not None:
        for side in ("length", "width", "height"):
            specs.append(builder.spec(("dimensions_cm", side), "length", getattr(columns.dimensions_cm, side)))
    for key, reference in columns.prices.items():
        specs.append(builder.spec(("prices", _price_key(key, builder.market)), "price", reference))
    return [spec for spec in specs if spec is not None]


def _variant_plan(builder: _Builder, mapping: ImportMapping) -> VariantPlan | None:
    columns = mapping.variants
    if columns is None:
        return None
    parent = builder.locate(column_names(columns.parent_column), False, "variants.parent_column") if columns.parent_column else None
    group = builder.locate(column_names(columns.group_column), False, "variants.group_column") if columns.group_column else None
    attributes = []
    for attribute in columns.attributes:
        value = builder.locate(column_names(attribute.value_column), attribute.optional, "variants.attributes")
        name_column = builder.locate(column_names(attribute.name_column), attribute.optional, "variants.attributes") if attribute.name_column else None
        if value is None or (attribute.name_column and name_column is None):
            continue
        attributes.append(AttributeSpec(attribute.name, name_column[0] if name_column else None, value[0], value[1]))
    fields: list[FieldSpec | None] = [
        builder.spec(("gtin",), "gtin", columns.gtin),
        builder.spec(("weight_kg",), "weight", columns.weight_kg),
    ]
    for key, reference in columns.prices.items():
        fields.append(builder.spec(("prices", _price_key(key, builder.market)), "price", reference))
    return VariantPlan(
        parent_column=parent[0] if parent else None,
        group_column=group[0] if group else None,
        id=builder.spec(("id",), "text", columns.id),
        attributes=attributes,
        skip_values=set(columns.skip_values),
        fields=[spec for spec in fields if spec is not None],
    )


def build_plan(mapping: ImportMapping, headers: list[str], display: str, *, market: str | None, default_locale: str) -> ImportPlan:
    """Resolve every column the mapping names; all missing columns are reported together."""
    header = Header(headers)
    builder = _Builder(mapping, header, display, market or mapping.market, mapping.locale or default_locale)
    sku = builder.spec(("id",), "text", mapping.sku)
    brief = _brief_specs(builder, mapping)
    copy = builder.copy_specs()
    variants = _variant_plan(builder, mapping)
    skip_rows = []
    for row_filter in mapping.skip_rows:
        found = builder.locate(column_names(row_filter.column), True, "skip_rows")
        if found is not None:
            skip_rows.append((found[0], set(row_filter.values)))
    if builder.missing:
        raise ErrorList(builder.missing)
    assert sku is not None
    return ImportPlan(sku=sku, brief=brief, copy=copy, variants=variants, skip_rows=skip_rows, market=builder.market, locales=sorted(copy))
