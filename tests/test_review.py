"""``linkstar review``: verdicts bound to content fingerprints, roles, and what makes an approval stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from linkstar_cli.errors import ErrorList
from linkstar_cli.model.reviews import Review
from linkstar_cli.release.reviews import ApprovalState, latest_reviews
from linkstar_cli.release.status import build_status
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.reviews_io import read_reviews
from tests import test_release as shared
from tests.helpers import invoke
from tests.test_release import COPY_DE, SKU, copy_demo

# Fixtures shared with the release tests.
git_identity = shared.git_identity
ready_template = shared.ready_template
ready_repo = shared.ready_repo

REVIEWS = f"skus/{SKU}/reviews.yaml"
FINGERPRINT = "0" * 64


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """WOO-BEANIE from the demo repo, not rendered, outside Git."""
    return copy_demo(tmp_path / "repo")


def reviews_of(root: Path) -> list[Review]:
    return read_reviews(root / REVIEWS, REVIEWS).reviews


def states(root: Path) -> dict[str, str]:
    cell = build_status(ContentRepo(root), [SKU]).cells[(SKU, "amazon-de")]
    return {layer: status.state.value for layer, status in cell.assessment.layers.items()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def set_roles(root: Path, roles: str) -> None:
    """Replace the roles section of linkstar.yaml (it runs up to the lint line)."""
    config = root / "linkstar.yaml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("roles:"), text.index("lint:")
    config.write_text(text[:start] + roles + text[end:], encoding="utf-8")


# Writing entries


def test_approval_written_with_fingerprint(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(UTC).replace(microsecond=0)

    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "de-DE", "--by", "jonas@example.com", "-m", "Read aloud; natural German")

    assert result.code == 0, result.err
    assert f"Approved the language layer of WOO-BEANIE for de-DE as jonas@example.com in {REVIEWS}." in result.err
    [review] = reviews_of(repo)
    assert (review.layer, review.locale, review.platform, review.by, review.verdict, review.note) == ("language", "de-DE", None, "jonas@example.com", "approve", "Read aloud; natural German")
    assert before <= review.at <= datetime.now(UTC)
    assert review.at.utcoffset() == timedelta(0)
    assert len(review.fingerprint) == 64
    text = (repo / REVIEWS).read_text(encoding="utf-8")
    assert "reviews:\n  - layer: language\n    locale: de-DE\n    by: jonas@example.com\n    at: '" in text
    assert "\n    verdict: approve\n    note: Read aloud; natural German\n    fingerprint: " in text


def test_review_keeps_comments_and_signoffs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = (repo / REVIEWS).read_text(encoding="utf-8")
    assert original.endswith("reviews: []\n")

    first = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "accuracy", "--locale", "de-DE", "--by", "lena@example.com")
    second = invoke(capsys, "-C", repo, "review", SKU, "request-changes", "--layer", "accuracy", "--locale", "en-US", "--by", "lena@example.com", "-m", "Weight is wrong")

    assert (first.code, second.code) == (0, 0), first.err + second.err
    text = (repo / REVIEWS).read_text(encoding="utf-8")
    assert text.startswith(original.removesuffix("reviews: []\n"))
    assert [(review.layer, review.locale, review.verdict) for review in reviews_of(repo)] == [("accuracy", "de-DE", "approve"), ("accuracy", "en-US", "request-changes")]
    assert read_reviews(repo / REVIEWS, REVIEWS).signoffs[0].item == "safety-information"


def test_review_keeps_comments_between_entries(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / REVIEWS).write_text(
        "signoffs: []\n# Content reviews, newest last.\nreviews:\n"
        "  - layer: language   # Jonas, by phone\n    locale: de-DE\n    by: jonas@example.com\n"
        f"    at: '2026-12-01T12:00:00+00:00'\n    verdict: request-changes\n    fingerprint: {FINGERPRINT}\n"
        "# Keep this file in Git.\n",
        encoding="utf-8",
    )

    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "de-DE", "--by", "jonas@example.com")

    assert result.code == 0, result.err
    text = (repo / REVIEWS).read_text(encoding="utf-8")
    assert text.startswith("signoffs: []\n# Content reviews, newest last.\nreviews:\n  - layer: language   # Jonas, by phone\n")
    assert text.endswith("\n# Keep this file in Git.\n")
    assert [review.verdict for review in reviews_of(repo)] == ["request-changes", "approve"]


def test_review_creates_missing_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / REVIEWS).unlink()

    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "de-DE", "--by", "jonas@example.com")

    assert result.code == 0, result.err
    text = (repo / REVIEWS).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/reviews.schema.json\n")
    assert "\nsignoffs: []\nreviews:\n  - layer: language\n" in text


def test_reviewer_from_git_config(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\temail = jonas@example.com\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))

    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "de-DE")

    assert result.code == 0, result.err
    assert reviews_of(repo)[0].by == "jonas@example.com"


# Arguments that cannot work


@pytest.mark.parametrize(
    ("arguments", "message", "hint"),
    [
        (["approve", "--layer", "tone", "--locale", "de-DE"], 'error: unknown review layer "tone"', "hint: Use one of: accuracy, language, visual, platform."),
        (["approved", "--layer", "language", "--locale", "de-DE"], 'error: unknown verdict "approved"', "hint: Use one of: approve, request-changes."),
        (["approve", "--layer", "language", "--locale", "de_DE"], 'error: "de_DE" is not a BCP 47 locale tag', "hint: Write a language and region such as de-DE"),
        (
            ["approve", "--layer", "language", "--locale", "fr-FR"],
            f"error: skus/{SKU}/copy/fr-FR.yaml: no copy for fr-FR: skus/{SKU}/copy/fr-FR.yaml does not exist",
            "hint: Review a locale that has a copy file: ar-SA, de-DE, en-US, ja-JP.",
        ),
        (
            ["approve", "--layer", "language", "--locale", "de-DE", "--platform", "amazon-de"],
            "error: the language layer reviews the copy of a locale for every platform, so it takes no --platform",
            "hint: Leave out --platform; the visual and platform layers take one.",
        ),
        (
            ["approve", "--layer", "visual", "--locale", "de-DE"],
            "error: the visual layer reviews a rendered package, so it needs --platform",
            "hint: Pass --platform with a target of the SKU, for example --platform amazon-de.",
        ),
        (
            ["approve", "--layer", "platform", "--locale", "en-US", "--platform", "amazon-de"],
            "error: amazon-de uses the de-DE copy of WOO-BEANIE, not en-US",
            "hint: Pass --locale de-DE.",
        ),
        (
            ["approve", "--layer", "platform", "--locale", "de-DE", "--platform", "amazon-us"],
            'error: SKU "WOO-BEANIE" does not target amazon-us',
            "hint: Targets of WOO-BEANIE: amazon-de.",
        ),
        (["approve", "--layer", "language", "--locale", "de-DE", "--by", "jonas"], 'error: reviewer "jonas" is not an e-mail address', "hint: Pass --by with the e-mail address of the reviewer."),
    ],
)
def test_bad_arguments_rejected(repo: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str, hint: str) -> None:
    by = [] if "--by" in arguments else ["--by", "jonas@example.com"]

    result = invoke(capsys, "-C", repo, "review", SKU, *arguments, *by)

    assert result.code == 2
    assert message in result.err
    assert hint in result.err
    assert reviews_of(repo) == []


def test_visual_review_before_render(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "visual", "--locale", "de-DE", "--platform", "amazon-de", "--by", "mei@example.com")

    assert result.code == 2
    assert "error: build/amazon-de/WOO-BEANIE/manifest.json: WOO-BEANIE is not rendered for amazon-de yet, so there is nothing to review on the visual layer" in result.err
    assert "hint: Render first: linkstar render --platform amazon-de WOO-BEANIE" in result.err
    assert reviews_of(repo) == []


def test_platform_review_of_outdated_render(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(ready_repo / COPY_DE, "Rippstrick-Wintermütze", "Rippstrick-Mütze")

    result = invoke(capsys, "-C", ready_repo, "review", SKU, "approve", "--layer", "platform", "--locale", "de-DE", "--platform", "amazon-de", "--by", "lena@example.com")

    assert result.code == 2
    assert "error: build/amazon-de/WOO-BEANIE/manifest.json: the rendered package of WOO-BEANIE for amazon-de is out of date (listing.json, listing.md, preview.html" in result.err
    assert "hint: Render first, then review what the platform will get: linkstar render --platform amazon-de WOO-BEANIE" in result.err


# Roles


def test_reviewer_not_in_roles_rejected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "de-DE", "--by", "lena@example.com")

    assert result.code == 2
    assert "error: linkstar.yaml: lena@example.com may not review the language layer for DE" in result.err
    assert "hint: Who may: jonas@example.com (roles.markets.DE in linkstar.yaml). Pass --by with one of them, or add the address there." in result.err
    assert reviews_of(repo) == []


def test_default_roles_apply_elsewhere(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rejected = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "en-US", "--by", "jonas@example.com")
    accepted = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "en-US", "--by", "LENA@example.com")

    assert rejected.code == 2
    assert "hint: Who may: lena@example.com (roles.default in linkstar.yaml)." in rejected.err
    assert accepted.code == 0, accepted.err


def test_anyone_may_review_without_roles(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_roles(repo, "roles: {}\n")

    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "accuracy", "--locale", "de-DE", "--by", "intern@example.com")

    assert result.code == 0, result.err


def test_nobody_may_review_unlisted_market(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_roles(repo, "roles:\n  markets:\n    FR:\n      approvers:\n        language: [claire@example.com]\n")

    result = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "language", "--locale", "de-DE", "--by", "claire@example.com")
    other_layer = invoke(capsys, "-C", repo, "review", SKU, "approve", "--layer", "accuracy", "--locale", "de-DE", "--by", "claire@example.com")

    assert result.code == 2
    assert "error: linkstar.yaml: nobody may review the language layer for DE: linkstar.yaml names language approvers only for other markets" in result.err
    assert "hint: Add approvers for language under roles.default.approvers or roles.markets.DE.approvers in linkstar.yaml." in result.err
    assert other_layer.code == 0, other_layer.err


def test_platform_layer_uses_platform_market(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_roles(ready_repo, "roles:\n  default:\n    approvers:\n      visual: [mei@example.com]\n  markets:\n    DE:\n      approvers:\n        visual: [jonas@example.com]\n")

    rejected = invoke(capsys, "-C", ready_repo, "review", SKU, "approve", "--layer", "visual", "--locale", "de-DE", "--platform", "amazon-de", "--by", "mei@example.com")

    assert rejected.code == 2
    assert "mei@example.com may not review the visual layer for DE" in rejected.err


# Freshness


def test_formatting_change_keeps_approval_fresh(ready_repo: Path) -> None:
    copy = ready_repo / COPY_DE
    text = copy.read_text(encoding="utf-8")
    title_line = next(line for line in text.splitlines() if line.startswith("title: "))
    plain = title_line.replace('title: "', "title: ").removesuffix('"')
    copy.write_text(text.replace(title_line, f"# Checked by Jonas.\n{plain}   # unquoted now\n").replace("bullets:\n", "bullets:\n\n"), encoding="utf-8")
    brief = ready_repo / f"skus/{SKU}/brief.yaml"
    edit(brief, "  amazon-de: 19.95", "  amazon-de: 19.950")

    assert states(ready_repo)["language"] == "fresh"
    assert states(ready_repo)["accuracy"] == "fresh"


def test_value_change_makes_approval_stale(ready_repo: Path) -> None:
    assert states(ready_repo) == {"accuracy": "fresh", "language": "fresh", "visual": "fresh", "platform": "fresh"}

    edit(ready_repo / f"skus/{SKU}/brief.yaml", "weight_kg: 0.091", "weight_kg: 0.095")

    assert states(ready_repo) == {"accuracy": "stale", "language": "fresh", "visual": "unknown", "platform": "unknown"}


def test_asset_change_makes_visual_stale(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assets = ready_repo / f"skus/{SKU}/assets/assets.yaml"
    edit(assets, 'alt: "Stand-in photo: a child in a dark hooded jacket', 'alt: "Stand-in photo: a child in a dark jacket')
    assert invoke(capsys, "-C", ready_repo, "render", "--platform", "amazon-de", "--jobs", "1").code == 0

    assert states(ready_repo) == {"accuracy": "fresh", "language": "fresh", "visual": "stale", "platform": "fresh"}


def test_request_changes_supersedes_approval(ready_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    objection = invoke(capsys, "-C", ready_repo, "review", SKU, "request-changes", "--layer", "language", "--locale", "de-DE", "--by", "jonas@example.com", "-m", "Umschlag reads oddly")
    assert objection.code == 0, objection.err
    assert "Requested changes on the language layer of WOO-BEANIE for de-DE as jonas@example.com" in objection.err
    assert states(ready_repo)["language"] == "changes-requested"

    again = invoke(capsys, "-C", ready_repo, "review", SKU, "approve", "--layer", "language", "--locale", "de-DE", "--by", "jonas@example.com")

    assert again.code == 0, again.err
    assert states(ready_repo)["language"] == "fresh"


def test_approval_by_removed_approver(ready_repo: Path) -> None:
    set_roles(ready_repo, "roles:\n  default:\n    approvers:\n      visual: [ana@example.com]\n")

    assert states(ready_repo)["visual"] == ApprovalState.NOT_ALLOWED.value


def test_latest_verdict_by_time() -> None:
    noon = datetime(2026, 12, 1, 12, tzinfo=UTC)

    def review(verdict: str, at: datetime) -> Review:
        return Review(layer="language", locale="de-DE", by="jonas@example.com", at=at, verdict=verdict, fingerprint=FINGERPRINT)  # type: ignore[arg-type]

    # A merge can put an older verdict below a newer one in the file.
    entries = [review("request-changes", noon + timedelta(hours=1)), review("approve", noon)]
    assert latest_reviews(entries)[("language", "de-DE", None)].verdict == "request-changes"

    same_time = [review("approve", noon), review("request-changes", noon)]
    assert latest_reviews(same_time)[("language", "de-DE", None)].verdict == "request-changes"


def test_platform_needed_for_visual_entry(repo: Path) -> None:
    (repo / REVIEWS).write_text(
        "signoffs: []\nreviews:\n  - layer: visual\n    locale: de-DE\n    by: mei@example.com\n"
        f"    at: '2026-12-01T12:00:00+00:00'\n    verdict: approve\n    fingerprint: {FINGERPRINT}\n",
        encoding="utf-8",
    )

    with pytest.raises(ErrorList) as raised:
        read_reviews(repo / REVIEWS, REVIEWS)

    [error] = raised.value.errors
    assert (error.message, error.line, error.field) == ("a visual review must name its platform", 3, "reviews[0]")
    assert error.hint == 'Add "platform:" with the platform id, for example amazon-de.'


def test_edited_fingerprint_rejected(repo: Path) -> None:
    (repo / REVIEWS).write_text(
        "reviews:\n  - layer: language\n    locale: de-DE\n    by: jonas@example.com\n    at: '2026-12-01T12:00:00+00:00'\n    verdict: approve\n    fingerprint: abc\n",
        encoding="utf-8",
    )

    with pytest.raises(ErrorList) as raised:
        read_reviews(repo / REVIEWS, REVIEWS)

    [error] = raised.value.errors
    assert (error.message, error.line, error.field) == ('"abc" is not a SHA-256 fingerprint', 7, "reviews[0].fingerprint")

