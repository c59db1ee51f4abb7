"""Models of ``linkstar import``: the mapping file and the import record.

A mapping file maps export columns to brief and copy fields. The import record
``skus/<SKU>/import.yaml`` lets a re-import tell an imported value from a hand edit.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from linkstar_cli.i18n import _
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Locale

ColumnNames = str | list[str]


class ColumnSource(StrictModel):
    """The export column that one field is read from."""

    column: ColumnNames = Field(description="Column header, or a list of headers of which the first one present in the export is used. Matching ignores case and surrounding spaces.")
    optional: bool = Field(default=False, description="The column may be missing from the export; otherwise a missing column is an error.")
    unit: str | None = Field(default=None, description="Unit of every value in the column, for example g, lb, in or cm. Default: the unit in the header (\"Weight (lbs)\"), else the unit column, else the field's own unit (kg, cm).")
    unit_column: str | None = Field(default=None, description="Column that gives each row's unit, as Akeneo's \"weight-unit\" does. Default: \"<column>-unit\" when the export has it.")
    split: str | None = Field(default=None, description="Separator of several values in one cell: list fields get every value, other fields the first one.")


ColumnRef = str | list[str] | ColumnSource


class Dimensions(StrictModel):
    length: ColumnRef
    width: ColumnRef
    height: ColumnRef


class BriefColumns(StrictModel):
    """Brief fields and their columns. Every field is optional; unmapped fields are never touched."""

    brand: ColumnRef | None = None
    category: ColumnRef | None = Field(default=None, description="A path such as \"Clothing > Tshirts\" becomes the dotted category clothing.tshirts.")
    gtin: ColumnRef | None = None
    model_number: ColumnRef | None = None
    weight_kg: ColumnRef | None = None
    dimensions_cm: Dimensions | None = None
    certifications: ColumnRef | None = None
    prices: dict[str, ColumnRef] = Field(default_factory=dict, description="Price columns by market code (US), platform id (amazon-us) or \"{market}\", which stands for the mapping's market.")


class CopyColumns(StrictModel):
    """Copy fields and their columns. Columns with a locale suffix (name-de_DE, \"Name (de-DE)\") fill that locale's copy file."""

    title: ColumnRef | None = None
    description: ColumnRef | None = None
    search_terms: ColumnRef | None = None
    bullets: ColumnRef | None = Field(default=None, description="One column split by `split`, or a list of columns, each giving one bullet.")


class AttributeColumns(StrictModel):
    """One variant attribute: its name (fixed or from a column) and the column of its value."""

    name: str | None = None
    name_column: ColumnNames | None = None
    value_column: ColumnNames
    optional: bool = False

    @model_validator(mode="after")
    def _one_name(self) -> AttributeColumns:
        if (self.name is None) == (self.name_column is None):
            raise PydanticCustomError(
                "attribute_name",
                _("an attribute needs either name or name_column"),
                {"hint": _("Write name: Color for a fixed name, or name_column: \"Attribute 1 name\" to read it from the export.")},
            )
        return self


class VariantColumns(StrictModel):
    """Rules that turn rows into the variants of one SKU, and the columns of each variant's fields."""

    parent_column: ColumnNames | None = Field(default=None, description="A row whose cell here names another row's SKU is a variant of that SKU (WooCommerce Parent).")
    group_column: ColumnNames | None = Field(default=None, description="Rows that share this cell form one SKU; the first row also contains the product fields (Shopify Handle).")
    id: ColumnRef | None = Field(default=None, description="Variant id column. Default: the SKU column. An empty cell gives <SKU>-<attribute values>.")
    attributes: list[AttributeColumns] = Field(default_factory=list)
    skip_values: list[str] = Field(default_factory=list, description="Attribute values that mean \"no variant\", for example Shopify's Default Title.")
    gtin: ColumnRef | None = None
    weight_kg: ColumnRef | None = None
    prices: dict[str, ColumnRef] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_grouping(self) -> VariantColumns:
        if self.parent_column is not None and self.group_column is not None:
            raise PydanticCustomError(
                "variant_grouping",
                _("parent_column and group_column cannot both be set"),
                {"hint": _("Use parent_column when variation rows name their parent, group_column when rows of one product share a key.")},
            )
        return self


class RowFilter(StrictModel):
    """Rows whose cell in ``column`` contains one of ``values`` (comma-separated cells are split)."""

    column: ColumnNames
    values: list[str]


class ReadOptions(StrictModel):
    """How to read the export file; the command line options win over these."""

    delimiter: Literal[",", ";", "\t", "|"] | None = Field(default=None, description="CSV delimiter. Default: detected from the file.")
    encoding: str | None = Field(default=None, description="Text encoding, for example utf-8 or gb18030. Default: detected from the file.")
    decimal: Literal["dot", "comma"] | None = Field(default=None, description="Decimal separator of numbers. Default: dot.")
    sheet: str | None = Field(default=None, description="Worksheet of an .xlsx file. Default: the first one.")


class ImportMapping(StrictModel):
    """A mapping file for ``linkstar import --mapping``; the built-in presets use the same format."""

    version: int = Field(default=1, ge=1, le=1, description="Format version of this file.")
    description: str | None = None
    read: ReadOptions = Field(default_factory=ReadOptions)
    sku: ColumnRef = Field(description="Column whose value names the SKU folder (upper-cased, see docs/import.md).")
    locale: Locale | None = Field(default=None, description="Locale of copy columns without a locale suffix. Default: the repo's source locale.")
    channel: str | None = Field(default=None, description="Akeneo channel (scope) to read, for example ecommerce; columns of other channels are ignored.")
    market: str | None = Field(default=None, description="Market code or platform id that \"{market}\" in price keys stands for; --market overrides it.")
    skip_rows: list[RowFilter] = Field(default_factory=list)
    brief: BriefColumns = Field(default_factory=BriefColumns)
    copy_fields: CopyColumns = Field(default_factory=CopyColumns, alias="copy")
    variants: VariantColumns | None = None


class ImportedValue(StrictModel):
    """The value that the last import gave one field, and its origin in the export."""

    value: str | None = Field(default=None, description="The imported value as text; long texts keep only sha256.")
    sha256: str | None = None
    source: str = Field(description="File name of the export.")
    row: int = Field(ge=1, description="Row in the export, the header being row 1.")
    column: str


class ImportRecord(StrictModel):
    """``skus/<SKU>/import.yaml``: the last imported value of every field, by file and field path."""

    version: int = Field(default=1, ge=1, le=1, description="Format version of this file.")
    fields: dict[str, dict[str, ImportedValue]] = Field(default_factory=dict, description="File inside the SKU folder (brief.yaml, copy/de-DE.yaml) to field path to the imported value.")
