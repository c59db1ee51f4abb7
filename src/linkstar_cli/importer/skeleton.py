"""The files of a SKU folder that an import creates, laid out as ``linkstar new-sku`` lays them out.

The import fills these texts in; comments and key order come from here.
"""

from __future__ import annotations

from linkstar_cli.model.schema import schema_file_name
from linkstar_cli.repo.scaffold import SCHEMA_DIR, copy_template

# TODO: repo/scaffold.py builds the same brief text inline in new_sku; one shared
# template function there would keep the two from drifting apart.


def modeline(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema_file_name(kind)}\n"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def brief_skeleton(sku: str, brand: str) -> str:
    return (
        modeline("brief", 2)
        + f"id: {_quoted(sku)}\n"
        + f"brand: {_quoted(brand)}\n"
        + 'category: "uncategorized"\n'
        + "# Barcodes are text: keep the quotes so leading zeros survive.\n"
        + "gtin:\n"
        + "targets: []  # empty: the repo's targets\n"
        + "# Facts in SI units: kilograms and centimetres.\n"
        + "weight_kg:\n"
        + "dimensions_cm:\n"
        + "materials: []\n"
        + "certifications: []\n"
        + "compliance: {}\n"
        + "# Price by platform id (amazon-de) or market (DE), in that market's currency.\n"
        + "prices: {}\n"
        + "variants: []\n"
    )


def copy_skeleton() -> str:
    return modeline("copy", 3) + copy_template()


def assets_skeleton() -> str:
    return modeline("assets", 3) + "# One entry per file in this folder, each with its role and licence.\nassets: []\n"


def record_header() -> str:
    return (
        modeline("import", 2)
        + "# Written by `linkstar import`: each field's value at its last import and where it came from.\n"
        + "# A field whose value now differs from the one here was edited by hand, so imports keep it.\n"
    )
