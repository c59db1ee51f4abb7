"""The lint engine: stages, levels, selection of SKUs and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from linkstar_cli.lint.config import LintConfig
from linkstar_cli.lint.findings import Level


def test_configured_stage_keeps_defaults() -> None:
    config = LintConfig.model_validate({"stages": {"draft": {"cap": "warning"}}})

    assert sorted(config.stages) == ["draft", "release"]
    assert config.stages["draft"].cap is Level.WARNING
    assert config.stages["release"].cap is None


def test_extra_stage_added() -> None:
    config = LintConfig.model_validate({"stages": {"review": {"cap": "info"}}})

    assert sorted(config.stages) == ["draft", "release", "review"]


def demo_copy(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "examples" / "demo-repo", root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    return root


def test_lint_missing_path_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import invoke

    root = demo_copy(tmp_path)

    result = invoke(capsys, "-C", root, "lint", root / "skus" / "WOO-BEANI")

    assert result.code == 2
    assert f"error: path not found: {root / 'skus' / 'WOO-BEANI'}" in result.err


def test_lint_path_outside_repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.helpers import invoke

    root = demo_copy(tmp_path)

    result = invoke(capsys, "-C", root, "lint", tmp_path)

    assert result.code == 2
    assert "is outside the content repo" in result.err


def test_unknown_target_located_in_brief(tmp_path: Path) -> None:
    from linkstar_cli.lint.engine import LintOptions, Linter
    from linkstar_cli.repo.content import ContentRepo

    root = demo_copy(tmp_path)
    brief = root / "skus" / "WOO-BEANIE" / "brief.yaml"
    text = brief.read_text(encoding="utf-8")
    assert "\ntargets:" not in text
    brief.write_text(text + "targets: [amazon-de, amazon-xx]\n", encoding="utf-8")
    line = len(text.splitlines()) + 1

    result = Linter(ContentRepo(root), LintOptions(only_rules={"schema"}, use_baseline=False)).run()

    assert [(finding.rule, finding.file, finding.line, finding.message) for finding in result.findings] == [
        ("schema", "skus/WOO-BEANIE/brief.yaml", line, 'unknown platform "amazon-xx"')
    ]


def test_repo_rules_only_in_first_shard(tmp_path: Path) -> None:
    from linkstar_cli.lint.engine import LintOptions, Linter
    from linkstar_cli.repo.content import ContentRepo

    root = demo_copy(tmp_path)
    (root / "brand" / "brand.yaml").write_text("name: Northwind Basics\nfonts:\n  - id: sans\n    file: fonts/NotoSans-Regular-subset.ttf\n", encoding="utf-8")

    first = Linter(ContentRepo(root), LintOptions(only_rules={"licence-missing"}, use_baseline=False, shard=(1, 2))).run()
    second = Linter(ContentRepo(root), LintOptions(only_rules={"licence-missing"}, use_baseline=False, shard=(2, 2))).run()

    assert [finding.file for finding in first.findings if finding.sku is None] == ["brand/brand.yaml"]
    assert [finding.file for finding in second.findings if finding.sku is None] == []


def test_review_goes_stale_after_copy_edit(tmp_path: Path) -> None:
    from linkstar_cli.lint.engine import LintOptions, Linter
    from linkstar_cli.release.reviews import ReviewRequest, record_review
    from linkstar_cli.repo.content import ContentRepo

    root = demo_copy(tmp_path)
    record_review(ContentRepo(root), ReviewRequest("WOO-BEANIE", "language", "de-DE", None, "approve", "jonas@example.com", None))
    before = Linter(ContentRepo(root), LintOptions(only_rules={"review-stale"}, use_baseline=False)).run()
    copy = root / "skus" / "WOO-BEANIE" / "copy" / "de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("Beanie", "Mütze", 1), encoding="utf-8")

    after = Linter(ContentRepo(root), LintOptions(only_rules={"review-stale"}, use_baseline=False)).run()

    assert before.findings == []
    assert [(finding.file, finding.message) for finding in after.findings] == [
        ("skus/WOO-BEANIE/reviews.yaml", "language approval of de-DE by jonas@example.com is stale: the content changed after it was approved")
    ]


def test_changed_lints_staged_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import subprocess

    from tests.helpers import invoke

    root = demo_copy(tmp_path)
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=environment)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    copy = root / "skus" / "WOO-BEANIE" / "copy" / "de-DE.yaml"
    clean = copy.read_text(encoding="utf-8")
    copy.write_text(clean.replace("Rot", "Rot!", 1), encoding="utf-8")
    git("add", "skus/WOO-BEANIE/copy/de-DE.yaml")
    copy.write_text(clean, encoding="utf-8")  # fixed in the work tree only, not staged

    result = invoke(capsys, "-C", root, "lint", "--changed", "--rule", "forbidden-chars", "--format", "json")

    assert result.code == 1
    assert '"rule": "forbidden-chars"' in result.out
    assert '"file": "skus/WOO-BEANIE/copy/de-DE.yaml"' in result.out
