"""``linkstar l10n import``: read a translated XLIFF or PO file and write its translations into the copy files.

Every entry gets one outcome. An entry is refused when its SKU or field is
unknown, or when its source text is no longer the current source text (the
export is out of date). Empty targets, and targets still marked for review that
equal the text the copy already has, are skipped. Everything is checked before
the first file is written, and each file is written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.l10n.exchange import ExchangeEntry, ExchangeFile
from linkstar_cli.l10n.export import canonical_locale, check_locale
from linkstar_cli.l10n.fields import same_source, source_hash, source_texts, target_texts, unit_id
from linkstar_cli.l10n.writeback import CopyEditor, new_copy_text
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.atomic import write_text_atomic
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.textio import read_text
from linkstar_cli.repo.yamlio import KeyPath


class Outcome(str, Enum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    REFUSED = "refused"


@dataclass(frozen=True)
class EntryResult:
    sku: str
    field: str
    outcome: Outcome
    reason: str = ""
    where: str = ""
    position: int = 0  # the entry's place in the exchange file, to report in file order

    def as_dict(self) -> dict[str, str]:
        return {"sku": self.sku, "field": self.field, "outcome": self.outcome.value, "reason": self.reason, "where": self.where}


@dataclass
class ImportResult:
    source: str
    format: str
    locale: str
    dry_run: bool
    entries: list[EntryResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # copy files written, or that a dry run would write

    def count(self, outcome: Outcome) -> int:
        return sum(1 for entry in self.entries if entry.outcome is outcome)

    @property
    def refused(self) -> bool:
        return any(entry.outcome is Outcome.REFUSED for entry in self.entries)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.source,
            "format": self.format,
            "locale": self.locale,
            "dry_run": self.dry_run,
            "counts": {outcome.value: self.count(outcome) for outcome in Outcome},
            "files": self.files,
            "entries": [entry.as_dict() for entry in self.entries],
        }


def read_exchange_file(path: Path, display: str) -> ExchangeFile:
    """Read an XLIFF or PO file, telling them apart by content: XML starts with "<"."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(_("file not found: {file}", file=display), path=display) from None
    except OSError as error:
        raise InputError(_("cannot read {file}: {reason}", file=display, reason=error.strerror or error), path=display) from None
    if not data.strip():
        raise InputError(_("{file} is empty", file=display), path=display, hint=_("Import the XLIFF or PO file that the translators sent back."))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        from linkstar_cli.l10n.xliff import read_xliff

        return read_xliff(data, display)
    from linkstar_cli.l10n.po import read_po_file

    return read_po_file(data, display)


@dataclass
class _SkuTexts:
    """The current source texts of one SKU, by key path, and how an exchange file may name each field."""

    texts: dict[KeyPath, str]
    names: dict[str, KeyPath]


@dataclass
class _Write:
    entry: ExchangeEntry
    position: int
    path: KeyPath
    order: tuple[int, int]


def import_translations(repo: ContentRepo, exchange: ExchangeFile, display: str, *, dry_run: bool) -> ImportResult:
    """Write the translations of ``exchange`` into the copy files of its target locale and report each entry."""
    locale = check_locale(repo, canonical_locale(exchange.target_locale))
    source_locale = repo.config.source_locale
    if exchange.source_locale and canonical_locale(exchange.source_locale) != source_locale:
        raise InputError(
            _("{file} translates from {found}, but the repo's source locale is {expected}", file=display, found=exchange.source_locale, expected=source_locale),
            path=display,
            hint=_("Export the fields again with `linkstar l10n export --locale {locale}`.", locale=locale),
        )
    result = ImportResult(source=display, format=exchange.format, locale=locale, dry_run=dry_run)
    known = set(repo.sku_ids())
    texts: dict[str, _SkuTexts | None] = {}
    writes: dict[str, tuple[_SkuTexts, list[_Write]]] = {}
    for position, entry in enumerate(exchange.entries):
        if entry.sku not in texts:
            texts[entry.sku] = _sku_texts(repo, entry.sku) if entry.sku in known else None
        sku_texts = texts[entry.sku]
        write = _check_entry(entry, position, sku_texts, result)
        if write is not None and sku_texts is not None:
            writes.setdefault(entry.sku, (sku_texts, []))[1].append(write)

    new_texts: dict[Path, str] = {}
    for sku, (sku_texts, planned) in writes.items():
        path = repo.copy_path(sku, locale)
        text = _apply(repo, path, planned, sku_texts, source_locale, result)
        if text is not None:
            new_texts[path] = text
    result.entries.sort(key=lambda item: item.position)
    result.files = [repo.display(path) for path in new_texts]
    if not dry_run:
        for path, text in new_texts.items():
            write_text_atomic(path, text)
    return result


def _sku_texts(repo: ContentRepo, sku: str) -> _SkuTexts | None:
    source_path = repo.copy_path(sku, repo.config.source_locale)
    if not source_path.is_file():
        return None
    texts = source_texts(repo.copy(sku, repo.config.source_locale), repo.brief(sku))
    names: dict[str, KeyPath] = {}
    for path in texts:
        names.setdefault(unit_id(path), path)
        names.setdefault(format_field_path(path), path)
    return _SkuTexts(texts, names)


def _check_entry(entry: ExchangeEntry, position: int, sku_texts: _SkuTexts | None, result: ImportResult) -> _Write | None:
    """Record the outcome of an entry that cannot be written, or return the write it requests."""

    def refuse(reason: str, field: str = entry.field) -> None:
        result.entries.append(EntryResult(entry.sku, field, Outcome.REFUSED, reason, entry.where, position))

    if not entry.sku:
        refuse(_("the entry names no SKU and field; linkstar writes them as \"SKU|field\" in msgctxt"))
        return None
    if sku_texts is None:
        refuse(_("unknown SKU \"{sku}\", or it has no source copy", sku=entry.sku))
        return None
    path = sku_texts.names.get(entry.field)
    if path is None and entry.alternative_field:
        path = sku_texts.names.get(entry.alternative_field)
    if path is None:
        refuse(_("SKU {sku} has no field \"{field}\" with source text to translate", sku=entry.sku, field=entry.field))
        return None
    name = format_field_path(path)
    current = sku_texts.texts[path]
    if not same_source(entry.source, current):
        refuse(_("the source text changed after the export; export {field} again and translate the new text", field=name), name)
        return None
    if not entry.target.strip():
        result.entries.append(EntryResult(entry.sku, name, Outcome.SKIPPED, _("no translation"), entry.where, position))
        return None
    order = list(sku_texts.texts).index(path)
    # An A+ heading is placed after every module text, because a new module starts with its text.
    return _Write(entry, position, path, (1 if path[-1] == "heading" else 0, order))


def _apply(repo: ContentRepo, path: Path, planned: list[_Write], sku_texts: _SkuTexts, source_locale: str, result: ImportResult) -> str | None:
    """Apply the writes of one SKU to its copy file in memory; return the new text, or None when nothing changes."""
    display = repo.display(path)
    original = read_text(path, display) if path.is_file() else new_copy_text()
    editor = CopyEditor(original, display)
    existing = repo.copy(planned[0].entry.sku, path.stem) if path.is_file() else Copy()
    current_texts = target_texts(existing)
    recorded = existing.translation.fields if existing.translation is not None else {}
    for write in sorted(planned, key=lambda item: item.order):
        entry, name = write.entry, format_field_path(write.path)
        hashed = source_hash(sku_texts.texts[write.path])
        in_copy = current_texts.get(write.path)
        if entry.needs_review and in_copy == entry.target and recorded.get(name) != hashed:
            reason = _("still marked for review (XLIFF state initial or PO fuzzy) and the same as the copy's text; confirm it in the translation tool")
            result.entries.append(EntryResult(entry.sku, name, Outcome.SKIPPED, reason, entry.where, write.position))
            continue
        if in_copy == entry.target and recorded.get(name) == hashed:
            result.entries.append(EntryResult(entry.sku, name, Outcome.UNCHANGED, "", entry.where, write.position))
            continue
        problem = editor.place(write.path, entry.target) if in_copy != entry.target else None
        if problem:
            result.entries.append(EntryResult(entry.sku, name, Outcome.REFUSED, problem, entry.where, write.position))
            continue
        editor.record(source_locale, name, hashed)
        result.entries.append(EntryResult(entry.sku, name, Outcome.WRITTEN, "", entry.where, write.position))
    text = editor.text()
    return text if editor.changed and text != original else None
