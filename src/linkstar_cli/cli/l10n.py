"""``linkstar l10n``: exchange translations with translators as XLIFF 2.0 or gettext PO files."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from linkstar_cli.cli.console import Output, shown_path
from linkstar_cli.cli.state import current
from linkstar_cli.errors import ExitCode, UsageError
from linkstar_cli.i18n import _, ngettext

if TYPE_CHECKING:
    from linkstar_cli.l10n.export import ExportResult
    from linkstar_cli.l10n.importing import ImportResult

_EXCHANGE_FORMATS = ("xliff", "po")
_REPORT_FORMATS = ("human", "json")
STDOUT = "-"


def register(app: typer.Typer) -> None:
    l10n_app = typer.Typer(help=_("Exchange translations with translators as XLIFF 2.0 or PO files."), no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(l10n_app, name="l10n")

    @l10n_app.command("export", help=_("Write the copy fields that a locale lacks or has stale, with notes for the translator, as XLIFF 2.0 or PO."))
    def export_command(
        skus: Optional[list[str]] = typer.Argument(None, metavar="SKU", help=_("SKU ids. Default: every SKU whose targets use the locale's copy, or that has a copy file in it.")),
        locale: str = typer.Option(..., "--locale", "-l", help=_("Target locale, a BCP 47 tag such as de-DE.")),
        exchange_format: str = typer.Option("xliff", "--format", "-f", help=_("File format: xliff (XLIFF 2.0) or po (gettext).")),
        output: Optional[str] = typer.Option(None, "--output", "-o", help=_("File to write, or - for stdout. Default: l10n/<locale>-<date>.xlf (or .po) in the repo.")),
        include_all: bool = typer.Option(False, "--all", help=_("Export every field with source text, not only missing and stale ones.")),
    ) -> int:
        from linkstar_cli.l10n.export import default_output, plan_export, render_export
        from linkstar_cli.repo.atomic import write_text_atomic

        state = current()
        if exchange_format not in _EXCHANGE_FORMATS:
            raise UsageError(_("unknown format \"{format}\"", format=exchange_format), hint=_("Use one of: {formats}.", formats=", ".join(_EXCHANGE_FORMATS)))
        repo = state.repo()
        result = plan_export(repo, locale, list(skus or []), include_all=include_all)
        for skipped in result.skipped:
            state.output.warn(_("SKU {sku} skipped: {reason}", sku=skipped.sku, reason=skipped.reason))
        if not result.document.units:
            state.output.success(_("Nothing to translate into {locale}: the fields of the chosen SKUs are translated and current.", locale=locale))
            return int(ExitCode.OK)
        text = render_export(result.document, exchange_format, datetime.now(timezone.utc))  # type: ignore[arg-type]
        if output == STDOUT:
            state.output.data(text)
            shown = _("stdout")
        else:
            if output:
                target = Path(output) if Path(output).is_absolute() else state.start / output
            else:
                target = default_output(repo, locale, exchange_format, date.today())  # type: ignore[arg-type]
            write_text_atomic(target, text)
            shown = shown_path(target)
        _print_export(state.output, result, shown)
        return int(ExitCode.OK)

    @l10n_app.command("import", help=_("Write the translations of an XLIFF 2.0 or PO file into the copy files, refusing those of changed source texts."))
    def import_command(
        file: Path = typer.Argument(..., help=_("The translated .xlf or .po file."), dir_okay=False),
        dry_run: bool = typer.Option(False, "--dry-run", help=_("Report what would be written and write nothing.")),
        output_format: str = typer.Option("human", "--format", "-f", help=_("Output format on stdout: human (only the table on stderr) or json.")),
    ) -> int:
        from linkstar_cli.l10n.importing import import_translations, read_exchange_file

        state = current()
        if output_format not in _REPORT_FORMATS:
            raise UsageError(_("unknown format \"{format}\"", format=output_format), hint=_("Use one of: {formats}.", formats=", ".join(_REPORT_FORMATS)))
        repo = state.repo()
        path = file if file.is_absolute() else state.start / file
        display = file.as_posix()
        exchange = read_exchange_file(path, display)
        result = import_translations(repo, exchange, display, dry_run=dry_run)
        _print_import(state.output, result)
        if output_format == "json":
            state.output.data(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return int(ExitCode.FINDINGS if result.refused else ExitCode.OK)


def _print_export(output: Output, result: ExportResult, shown: str) -> None:
    from linkstar_cli.l10n.fields import FieldState

    units = len(result.document.units)
    output.success(
        ngettext(
            "Wrote {count} field of {skus} to {file} ({missing} missing, {stale} stale).",
            "Wrote {count} fields of {skus} to {file} ({missing} missing, {stale} stale).",
            units,
            count=units,
            skus=ngettext("{count} SKU", "{count} SKUs", len(result.document.by_sku()), count=len(result.document.by_sku())),
            file=shown,
            missing=result.count(FieldState.MISSING),
            stale=result.count(FieldState.STALE),
        )
    )


def _print_import(output: Output, result: ImportResult) -> None:
    from rich.table import Table

    from linkstar_cli.l10n.importing import Outcome

    names = {
        Outcome.WRITTEN: _("would write") if result.dry_run else _("written"),
        Outcome.UNCHANGED: _("unchanged"),
        Outcome.SKIPPED: _("skipped"),
        Outcome.REFUSED: _("refused"),
    }
    if result.entries:
        table = Table(title=_("Import of {file} ({locale})", file=result.source, locale=result.locale), title_justify="left")
        for heading in (_("SKU"), _("field"), _("result"), _("reason"), _("in the file")):
            table.add_column(heading)
        for entry in result.entries:
            style = "red" if entry.outcome is Outcome.REFUSED else None
            table.add_row(entry.sku or "-", entry.field or "-", names[entry.outcome], entry.reason, entry.where, style=style)
        output.err.print(table)
    counts = {outcome.value: result.count(outcome) for outcome in Outcome}
    if result.dry_run:
        output.info(_("Dry run, nothing written: {written} would be written, {unchanged} unchanged, {skipped} skipped, {refused} refused.", **counts))
    else:
        output.info(_("{written} written, {unchanged} unchanged, {skipped} skipped, {refused} refused.", **counts))
    if result.refused:
        output.warn(_("Refused entries were not written. For a changed source text, export the field again with `linkstar l10n export --locale {locale}` and have it translated.", locale=result.locale))
