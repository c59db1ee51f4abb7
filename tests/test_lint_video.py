"""The video rules of lint: exact messages and lines on the example repo, and the demo repo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from linkstar_cli.lint.engine import Linter, LintOptions
from linkstar_cli.lint.example_base import BASE_FILES
from linkstar_cli.lint.rules.video import RULES
from linkstar_cli.lint.rules.video_examples import STORYBOARD, STORYBOARD_FILE
from linkstar_cli.repo.content import ContentRepo
from tests.test_rule_examples import build_example_repo

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-repo"
VIDEO_RULES = {rule.id for rule in RULES}
TODAY = date(2026, 12, 1)


def lint(repo: ContentRepo, rules: set[str] = VIDEO_RULES) -> list[str]:
    result = Linter(repo, LintOptions(only_rules=rules | {"schema", "yaml-syntax"}, use_baseline=False, today=TODAY)).run()
    return [f"{finding.level.value} {finding.rule} {finding.file}:{finding.line} {finding.message}" for finding in result.findings]


def lint_files(tmp_path: Path, files: dict[str, str | None], rules: set[str] = VIDEO_RULES) -> list[str]:
    return lint(build_example_repo(tmp_path, files), rules)


def board(old: str = "", new: str = "") -> str:
    assert old in STORYBOARD
    return STORYBOARD.replace(old, new, 1)


def test_example_storyboard_is_clean(tmp_path: Path) -> None:
    assert lint_files(tmp_path, {STORYBOARD_FILE: STORYBOARD}) == []


def test_duration_too_long(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {STORYBOARD_FILE: board("    duration: 6\n", "    duration: 41.5\n")})

    assert found == ['error video-duration skus/EX-1/video/launch.yaml:3 video "launch" too long for amazon-de (45.5 > 45 seconds)']


def test_duration_exactly_at_limit_passes(tmp_path: Path) -> None:
    assert lint_files(tmp_path, {STORYBOARD_FILE: board("    duration: 6\n", "    duration: 41\n")}) == []


def test_duration_too_short(tmp_path: Path) -> None:
    first_scene_only = STORYBOARD.split("  - id: neck")[0].replace("    duration: 4\n", "    duration: 5.5\n")

    found = lint_files(tmp_path, {STORYBOARD_FILE: first_scene_only})

    assert found == ['error video-duration skus/EX-1/video/launch.yaml:3 video "launch" too short for amazon-de (5.5 < 6 seconds)']


def test_spec_without_video_section_checks_nothing(tmp_path: Path) -> None:
    files = {
        STORYBOARD_FILE: board('aspect: "16:9"', 'aspect: "9:16"').replace("    duration: 6\n", "    duration: 600\n"),
        "specs/amazon-de.yaml": "id: amazon-de\nextends: amazon-de\nvideo: null\n",
    }

    assert lint_files(tmp_path, files) == []


def test_aspect_not_accepted(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {STORYBOARD_FILE: board('aspect: "16:9"', 'aspect: "1:1"')})

    assert found == ['error video-aspect skus/EX-1/video/launch.yaml:2 video "launch" has aspect ratio 1:1, which amazon-de does not accept']


def test_count_over_limit_points_at_first_extra(tmp_path: Path) -> None:
    files: dict[str, str | None] = {f"skus/EX-1/video/clip-{n}.yaml": STORYBOARD.replace("name: launch", f"name: clip-{n}") for n in range(1, 8)}

    found = lint_files(tmp_path, files)

    assert found == ["error video-count skus/EX-1/video/clip-7.yaml:1 too many videos for amazon-de (7 > 6)"]


def test_count_ignores_storyboards_for_other_platforms(tmp_path: Path) -> None:
    files: dict[str, str | None] = {STORYBOARD_FILE: STORYBOARD, "specs/amazon-de.yaml": "id: amazon-de\nextends: amazon-de\nvideo:\n  max_count: 1\n"}
    files["skus/EX-1/video/teaser.yaml"] = STORYBOARD.replace("name: launch", "name: teaser").replace('aspect: "16:9"\n', 'aspect: "16:9"\ntargets: [amazon-us]\n')

    found = lint_files(tmp_path, files)

    assert found == ['warning video-target skus/EX-1/video/teaser.yaml:3 video "teaser" names amazon-us, which is not a target of this SKU']


def test_caption_rate_latin(tmp_path: Path) -> None:
    caption = "Weiche Baumwolle, die den ganzen Tag bequem bleibt, vom Morgen bis zum Abend"
    found = lint_files(tmp_path, {STORYBOARD_FILE: board("de-DE: Weiche Baumwolle, den ganzen Tag", f"de-DE: {caption}")})

    assert len(caption) == 76
    assert found == ['warning caption-rate skus/EX-1/video/launch.yaml:10 de-DE caption of scene "intro" too fast to read (19 > 17 characters per second)']


def test_caption_rate_hint(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {STORYBOARD_FILE: board("de-DE: Weiche Baumwolle, den ganzen Tag", "de-DE: Weiche Baumwolle, die den ganzen Tag bequem bleibt, vom Morgen bis zum Abend")})

    [finding] = Linter(repo, LintOptions(only_rules={"caption-rate"}, use_baseline=False, today=TODAY)).run().findings

    assert finding.hint == "Shorten the caption to 68 characters, or make the scene last at least 4.5 seconds."
    assert finding.locale == "de-DE"
    assert finding.field == "scenes[0].captions.de-DE"


def test_caption_rate_cjk_limit_and_option(tmp_path: Path) -> None:
    files: dict[str, str | None] = {STORYBOARD_FILE: board("      de-DE: Weiche Baumwolle, den ganzen Tag\n", "      de-DE: Weiche Baumwolle, den ganzen Tag\n      zh-CN: 柔软纯棉，全天舒适，从早到晚都好穿\n")}

    assert lint_files(tmp_path / "default", files) == [
        'warning caption-rate skus/EX-1/video/launch.yaml:11 zh-CN caption of scene "intro" too fast to read (4.2 > 4 characters per second)'
    ]
    files["linkstar.yaml"] = BASE_FILES["linkstar.yaml"] + "lint:\n  rules:\n    caption-rate:\n      max_cps_cjk: 9\n"  # type: ignore[operator]
    assert lint_files(tmp_path / "raised", files) == []


def test_caption_rate_japanese_half_width(tmp_path: Path) -> None:
    files: dict[str, str | None] = {STORYBOARD_FILE: board("      de-DE: Weiche Baumwolle, den ganzen Tag\n", "      de-DE: Weiche Baumwolle, den ganzen Tag\n      ja-JP: Northwind Basicsのロゴ入りパーカー\n")}

    assert lint_files(tmp_path, files) == ['warning caption-rate skus/EX-1/video/launch.yaml:11 ja-JP caption of scene "intro" too fast to read (4.2 > 4 characters per second)']


def test_caption_missing(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {STORYBOARD_FILE: board("      de-DE: Ein klassischer Rundhalsausschnitt\n", "")})

    assert found == ['error video-caption-missing skus/EX-1/video/launch.yaml:18 scene "neck" of video "launch" has no de-DE caption (needed by amazon-de)']


def test_caption_missing_names_every_target_of_the_locale(tmp_path: Path) -> None:
    files: dict[str, str | None] = {
        "linkstar.yaml": "version: 1\nbrand: Example\nsource_locale: en-US\ntargets: [amazon-de]\ntarget_locales:\n  tiktok-uk: en-US\n",
        "skus/EX-1/brief.yaml": BASE_FILES["skus/EX-1/brief.yaml"].replace("targets: [amazon-de]", "targets: [amazon-de, amazon-us, tiktok-uk]"),  # type: ignore[union-attr]
        STORYBOARD_FILE: board("      en-US: A classic crew neck\n", ""),
    }

    found = lint_files(tmp_path, files)

    assert found == ['error video-caption-missing skus/EX-1/video/launch.yaml:18 scene "neck" of video "launch" has no en-US caption (needed by amazon-us, tiktok-uk)']


def test_scene_without_captions_needs_none(tmp_path: Path) -> None:
    text = board("    captions:\n      en-US: A classic crew neck\n      de-DE: Ein klassischer Rundhalsausschnitt\n", "")

    assert lint_files(tmp_path, {STORYBOARD_FILE: text}) == []


def test_voice_over_missing(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {STORYBOARD_FILE: board("      de-DE: Das T-Shirt, das Sie jeden Tag tragen möchten.\n", "")})

    assert found == ['warning video-voice-over-missing skus/EX-1/video/launch.yaml:11 scene "intro" of video "launch" has no de-DE voice-over (needed by amazon-de)']


def test_asset_not_catalogued(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {STORYBOARD_FILE: board("    asset: gallery-1.jpg\n", "    asset: neck-close-up.jpg\n")})

    assert found == ['error video-asset skus/EX-1/video/launch.yaml:17 scene "neck" uses "neck-close-up.jpg", which assets.yaml does not list']


def test_target_not_of_the_sku(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {STORYBOARD_FILE: board('aspect: "16:9"\n', 'aspect: "16:9"\ntargets: [amazon-de, tiktok-uk]\n')})

    assert found == ['warning video-target skus/EX-1/video/launch.yaml:3 video "launch" names tiktok-uk, which is not a target of this SKU']


def test_invalid_storyboard_is_a_schema_finding(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {STORYBOARD_FILE: board("    duration: 6\n", "    duration: 6s\n")})

    assert found == ['error schema skus/EX-1/video/launch.yaml:15 expected a number, got "6s"']


def test_name_mismatch_is_a_schema_finding(tmp_path: Path) -> None:
    found = lint_files(tmp_path, {"skus/EX-1/video/teaser.yaml": STORYBOARD})

    assert found == ['error schema skus/EX-1/video/teaser.yaml:1 storyboard name "launch" does not match its file name "teaser"']


def test_invalid_storyboard_reported_once(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {STORYBOARD_FILE: board("    duration: 6\n", "    duration: -1\n")})

    result = Linter(repo, LintOptions(use_baseline=False, today=TODAY)).run()

    assert [f"{finding.rule} {finding.line} {finding.message}" for finding in result.findings] == ["schema 15 must be at least 0.001, got -1"]


def test_suppression_in_storyboard(tmp_path: Path) -> None:
    text = board('aspect: "16:9"', 'aspect: "9:16"  # linkstar: disable=video-aspect -- a vertical cut agreed with the marketplace team')

    assert lint_files(tmp_path, {STORYBOARD_FILE: text}) == []


def test_demo_storyboard_lints_clean() -> None:
    assert lint(ContentRepo(DEMO)) == []
