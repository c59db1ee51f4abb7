"""The demo repo, rendered for every target, lints with no error-level finding."""

from __future__ import annotations

import shutil
from pathlib import Path

from linkstar_cli.cli.app import run
from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.findings import Level
from linkstar_cli.repo.content import ContentRepo

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-repo"


def test_demo_lints_without_errors(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    assert run(["-C", str(root), "render", "--jobs", "2"]) == 0

    result = Linter(ContentRepo(root), LintOptions(use_baseline=False)).run()

    errors = [f"{finding.rule} {finding.file}:{finding.line} {finding.message}" for finding in result.findings if finding.level is Level.ERROR]
    assert errors == []
    assert result.skus == ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE"]
