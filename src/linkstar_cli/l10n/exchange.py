"""Units that an export writes and entries that an import reads, independent of the file format."""

from __future__ import annotations

from dataclasses import dataclass, field

from linkstar_cli.l10n.fields import FieldState, unit_id
from linkstar_cli.l10n.notes import Note
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.yamlio import KeyPath

# gettext context of a PO entry: "<SKU>|<field path>". A SKU id never contains "|".
CONTEXT_SEPARATOR = "|"


@dataclass(frozen=True)
class ExportUnit:
    """One field of one SKU to translate, with what the translator needs to know."""

    sku: str
    path: KeyPath
    source: str
    target: str | None
    state: FieldState
    notes: tuple[Note, ...] = ()
    source_file: str = ""
    source_line: int | None = None

    @property
    def field_name(self) -> str:
        return format_field_path(self.path)

    @property
    def unit_id(self) -> str:
        return unit_id(self.path)

    @property
    def context(self) -> str:
        return f"{self.sku}{CONTEXT_SEPARATOR}{self.field_name}"


@dataclass
class ExportDocument:
    """Every unit of one export, grouped by SKU in the order they were added."""

    source_locale: str
    target_locale: str
    units: list[ExportUnit] = field(default_factory=list)

    def by_sku(self) -> dict[str, list[ExportUnit]]:
        grouped: dict[str, list[ExportUnit]] = {}
        for unit in self.units:
            grouped.setdefault(unit.sku, []).append(unit)
        return grouped


@dataclass(frozen=True)
class ExchangeEntry:
    """One translated field read back from an exchange file.

    ``field`` is the field as the file names it: an XLIFF unit id, or the field
    path of a PO context. ``where`` points at it in the file for messages
    (``unit bullets.2`` or ``line 40``). ``needs_review`` is true for an XLIFF
    segment in state ``initial`` and a fuzzy PO entry.
    """

    sku: str
    field: str
    source: str
    target: str
    needs_review: bool
    where: str
    alternative_field: str | None = None  # the XLIFF unit name, a field path, when the id is not known


@dataclass(frozen=True)
class ExchangeFile:
    """An exchange file as read: its format, languages and entries."""

    format: str
    source_locale: str | None
    target_locale: str
    entries: list[ExchangeEntry]
