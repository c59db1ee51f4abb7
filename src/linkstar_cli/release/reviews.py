"""Recording review verdicts and judging them against the content as it is now."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from pydantic import TypeAdapter, ValidationError

from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.model.config import ReviewLayer, Roles
from linkstar_cli.model.reviews import PLATFORM_LAYERS, Review, Reviews, ReviewVerdict
from linkstar_cli.model.types import Locale
from linkstar_cli.release.fingerprints import LAYERS, layer_fingerprints, source_hashes
from linkstar_cli.release.roles import (
    Approvers,
    approvers_for,
    check_reviewer,
    lookup_keys,
)
from linkstar_cli.render.freshness import package_state
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.reviews_io import REVIEWS_FILE, append_review, read_reviews
from linkstar_cli.specs.model import PlatformSpec

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
VERDICTS: tuple[ReviewVerdict, ...] = ("approve", "request-changes")
ReviewKey = tuple[str, str, str | None]  # layer, locale, platform


class ApprovalState(str, Enum):
    FRESH = "fresh"  # approved, and the content is what was approved
    STALE = "stale"  # approved, but the content changed since
    MISSING = "missing"  # no verdict yet
    CHANGES_REQUESTED = "changes-requested"
    NOT_ALLOWED = "not-allowed"  # approved by someone roles no longer name
    UNKNOWN = "unknown"  # the content cannot be fingerprinted yet (not rendered)


@dataclass(frozen=True)
class LayerStatus:
    layer: ReviewLayer
    locale: str
    platform: str | None
    state: ApprovalState
    review: Review | None  # the verdict that counts, when there is one
    approvers: Approvers

    @property
    def fresh(self) -> bool:
        return self.state is ApprovalState.FRESH


def load_reviews(repo: ContentRepo, sku: str) -> Reviews:
    path = repo.sku_dir(sku) / REVIEWS_FILE
    return read_reviews(path, repo.display(path))


def latest_reviews(reviews: list[Review]) -> dict[ReviewKey, Review]:
    """Return the verdict that counts per layer, locale and platform: the latest by time, then by file order."""
    latest: dict[ReviewKey, tuple[tuple[datetime, int], Review]] = {}
    for index, review in enumerate(reviews):
        at = review.at if review.at.tzinfo else review.at.replace(tzinfo=UTC)
        key = (review.layer, review.locale, review.platform)
        order = (at, index)
        if key not in latest or order >= latest[key][0]:
            latest[key] = (order, review)
    return {key: review for key, (_order, review) in latest.items()}


def layer_key(layer: ReviewLayer, locale: str, platform: str) -> ReviewKey:
    """Return the key a layer's verdict has for a release on ``platform`` in ``locale``."""
    return (layer, locale, platform if layer in PLATFORM_LAYERS else None)


def judge(layer: ReviewLayer, locale: str, spec: PlatformSpec, latest: dict[ReviewKey, Review], fingerprint: str | None, roles: Roles) -> LayerStatus:
    """Judge the verdict that counts for one layer of a release against the current ``fingerprint``."""
    key = layer_key(layer, locale, spec.id)
    review = latest.get(key)
    approvers = approvers_for(roles, layer, lookup_keys(layer, locale, spec))
    if review is None:
        state = ApprovalState.MISSING
    elif review.verdict == "request-changes":
        state = ApprovalState.CHANGES_REQUESTED
    elif fingerprint is None:
        state = ApprovalState.UNKNOWN
    elif review.fingerprint != fingerprint:
        state = ApprovalState.STALE
    elif not approvers.allows(review.by):
        state = ApprovalState.NOT_ALLOWED
    else:
        state = ApprovalState.FRESH
    return LayerStatus(layer, locale, key[2], state, review, approvers)


# Recording a verdict for `linkstar review`


@dataclass(frozen=True)
class ReviewRequest:
    sku: str
    layer: str
    locale: str
    platform: str | None
    verdict: str
    by: str
    note: str | None


def record_review(repo: ContentRepo, request: ReviewRequest, *, at: datetime | None = None) -> Review:
    """Check a verdict, fingerprint what its layer covers, and append it to the SKU's reviews.yaml."""
    layer, verdict = _checked_choices(request)
    locale = _checked_locale(request.locale)
    folder = repo.sku_dir(request.sku)
    spec = _checked_platform(repo, request, layer, locale)
    check_reviewer(approvers_for(repo.config.roles, layer, lookup_keys(layer, locale, spec)), request.by)

    fingerprint = current_fingerprint(repo, request.sku, layer, locale, spec)
    review = Review(
        layer=layer,
        locale=locale,
        platform=spec.id if spec is not None and layer in PLATFORM_LAYERS else None,
        by=request.by,
        at=at or datetime.now(UTC).replace(microsecond=0),
        verdict=verdict,
        note=request.note or None,
        fingerprint=fingerprint,
    )
    path = folder / REVIEWS_FILE
    append_review(path, repo.display(path), review)
    return review


def _checked_choices(request: ReviewRequest) -> tuple[ReviewLayer, ReviewVerdict]:
    if request.layer not in LAYERS:
        raise UsageError(_("unknown review layer \"{layer}\"", layer=request.layer), hint=_("Use one of: {layers}.", layers=", ".join(LAYERS)))
    if request.verdict not in VERDICTS:
        raise UsageError(_("unknown verdict \"{verdict}\"", verdict=request.verdict), hint=_("Use one of: {verdicts}.", verdicts=", ".join(VERDICTS)))
    if not _EMAIL.match(request.by):
        raise UsageError(_("reviewer \"{by}\" is not an e-mail address", by=request.by), hint=_("Pass --by with the e-mail address of the reviewer."))
    return request.layer, request.verdict  # type: ignore[return-value]


def _checked_locale(locale: str) -> str:
    try:
        return TypeAdapter(Locale).validate_python(locale)
    except ValidationError as error:
        details = error.errors()[0]
        hint = (details.get("ctx") or {}).get("hint")
        raise UsageError(str(details["msg"]), hint=hint if isinstance(hint, str) else None) from None


def _checked_platform(repo: ContentRepo, request: ReviewRequest, layer: ReviewLayer, locale: str) -> PlatformSpec | None:
    """Check --platform against the layer and the SKU, and return its spec (None for a copy layer)."""
    if layer not in PLATFORM_LAYERS:
        if request.platform:
            raise UsageError(
                _("the {layer} layer reviews the copy of a locale for every platform, so it takes no --platform", layer=layer),
                hint=_("Leave out --platform; the visual and platform layers take one."),
            )
        copy_path = repo.copy_path(request.sku, locale)
        if not copy_path.is_file():
            raise InputError(
                _("no copy for {locale}: {file} does not exist", locale=locale, file=repo.display(copy_path)),
                path=repo.display(copy_path),
                hint=_("Review a locale that has a copy file: {locales}.", locales=", ".join(repo.copy_locales(request.sku)) or "-"),
            )
        return None
    if not request.platform:
        raise UsageError(
            _("the {layer} layer reviews a rendered package, so it needs --platform", layer=layer),
            hint=_("Pass --platform with a target of the SKU, for example --platform amazon-de."),
        )
    spec = repo.spec(request.platform)
    targets = repo.targets_of(repo.brief(request.sku))
    if spec.id not in targets:
        raise UsageError(
            _("SKU \"{sku}\" does not target {platform}", sku=request.sku, platform=spec.id),
            hint=_("Targets of {sku}: {targets}.", sku=request.sku, targets=", ".join(targets) or "-"),
        )
    used = repo.copy_locale_for(request.sku, spec)
    if used != locale:
        raise UsageError(
            _("{platform} uses the {used} copy of {sku}, not {locale}", platform=spec.id, used=used or "-", sku=request.sku, locale=locale),
            hint=_("Pass --locale {used}.", used=used or "-"),
        )
    return spec


def current_fingerprint(repo: ContentRepo, sku: str, layer: ReviewLayer, locale: str, spec: PlatformSpec | None) -> str:
    """Fingerprint what ``layer`` covers now. The visual and platform layers need an up-to-date render."""
    sources = source_hashes(repo, sku, locale)
    package = None
    if spec is not None and layer in PLATFORM_LAYERS:
        package = package_state(repo, spec, sku)
        manifest = f"build/{spec.id}/{sku}/manifest.json"
        if not package.rendered:
            raise InputError(
                _("{sku} is not rendered for {platform} yet, so there is nothing to review on the {layer} layer", sku=sku, platform=spec.id, layer=layer),
                path=manifest,
                hint=_("Render first: linkstar render --platform {platform} {sku}", platform=spec.id, sku=sku),
            )
        if not package.up_to_date:
            raise InputError(
                _("the rendered package of {sku} for {platform} is out of date ({changed})", sku=sku, platform=spec.id, changed=", ".join(package.outdated[:5])),
                path=manifest,
                hint=_("Render first, then review what the platform will get: linkstar render --platform {platform} {sku}", platform=spec.id, sku=sku),
            )
    fingerprint = layer_fingerprints(sources, package)[layer]
    assert fingerprint is not None  # the render was checked above
    return fingerprint
