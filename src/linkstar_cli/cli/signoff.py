"""``linkstar signoff``: record that a person checked a compliance item that the data cannot show."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

import typer

from linkstar_cli.cli.state import current
from linkstar_cli.errors import UsageError
from linkstar_cli.i18n import _


def register(app: typer.Typer) -> None:
    @app.command("signoff", help=_("Record a compliance sign-off for one checklist item and market in skus/<SKU>/reviews.yaml."))
    def signoff_command(
        sku: str = typer.Argument(..., help=_("SKU id.")),
        checklist: str = typer.Option(..., "--checklist", help=_("Checklist id, for example eu-gpsr.")),
        item: str = typer.Option(..., "--item", help=_("Item id within the checklist, for example safety-information.")),
        market: str = typer.Option(..., "--market", help=_("Market code the sign-off is for, for example DE.")),
        note: Optional[str] = typer.Option(None, "-m", "--message", help=_("What was checked, for the next reader.")),
        by: Optional[str] = typer.Option(None, "--by", help=_("E-mail address of the person signing off. Default: git config user.email.")),
    ) -> None:
        from linkstar_cli.repo.reviews_io import REVIEWS_FILE, append_signoff, git_user_email, new_signoff
        from linkstar_cli.specs.checklists import ChecklistRegistry

        state = current()
        repo = state.repo()
        folder = repo.sku_dir(sku)
        reviewer = by or git_user_email(repo.root)
        if not reviewer:
            raise UsageError(
                _("no reviewer: git config user.email is not set"),
                hint=_("Pass --by EMAIL, or set your address with `git config user.email you@example.com`."),
            )
        registry = ChecklistRegistry(repo.root / "checklists", "checklists")
        signoff = new_signoff(
            registry,
            checklist_id=checklist,
            item_id=item,
            market=market.upper(),
            by=reviewer.strip(),
            note=note,
            at=datetime.now(timezone.utc).replace(microsecond=0),
        )
        path = folder / REVIEWS_FILE
        display = repo.display(path)
        append_signoff(path, display, signoff)
        state.output.success(
            _("Signed off {checklist} \"{item}\" for {market} as {by} in {file}.", checklist=signoff.checklist, item=signoff.item, market=signoff.market, by=signoff.by, file=display)
        )
