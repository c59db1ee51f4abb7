"""``linkstar schema``: write the JSON Schemas of every file kind."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from linkstar_cli.cli.console import shown_path
from linkstar_cli.cli.state import current
from linkstar_cli.i18n import _


def register(app: typer.Typer) -> None:
    @app.command("schema", help=_("Write JSON Schemas for every file kind, for editors that autocomplete YAML."))
    def schema_command(
        out: Optional[Path] = typer.Option(None, "--out", help=_("Folder to write to. Default: schemas/ in the content repo."), file_okay=False),
    ) -> None:
        state = current()
        from linkstar_cli.model.schema import write_schemas
        from linkstar_cli.repo.scaffold import SCHEMA_DIR

        folder = out if out is not None else state.repo().root / SCHEMA_DIR
        for path in write_schemas(folder):
            state.output.data(shown_path(path))
