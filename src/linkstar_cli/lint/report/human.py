"""``--format human``: findings grouped by SKU and file, then counts per rule."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from linkstar_cli.i18n import _, ngettext
from linkstar_cli.lint.engine import LintResult
from linkstar_cli.lint.findings import Finding, Level

_STYLE = {Level.ERROR: "bold red", Level.WARNING: "yellow", Level.INFO: "cyan"}


def _level_name(level: Level) -> str:
    return {Level.ERROR: _("error"), Level.WARNING: _("warning"), Level.INFO: _("info")}[level]


def _pad(text: str, width: int) -> str:
    """Pad to ``width`` terminal cells; CJK characters take two cells each."""
    return text + " " * max(1, width - cell_len(text))


def _finding_line(finding: Finding) -> Text:
    position = f"{finding.line}:{finding.column or 1}" if finding.line else "-"
    text = Text("  ")
    text.append(_pad(position, 8))
    text.append(_pad(_level_name(finding.level), 8), style=_STYLE[finding.level])
    context = " ".join(part for part in (finding.target, finding.locale) if part)
    text.append(finding.message)
    if context:
        text.append(f"  [{context}]", style="dim")
    text.append(f"  ({finding.rule})", style="dim")
    if finding.hint:
        text.append("\n" + " " * 18)
        text.append(finding.hint, style="dim italic")
    return text


def render_human(result: LintResult) -> RenderableType:
    parts: list[RenderableType] = []
    for sku, by_sku in groupby(result.findings, key=lambda finding: finding.sku or ""):
        parts.append(Text(sku or _("repository"), style="bold underline"))
        for file, by_file in groupby(by_sku, key=lambda finding: finding.file or ""):
            parts.append(Text(" " + (file or "-"), style="bold"))
            parts.extend(_finding_line(finding) for finding in by_file)
        parts.append(Text(""))
    if result.findings:
        counts = Counter((finding.rule, finding.level) for finding in result.findings)
        table = Table(_("rule"), _("level"), _("count"), box=None, pad_edge=False)
        for (rule, level), count in sorted(counts.items(), key=lambda item: (-item[0][1].rank, item[0][0])):
            table.add_row(rule, Text(_level_name(level), style=_STYLE[level]), str(count))
        parts.append(table)
    return Group(*parts)


def summary_line(result: LintResult) -> str:
    skus = len(result.skus)
    errors, warnings, notes = (result.count(level) for level in (Level.ERROR, Level.WARNING, Level.INFO))
    text = _(
        "{checked} ({stage}): {errors}, {warnings}, {notes}",
        checked=ngettext("{count} SKU checked", "{count} SKUs checked", skus, count=skus),
        stage=result.stage,
        errors=ngettext("{count} error", "{count} errors", errors, count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings, count=warnings),
        notes=ngettext("{count} note", "{count} notes", notes, count=notes),
    )
    extras = []
    if result.suppressed:
        extras.append(_("{count} suppressed inline", count=result.suppressed))
    if result.baselined:
        extras.append(_("{count} in the baseline", count=result.baselined))
    return text + (" (" + ", ".join(extras) + ")" if extras else "")
