"""Rules about review sign-offs recorded by `linkstar review`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linkstar_cli.errors import LinkstarError
from linkstar_cli.i18n import N_, _
from linkstar_cli.lint.context import SkuContext
from linkstar_cli.lint.example_base import REVIEWS
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Example, Rule, Scope
from linkstar_cli.model.reviews import Reviews
from linkstar_cli.repo.reviews_io import REVIEWS_FILE

# A language approval whose fingerprint matches no copy: what an approval looks like after the copy changed.
_OLD_APPROVAL = """\
  - layer: language
    locale: de-DE
    by: reviewer@example.com
    at: "2026-11-20T10:00:00+00:00"
    verdict: approve
    fingerprint: "0000000000000000000000000000000000000000000000000000000000000000"
"""

# The visual and platform layers cover rendered files, which lint does not render; status and release judge them.
CONTENT_LAYERS = ("language", "accuracy")


class ReviewStale(Rule):
    id = "review-stale"
    level = Level.WARNING
    scope = Scope.SKU
    family = "reviews"
    summary = N_("an approval no longer matches the content it approved")
    description = N_(
        "`linkstar review` binds an approval to a fingerprint of what its layer covers: the language layer to the "
        "locale's copy, the accuracy layer to the brief and that copy. When that content changes, the approval is "
        "stale and `linkstar release` will refuse until someone approves again. The visual and platform layers "
        "cover rendered files; `linkstar status` shows whether those are stale."
    )
    examples = (
        Example(True, N_("no review recorded yet"), {}),
        Example(False, N_("German copy changed after its language approval"), {"skus/EX-1/reviews.yaml": REVIEWS.replace("reviews: []\n", "reviews:\n" + _OLD_APPROVAL)}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        from linkstar_cli.release.fingerprints import layer_fingerprints, source_hashes
        from linkstar_cli.release.reviews import latest_reviews

        sku: SkuContext = context
        path = sku.folder / REVIEWS_FILE
        if sku.brief is None or not path.is_file():
            return
        reviews = sku.run.load(path, Reviews, sku.load_problems)
        if reviews is None:
            return
        entries = {id(review): index for index, review in enumerate(reviews.reviews)}
        for (layer, locale, _platform), review in sorted(latest_reviews(reviews.reviews).items(), key=lambda item: str(item[0])):
            if layer not in CONTENT_LAYERS or review.verdict != "approve" or locale not in sku.copies:
                continue
            try:
                current = layer_fingerprints(source_hashes(sku.repo, sku.sku, locale), None)[layer]
            except LinkstarError:
                continue  # a file that fails to load is reported by the schema rules
            if current != review.fingerprint:
                yield sku.problem(
                    _("{layer} approval of {locale} by {reviewer} is stale: the content changed after it was approved", layer=layer, locale=locale, reviewer=review.by),
                    key=f"{layer}:{locale}",
                    file=f"skus/{sku.sku}/{REVIEWS_FILE}",
                    path=("reviews", entries[id(review)]),
                    hint=_("Review the change, then record it again: linkstar review {sku} --layer {layer} --locale {locale} approve", sku=sku.sku, layer=layer, locale=locale),
                    locale=locale,
                )


RULES = (ReviewStale(),)
