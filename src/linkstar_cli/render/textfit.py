"""Wrapping overlay text into lines and finding the largest font size at which it fits a box.

Lines break at spaces. Chinese and Japanese may also break between any two
characters, except before closing punctuation (and small kana) or after opening
punctuation. Thai, Lao, Khmer and Myanmar write no spaces between words. Such
text first tries every font size with breaks at spaces only. When no size fits,
it may also break between grapheme clusters (``regex`` ``\\X``), never inside
one. Widths are measured on whole lines so that shaping (Arabic joining,
kerning, ligatures) is part of every measurement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import regex
from PIL import ImageFont

from linkstar_cli.render.fonts import load_font

_CLUSTER = regex.compile(r"\X")
_BREAKING_SPACES = frozenset(" \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u200b\u205f\u3000")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Bopomofo}\u3000-\u303f\uff00-\uffef]")
_NO_SPACE_SCRIPT = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
# A line may not start with these (closing punctuation, small kana, prolonged sound
# mark, iteration marks, Thai repetition and abbreviation marks).
_NO_BREAK_BEFORE = frozenset(
    ",.:;!?)]}%”’…‥、。，．・：；？！）］｝」』】〕〉》〗〙〛｠〞"
    "ーゝゞヽヾ々〻ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "ๆฯ"
)
# A line may not end with these (opening punctuation, Thai and Lao vowels written before their consonant).
_NO_BREAK_AFTER = frozenset("([{“‘（［｛「『【〔〈《〖〘〚｟〝" "เแโใไ" "ເແໂໃໄ")


@dataclass(frozen=True)
class Shaping:
    """Text layout settings passed to Pillow with every measurement and every draw."""

    raqm: bool
    direction: str | None = None
    language: str | None = None

    def options(self) -> dict[str, str]:
        """Return the keyword arguments for ``getlength`` and ``ImageDraw.text``, an empty dict for the basic engine."""
        if not self.raqm:
            return {}
        options: dict[str, str] = {}
        if self.direction:
            options["direction"] = self.direction
        if self.language:
            options["language"] = self.language
        return options


@dataclass(frozen=True)
class FittedText:
    """Text wrapped at the largest font size that fits its box."""

    size: int
    lines: tuple[str, ...]
    font: ImageFont.FreeTypeFont
    ascent: int
    descent: int
    pitch: int

    @property
    def height(self) -> int:
        """Height of the text block, from the first line's ascent to the last line's descent."""
        return (len(self.lines) - 1) * self.pitch + self.ascent + self.descent


def _is_space(cluster: str) -> bool:
    return all(character in _BREAKING_SPACES for character in cluster)


def split_clusters(text: str) -> list[str]:
    return _CLUSTER.findall(text)


def break_opportunities(clusters: Sequence[str], *, cluster_breaks: bool) -> list[bool]:
    """Return, for each index i, whether a line may start at cluster i (index 0 is always False)."""
    breaks = [False] * len(clusters)
    for index in range(1, len(clusters)):
        breaks[index] = _may_break_between(clusters[index - 1], clusters[index], cluster_breaks=cluster_breaks)
    return breaks


def _may_break_between(before: str, after: str, *, cluster_breaks: bool) -> bool:
    if _is_space(after) or after[0] in _NO_BREAK_BEFORE:
        return False
    if _is_space(before):
        return True
    if before[0] in _NO_BREAK_AFTER:
        return False
    if _CJK.match(before) or _CJK.match(after):
        return True
    return cluster_breaks and bool(_NO_SPACE_SCRIPT.match(before) or _NO_SPACE_SCRIPT.match(after))


def _line_text(clusters: Sequence[str], start: int, end: int) -> str:
    """Join clusters ``start`` to ``end``, leaving out the spaces at the break (``start`` is never a space)."""
    while end > start and _is_space(clusters[end - 1]):
        end -= 1
    return "".join(clusters[start:end])


def _skip_spaces(clusters: Sequence[str], index: int) -> int:
    while index < len(clusters) and _is_space(clusters[index]):
        index += 1
    return index


def wrap_paragraph(paragraph: str, fits: Callable[[str], bool], *, cluster_breaks: bool, max_lines: int) -> list[str] | None:
    """Break ``paragraph`` greedily into lines for which ``fits`` holds.

    Returns None when a piece between two break opportunities is wider than a line
    or when more than ``max_lines`` lines are needed.
    """
    clusters = split_clusters(paragraph)
    breaks = break_opportunities(clusters, cluster_breaks=cluster_breaks)
    ends = [index for index in range(1, len(clusters)) if breaks[index]] + [len(clusters)]
    lines: list[str] = []
    start = _skip_spaces(clusters, 0)
    if start == len(clusters):
        return [""] if max_lines >= 1 else None

    while start < len(clusters):
        if len(lines) == max_lines:
            return None
        best: int | None = None
        # A longer line is wider (shaping and kerning change widths only slightly), so the first candidate that fails ends the search.
        for end in ends:
            if end <= start:
                continue
            if not fits(_line_text(clusters, start, end)):
                break
            best = end
        if best is None:
            return None
        lines.append(_line_text(clusters, start, best))
        start = _skip_spaces(clusters, best)
    return lines


def wrap_text(text: str, fits: Callable[[str], bool], *, cluster_breaks: bool, max_lines: int) -> list[str] | None:
    """Wrap each line of ``text`` (explicit line breaks are kept) within ``max_lines`` lines in total."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        wrapped = wrap_paragraph(paragraph, fits, cluster_breaks=cluster_breaks, max_lines=max_lines - len(lines))
        if wrapped is None:
            return None
        lines.extend(wrapped)
    return lines


def has_no_space_script(text: str) -> bool:
    return _NO_SPACE_SCRIPT.search(text) is not None


def fit_text(
    text: str,
    font_path: Path,
    box_size: tuple[int, int],
    sizes: range,
    *,
    max_lines: int,
    line_spacing: float,
    shaping: Shaping,
) -> FittedText | None:
    """Find the first size in ``sizes`` (largest first) at which ``text`` wraps into the box, or None when none does."""
    width, height = box_size
    passes = (False, True) if has_no_space_script(text) else (False,)
    for cluster_breaks in passes:
        for size in sizes:
            fitted = _fit_at(text, font_path, size, width, height, max_lines=max_lines, line_spacing=line_spacing, shaping=shaping, cluster_breaks=cluster_breaks)
            if fitted is not None:
                return fitted
    return None


def _fit_at(
    text: str,
    font_path: Path,
    size: int,
    width: int,
    height: int,
    *,
    max_lines: int,
    line_spacing: float,
    shaping: Shaping,
    cluster_breaks: bool,
) -> FittedText | None:
    font = load_font(font_path, size, raqm=shaping.raqm)
    ascent, descent = font.getmetrics()
    pitch = max(1, round((ascent + descent) * line_spacing))
    if ascent + descent > height:
        return None
    lines_by_height = 1 + (height - ascent - descent) // pitch
    options = shaping.options()

    def fits(line: str) -> bool:
        return font.getlength(line, **options) <= width

    lines = wrap_text(text, fits, cluster_breaks=cluster_breaks, max_lines=min(max_lines, lines_by_height))
    if lines is None:
        return None
    return FittedText(size=size, lines=tuple(lines), font=font, ascent=ascent, descent=descent, pitch=pitch)
