"""``linkstar import`` as a library call: read an export, map it, merge it into the repo."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from linkstar_cli.errors import ErrorList, InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.importer.extract import RowNote, extract_products
from linkstar_cli.importer.merge import SkuMerger, SkuOutcome
from linkstar_cli.importer.plan import build_plan
from linkstar_cli.importer.table import read_table
from linkstar_cli.importer.values import DecimalMode
from linkstar_cli.model.imports import ImportMapping
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.atomic import write_text_atomic
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.yamlio import load_yaml, parse_yaml


@dataclass
class ImportOptions:
    mapping: Path | None = None
    preset: str | None = None
    dry_run: bool = False
    encoding: str | None = None
    decimal: DecimalMode | None = None
    sheet: str | None = None
    market: str | None = None


@dataclass
class ImportResult:
    source: str
    mapping: str
    dry_run: bool
    market: str | None
    encoding: str | None
    delimiter: str | None
    skus: list[SkuOutcome] = field(default_factory=list)
    skipped: list[RowNote] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.skus if outcome.status == status)

    @property
    def conflicts(self) -> list[Any]:
        return [conflict for outcome in self.skus for conflict in outcome.conflicts]

    @property
    def changed(self) -> bool:
        return any(outcome.writes for outcome in self.skus)

    def diffs(self) -> list[tuple[str, str]]:
        """Return a unified diff per file that the import writes (or would write, with --dry-run)."""
        found = []
        for outcome in self.skus:
            for write in outcome.writes:
                old = (write.old_text or "").splitlines(keepends=True)
                new = write.new_text.splitlines(keepends=True)
                before = f"a/{write.display}" if write.old_text is not None else "/dev/null"
                text = "".join(difflib.unified_diff(old, new, fromfile=before, tofile=f"b/{write.display}"))
                found.append((write.display, text))
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "mapping": self.mapping,
            "dry_run": self.dry_run,
            "market": self.market,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "summary": {status: self.count(status) for status in ("created", "updated", "unchanged")} | {"conflicts": len(self.conflicts)},
            "skus": [
                {
                    "sku": outcome.sku,
                    "status": outcome.status,
                    "files": [write.display for write in outcome.writes],
                    "changes": [{"file": change.file, "field": change.field, "old": change.old, "new": change.new} for change in outcome.changes],
                }
                for outcome in self.skus
            ],
            "conflicts": [
                {
                    "sku": conflict.sku,
                    "file": conflict.file,
                    "field": conflict.field,
                    "repo_value": conflict.repo_value,
                    "export_value": conflict.export_value,
                    "row": conflict.row,
                    "column": conflict.column,
                }
                for conflict in self.conflicts
            ],
            "skipped_rows": [{"row": note.row, "reason": note.message} for note in self.skipped],
            "notes": [{"row": note.row, "message": note.message} for note in self.notes],
        }


def preset_names() -> list[str]:
    folder = resources.files(__package__).joinpath("presets")
    return sorted(entry.name[: -len(".yaml")] for entry in folder.iterdir() if entry.name.endswith(".yaml"))


def load_preset(name: str) -> ImportMapping:
    if name not in preset_names():
        raise UsageError(
            _("unknown preset \"{preset}\"", preset=name),
            hint=_("Presets: {presets}. For another export, write a mapping file and pass --mapping.", presets=", ".join(preset_names())),
        )
    text = resources.files(__package__).joinpath("presets", f"{name}.yaml").read_text(encoding="utf-8")
    return validate_document(parse_yaml(text, f"preset {name}"), ImportMapping)


def load_mapping(path: Path, display: str) -> ImportMapping:
    return validate_document(load_yaml(path, display), ImportMapping)


def _new_sku_locales(repo: ContentRepo) -> list[str]:
    """Locales that new-sku gives copy files: the source locale, then each target's."""
    config = repo.config
    locales = [config.source_locale]
    for target in config.targets:
        locale = config.target_locales.get(target) or repo.spec(target).locale
        if locale not in locales:
            locales.append(locale)
    return locales


def _hint_once(errors: list[InputError]) -> list[InputError]:
    """Keep each distinct hint only on the last error that has it, so a long list is not repeated advice."""
    last_with_hint = {error.hint: index for index, error in enumerate(errors) if error.hint}
    for index, error in enumerate(errors):
        if error.hint and last_with_hint[error.hint] != index:
            error.hint = None
    return errors


def run_import(repo: ContentRepo, file: Path, display: str, options: ImportOptions) -> ImportResult:
    """Import ``file`` into ``repo``; nothing is written when any row has a problem or with ``dry_run``."""
    if (options.mapping is None) == (options.preset is None):
        raise UsageError(
            _("pass either --mapping or --preset"),
            hint=_("Presets: {presets}. A mapping file says which column fills which field; see docs/import.md.", presets=", ".join(preset_names())),
        )
    if options.preset is not None:
        mapping, label = load_preset(options.preset), options.preset
    else:
        assert options.mapping is not None
        label = options.mapping.as_posix()
        mapping = load_mapping(options.mapping, label)

    read = mapping.read
    table = read_table(file, display, encoding=options.encoding or read.encoding, delimiter=read.delimiter, sheet=options.sheet or read.sheet)
    decimal: DecimalMode = options.decimal or read.decimal or "dot"
    plan = build_plan(mapping, table.headers, display, market=options.market, default_locale=repo.config.source_locale)
    extraction, errors = extract_products(table, plan, decimal)
    if errors:
        head = InputError(_("{count} problems in the export; nothing was imported", count=len(errors)), path=display, code="import-rows")
        raise ErrorList([head, *_hint_once(errors)])

    result = ImportResult(
        source=display,
        mapping=label,
        dry_run=options.dry_run,
        market=plan.market,
        encoding=table.encoding,
        delimiter=table.delimiter,
        skipped=extraction.skipped,
        notes=extraction.notes,
    )
    default_locales = _new_sku_locales(repo)
    for product in extraction.products:
        result.skus.append(SkuMerger(repo, product, file.name, default_locales).run())
    if not options.dry_run:
        for outcome in result.skus:
            # The record comes last, so an interrupted import never records a value it did not write.
            for write in outcome.writes:
                write_text_atomic(write.path, write.new_text)
    return result
