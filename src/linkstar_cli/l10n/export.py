"""``linkstar l10n export``: collect the fields that a locale lacks or has stale, with notes, and write them as XLIFF or PO."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from pydantic import TypeAdapter, ValidationError

from linkstar_cli.errors import UsageError
from linkstar_cli.i18n import _
from linkstar_cli.l10n.exchange import ExportDocument, ExportUnit
from linkstar_cli.l10n.fields import FieldState, FieldStatus, field_statuses
from linkstar_cli.l10n.notes import Note, context_note, glossary_notes, limit_notes, load_glossaries, stale_note, target_specs
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.glossary import Glossary
from linkstar_cli.model.types import Locale
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.specs.model import PlatformSpec

ExchangeFormat = Literal["xliff", "po"]
EXTENSIONS: dict[str, str] = {"xliff": ".xlf", "po": ".po"}
EXPORT_DIR = "l10n"


@dataclass(frozen=True)
class SkippedSku:
    sku: str
    reason: str


@dataclass
class ExportResult:
    document: ExportDocument
    skus: list[str] = field(default_factory=list)
    skipped: list[SkippedSku] = field(default_factory=list)

    def count(self, state: FieldState) -> int:
        return sum(1 for unit in self.document.units if unit.state is state)


def canonical_locale(tag: str) -> str:
    """Write a BCP 47 tag in its usual letter case, as tools differ: ``de-de`` and ``de_DE`` become ``de-DE``, ``zh-hans-cn`` ``zh-Hans-CN``."""
    parts = tag.strip().replace("_", "-").split("-")
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4:
            part = part.title()  # script, such as Hans
        elif len(part) == 2:
            part = part.upper()  # region, such as DE
        fixed.append(part)
    return "-".join(fixed)


def check_locale(repo: ContentRepo, locale: str) -> str:
    """Return ``locale`` when it is a BCP 47 tag other than the source locale; raise UsageError otherwise."""
    try:
        TypeAdapter(Locale).validate_python(locale)
    except ValidationError:
        raise UsageError(
            _("\"{locale}\" is not a locale tag", locale=locale),
            hint=_("Write a BCP 47 tag such as de-DE, ja-JP or zh-Hans-CN."),
        ) from None
    if locale == repo.config.source_locale:
        raise UsageError(
            _("{locale} is the source locale, which is not translated", locale=locale),
            hint=_("Pass the locale that the translation is for, for example --locale de-DE."),
        )
    return locale


def plan_export(repo: ContentRepo, locale: str, skus: list[str], *, include_all: bool) -> ExportResult:
    """Collect the units to translate into ``locale``: missing and stale fields, or every field with ``include_all``.

    Without ``skus``, every SKU whose targets use ``locale`` copy, or that has a
    copy file in it, is exported.
    """
    check_locale(repo, locale)
    source_locale = repo.config.source_locale
    result = ExportResult(ExportDocument(source_locale, locale))
    glossaries = load_glossaries(repo, locale)
    for sku in skus or _skus_for(repo, locale):
        repo.sku_dir(sku)
        source_path = repo.copy_path(sku, source_locale)
        if not source_path.is_file():
            result.skipped.append(SkippedSku(sku, _("it has no {locale} copy to translate from", locale=source_locale)))
            continue
        result.skus.append(sku)
        result.document.units.extend(_sku_units(repo, sku, locale, glossaries, include_all=include_all))
    return result


def _skus_for(repo: ContentRepo, locale: str) -> list[str]:
    chosen = []
    for sku in repo.sku_ids():
        if repo.copy_path(sku, locale).is_file() or target_specs(repo, repo.targets_of(repo.brief(sku)), locale):
            chosen.append(sku)
    return chosen


def _sku_units(repo: ContentRepo, sku: str, locale: str, glossaries: list[Glossary], *, include_all: bool) -> list[ExportUnit]:
    source_locale = repo.config.source_locale
    brief = repo.brief(sku)
    source = repo.copy(sku, source_locale)
    target_path = repo.copy_path(sku, locale)
    target = repo.copy(sku, locale) if target_path.is_file() else None
    specs = target_specs(repo, repo.targets_of(brief), locale)
    source_path = repo.copy_path(sku, source_locale)
    document = repo.document(source_path)
    units = []
    for status in field_statuses(source, brief, target):
        if status.state is FieldState.CURRENT and not include_all:
            continue
        units.append(
            ExportUnit(
                sku=sku,
                path=status.path,
                source=status.source,
                target=status.target if status.target and status.target.strip() else None,
                state=status.state,
                notes=tuple(_notes(status, source, specs, glossaries, source_locale)),
                source_file=repo.display(source_path),
                source_line=document.locations[status.path][0] if status.path in document.locations else None,
            )
        )
    return units


def _notes(status: FieldStatus, source: Copy, specs: list[PlatformSpec], glossaries: list[Glossary], source_locale: str) -> list[Note]:
    notes = []
    if status.state is FieldState.STALE:
        notes.append(stale_note(source_locale))
    context = context_note(status.path, {"bullets": len(source.bullets), "aplus": len(source.aplus)})
    if context is not None:
        notes.append(context)
    notes.extend(limit_notes(status.path, specs))
    notes.extend(glossary_notes(status.source, glossaries))
    return notes


def render_export(document: ExportDocument, exchange_format: ExchangeFormat, created: datetime) -> str:
    """Return the text of the exchange file; the format modules load only here."""
    if exchange_format == "po":
        from linkstar_cli.l10n.po import write_po_file

        return write_po_file(document, created)
    from linkstar_cli.l10n.xliff import write_xliff

    return write_xliff(document)


def default_output(repo: ContentRepo, locale: str, exchange_format: ExchangeFormat, today: date) -> Path:
    """Return ``l10n/<locale>-<date>.xlf`` (or ``.po``) in the repo, with "-2", "-3" ... added when that file exists."""
    folder = repo.root / EXPORT_DIR
    stem = f"{locale}-{today.isoformat()}"
    extension = EXTENSIONS[exchange_format]
    candidate = folder / f"{stem}{extension}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{extension}"
        number += 1
    return candidate
