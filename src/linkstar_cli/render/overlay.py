"""Drawing an overlay layout (infographic) on a canvas: rectangles, the product photo and fitted text."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw

from linkstar_cli.errors import RenderError
from linkstar_cli.i18n import _
from linkstar_cli.model.brand import BrandColours
from linkstar_cli.render.fonts import choose_font, require_shaping_engine
from linkstar_cli.render.layout import Box, Layout, PhotoElement, RectElement, TextElement, check_texts
from linkstar_cli.render.textfit import FittedText, Shaping, fit_text

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})
RGB = tuple[int, int, int]


def locale_language(locale: str) -> str:
    """Return the language subtag of a BCP 47 locale (``ar`` for ``ar-SA``)."""
    return locale.split("-")[0].split("_")[0].lower()


def is_rtl(locale: str) -> bool:
    return locale_language(locale) in RTL_LANGUAGES


def resolve_colour(reference: str, colours: BrandColours) -> RGB:
    """Turn a layout colour (a brand colour name or ``#RRGGBB``) into an RGB triple."""
    value = getattr(colours, reference) if not reference.startswith("#") else reference
    red, green, blue = ImageColor.getrgb(value)[:3]
    return red, green, blue


def render_overlay(
    layout: Layout,
    size: tuple[int, int],
    photo: Image.Image | None,
    texts: Mapping[str, str],
    fonts: Sequence[tuple[str, Path]],
    colours: BrandColours,
    *,
    sku: str,
    locale: str,
) -> Image.Image:
    """Draw ``layout`` on an RGB canvas of exactly ``size`` pixels.

    ``texts`` maps the layout's copy fields (``overlays.headline``) to their text,
    ``fonts`` is the brand's font list in order as (id, absolute path), and
    ``photo`` is upright sRGB, RGB or RGBA. Raises InputError when a required text
    is missing and RenderError when a text has no font or does not fit its box.
    """
    width, height = size
    if width < 1 or height < 1:
        raise RenderError(
            _("invalid canvas size {width}×{height} for SKU {sku} ({locale})", width=width, height=height, sku=sku, locale=locale),
            hint=_("Set the image size in the platform spec to a width and a height of at least 1 pixel."),
        )
    check_texts(layout, texts, sku=sku, locale=locale)

    canvas = Image.new("RGB", size, resolve_colour(layout.background, colours))
    draw = ImageDraw.Draw(canvas)
    for element in layout.drawing_order(rtl=is_rtl(locale)):
        if isinstance(element, RectElement):
            left, top, right, bottom = element.box.pixels(size)
            if right > left and bottom > top:
                draw.rectangle((left, top, right - 1, bottom - 1), fill=resolve_colour(element.colour, colours))
        elif isinstance(element, PhotoElement):
            if photo is not None:
                _paste_photo(canvas, photo, element.box)
        else:
            text = _normalize(texts.get(element.field, ""))
            if text:
                _draw_text(draw, element, text, size, fonts, colours, layout_id=layout.name, sku=sku, locale=locale)
    return canvas


def _normalize(text: str) -> str:
    # NFC is canonically equivalent, and composed letters need fewer cmap entries (ü, not u + U+0308).
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def contain_size(source: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """Scale ``source`` to the largest size that fits inside ``box`` with the same aspect ratio."""
    scale = min(box[0] / source[0], box[1] / source[1])
    return (
        min(box[0], max(1, round(source[0] * scale))),
        min(box[1], max(1, round(source[1] * scale))),
    )


def _paste_photo(canvas: Image.Image, photo: Image.Image, box: Box) -> None:
    left, top, right, bottom = box.pixels(canvas.size)
    box_width, box_height = right - left, bottom - top
    if box_width < 1 or box_height < 1 or photo.width < 1 or photo.height < 1:
        return
    target = contain_size(photo.size, (box_width, box_height))
    position = (left + (box_width - target[0]) // 2, top + (box_height - target[1]) // 2)
    if "A" in photo.getbands() or photo.mode == "P" and "transparency" in photo.info:
        # Resampling premultiplied alpha keeps transparent pixels from bleeding their colour into the edges.
        scaled = photo.convert("RGBA").convert("RGBa").resize(target, Image.Resampling.LANCZOS).convert("RGBA")
        canvas.paste(scaled.convert("RGB"), position, scaled.getchannel("A"))
    else:
        canvas.paste(photo.convert("RGB").resize(target, Image.Resampling.LANCZOS), position)


def _shaping(raqm: bool, locale: str) -> Shaping:
    return Shaping(raqm=raqm, direction="rtl" if is_rtl(locale) else None, language=locale_language(locale))


def _draw_text(
    draw: ImageDraw.ImageDraw,
    element: TextElement,
    text: str,
    size: tuple[int, int],
    fonts: Sequence[tuple[str, Path]],
    colours: BrandColours,
    *,
    layout_id: str,
    sku: str,
    locale: str,
) -> None:
    fitted, shaping = fit_element(element, text, size, fonts, layout_id=layout_id, sku=sku, locale=locale)
    box = element.box.pixels(size)
    _draw_lines(draw, fitted, element, box, resolve_colour(element.colour, colours), shaping, rtl=is_rtl(locale))


def fit_element(
    element: TextElement,
    text: str,
    size: tuple[int, int],
    fonts: Sequence[tuple[str, Path]],
    *,
    layout_id: str,
    sku: str,
    locale: str,
) -> tuple[FittedText, Shaping]:
    """Choose the font for ``text`` and wrap it at the largest size that fits the element's box on a ``size`` canvas.

    Raises RenderError when no font covers the text, when the text needs raqm and
    Pillow lacks it, or when the text does not fit even at the minimum size.
    """
    left, top, right, bottom = element.box.pixels(size)
    _font_id, font_path = choose_font(text, fonts, sku=sku, locale=locale, field=element.field)
    raqm = require_shaping_engine(text, sku=sku, locale=locale, field=element.field)
    shaping = _shaping(raqm, locale)

    max_px, min_px = font_size_range(element, size[1])
    fitted = fit_text(
        text,
        font_path,
        (right - left, bottom - top),
        range(max_px, min_px - 1, -1),
        max_lines=element.max_lines,
        line_spacing=element.line_spacing,
        shaping=shaping,
    )
    if fitted is None:
        raise _does_not_fit(element, (right - left, bottom - top), min_px, layout_id=layout_id, sku=sku, locale=locale)
    return fitted, shaping


def font_size_range(element: TextElement, canvas_height: int) -> tuple[int, int]:
    """Return the element's (max, min) font size in pixels on a canvas ``canvas_height`` pixels high."""
    max_px = max(1, round(element.max_size * canvas_height))
    min_px = min(max_px, max(1, round(element.min_size * canvas_height)))
    return max_px, min_px


def _does_not_fit(element: TextElement, box_size: tuple[int, int], min_px: int, *, layout_id: str, sku: str, locale: str) -> RenderError:
    copy_file = f"skus/{sku}/copy/{locale}.yaml"
    return RenderError(
        _(
            "SKU {sku} ({locale}): {field} does not fit its box ({box}, {width}×{height} px, max_lines {lines}), even at the minimum font size of {size} px",
            sku=sku,
            locale=locale,
            field=element.field,
            box=element.box.describe(),
            width=box_size[0],
            height=box_size[1],
            lines=element.max_lines,
            size=min_px,
        ),
        path=copy_file,
        field=element.field,
        hint=_("Shorten the text of {field} in {file}, or give its box in layout {layout} more room.", field=element.field, file=copy_file, layout=layout_id),
    )


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    fitted: FittedText,
    element: TextElement,
    box: tuple[int, int, int, int],
    colour: RGB,
    shaping: Shaping,
    *,
    rtl: bool,
) -> None:
    left, top, right, bottom = box
    free = bottom - top - fitted.height
    offset = {"top": 0, "middle": free // 2, "bottom": free}[element.valign]
    # "start" and "end" follow the reading direction of the locale.
    side = {"start": "right" if rtl else "left", "end": "left" if rtl else "right", "center": "center"}[element.align]
    options = shaping.options()

    for index, line in enumerate(fitted.lines):
        if not line:
            continue
        line_width = fitted.font.getlength(line, **options)
        if side == "left":
            x = left
        elif side == "right":
            x = round(right - line_width)
        else:
            x = round(left + (right - left - line_width) / 2)
        baseline = top + offset + fitted.ascent + index * fitted.pitch
        draw.text((x, baseline), line, fill=colour, font=fitted.font, anchor="ls", **options)
