"""``--format github``: GitHub Actions workflow commands that annotate the files of a pull request.

Each finding becomes one line, ``::error file=F,line=L,col=C,title=RULE::MESSAGE``,
with ``warning`` or ``notice`` for the lower levels. The runner reads percent-encoded
data: ``%``, CR and LF in the message, and also ``:`` and ``,`` in the properties.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from linkstar_cli.lint.engine import LintResult
from linkstar_cli.lint.findings import Finding, Level
from linkstar_cli.lint.report.sarif import work_tree_prefix

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def render_github(result: LintResult, root: Path | None = None) -> str:
    """Return one workflow command per finding, joined by newlines (empty when there is none).

    With ``root`` (the content repo root) file paths are made relative to the top of
    the Git work tree, which is where GitHub looks for annotated files.
    """
    prefix = work_tree_prefix(root) if root is not None else ""
    return "\n".join(workflow_command(finding, prefix) for finding in result.findings)


def workflow_command(finding: Finding, prefix: str = "") -> str:
    properties: list[tuple[str, str]] = []
    if finding.file:
        properties.append(("file", prefix + finding.file))
        if finding.line:
            properties.append(("line", str(finding.line)))
            if finding.column:
                properties.append(("col", str(finding.column)))
    properties.append(("title", finding.rule))
    message = f"{finding.message}\n{finding.hint}" if finding.hint else finding.message
    listed = ",".join(f"{name}={escape_property(value)}" for name, value in properties)
    return f"::{COMMANDS[finding.level]} {listed}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_for_environment(environ: Mapping[str, str]) -> str:
    """Return the output format to use when ``--format`` is not given: github inside GitHub Actions."""
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "human"
