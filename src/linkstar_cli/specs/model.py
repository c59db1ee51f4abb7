"""The platform spec format. Every limit is data here; no platform fact lives in code."""

from __future__ import annotations

from datetime import date
from typing import Literal

import regex
from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from linkstar_cli.i18n import _
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Colour, Fraction, Locale, Market, PlatformId

SourceKind = Literal["official", "api", "code", "3p"]
ImageFormat = Literal["jpeg", "png", "gif", "tiff", "webp", "bmp"]


class Source(StrictModel):
    """Where a rule was taken from. ``kind: 3p`` marks a value that only third parties state."""

    ref: str
    kind: SourceKind


class CountLimit(StrictModel):
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class TextRule(StrictModel):
    """Rules for one copy field (title, bullets, description, search_terms, ...)."""

    listing_field: str = Field(description="The platform's name for the field in listing.json and upload files.")
    required: bool = False
    count: Literal["chars", "bytes", "words"] = Field(
        default="chars",
        description="What min, max, max_total and recommended_max count: characters (code points after NFC), UTF-8 bytes, or words.",
    )
    min: int | None = Field(default=None, ge=0, description="Minimum length of the text, or of each item of a list field.")
    max: int | None = Field(default=None, ge=1, description="Maximum length of the text, or of each item of a list field.")
    max_total: int | None = Field(default=None, ge=1, description="Maximum length of all items of a list field together.")
    recommended_max: int | None = Field(default=None, ge=1, description="Advised maximum length in the unit of count. A longer text gets a warning, not an error.")
    items: CountLimit | None = Field(default=None, description="Item count for list fields such as bullets.")
    cjk_multiplier: float | None = Field(default=None, gt=0, description="Each CJK character counts this many times toward the length. Needs count: chars.")
    forbidden_chars: str = Field(default="", description="Characters that must not appear, written as one string.")
    restricted_chars: str = Field(default="", description="Characters allowed only in identifiers and measurements (\"Style #4301\", \"<10 lb\"), written as one string.")
    forbidden_words: list[str] = Field(default_factory=list, description="Whole words and phrases that must not appear, matched without regard to case.")
    forbidden_patterns: dict[str, str | None] = Field(
        default_factory=dict,
        description="Regular expressions that must not match, by name (URL, e-mail address, ...), matched without regard to case. A null value drops an inherited pattern.",
    )
    max_word_repeats: int | None = Field(default=None, ge=1, description="How often one word may appear in the text, or in each item of a list field.")
    repeat_exempt_words: list[str] = Field(default_factory=list, description="Words that max_word_repeats skips, such as articles, prepositions and conjunctions of the spec's language.")
    html: bool = False
    allowed_tags: list[str] = Field(default_factory=list)
    emoji: bool = True
    placeholders: bool = Field(default=False, description="Whether placeholder text such as N/A or TBD is tolerated.")
    all_caps: bool = True
    source: Source | list[Source]

    @field_validator("forbidden_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: dict[str, str | None]) -> dict[str, str | None]:
        for name, pattern in patterns.items():
            if pattern is None:
                continue
            try:
                regex.compile(pattern)
            except regex.error as error:
                raise PydanticCustomError(
                    "regex_invalid",
                    _("invalid regular expression for \"{name}\" ({reason})"),
                    {"name": name, "reason": str(error), "hint": _("Fix the pattern, and write it in single quotes so that YAML keeps its backslashes.")},
                ) from None
        return patterns

    @model_validator(mode="after")
    def _multiplier_counts_chars(self) -> TextRule:
        if self.cjk_multiplier is not None and self.count != "chars":
            raise PydanticCustomError(
                "cjk_multiplier_unit",
                _("cjk_multiplier needs count: chars, got count: {count}"),
                {"count": self.count, "hint": _("Remove cjk_multiplier or count characters.")},
            )
        return self


class ImageRule(StrictModel):
    """Rules for the images of one role (main, gallery, ...)."""

    formats: list[ImageFormat] = Field(default_factory=lambda: ["jpeg", "png"])
    min_long_side: int | None = Field(default=None, ge=1)
    min_side: int | None = Field(default=None, ge=1)
    max_long_side: int | None = Field(default=None, ge=1)
    aspect: str | None = Field(default=None, pattern=r"^\d+(\.\d+)?:\d+(\.\d+)?$", description="Width:height, for example 1:1.")
    aspect_tolerance: float = Field(default=0.01, ge=0)
    max_bytes: int | None = Field(default=None, ge=1)
    colour_modes: list[Literal["RGB", "CMYK", "L"]] = Field(default_factory=lambda: ["RGB"])
    srgb: bool = True
    background: Literal["white"] | None = None
    fill_min: Fraction | None = Field(default=None, description="Share of the image's longer side that the longer side of the product's bounding box must span.")
    bans: list[str] = Field(default_factory=list, description="Content the platform forbids that no pixel check can see (text, borders, watermarks).")
    count: CountLimit | None = Field(default=None, description="Number of images of this role in one listing.")
    max_total: int | None = Field(default=None, ge=1, description="Maximum number of images in one listing, all roles together. Where roles set different values, the smallest applies.")
    source: Source | list[Source]


class ImageOutput(StrictModel):
    """One kind of image that render produces, from source assets of the given roles or from a layout."""

    name: str = Field(description="Upload file name pattern; {sku} and {seq} (a counter shared by outputs with the same pattern) are filled in.")
    roles: list[str] = Field(default_factory=list, description="Asset roles to take sources from, in order.")
    layout: str | None = Field(default=None, description="Overlay layout id (templates/layouts/<id>.yaml) instead of a plain resize.")
    max_count: int | None = Field(default=None, ge=1)
    size: tuple[int, int]
    fit: Literal["pad", "contain", "cover"] = "pad"
    margin: Fraction = Field(default=0.0, description="Share of the canvas kept as background on each side when padding.")
    trim: bool = Field(default=False, description="Crop the source's own plain border (within 16 levels of the background colour at every corner) before fitting, so the product itself spans the canvas less the margin.")
    background: Colour = "#FFFFFF"
    format: Literal["jpeg", "png"] = "jpeg"
    quality: int = Field(default=90, ge=30, le=100)
    min_quality: int = Field(default=60, ge=10, le=100)
    max_bytes: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _quality_order(self) -> ImageOutput:
        if self.min_quality > self.quality:
            self.min_quality = self.quality
        return self


class ListingOutput(StrictModel):
    template: str = Field(description="Jinja template that renders listing.json, relative to templates/.")
    readable: str = Field(description="Jinja template that renders listing.md, relative to templates/.")


class RenderPlan(StrictModel):
    listing: ListingOutput
    images: list[ImageOutput] = Field(default_factory=list)


class ChecklistUse(StrictModel):
    checklist: str
    categories: list[str] = Field(default_factory=lambda: ["*"], description="Category patterns (fnmatch) the checklist applies to.")


class PlatformSpec(StrictModel):
    """A marketplace's rules and render plan, in ``platform_specs/<id>.yaml``."""

    id: PlatformId
    extends: str | None = Field(default=None, pattern=r"^_?[a-z][a-z0-9-]*$", description="Spec id (or shared base such as _amazon) whose rules this spec starts from.")
    name: str
    platform: str
    market: Market
    locale: Locale
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    units: Literal["metric", "imperial"]
    source: Source | list[Source]
    checked: date
    text: dict[str, TextRule] = Field(default_factory=dict)
    images: dict[str, ImageRule] = Field(default_factory=dict)
    render: RenderPlan
    compliance: list[ChecklistUse] = Field(default_factory=list)
    notes: str | None = None
