"""The licence rules on assets and on the brand kit, and uncatalogued asset files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.example_base import BASE_FILES, BRIEF, COPY_DE, COPY_EN, LICENCE
from linkstar_cli.lint.findings import Finding
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.rule import GeneratedImage
from tests.test_rule_examples import build_example_repo

TODAY = date(2026, 12, 1)
LICENCE_RULES = {rule.id for rule in all_rules().values() if rule.family == "licences"}
ASSETS_FILE = "skus/EX-1/assets/assets.yaml"
CONFIG = str(BASE_FILES["linkstar.yaml"])
Files = dict[str, str | GeneratedImage | None]

GALLERY = f"""\
  - file: gallery-1.jpg
    role: gallery
    alt: T-shirt folded
{LICENCE}"""


def assets(main_licence: str | None, entry: str = "") -> Files:
    """Return assets.yaml whose main image (lines 2-4, licence from line 5) has ``main_licence`` and extra ``entry`` lines."""
    licence = "" if main_licence is None else "    licence:\n" + "".join(f"      {line}\n" for line in main_licence.splitlines())
    return {ASSETS_FILE: f"assets:\n  - file: main.jpg\n    role: main\n    alt: T-shirt on white\n{entry}{licence}{GALLERY}"}


OWNED = "kind: owned\nowner: Example GmbH\nsource: studio shoot 2026-03"


def run(root: Path, files: Files, rules: set[str] | None = None, today: date = TODAY) -> list[Finding]:
    repo = build_example_repo(root, files)
    chosen = (rules or LICENCE_RULES) | {"schema", "yaml-syntax"}
    return Linter(repo, LintOptions(only_rules=chosen, use_baseline=False, today=today)).run().findings


def lint(root: Path, files: Files, rules: set[str] | None = None, today: date = TODAY) -> list[tuple[str, str | None, int | None, str]]:
    return [(finding.rule, finding.file, finding.line, finding.message) for finding in run(root, files, rules, today)]


def test_base_repo_passes(tmp_path: Path) -> None:
    assert lint(tmp_path, {}) == []


def test_licence_missing(tmp_path: Path) -> None:
    found = run(tmp_path, assets(None))

    assert [(finding.rule, finding.file, finding.line, finding.message) for finding in found] == [
        ("licence-missing", ASSETS_FILE, 2, '"main.jpg" has no licence record')
    ]
    assert found[0].hint == "Add a licence: block with kind, owner and source to this entry."
    assert found[0].sku == "EX-1"


@pytest.mark.parametrize(
    ("expires", "expected"),
    [
        ("2026-11-29", [("licence-expired", ASSETS_FILE, 9, 'licence of "main.jpg" expired on 2026-11-29 (2 days ago)')]),
        ("2026-11-30", [("licence-expired", ASSETS_FILE, 9, 'licence of "main.jpg" expired on 2026-11-30 (1 day ago)')]),
        ("2026-12-01", [("licence-expiring", ASSETS_FILE, 9, 'licence of "main.jpg" expires today (2026-12-01)')]),
        ("2026-12-02", [("licence-expiring", ASSETS_FILE, 9, 'licence of "main.jpg" expires on 2026-12-02 (in 1 day)')]),
        ("2026-12-31", [("licence-expiring", ASSETS_FILE, 9, 'licence of "main.jpg" expires on 2026-12-31 (in 30 days)')]),
        ("2027-01-01", []),
    ],
)
def test_licence_expiry_against_today(tmp_path: Path, expires: str, expected: list[tuple[str, str, int, str]]) -> None:
    assert lint(tmp_path, assets(f"{OWNED}\nexpires: {expires}")) == expected


def test_licence_expiring_days_option(tmp_path: Path) -> None:
    files = assets(f"{OWNED}\nexpires: 2027-01-15")
    files["linkstar.yaml"] = CONFIG + "lint:\n  rules:\n    licence-expiring: {days: 60}\n"

    assert lint(tmp_path, files) == [("licence-expiring", ASSETS_FILE, 9, 'licence of "main.jpg" expires on 2027-01-15 (in 45 days)')]


def test_licence_expiry_moves_with_today(tmp_path: Path) -> None:
    files = assets(f"{OWNED}\nexpires: 2026-12-20")

    assert lint(tmp_path / "early", files, today=date(2026, 11, 1)) == []
    assert [rule for rule, *_rest in lint(tmp_path / "soon", files, today=date(2026, 12, 1))] == ["licence-expiring"]
    assert [rule for rule, *_rest in lint(tmp_path / "late", files, today=date(2027, 1, 1))] == ["licence-expired"]


def test_licence_market_per_market_of_targets(tmp_path: Path) -> None:
    files = {**assets(f"{OWNED}\nmarkets: [US, GB]"), "skus/EX-1/brief.yaml": BRIEF.replace("targets: [amazon-de]", "targets: [amazon-de, amazon-us, tiktok-uk]")}

    assert lint(tmp_path, files) == [("licence-market", ASSETS_FILE, 9, 'licence of "main.jpg" does not cover market DE (used by amazon-de)')]


def test_licence_market_respects_asset_markets(tmp_path: Path) -> None:
    files = {
        **assets(f"{OWNED}\nmarkets: [US]", entry="    markets: [US]\n"),
        "skus/EX-1/brief.yaml": BRIEF.replace("targets: [amazon-de]", "targets: [amazon-de, amazon-us]"),
    }

    assert lint(tmp_path, files) == []


def test_licence_editorial_and_non_commercial(tmp_path: Path) -> None:
    assert lint(tmp_path / "editorial", assets("kind: editorial\nowner: Example Press")) == [
        ("licence-editorial", ASSETS_FILE, 6, 'licence of "main.jpg" allows editorial use only')
    ]
    assert lint(tmp_path / "non-commercial", assets(f"{OWNED}\ncommercial_use: false")) == [
        ("licence-editorial", ASSETS_FILE, 9, 'licence of "main.jpg" forbids commercial use')
    ]


def test_licence_editorial_allows_design_sources(tmp_path: Path) -> None:
    entry = "  - file: main.psd\n    role: design-source\n    licence: {kind: editorial, owner: Example Press}\n"
    files: Files = {ASSETS_FILE: str(BASE_FILES[ASSETS_FILE]) + entry, "skus/EX-1/assets/main.psd": "8BPS"}

    assert lint(tmp_path, files) == []


def test_licence_attribution(tmp_path: Path) -> None:
    missing = assets("kind: cc-by\nowner: Jane Doe\nattribution_required: true")
    blank = assets('kind: cc-by\nowner: Jane Doe\nattribution_required: true\nattribution: "  "')
    given = assets("kind: cc-by\nowner: Jane Doe\nattribution_required: true\nattribution: Photo by Jane Doe, CC BY 4.0")

    message = 'licence of "main.jpg" requires attribution but gives no attribution text'
    assert lint(tmp_path / "missing", missing) == [("licence-attribution", ASSETS_FILE, 8, message)]
    assert lint(tmp_path / "blank", blank) == [("licence-attribution", ASSETS_FILE, 8, message)]
    assert lint(tmp_path / "given", given) == []


@pytest.mark.parametrize("kind", ["cc-by", "cc-by-sa"])
def test_creative_commons_by_implies_attribution(tmp_path: Path, kind: str) -> None:
    implied = assets(f"kind: {kind}\nowner: Jane\nsource: flickr")
    denied = assets(f"kind: {kind}\nowner: Jane\nsource: flickr\nattribution_required: false")
    given = assets(f"kind: {kind}\nowner: Jane\nsource: flickr\nattribution: Photo by Jane, CC BY 4.0")

    message = f'licence of "main.jpg" is {kind}, which requires attribution, but gives no attribution text'
    assert lint(tmp_path / "implied", implied) == [("licence-attribution", ASSETS_FILE, 6, message)]
    assert lint(tmp_path / "denied", denied) == [("licence-attribution", ASSETS_FILE, 6, message)]
    assert lint(tmp_path / "given", given) == []


def test_other_kinds_need_no_attribution(tmp_path: Path) -> None:
    assert lint(tmp_path, assets("kind: cc0\nowner: Jane\nsource: flickr")) == []


@pytest.mark.parametrize(
    ("market", "message", "hint"),
    [
        ("UK", '"UK" is not a market code (the United Kingdom is GB in ISO 3166)', "Write GB (or XI for Northern Ireland alone)."),
        ("EU", '"EU" is a group of countries, not a market code', "List the member states where it applies, for example [DE, FR, IT, ES]."),
        (
            "WW",
            '"WW" is not a country code',
            "Use the ISO 3166 two-letter code of a country, for example DE, US or JP. For every market, leave out the list of markets.",
        ),
    ],
)
def test_licence_market_codes_rejected(tmp_path: Path, market: str, message: str, hint: str) -> None:
    found = run(tmp_path, assets(f"{OWNED}\nmarkets: [DE, {market}]"))

    assert [(finding.rule, finding.file, finding.line, finding.field) for finding in found] == [("schema", ASSETS_FILE, 9, "assets[0].licence.markets[1]")]
    assert found[0].message == message
    assert found[0].hint == hint


def test_licence_market_codes_accepted(tmp_path: Path) -> None:
    assert lint(tmp_path, assets(f"{OWNED}\nmarkets: [DE, GB, XI, XK]")) == []


def test_invalid_assets_file_is_left_to_schema(tmp_path: Path) -> None:
    found = lint(tmp_path, {ASSETS_FILE: "assets:\n  - file: main.jpg\n    role: hero\n"})

    assert [rule for rule, *_rest in found] == ["schema"]


# Brand kit

BRAND = """\
name: Example
fonts:
  - id: sans
    file: fonts/Sans.ttf
  - id: serif
    file: fonts/Serif.ttf
    licence: {kind: ofl, owner: Serif Foundry, markets: [US]}
logos:
  - id: wordmark
    file: logos/wordmark.png
    licence:
      kind: commissioned
      owner: Example GmbH
      expires: 2026-10-01
      attribution_required: true
"""


def test_brand_kit_licences(tmp_path: Path) -> None:
    found = run(tmp_path, {"brand/brand.yaml": BRAND})

    assert [(finding.rule, finding.file, finding.line, finding.sku, finding.message) for finding in found] == [
        ("licence-missing", "brand/brand.yaml", 3, None, '"fonts/Sans.ttf" has no licence record'),
        ("licence-market", "brand/brand.yaml", 7, None, 'licence of "fonts/Serif.ttf" does not cover market DE (used by amazon-de)'),
        ("licence-expired", "brand/brand.yaml", 14, None, 'licence of "logos/wordmark.png" expired on 2026-10-01 (61 days ago)'),
        ("licence-attribution", "brand/brand.yaml", 15, None, 'licence of "logos/wordmark.png" requires attribution but gives no attribution text'),
    ]


def test_brand_kit_checked_once_per_run(tmp_path: Path) -> None:
    files: Files = {
        "brand/brand.yaml": BRAND,
        "skus/EX-2/brief.yaml": BRIEF.replace("id: EX-1", "id: EX-2"),
        "skus/EX-2/copy/en-US.yaml": COPY_EN,
        "skus/EX-2/copy/de-DE.yaml": COPY_DE,
    }

    found = lint(tmp_path, files, {"licence-missing"})

    assert found == [("licence-missing", "brand/brand.yaml", 3, '"fonts/Sans.ttf" has no licence record')]


def test_broken_brand_kit_is_left_to_schema(tmp_path: Path) -> None:
    found = lint(tmp_path, {"brand/brand.yaml": "name: Example\nfonts:\n  - id: sans\n"})

    assert [(rule, file, line) for rule, file, line, _message in found] == [("schema", "brand/brand.yaml", 3)]


# asset-uncatalogued


def test_asset_uncatalogued(tmp_path: Path) -> None:
    files: Files = {
        "skus/EX-1/assets/gallery-2.jpg": GeneratedImage(100, 100),
        "skus/EX-1/assets/psd/main.psd": "8BPS",
        "skus/EX-1/assets/.DS_Store": "",
        "skus/EX-1/assets/notes.md": "Shot in March.\n",
    }

    found = run(tmp_path, files, {"asset-uncatalogued"})

    assert [(finding.file, finding.line, finding.message) for finding in found] == [
        ("skus/EX-1/assets/gallery-2.jpg", None, 'file "gallery-2.jpg" is not in assets.yaml'),
        ("skus/EX-1/assets/psd/main.psd", None, 'file "psd/main.psd" is not in assets.yaml'),
    ]
    assert found[0].hint == "Add an entry with its role and licence to assets.yaml, or remove the file."


def test_asset_uncatalogued_skips_named_licence_files(tmp_path: Path) -> None:
    files: Files = {
        **assets(f"{OWNED}\nlicence_file: LICENSE-photos"),
        "skus/EX-1/assets/LICENSE-photos": "MIT\n",
    }

    assert lint(tmp_path, files, {"asset-uncatalogued"}) == []


def test_asset_uncatalogued_ignore_option(tmp_path: Path) -> None:
    files: Files = {
        "skus/EX-1/assets/raw/IMG_0001.CR2": "raw",
        "linkstar.yaml": CONFIG + "lint:\n  rules:\n    asset-uncatalogued: {ignore: ['raw/*']}\n",
    }

    assert lint(tmp_path, files, {"asset-uncatalogued"}) == []
