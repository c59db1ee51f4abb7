"""Who may record a review verdict: the approvers that ``roles`` in linkstar.yaml names per market and layer.

The language and accuracy layers look up the locale (``de-DE``), then its region
(``DE``). The visual and platform layers look up the platform's market (``DE`` for
amazon-de). The first entry that lists approvers for the layer decides, else
``roles.default``. A layer with approvers nowhere in ``roles`` is open to anyone,
and a layer with approvers only for other markets is open to nobody else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linkstar_cli.errors import UsageError
from linkstar_cli.i18n import _
from linkstar_cli.model.config import ReviewLayer, Roles
from linkstar_cli.model.reviews import PLATFORM_LAYERS
from linkstar_cli.specs.model import PlatformSpec

_REGION = re.compile(r"^(?:[A-Z]{2}|\d{3})$")


@dataclass(frozen=True)
class Approvers:
    """People who may review one layer in one market, where ``people`` None means anyone."""

    layer: ReviewLayer
    market: str  # the market or locale shown in messages
    people: tuple[str, ...] | None
    source: str  # where linkstar.yaml lists them, for example roles.markets.DE

    def allows(self, email: str) -> bool:
        if self.people is None:
            return True
        return email.strip().lower() in {person.strip().lower() for person in self.people}


def region_of(locale: str) -> str | None:
    """Return the region subtag of a BCP 47 locale (``DE`` for ``de-DE``), or None when it has none."""
    last = locale.split("-")[-1]
    return last if "-" in locale and _REGION.match(last) else None


def lookup_keys(layer: ReviewLayer, locale: str, spec: PlatformSpec | None) -> list[str]:
    """Return the ``roles.markets`` keys to try for a review, most specific first."""
    if layer in PLATFORM_LAYERS and spec is not None:
        return [spec.market]
    region = region_of(locale)
    return [locale, region] if region else [locale]


def approvers_for(roles: Roles, layer: ReviewLayer, keys: list[str]) -> Approvers:
    market = keys[-1] if keys else "default"
    for key in keys:
        entry = roles.markets.get(key)
        people = entry.approvers.get(layer) if entry else None
        if people:
            return Approvers(layer, market, tuple(people), f"roles.markets.{key}")
    default = roles.default.approvers.get(layer)
    if default:
        return Approvers(layer, market, tuple(default), "roles.default")
    configured = any(entry.approvers.get(layer) for entry in roles.markets.values())
    return Approvers(layer, market, () if configured else None, "roles")


def check_reviewer(approvers: Approvers, email: str) -> None:
    """Raise UsageError when ``email`` may not review the layer, naming who may."""
    if approvers.allows(email):
        return
    if not approvers.people:
        raise UsageError(
            _("nobody may review the {layer} layer for {market}: linkstar.yaml names {layer} approvers only for other markets", layer=approvers.layer, market=approvers.market),
            path="linkstar.yaml",
            hint=_("Add approvers for {layer} under roles.default.approvers or roles.markets.{market}.approvers in linkstar.yaml.", layer=approvers.layer, market=approvers.market),
        )
    raise UsageError(
        _("{by} may not review the {layer} layer for {market}", by=email, layer=approvers.layer, market=approvers.market),
        path="linkstar.yaml",
        hint=_("Who may: {people} ({source} in linkstar.yaml). Pass --by with one of them, or add the address there.", people=", ".join(approvers.people), source=approvers.source),
    )
