"""Safe YAML reading that keeps what the user typed, with a line number for every value.

Plain scalars load as the exact text typed (``NO``, ``0012``, ``6901234567892``,
``2024-01-01`` stay strings); pydantic then converts them where a model expects
a number, a bool or a date, and reports an error where the text does not fit.
Empty values and ``~``/``null`` load as None. Only the standard ``!!str``,
``!!int``, ``!!float``, ``!!bool`` and ``!!null`` tags are accepted, so no tag can
construct an object. Duplicate keys are an error.

Files are parsed with libyaml when PyYAML was built with it. Text that libyaml
rejects, or may read differently, is parsed again by PyYAML's pure-Python loader,
whose results and error messages are the reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.repo.textio import read_text

Location = tuple[int, int]  # 1-based line and column
KeyPath = tuple[str | int, ...]

# Briefs, copy and catalogs are a few kilobytes; the largest real files (glossaries,
# imported catalogs) stay far below this.
MAX_YAML_BYTES = 10 * 1024 * 1024
# Values that aliases may repeat in one document. Merge keys that share defaults
# between a few hundred entries stay well below it.
MAX_ALIAS_VALUES = 100_000

_PLAIN = "tag:linkstar,2024:plain"
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}
_TRUE_WORDS = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
_FALSE_WORDS = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}
_YAML_TAG = "tag:yaml.org,2002:"
_SEQUENCE = _YAML_TAG + "seq"
_MAPPING = _YAML_TAG + "map"


class _TextResolver(yaml.resolver.Resolver):
    """Resolver with no implicit typing: plain scalars get a private tag and stay text.

    The resolver table is replaced on this subclass only, so PyYAML's global
    SafeLoader keeps its behaviour for any other code in the process.
    """

    yaml_implicit_resolvers: dict[str, list[Any]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)


class _ComposeLoader(_TextResolver, yaml.SafeLoader):
    """Pure-Python loader: slow, but its error messages and marks are the reference."""


_FastComposeLoader: type | None = None
if yaml.__with_libyaml__:
    from yaml.cyaml import CParser

    class _FastComposeLoader(yaml.composer.Composer, CParser, _TextResolver):  # type: ignore[no-redef]
        """libyaml's scanner and parser (C) under PyYAML's own composer, which is listed first so it wins.

        The scanner is where the pure-Python loader spends its time. PyYAML's C
        composer (in ``CParser``) is not used because it recurses on the C stack,
        which a deeply nested file could overflow unless libyaml stops the nesting
        first. The Python composer raises RecursionError instead, as the
        pure-Python loader does.
        """

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            _TextResolver.__init__(self)
            self.flow_depth = 0

        def compose_sequence_node(self, anchor: Any) -> yaml.SequenceNode:
            flow = 1 if self.peek_event().flow_style else 0
            self.flow_depth += flow
            try:
                return super().compose_sequence_node(anchor)
            finally:
                self.flow_depth -= flow

        def compose_mapping_node(self, anchor: Any) -> yaml.MappingNode:
            flow = 1 if self.peek_event().flow_style else 0
            self.flow_depth += flow
            try:
                return super().compose_mapping_node(anchor)
            finally:
                self.flow_depth -= flow

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node = super().compose_scalar_node(anchor)
            # Inside [...] or {...}, PyYAML ends a plain scalar at "?" and then
            # rejects the "?", while libyaml keeps it as text ([https://x.de/?a=1]).
            if self.flow_depth and not node.style and "?" in node.value:
                raise _PythonLoaderNeeded
            return node


class _PythonLoaderNeeded(Exception):
    """Raised by the libyaml loader where its result could differ from the pure-Python loader's."""


# Text that libyaml reads where PyYAML reports an error or other text: a tab
# between tokens ("key: value<TAB>") and a comment right after a block scalar
# header ("|#"). A byte order mark goes there too, because libyaml skips one at
# the start of any line and PyYAML only at the start of the text.
_PYTHON_LOADER_TEXT = re.compile(r"[\t\ufeff]|[|>][-+0-9]*#")


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, the location of every key and item, and its text."""

    display: str
    data: Any
    locations: dict[KeyPath, Location] = field(default_factory=dict)
    text: str = ""

    def location_of(self, key_path: KeyPath) -> Location | None:
        """Return the location of ``key_path`` or of its nearest ancestor that has one."""
        probe = tuple(key_path)
        while probe:
            found = self.locations.get(probe)
            if found:
                return found
            probe = probe[:-1]
        return self.locations.get(())

    def line_of(self, key_path: KeyPath) -> int | None:
        found = self.location_of(key_path)
        return found[0] if found else None


def _mark(node: yaml.Node) -> Location:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.locations: dict[KeyPath, Location] = {}
        self._built: dict[int, Any] = {}
        self._sizes: dict[int, int] = {}  # values in each built node once every alias in it is expanded
        self._alias_values = 0

    def error(self, node: yaml.Node, message: str, hint: str | None = None, code: str = "yaml-value") -> InputError:
        line, column = _mark(node)
        return InputError(message, path=self.display, line=line, column=column, hint=hint, code=code)

    def build(self, node: yaml.Node, key_path: KeyPath) -> Any:
        self.locations.setdefault(key_path, _mark(node))
        # An alias is the same node object as its anchor: build it once and share it,
        # so a "billion laughs" document costs no more than its text here. Code that
        # walks the data (validation, templates) would still see every repetition,
        # so the repeated values are counted and limited.
        if id(node) in self._built:
            self._count_alias(node)
            return self._built[id(node)]
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
        elif node.tag not in (_SEQUENCE, _MAPPING):
            raise self.tag_error(node)
        elif isinstance(node, yaml.SequenceNode):
            value = []
            self._built[id(node)] = value
            for index, item in enumerate(node.value):
                value.append(self.build(item, (*key_path, index)))
        elif isinstance(node, yaml.MappingNode):
            value = {}
            self._built[id(node)] = value
            self.mapping(node, key_path, value)
        else:  # pragma: no cover - PyYAML has no other node kinds
            raise self.error(node, _("unsupported YAML node"))
        self._built[id(node)] = value
        self._sizes[id(node)] = 1 + sum(self._sizes.get(id(child), 1) for child in _children(node))
        return value

    def _count_alias(self, node: yaml.Node) -> None:
        self._alias_values += self._sizes.get(id(node), 1)
        if self._alias_values > MAX_ALIAS_VALUES:
            raise self.error(
                node,
                _("aliases repeat more than {max} values, which linkstar does not read", max=MAX_ALIAS_VALUES),
                hint=_("Write the values out, or use fewer aliases of this anchor, because nested aliases multiply (a \"billion laughs\" file)."),
                code="yaml-syntax",
            )

    def mapping(self, node: yaml.MappingNode, key_path: KeyPath, into: dict[str, Any]) -> None:
        merged: dict[str, Any] = {}
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, _("a mapping key must be plain text"))
            if key_node.tag == "tag:yaml.org,2002:merge" or (key_node.tag == _PLAIN and key_node.value == "<<"):
                for source in self._merge_sources(value_node):
                    for key, value in source.items():
                        merged.setdefault(key, value)
                continue
            key = key_node.value
            if key in seen:
                raise self.error(
                    key_node,
                    _("duplicate key \"{key}\" (first defined at line {line})", key=key, line=seen[key][0]),
                    hint=_("Remove one of the two entries; YAML keeps only one of them."),
                    code="duplicate-key",
                )
            seen[key] = _mark(key_node)
            self.locations[(*key_path, key)] = _mark(key_node)
            into[key] = self.build(value_node, (*key_path, key))
        for key, value in merged.items():
            into.setdefault(key, value)

    def _merge_sources(self, node: yaml.Node) -> list[dict[str, Any]]:
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        sources = []
        for item in nodes:
            built = self.build(item, ("<<",))
            if not isinstance(built, dict):
                raise self.error(item, _("a merge key (<<) must point to a mapping"))
            sources.append(built)
        return sources

    def scalar(self, node: yaml.ScalarNode) -> Any:
        text = node.value
        tag = node.tag
        if tag == _PLAIN:
            return None if text in _NULL_WORDS else text
        if not tag.startswith(_YAML_TAG):
            raise self.tag_error(node)
        kind = tag[len(_YAML_TAG):]
        try:
            if kind == "str":
                return text
            if kind == "null":
                return None
            if kind == "bool":
                if text in _TRUE_WORDS:
                    return True
                if text in _FALSE_WORDS:
                    return False
                raise ValueError(text)
            if kind == "int":
                return int(text.replace("_", ""), 0)
            if kind == "float":
                return float(text.replace("_", ""))
        except ValueError:
            raise self.error(node, _("\"{value}\" is not a valid !!{kind} value", value=text, kind=kind)) from None
        raise self.tag_error(node)

    def tag_error(self, node: yaml.Node) -> InputError:
        return self.error(
            node,
            _("YAML tag \"{tag}\" is not allowed", tag=node.tag),
            hint=_("Remove the tag; linkstar reads plain YAML values only."),
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _syntax_error(error: yaml.YAMLError, display: str, text: str) -> InputError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    if line is not None:
        source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
        indentation = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
        if "\t" in indentation:
            return InputError(
                _("a tab is used for indentation"),
                path=display,
                line=line,
                column=column,
                hint=_("YAML indents with spaces only: replace the tabs with spaces."),
                code="yaml-syntax",
            )
        if "'\\t'" in problem:
            return InputError(
                _("a tab character where YAML does not allow one"),
                path=display,
                line=line,
                column=column,
                hint=_("Replace the tab with spaces, or put the value in quotes."),
                code="yaml-syntax",
            )
    return InputError(
        _("invalid YAML: {problem}", problem=problem),
        path=display,
        line=line,
        column=column,
        hint=_("Fix the syntax at that line; a value containing \": \" or starting with a special character must be quoted."),
        code="yaml-syntax",
    )


def _character_error(error: yaml.reader.ReaderError, display: str, text: str) -> InputError:
    """Name a character that YAML does not allow (a control character, for example) with its line and column."""
    before = text[: error.position]
    line = before.count("\n") + 1
    column = error.position - (before.rfind("\n") + 1) + 1
    return InputError(
        _("character U+{code:04X} is not allowed in YAML", code=error.character),
        path=display,
        line=line,
        column=column,
        hint=_("Delete the character. Most editors do not show it, so delete and retype the text around that column."),
        code="yaml-syntax",
    )


def parse_yaml(text: str, display: str) -> YamlDocument:
    """Parse one YAML document from ``text``; ``display`` names the file in messages."""
    builder = _Builder(display)
    try:
        root = _compose_fast(text)
        if root is None:
            root = _compose(text, display)
        data = builder.build(root, ()) if root is not None else None
    except RecursionError:
        # Composing and building recurse once per level, so a few hundred nested lists or maps
        # exhaust Python's stack. No brief, copy or spec comes close to that depth.
        raise InputError(
            _("{file} nests lists or maps too deeply to be read", file=display),
            path=display,
            hint=_("Check the file for a long run of opening brackets, such as [[[[, left by a broken export or a script."),
            code="yaml-syntax",
        ) from None
    builder.locations.setdefault((), (1, 1))
    return YamlDocument(display=display, data=data, locations=builder.locations, text=text)


def _compose_fast(text: str) -> yaml.Node | None:
    """Compose ``text`` with libyaml, or return None when libyaml is missing or the text needs the Python loader.

    Any failure returns None, so that the pure-Python loader parses the text again
    and every error message and location stays the one it reports. An empty
    document returns None too, and reading it again costs little.
    """
    # Both parsers skip a byte order mark at the very start in the same way.
    start = 1 if text.startswith("\ufeff") else 0
    if _FastComposeLoader is None or _PYTHON_LOADER_TEXT.search(text, start):
        return None
    try:
        loader = _FastComposeLoader(text)
    except Exception:  # noqa: BLE001 - the pure-Python loader reports every error
        return None
    try:
        root = loader.get_single_node()
    except Exception:  # noqa: BLE001 - the pure-Python loader reports every error
        return None
    finally:
        loader.dispose()
    if isinstance(root, yaml.ScalarNode) and root.value == "" and not root.style:
        # An empty document after "---", whose empty value the two parsers place at different positions.
        return None
    return root


def _compose(text: str, display: str) -> yaml.Node | None:
    """Compose ``text`` with the pure-Python loader, turning its errors into InputError."""
    try:
        # The reader checks every character when the loader is made, so that is inside the try too.
        loader = _ComposeLoader(text)
    except yaml.reader.ReaderError as error:
        raise _character_error(error, display, text) from None
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        raise _character_error(error, display, text) from None
    except yaml.YAMLError as error:
        raise _syntax_error(error, display, text) from None
    finally:
        loader.dispose()
    return root


def load_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read and parse a YAML file (UTF-8 or GBK, any line endings) of at most ``MAX_YAML_BYTES``."""
    shown = display or path.as_posix()
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text reports the missing or unreadable file
    if size > MAX_YAML_BYTES:
        raise InputError(
            _("{file} is {size} MB, over the {max} MB limit for a YAML file, so it was not read", file=shown, size=f"{size / 1024 / 1024:.1f}", max=MAX_YAML_BYTES // (1024 * 1024)),
            path=shown,
            hint=_("A brief, copy or catalog file is normally a few kilobytes, so check that the file is the one you meant, or split a large catalog into several files."),
            code="yaml-syntax",
        )
    return parse_yaml(read_text(path, shown), shown)
