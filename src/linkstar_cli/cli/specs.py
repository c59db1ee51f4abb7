"""``linkstar specs``: list and show platform specs."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from linkstar_cli.cli.state import current
from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.specs.loader import SpecRegistry


def _registry() -> SpecRegistry:
    state = current()
    try:
        return state.repo().specs
    except InputError:
        # Outside a content repo only the built-in specs are visible.
        return SpecRegistry()


def register(app: typer.Typer) -> None:
    specs_app = typer.Typer(help=_("List and show platform specs."), no_args_is_help=True, rich_markup_mode=None)
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
