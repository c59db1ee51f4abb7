"""The texts that the text rules check: each copy field that a spec's ``text:`` section names, in NFC.

A plain field is one text. A list field such as bullets is one text per item, and
a mapping field such as overlays one text per key, so that each finding can point
at the item's own line. A few checks apply to every text of a copy file, whether
or not the spec names its field (``every_text``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from linkstar_cli.lint import copytext, textcount
from linkstar_cli.lint.context import TargetContext
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Rule, Scope
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.yamlio import KeyPath
from linkstar_cli.specs.model import TextRule


@dataclass(frozen=True)
class CopyText:
    """One text of a copy field: the whole field, one item of a list field, or one value of a mapping field."""

    name: str
    spec: TextRule
    text: str
    index: int | str | None = None  # the position in a list field, or the key in a mapping field

    @property
    def path(self) -> KeyPath:
        return (self.name,) if self.index is None else (self.name, self.index)

    @property
    def label(self) -> str:
        return format_field_path(self.path)


@dataclass(frozen=True)
class CopyField:
    """A copy field that the spec has rules for, with its texts in NFC."""

    name: str
    spec: TextRule
    is_list: bool  # a list field such as bullets, or a mapping field such as overlays: one text per item
    texts: list[CopyText]

    @property
    def path(self) -> KeyPath:
        return (self.name,)

    @property
    def blank(self) -> bool:
        """Tell whether no text of the field shows anything: empty, spaces or invisible characters only."""
        return not any(textcount.without_invisible(item.text).strip() for item in self.texts)


@dataclass(frozen=True)
class FieldText:
    """Any text of a copy file (an A+ heading, an overlay, an attribute value too), with the spec's rule for its field if any."""

    path: KeyPath
    text: str
    spec: TextRule | None

    @property
    def label(self) -> str:
        return format_field_path(self.path)


def copy_fields(context: TargetContext) -> Iterator[CopyField]:
    """Yield each field named in the spec's ``text:`` section that the copy model has as text, a list or a mapping of texts."""
    if context.copy is None:
        return
    for name, spec in context.spec.text.items():
        value = getattr(context.copy, name, None)
        if value is None:
            yield CopyField(name, spec, False, [])
        elif isinstance(value, str):
            yield CopyField(name, spec, False, [CopyText(name, spec, textcount.normalize(value))])
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            texts = [CopyText(name, spec, textcount.normalize(item), index) for index, item in enumerate(value)]
            yield CopyField(name, spec, True, texts)
        elif isinstance(value, dict) and all(isinstance(item, str) for item in value.values()):
            texts = [CopyText(name, spec, textcount.normalize(item), key) for key, item in value.items()]
            yield CopyField(name, spec, True, texts)


def every_text(context: TargetContext) -> Iterator[FieldText]:
    """Yield every text of the target's copy file in NFC, with the spec's rule for its top-level field when the spec has one."""
    if context.copy is None:
        return
    for path, text in copytext.copy_fields(context.copy):
        yield FieldText(path, textcount.normalize(text), context.spec.text.get(str(path[0])))


def report(context: TargetContext, item: CopyText | CopyField | FieldText, message: str, *, key: str, hint: str) -> Problem:
    """Build a Problem that points at the field's line, or at the item's line for a list or mapping item."""
    path = item.path
    label = format_field_path(path)
    return context.problem(message, key=f"{label}:{key}", file=context.copy_file, path=path, hint=hint, field=label)


class TextCheck(Rule):
    """Base of the text rules: run ``check_text`` on every text, or override ``check_field``."""

    scope = Scope.TARGET
    family = "text"
    level: ClassVar[Level] = Level.ERROR

    def check(self, context: TargetContext, options: Any) -> Iterable[Problem]:
        for field in copy_fields(context):
            yield from self.check_field(context, options, field)

    def check_field(self, context: TargetContext, options: Any, field: CopyField) -> Iterable[Problem]:
        for item in field.texts:
            yield from self.check_text(context, options, item)

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        return ()
