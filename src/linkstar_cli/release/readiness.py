"""Assessment of one SKU on one platform: the stage it has reached and the blockers of its release.

Status shows the assessment of every SKU and target, and release stops while any
blocker remains. Each blocker has a stable ``kind``, a full message and a short
summary for tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from linkstar_cli.errors import LinkstarError
from linkstar_cli.i18n import _, ngettext
from linkstar_cli.lint.findings import Finding, Level
from linkstar_cli.model.config import ReviewLayer
from linkstar_cli.release.fingerprints import (
    LAYERS,
    SourceHashes,
    layer_fingerprints,
    source_hashes,
)
from linkstar_cli.release.reviews import (
    ApprovalState,
    LayerStatus,
    judge,
    latest_reviews,
    load_reviews,
)
from linkstar_cli.render.freshness import PackageState, package_state
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.render.plan import sources_for
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.specs.model import PlatformSpec

# Stages before a release, in order. Status adds "released" and "changed" from the tags.
STAGES = ("brief", "copy", "assets", "lint-clean", "reviewed")


@dataclass(frozen=True)
class Blocker:
    kind: str  # stable id: missing-copy, lint-errors, approval-stale, render-outdated, ...
    message: str
    summary: str  # a few words for a table cell, or the layer for an approval
    layer: ReviewLayer | None = None  # set for approval blockers


@dataclass
class Assessment:
    sku: str
    platform: str
    locale: str | None = None
    stage: str = "brief"
    lint_errors: int = 0
    render: str = "missing"  # current, outdated, missing or failed
    sources: SourceHashes | None = None
    package: PackageState | None = None
    fingerprints: dict[ReviewLayer, str | None] = field(default_factory=dict)
    layers: dict[ReviewLayer, LayerStatus] = field(default_factory=dict)
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blockers

    def block(self, kind: str, message: str, summary: str) -> None:
        self.blockers.append(Blocker(kind, message, summary))


def count_lint_errors(findings: list[Finding], sku: str, platform: str) -> int:
    """Count the error-level findings that concern ``sku`` on ``platform``, repo-wide ones included."""
    return sum(1 for finding in findings if finding.level is Level.ERROR and finding.sku in (None, sku) and finding.target in (None, platform))


def assess(repo: ContentRepo, sku: str, spec: PlatformSpec, *, findings: list[Finding], renderer: Renderer) -> Assessment:
    """Assess ``sku`` on ``spec``'s platform. A file that fails to load becomes a blocker, not an exception."""
    assessment = Assessment(sku, spec.id, lint_errors=count_lint_errors(findings, sku, spec.id))
    try:
        _assess_content(repo, assessment, spec)
    except LinkstarError as error:
        assessment.block("invalid-input", _describe(error), _("invalid input"))
    if assessment.lint_errors:
        count = assessment.lint_errors
        assessment.block(
            "lint-errors",
            ngettext("{count} lint error at stage release; run `linkstar lint skus/{sku}`", "{count} lint errors at stage release; run `linkstar lint skus/{sku}`", count, count=count, sku=sku),
            ngettext("{count} lint error", "{count} lint errors", count, count=count),
        )
    elif assessment.stage == "assets":
        assessment.stage = "lint-clean"
    if assessment.locale is not None:
        _assess_render(repo, assessment, spec, renderer)
        _assess_reviews(repo, assessment, spec)
    fresh = bool(assessment.layers) and all(status.fresh for status in assessment.layers.values())
    if assessment.stage == "lint-clean" and fresh and assessment.render == "current":
        assessment.stage = "reviewed"
    return assessment


def _assess_content(repo: ContentRepo, assessment: Assessment, spec: PlatformSpec) -> None:
    sku = assessment.sku
    locale = repo.copy_locale_for(sku, spec)
    if locale is None:
        wanted = repo.config.target_locales.get(spec.id, spec.locale)
        file = f"skus/{sku}/copy/{wanted}.yaml"
        assessment.block("missing-copy", _("no copy for {locale}: {file} does not exist", locale=wanted, file=file), _("no {locale} copy", locale=wanted))
        return
    assessment.locale = locale
    assessment.stage = "copy"
    if sources_for(["main"], repo.assets(sku).assets, spec, locale):
        assessment.stage = "assets"
    else:
        file = f"skus/{sku}/assets/assets.yaml"
        assessment.block("no-main-image", _("no main image for {platform} in {file}", platform=spec.id, file=file), _("no main image"))


def _assess_render(repo: ContentRepo, assessment: Assessment, spec: PlatformSpec, renderer: Renderer) -> None:
    sku = assessment.sku
    command = f"linkstar render --platform {spec.id} {sku}"
    try:
        assessment.package = package_state(repo, spec, sku, renderer)
    except LinkstarError as error:
        assessment.render = "failed"
        assessment.block("render-failed", _("cannot render: {error}", error=_describe(error)), _("cannot render"))
        return
    if not assessment.package.rendered:
        assessment.render = "missing"
        assessment.block("not-rendered", _("not rendered for {platform}; run `{command}`", platform=spec.id, command=command), _("not rendered"))
    elif not assessment.package.up_to_date:
        assessment.render = "outdated"
        changed = ", ".join(assessment.package.outdated[:4]) + (", …" if len(assessment.package.outdated) > 4 else "")
        assessment.block("render-outdated", _("render out of date ({changed}); run `{command}`", changed=changed, command=command), _("render out of date"))
    else:
        assessment.render = "current"


def _assess_reviews(repo: ContentRepo, assessment: Assessment, spec: PlatformSpec) -> None:
    assert assessment.locale is not None
    try:
        assessment.sources = source_hashes(repo, assessment.sku, assessment.locale)
        reviews = load_reviews(repo, assessment.sku)
    except LinkstarError as error:
        assessment.block("invalid-input", _describe(error), _("invalid input"))
        return
    # Outputs of an outdated render are not what the platform would get, so the visual
    # and platform layers stay unknown until the next render.
    package = assessment.package if assessment.render == "current" else None
    assessment.fingerprints = layer_fingerprints(assessment.sources, package)
    latest = latest_reviews(reviews.reviews)
    for layer in LAYERS:
        status = judge(layer, assessment.locale, spec, latest, assessment.fingerprints[layer], repo.config.roles)
        assessment.layers[layer] = status
        blocker = _approval_blocker(status)
        if blocker is not None:
            assessment.blockers.append(blocker)


def _approval_blocker(status: LayerStatus) -> Blocker | None:
    subject = status.platform or status.locale
    review = status.review
    layer = status.layer
    if status.state is ApprovalState.MISSING:
        return Blocker("approval-missing", _("no {layer} approval for {subject}", layer=layer, subject=subject), layer, layer)
    if review is None or status.state in (ApprovalState.FRESH, ApprovalState.UNKNOWN):
        return None  # UNKNOWN: not rendered yet, which the render blocker reports
    when = review.at.date().isoformat()
    if status.state is ApprovalState.STALE:
        message = _("the {layer} approval for {subject} by {by} is stale: the content changed after it was approved on {date}", layer=layer, subject=subject, by=review.by, date=when)
        return Blocker("approval-stale", message, layer, layer)
    if status.state is ApprovalState.CHANGES_REQUESTED:
        if review.note:
            message = _("{by} requested changes on the {layer} layer for {subject} on {date}: {note}", by=review.by, layer=layer, subject=subject, date=when, note=review.note)
        else:
            message = _("{by} requested changes on the {layer} layer for {subject} on {date}", by=review.by, layer=layer, subject=subject, date=when)
        return Blocker("changes-requested", message, layer, layer)
    people = ", ".join(status.approvers.people or ()) or "-"
    message = _("the {layer} approval for {subject} by {by} does not count: linkstar.yaml names other approvers ({people})", layer=layer, subject=subject, by=review.by, people=people)
    return Blocker("approval-not-allowed", message, layer, layer)


def _describe(error: LinkstarError) -> str:
    location = error.location()
    return f"{location}: {error.message}" if location else error.message
