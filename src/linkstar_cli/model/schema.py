"""JSON Schemas of every file kind, generated from the models, for editors and other tools."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from linkstar_cli.model.assets import AssetCatalog
from linkstar_cli.model.brand import Brand
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.config import RepoConfig
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.glossary import Glossary
from linkstar_cli.model.imports import ImportMapping, ImportRecord
from linkstar_cli.model.reviews import Reviews
from linkstar_cli.model.video import Storyboard
from linkstar_cli.repo.atomic import write_text_atomic
from linkstar_cli.specs.checklists import Checklist
from linkstar_cli.specs.model import PlatformSpec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# File kind -> model. The kind is the schema's file name: schemas/<kind>.schema.json.
SCHEMA_KINDS: dict[str, type[BaseModel]] = {
    "linkstar": RepoConfig,
    "brand": Brand,
    "brief": Brief,
    "copy": Copy,
    "assets": AssetCatalog,
    "spec": PlatformSpec,
    "glossary": Glossary,
    "reviews": Reviews,
    "checklist": Checklist,
    "import": ImportRecord,
    "import-mapping": ImportMapping,
    "video": Storyboard,
}


def schema_for(kind: str) -> dict[str, object]:
    schema = SCHEMA_KINDS[kind].model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    """Write one JSON Schema file per file kind into ``folder``; return the paths written."""
    written = []
    for kind in SCHEMA_KINDS:
        path = folder / schema_file_name(kind)
        text = json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
        written.append(path)
    return written
