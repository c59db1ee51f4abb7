"""Measuring and matching listing text for the text rules.

Every function expects text in NFC (``normalize``), so that an "ä" typed as "a"
plus a combining diaeresis counts and matches as the one character it shows.

Words are maximal runs of letters, combining marks and digits, joined across an
inner apostrophe or hyphen ("don't", "T-Shirt"); spaces and other punctuation
separate them. Chinese and Japanese are written without spaces, and splitting
them into words needs a dictionary, so a run of CJK text between spaces or
punctuation counts as one word: "綿100%Tシャツ メンズ" has the words "綿100",
"Tシャツ" and "メンズ". Listings in these languages separate keywords with
spaces, so a repeated keyword is still found, but a repeat inside one run is not.
"""

from __future__ import annotations

import html.entities
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import regex

Unit = Literal["chars", "bytes", "words"]
InvisibleKind = Literal["line-break", "tab", "control", "bidi", "invisible"]

WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")
LETTERS = regex.compile(r"[\p{L}\p{M}]+")
HAS_LETTER = regex.compile(r"\p{L}")
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
# Scripts written without spaces between words: a phrase in them may start or end inside a run.
NO_SPACE_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
WORD_CHAR = r"[\p{L}\p{M}\p{N}]"
HTML_TAG = regex.compile(r"<!--.*?-->|</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", regex.DOTALL)
# UTS #51: a grapheme cluster shows as emoji when it contains a character with emoji presentation,
# a pictograph followed by the emoji variation selector U+FE0F, or a keycap (U+20E3).
EMOJI = regex.compile(r"\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\u20E3")
GRAPHEME = regex.compile(r"\X")
DIGIT = regex.compile(r"\p{Nd}")
# Named (&amp;), decimal (&#160;) and hexadecimal (&#xA0;) character references. html_entities checks names against HTML5's list.
HTML_ENTITY = regex.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Characters that take no space and show no glyph: Unicode's default-ignorable code points (zero-width
# space and joiners, soft hyphen, bidirectional controls, variation selectors, tags) and the other format
# characters, except the Arabic number signs (prepended concatenation marks), which show.
INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cf}--\p{Prepended_Concatenation_Mark}]", regex.V1)
LINE_BREAKS = frozenset("\n\r\u0085\u2028\u2029")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")  # left-to-right, right-to-left and Arabic letter marks
JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner
# Scripts whose spelling needs the joiners: ZWNJ in Persian and Kurdish words, ZWJ and ZWNJ to pick the
# conjunct or half form of a consonant in the Indic scripts, and the joining scripts related to Arabic.
JOINER_SCRIPTS = regex.compile(
    r"[\p{Arabic}\p{Syriac}\p{Nko}\p{Mongolian}\p{Thaana}\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}"
    r"\p{Oriya}\p{Tamil}\p{Telugu}\p{Kannada}\p{Malayalam}\p{Sinhala}\p{Tibetan}\p{Myanmar}\p{Khmer}]"
)
RIGHT_TO_LEFT = regex.compile(r"[[\p{Bidi_Class=R}\p{Bidi_Class=AL}]&&\p{L}]", regex.V1)  # letters, so not the marks themselves
PICTOGRAPH = regex.compile(r"\p{Extended_Pictographic}")
ZERO_WIDTH_SPACE = "\u200b"


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def measure(text: str, unit: Unit, cjk_multiplier: float | None = None) -> float:
    """Return the length of ``text`` in characters (code points), UTF-8 bytes or words.

    Words are counted with HTML tags removed, because a tag is markup, not a word.
    With ``cjk_multiplier`` each CJK character (Han, Hiragana, Katakana, Hangul,
    Bopomofo) counts that many times instead of once.
    """
    if unit == "bytes":
        return len(text.encode("utf-8"))
    if unit == "words":
        return len(words(HTML_TAG.sub(" ", text)))
    if cjk_multiplier is None:
        return len(text)
    cjk = len(CJK.findall(text))
    return (len(text) - cjk) + cjk * cjk_multiplier


def truncate(text: str, limit: float, unit: Literal["chars", "bytes"], cjk_multiplier: float | None = None) -> str:
    """Return the longest start of ``text`` whose ``measure`` is at most ``limit``, cut only between grapheme clusters.

    A cut never falls inside a cluster, so it keeps every character whole, with its
    combining marks, and every emoji sequence and Thai or Devanagari syllable. Spaces
    left at the end of the cut are removed.
    """
    if measure(text, unit, cjk_multiplier) <= limit:
        return text
    length: float = 0
    end = 0
    for cluster in GRAPHEME.finditer(text):
        length += measure(cluster.group(), unit, cjk_multiplier)
        if length > limit:
            break
        end = cluster.end()
    return text[:end].rstrip()


def format_length(value: float) -> str:
    """Format a length for a message: whole numbers without decimals, weighted lengths with up to two."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0")


def words(text: str) -> list[str]:
    return WORD.findall(text)


def repeated_words(text: str, max_repeats: int, exempt: Iterable[str] = ()) -> list[tuple[str, int]]:
    """Return each word (as first written) that appears more than ``max_repeats`` times, with its count.

    Words are compared after case folding. Words without a letter (numbers such as
    "2" in "2 x 2") and ``exempt`` words are not counted.
    """
    skipped = {normalize(word).casefold() for word in exempt}
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for word in words(text):
        folded = word.casefold()
        if folded in skipped or not HAS_LETTER.search(word):
            continue
        counts[folded] += 1
        first.setdefault(folded, word)
    return [(first[folded], count) for folded, count in counts.items() if count > max_repeats]


@lru_cache(maxsize=512)
def phrase_pattern(phrase: str, ignore_case: bool = True) -> regex.Pattern[str]:
    """Compile ``phrase`` to match as a whole word or phrase, by default without regard to case.

    Spaces in the phrase match any run of whitespace. An edge of the phrase that is
    a letter or digit must not touch another letter or digit in the text, except in
    scripts written without spaces, where a phrase may start or end inside a run.
    """
    phrase = normalize(phrase).strip()
    body = r"\s+".join(regex.escape(part) for part in phrase.split())
    before = f"(?<!{WORD_CHAR})" if _needs_boundary(phrase[:1]) else ""
    after = f"(?!{WORD_CHAR})" if _needs_boundary(phrase[-1:]) else ""
    return regex.compile(before + body + after, regex.IGNORECASE | regex.FULLCASE if ignore_case else 0)


def _needs_boundary(edge: str) -> bool:
    return bool(edge) and bool(regex.match(WORD_CHAR, edge)) and not NO_SPACE_SCRIPT.match(edge)


def find_phrase(phrase: str, text: str, *, ignore_case: bool = True) -> str | None:
    """Return the first occurrence of ``phrase`` in ``text`` as written there, or None."""
    found = phrase_pattern(phrase, ignore_case).search(text)
    return found.group(0) if found else None


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """Compile a forbidden pattern of a spec, which matches without regard to case."""
    return regex.compile(pattern, regex.IGNORECASE)


def find_pattern(pattern: str, text: str) -> str | None:
    found = compile_pattern(pattern).search(text)
    return found.group(0) if found else None


def distinct(items: Iterable[str]) -> list[str]:
    """Return ``items`` without repeats, in order of first appearance."""
    return list(dict.fromkeys(items))


def forbidden_characters(text: str, characters: str) -> list[str]:
    banned = set(normalize(characters))
    return distinct(char for char in text if char in banned)


def restricted_characters(text: str, characters: str) -> list[str]:
    """Return the ``characters`` used outside an identifier or measurement.

    A character counts as part of an identifier or measurement when the nearest
    character before or after it, skipping spaces, is a digit: "Style #4301",
    "<10 lb", "~ 5 kg" and "2*3" pass, "<< Size XXS >>" does not.
    """
    restricted = set(normalize(characters))
    found = []
    for position, char in enumerate(text):
        if char not in restricted:
            continue
        before = text[:position].rstrip()[-1:]
        after = text[position + 1:].lstrip()[:1]
        if not (DIGIT.match(before) or DIGIT.match(after)):
            found.append(char)
    return distinct(found)


def code_points(text: str) -> str:
    """Write the code points of ``text`` as "U+FF86", several separated by spaces, so a message shows them on any console."""
    return " ".join(f"U+{ord(char):04X}" for char in text)


def char_name(char: str) -> str:
    """Return the Unicode name of ``char`` ("ZERO WIDTH SPACE"), or its code point when it has none."""
    return unicodedata.name(char, "") or code_points(char)


def html_entities(text: str) -> list[str]:
    """Return each HTML character reference in ``text`` as written ("&amp;", "&#160;"), once, leaving out unknown names."""
    found = (match.group(0) for match in HTML_ENTITY.finditer(text))
    return distinct(entity for entity in found if entity.startswith("&#") or entity[1:] in html.entities.html5)


def html_tags(text: str) -> list[tuple[str, str]]:
    """Return each HTML tag or comment as (lower-case tag name, text as written). A comment is named "!--"."""
    return [((found.group(1) or "!--").lower(), found.group(0)) for found in HTML_TAG.finditer(text)]


def emoji(text: str) -> list[str]:
    return distinct(cluster for cluster in GRAPHEME.findall(text) if EMOJI.search(cluster))


def capitalised_words(text: str, min_letters: int = 4) -> list[str]:
    """Return the words of at least ``min_letters`` letters that have no lower-case letter.

    Letters are split at anything that is not a letter, so "T-SHIRT" yields "SHIRT"
    and "USB-C" yields nothing. Scripts without case (CJK, Arabic) never match.
    """
    found = []
    for word in LETTERS.findall(text):
        uppercase = len(regex.findall(r"\p{Lu}", word))
        if uppercase >= min_letters and not regex.search(r"[\p{Ll}\p{Lt}]", word):
            found.append(word)
    return distinct(found)


@dataclass(frozen=True)
class Invisible:
    """A character that does not show as itself: a line break, a tab, a control, a bidirectional control or an invisible format character."""

    char: str
    kind: InvisibleKind


def invisible_characters(text: str, *, multiline: bool) -> list[Invisible]:
    """Return the characters of ``text`` that do not show, each once, in order.

    Line breaks count only when ``multiline`` is false. Zero-width joiners and
    non-joiners pass next to a letter of a script that needs them and inside an
    emoji sequence (so do variation selectors and tags there), and direction
    marks pass in text with right-to-left letters.
    """
    found: list[Invisible] = []
    right_to_left = RIGHT_TO_LEFT.search(text) is not None
    position = 0
    for cluster in GRAPHEME.findall(text):
        emoji_sequence = PICTOGRAPH.search(cluster) is not None
        for offset, char in enumerate(cluster):
            kind = _invisible_kind(char, multiline=multiline, right_to_left=right_to_left, emoji_sequence=emoji_sequence)
            if kind == "invisible" and char in JOINERS and _joins_script(text, position + offset):
                kind = None
            if kind is not None:
                found.append(Invisible(char, kind))
        position += len(cluster)
    return list(dict.fromkeys(found))


def _invisible_kind(char: str, *, multiline: bool, right_to_left: bool, emoji_sequence: bool) -> InvisibleKind | None:
    if char in LINE_BREAKS:
        return None if multiline else "line-break"
    if char == "\t":
        return "tab"
    if unicodedata.category(char) == "Cc":
        return "control"
    if char in BIDI_CONTROLS:
        return "bidi"
    if not INVISIBLE.match(char) or emoji_sequence or (char in DIRECTION_MARKS and right_to_left):
        return None
    return "invisible"


def _joins_script(text: str, position: int) -> bool:
    """Tell whether the joiner at ``position`` is next to a letter of a script that uses joiners."""
    before = text[position - 1] if position > 0 else ""
    after = text[position + 1] if position + 1 < len(text) else ""
    return any(JOINER_SCRIPTS.match(char) for char in (before, after) if char)


def without_invisible(text: str) -> str:
    """Return ``text`` without its invisible format characters, as it shows."""
    return INVISIBLE.sub("", text)


def visible_readings(text: str) -> list[str]:
    """Return the ways ``text`` reads once its invisible characters are gone, for matching banned words.

    A zero-width space may hide a space ("free\u200bshipping" shows as one word
    but was typed as two) or break a word ("fr\u200bee"), so the text is read
    both with zero-width spaces removed and with them as spaces.
    """
    joined = without_invisible(text)
    spaced = without_invisible(text.replace(ZERO_WIDTH_SPACE, " "))
    return distinct([joined, spaced])
