"""``linkstar status``: the SKU × target matrix as a table, JSON or a self-contained HTML page."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table
from rich.text import Text

from linkstar_cli.cli.console import make_console, shown_path
from linkstar_cli.cli.state import current
from linkstar_cli.errors import ExitCode, UsageError
from linkstar_cli.i18n import _

if TYPE_CHECKING:
    from linkstar_cli.release.status import Cell, StatusReport

FORMATS = ("human", "json", "html")
_STAGE_STYLES = {
    "brief": "red",
    "copy": "red",
    "assets": "yellow",
    "lint-clean": "yellow",
    "reviewed": "green",
    "released": "bold green",
    "changed": "bold yellow",
}


def status_table(report: StatusReport) -> Table:
    table = Table(_("SKU"), *report.targets, show_lines=True)
    for sku in report.skus:
        row: list[Text | str] = [sku]
        for target in report.targets:
            cell = report.cells.get((sku, target))
            row.append(_cell_text(cell) if cell is not None else Text("–", style="dim"))
        table.add_row(*row)
    return table


def _cell_text(cell: Cell) -> Text:
    text = Text(cell.stage_label(), style=_STAGE_STYLES.get(cell.stage, ""))
    for line in cell.summary():
        text.append("\n" + line, style="red")
    if cell.assessment.ready and cell.stage in ("reviewed", "changed"):
        text.append("\n" + _("ready to release"), style="green")
    return text


def register(app: typer.Typer) -> None:
    @app.command("status", help=_("Show each SKU on each target: its stage (brief, copy, assets, lint clean, reviewed, released) and what blocks its release."))
    def status_command(
        skus: list[str] | None = typer.Argument(None, help=_("SKUs to show. Default: every SKU.")),
        output_format: str = typer.Option("human", "--format", "-f", help=_("Output format: human, json or html.")),
        output: Path | None = typer.Option(None, "--output", "-o", help=_("Write the output to this file instead of standard output."), dir_okay=False),
    ) -> int:
        from linkstar_cli.release.status import build_status
        from linkstar_cli.release.status_html import render_html
        from linkstar_cli.repo.atomic import write_text_atomic

        state = current()
        if output_format not in FORMATS:
            raise UsageError(_("unknown format \"{format}\"", format=output_format), hint=_("Use one of: {formats}.", formats=", ".join(FORMATS)))
        report = build_status(state.repo(), list(skus or []))
        if not report.skus:
            state.output.info(_("No SKU in this repo yet; create one with `linkstar new-sku SKU`."))
        if output_format == "json":
            text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
        elif output_format == "html":
            text = render_html(report)
        elif output is not None:
            buffer = io.StringIO()
            make_console(buffer, "never").print(status_table(report))
            text = buffer.getvalue()
        else:
            state.output.out.print(status_table(report))
            return int(ExitCode.OK)

        if output is None:
            state.output.data(text)
        else:
            target = output if output.is_absolute() else state.start / output
            write_text_atomic(target, text)
            state.output.info(_("Status written to {file}.", file=shown_path(target)))
        return int(ExitCode.OK)
