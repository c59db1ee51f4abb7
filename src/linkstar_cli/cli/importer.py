"""``linkstar import``: products from ERP/PIM exports into SKU folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from linkstar_cli.cli.console import Output
from linkstar_cli.cli.state import current
from linkstar_cli.errors import ExitCode, UsageError
from linkstar_cli.i18n import _, ngettext

if TYPE_CHECKING:
    from linkstar_cli.importer.run import ImportResult

_FORMATS = ("human", "json")
_SHOWN_LENGTH = 60


def register(app: typer.Typer) -> None:
    @app.command("import", help=_("Import products from a CSV or XLSX export into briefs and copy, keeping hand edits."))
    def import_command(
        file: Path = typer.Argument(..., help=_("The export file: .csv (any delimiter) or .xlsx."), dir_okay=False),
        mapping: Optional[Path] = typer.Option(None, "--mapping", "-m", help=_("Mapping file that maps export columns to brief and copy fields."), dir_okay=False),
        preset: Optional[str] = typer.Option(None, "--preset", "-p", help=_("Built-in mapping: woocommerce, akeneo or shopify.")),
        dry_run: bool = typer.Option(False, "--dry-run", help=_("Print the changes as a diff per file and write nothing.")),
        encoding: Optional[str] = typer.Option(None, "--encoding", help=_("Text encoding of a CSV file, for example utf-8 or gb18030. Default: detected.")),
        decimal: Optional[str] = typer.Option(None, "--decimal", help=_("Decimal separator of numbers: dot (9.99) or comma (9,99). Default: dot.")),
        sheet: Optional[str] = typer.Option(None, "--sheet", help=_("Worksheet of an .xlsx file. Default: the first one.")),
        market: Optional[str] = typer.Option(None, "--market", help=_("Market code (US) or platform id (amazon-us) that the export's prices are for.")),
        output_format: str = typer.Option("human", "--format", "-f", help=_("Output format: human or json.")),
    ) -> int:
        from linkstar_cli.importer.run import ImportOptions, run_import

        state = current()
        if output_format not in _FORMATS:
            raise UsageError(_("unknown format \"{format}\"", format=output_format), hint=_("Use one of: {formats}.", formats=", ".join(_FORMATS)))
        if decimal not in (None, "dot", "comma"):
            raise UsageError(_("unknown decimal separator \"{decimal}\"", decimal=decimal), hint=_("Use --decimal dot or --decimal comma."))
        options = ImportOptions(
            mapping=_from_start(state.start, mapping),
            preset=preset,
            dry_run=dry_run,
            encoding=encoding,
            decimal=decimal,  # type: ignore[arg-type]
            sheet=sheet,
            market=market,
        )
        source = _from_start(state.start, file)
        assert source is not None
        result = run_import(state.repo(), source, file.as_posix(), options)
        if output_format == "json":
            data = result.as_dict()
            if dry_run:
                data["diffs"] = {name: text for name, text in result.diffs()}
            state.output.data(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            if dry_run:
                for _name, text in result.diffs():
                    state.output.data(text)
            _print_human(state.output, result)
        return int(ExitCode.OK)


def _from_start(start: Path, path: Path | None) -> Path | None:
    if path is None:
        return None
    return path if path.is_absolute() else start / path


def _short(text: str | None) -> str:
    if text is None:
        return _("(empty)")
    single = " ".join(text.split())
    return single if len(single) <= _SHOWN_LENGTH else single[: _SHOWN_LENGTH - 1] + "…"


def _print_human(output: Output, result: ImportResult) -> None:
    from rich.table import Table

    status_names = {"created": _("created"), "updated": _("updated"), "unchanged": _("unchanged")}
    if result.changed or result.conflicts:
        table = Table(title=_("Import of {file}", file=result.source), title_justify="left")
        table.add_column(_("SKU"))
        table.add_column(_("result"))
        table.add_column(_("changed fields"), justify="right")
        table.add_column(_("conflicts"), justify="right")
        for outcome in result.skus:
            if outcome.status == "unchanged" and not outcome.conflicts:
                continue
            table.add_row(outcome.sku, status_names[outcome.status], str(len(outcome.changes)), str(len(outcome.conflicts)))
        output.err.print(table)
    if result.conflicts:
        conflicts = Table(title=_("Kept hand edits (conflicts)"), title_justify="left")
        for heading in (_("SKU"), _("file"), _("field"), _("value in the repo"), _("value in the export"), _("row")):
            conflicts.add_column(heading)
        for conflict in result.conflicts:
            conflicts.add_row(conflict.sku, conflict.file, conflict.field, _short(conflict.repo_value), _short(conflict.export_value), str(conflict.row))
        output.err.print(conflicts)
        output.info(_("To take a value from the export, delete it from the file and import again."))
    for note in result.notes:
        output.warn(_("row {row}: {message}", row=note.row, message=note.message))
    if result.skipped:
        output.info(ngettext("{count} row skipped by the mapping.", "{count} rows skipped by the mapping.", len(result.skipped), count=len(result.skipped)))
    counts = {
        "created": result.count("created"),
        "updated": result.count("updated"),
        "unchanged": result.count("unchanged"),
        "conflicts": len(result.conflicts),
    }
    if result.dry_run:
        output.info(_("Dry run, nothing written: {created} SKUs would be created, {updated} updated, {unchanged} unchanged; conflicts: {conflicts}.", **counts))
    elif result.changed:
        output.success(_("{created} SKUs created, {updated} updated, {unchanged} unchanged; conflicts: {conflicts}.", **counts))
    elif result.conflicts:
        output.success(_("No file changed: {unchanged} SKUs match the export except for the hand edits listed above.", **counts))
    else:
        output.success(_("No file changed: the repo already matches {file} ({unchanged} SKUs).", file=result.source, **counts))
