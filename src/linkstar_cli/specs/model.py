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
from linkstar_cli.model.video import VideoAspect

SourceKind = Literal["official", "api", "code", "3p"]
ImageFormat = Literal["jpeg", "png", "gif", "tiff", "webp", "bmp"]
VideoFormat = Literal["mp4", "mov", "mpeg", "avi", "webm", "mkv", "3gp", "flv", "wmv"]


class Source(StrictModel):
    """Source of a rule. ``kind: 3p`` marks a value that only third parties state."""

    ref: str
    kind: SourceKind


class CountLimit(StrictModel):
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class TextRule(StrictModel):
    """Rules for one copy field (title, bullets, description, search_terms, ...)."""

    listing_field: str | None = Field(default=None, description="The platform's name for the field in listing.json and upload files; none for texts that are not listing fields, such as overlays.")
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
    forbidden_words: list[str] = Field(default_factory=list, description="Whole words and phrases that must not appear, matched without regard to case. The entry {brand} stands for the brand name.")
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


class VideoRule(StrictModel):
    """Rules for the videos of one listing: the storyboard's length and shape, and the file the seller uploads."""

    min_duration: float | None = Field(default=None, gt=0, allow_inf_nan=False, description="Minimum video duration, in seconds.")
    max_duration: float | None = Field(default=None, gt=0, allow_inf_nan=False, description="Maximum video duration, in seconds.")
    aspects: list[VideoAspect] = Field(default_factory=list, description="Accepted aspect ratios (width:height); empty means any.")
    max_count: int | None = Field(default=None, ge=1, description="Number of videos in one listing.")
    formats: list[VideoFormat] = Field(default_factory=list, description="Container formats of the uploaded file. linkstar does not encode video, so lint does not check them.")
    max_bytes: int | None = Field(default=None, ge=1, description="Size of the uploaded file. Not checked by lint, for the same reason.")
    min_side: int | None = Field(default=None, ge=1, description="Shorter side of the uploaded file, in pixels. Not checked by lint.")
    min_long_side: int | None = Field(default=None, ge=1, description="Longer side of the uploaded file, in pixels. Not checked by lint.")
    max_long_side: int | None = Field(default=None, ge=1, description="Longer side of the uploaded file, in pixels. Not checked by lint.")
    bans: list[str] = Field(default_factory=list, description="Content the platform forbids in videos that no check can see (links off the page, calls to action).")
    source: Source | list[Source]

    @model_validator(mode="after")
    def _duration_order(self) -> VideoRule:
        if self.min_duration is not None and self.max_duration is not None and self.min_duration > self.max_duration:
            raise PydanticCustomError(
                "duration_order",
                _("min_duration {min} is greater than max_duration {max}", min=self.min_duration, max=self.max_duration),
                {"hint": _("Swap the two values, or correct the one that is wrong.")},
            )
        return self


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
    ask_facts: bool = Field(
        default=True,
        description="Ask for an unset brief fact that decides whether an item applies; false skips such items, for a checklist applied to every category where only products that state the fact need it.",
    )


BulkRowKind = Literal["single", "parent", "child"]
BULK_ROW_KINDS: tuple[BulkRowKind, ...] = ("single", "parent", "child")

# Value sources of a bulk file column, as docs/bulk.md lists them.
_FIELD_PATH = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
_POSITION = r"\[[1-9][0-9]*\]"
BULK_VALUE_PATTERN = regex.compile(
    rf"^(?:(?:listing|brief)\.{_FIELD_PATH}(?:{_POSITION})?"
    rf"|variant\.(?:attributes\.[^\s\[\]]+|attribute_(?:name|value){_POSITION}|{_FIELD_PATH})"
    rf"|image\.[a-z0-9_-]+(?:\+[a-z0-9_-]+)*(?:{_POSITION})?"
    r"|row\.(?:kind|sku|product_sku|parent_sku|gtin|gtin_type|price|variation_theme|group))$"
)
BULK_FILE_PLACEHOLDERS = ("platform_id",)


class BulkColumn(StrictModel):
    """One column of a bulk upload file and where its cells come from."""

    name: str = Field(min_length=1, description="Column name in the header row that the platform reads, for example item_sku.")
    label: str | None = Field(default=None, description="Column label for people, written in the label header row, for example Seller SKU.")
    value: str | list[str] | None = Field(
        default=None,
        description="Source of the cells: listing.<field>, brief.<field>, variant.<field>, variant.attributes.<name>, "
        "variant.attribute_name[N], variant.attribute_value[N], image.<role>[N] (roles joined with +), or row.<property>. "
        "A list tries each source in turn and takes the first that is not empty.",
    )
    constant: str | None = Field(default=None, description="A fixed value for every row the column applies to.")
    map: dict[str, str] = Field(
        default_factory=dict,
        description="Table that replaces the value. Keys are exact values or fnmatch patterns (* and ?), tried in order. "
        "When the map is set, a value that matches no key leaves the cell empty.",
    )
    rows: list[BulkRowKind] = Field(
        default_factory=lambda: list(BULK_ROW_KINDS),
        description="Row kinds the column is filled on: single (a SKU without variants), parent, child (a variant).",
    )
    first_row_only: bool = Field(default=False, description="Fill the cell only on the first row of each product.")

    @field_validator("value")
    @classmethod
    def _value_sources_known(cls, value: str | list[str] | None) -> str | list[str] | None:
        sources = [value] if isinstance(value, str) else value or []
        for source in sources:
            if not BULK_VALUE_PATTERN.match(source):
                raise PydanticCustomError(
                    "bulk_value",
                    _("unknown bulk column source \"{source}\""),
                    {
                        "source": source,
                        "hint": _("Write listing.<field>, brief.<field>, variant.<field>, variant.attributes.<name>, image.<role>[N] or row.<property>."),
                    },
                )
        return value

    @model_validator(mode="after")
    def _one_value_kind(self) -> BulkColumn:
        if self.value is not None and self.constant is not None:
            raise PydanticCustomError(
                "bulk_value_and_constant",
                _("column \"{name}\" has both value and constant"),
                {"name": self.name, "hint": _("Keep value to copy data into the column, or constant to write the same text in every row.")},
            )
        return self


class VariationTheme(StrictModel):
    """The platform's name for one combination of variant attributes."""

    attributes: list[str] = Field(min_length=1, description="Variant attribute names as the briefs write them, in any order, for example [colour, size].")
    theme: str = Field(min_length=1, description="The platform's variation theme for exactly these attributes, for example SizeColor.")


class BulkFile(StrictModel):
    """The platform's bulk upload file that render writes into ``build/<platform>/`` for all rendered SKUs."""

    file: str = Field(
        description="File name, in which {platform_id} becomes the spec id. With --shard K/N, .shard-K-of-N is inserted before the extension.",
    )
    format: Literal["tsv", "csv"] = Field(description="tsv is tab-separated text, csv comma-separated values. Cells with a separator, quote or line break are enclosed in double quotes.")
    encoding: Literal["utf-8", "utf-8-sig", "cp1252", "shift_jis"] = Field(default="utf-8", description="Text encoding. utf-8-sig is UTF-8 with a byte order mark.")
    line_ending: Literal["crlf", "lf"] = "crlf"
    preamble: list[list[str]] = Field(default_factory=list, description="Rows written as they are before the header rows, such as a template version row.")
    header: list[Literal["name", "label"]] = Field(
        default_factory=lambda: ["name"],
        min_length=1,
        description="The header rows after the preamble, in order: name writes each column's name, label its label.",
    )
    parent_row: bool = Field(description="Whether a SKU with variants gets a parent row before its variant rows.")
    images: Literal["url", "name"] = Field(default="url", description="Write image cells as URLs under image_base_url, or as upload file names.")
    image_base_url: str | None = Field(
        default=None,
        pattern=r"^https?://\S+$",
        description="URL under which build/<platform>/ is published. An image URL is this base, the SKU folder and the upload name. "
        "Without it, image cells written as URLs stay empty.",
    )
    variation_themes: list[VariationTheme] = Field(default_factory=list, description="Variation themes by attribute set, for row.variation_theme.")
    max_variation_attributes: int | None = Field(default=None, ge=1, description="Maximum number of attributes of one variant on this platform.")
    columns: list[BulkColumn] = Field(min_length=1)
    source: Source | list[Source]

    @field_validator("file")
    @classmethod
    def _file_is_plain_name(cls, file: str) -> str:
        try:
            name = file.format(**{placeholder: "x" for placeholder in BULK_FILE_PLACEHOLDERS})
        except (KeyError, IndexError, ValueError):
            name = ""
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise PydanticCustomError(
                "bulk_file_name",
                _("invalid bulk file name \"{file}\""),
                {"file": file, "hint": _("Write a plain file name without folders, for example {example}.", example="{platform_id}.flatfile.txt")},
            )
        return file


def _check_keys(value: object, allowed: list[str], kind: str) -> object:
    """Reject a mapping key that is not one of ``allowed``, suggesting the closest one."""
    import difflib

    if not isinstance(value, dict):
        return value
    for key in value:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = _("Did you mean \"{suggestion}\"?", suggestion=close[0]) if close else _("Use one of: {expected}.", expected=", ".join(allowed))
            raise PydanticCustomError("unknown_key", _("unknown {kind} \"{key}\"", kind=kind, key=key).replace("{", "{{").replace("}", "}}"), {"hint": hint})
    return value


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

    @field_validator("text", mode="before")
    @classmethod
    def _known_copy_fields(cls, value: object) -> object:
        from linkstar_cli.model.copy import Copy

        return _check_keys(value, sorted(Copy.model_fields), _("copy field"))

    @field_validator("images", mode="before")
    @classmethod
    def _known_roles(cls, value: object) -> object:
        from typing import get_args

        from linkstar_cli.model.assets import AssetRole

        return _check_keys(value, sorted(get_args(AssetRole)), _("asset role"))
    video: VideoRule | None = Field(default=None, description="Rules for product videos; absent where no source gives any.")
    render: RenderPlan
    compliance: list[ChecklistUse] = Field(default_factory=list)
    bulk: BulkFile | None = Field(default=None, description="The bulk upload file that render writes for all rendered SKUs, where the platform has one.")
    notes: str | None = None
