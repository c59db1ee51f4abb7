from __future__ import annotations

from pydantic import Field

from linkstar_cli.model.base import StrictModel


class AplusModule(StrictModel):
    heading: str | None = None
    text: str


class Copy(StrictModel):
    """``skus/<SKU>/copy/<locale>.yaml``: the texts of one locale."""

    title: str | None = None
    bullets: list[str] = Field(default_factory=list)
    description: str | None = None
    search_terms: str | None = None
    aplus: list[AplusModule] = Field(default_factory=list)
    overlays: dict[str, str] = Field(default_factory=dict, description="Texts for image overlays, by the name a layout uses.")
    attribute_names: dict[str, str] = Field(default_factory=dict, description="Translated variant attribute names, for example colour: Farbe.")
    attribute_values: dict[str, dict[str, str]] = Field(default_factory=dict, description="Translated variant attribute values, for example colour: {Blue: Blau}.")
