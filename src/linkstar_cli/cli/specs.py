"""``linkstar specs``: list, show and compare platform specs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table
from rich.text import Text

from linkstar_cli.cli.state import current
from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _

if TYPE_CHECKING:
    from linkstar_cli.specs.diff import SpecChange
    from linkstar_cli.specs.loader import SpecRegistry

_DIFF_FORMATS = ("human", "json")


def _registry() -> SpecRegistry:
    return _registry_and_folder()[0]


def _registry_and_folder() -> tuple[SpecRegistry, Path]:
    """Return the visible specs and the folder they are read from: the content repo root, else the working folder."""
    from linkstar_cli.specs.loader import SpecRegistry

    state = current()
    try:
        repo = state.repo()
    except InputError:
        # Outside a content repo only the built-in specs are visible.
        return SpecRegistry(), state.start
    return repo.specs, repo.root


def _change_label(change: SpecChange) -> str:
    labels = {"changed": _("changed"), "added": _("added"), "removed": _("removed")}
    return labels[change.kind]


def _format_value(value: Any) -> str:
    """Format a spec value for a table cell: text as it is, other values as compact JSON, an absent key as nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _change_record(change: SpecChange) -> dict[str, Any]:
    record: dict[str, Any] = {"key": change.key, "change": change.kind}
    if change.kind != "added":
        record["from"] = change.from_value
    if change.kind != "removed":
        record["to"] = change.to_value
    return record


def register(app: typer.Typer) -> None:
    specs_app = typer.Typer(help=_("List, show and compare platform specs."), no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(specs_app, name="specs")

    @specs_app.command("list", help=_("List the platform specs: built-in ones and the repo's own."))
    def list_command(
        output_format: str = typer.Option("human", "--format", help=_("Output format: human or json.")),
    ) -> None:
        state = current()
        registry = _registry()
        specs = registry.load_all()
        if output_format == "json":
            rows = [
                {"id": spec.id, "name": spec.name, "locale": spec.locale, "currency": spec.currency, "checked": spec.checked.isoformat(), "local": registry.is_local(spec.id)}
                for spec in specs
            ]
            state.output.data(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        table = Table(_("id"), _("name"), _("locale"), _("currency"), _("units"), _("checked"), _("origin"))
        for spec in specs:
            origin = _("local") if registry.is_local(spec.id) else _("built-in")
            table.add_row(spec.id, spec.name, spec.locale, spec.currency, spec.units, spec.checked.isoformat(), origin)
        state.output.out.print(table)

    @specs_app.command("show", help=_("Print one platform spec with its extends: chain resolved, as JSON."))
    def show_command(platform: str = typer.Argument(..., help=_("Platform id, for example amazon-de."))) -> None:
        state = current()
        registry = _registry()
        if platform not in registry.ids():
            raise registry.unknown(platform)
        spec = registry.get(platform)
        state.output.data(json.dumps(spec.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2))

    @specs_app.command(
        "diff",
        help=_("Compare two platform specs, or two versions of one, and print each key whose value differs. Exit code 0 whether or not they differ."),
    )
    def diff_command(
        first: str = typer.Argument(..., help=_("The spec to compare from: a platform id (amazon-de), builtin:<id> for the built-in spec even where the repo has its own, or <id>@<revision> for the spec file at a Git revision (amazon-de@HEAD~3).")),
        second: str = typer.Argument(..., help=_("The spec to compare to, written the same way.")),
        output_format: str = typer.Option("human", "--format", "-f", help=_("Output format: human (a table) or json (a list of changes).")),
    ) -> None:
        state = current()
        if output_format not in _DIFF_FORMATS:
            raise UsageError(_("unknown format \"{format}\"", format=output_format), hint=_("Use one of: {formats}.", formats=", ".join(_DIFF_FORMATS)))
        from linkstar_cli.specs.diff import SpecReference, diff_specs, load_reference

        references = SpecReference.parse(first), SpecReference.parse(second)
        registry, folder = _registry_and_folder()
        first_spec, second_spec = (load_reference(reference, registry, folder) for reference in references)
        changes = diff_specs(first_spec, second_spec)

        if output_format == "json":
            state.output.data(json.dumps([_change_record(change) for change in changes], ensure_ascii=False, indent=2))
        elif changes:
            table = Table(_("key"), _("change"), first, second)
            for change in changes:
                # Text cells, because values such as regular expressions contain brackets that rich would read as markup.
                table.add_row(Text(change.key), Text(_change_label(change)), Text(_format_value(change.from_value)), Text(_format_value(change.to_value)))
            state.output.out.print(table)
        if changes:
            state.output.info(_("Differences between {first} and {second}: {count}.", first=first, second=second, count=len(changes)))
        else:
            state.output.info(_("{first} and {second} do not differ.", first=first, second=second))
