from __future__ import annotations

from typing import Literal

from pydantic import Field

from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.licence import Licence
from linkstar_cli.model.types import Locale, Market, RelPath

AssetRole = Literal[
    "main",
    "gallery",
    "lifestyle",
    "detail",
    "infographic",
    "size-chart",
    "swatch",
    "packaging",
    "compliance",
    "design-source",
]


class Asset(StrictModel):
    """One source file of a SKU."""

    file: RelPath = Field(description="File name, relative to the assets folder.")
    role: AssetRole
    alt: str | None = None
    locale: Locale | None = Field(default=None, description="Set when the image itself contains text of one locale.")
    markets: list[Market] | None = Field(default=None, description="Markets where the image may be used; empty means all.")
    shows: list[str] = Field(default_factory=list, description="Compliance marks visible in the image, for example CE or WEEE.")
    keep_metadata: bool = False
    licence: Licence | None = None


class AssetCatalog(StrictModel):
    """``skus/<SKU>/assets/assets.yaml``."""

    assets: list[Asset] = Field(default_factory=list)
