"""The fault repo: each broken SKU reports exactly its one expected finding, and the clean SKU none."""

from __future__ import annotations

import shutil
from collections import defaultdict
from datetime import date

import pytest
import yaml

from linkstar_cli.lint.engine import LintOptions, LintResult, Linter
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.repo.content import ContentRepo
from tests.conftest import FIXTURES

SOURCE = FIXTURES / "lint-repo"
TODAY = date(2026, 12, 1)
Entry = tuple[str, str, int | None]


def expectations() -> dict[str, set[Entry]]:
    expected: dict[str, set[Entry]] = defaultdict(set)
    for path in sorted((SOURCE / "expected").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for sku, entries in data.items():
            for entry in entries:
                expected[sku].add((entry["rule"], entry["file"], entry.get("line")))
    return expected


@pytest.fixture(scope="module")
def lint_result(tmp_path_factory: pytest.TempPathFactory) -> LintResult:
    root = tmp_path_factory.mktemp("lint") / "repo"
    shutil.copytree(SOURCE, root, ignore=shutil.ignore_patterns("expected", "README.md"))
    return Linter(ContentRepo(root), LintOptions(use_baseline=False, today=TODAY)).run()


def found_by_sku(result: LintResult) -> dict[str, set[Entry]]:
    found: dict[str, set[Entry]] = defaultdict(set)
    for finding in result.findings:
        found[finding.sku or "_repo"].add((finding.rule, finding.file or "", finding.line))
    return found


def test_clean_sku_has_no_findings(lint_result: LintResult) -> None:
    assert found_by_sku(lint_result).get("CLEAN-1", set()) == set()


@pytest.mark.parametrize("sku", sorted(expectations()))
def test_fault_sku_reports_exactly_its_fault(lint_result: LintResult, sku: str) -> None:
    assert found_by_sku(lint_result).get(sku, set()) == expectations()[sku]


def test_no_unexpected_sku_findings(lint_result: LintResult) -> None:
    unexpected = set(found_by_sku(lint_result)) - set(expectations()) - {"CLEAN-1"}

    assert unexpected == set()


def test_every_rule_has_a_fault(lint_result: LintResult) -> None:
    covered = {rule for entries in expectations().values() for rule, _file, _line in entries}

    assert sorted(set(all_rules()) - covered) == []
