"""The files of a SKU folder that an import creates, laid out as ``linkstar new-sku`` lays them out.

The import fills these texts in; comments and key order come from here.
"""

from __future__ import annotations

from linkstar_cli.repo.scaffold import assets_template, brief_template, copy_template, modeline


def brief_skeleton(sku: str, brand: str) -> str:
    return brief_template(sku, brand, "uncategorized", None)


def copy_skeleton() -> str:
    return modeline("copy", 3) + copy_template()


def assets_skeleton() -> str:
    return assets_template()


def record_header() -> str:
    return (
        modeline("import", 2)
        + "# Written by `linkstar import`: each field's value at its last import and where it came from.\n"
        + "# A field whose value now differs from the one here was edited by hand, so imports keep it.\n"
    )
