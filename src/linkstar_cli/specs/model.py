"""The platform spec format. Every limit is data here; no platform fact lives in code."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

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
    count: Literal["chars", "bytes"] = Field(default="chars", description="Whether min/max count characters or UTF-8 bytes.")
    min: int | None = Field(default=None, ge=0, description="Minimum length of the text, or of each item of a list field.")
    max: int | None = Field(default=None, ge=1, description="Maximum length of the text, or of each item of a list field.")
    max_total: int | None = Field(default=None, ge=1, description="Maximum length of all items of a list field together.")
    items: CountLimit | None = Field(default=None, description="Item count for list fields such as bullets.")
    cjk_multiplier: float | None = Field(default=None, gt=0, description="Each CJK character counts this many times toward min/max.")
    forbidden_chars: str = ""
    forbidden_words: list[str] = Field(default_factory=list)
    max_word_repeats: int | None = Field(default=None, ge=1)
    html: bool = False
    allowed_tags: list[str] = Field(default_factory=list)
    emoji: bool = True
    placeholders: bool = Field(default=False, description="Whether placeholder text such as N/A or TBD is tolerated.")
    all_caps: bool = True
    source: Source | list[Source]


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
    fill_min: Fraction | None = Field(default=None, description="Share of the longer side that the product must span.")
    bans: list[str] = Field(default_factory=list, description="Content the platform forbids that no pixel check can see (text, borders, watermarks).")
    count: CountLimit | None = None
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
