"""Rules about listing facts that every offer needs, whatever the platform."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from linkstar_cli.i18n import N_, _
from linkstar_cli.lint.context import TargetContext
from linkstar_cli.lint.example_base import BRIEF
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Example, Rule, Scope


def price_for(prices: dict[str, Decimal], platform: str, market: str) -> Decimal | None:
    """Return the price for a target: by platform id first, then by market code, as render picks it."""
    if platform in prices:
        return prices[platform]
    return prices.get(market)


class PriceMissing(Rule):
    id = "price-missing"
    level = Level.ERROR
    scope = Scope.TARGET
    family = "listing"
    summary = N_("a target has no price, or a price of zero")
    description = N_(
        "Every target needs a price in the brief: `prices` by platform id (`amazon-de`) or market (`DE`), in the "
        "market's currency. A SKU with variants may give the prices on its variants instead; then every variant needs one. "
        "Without a price the listing and the bulk upload file have no offer."
    )
    examples = (
        Example(True, N_("price for amazon-de"), {}),
        Example(False, N_("no price at all"), {"skus/EX-1/brief.yaml": BRIEF.replace('prices: {amazon-de: "19.99"}\n', "")}),
        Example(False, N_("price of zero"), {"skus/EX-1/brief.yaml": BRIEF.replace('"19.99"', '"0"')}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        target: TargetContext = context
        brief = target.sku.brief
        if brief is None:
            return
        spec = target.spec
        own = price_for(brief.prices, spec.id, spec.market)
        file = target.sku.brief_file
        if own is not None and own <= 0:
            yield target.problem(
                _("price for {platform} is {price}", platform=spec.id, price=own),
                key="zero",
                file=file,
                path=("prices", spec.id if spec.id in brief.prices else spec.market),
                hint=_("Enter the selling price in {currency}.", currency=spec.currency),
            )
            return
        if own is not None:
            return
        if brief.variants and all(price_for(variant.prices, spec.id, spec.market) for variant in brief.variants):
            return
        yield target.problem(
            _("no price for {platform}", platform=spec.id),
            key="missing",
            file=file,
            path=("prices",),
            hint=_("Add prices: {{{platform}: \"...\"}} to the brief, in {currency}, or a price on every variant.", platform=spec.id, currency=spec.currency),
        )


RULES = (PriceMissing(),)
