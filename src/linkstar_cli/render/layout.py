"""The overlay layout format (``templates/layouts/<id>.yaml``) and its loader.

A layout is independent of the canvas size: every box is given as fractions of
the canvas width (x, w) and height (y, h), and font sizes as fractions of the
canvas height. Elements are drawn in list order, so later ones paint over
earlier ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from linkstar_cli.errors import ErrorList, InputError, LinkstarError
from linkstar_cli.i18n import _
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.types import Fraction
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.yamlio import load_yaml

BRAND_COLOUR_NAMES = ("primary", "accent", "text", "background")
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_COPY_FIELD = re.compile(r"^(title|overlays\.[A-Za-z0-9_-]+)$")
# A box written as x: 0.59, w: 0.41 can sum to slightly more than 1 in floating point, which is still inside.
_EDGE_TOLERANCE = 1e-6


def _check_colour_ref(value: str) -> str:
    if value in BRAND_COLOUR_NAMES:
        return value
    if _HEX_COLOUR.match(value):
        return value.upper()
    raise PydanticCustomError(
        "colour_ref",
        _("\"{value}\" is not a brand colour name or a #RRGGBB colour", value=value).replace("{", "{{").replace("}", "}}"),
        {"hint": _("Use one of {names}, or a colour such as \"#1A4D8F\" in quotes.", names=", ".join(BRAND_COLOUR_NAMES))},
    )


def _check_copy_field(value: str) -> str:
    if not _COPY_FIELD.match(value):
        raise PydanticCustomError(
            "copy_field",
            _("\"{value}\" is not a copy field that a layout can use", value=value).replace("{", "{{").replace("}", "}}"),
            {"hint": _("Use title or overlays.<name>, for example overlays.headline.")},
        )
    return value


ColourRef = Annotated[str, AfterValidator(_check_colour_ref)]
CopyField = Annotated[str, AfterValidator(_check_copy_field)]


class Box(StrictModel):
    """A rectangle as fractions of the canvas: x and w of its width, y and h of its height."""

    x: Fraction
    y: Fraction
    w: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
    h: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]

    @model_validator(mode="after")
    def _inside_canvas(self) -> Box:
        if self.x + self.w > 1 + _EDGE_TOLERANCE or self.y + self.h > 1 + _EDGE_TOLERANCE:
            raise PydanticCustomError(
                "box_outside",
                _("the box reaches outside the canvas (x + w and y + h must be at most 1)"),
                {"hint": _("Reduce w or x, or h or y, so that the box ends inside the canvas.")},
            )
        return self

    def pixels(self, size: tuple[int, int]) -> tuple[int, int, int, int]:
        """Return the box on a canvas of ``size`` as (left, top, right, bottom) pixels."""
        width, height = size
        left = round(self.x * width)
        top = round(self.y * height)
        right = min(width, round((self.x + self.w) * width))
        bottom = min(height, round((self.y + self.h) * height))
        return left, top, right, bottom

    def mirrored(self) -> Box:
        """Return the box reflected across the vertical centre line of the canvas."""
        return self.model_copy(update={"x": max(0.0, 1 - self.x - self.w)})

    def describe(self) -> str:
        return f"x={self.x:g} y={self.y:g} w={self.w:g} h={self.h:g}"


class RectElement(StrictModel):
    """A filled rectangle."""

    box: Box
    colour: ColourRef


class PhotoElement(StrictModel):
    """The product photo, scaled to fit inside the box (contain) and centred in it."""

    box: Box


class TextElement(StrictModel):
    """A text box bound to a copy field. The text wraps and shrinks until it fits the box."""

    field: CopyField = Field(description="Copy field to draw: title or overlays.<name>.")
    box: Box
    max_size: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = Field(description="Largest font size, as a fraction of the canvas height.")
    min_size: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = Field(description="Smallest font size, as a fraction of the canvas height.")
    colour: ColourRef = "text"
    align: Literal["start", "center", "end"] = Field(default="start", description="start is the left edge for left-to-right locales and the right edge for right-to-left ones.")
    valign: Literal["top", "middle", "bottom"] = "top"
    max_lines: int = Field(default=2, ge=1)
    line_spacing: Annotated[float, Field(ge=0.8, le=3, allow_inf_nan=False)] = Field(default=1.0, description="Line pitch as a multiple of the font's ascent plus descent.")
    required: bool = Field(default=True, description="Whether a missing or empty text is an error. An optional text box is left empty.")

    @model_validator(mode="after")
    def _size_order(self) -> TextElement:
        if self.min_size > self.max_size:
            raise PydanticCustomError(
                "size_order",
                _("min_size {min} is larger than max_size {max}", min=self.min_size, max=self.max_size),
                {"hint": _("Make min_size at most max_size.")},
            )
        return self


Element = RectElement | PhotoElement | TextElement
_ELEMENT_KINDS = ("rect", "photo", "text")


class ElementEntry(StrictModel):
    """One item of ``elements``: a mapping with exactly one key, the element kind.

    Keying by kind, rather than a ``kind:`` field inside one mapping, keeps every
    validation error at the line and field path that the user wrote.
    """

    rect: RectElement | None = None
    photo: PhotoElement | None = None
    text: TextElement | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> ElementEntry:
        kinds_present = [kind for kind in _ELEMENT_KINDS if getattr(self, kind) is not None]
        if len(kinds_present) != 1:
            raise PydanticCustomError(
                "element_kind",
                _("an element needs exactly one of {kinds}, got {count}", kinds=", ".join(_ELEMENT_KINDS), count=len(kinds_present)),
                {"hint": _("Write each element as a list item starting with \"- rect:\", \"- photo:\" or \"- text:\".")},
            )
        return self

    @property
    def element(self) -> Element:
        for element in (self.rect, self.photo, self.text):
            if element is not None:
                return element
        raise ValueError("element entry without a kind")  # unreachable: _one_kind rejects it


class Layout(StrictModel):
    """An overlay layout: a background colour and the elements drawn on it, in order."""

    id: str | None = Field(default=None, description="Filled in from the file name by load_layout.")
    description: str | None = None
    background: ColourRef = "background"
    mirror_rtl: bool = Field(default=False, description="Whether right-to-left locales get the layout mirrored left to right.")
    elements: list[ElementEntry] = Field(min_length=1, description="Elements in drawing order, each a mapping with one key: rect, photo or text.")

    @property
    def name(self) -> str:
        """The layout id for messages, or "unnamed" for a layout built in code."""
        return self.id or "unnamed"

    def drawing_order(self, *, rtl: bool = False) -> list[Element]:
        """Return the elements in drawing order, mirrored left to right when ``rtl`` and ``mirror_rtl`` are both set."""
        elements = [entry.element for entry in self.elements]
        if rtl and self.mirror_rtl:
            elements = [element.model_copy(update={"box": element.box.mirrored()}) for element in elements]
        return elements

    def text_elements(self) -> list[TextElement]:
        return [element for element in self.drawing_order() if isinstance(element, TextElement)]

    def fields(self) -> list[str]:
        """List the copy fields that the layout draws, in drawing order, without repeats."""
        return list(dict.fromkeys(element.field for element in self.text_elements()))


def load_layout(layout_id: str, search_dirs: list[Path], *, root: Path | None = None) -> Layout:
    """Load layout ``layout_id`` from the first folder of ``search_dirs`` that has ``<id>.yaml``.

    Pass the content repo's ``templates/layouts`` before the built-in one, so a
    local layout overrides the built-in layout of the same id. Messages name the
    file relative to ``root`` when it lies inside it.
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", layout_id):
        raise InputError(
            _("\"{layout}\" is not a valid layout id", layout=layout_id),
            hint=_("A layout id is a file name without .yaml, made of letters, digits, \"-\" and \"_\"."),
        )
    for folder in search_dirs:
        path = folder / f"{layout_id}.yaml"
        if path.is_file():
            layout = validate_document(load_yaml(path, _display(path, root)), Layout)
            return layout.model_copy(update={"id": layout_id})
    raise InputError(
        _("layout \"{layout}\" not found", layout=layout_id),
        hint=_("Create templates/layouts/{layout}.yaml, or use one of the built-in layouts.", layout=layout_id),
    )


def _display(path: Path, root: Path | None) -> str:
    if root is not None and path.resolve().is_relative_to(root.resolve()):
        return path.resolve().relative_to(root.resolve()).as_posix()
    return path.as_posix()


def texts_from_copy(layout: Layout, copy: Copy) -> dict[str, str]:
    """Collect the texts of ``copy`` for the fields that ``layout`` uses, leaving out fields the copy lacks."""
    texts: dict[str, str] = {}
    for field in layout.fields():
        value = copy.title if field == "title" else copy.overlays.get(field.removeprefix("overlays."))
        if value is not None:
            texts[field] = value
    return texts


def check_texts(layout: Layout, texts: Mapping[str, str], *, sku: str, locale: str) -> None:
    """Raise InputError (ErrorList for several) naming each required field of ``layout`` that ``texts`` lacks or leaves empty."""
    copy_file = f"skus/{sku}/copy/{locale}.yaml"
    problems: list[LinkstarError] = []
    for element in layout.text_elements():
        if element.required and not texts.get(element.field, "").strip() and element.field not in (problem.field for problem in problems):
            problems.append(
                InputError(
                    _("SKU {sku} ({locale}): copy field {field} is missing, and layout {layout} needs it", sku=sku, locale=locale, field=element.field, layout=layout.name),
                    path=copy_file,
                    field=element.field,
                    hint=_("Add {field} to {file}.", field=element.field, file=copy_file),
                )
            )
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ErrorList(problems)
