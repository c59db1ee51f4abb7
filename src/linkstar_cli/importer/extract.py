"""Turning table rows into products: one per SKU, with brief fields, copy per locale and variants.

Every problem in a cell is collected rather than raised at once, so one run
lists every row to fix. The mapping sets how rows become SKUs. By default each
row is a product. With ``parent_column``, variation rows name their parent
product. With ``group_column``, rows that share a key form one product, and the
first row of the group contains the product fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.importer.plan import AttributeSpec, FieldPath, FieldSpec, ImportPlan, VariantPlan
from linkstar_cli.importer.table import Row, Table
from linkstar_cli.importer.values import (
    CellProblem,
    DecimalMode,
    Dimension,
    category_path,
    check_gtin,
    clean_text,
    decimal_text,
    decode_entities,
    id_part,
    is_html,
    known_units,
    normalize_sku,
    parse_number,
    to_si,
    unit_code,
)
from linkstar_cli.model.types import sku_hint, sku_problem

MONEY_PLACES = 4


@dataclass(frozen=True)
class Origin:
    """Position of a value in the export: row (the header is row 1), file line and column header."""

    row: int
    line: int
    column: str


@dataclass(frozen=True)
class FieldValue:
    value: str | tuple[str, ...]
    kind: str
    origin: Origin


@dataclass
class VariantData:
    id: str
    origin: Origin
    attributes: dict[str, FieldValue] = field(default_factory=dict)
    fields: dict[FieldPath, FieldValue] = field(default_factory=dict)


@dataclass
class ProductData:
    sku: str
    origin: Origin
    brief: dict[FieldPath, FieldValue] = field(default_factory=dict)
    copy: dict[str, dict[FieldPath, FieldValue]] = field(default_factory=dict)
    variants: list[VariantData] = field(default_factory=list)


@dataclass(frozen=True)
class RowNote:
    """A row that was skipped or a value that was left out, with the reason, for the summary."""

    row: int
    message: str


@dataclass
class Extraction:
    products: list[ProductData]
    skipped: list[RowNote]
    notes: list[RowNote]


class _Extractor:
    def __init__(self, table: Table, plan: ImportPlan, decimal: DecimalMode) -> None:
        self.table = table
        self.plan = plan
        self.decimal = decimal
        self.errors: list[InputError] = []
        self.notes: list[RowNote] = []

    # Cells

    def cell(self, row: Row, column: int | None) -> str:
        if column is None or column >= len(row.cells):
            return ""
        return clean_text(row.cells[column])

    def origin(self, row: Row, spec: FieldSpec | None = None, header: str | None = None) -> Origin:
        column = header or (spec.header if spec else self.table.headers[self.plan.sku.column])
        return Origin(row.number, self.table.line_of(row), column)

    def fail(self, row: Row, header: str, problem: CellProblem) -> None:
        self.errors.append(
            InputError(
                _("row {row}, column \"{column}\": {problem}", row=row.number, column=header, problem=problem.message),
                path=self.table.source,
                line=self.table.line_of(row),
                hint=problem.hint,
                code=f"import-{problem.code}",
            )
        )

    def read(self, row: Row, spec: FieldSpec) -> FieldValue | None:
        text = self.cell(row, spec.column)
        if spec.more_columns:
            items = [item for item in (self.cell(row, index) for index in (spec.column, *spec.more_columns)) if item]
            return FieldValue(tuple(decode_entities(item, keep_markup=False) for item in items), "list", self.origin(row, spec)) if items else None
        if not text:
            return None
        try:
            value = self.convert(row, spec, text)
        except CellProblem as problem:
            self.fail(row, spec.header, problem)
            return None
        if value is None:
            return None
        return FieldValue(value, spec.kind, self.origin(row, spec))

    def convert(self, row: Row, spec: FieldSpec, text: str) -> str | tuple[str, ...] | None:
        if spec.kind == "list":
            items = [clean_text(item) for item in text.split(spec.split)] if spec.split else [text]
            return tuple(decode_entities(item, keep_markup=False) for item in items if item)
        if spec.split:
            text = clean_text(text.split(spec.split)[0])
        if spec.kind == "text":
            return decode_entities(text, keep_markup=False)
        if spec.kind == "html":
            return decode_entities(text, keep_markup=is_html(text))
        if spec.kind == "category":
            return category_path(decode_entities(text, keep_markup=False)) or None
        if spec.kind == "gtin":
            return check_gtin(text, from_number_cell=(row.number, spec.column) in self.table.numeric_cells)
        if spec.kind == "price":
            return self.price(text)
        return self.measure(row, spec, text)

    def price(self, text: str) -> str:
        amount = parse_number(text, self.decimal)
        if amount < 0:
            raise CellProblem(_("price {value} is negative", value=text), _("Prices must be zero or more."), "price")
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MONEY_PLACES:
            raise CellProblem(
                _("price {value} has more than {places} decimal places", value=text, places=MONEY_PLACES),
                _("Round the price in the export."),
                "price",
            )
        return format(amount, "f")

    def measure(self, row: Row, spec: FieldSpec, text: str) -> str | None:
        dimension: Dimension = "weight" if spec.kind == "weight" else "length"
        amount = parse_number(text, self.decimal)
        if amount < 0:
            raise CellProblem(_("{value} is negative", value=text), _("Weights and lengths must be positive."), "number")
        unit = spec.unit
        if spec.unit_column is not None:
            unit_text = self.cell(row, spec.unit_column)
            unit = unit_code(unit_text) if unit_text else None
            if unit is None:
                raise CellProblem(
                    _("unit \"{unit}\" in column \"{column}\" is not a known unit", unit=unit_text, column=self.table.headers[spec.unit_column])
                    if unit_text
                    else _("the value has no unit: column \"{column}\" is empty", column=self.table.headers[spec.unit_column]),
                    _("Use one of: {units}.", units=known_units(dimension)),
                    "unit",
                )
        if amount == 0:
            # Exports write 0 for "not entered"; a brief has no zero weights or sizes.
            return None
        converted = to_si(amount, unit or ("kg" if dimension == "weight" else "cm"), dimension)
        if converted == 0:
            raise CellProblem(
                _("{value} rounds to 0 after conversion", value=text),
                _("Check the unit of the column; weights are kept to the gram and lengths to a tenth of a millimetre."),
                "number",
            )
        return decimal_text(converted)

    # Rows

    def values(self, row: Row, specs: Iterable[FieldSpec]) -> dict[FieldPath, FieldValue]:
        found = {}
        for spec in specs:
            value = self.read(row, spec)
            if value is not None:
                found[spec.path] = value
        return _complete_dimensions(found, row, self.notes)

    def skipped(self, row: Row) -> str | None:
        for column, values in self.plan.skip_rows:
            cell = self.cell(row, column)
            if {item.strip() for item in cell.split(",")} & values:
                return _("skipped: {column} is {value}", column=self.table.headers[column], value=cell)
        return None

    def sku_of(self, row: Row) -> str | None:
        text = self.cell(row, self.plan.sku.column)
        if not text:
            self.fail(row, self.plan.sku.header, CellProblem(_("the SKU is empty"), _("Give every product a SKU in the export, or skip such rows in the mapping."), "sku"))
            return None
        try:
            return normalize_sku(text)
        except CellProblem as problem:
            self.fail(row, self.plan.sku.header, problem)
            return None

    def product(self, row: Row, sku: str) -> ProductData:
        product = ProductData(sku=sku, origin=self.origin(row))
        product.brief = self.values(row, self.plan.brief)
        for locale, specs in self.plan.copy.items():
            values = self.values(row, specs)
            if values:
                product.copy[locale] = values
        return product


def _complete_dimensions(found: dict[FieldPath, FieldValue], row: Row, notes: list[RowNote]) -> dict[FieldPath, FieldValue]:
    sides = [path for path in found if path[0] == "dimensions_cm"]
    if sides and len(sides) < 3:
        for path in sides:
            del found[path]
        notes.append(RowNote(row.number, _("dimensions left out: a brief needs length, width and height, and only {given} is given", given=", ".join(path[1] for path in sides))))
    return found


def extract_products(table: Table, plan: ImportPlan, decimal: DecimalMode) -> tuple[Extraction, list[InputError]]:
    """Read every row into products; return them with the list of cell errors (empty when all is well)."""
    extractor = _Extractor(table, plan, decimal)
    skipped: list[RowNote] = []
    rows = []
    for row in table.rows:
        reason = extractor.skipped(row)
        if reason:
            skipped.append(RowNote(row.number, reason))
        else:
            rows.append(row)
    variants = plan.variants
    if variants is not None and variants.group_column is not None:
        products = _grouped(extractor, rows, variants)
    elif variants is not None and variants.parent_column is not None:
        products = _with_parents(extractor, rows, variants)
    else:
        products = _flat(extractor, rows)
    notes = sorted(extractor.notes, key=lambda note: note.row)
    return Extraction(products, skipped, notes), sorted(extractor.errors, key=lambda error: error.line or 0)


def _flat(extractor: _Extractor, rows: list[Row]) -> list[ProductData]:
    products = _Products(extractor)
    for row in rows:
        sku = extractor.sku_of(row)
        if sku is not None:
            products.add(row, sku)
    return products.done()


class _Products:
    """Products in export order, with duplicate SKU ids reported."""

    def __init__(self, extractor: _Extractor) -> None:
        self.extractor = extractor
        self.by_sku: dict[str, ProductData] = {}

    def add(self, row: Row, sku: str) -> ProductData | None:
        if sku in self.by_sku:
            first = self.by_sku[sku].origin.row
            self.extractor.fail(
                row,
                self.extractor.plan.sku.header,
                CellProblem(
                    _("SKU id {sku} is already used by row {first}", sku=sku, first=first),
                    _("SKU ids are upper-cased, so \"abc\" and \"ABC\" are the same SKU; give each product its own SKU."),
                    "sku-duplicate",
                ),
            )
            return None
        product = self.extractor.product(row, sku)
        self.by_sku[sku] = product
        return product

    def done(self) -> list[ProductData]:
        return list(self.by_sku.values())


def _with_parents(extractor: _Extractor, rows: list[Row], plan: VariantPlan) -> list[ProductData]:
    products = _Products(extractor)
    children: list[tuple[Row, str]] = []
    parent_rows: dict[str, Row] = {}
    for row in rows:
        parent = extractor.cell(row, plan.parent_column)
        if parent:
            children.append((row, parent))
            continue
        sku = extractor.sku_of(row)
        if sku is not None and products.add(row, sku) is not None:
            parent_rows[sku] = row
    for row, parent in children:
        try:
            parent_sku = normalize_sku(parent)
        except CellProblem as problem:
            extractor.fail(row, extractor.table.headers[plan.parent_column or 0], problem)
            continue
        product = products.by_sku.get(parent_sku)
        if product is None:
            extractor.fail(
                row,
                extractor.table.headers[plan.parent_column or 0],
                CellProblem(_("parent \"{parent}\" is not a product in this export", parent=parent), _("Export the parent product together with its variations."), "parent"),
            )
            continue
        own_id = _optional_id(extractor, row, plan.id or extractor.plan.sku)
        _add_variant(extractor, product, row, parent_rows[parent_sku], plan, own_id=own_id)
    return [_collapse(product) for product in products.done()]


def _grouped(extractor: _Extractor, rows: list[Row], plan: VariantPlan) -> list[ProductData]:
    products = _Products(extractor)
    groups: dict[str, list[Row]] = {}
    for row in rows:
        key = extractor.cell(row, plan.group_column)
        if not key:
            extractor.fail(row, extractor.table.headers[plan.group_column or 0], CellProblem(_("the product key is empty"), _("Every row needs the key that joins it to its product."), "group"))
            continue
        groups.setdefault(key, []).append(row)
    for group in groups.values():
        first = group[0]
        sku = extractor.sku_of(first)
        product = products.add(first, sku) if sku is not None else None
        if product is None:
            continue
        for row in group:
            if _has_variant_data(extractor, row, plan):
                own_id = _optional_id(extractor, row, plan.id)
                _add_variant(extractor, product, row, first, plan, own_id=own_id)
    return [_collapse(product) for product in products.done()]


def _has_variant_data(extractor: _Extractor, row: Row, plan: VariantPlan) -> bool:
    columns = [attribute.value_column for attribute in plan.attributes] + [spec.column for spec in plan.fields]
    if plan.id is not None:
        columns.append(plan.id.column)
    return any(extractor.cell(row, column) for column in columns)


def _optional_id(extractor: _Extractor, row: Row, spec: FieldSpec | None) -> str | None:
    """Read a variant's own id; None when the mapping has no id column or the cell is empty."""
    if spec is None:
        return None
    text = extractor.cell(row, spec.column)
    if not text:
        return None
    try:
        return normalize_sku(text)
    except CellProblem as problem:
        extractor.fail(row, spec.header, problem)
        return None


def _attribute_name(extractor: _Extractor, spec: AttributeSpec, row: Row, product_row: Row) -> str:
    if spec.name is not None:
        return spec.name
    # Continuation rows (Shopify) leave the option name empty; the product row has it.
    return extractor.cell(row, spec.name_column) or extractor.cell(product_row, spec.name_column)


def _add_variant(extractor: _Extractor, product: ProductData, row: Row, product_row: Row, plan: VariantPlan, *, own_id: str | None) -> None:
    attributes: dict[str, FieldValue] = {}
    for spec in plan.attributes:
        value = extractor.cell(row, spec.value_column)
        name = _attribute_name(extractor, spec, row, product_row)
        if name and not value and row is not product_row:
            # WooCommerce leaves an attribute empty when the variation is sold in any of its values.
            extractor.notes.append(RowNote(row.number, _("this variant has no value for \"{name}\", so it stands for any {name}", name=name)))
        if not value or not name or value in plan.skip_values:
            continue
        attributes[decode_entities(name, keep_markup=False)] = FieldValue(decode_entities(value, keep_markup=False), "text", extractor.origin(row, header=spec.value_header))
    variant_id = own_id or _derived_id(extractor, product, row, attributes)
    if variant_id is None:
        return
    if any(variant.id == variant_id for variant in product.variants):
        extractor.fail(row, extractor.plan.sku.header, CellProblem(_("variant id {id} appears twice in product {sku}", id=variant_id, sku=product.sku), _("Give each variant its own SKU or its own attribute values."), "variant-duplicate"))
        return
    variant = VariantData(id=variant_id, origin=extractor.origin(row), attributes=attributes)
    variant.fields = extractor.values(row, plan.fields)
    product.variants.append(variant)


def _derived_id(extractor: _Extractor, product: ProductData, row: Row, attributes: dict[str, FieldValue]) -> str | None:
    parts = [id_part(str(value.value)) for value in attributes.values()]
    parts = [part for part in parts if part]
    candidate = "-".join([product.sku, *parts]) if parts else f"{product.sku}-{len(product.variants) + 1}"
    problem = sku_problem(candidate)
    if problem:
        extractor.fail(row, extractor.plan.sku.header, CellProblem(_("cannot make a variant id from the attribute values: {problem}", problem=problem), sku_hint(), "variant-id"))
        return None
    return candidate


def _collapse(product: ProductData) -> ProductData:
    """Treat a product whose only variant has no attributes (Shopify's Default Title) as a simple product."""
    if len(product.variants) != 1 or product.variants[0].attributes:
        return product
    only = product.variants.pop()
    for path, value in only.fields.items():
        product.brief.setdefault(path, value)
    return product
