"""Editing brief and copy files in place with ruamel.yaml, so comments, key order and quotes survive.

Values are read through linkstar's own loader, because it keeps every plain
scalar as the text the user typed (``0012`` stays ``0012``). ruamel.yaml only
edits and writes. A path such as ``("variants", "TEE-RED", "prices", "US")`` selects
the variant by its id.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.repo.yamledit import put_in_order
from linkstar_cli.repo.yamlio import parse_yaml

FieldPath = tuple[str, ...]

# Field order of the models, so that a missing key is inserted where new-sku would have it.
KEY_ORDER: dict[str, list[str]] = {
    "brief": ["id", "brand", "category", "gtin", "model_number", "targets", "materials", "weight_kg", "dimensions_cm", "certifications", "compliance", "prices", "variants"],
    "copy": ["title", "bullets", "description", "search_terms", "aplus", "overlays", "attribute_names", "attribute_values"],
    "variant": ["id", "gtin", "attributes", "prices", "weight_kg"],
    "dimensions_cm": ["length", "width", "height"],
}
_MISSING = object()


class YamlEditor:
    """One YAML file loaded for editing; ``text()`` returns it with the edits applied."""

    def __init__(self, text: str, display: str, kind: str) -> None:
        self.display = display
        self.kind = kind
        self.original = text
        self.crlf = "\r\n" in text
        source = text.replace("\r\n", "\n")
        self.typed = parse_yaml(source, display).data
        if self.typed is None:
            self.typed = {}
        if not isinstance(self.typed, dict):
            raise InputError(
                _("{file} must contain a mapping of fields at the top level", file=display),
                path=display,
                line=1,
                hint=_("Start the file with \"field: value\" lines, not a list or a single value."),
            )
        mapping_indent, offset = guess_indentation(source)
        self.yaml = YAML(typ="rt")
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096
        self.yaml.indent(mapping=mapping_indent, sequence=offset + 2, offset=offset)
        self.data = self.yaml.load(source) or CommentedMap()
        self.changed = False

    def current(self, path: FieldPath) -> Any:
        """Return the value at ``path`` as typed in the file, or None when it is absent or empty."""
        return value_at(self.typed, path)

    def reread(self) -> Any:
        """Return ``text()`` as linkstar's loader reads it, to check the edits."""
        return parse_yaml(self.text().replace("\r\n", "\n"), self.display).data

    def set(self, path: FieldPath, value: Any) -> None:
        """Set the value at ``path``, creating the mappings and the variant it needs."""
        container = self.data
        kind = self.kind
        for index, key in enumerate(path[:-1]):
            if key == "variants" and kind == "brief":
                sequence = self._child_sequence(container, key, kind)
                container = self._variant(sequence, path[index + 1])
                kind = "variant"
                continue
            if index > 0 and path[index - 1] == "variants":
                continue
            container = self._child_mapping(container, key, kind)
            kind = key
        put_in_order(container, path[-1], value, KEY_ORDER.get(kind, []))
        self.changed = True

    def _child_mapping(self, container: CommentedMap, key: str, kind: str) -> CommentedMap:
        child = container.get(key)
        if child is None:
            child = CommentedMap()
            put_in_order(container, key, child, KEY_ORDER.get(kind, []))
        elif not isinstance(child, CommentedMap):
            raise InputError(
                _("\"{field}\" in {file} is not a mapping, so the import cannot fill it", field=key, file=self.display),
                path=self.display,
                field=key,
                hint=_("Write \"key: value\" pairs under \"{field}:\", or delete its value.", field=key),
            )
        if not child:
            # An empty flow mapping ({}) written by new-sku grows into block style.
            child.fa.set_block_style()
        return child

    def _child_sequence(self, container: CommentedMap, key: str, kind: str) -> CommentedSeq:
        child = container.get(key)
        if child is None:
            child = CommentedSeq()
            put_in_order(container, key, child, KEY_ORDER.get(kind, []))
        elif not isinstance(child, CommentedSeq):
            raise InputError(
                _("\"{field}\" in {file} is not a list, so the import cannot fill it", field=key, file=self.display),
                path=self.display,
                field=key,
                hint=_("Write one item per line, each starting with \"- \"."),
            )
        if not child:
            child.fa.set_block_style()
        return child

    def _variant(self, sequence: CommentedSeq, variant_id: str) -> CommentedMap:
        for item in sequence:
            if isinstance(item, CommentedMap) and str(item.get("id")) == variant_id:
                return item
        item = CommentedMap()
        item["id"] = DoubleQuotedScalarString(variant_id)
        sequence.append(item)
        return item

    def text(self) -> str:
        if not self.changed:
            return self.original
        stream = io.StringIO()
        self.yaml.dump(self.data, stream)
        text = stream.getvalue()
        return text.replace("\n", "\r\n") if self.crlf else text


def guess_indentation(text: str) -> tuple[int, int]:
    """Find how a file indents nested mappings and where it puts the dash of list items.

    ruamel.yaml writes the whole file with one setting, so it must match the file's
    own style or every untouched nested line would move. The default is the
    new-sku style: mappings by 2, dashes indented by 2.
    """
    mapping: int | None = None
    offset: int | None = None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for parent, child in zip(lines, lines[1:]):
        if not parent.rstrip().endswith(":"):
            continue
        parent_indent = len(parent) - len(parent.lstrip(" "))
        child_indent = len(child) - len(child.lstrip(" "))
        if child.lstrip().startswith("- ") and offset is None and child_indent >= parent_indent:
            offset = child_indent - parent_indent
        elif not child.lstrip().startswith("- ") and mapping is None and child_indent > parent_indent:
            mapping = child_indent - parent_indent
    return mapping or 2, offset if offset is not None else 2


def value_at(data: Any, path: FieldPath) -> Any:
    """Follow ``path`` through loaded YAML data; a key after "variants" selects the variant with that id."""
    node = data
    for index, key in enumerate(path):
        if isinstance(node, list) and index > 0 and path[index - 1] == "variants":
            node = next((item for item in node if isinstance(item, dict) and str(item.get("id")) == key), None)
        elif isinstance(node, dict):
            node = node.get(key)
        else:
            return None
        if node is None:
            return None
    return node


def yaml_value(kind: str, value: str | tuple[str, ...], *, brief: bool) -> Any:
    """Return the object that ruamel.yaml writes in the style linkstar files use for this kind of value."""
    if isinstance(value, tuple):
        sequence = CommentedSeq([_text(item, brief=brief) for item in value])
        sequence.fa.set_block_style()
        return sequence
    if kind in ("weight", "length"):
        number = float(value)
        return int(number) if number.is_integer() else number
    if kind in ("price", "gtin"):
        return DoubleQuotedScalarString(value)
    return _text(value, brief=brief)


def _text(value: str, *, brief: bool) -> Any:
    if "\n" in value:
        return LiteralScalarString(value)
    # Brief values are quoted, as new-sku writes them; copy stays plain where YAML allows.
    return DoubleQuotedScalarString(value) if brief else value
