"""``linkstar release``, ``history`` and ``diff``: releases as Git tags, and reading them back."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from linkstar_cli.cli.state import current
from linkstar_cli.errors import ExitCode, UsageError
from linkstar_cli.i18n import _

FORMATS = ("human", "json")


def _checked_format(output_format: str) -> None:
    if output_format not in FORMATS:
        raise UsageError(_("unknown format \"{format}\"", format=output_format), hint=_("Use one of: {formats}.", formats=", ".join(FORMATS)))


def _shown(value: Any) -> str:
    if value is None:
        return _("(empty)")
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def register(app: typer.Typer) -> None:
    @app.command("release", help=_("Tag HEAD as the next release <SKU>/<platform>/v<N> when the tree is clean, lint passes, all four review layers are approved and the render is current."))
    def release_command(
        sku: str = typer.Argument(..., help=_("SKU id.")),
        platform: str = typer.Option(..., "--platform", "-p", help=_("Platform id to release for, for example amazon-de.")),
        push: str | None = typer.Option(None, "--push", help=_("Push the new tag (only that tag) to this Git remote, for example origin.")),
    ) -> int:
        from linkstar_cli.release.release import release

        state = current()
        result = release(state.repo(), sku, platform, push=push)
        state.output.data(result.tag)
        state.output.success(_("Released {sku} for {platform} as {tag} on commit {commit}.", sku=sku, platform=platform, tag=result.tag, commit=result.commit[:12]))
        if result.pushed_to:
            state.output.success(_("Pushed {tag} to {remote}.", tag=result.tag, remote=result.pushed_to))
        return int(ExitCode.OK)

    @app.command("history", help=_("List the releases of a SKU with their date, version, commit and reviewers, read from the release tags."))
    def history_command(
        sku: str = typer.Argument(..., help=_("SKU id.")),
        platform: str | None = typer.Option(None, "--platform", "-p", help=_("Show only this platform's releases.")),
        output_format: str = typer.Option("human", "--format", "-f", help=_("Output format: human or json.")),
    ) -> int:
        from linkstar_cli.release.history import history_entry, release_history

        state = current()
        _checked_format(output_format)
        found = release_history(state.repo(), sku, platform)
        entries = [history_entry(release) for release in found]
        if output_format == "json":
            state.output.data(json.dumps(entries, ensure_ascii=False, indent=2))
            return int(ExitCode.OK)
        if not entries and platform:
            state.output.info(_("{sku} has no release on {platform} yet.", sku=sku, platform=platform))
            return int(ExitCode.OK)
        if not entries:
            state.output.info(_("{sku} has no release yet.", sku=sku))
            return int(ExitCode.OK)
        table = Table(_("platform"), _("version"), _("date"), _("commit"), _("released by"), _("reviewers"))
        for entry in entries:
            reviewers = "\n".join(f"{layer}: {by}" for layer, by in entry["reviewers"].items()) or _("(no manifest)")
            table.add_row(entry["platform"], f"v{entry['version']}", entry["date"], entry["commit"][:12], entry["tagger"], reviewers)
        state.output.out.print(table)
        return int(ExitCode.OK)

    @app.command("diff", help=_("Show what changed between two releases of a SKU: copy and brief fields, and which rendered images changed."))
    def diff_command(
        sku: str = typer.Argument(..., help=_("SKU id.")),
        first: str = typer.Argument(..., help=_("Older release, for example v1.")),
        second: str = typer.Argument(..., help=_("Newer release, for example v2.")),
        platform: str | None = typer.Option(None, "--platform", "-p", help=_("Platform of the releases. Default: the only platform the SKU was released on.")),
        output_format: str = typer.Option("human", "--format", "-f", help=_("Output format: human or json.")),
    ) -> int:
        from linkstar_cli.release.diff import diff_releases

        state = current()
        _checked_format(output_format)
        result = diff_releases(state.repo(), sku, first, second, platform)
        if output_format == "json":
            state.output.data(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return int(ExitCode.OK)
        labels = {"changed": _("changed"), "added": _("added"), "removed": _("removed")}
        lines = [f"{result.before.tag} ({result.before.commit[:12]}) → {result.after.tag} ({result.after.commit[:12]})"]
        for change in result.fields:
            if not change.field:
                lines.append(_("{file}: file {change}", file=change.file, change=labels.get(change.change, change.change)))
                continue
            lines.append(f"{change.file}: {change.field}")
            if change.change != "added":
                lines.append(f"  - {_shown(change.before)}")
            if change.change != "removed":
                lines.append(f"  + {_shown(change.after)}")
        if not result.fields:
            lines.append(_("No change in copy or brief."))
        for image in result.images:
            lines.append(_("image {name}: {change}", name=image.name, change=labels.get(image.change, image.change)))
        if not result.images:
            lines.append(_("No rendered image changed."))
        state.output.data("\n".join(lines))
        return int(ExitCode.OK)
