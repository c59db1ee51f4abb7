"""``linkstar init`` and ``linkstar new-sku``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from linkstar_cli.cli.console import shown_path
from linkstar_cli.cli.state import current
from linkstar_cli.i18n import _

if TYPE_CHECKING:
    from linkstar_cli.repo.scaffold import ScaffoldResult


def split_list(value: str | None) -> list[str]:
    """Split a comma-separated option value, dropping empty items."""
    if not value:
        return []
    return [item.strip() for item in value.split(",") if item.strip()]


def _report(result: ScaffoldResult) -> None:
    output = current().output
    for path in result.created:
        output.info(_("created {path}", path=shown_path(path)))
    for path in result.kept:
        output.info(_("kept existing {path}", path=shown_path(path)))


def register(app: typer.Typer) -> None:
    @app.command("init", help=_("Create a content repo: linkstar.yaml, brand kit stub, .gitignore, pre-commit configuration and schemas; run git init when needed."))
    def init_command(
        folder: Optional[Path] = typer.Argument(None, help=_("Folder to create the repo in. Default: the current folder."), file_okay=False),
        brand: str = typer.Option("My Brand", "--brand", help=_("Brand name written to linkstar.yaml and brand/brand.yaml.")),
        source_locale: str = typer.Option("en-US", "--source-locale", help=_("Locale that copy is written in first (BCP 47, for example en-US).")),
        targets: str = typer.Option("amazon-de", "--targets", help=_("Comma-separated platform ids, for example amazon-de,amazon-us.")),
    ) -> None:
        state = current()
        root = folder if folder is not None else state.start
        from linkstar_cli.repo.scaffold import init_repo

        result = init_repo(root, brand=brand, source_locale=source_locale, targets=split_list(targets))
        _report(result)
        if result.git_initialised:
            state.output.info(_("initialised a Git repository in {path}", path=shown_path(result.root)))
        state.output.success(_("Content repo ready. Next: linkstar new-sku SKU"))

    @app.command("new-sku", help=_("Create a SKU folder: brief, a copy file per target locale and an assets catalog. Never overwrites."))
    def new_sku_command(
        sku: str = typer.Argument(..., help=_("SKU id: letters, digits, \".\", \"_\" and \"-\".")),
        category: str = typer.Option("uncategorized", "--category", help=_("Dotted category path, for example apparel.hoodie.")),
        targets: Optional[str] = typer.Option(None, "--targets", help=_("Comma-separated platform ids. Default: the repo's targets.")),
    ) -> None:
        state = current()
        from linkstar_cli.repo.scaffold import new_sku

        result = new_sku(state.repo(), sku, category=category, targets=split_list(targets) or None)
        _report(result)
        state.output.success(_("SKU {sku} created. Fill in brief.yaml and the copy files, then run linkstar render.", sku=sku))
