"""Rules of the l10n family: copy for every target locale, translated fields, glossaries, facts and units.

The copy locale that a target needs is the one ``target_locales`` in linkstar.yaml
sets for it, else the locale of its spec. The source locale (``source_locale``)
is the copy that other locales are translated from and compared with.
"""

from __future__ import annotations

from typing import ClassVar

from collections.abc import Iterable, Iterator
from decimal import Decimal

import regex
from pydantic import Field

from linkstar_cli.errors import RenderError
from linkstar_cli.i18n import N_, _
from linkstar_cli.l10n.fields import FieldState, field_statuses
from linkstar_cli.lint.context import RepoContext, SkuContext, TargetContext
from linkstar_cli.lint.copytext import contains_term, copy_fields, normalize
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.quantities import UNITS, Kind, Quantity, System, find_quantities
from linkstar_cli.lint.rule import Rule, RuleOptions, Scope
from linkstar_cli.lint.rules.l10n_examples import EXAMPLES
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.glossary import Glossary
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.render.units import format_length, format_weight, to_decimal
from linkstar_cli.repo.yamlio import KeyPath

GLOSSARY_DIR = "glossary"
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*")
# Variant attributes describe one variant, not the product, so their values are no facts to check.
_FACT_FIELDS_SKIPPED = ("attribute_names", "attribute_values")


def language(locale: str) -> str:
    return locale.split("-")[0]


def glossaries_for(run: RepoContext, locale: str) -> list[tuple[str, Glossary]]:
    """Return the glossaries that apply to ``locale`` as (repo-relative file, glossary): the language's, then the locale's.

    Each file is loaded once per run; a file that fails to load is recorded for
    the schema rule and skipped here.
    """
    loaded: dict[str, Glossary | None] = run.shared.setdefault("l10n.glossaries", {})
    found = []
    for name in dict.fromkeys((language(locale), locale)):
        file = f"{GLOSSARY_DIR}/{name}.yaml"
        if file not in loaded:
            path = run.repo.root / file
            loaded[file] = run.load(path, Glossary) if path.is_file() else None
        glossary = loaded[file]
        if glossary is not None:
            found.append((file, glossary))
    return found


def _source_copy(context: SkuContext) -> tuple[str, Copy] | None:
    source_locale = context.repo.config.source_locale
    source = context.copies.get(source_locale)
    return (source_locale, source) if source is not None else None


def _translations(context: SkuContext) -> Iterator[tuple[str, Copy]]:
    """Yield the copy files other than the source locale's, by locale."""
    source_locale = context.repo.config.source_locale
    for locale, copy in context.copies.items():
        if locale != source_locale:
            yield locale, copy


def _glossaries_of_translations(context: SkuContext) -> Iterator[tuple[list[tuple[KeyPath, str]], str, Copy, str, Glossary]]:
    """Yield, for each translation and each glossary of its locale: the source copy's fields, locale, copy, glossary file and glossary."""
    source = _source_copy(context)
    if source is None:
        return
    source_texts = list(copy_fields(source[1]))
    for locale, copy in _translations(context):
        for file, glossary in glossaries_for(context.run, locale):
            yield source_texts, locale, copy, file, glossary


def _counterpart(path_candidates: Iterable[KeyPath], copy: Copy) -> KeyPath:
    """Return the first of ``path_candidates`` that ``copy`` has, else its first field, to point a finding at."""
    present = [path for path, _text in copy_fields(copy)]
    for path in path_candidates:
        if path in present:
            return path
    return present[0] if present else ()


class CopyMissing(Rule):
    id = "copy-missing"
    level = Level.ERROR
    scope = Scope.SKU
    family = "l10n"
    summary = N_("a target's copy locale has no copy file")
    description = N_(
        "Every target needs a copy file in its locale: the one that `target_locales` in linkstar.yaml sets for it, "
        "else the locale of its platform spec. A file of the same language in another region (en-US for a tiktok-uk "
        "listing that wants en-GB) is used only when `target_locales` names it, so an unplanned fallback is reported. "
        "Whether the file loads is the schema rule's concern."
    )
    examples = EXAMPLES["copy-missing"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        if context.brief is None:
            return
        needed: dict[str, list[tuple[int, str]]] = {}
        for index, target in enumerate(context.targets()):
            spec = context.run.spec(target)
            if spec is not None:
                locale = context.repo.config.target_locales.get(target, spec.locale)
                needed.setdefault(locale, []).append((index, target))
        available = sorted(path.stem for path in (context.folder / "copy").glob("*.yaml"))
        for locale, users in needed.items():
            if locale not in available:
                yield self._problem(context, locale, users, available)

    def _problem(self, context: SkuContext, locale: str, users: list[tuple[int, str]], available: list[str]) -> Problem:
        index, target = users[0]
        targets = ", ".join(name for _index, name in users)
        file = context.copy_file(locale)
        same_language = [other for other in available if language(other) == language(locale)]
        if same_language:
            hint = _(
                "Write {file}, or add \"{target}: {fallback}\" under target_locales in linkstar.yaml to list the {fallback} copy there.",
                file=file,
                target=target,
                fallback=same_language[0],
            )
        else:
            hint = _("Write {file}, or set target_locales in linkstar.yaml to list another locale's copy on {targets}.", file=file, targets=targets)
        if target in context.repo.config.target_locales:
            where, path = "linkstar.yaml", ("target_locales", target)
        elif context.brief is not None and context.brief.targets:
            where, path = context.brief_file, ("targets", index)
        else:
            where, path = "linkstar.yaml", ("targets", context.repo.config.targets.index(target))
        return context.problem(
            _("copy for locale \"{locale}\" is missing (needed by {targets})", locale=locale, targets=targets),
            key=locale,
            file=where,
            path=path,
            hint=hint,
            locale=locale,
        )


class CopyUntranslatedOptions(RuleOptions):
    min_letters: int = Field(
        default=5,
        ge=1,
        description=N_("Texts with fewer letters than this, once brand names, do-not-translate terms, numbers and codes are removed, are not compared."),
    )


class CopyUntranslated(Rule):
    id = "copy-untranslated"
    level = Level.WARNING
    scope = Scope.SKU
    family = "l10n"
    summary = N_("a copy field is still the source locale's text")
    description = N_(
        "Each field of a copy file in another language is compared with the same field of the source locale's copy "
        "(bullets by position, overlays and attribute names by key; an attribute value also with the source value it "
        "translates). Identical text, ignoring case and spacing, is reported unless it is only brand names, "
        "do-not-translate terms from the locale's glossary, the model number, numbers and codes (words in capitals "
        "or with digits), or has fewer letters than `min_letters`. Copy in the source's language for another region "
        "(en-GB beside en-US) is not compared."
    )
    Options = CopyUntranslatedOptions
    examples = EXAMPLES["copy-untranslated"]

    def check(self, context: SkuContext, options: CopyUntranslatedOptions) -> Iterable[Problem]:
        source = _source_copy(context)
        if source is None:
            return
        source_locale, source_copy = source
        source_texts = dict(copy_fields(source_copy))
        for locale, copy in _translations(context):
            if language(locale) == language(source_locale):
                continue
            kept = self._kept_terms(context, locale)
            for path, text in copy_fields(copy):
                original = source_texts.get(path) or (path[-1] if path[0] == "attribute_values" else None)
                if original is None or normalize(text).casefold() != normalize(str(original)).casefold():
                    continue
                if _letters_left(text, kept) < options.min_letters:
                    continue
                field = format_field_path(path)
                yield context.problem(
                    _("{field} is the same as in the {source} copy (\"{text}\")", field=field, source=source_locale, text=_shorten(normalize(text))),
                    key=field,
                    file=context.copy_file(locale),
                    path=path,
                    hint=_("Translate it into {locale}; if it must stay as it is, add it to do_not_translate in glossary/{locale}.yaml.", locale=locale),
                    locale=locale,
                )

    @staticmethod
    def _kept_terms(context: SkuContext, locale: str) -> list[str]:
        terms = [context.repo.config.brand]
        if context.run.brand is not None:
            terms.append(context.run.brand.name)
        if context.brief is not None:
            terms += [context.brief.brand, *([context.brief.model_number] if context.brief.model_number else [])]
        for _file, glossary in glossaries_for(context.run, locale):
            terms += glossary.do_not_translate
        return sorted(set(terms), key=len, reverse=True)


def _letters_left(text: str, kept: list[str]) -> int:
    """Count the letters of ``text`` outside kept terms, numbers and codes (USB-C, XL, 4K)."""
    rest = normalize(text)
    for term in kept:
        rest = regex.sub(regex.escape(normalize(term)), " ", rest, flags=regex.IGNORECASE)
    letters = 0
    for token in _TOKEN.findall(rest):
        is_code = any(char.isdigit() for char in token) or (any(char.isupper() for char in token) and not any(char.islower() for char in token))
        if not is_code:
            letters += sum(1 for char in token if char.isalpha())
    return letters


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TranslationStale(Rule):
    id = "translation-stale"
    level = Level.WARNING
    scope = Scope.SKU
    family = "l10n"
    summary = N_("a translated field was made from a source text that has changed since")
    description = N_(
        "`linkstar l10n import` records in a copy file, under `translation.fields`, a hash of the source text that each "
        "field was translated from. When the source locale's text of that field changes, the translation is stale and "
        "the finding points at the translated field. Fields written by hand have no hash and are not checked. "
        "`linkstar l10n export` sends stale fields to the translators again, with the old translation for review; "
        "to keep a translation as it is, delete its line under `translation.fields`."
    )
    examples = EXAMPLES["translation-stale"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        source = _source_copy(context)
        if source is None:
            return
        source_locale, source_copy = source
        for locale, copy in _translations(context):
            if copy.translation is None:
                continue
            for status in field_statuses(source_copy, context.brief, copy):
                if status.state is not FieldState.STALE:
                    continue
                yield context.problem(
                    _("{field} is stale: its {source} source text changed after it was translated", field=status.name, source=source_locale),
                    key=status.name,
                    file=context.copy_file(locale),
                    path=status.path,
                    hint=_(
                        "Run `linkstar l10n export --locale {locale} {sku}`, have the field translated again and import the file; "
                        "if the translation still fits, delete the field's line under translation.fields.",
                        locale=locale,
                        sku=context.sku,
                    ),
                    locale=locale,
                )


class GlossaryRequired(Rule):
    id = "glossary-required"
    level = Level.WARNING
    scope = Scope.SKU
    family = "l10n"
    summary = N_("a glossary term is not translated the way the glossary requires")
    description = N_(
        "`required:` in glossary/<locale>.yaml maps a source-locale term to its translation (or a list of accepted "
        "translations). When the source copy contains the term anywhere, the locale's copy must contain one of the "
        "translations somewhere; the finding points at the field that matches the first source field with the term. "
        "Terms match as whole words, ignoring case; in Chinese, Japanese and Thai text anywhere. German compounds do not "
        "contain their parts as words, so list accepted compound forms as further translations."
    )
    examples = EXAMPLES["glossary-required"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        for source_texts, locale, copy, file, glossary in _glossaries_of_translations(context):
            texts = [text for _path, text in copy_fields(copy)]
            for term, translations in glossary.required.items():
                paths = [path for path, text in source_texts if contains_term(text, term, ignore_case=True)]
                if not paths or any(contains_term(text, wanted, ignore_case=True) for text in texts for wanted in translations):
                    continue
                shown = " / ".join(translations)
                yield context.problem(
                    _("required translation \"{translation}\" of \"{term}\" is missing", translation=shown, term=term),
                    key=term,
                    file=context.copy_file(locale),
                    path=_counterpart(paths, copy),
                    hint=_(
                        "The {source} copy says \"{term}\", and {glossary} requires \"{translation}\" in {locale} copy. Use it, or correct the glossary.",
                        source=context.repo.config.source_locale,
                        term=term,
                        glossary=file,
                        translation=shown,
                        locale=locale,
                    ),
                    locale=locale,
                )


class GlossaryBanned(Rule):
    id = "glossary-banned"
    level = Level.ERROR
    scope = Scope.SKU
    family = "l10n"
    summary = N_("a copy field uses a word that the locale's glossary bans")
    description = N_(
        "`banned:` in glossary/<locale>.yaml lists words and phrases that copy of that locale must not use, the source "
        "locale included, with an optional replacement (`instead`) and `reason`. Each field that contains one is reported; "
        "words match whole and ignoring case, in Chinese, Japanese and Thai text anywhere."
    )
    examples = EXAMPLES["glossary-banned"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        for locale, copy in context.copies.items():
            glossaries = glossaries_for(context.run, locale)
            for path, text in copy_fields(copy):
                for file, glossary in glossaries:
                    for banned in glossary.banned:
                        if not contains_term(text, banned.term, ignore_case=True):
                            continue
                        if banned.reason:
                            message = _("banned word \"{term}\" ({glossary}: {reason})", term=banned.term, glossary=file, reason=banned.reason)
                        else:
                            message = _("banned word \"{term}\" ({glossary})", term=banned.term, glossary=file)
                        if banned.instead:
                            hint = _("Write \"{instead}\" instead.", instead=banned.instead)
                        else:
                            hint = _("Remove the word or rephrase the text.")
                        field = format_field_path(path)
                        yield context.problem(message, key=f"{field}:{banned.term}", file=context.copy_file(locale), path=path, hint=hint, locale=locale)


class GlossaryDoNotTranslate(Rule):
    id = "glossary-do-not-translate"
    level = Level.ERROR
    scope = Scope.SKU
    family = "l10n"
    summary = N_("a do-not-translate term of the source copy is missing or changed in a translation")
    description = N_(
        "`do_not_translate:` in glossary/<locale>.yaml lists brand, product and trademark names. Each field of the "
        "source copy that contains one is compared with the same field of the locale's copy (bullets by position, "
        "overlays and attribute names by key), which must contain the term exactly as written, letter case included. "
        "A name kept in the description does not excuse a title that translates it. A field that the locale's copy "
        "leaves out is not compared."
    )
    examples = EXAMPLES["glossary-do-not-translate"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        for source_texts, locale, copy, file, glossary in _glossaries_of_translations(context):
            texts = dict(copy_fields(copy))
            for term in glossary.do_not_translate:
                for path, source_text in source_texts:
                    translated = texts.get(path)
                    if translated is None or not contains_term(source_text, term, ignore_case=False) or contains_term(translated, term, ignore_case=False):
                        continue
                    field = format_field_path(path)
                    yield context.problem(
                        _("do-not-translate term \"{term}\" is missing or changed in {field}", term=term, field=field),
                        key=f"{field}:{term}",
                        file=context.copy_file(locale),
                        path=path,
                        hint=_(
                            "The {source} copy says \"{term}\" in {field}; keep it exactly so in the {locale} copy ({glossary}).",
                            source=context.repo.config.source_locale,
                            term=term,
                            field=field,
                            locale=locale,
                            glossary=file,
                        ),
                        locale=locale,
                    )


class FactParityOptions(RuleOptions):
    length_ratio: float = Field(
        default=2.0,
        ge=1,
        description=N_(
            "A length is compared with the brief's dimensions only when it lies within this factor of the nearest one "
            "(2 means from half to twice it). Other lengths, such as a cable or a cuff, are taken for other measurements."
        ),
    )


class FactParity(Rule):
    id = "fact-parity"
    level = Level.ERROR
    scope = Scope.SKU
    family = "l10n"
    summary = N_("a weight or length in the copy does not match the brief")
    description = N_(
        "Weights (kg, g, lb, oz) and lengths (cm, mm, m, in) written in any copy file, with the locale's decimal "
        "separator and in its script (\"0,227 kg\", \"0.091 كجم\", \"2キロ\", \"1 1/2 lb\", \"1½ lb\"), must match the "
        "brief's `weight_kg` or a variant's, or one of `dimensions_cm`, after conversion. The text may round: it must lie "
        "closer to the fact than half a step of its last shown digit (\"1.5 kg\" covers 1.45 to 1.55 kg, bounds excluded, "
        "so a brief's 1.5 kg is not \"2 kg\"), or of its fraction (\"1 1/2 lb\" covers 1.25 to 1.75 lb); exactly half a "
        "step passes where the text shows render's precision, as render rounds half up. Copy states other lengths than "
        "the product's size (a cable, a cuff, a strap), so a length is compared only when it lies within `length_ratio` "
        "of the nearest dimension: with a 30 × 20 × 2 cm brief, \"35 cm\" or \"3 cm\" is a wrong dimension, but \"8 cm\" "
        "and \"1,5 m\" are other measurements. Every weight is compared. Kinds the brief has no fact for are not checked, "
        "and neither are ranges (\"2–3 kg\") or variant attributes. A quantity written twice in one field, as in "
        "\"2 x 2 x 2 cm\", is reported once."
    )
    Options = FactParityOptions
    examples = EXAMPLES["fact-parity"]

    def check(self, context: SkuContext, options: FactParityOptions) -> Iterable[Problem]:
        if context.brief is None:
            return
        facts = _facts(context.brief)
        ratio = Decimal(str(options.length_ratio))
        for locale, copy in context.copies.items():
            for path, text in copy_fields(copy):
                if path[0] in _FACT_FIELDS_SKIPPED:
                    continue
                reported: set[str] = set()
                for quantity in find_quantities(text, locale):
                    known = facts[quantity.kind]
                    if not known or quantity.text in reported or any(quantity.matches(fact) for fact in known):
                        continue
                    if quantity.kind == "length" and not _near_a_dimension(quantity.in_base_unit(), known, ratio):
                        continue
                    reported.add(quantity.text)
                    yield self._problem(context, locale, path, quantity, known)

    @staticmethod
    def _problem(context: SkuContext, locale: str, path: KeyPath, quantity: Quantity, known: list[Decimal]) -> Problem:
        field = format_field_path(path)
        expected = _describe_facts(quantity, known)
        if quantity.kind == "weight":
            message = _("weight \"{value}\" does not match the brief ({expected})", value=quantity.text, expected=expected)
            hint = _("Correct the number in the copy, or weight_kg in brief.yaml if the copy is right.")
        else:
            message = _("length \"{value}\" matches none of the brief's dimensions ({expected})", value=quantity.text, expected=expected)
            hint = _("Correct the number in the copy, or dimensions_cm in brief.yaml if the copy is right.")
        return context.problem(message, key=f"{field}:{quantity.text}", file=context.copy_file(locale), path=path, hint=hint, locale=locale)


def _facts(brief: Brief) -> dict[Kind, list[Decimal]]:
    weights = [brief.weight_kg, *(variant.weight_kg for variant in brief.variants)]
    sides = brief.dimensions_cm
    lengths = [sides.length, sides.width, sides.height] if sides else []
    return {
        "weight": list(dict.fromkeys(to_decimal(value) for value in weights if value is not None)),
        "length": [to_decimal(value) for value in lengths],
    }


def _near_a_dimension(length: Decimal, dimensions: list[Decimal], ratio: Decimal) -> bool:
    """Tell whether ``length`` lies within ``ratio`` of a dimension (all in centimetres), so that it may state one."""
    if length <= 0:
        return False
    return any(dimension > 0 and max(length / dimension, dimension / length) <= ratio for dimension in dimensions)


def _describe_facts(quantity: Quantity, facts: list[Decimal]) -> str:
    """Describe the brief's facts of the quantity's kind, converted to its unit when it has another: "0.5 kg = 1.1 lb"."""
    base = UNITS["kg" if quantity.kind == "weight" else "cm"]
    joiner = ", " if quantity.kind == "weight" else " × "
    text = joiner.join(_plain(fact) for fact in facts) + f" {base.symbol}"
    if quantity.unit is base:
        return text
    step = Decimal(1).scaleb(-(quantity.decimals + 1))
    converted = joiner.join(_plain((fact / quantity.unit.size).quantize(step)) for fact in facts)
    return f"{text} = {converted} {quantity.unit.symbol}"


def _plain(number: Decimal) -> str:
    """Write ``number`` without exponent or trailing zeros: 500, 0.5, 1.25."""
    return format(number.normalize(), "f")


class MarketUnits(Rule):
    id = "market-units"
    level = Level.WARNING
    scope = Scope.TARGET
    family = "l10n"
    summary = N_("imperial units in copy for a metric market")
    description = N_(
        "A weight or length in pounds, ounces or inches in the copy that a metric market's listing uses (the spec's "
        "`units: metric`) is reported, unless the same field also gives a metric value of that kind, as in "
        "\"0.5 lb (227 g)\"."
    )
    examples = EXAMPLES["market-units"]
    market_system: ClassVar[System] = "metric"

    def describe(self, quantity: Quantity, platform: str, locale: str) -> tuple[str, str]:
        return (
            _("imperial unit in \"{value}\" on {platform}, a metric market", value=quantity.text, platform=platform),
            _("Write the value in metric units, \"{metric}\", or give both.", metric=_converted(quantity, locale, "metric")),
        )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        if context.copy is None or context.locale is None or context.spec.units != self.market_system:
            return
        other: System = "imperial" if self.market_system == "metric" else "metric"
        for path, quantity in _unpaired(context.copy, context.locale, other):
            field = format_field_path(path)
            message, hint = self.describe(quantity, context.spec.id, context.locale)
            yield context.problem(message, key=f"{field}:{quantity.text}", file=context.copy_file, path=path, hint=hint)


class MarketUnitsMetricOnly(MarketUnits):
    id = "market-units-metric-only"
    level = Level.INFO
    scope = Scope.TARGET
    family = "l10n"
    summary = N_("a weight or length only in metric units for an imperial market")
    description = N_(
        "In copy that an imperial market's listing uses (the spec's `units: imperial`, such as amazon-us), a weight or "
        "length given only in metric units is reported for information: US packaging law wants both systems on the "
        "package, but a listing may show either. A field that also gives the imperial value passes."
    )
    examples = EXAMPLES["market-units-metric-only"]
    market_system: ClassVar[System] = "imperial"

    def describe(self, quantity: Quantity, platform: str, locale: str) -> tuple[str, str]:
        return (
            _("\"{value}\" is given only in metric units on {platform}, an imperial market", value=quantity.text, platform=platform),
            _("Add the imperial value next to it: \"{imperial}\".", imperial=_converted(quantity, locale, "imperial")),
        )


def _unpaired(copy: Copy, locale: str, system: System) -> Iterator[tuple[KeyPath, Quantity]]:
    """Yield quantities of ``system`` whose field gives no value of the same kind in the other system."""
    for path, text in copy_fields(copy):
        quantities = find_quantities(text, locale)
        other_kinds = {quantity.kind for quantity in quantities if quantity.unit.system != system}
        for quantity in quantities:
            if quantity.unit.system == system and quantity.kind not in other_kinds:
                yield path, quantity


def _converted(quantity: Quantity, locale: str, system: System) -> str:
    """Format the quantity in ``system`` the way render would write it."""
    formatter = format_weight if quantity.kind == "weight" else format_length
    try:
        return formatter(quantity.in_base_unit(), locale, system)
    except RenderError:
        return formatter(quantity.in_base_unit(), "en-US", system)


RULES = (
    CopyMissing(),
    CopyUntranslated(),
    TranslationStale(),
    GlossaryRequired(),
    GlossaryBanned(),
    GlossaryDoNotTranslate(),
    FactParity(),
    MarketUnits(),
    MarketUnitsMetricOnly(),
)
