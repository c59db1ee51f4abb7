"""The translatable fields of a SKU, the hash of a source text, and which translations are missing or stale.

A field is named by its key path in the copy model, written as ``bullets[2]`` or
``overlays.headline`` (``format_field_path``). Its source text is the source
locale's copy, except for variant attributes: an attribute name or value that
the source copy does not spell out is translated from the brief's own words.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from linkstar_cli.lint.copytext import copy_fields, normalize
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.yamlio import KeyPath

HASH_LENGTH = 12
_ATTRIBUTE_FIELDS = ("attribute_names", "attribute_values")
_ID_SAFE = re.compile(r"[A-Za-z0-9_-]")


def source_hash(text: str) -> str:
    """Hash a source text for the translation record: 12 hex digits of SHA-256 of the text in NFC, whitespace runs made one space.

    Reflowing a description in YAML or a translation tool therefore does not make its translation stale.
    """
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def same_source(first: str, second: str) -> bool:
    """Return whether two source texts are the same for stale tracking (see ``source_hash``)."""
    return normalize(first) == normalize(second)


def source_texts(source: Copy | None, brief: Brief | None) -> dict[KeyPath, str]:
    """Return every field of a SKU that has source text to translate, in the order of the copy model.

    Empty source texts are left out. Variant attribute names and values come from
    the brief's variants; the source copy's ``attribute_names`` and
    ``attribute_values`` give their source wording where it has one.
    """
    texts: dict[KeyPath, str] = {}
    if source is not None:
        for path, text in copy_fields(source):
            if path[0] not in _ATTRIBUTE_FIELDS and text.strip():
                texts[path] = text
    for path, text in _attribute_texts(source, brief):
        if text.strip():
            texts.setdefault(path, text)
    return texts


def _attribute_texts(source: Copy | None, brief: Brief | None) -> Iterator[tuple[KeyPath, str]]:
    names = source.attribute_names if source is not None else {}
    values = source.attribute_values if source is not None else {}
    if brief is not None:
        for variant in brief.variants:
            for name, value in variant.attributes.items():
                yield ("attribute_names", name), names.get(name, name)
                yield ("attribute_values", name, value), values.get(name, {}).get(value, value)
    for name, text in names.items():
        yield ("attribute_names", name), text
    for name, by_value in values.items():
        for value, text in by_value.items():
            yield ("attribute_values", name, value), text


def target_texts(copy: Copy | None) -> dict[KeyPath, str]:
    """Return the texts of a translation by key path; a missing copy has none."""
    return dict(copy_fields(copy)) if copy is not None else {}


class FieldState(str, Enum):
    MISSING = "missing"  # the translation lacks the field or it is blank
    STALE = "stale"  # translated through l10n from a source text that has changed since
    CURRENT = "current"  # translated from the current source text, or written by hand


@dataclass(frozen=True)
class FieldStatus:
    """One translatable field of a SKU in one target locale."""

    path: KeyPath
    source: str
    target: str | None
    state: FieldState
    recorded_hash: str | None

    @property
    def name(self) -> str:
        return format_field_path(self.path)


def field_statuses(source: Copy | None, brief: Brief | None, target: Copy | None) -> list[FieldStatus]:
    """Compare a translation with the current source texts, field by field.

    A field that was never imported through l10n (no recorded hash) is current
    whenever it has text: a person wrote it.
    """
    targets = target_texts(target)
    record = target.translation.fields if target is not None and target.translation is not None else {}
    statuses = []
    for path, text in source_texts(source, brief).items():
        translated = targets.get(path)
        recorded = record.get(format_field_path(path))
        if translated is None or not translated.strip():
            state = FieldState.MISSING
        elif recorded is not None and recorded != source_hash(text):
            state = FieldState.STALE
        else:
            state = FieldState.CURRENT
        statuses.append(FieldStatus(path, text, translated, state, recorded))
    return statuses


def unit_id(path: KeyPath) -> str:
    """Return an XLIFF unit id (an XML NMTOKEN) for a field: ``bullets.2``, ``overlays.headline``.

    Characters other than ASCII letters, digits, "_" and "-" are written as
    ``:<hex code point>:``, so every field has its own id: ``attribute_values.size.3:2e:5:20:mm``.
    """
    parts = []
    for part in path:
        text = str(part)
        parts.append("".join(char if _ID_SAFE.fullmatch(char) else f":{ord(char):x}:" for char in text))
    return ".".join(parts)
