from __future__ import annotations

from pydantic import Field

from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.licence import Licence
from linkstar_cli.model.types import Colour, RelPath


class BrandFont(StrictModel):
    """A font file of the brand kit. Overlays use the first font, in list order, that has every glyph of a text."""

    id: str
    file: RelPath = Field(description="Font file, relative to brand/.")
    licence: Licence | None = None


class BrandLogo(StrictModel):
    id: str
    file: RelPath = Field(description="Logo file, relative to brand/.")
    licence: Licence | None = None


class BrandColours(StrictModel):
    primary: Colour = "#1A1A1A"
    accent: Colour = "#E4572E"
    text: Colour = "#1A1A1A"
    background: Colour = "#FFFFFF"


class Brand(StrictModel):
    """``brand/brand.yaml``: colours, fonts and logos, each with its licence record, and tone notes."""

    name: str
    colours: BrandColours = Field(default_factory=BrandColours)
    fonts: list[BrandFont] = Field(default_factory=list)
    logos: list[BrandLogo] = Field(default_factory=list)
    tone: str | None = None
