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

import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import regex

Unit = Literal["chars", "bytes", "words"]

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
def phrase_pattern(phrase: str) -> regex.Pattern[str]:
    """Compile ``phrase`` to match as a whole word or phrase, without regard to case.

    Spaces in the phrase match any run of whitespace. An edge of the phrase that is
    a letter or digit must not touch another letter or digit in the text, except in
    scripts written without spaces, where a phrase may start or end inside a run.
    """
    phrase = normalize(phrase).strip()
    body = r"\s+".join(regex.escape(part) for part in phrase.split())
    before = f"(?<!{WORD_CHAR})" if _needs_boundary(phrase[:1]) else ""
    after = f"(?!{WORD_CHAR})" if _needs_boundary(phrase[-1:]) else ""
    return regex.compile(before + body + after, regex.IGNORECASE | regex.FULLCASE)


def _needs_boundary(edge: str) -> bool:
    return bool(edge) and bool(regex.match(WORD_CHAR, edge)) and not NO_SPACE_SCRIPT.match(edge)


def find_phrase(phrase: str, text: str) -> str | None:
    """Return the first occurrence of ``phrase`` in ``text`` as written there, or None."""
    found = phrase_pattern(phrase).search(text)
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
