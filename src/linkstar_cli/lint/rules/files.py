"""Rules about files that cannot be read: YAML syntax, duplicate keys, schema, suppressions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linkstar_cli.i18n import N_
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Example, Rule, Scope

_GOOD_BRIEF = """\
id: EX-1
brand: Example
category: apparel.tshirt
gtin: "0614141000036"
"""


def _load_problems(context: Any, codes: tuple[str, ...]) -> Iterable[Problem]:
    for loaded in context.load_problems:
        if loaded.code not in codes:
            continue
        error = loaded.error
        file = error.path.as_posix() if error.path else None
        parts = (file or "").split("/")
        yield Problem(
            message=error.message,
            key=f"{loaded.code}:{error.field or ''}",
            hint=error.hint,
            file=file,
            line=error.line,
            column=error.column,
            field=error.field,
            sku=parts[1] if len(parts) > 2 and parts[0] == "skus" else None,
        )


class YamlSyntax(Rule):
    id = "yaml-syntax"
    level = Level.ERROR
    scope = Scope.FILES
    family = "schema"
    summary = N_("a YAML file cannot be parsed")
    description = N_(
        "Every YAML file of the repo must parse: spaces for indentation (no tabs), quotes around values "
        "that contain \": \", UTF-8 or GBK text, and no tags other than the standard ones."
    )
    examples = (
        Example(True, N_("indented with spaces"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF}),
        Example(False, N_("a tab before a key"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF + "variants:\n\t- id: EX-1-RED\n"}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        return _load_problems(context, ("yaml-syntax", "encoding", "yaml-value"))


class DuplicateKey(Rule):
    id = "duplicate-key"
    level = Level.ERROR
    scope = Scope.FILES
    family = "schema"
    summary = N_("a key appears twice in one mapping")
    description = N_("YAML keeps only one of two equal keys, so the other value is silently lost. Remove one of them.")
    examples = (
        Example(True, N_("each key once"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF}),
        Example(False, N_("category written twice"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF + "category: apparel.hoodie\n"}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        return _load_problems(context, ("duplicate-key",))


class Schema(Rule):
    id = "schema"
    level = Level.ERROR
    scope = Scope.FILES
    family = "schema"
    summary = N_("a file does not match its model")
    description = N_(
        "Each file kind has a model (and a JSON Schema from `linkstar schema`): required fields, known field names, "
        "value types, SKU ids, locales, platform ids and GTIN check digits."
    )
    examples = (
        Example(True, N_("valid GTIN in quotes"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF}),
        Example(False, N_("GTIN in scientific notation"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF.replace('"0614141000036"', "6.9E+12")}),
        Example(False, N_("misspelt field"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF + "wieght_kg: 0.5\n"}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        return _load_problems(context, ("schema", "config"))


class SuppressionReason(Rule):
    id = "suppression-reason"
    level = Level.ERROR
    scope = Scope.FILES
    family = "schema"
    summary = N_("an inline suppression gives no reason or names an unknown rule")
    description = N_(
        "`# linkstar: disable=<rule-id> -- <reason>` silences a rule on one line; `disable-file=` in the whole file. "
        "The reason after `--` is required, and a suppression without one silences nothing."
    )
    examples = (
        Example(True, N_("suppression with a reason"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF + "# linkstar: disable=schema -- checked with the supplier\n"}),
        Example(False, N_("suppression without a reason"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF + "# linkstar: disable=schema\n"}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        # The engine reports these while it applies suppressions, after every other rule ran.
        return ()


class SkuBriefMissing(Rule):
    id = "sku-brief-missing"
    level = Level.ERROR
    scope = Scope.REPO
    family = "schema"
    summary = N_("a folder under skus/ has no brief.yaml, so it is not checked or rendered")
    description = N_(
        "Every folder under `skus/` is a SKU only when it holds `brief.yaml`. A folder without one (often a brief saved "
        "as `brief.yml`, or a SKU whose brief was deleted) would be skipped silently by lint and render."
    )
    examples = (
        Example(True, N_("brief.yaml in place"), {"skus/EX-1/brief.yaml": _GOOD_BRIEF}),
        Example(False, N_("brief saved as brief.yml"), {"skus/EX-2/brief.yml": _GOOD_BRIEF.replace("EX-1", "EX-2")}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        from linkstar_cli.i18n import _

        for folder in context.repo.folders_without_brief():
            other = next((name for name in ("brief.yml", "Brief.yaml", "brief.YAML") if (folder / name).is_file()), None)
            hint = (
                _("Rename {file} to brief.yaml.", file=f"skus/{folder.name}/{other}")
                if other
                else _("Add skus/{sku}/brief.yaml (linkstar new-sku creates one), or move the folder out of skus/.", sku=folder.name)
            )
            yield Problem(
                message=_("skus/{sku} has no brief.yaml", sku=folder.name),
                key=folder.name,
                hint=hint,
                file=f"skus/{folder.name}",
                sku=folder.name,
            )


RULES = (YamlSyntax(), DuplicateKey(), Schema(), SuppressionReason(), SkuBriefMissing())
