"""The SARIF and GitHub reporters: schema-valid SARIF, well-formed and escaped workflow commands."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from linkstar_cli import __version__
from linkstar_cli.lint.engine import LintResult
from linkstar_cli.lint.findings import Finding, Level
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.report.github import escape_data, escape_property, format_for_environment, render_github, workflow_command
from linkstar_cli.lint.report.sarif import build_sarif, render_sarif, work_tree_prefix
from tests.conftest import FIXTURES
from tests.helpers import invoke

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
WORKFLOW_COMMAND = re.compile(
    r"^::(?P<command>error|warning|notice) "
    r"(?:file=(?P<file>[^,:\r\n]+)(?:,line=(?P<line>[1-9]\d*)(?:,col=(?P<col>[1-9]\d*))?)?,)?"
    r"title=(?P<title>[^,:\r\n]+)::(?P<message>[^\r\n]*)$"
)

ERROR = Finding(
    rule="schema",
    level=Level.ERROR,
    message='GTIN "6.9E+12" is written in scientific notation',
    key="schema:gtin",
    hint="Quote it.",
    file="skus/EX-1/brief.yaml",
    line=4,
    column=7,
    field="gtin",
    sku="EX-1",
)
WARNING = Finding(
    rule="duplicate-key",
    level=Level.WARNING,
    message='duplicate key "title"',
    file="skus/EX-1/copy/de-DE.yaml",
    line=3,
    sku="EX-1",
    target="amazon-de",
    locale="de-DE",
)
NOTE_WITHOUT_FILE = Finding(rule="yaml-syntax", level=Level.INFO, message="repo-wide note")
NOTE_IN_SKU = Finding(rule="yaml-syntax", level=Level.INFO, message="SKU note without a file", sku="EX-1")
IMAGE = Finding(rule="schema", level=Level.WARNING, message="image too small", file="skus/EX-1/assets/主图 1.jpg", sku="EX-1")


def result_of(*findings: Finding) -> LintResult:
    return LintResult(findings=list(findings), all_findings=list(findings), skus=["EX-1"], stage="release")


def validate(log: dict[str, Any]) -> None:
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class.check_schema(SCHEMA)
    validator_class(SCHEMA, format_checker=validator_class.FORMAT_CHECKER).validate(log)


def test_schema_declares_draft_04() -> None:
    assert jsonschema.validators.validator_for(SCHEMA) is jsonschema.Draft4Validator


def test_sarif_with_every_level_is_valid(tmp_path: Path) -> None:
    log = json.loads(render_sarif(result_of(ERROR, WARNING, NOTE_WITHOUT_FILE, NOTE_IN_SKU, IMAGE), tmp_path))

    validate(log)
    assert [result["level"] for result in log["runs"][0]["results"]] == ["error", "warning", "note", "note", "warning"]


def test_sarif_without_findings_is_valid(tmp_path: Path) -> None:
    log = json.loads(render_sarif(result_of(), tmp_path))

    validate(log)
    assert log["runs"][0]["results"] == []
    assert len(log["runs"]) == 1


def test_sarif_with_docs_url_is_valid(tmp_path: Path) -> None:
    log = build_sarif(result_of(ERROR), tmp_path, docs_url="https://docs.example.org/linkstar/rules.md")

    validate(log)
    schema_rule = next(rule for rule in log["runs"][0]["tool"]["driver"]["rules"] if rule["id"] == "schema")
    assert schema_rule["helpUri"] == "https://docs.example.org/linkstar/rules.md#schema"


def test_sarif_driver_lists_registry_rules(tmp_path: Path) -> None:
    driver = build_sarif(result_of(), tmp_path)["runs"][0]["tool"]["driver"]

    assert driver["name"] == "linkstar"
    assert driver["version"] == __version__
    assert [rule["id"] for rule in driver["rules"]] == list(all_rules())
    yaml_syntax = driver["rules"][0]
    assert yaml_syntax["shortDescription"]["text"] == "a YAML file cannot be parsed"
    assert yaml_syntax["fullDescription"]["text"].startswith("Every YAML file of the repo must parse")
    assert yaml_syntax["defaultConfiguration"] == {"level": "error"}
    assert yaml_syntax["help"]["text"].endswith("Options and examples: docs/rules.md#yaml-syntax")
    assert "helpUri" not in yaml_syntax


def test_sarif_result_fields(tmp_path: Path) -> None:
    log = build_sarif(result_of(ERROR), tmp_path)

    result = log["runs"][0]["results"][0]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert result["ruleId"] == "schema"
    assert rules[result["ruleIndex"]]["id"] == "schema"
    assert result["level"] == "error"
    assert result["message"] == {"text": 'GTIN "6.9E+12" is written in scientific notation\nQuote it.'}
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "skus/EX-1/brief.yaml", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 4, "startColumn": 7},
            }
        }
    ]
    assert result["partialFingerprints"] == {"linkstarFingerprint/v1": ERROR.fingerprint()}
    assert result["properties"] == {"sku": "EX-1", "field": "gtin"}


def test_sarif_context_properties(tmp_path: Path) -> None:
    result = build_sarif(result_of(WARNING), tmp_path)["runs"][0]["results"][0]

    assert result["properties"] == {"sku": "EX-1", "target": "amazon-de", "locale": "de-DE"}
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 3}


def test_sarif_gives_every_result_a_file(tmp_path: Path) -> None:
    results = build_sarif(result_of(NOTE_WITHOUT_FILE, NOTE_IN_SKU), tmp_path)["runs"][0]["results"]

    uris = [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results]
    assert uris == ["linkstar.yaml", "skus/EX-1/brief.yaml"]
    assert all("region" not in result["locations"][0]["physicalLocation"] for result in results)


def test_sarif_percent_encodes_file_names(tmp_path: Path) -> None:
    result = build_sarif(result_of(IMAGE), tmp_path)["runs"][0]["results"][0]

    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "skus/EX-1/assets/%E4%B8%BB%E5%9B%BE%201.jpg"


def test_sarif_paths_start_at_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    root = tmp_path / "content" / "shop"
    root.mkdir(parents=True)

    result = build_sarif(result_of(ERROR), root)["runs"][0]["results"][0]

    assert work_tree_prefix(root) == "content/shop/"
    assert work_tree_prefix(tmp_path) == ""
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "content/shop/skus/EX-1/brief.yaml"


def test_sarif_run_language_follows_messages(tmp_path: Path) -> None:
    from linkstar_cli.i18n import set_language

    set_language("zh_CN")

    log = build_sarif(result_of(), tmp_path)

    assert log["runs"][0]["language"] == "zh-CN"


def test_github_lines_are_well_formed() -> None:
    text = render_github(result_of(ERROR, WARNING, NOTE_WITHOUT_FILE, NOTE_IN_SKU, IMAGE))

    lines = text.split("\n")
    matches = [WORKFLOW_COMMAND.match(line) for line in lines]
    assert all(matches), [line for line, match in zip(lines, matches) if not match]
    assert [match["command"] for match in matches if match] == ["error", "warning", "notice", "notice", "warning"]
    assert lines[0] == '::error file=skus/EX-1/brief.yaml,line=4,col=7,title=schema::GTIN "6.9E+12" is written in scientific notation%0AQuote it.'
    assert lines[1] == '::warning file=skus/EX-1/copy/de-DE.yaml,line=3,title=duplicate-key::duplicate key "title"'
    assert lines[2] == "::notice title=yaml-syntax::repo-wide note"
    assert lines[4] == "::warning file=skus/EX-1/assets/主图 1.jpg,title=schema::image too small"


def test_github_escapes_message() -> None:
    finding = Finding(rule="schema", level=Level.ERROR, message="100% cotton\r\nsecond line %0A", file="skus/A/brief.yaml", line=2)

    line = workflow_command(finding)

    assert line == "::error file=skus/A/brief.yaml,line=2,title=schema::100%25 cotton%0D%0Asecond line %250A"
    assert WORKFLOW_COMMAND.match(line)


def test_github_escapes_properties() -> None:
    finding = Finding(rule="schema", level=Level.WARNING, message="a: b, c", file="skus/A,B/c:d%.yaml")

    line = workflow_command(finding)

    assert line == "::warning file=skus/A%2CB/c%3Ad%25.yaml,title=schema::a: b, c"
    assert escape_property("x:y,z\n") == "x%3Ay%2Cz%0A"
    assert escape_data("x:y,z\n") == "x:y,z%0A"


def test_github_paths_start_at_git_work_tree(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    root = tmp_path / "shop"
    root.mkdir()

    text = render_github(result_of(WARNING), root)

    assert text.startswith("::warning file=shop/skus/EX-1/copy/de-DE.yaml,line=3,")


def test_github_without_findings_is_empty() -> None:
    assert render_github(result_of()) == ""


def test_format_chosen_from_environment() -> None:
    assert format_for_environment({"GITHUB_ACTIONS": "true"}) == "github"
    assert format_for_environment({"GITHUB_ACTIONS": "false"}) == "human"
    assert format_for_environment({}) == "human"


@pytest.fixture
def fault_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "lint-repo", root, ignore=shutil.ignore_patterns("expected", "README.md"))
    return root


def test_cli_sarif_is_valid(fault_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", fault_repo, "lint", "--format", "sarif")

    log = json.loads(result.out)
    validate(log)
    assert result.code == 1
    uris = {entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for entry in log["runs"][0]["results"]}
    assert "skus/F-YAML-TAB/brief.yaml" in uris
    assert "SKUs checked" in result.err


def test_cli_github_lines_are_well_formed(fault_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", fault_repo, "lint", "--format", "github")

    lines = result.out.splitlines()
    assert result.code == 1
    assert lines
    assert all(WORKFLOW_COMMAND.match(line) for line in lines), lines
    assert "::error file=skus/F-YAML-TAB/brief.yaml,line=9,col=1,title=yaml-syntax::" in result.out
