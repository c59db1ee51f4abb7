"""The texts of a copy file as (key path, text) pairs, and whole-word term matching.

Used by the l10n rules to compare copy files and to look for glossary terms.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import regex

from linkstar_cli.model.copy import Copy
from linkstar_cli.repo.yamlio import KeyPath

_WORD_CHAR = r"[\p{L}\p{M}\p{N}]"
# A hyphen or apostrophe between letters joins them into one word ("Baumwoll-T-Shirt"), so a term must not end there.
_BEFORE = rf"(?<!{_WORD_CHAR})(?<!{_WORD_CHAR}['’-])"
_AFTER = rf"(?!{_WORD_CHAR})(?!['’-]{_WORD_CHAR})"
# Chinese, Japanese and Thai have no spaces between words, so a term in them may start or end inside a run.
_NO_SPACE_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")


def normalize(text: str) -> str:
    """Return ``text`` in NFC with each run of whitespace made one space and the ends stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def copy_fields(copy: Copy) -> Iterator[tuple[KeyPath, str]]:
    """Yield every text of ``copy`` with its key path, in the order of the copy model's fields.

    ``attribute_values`` yields one text per translated value, under the path
    (``attribute_values``, attribute, source value).
    """
    if copy.title is not None:
        yield ("title",), copy.title
    for index, bullet in enumerate(copy.bullets):
        yield ("bullets", index), bullet
    if copy.description is not None:
        yield ("description",), copy.description
    if copy.search_terms is not None:
        yield ("search_terms",), copy.search_terms
    for index, module in enumerate(copy.aplus):
        if module.heading is not None:
            yield ("aplus", index, "heading"), module.heading
        yield ("aplus", index, "text"), module.text
    for name, text in copy.overlays.items():
        yield ("overlays", name), text
    for name, text in copy.attribute_names.items():
        yield ("attribute_names", name), text
    for attribute, values in copy.attribute_values.items():
        for source, text in values.items():
            yield ("attribute_values", attribute, source), text


@lru_cache(maxsize=1024)
def _term_pattern(term: str, ignore_case: bool) -> regex.Pattern[str]:
    term = normalize(term).strip()
    body = r"\s+".join(regex.escape(part) for part in term.split())
    before = _BEFORE if _needs_boundary(term[:1]) else ""
    after = _AFTER if _needs_boundary(term[-1:]) else ""
    flags = regex.IGNORECASE | regex.FULLCASE if ignore_case else 0
    return regex.compile(before + body + after, flags)


def _needs_boundary(edge: str) -> bool:
    return bool(edge) and bool(regex.match(_WORD_CHAR, edge)) and not _NO_SPACE_SCRIPT.match(edge)


def contains_term(text: str, term: str, *, ignore_case: bool) -> bool:
    """Return whether ``term`` appears in ``text`` as a whole word or phrase, after NFC.

    Spaces in the term match any run of whitespace. In Chinese, Japanese and Thai
    text the term may also start or end inside a run of letters.
    """
    if not term.strip():
        return False
    return _term_pattern(term, ignore_case).search(normalize(text)) is not None
