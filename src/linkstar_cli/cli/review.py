"""``linkstar review``: record an approval or a request for changes on one review layer."""

from __future__ import annotations

import typer

from linkstar_cli.cli.state import current
from linkstar_cli.errors import UsageError
from linkstar_cli.i18n import _


def register(app: typer.Typer) -> None:
    @app.command("review", help=_("Record a review verdict (approve or request-changes) on one layer, bound to the content it covers, in skus/<SKU>/reviews.yaml."))
    def review_command(
        sku: str = typer.Argument(..., help=_("SKU id.")),
        verdict: str = typer.Argument(..., help=_("approve or request-changes.")),
        layer: str = typer.Option(..., "--layer", help=_("Review layer: accuracy, language, visual or platform.")),
        locale: str = typer.Option(..., "--locale", help=_("Copy locale reviewed, for example de-DE; for visual and platform, the locale the platform uses.")),
        platform: str | None = typer.Option(None, "--platform", "-p", help=_("Platform id whose rendered package was reviewed; needed for the visual and platform layers.")),
        note: str | None = typer.Option(None, "-m", "--message", help=_("What was checked, or what must change.")),
        by: str | None = typer.Option(None, "--by", help=_("E-mail address of the reviewer. Default: git config user.email.")),
    ) -> None:
        from linkstar_cli.release.reviews import ReviewRequest, record_review
        from linkstar_cli.repo.reviews_io import REVIEWS_FILE, git_user_email

        state = current()
        repo = state.repo()
        reviewer = by or git_user_email(repo.root)
        if not reviewer:
            raise UsageError(
                _("no reviewer: git config user.email is not set"),
                hint=_("Pass --by EMAIL, or set your address with `git config user.email you@example.com`."),
            )
        request = ReviewRequest(sku=sku, layer=layer, locale=locale, platform=platform, verdict=verdict, by=reviewer.strip(), note=note)
        review = record_review(repo, request)
        file = f"skus/{sku}/{REVIEWS_FILE}"
        subject = review.platform or review.locale
        if review.verdict == "approve":
            message = _("Approved the {layer} layer of {sku} for {subject} as {by} in {file}.", layer=review.layer, sku=sku, subject=subject, by=review.by, file=file)
        else:
            message = _("Requested changes on the {layer} layer of {sku} for {subject} as {by} in {file}.", layer=review.layer, sku=sku, subject=subject, by=review.by, file=file)
        state.output.success(message)
