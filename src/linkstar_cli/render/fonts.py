"""Choosing a brand font for an overlay text by glyph coverage, and loading it for Pillow."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import regex
from fontTools.ttLib import TTFont, TTLibError
from PIL import ImageFont, features

from linkstar_cli.errors import InputError, RenderError
from linkstar_cli.i18n import _

# Scripts whose letters change shape with their neighbours or reorder, so drawing
# them without a shaping engine (raqm) gives wrong text rather than merely plain text.
_NEEDS_SHAPING = regex.compile(
    r"[\p{Arabic}\p{Hebrew}\p{Syriac}\p{Thaana}\p{Nko}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
    r"\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}]"
)
_MAX_LISTED_CHARACTERS = 10


def is_ignorable(character: str) -> bool:
    """Tell whether a font may lack ``character``: spaces, format characters (ZWJ, ZWNJ, direction marks) and variation selectors."""
    if character.isspace():
        return True
    if unicodedata.category(character) == "Cf":
        return True
    code = ord(character)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180F


def needs_shaping(text: str) -> bool:
    """Tell whether ``text`` contains a script that cannot be drawn correctly without raqm."""
    return _NEEDS_SHAPING.search(text) is not None


def has_raqm() -> bool:
    return bool(features.check("raqm"))


# NOTE: a font collection (.ttc) is read through its first face, here and in load_font,
# because brand.yaml has no field that selects another face.
@lru_cache(maxsize=64)
def font_cmap(path: Path) -> frozenset[int]:
    """Return the code points that the font at ``path`` maps to a glyph (the first face of a collection)."""
    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError, AssertionError, KeyError) as error:
        raise InputError(
            _("font file {file} cannot be read: {error}", file=path.as_posix(), error=error),
            path=path,
            hint=_("Replace the file with a valid TrueType or OpenType font, or remove it from brand/brand.yaml."),
        ) from None


@lru_cache(maxsize=512)
def load_font(path: Path, size: int, *, raqm: bool) -> ImageFont.FreeTypeFont:
    """Load the font at ``path`` in ``size`` pixels with the raqm or the basic layout engine, cached per path, size and engine."""
    engine = ImageFont.Layout.RAQM if raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), size, index=0, layout_engine=engine)


def _describe_characters(characters: Sequence[str]) -> str:
    listed = ", ".join(f"\"{character}\" (U+{ord(character):04X})" for character in characters[:_MAX_LISTED_CHARACTERS])
    if len(characters) > _MAX_LISTED_CHARACTERS:
        listed += " " + _("and {count} more", count=len(characters) - _MAX_LISTED_CHARACTERS)
    return listed


def _missing(text: str, cmap: frozenset[int]) -> list[str]:
    """List the characters of ``text`` that ``cmap`` lacks, in text order, each once."""
    needed = dict.fromkeys(character for character in text if not is_ignorable(character))
    return [character for character in needed if ord(character) not in cmap]


def choose_font(text: str, fonts: Sequence[tuple[str, Path]], *, sku: str, locale: str, field: str) -> tuple[str, Path]:
    """Return the first font, in brand order, whose cmap covers every character of ``text``.

    Raises RenderError when the brand has no fonts or when some character is in
    no font at all. It also raises when every character is in some font but no
    single font has them all, because a text is drawn with one font.
    """
    copy_file = f"skus/{sku}/copy/{locale}.yaml"
    if not fonts:
        raise RenderError(
            _("SKU {sku} ({locale}): the brand has no fonts to draw {field}", sku=sku, locale=locale, field=field),
            path=copy_file,
            field=field,
            hint=_("Add fonts that cover the text to brand/brand.yaml (fonts:)."),
        )

    gaps = [(font_id, path, _missing(text, font_cmap(path))) for font_id, path in fonts]
    for font_id, path, missing in gaps:
        if not missing:
            return font_id, path

    in_no_font = [character for character in gaps[0][2] if all(character in missing for _id, _path, missing in gaps)]
    if in_no_font:
        characters = _describe_characters(in_no_font)
        raise RenderError(
            _("SKU {sku} ({locale}): no brand font has {characters}, needed by {field}", sku=sku, locale=locale, characters=characters, field=field),
            path=copy_file,
            field=field,
            hint=_("Add a font that covers {characters} to brand/brand.yaml (fonts:), or remove those characters from the text.", characters=characters),
        )
    # min() keeps the first of equally good fonts, so brand order breaks ties.
    closest_id, _closest_path, closest_missing = min(gaps, key=lambda gap: len(gap[2]))
    characters = _describe_characters(closest_missing)
    raise RenderError(
        _(
            "SKU {sku} ({locale}): no single brand font covers all of {field}; the closest, {font}, lacks {characters}",
            sku=sku,
            locale=locale,
            field=field,
            font=closest_id,
            characters=characters,
        ),
        path=copy_file,
        field=field,
        hint=_("Add a font that covers every character of the text to brand/brand.yaml (fonts:), or write the text in one script."),
    )


def require_shaping_engine(text: str, *, sku: str, locale: str, field: str) -> bool:
    """Return whether raqm is available, raising RenderError when it is not and ``text`` needs shaping."""
    if has_raqm():
        return True
    if needs_shaping(text):
        raise RenderError(
            _(
                "SKU {sku} ({locale}): {field} needs text shaping (Arabic, Hebrew, Thai, Indic scripts), but Pillow was built without libraqm",
                sku=sku,
                locale=locale,
                field=field,
            ),
            field=field,
            hint=_("Install a Pillow wheel from PyPI, which includes libraqm, or install libraqm and rebuild Pillow."),
        )
    return False
