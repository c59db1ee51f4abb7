"""The explicit list of rules. A new rule module is added here by hand; nothing is discovered by scanning."""

from __future__ import annotations

from functools import cache

from linkstar_cli.errors import UsageError
from linkstar_cli.i18n import _
from linkstar_cli.lint.rule import Rule


@cache
def all_rules() -> dict[str, Rule]:
    """Return every rule by id, in documentation order."""
    from linkstar_cli.lint.rules import compliance, files, images, l10n, licences, listing, overlays, reviews, specs, text, video

    rules: dict[str, Rule] = {}
    for family in (files.RULES, text.RULES, images.RULES, l10n.RULES, licences.RULES, compliance.RULES, listing.RULES, overlays.RULES, reviews.RULES, specs.RULES, video.RULES):
        for rule in family:
            if rule.id in rules:  # pragma: no cover - guarded by a test
                raise RuntimeError(f"duplicate rule id {rule.id}")
            rules[rule.id] = rule
    return rules


def get_rule(rule_id: str) -> Rule:
    rules = all_rules()
    if rule_id not in rules:
        raise UsageError(
            _("unknown lint rule \"{rule}\"", rule=rule_id),
            hint=_("Run `linkstar lint --list-rules` to see the rule ids."),
        )
    return rules[rule_id]
