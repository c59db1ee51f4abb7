"""Writing translations into ``skus/<SKU>/copy/<locale>.yaml`` with a ruamel.yaml round trip.

Comments, key order, quoting and indentation of the file stay as they were; a
missing file starts from the shape that ``linkstar new-sku`` writes. Each
written field also gets its source hash under ``translation.fields``.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.schema import schema_file_name
from linkstar_cli.model.validate import format_field_path, validate_document
from linkstar_cli.repo.scaffold import SCHEMA_DIR, copy_template
from linkstar_cli.repo.yamledit import put_in_order
from linkstar_cli.repo.yamlio import KeyPath, parse_yaml

# Top-level keys in the order of the Copy model, so that a new key lands where new-sku would put it.
_KEY_ORDER = list(Copy.model_fields)
_MODULE_KEY_ORDER = ["heading", "text"]


def new_copy_text() -> str:
    """Return the text of a new copy file, as ``linkstar new-sku`` writes it."""
    return f"# yaml-language-server: $schema=../../../{SCHEMA_DIR}/{schema_file_name('copy')}\n" + copy_template()


class CopyEditor:
    """One copy file loaded for editing; ``text()`` returns it with the edits applied."""

    def __init__(self, text: str, display: str) -> None:
        self.display = display
        self.original = text
        self.crlf = "\r\n" in text
        source = text.replace("\r\n", "\n")
        validate_document(parse_yaml(source, display), Copy)
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096  # never re-wrap a long title or description
        self.yaml.indent(**_indentation(source))
        loaded = self.yaml.load(source)
        # A file of comments only loads as None; its comments are kept above the new fields.
        self.leading = "" if loaded is not None or not source.strip() else source.rstrip("\n") + "\n"
        self.data: CommentedMap = loaded if isinstance(loaded, CommentedMap) else CommentedMap()
        self.changed = False

    def place(self, path: KeyPath, value: str) -> str | None:
        """Write ``value`` at ``path``; return why it cannot be placed, or None when it was."""
        field = str(path[0])
        if len(path) == 1:
            put_in_order(self.data, field, _styled(value, self.data.get(field)), _KEY_ORDER)
        elif field == "bullets":
            problem = self._place_item(path, value)
            if problem:
                return problem
        elif field == "aplus":
            problem = self._place_module_text(path, value)
            if problem:
                return problem
        else:
            container = self._mapping(self.data, field)
            for key in path[1:-1]:
                container = self._mapping(container, str(key))
            key = str(path[-1])
            put_in_order(container, key, _styled(value, container.get(key)), [])
        self.changed = True
        return None

    def _place_item(self, path: KeyPath, value: str) -> str | None:
        items = self._sequence(str(path[0]))
        index = int(path[1])
        if index < len(items):
            items[index] = _styled(value, items[index])
        elif index == len(items):
            items.append(_styled(value, None))
        else:
            return _gap(path, index, len(items))
        return None

    def _place_module_text(self, path: KeyPath, value: str) -> str | None:
        modules = self._sequence("aplus")
        index, key = int(path[1]), str(path[2])
        if index < len(modules):
            put_in_order(modules[index], key, _styled(value, modules[index].get(key)), _MODULE_KEY_ORDER)
        elif index == len(modules) and key == "text":
            modules.append(CommentedMap([("text", _styled(value, None))]))
        elif index == len(modules):
            return _("{field} belongs to an A+ module that has no text yet; import the module's text with it", field=format_field_path(path))
        else:
            return _gap(path, index, len(modules))
        return None

    def record(self, source_locale: str, field: str, source_hash: str) -> None:
        """Store the hash of the source text that ``field`` was translated from."""
        record = self._mapping(self.data, "translation")
        put_in_order(record, "source_locale", source_locale, ["source_locale", "fields"])
        fields = self._mapping(record, "fields")
        put_in_order(fields, field, source_hash, [])
        self.changed = True

    def _mapping(self, container: CommentedMap, key: str) -> CommentedMap:
        child = container.get(key)
        if child is None:
            child = CommentedMap()
            put_in_order(container, key, child, _KEY_ORDER if container is self.data else [])
        if not isinstance(child, CommentedMap):  # pragma: no cover - validation rejects such a file first
            raise InputError(_("\"{field}\" in {file} is not a mapping", field=key, file=self.display), path=self.display, field=key)
        if not child:
            child.fa.set_block_style()  # an empty {} written by new-sku grows into block style
        return child

    def _sequence(self, key: str) -> CommentedSeq:
        child = self.data.get(key)
        if child is None:
            child = CommentedSeq()
            put_in_order(self.data, key, child, _KEY_ORDER)
        if not isinstance(child, CommentedSeq):  # pragma: no cover - validation rejects such a file first
            raise InputError(_("\"{field}\" in {file} is not a list", field=key, file=self.display), path=self.display, field=key)
        if not child:
            child.fa.set_block_style()
        return child

    def text(self) -> str:
        if not self.changed:
            return self.original
        stream = io.StringIO()
        self.yaml.dump(self.data, stream)
        text = self.leading + stream.getvalue()
        return text.replace("\n", "\r\n") if self.crlf else text


def _gap(path: KeyPath, index: int, length: int) -> str:
    previous = format_field_path((*path[:1], length))
    return _("{field} would leave a gap after {previous}, which has no text yet; translate {previous} too", field=format_field_path(path[:2]), previous=previous)


def _indentation(text: str) -> dict[str, int]:
    """Find the file's own indentation, because ruamel.yaml writes the whole file with one setting."""
    mapping, sequence, offset = 2, 4, 2
    if text.strip():
        _data, guessed, guessed_offset = load_yaml_guess_indent(text)
        if guessed is not None and guessed_offset is not None:
            # With block sequences present, the guess is the sequence indent and the dash offset.
            mapping, sequence, offset = max(guessed - guessed_offset, 2), guessed, guessed_offset
        elif guessed is not None:
            mapping, sequence = guessed, guessed + offset
    return {"mapping": mapping, "sequence": sequence, "offset": offset}


def _styled(value: str, old: Any) -> Any:
    """Return ``value`` as ruamel.yaml should write it: a literal block when it has line breaks, else quoted as the old value was."""
    if "\n" in value:
        return LiteralScalarString(value)
    if isinstance(old, (SingleQuotedScalarString, DoubleQuotedScalarString)):
        return type(old)(value)
    return value
