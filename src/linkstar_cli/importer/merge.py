"""Merging imported products into SKU folders without losing hand edits.

The import record ``skus/<SKU>/import.yaml`` stores, per file and field, the
value that the last import wrote. For each field of the export:

- the file has no value: the export's value is written;
- the file's value equals the export's: nothing to write (the record catches up);
- the file's value still equals the recorded one: it was not edited since the
  last import, so the export's new value is written;
- otherwise someone edited it by hand: the file keeps its value and the field
  is reported as a conflict.

Fields that the export does not fill are never touched. An empty cell never
clears a value. A file whose text would not change is not written at all.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from ruamel.yaml import YAML

from linkstar_cli.errors import InputError, LinkstarError
from linkstar_cli.i18n import _
from linkstar_cli.importer.extract import FieldValue, ProductData
from linkstar_cli.importer.skeleton import assets_skeleton, brief_skeleton, copy_skeleton, record_header
from linkstar_cli.importer.values import same_number
from linkstar_cli.importer.yamledit import FieldPath, YamlEditor, value_at, yaml_value
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.imports import ImportedValue, ImportRecord
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.textio import read_text
from linkstar_cli.repo.yamlio import parse_yaml

RECORD_FILE = "import.yaml"
# Longer texts are stored in the record as a hash only.
MAX_RECORDED_LENGTH = 120
Status = Literal["created", "updated", "unchanged"]


@dataclass(frozen=True)
class Conflict:
    sku: str
    file: str
    field: str
    repo_value: str | None
    export_value: str
    row: int
    column: str


@dataclass(frozen=True)
class FieldChange:
    file: str
    field: str
    old: str | None
    new: str


@dataclass
class FileWrite:
    path: Path
    display: str
    old_text: str | None
    new_text: str


@dataclass
class SkuOutcome:
    sku: str
    status: Status
    changes: list[FieldChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    writes: list[FileWrite] = field(default_factory=list)


def field_name(path: FieldPath) -> str:
    """Format a field path for people and for the record: ``variants[TEE-RED].prices.US``."""
    text = ""
    index = 0
    while index < len(path):
        part = path[index]
        if part == "variants" and index + 1 < len(path):
            text += ("." if text else "") + f"variants[{path[index + 1]}]"
            index += 2
            continue
        text += ("." if text else "") + part
        index += 1
    return text


def canonical(value: Any) -> str | None:
    """Reduce a value from a file or the export to text that compares equal when the values are equal."""
    if value is None or value == "" or value == [] or value == ():
        return None
    if isinstance(value, (list, tuple)):
        return json.dumps([str(item) for item in value], ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _equal(first: str | None, second: str | None, kind: str) -> bool:
    if first is None or second is None:
        return first is second
    if kind in ("weight", "length", "price"):
        return same_number(first, second)
    return first == second


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _recorded(entry: ImportedValue | None, current: str | None, kind: str) -> bool:
    if entry is None or current is None:
        return False
    if entry.sha256 is not None:
        return entry.sha256 == _digest(current)
    return _equal(entry.value, current, kind)


def _record_entry(value: FieldValue, text: str, source: str) -> ImportedValue:
    if len(text) > MAX_RECORDED_LENGTH or "\n" in text:
        return ImportedValue(sha256=_digest(text), source=source, row=value.origin.row, column=value.origin.column)
    return ImportedValue(value=text, source=source, row=value.origin.row, column=value.origin.column)


class SkuMerger:
    """Merge one product into its SKU folder: compute new file texts, conflicts and the new record."""

    def __init__(self, repo: ContentRepo, product: ProductData, source: str, default_locales: list[str]) -> None:
        self.repo = repo
        self.product = product
        self.source = source
        self.folder = repo.skus_dir / product.sku
        self.default_locales = default_locales
        self.outcome = SkuOutcome(product.sku, "unchanged")
        self.record = self._load_record()
        self.new = not (self.folder / "brief.yaml").is_file()

    def _load_record(self) -> ImportRecord:
        path = self.folder / RECORD_FILE
        if not path.is_file():
            return ImportRecord()
        return validate_document(self.repo.document(path), ImportRecord)

    def run(self) -> SkuOutcome:
        brief_fields = dict(self.product.brief)
        for variant in self.product.variants:
            for name, value in variant.attributes.items():
                brief_fields[("variants", variant.id, "attributes", name)] = value
            for path, value in variant.fields.items():
                brief_fields[("variants", variant.id, *path)] = value
            if not variant.attributes and not variant.fields:
                brief_fields[("variants", variant.id, "id")] = FieldValue(variant.id, "text", variant.origin)
        self._merge_file("brief.yaml", "brief", brief_fields, Brief)
        locales = list(self.product.copy)
        if self.new:
            locales = list(dict.fromkeys([*self.default_locales, *locales]))
        for locale in locales:
            self._merge_file(f"copy/{locale}.yaml", "copy", self.product.copy.get(locale, {}), Copy)
        if self.new:
            self._add_new_file("assets/assets.yaml", assets_skeleton())
        self._write_record()
        if self.new:
            self.outcome.status = "created"
        elif self.outcome.writes:
            self.outcome.status = "updated"
        return self.outcome

    def _skeleton(self, kind: str) -> str:
        if kind == "brief":
            return brief_skeleton(self.product.sku, self.repo.config.brand)
        return copy_skeleton()

    def _merge_file(self, relative: str, kind: str, fields: dict[FieldPath, FieldValue], model: type[BaseModel]) -> None:
        path = self.folder / relative
        display = self.repo.display(path)
        exists = path.is_file()
        old_text = read_text(path, display) if exists else None
        editor = YamlEditor(old_text if old_text is not None else self._skeleton(kind), display, kind)
        entries = self.record.fields.setdefault(relative, {})
        written: dict[FieldPath, FieldValue] = {}
        for field_path, value in fields.items():
            if self._merge_field(editor, relative, field_path, value, entries, fresh=not exists):
                written[field_path] = value
        if not entries:
            del self.record.fields[relative]
        new_text = editor.text()
        if new_text == old_text:
            return
        _verify(editor, written)
        _check_result(new_text, display, model, old_text)
        self.outcome.writes.append(FileWrite(path, display, old_text, new_text))

    def _merge_field(self, editor: YamlEditor, relative: str, path: FieldPath, value: FieldValue, entries: dict[str, ImportedValue], *, fresh: bool) -> bool:
        """Apply one field's rule from the module docstring; return whether the file value was set."""
        name = field_name(path)
        export_text = canonical(value.value)
        if export_text is None:
            return False
        # A new file holds only new-sku's placeholders, which the export replaces.
        current = None if fresh else canonical(editor.current(path))
        entry = entries.get(name)
        if _equal(current, export_text, value.kind):
            if not _recorded(entry, export_text, value.kind):
                entries[name] = _record_entry(value, export_text, self.source)
            return False
        if current is None or _recorded(entry, current, value.kind):
            editor.set(path, yaml_value(value.kind, value.value, brief=relative == "brief.yaml"))
            entries[name] = _record_entry(value, export_text, self.source)
            self.outcome.changes.append(FieldChange(relative, name, current, export_text))
            return True
        self.outcome.conflicts.append(Conflict(self.product.sku, relative, name, current, export_text, value.origin.row, value.origin.column))
        return False

    def _add_new_file(self, relative: str, text: str) -> None:
        path = self.folder / relative
        if path.exists():
            return
        self.outcome.writes.append(FileWrite(path, self.repo.display(path), None, text))

    def _write_record(self) -> None:
        path = self.folder / RECORD_FILE
        display = self.repo.display(path)
        old_text = read_text(path, display) if path.is_file() else None
        new_text = render_record(self.record)
        if new_text == old_text or (old_text is None and not self.record.fields):
            return
        self.outcome.writes.append(FileWrite(path, display, old_text, new_text))


def _verify(editor: YamlEditor, written: dict[FieldPath, FieldValue]) -> None:
    """Read the edited text back; a value that does not come back as set is a bug, not bad input."""
    if not written:
        return
    data = editor.reread()
    for path, value in written.items():
        if not _equal(canonical(value_at(data, path)), canonical(value.value), value.kind):
            raise RuntimeError(f"{editor.display}: {field_name(path)} does not read back as written")


def render_record(record: ImportRecord) -> str:
    """Write the import record as YAML in a fixed layout, so the same record always gives the same bytes."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = record.model_dump(mode="json", exclude_none=True)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return record_header() + stream.getvalue()


def _check_result(text: str, display: str, model: type[BaseModel], old_text: str | None) -> None:
    """Validate a merged file; report only problems that the import brought in."""
    try:
        validate_document(parse_yaml(text, display), model)
    except LinkstarError as error:
        if old_text is not None:
            try:
                validate_document(parse_yaml(old_text, display), model)
            except LinkstarError:
                return
        raise InputError(
            _("the import would make {file} invalid: {problem}", file=display, problem=error.message),
            path=display,
            hint=_("Check the mapping for the field named here; nothing was written."),
        ) from None
