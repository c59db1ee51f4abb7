"""``linkstar signoff``: sign-offs appended to reviews.yaml, comments kept, wrong ids rejected."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.example_base import BASE_FILES
from linkstar_cli.model.reviews import Reviews
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.reviews_io import read_reviews
from tests.helpers import build_tree, invoke

REVIEWS = "skus/EX-1/reviews.yaml"

COMMENTED = """\
# Sign-offs of the Berlin team.
signoffs:
  # Checked against the printed leaflet.
  - checklist: eu-gpsr
    item: safety-information
    market: DE
    by: anna@example.com
    at: "2026-03-02T10:00:00+00:00"
    note: Leaflet v3   # the current print run
# Filled by linkstar review.
reviews: []
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example content repo without reviews.yaml."""
    build_tree(tmp_path, {name: content for name, content in BASE_FILES.items() if isinstance(content, str) and name != REVIEWS})
    return tmp_path


@pytest.fixture(autouse=True)
def git_identity(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point Git at a private global config, so the tests never read the machine's own."""
    config = tmp_path_factory.mktemp("git") / "gitconfig"
    config.write_text("[user]\n\temail = mei@example.com\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return config


def reviews_of(repo: Path) -> Reviews:
    return read_reviews(repo / REVIEWS, REVIEWS)


def test_signoff_creates_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)

    result = invoke(capsys, "-C", repo, "signoff", "EX-1", "--checklist", "eu-gpsr", "--item", "safety-information", "--market", "DE", "-m", "Care label checked")

    assert result.code == 0, result.err
    assert "Signed off eu-gpsr \"safety-information\" for DE as mei@example.com in skus/EX-1/reviews.yaml." in result.err
    text = (repo / REVIEWS).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/reviews.schema.json\n")
    reviews = reviews_of(repo)
    assert reviews.reviews == []
    assert len(reviews.signoffs) == 1
    signoff = reviews.signoffs[0]
    assert (signoff.checklist, signoff.item, signoff.market, signoff.by, signoff.note) == ("eu-gpsr", "safety-information", "DE", "mei@example.com", "Care label checked")
    assert before <= signoff.at <= datetime.now(timezone.utc)
    assert signoff.at.utcoffset() is not None and signoff.at.utcoffset().total_seconds() == 0


def test_signoff_keeps_comments_and_appends(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / REVIEWS).write_text(COMMENTED, encoding="utf-8")

    first = invoke(capsys, "-C", repo, "signoff", "EX-1", "--checklist", "eu-gpsr", "--item", "safety-information", "--market", "FR", "--by", "luc@example.com")
    second = invoke(capsys, "-C", repo, "signoff", "EX-1", "--checklist", "us-fcc", "--item", "fcc-sdoc", "--market", "us")

    assert (first.code, second.code) == (0, 0), first.err + second.err
    text = (repo / REVIEWS).read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.split("# Filled by linkstar review.")[0])
    assert "  - checklist: eu-gpsr\n    item: safety-information\n    market: FR\n    by: luc@example.com\n" in text
    assert "  - checklist: us-fcc\n    item: fcc-sdoc\n    market: US\n    by: mei@example.com\n" in text
    assert text.endswith("# Filled by linkstar review.\nreviews: []\n")
    reviews = reviews_of(repo)
    assert [(signoff.item, signoff.market, signoff.by) for signoff in reviews.signoffs] == [
        ("safety-information", "DE", "anna@example.com"),
        ("safety-information", "FR", "luc@example.com"),
        ("fcc-sdoc", "US", "mei@example.com"),
    ]
    assert reviews.signoffs[0].note == "Leaflet v3"


def test_signoff_satisfies_lint(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def compliance_keys() -> list[str]:
        result = Linter(ContentRepo(repo), LintOptions(only_rules={"compliance"}, use_baseline=False, today=date(2026, 12, 1))).run()
        return [finding.key for finding in result.findings]

    assert compliance_keys() == ["eu-gpsr/safety-information"]

    result = invoke(capsys, "-C", repo, "signoff", "EX-1", "--checklist", "eu-gpsr", "--item", "safety-information", "--market", "DE")

    assert result.code == 0, result.err
    assert compliance_keys() == []


@pytest.mark.parametrize(
    ("arguments", "message", "hint"),
    [
        (
            ["--checklist", "eu-gpsrr", "--item", "safety-information", "--market", "DE"],
            "error: unknown checklist \"eu-gpsrr\"",
            "hint: Known checklists: eu-electrical, eu-gpsr, jp-pse, uk-product-safety, us-fcc, us-prop65.",
        ),
        (
            ["--checklist", "eu-gpsr", "--item", "safety-info", "--market", "DE"],
            "error: checklist eu-gpsr has no item \"safety-info\"",
            "hint: Items of eu-gpsr: manufacturer, responsible-person, safety-information.",
        ),
        (
            ["--checklist", "eu-gpsr", "--item", "manufacturer", "--market", "DE"],
            "error: item \"manufacturer\" of checklist eu-gpsr is checked from the data, not by sign-off",
            "hint: Run `linkstar lint` to see what it needs. Items of eu-gpsr that take a sign-off: safety-information.",
        ),
        (
            ["--checklist", "eu-gpsr", "--item", "safety-information", "--market", "GB"],
            "error: checklist eu-gpsr does not apply in market GB",
            "hint: Markets of \"safety-information\": AT, BE, BG, CY, CZ, DE,",
        ),
        (
            ["--checklist", "eu-gpsr", "--item", "safety-information", "--market", "Germany"],
            "error: \"GERMANY\" is not a market code",
            "hint: Use a two-letter country code in capitals, for example DE, US or JP.",
        ),
        (
            ["--checklist", "eu-gpsr", "--item", "safety-information", "--market", "DE", "--by", "Mei"],
            "error: reviewer \"Mei\" is not an e-mail address",
            "hint: Pass --by with the e-mail address of the person who checked the item.",
        ),
    ],
    ids=["checklist", "item", "data-item", "market", "market-code", "reviewer"],
)
def test_signoff_rejects(repo: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str, hint: str) -> None:
    result = invoke(capsys, "-C", repo, "signoff", "EX-1", *arguments)

    assert result.code == 2
    assert message in result.err
    assert hint in result.err
    assert not (repo / REVIEWS).exists()


def test_signoff_without_reviewer(repo: Path, capsys: pytest.CaptureFixture[str], git_identity: Path) -> None:
    git_identity.write_text("", encoding="utf-8")

    result = invoke(capsys, "-C", repo, "signoff", "EX-1", "--checklist", "eu-gpsr", "--item", "safety-information", "--market", "DE")

    assert result.code == 2
    assert "error: no reviewer: git config user.email is not set" in result.err
    assert not (repo / REVIEWS).exists()


def test_signoff_unknown_sku(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", repo, "signoff", "EX-9", "--checklist", "eu-gpsr", "--item", "safety-information", "--market", "DE")

    assert result.code == 2
    assert "error: SKU \"EX-9\" not found: skus/EX-9/brief.yaml does not exist" in result.err


def test_signoff_leaves_broken_file_alone(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = "signoffs:\n  - checklist: eu-gpsr\n    item: safety-information\n"
    (repo / REVIEWS).write_text(broken, encoding="utf-8")

    result = invoke(capsys, "-C", repo, "signoff", "EX-1", "--checklist", "eu-gpsr", "--item", "safety-information", "--market", "DE")

    assert result.code == 2
    assert "error: skus/EX-1/reviews.yaml:2:5 (signoffs[0].market): required field \"market\" is missing" in result.err
    assert (repo / REVIEWS).read_text(encoding="utf-8") == broken


def test_signoff_uses_local_checklist(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    local = """\
id: acme-labels
name: Acme label rules
source: {ref: Acme compliance handbook 2026, kind: official}
checked: 2026-11-01
items:
  - id: care-label
    description: care label checked against the fabric
    evidence:
      - signoff: required
    source: {ref: Acme compliance handbook 2026, kind: official}
"""
    build_tree(repo, {"checklists/acme-labels.yaml": local})

    result = invoke(capsys, "-C", repo, "signoff", "EX-1", "--checklist", "acme-labels", "--item", "care-label", "--market", "JP")

    assert result.code == 0, result.err
    assert [(signoff.checklist, signoff.market) for signoff in reviews_of(repo).signoffs] == [("acme-labels", "JP")]
