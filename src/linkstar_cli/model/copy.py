from __future__ import annotations

from pydantic import Field

from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Locale


class AplusModule(StrictModel):
    heading: str | None = None
    text: str


class TranslationRecord(StrictModel):
    """The source texts that a copy file's translated fields were made from, as written by `linkstar l10n import`."""

    source_locale: Locale = Field(description="The source locale that the fields were translated from.")
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Field path (title, bullets[2], overlays.headline, aplus[0].text) -> short hash of the source text "
        "it was translated from: the first 12 hex digits of the SHA-256 of that text in NFC, with runs of whitespace made one space. "
        "A field whose source text now has another hash is stale; delete its line to accept the translation as it is.",
    )


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
    translation: TranslationRecord | None = Field(
        default=None,
        description="Written by `linkstar l10n import`: the source locale and, per field, a hash of the source text that the field "
        "was translated from, so that lint and the next export can tell which translations are stale.",
    )
