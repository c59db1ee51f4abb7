"""The rule reference: generated from the registry, committed, complete and translated."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import pytest
from pydantic import Field

from linkstar_cli.i18n import _, set_language
from linkstar_cli.lint.docs import DOC_FILES, default_text, render_rule_docs, type_text
from linkstar_cli.lint.findings import Level
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.rule import Rule, RuleOptions

DOCS = Path(__file__).resolve().parents[1] / "docs"
RULES = list(all_rules().values())


@pytest.mark.parametrize("language", sorted(DOC_FILES))
def test_committed_docs_are_current(language: str) -> None:
    committed = (DOCS / DOC_FILES[language]).read_text(encoding="utf-8")

    assert committed == render_rule_docs(language), f"docs/{DOC_FILES[language].as_posix()} is out of date: run python scripts/rule_docs.py"


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_is_documented(rule: Rule) -> None:
    assert rule.summary.strip(), "summary is empty"
    assert rule.description.strip(), "description is empty"
    assert any(example.passing for example in rule.examples), "no passing example"
    assert any(not example.passing for example in rule.examples), "no failing example"


def test_every_rule_has_a_heading() -> None:
    text = render_rule_docs("en")

    headings = re.findall(r"^### (\S+)$", text, flags=re.MULTILINE)
    assert headings == [rule.id for rule in RULES]
    assert all(rule.docs_link() == f"docs/rules.md#{rule.id}" for rule in RULES)


def test_rule_section_content() -> None:
    text = render_rule_docs("en")

    section = text.split("### yaml-syntax\n", 1)[1].split("\n### ", 1)[0]
    assert "**a YAML file cannot be parsed**" in section
    assert "- default level: error\n- checked for: each file that fails to load\n" in section
    assert "This rule has no options." in section
    assert "**PASS**: indented with spaces\n\n```yaml\n# skus/EX-1/brief.yaml\nid: EX-1\n" in section
    assert "**FAIL**: a tab before a key\n" in section
    assert "variants:\n\t- id: EX-1-RED\n```\n" in section


def test_chinese_docs_use_the_catalog() -> None:
    text = render_rule_docs("zh_CN")

    set_language("zh_CN")
    translated = _("a YAML file cannot be parsed")
    set_language("en")
    assert translated != "a YAML file cannot be parsed"
    assert f"**{translated}**" in text
    assert "**a YAML file cannot be parsed**" not in text


class SampleOptions(RuleOptions):
    max_length: int = Field(default=200, description="Longest title, in characters.")
    words: tuple[str, ...] = Field(default=("TBD", "N/A"), description="Words to report.")
    mode: Literal["chars", "bytes"] = Field(default="chars", description="How length is counted.")
    limit: float | None = Field(default=None, description="Optional limit.")
    level: Level = Field(default=Level.WARNING, description="A level.")
    brand: str = Field(description="Required brand name.")


def test_option_types_in_words() -> None:
    fields = SampleOptions.model_fields

    assert type_text(fields["max_length"].annotation) == "integer"
    assert type_text(fields["words"].annotation) == "list of string values"
    assert type_text(fields["mode"].annotation) == "one of: `chars`, `bytes`"
    assert type_text(fields["limit"].annotation) == "number or null"
    assert type_text(fields["level"].annotation) == "one of: `error`, `warning`, `info`"


def test_option_defaults_as_yaml_values() -> None:
    fields = SampleOptions.model_fields

    assert default_text(fields["max_length"]) == "`200`"
    assert default_text(fields["words"]) == '`["TBD", "N/A"]`'
    assert default_text(fields["mode"]) == '`"chars"`'
    assert default_text(fields["limit"]) == "`null`"
    assert default_text(fields["level"]) == '`"warning"`'
    assert default_text(fields["brand"]) == "required"


def untranslated_rule_texts() -> list[str]:
    set_language("zh_CN")
    try:
        return [rule.id for rule in RULES if _(rule.summary) == rule.summary or _(rule.description) == rule.description]
    finally:
        set_language("en")


def test_rule_texts_have_chinese_translations() -> None:
    assert untranslated_rule_texts() == []
