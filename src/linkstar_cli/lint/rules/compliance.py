"""Rules of the compliance family: checklist items a listing has no evidence for.

A target's spec names the checklists that apply to the SKU's category. Each item of
such a checklist whose condition is met needs one of its evidence alternatives: brief
fields, a certification, an asset showing a mark, or a recorded sign-off.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from linkstar_cli.errors import LinkstarError
from linkstar_cli.i18n import N_, _, join_list
from linkstar_cli.lint.context import RepoContext, SkuContext, TargetContext
from linkstar_cli.lint.example_base import ASSETS, BRIEF, LICENCE
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Example, GeneratedImage, Rule, Scope
from linkstar_cli.model.reviews import Reviews, Signoff
from linkstar_cli.repo.reviews_io import REVIEWS_FILE
from linkstar_cli.repo.yamlio import KeyPath
from linkstar_cli.specs.checklists import Checklist, ChecklistItem, ChecklistRegistry, Evidence, ListingFacts, category_matches

_REGISTRY_KEY = "compliance.registry"
_LOADED_KEY = "compliance.checklists"
_SIGNOFFS_KEY = "compliance.signoffs"


# Shared with the specs family


def checklist_registry(run: RepoContext) -> ChecklistRegistry:
    """Return the run's checklists: built-in ones and the repo's ``checklists/`` folder."""
    registry = run.shared.get(_REGISTRY_KEY)
    if registry is None:
        registry = ChecklistRegistry(run.repo.root / "checklists", "checklists")
        run.shared[_REGISTRY_KEY] = registry
    return registry


def load_checklist(run: RepoContext, checklist_id: str) -> Checklist | None:
    """Return a checklist, or None when it is unknown or invalid.

    An unknown id is reported by checklist-unknown; an invalid file is recorded once,
    for the schema rule.
    """
    loaded: dict[str, Checklist | None] = run.shared.setdefault(_LOADED_KEY, {})
    if checklist_id not in loaded:
        registry = checklist_registry(run)
        checklist = None
        if checklist_id in registry.ids():
            try:
                checklist = registry.get(checklist_id)
            except LinkstarError as error:
                run.record(error)
        loaded[checklist_id] = checklist
    return loaded[checklist_id]


def applicable_checklists(target: TargetContext) -> list[Checklist]:
    """Return the checklists that the target's spec applies to the SKU's category and market."""
    return [checklist for checklist, _ask in _applicable(target)]


def relevant_checklists(target: TargetContext) -> list[Checklist]:
    """Return the applicable checklists with at least one item that may apply to this SKU."""
    relevant: list[Checklist] = []
    for checklist, _item, _unknown, _facts in _items(target):
        if all(checklist.id != known.id for known in relevant):
            relevant.append(checklist)
    return relevant


def _applicable(target: TargetContext) -> list[tuple[Checklist, bool]]:
    """Return each applicable checklist once, with whether any matching use requests unset facts."""
    brief = target.sku.brief
    if brief is None:
        return []
    found: dict[str, tuple[Checklist, bool]] = {}
    for use in target.spec.compliance:
        if not category_matches(brief.category, use.categories):
            continue
        checklist = load_checklist(target.sku.run, use.checklist)
        if checklist is None or not checklist.covers_market(target.spec.market):
            continue
        asked = found.get(checklist.id, (checklist, False))[1]
        found[checklist.id] = (checklist, asked or use.ask_facts)
    return list(found.values())


def _signoffs(sku: SkuContext) -> list[Signoff] | None:
    """Return the SKU's sign-offs: empty without reviews.yaml, None when the file failed to load."""
    cached = sku.run.shared.get(_SIGNOFFS_KEY)
    if cached is not None and cached[0] is sku:
        return cached[1]
    path = sku.folder / REVIEWS_FILE
    reviews = sku.run.load(path, Reviews) if path.is_file() else Reviews()
    signoffs = reviews.signoffs if reviews is not None else None
    # One entry is enough: the engine checks every target of a SKU before the next SKU.
    sku.run.shared[_SIGNOFFS_KEY] = (sku, signoffs)
    return signoffs


def _facts(target: TargetContext) -> ListingFacts | None:
    sku = target.sku
    if sku.brief is None:
        return None
    return ListingFacts(brief=sku.brief, market=target.spec.market, assets=sku.assets, signoffs=_signoffs(sku))


def _items(target: TargetContext) -> Iterator[tuple[Checklist, ChecklistItem, list[str], ListingFacts]]:
    """Yield each item that may apply, with the brief facts it depends on that are unset."""
    facts = _facts(target)
    if facts is None:
        return
    for checklist, ask_facts in _applicable(target):
        for item in checklist.items:
            applies, unknown = item.when.judge(facts.brief, facts.market)
            if not applies:
                continue
            # Without ask_facts an item counts only once a fact the brief does state matches its condition.
            known_match = any(fact not in unknown for fact in item.when.brief)
            if ask_facts or not unknown or known_match:
                yield checklist, item, unknown, facts


# Locating and wording findings


def _brief_problem(target: TargetContext, message: str, *, key: str, hint: str, field: str | None) -> Problem:
    """Build a Problem on brief.yaml at the line of ``field`` or its nearest parent, else on the file."""
    sku = target.sku
    path = _existing_prefix(sku, field)
    line, column = sku.locate(sku.brief_file, path) if path else (None, None)
    return Problem(message=message, key=key, hint=hint, file=sku.brief_file, line=line, column=column, field=field, sku=sku.sku, target=target.spec.id)


def _existing_prefix(sku: SkuContext, field: str | None) -> KeyPath | None:
    document = sku.run.document(sku.repo.root / sku.brief_file)
    if document is None or not field:
        return None
    parts: KeyPath = tuple(field.split("."))
    while parts:
        if parts in document.locations:
            return parts
        parts = parts[:-1]
    return None


def _or_list(values: list[str]) -> str:
    return join_list(values, style="or")


def _and_list(values: list[str]) -> str:
    return join_list(values)


def _field_sentences(alternatives: list[list[str]], file: str) -> list[str]:
    if len(alternatives) > 1:
        common = [path for path in alternatives[0] if all(path in other for other in alternatives)]
        rests = [[path for path in fields if path not in common] for fields in alternatives]
        if all(len(rest) == 1 for rest in rests):
            choice = _or_list([rest[0] for rest in rests])
            if common:
                return [_("Fill in {fields} and either {choice} in {file}.", fields=_and_list(common), choice=choice, file=file)]
            return [_("Fill in {choice} in {file}.", choice=choice, file=file)]
    return [_("Fill in {fields} in {file}.", fields=_and_list(fields), file=file) for fields in alternatives]


def _asset_sentence(evidence: Evidence, file: str) -> str:
    asset = evidence.asset
    assert asset is not None
    if asset.role is not None and asset.shows is not None:
        return _("Add an asset with role: {role} and shows: [{mark}] to {file}.", role=asset.role, mark=asset.shows, file=file)
    if asset.shows is not None:
        return _("Add shows: [{mark}] to an asset in {file} whose image shows the mark.", mark=asset.shows, file=file)
    return _("Add an asset with role: {role} to {file}.", role=asset.role, file=file)


def _evidence_hint(target: TargetContext, checklist: Checklist, item: ChecklistItem, lacking: list[Evidence]) -> str:
    sku = target.sku
    sentences = _field_sentences([evidence.fields for evidence in lacking if evidence.fields], sku.brief_file)
    marks = [evidence.certification for evidence in lacking if evidence.certification]
    if marks:
        sentences.append(_("Add {marks} to certifications in {file}.", marks=_or_list(marks), file=sku.brief_file))
    sentences += [_asset_sentence(evidence, sku.assets_file) for evidence in lacking if evidence.asset]
    if any(evidence.signoff for evidence in lacking):
        command = f"linkstar signoff {sku.sku} --checklist {checklist.id} --item {item.id} --market {target.spec.market}"
        sentences.append(_("Check it, then record it with `{command}`.", command=command))
    if len(sentences) == 1:
        return sentences[0]
    return _("Any one of these is enough: {choices}", choices=" ".join(sentences))


def _related_field(item: ChecklistItem, lacking: list[Evidence]) -> str | None:
    first = lacking[0]
    if first.fields:
        return first.fields[0]
    if first.certification:
        return "certifications"
    return next(iter(item.when.brief), None)


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# Examples, laid over the example repo in linkstar_cli.lint.example_base

_NO_EMAIL = BRIEF.replace(
    '  responsible_person: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany", email: safety@example.com}',
    '  responsible_person: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany"}',
)
_SPEAKER = BRIEF.replace("category: apparel.tshirt", "category: electronics.audio")
_SPEAKER_ELECTRICAL = _SPEAKER.replace("compliance:\n", "compliance:\n  electrical: true\n")
_SPEAKER_COMPLETE = _SPEAKER_ELECTRICAL.replace("compliance:\n", "certifications: [CE]\ncompliance:\n").replace(
    "  electrical: true\n", "  electrical: true\n  weee_registration: DE 12345678\n"
)
_LABEL_ASSET = f"""\
  - file: label.jpg
    role: compliance
    alt: Type plate with CE mark and crossed-out bin
    shows: [CE, WEEE]
{LICENCE}"""
_UK_ONLY = _NO_EMAIL.replace("targets: [amazon-de]", "targets: [tiktok-uk]").replace('prices: {amazon-de: "19.99"}', 'prices: {tiktok-uk: "17.99"}').replace(
    "compliance:\n", "compliance:\n  electrical: false\n"
)


def _with_label(assets: str) -> str:
    return assets + _LABEL_ASSET


class Compliance(Rule):
    id = "compliance"
    level = Level.ERROR
    scope = Scope.TARGET
    family = "compliance"
    summary = N_("a compliance checklist item has no evidence")
    description = N_(
        "Each target's spec names the compliance checklists that apply to a product category (GPSR, CE and WEEE "
        "for amazon-de, FCC and Prop 65 for amazon-us, PSE for amazon-jp, UKCA or CE for tiktok-uk). Every item "
        "whose condition holds needs one of its kinds of evidence: brief fields filled in, a mark in "
        "certifications, an asset that shows a mark, or a sign-off recorded with `linkstar signoff` for what the "
        "data cannot show. The finding names the checklist and the item, and the hint says what would satisfy it. "
        "Checklists are data: see docs/compliance.md."
    )
    examples = (
        Example(True, N_("GPSR manufacturer and responsible person complete, safety information signed off"), {}),
        Example(False, N_("responsible person without an e-mail or website"), {"skus/EX-1/brief.yaml": _NO_EMAIL}),
        Example(False, N_("safety information for Germany not signed off"), {"skus/EX-1/reviews.yaml": "signoffs: []\nreviews: []\n"}),
        Example(False, N_("electrical product without CE, WEEE symbol or German WEEE number"), {"skus/EX-1/brief.yaml": _SPEAKER_ELECTRICAL}),
        Example(
            True,
            N_("electrical product with CE, a photo that shows the WEEE bin and the German WEEE number"),
            {
                "skus/EX-1/brief.yaml": _SPEAKER_COMPLETE,
                "skus/EX-1/assets/assets.yaml": _with_label(ASSETS),
                "skus/EX-1/assets/label.jpg": GeneratedImage(1600, 1600),
            },
        ),
        Example(True, N_("GPSR does not apply to a listing in Great Britain"), {"skus/EX-1/brief.yaml": _UK_ONLY}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        target: TargetContext = context
        for checklist, item, unknown, facts in _items(target):
            if unknown:
                continue  # compliance-fact-missing reports the unset facts instead
            lacking = item.unmet(facts, checklist.id)
            if lacking is None:
                continue
            yield _brief_problem(
                target,
                _("\"{item}\" of checklist {checklist} is not met: {description}", item=item.id, checklist=checklist.id, description=item.description),
                key=f"{checklist.id}/{item.id}",
                hint=_evidence_hint(target, checklist, item, lacking),
                field=_related_field(item, lacking),
            )


class ComplianceFactMissing(Rule):
    id = "compliance-fact-missing"
    level = Level.ERROR
    scope = Scope.TARGET
    family = "compliance"
    summary = N_("a brief fact that decides whether a compliance item applies is not set")
    description = N_(
        "Some checklist items apply only to some products: CE and WEEE to electrical goods, the FCC ID to radio "
        "devices, the Prop 65 warning to products that need one. When the brief leaves such a fact empty "
        "(compliance.electrical, compliance.radio, compliance.prop65, ...), lint cannot tell whether the item "
        "applies, so it asks for the fact instead of guessing. An item whose evidence is already there is not "
        "asked about."
    )
    examples = (
        Example(False, N_("electronics without compliance.electrical"), {"skus/EX-1/brief.yaml": _SPEAKER}),
        Example(True, N_("electronics that are not electrical, such as a phone case"), {"skus/EX-1/brief.yaml": _SPEAKER.replace("compliance:\n", "compliance:\n  electrical: false\n")}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        target: TargetContext = context
        reported: set[tuple[str, str]] = set()
        for checklist, item, unknown, facts in _items(target):
            if not unknown or item.unmet(facts, checklist.id) is None:
                continue
            for fact in unknown:
                if (checklist.id, fact) in reported:
                    continue
                reported.add((checklist.id, fact))
                yield _brief_problem(
                    target,
                    _("{fact} is not set, so checklist {checklist} cannot tell whether \"{item}\" applies", fact=fact, checklist=checklist.id, item=item.id),
                    key=f"{checklist.id}:{fact}",
                    hint=_("Set {fact} in {file}; the item applies when it is {value}.", fact=fact, file=target.sku.brief_file, value=_yaml_value(item.when.brief[fact])),
                    field=fact,
                )


RULES = (Compliance(), ComplianceFactMissing())
