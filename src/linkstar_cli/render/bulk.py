"""The platform's bulk upload file, which ``linkstar render`` writes into ``build/<platform>/``.

The spec's ``bulk:`` section describes the file completely: its name, separator,
encoding, line ending, the rows above the column names, and for every column
where its cells come from. This module only follows that description, so no
platform fact lives here. ``docs/bulk.md`` lists the value sources.

Rows: a SKU without variants gets one ``single`` row. A SKU with variants gets a
``parent`` row when the spec sets ``parent_row``, then one ``child`` row per
variant in the brief's order. Products are sorted by SKU, so the same packages
always give the same bytes.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from linkstar_cli.errors import RenderError
from linkstar_cli.i18n import _
from linkstar_cli.model.brief import Variant
from linkstar_cli.render.text import select_price
from linkstar_cli.specs.model import BulkColumn, BulkFile, BulkRowKind, PlatformSpec

if TYPE_CHECKING:
    from linkstar_cli.render.extras import Package

_SOURCE = re.compile(r"^(?P<scope>[a-z]+)\.(?P<path>.+?)(?:\[(?P<position>[0-9]+)\])?$")
_SEPARATORS = {"tsv": "\t", "csv": ","}
_LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n"}


@dataclass(frozen=True)
class BulkRow:
    """One row of the bulk file: a SKU without variants, a parent, or one variant."""

    kind: BulkRowKind
    package: Package
    brief_data: dict[str, Any]
    variant: Variant | None = None
    variant_data: dict[str, Any] = field(default_factory=dict)
    group: int | None = None  # 1-based number of the product among the file's products with variants
    first: bool = True  # the first row of its product

    @property
    def sku(self) -> str:
        return self.variant.id if self.variant is not None else self.package.brief.id


def write_bulk_file(spec: PlatformSpec, packages: list[Package], shard: tuple[int, int] | None) -> dict[str, bytes]:
    """Build the spec's bulk upload file for ``packages``, or nothing when the spec has no ``bulk:`` section."""
    bulk = spec.bulk
    if bulk is None or not packages:
        return {}
    rows = bulk_rows(bulk, spec.id, packages)
    cells = _CellWriter(spec, bulk)
    table = [list(line) for line in bulk.preamble]
    for header in bulk.header:
        table.append([column.name if header == "name" else column.label or "" for column in bulk.columns])
    for row in rows:
        table.append([cells.cell(column, row) for column in bulk.columns])
    name = bulk_file_name(bulk, spec.id, shard)
    return {name: _encode(_as_text(bulk, table), bulk, name)}


def bulk_file_name(bulk: BulkFile, platform_id: str, shard: tuple[int, int] | None) -> str:
    """Fill in the file name pattern. A shard inserts ``.shard-K-of-N`` before the extension, so shards never overwrite each other."""
    name = bulk.file.format(platform_id=platform_id)
    if shard is None:
        return name
    index, count = shard
    stem, dot, extension = name.rpartition(".")
    marker = f"shard-{index}-of-{count}"
    return f"{stem}.{marker}.{extension}" if dot and stem else f"{name}.{marker}"


def bulk_rows(bulk: BulkFile, platform_id: str, packages: list[Package]) -> list[BulkRow]:
    """Lay out the rows: products sorted by SKU, each with its parent row (if the spec sets one) and its variants in brief order."""
    rows: list[BulkRow] = []
    group = 0
    for package in sorted(packages, key=lambda package: package.brief.id):
        brief_data = package.brief.model_dump(mode="json")
        variants = package.brief.variants
        if not variants:
            rows.append(BulkRow("single", package, brief_data))
            continue
        _check_attribute_count(bulk, platform_id, package)
        group += 1
        if bulk.parent_row:
            rows.append(BulkRow("parent", package, brief_data, group=group))
        for index, variant in enumerate(variants):
            first = index == 0 and not bulk.parent_row
            rows.append(BulkRow("child", package, brief_data, variant, variant.model_dump(mode="json"), group, first))
    return rows


def bulk_notes(spec: PlatformSpec) -> list[str]:
    """Describe, for people, which columns of the bulk file of ``spec`` stay empty for lack of settings."""
    bulk = spec.bulk
    if bulk is None or bulk.images != "url" or bulk.image_base_url:
        return []
    uses_images = any(source.startswith("image.") for column in bulk.columns for source in _sources(column))
    if not uses_images:
        return []
    return [
        _(
            "the image columns of {file} are empty because no image base URL is set; set it in linkstar.yaml as bulk: {{{platform}: {{image_base_url: https://...}}}}",
            file=bulk.file.format(platform_id=spec.id),
            platform=spec.id,
        )
    ]


def with_image_base_url(spec: PlatformSpec, url: str | None) -> PlatformSpec:
    """Return ``spec`` with the bulk file's image base URL replaced by ``url`` (a repo setting wins over the spec)."""
    if spec.bulk is None or not url:
        return spec
    return spec.model_copy(update={"bulk": spec.bulk.model_copy(update={"image_base_url": url})})


class _CellWriter:
    """Resolver of the columns' value sources, row by row."""

    def __init__(self, spec: PlatformSpec, bulk: BulkFile) -> None:
        self.spec = spec
        self.bulk = bulk
        self._themes: dict[str, str] = {}

    def cell(self, column: BulkColumn, row: BulkRow) -> str:
        if row.kind not in column.rows or (column.first_row_only and not row.first):
            return ""
        text = column.constant or ""
        for source in _sources(column):
            text = self.resolve(source, column, row)
            if text:
                break
        return _apply_map(column.map, text) if column.map else text

    def resolve(self, source: str, column: BulkColumn, row: BulkRow) -> str:
        match = _SOURCE.match(source)
        assert match is not None  # the spec model accepts only sources of this shape
        scope, path = match["scope"], match["path"]
        position = int(match["position"]) if match["position"] else None
        if scope == "listing":
            return self._data(row.package.listing.fields, path, position, source, column)
        if scope == "brief":
            return self._data(row.brief_data, path, position, source, column)
        if scope == "variant":
            return self._variant(row, path, position, source, column)
        if scope == "image":
            return self._image(row, path.split("+"), position or 1)
        return self._row_property(row, path)

    def _data(self, data: Any, path: str, position: int | None, source: str, column: BulkColumn) -> str:
        value = _lookup(data, path)
        if position is not None:
            value = value[position - 1] if isinstance(value, list) and position <= len(value) else None
        return _as_cell(value, source, column)

    def _variant(self, row: BulkRow, path: str, position: int | None, source: str, column: BulkColumn) -> str:
        if row.variant is None:
            return ""
        copy = row.package.copy
        attributes = list(row.variant.attributes.items())
        if path.startswith("attributes."):
            name = path.removeprefix("attributes.")
            value = row.variant.attributes.get(name)
            return copy.attribute_values.get(name, {}).get(value, value) if value is not None else ""
        if path in ("attribute_name", "attribute_value"):
            if position is None or position > len(attributes):
                return ""
            name, value = attributes[position - 1]
            if path == "attribute_name":
                return copy.attribute_names.get(name, name)
            return copy.attribute_values.get(name, {}).get(value, value)
        return self._data(row.variant_data, path, position, source, column)

    def _image(self, row: BulkRow, roles: list[str], position: int) -> str:
        images = [job for job in row.package.images if job.role in roles]
        if position > len(images):
            return ""
        name = images[position - 1].name
        if self.bulk.images == "name":
            return name
        if not self.bulk.image_base_url:
            return ""
        sku = row.package.brief.id
        return f"{self.bulk.image_base_url.rstrip('/')}/{quote(sku)}/{quote(name)}"

    def _row_property(self, row: BulkRow, name: str) -> str:
        brief = row.package.brief
        if name == "kind":
            return row.kind
        if name == "sku":
            return row.sku
        if name == "product_sku":
            return brief.id
        if name == "parent_sku":
            return brief.id if row.kind == "child" else ""
        if name == "group":
            return str(row.group) if row.group is not None else ""
        if name == "gtin":
            return _row_gtin(row)
        if name == "gtin_type":
            gtin = _row_gtin(row)
            return f"GTIN-{len(gtin)}" if gtin else ""
        if name == "price":
            return _row_price(row, self.spec)
        return self._variation_theme(row)

    def _variation_theme(self, row: BulkRow) -> str:
        if row.kind == "single":
            return ""
        sku = row.package.brief.id
        if sku not in self._themes:
            self._themes[sku] = _find_theme(self.spec, self.bulk, row.package)
        return self._themes[sku]


def _sources(column: BulkColumn) -> list[str]:
    if column.value is None:
        return []
    return [column.value] if isinstance(column.value, str) else list(column.value)


def _lookup(data: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _as_cell(value: Any, source: str, column: BulkColumn) -> str:
    """Format one value as cell text: numbers in plain decimal notation, a missing value as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # repr gives the shortest text that reads back as the same float, so 0.227 stays 0.227.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, (int, Decimal)):
        return format(Decimal(value), "f")
    if isinstance(value, str):
        return value
    raise RenderError(
        _("bulk column \"{column}\" gets a list or mapping from {source}, not one value", column=column.name, source=source),
        field=column.name,
        hint=_("Pick one item with a position such as {example}, or a field inside it.", example=f"{source}[1]"),
    )


def _apply_map(mapping: dict[str, str], text: str) -> str:
    for pattern, replacement in mapping.items():
        if fnmatch.fnmatchcase(text, pattern):
            return replacement
    return ""


def _row_gtin(row: BulkRow) -> str:
    if row.variant is not None:
        return row.variant.gtin or ""
    if row.kind == "single":
        return row.package.brief.gtin or ""
    return ""


def _row_price(row: BulkRow, spec: PlatformSpec) -> str:
    if row.kind == "parent":
        return ""
    price = select_price(row.package.brief.prices, spec)
    if row.variant is not None:
        own_price = select_price(row.variant.prices, spec)
        price = own_price if own_price is not None else price
    return format(price, "f") if price is not None else ""


def _find_theme(spec: PlatformSpec, bulk: BulkFile, package: Package) -> str:
    names = list(dict.fromkeys(name for variant in package.brief.variants for name in variant.attributes))
    for theme in bulk.variation_themes:
        if set(theme.attributes) == set(names):
            return theme.theme
    known = "; ".join(", ".join(theme.attributes) for theme in bulk.variation_themes) or "-"
    raise RenderError(
        _(
            "{platform} has no variation theme for the variant attributes of SKU \"{sku}\" ({attributes})",
            platform=spec.id,
            sku=package.brief.id,
            attributes=", ".join(names) or "-",
        ),
        path=f"skus/{package.brief.id}/brief.yaml",
        hint=_(
            "Name the attributes as one of the spec's variation themes does ({known}), or add a theme to bulk.variation_themes in a local spec.",
            known=known,
        ),
    )


def _check_attribute_count(bulk: BulkFile, platform_id: str, package: Package) -> None:
    limit = bulk.max_variation_attributes
    if limit is None:
        return
    for variant in package.brief.variants:
        if len(variant.attributes) > limit:
            raise RenderError(
                _(
                    "variant \"{variant}\" of SKU \"{sku}\" has {count} attributes, more than the {max} of the {platform} bulk file",
                    variant=variant.id,
                    sku=package.brief.id,
                    count=len(variant.attributes),
                    max=limit,
                    platform=platform_id,
                ),
                path=f"skus/{package.brief.id}/brief.yaml",
                hint=_("Combine attributes (for example colour and pattern into one) so that each variant has at most {max}.", max=limit),
            )


def _as_text(bulk: BulkFile, table: list[list[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=_SEPARATORS[bulk.format], lineterminator=_LINE_ENDINGS[bulk.line_ending], quoting=csv.QUOTE_MINIMAL)
    writer.writerows(table)
    return buffer.getvalue()


def _encode(text: str, bulk: BulkFile, name: str) -> bytes:
    try:
        return text.encode(bulk.encoding)
    except UnicodeEncodeError as error:
        character = error.object[error.start : error.end]
        raise RenderError(
            _("cannot encode \"{character}\" of the bulk file {file} in {encoding}", file=name, character=character, encoding=bulk.encoding),
            hint=_("Set bulk.encoding to utf-8 in a local spec, or remove the character from the copy."),
        ) from None
