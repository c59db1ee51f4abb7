"""Every rule's documented examples run here: failing ones must report the rule, passing ones must not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.example_base import BASE_FILES
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.rule import CopiedFile, Example, GeneratedImage
from linkstar_cli.repo.content import ContentRepo

TODAY = date(2026, 12, 1)


def draw(image: GeneratedImage, path: Path) -> None:
    picture = Image.new(image.mode, (image.width, image.height), image.colour)
    if image.box is not None:
        left, top, right, bottom = image.box
        ImageDraw.Draw(picture).rectangle(
            (left * image.width, top * image.height, right * image.width - 1, bottom * image.height - 1),
            fill=image.box_colour if image.mode != "L" else image.box_colour[0],
        )
    picture.save(path, format=image.format, **({"quality": 90} if image.format == "JPEG" else {}))


PROJECT = Path(__file__).resolve().parents[1]


def build_example_repo(root: Path, files: dict[str, str | GeneratedImage | CopiedFile | None]) -> ContentRepo:
    merged: dict[str, str | GeneratedImage | CopiedFile | None] = {**BASE_FILES, **files}
    for relative, content in merged.items():
        path = root / relative
        if content is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, GeneratedImage):
            draw(content, path)
        elif isinstance(content, CopiedFile):
            path.write_bytes((PROJECT / content.source).read_bytes())
        else:
            path.write_text(content, encoding="utf-8")
    return ContentRepo(root)


def rule_findings(root: Path, rule_id: str, example: Example) -> list[str]:
    files = dict(example.files)
    if example.options:
        import yaml

        files["linkstar.yaml"] = files.get("linkstar.yaml", BASE_FILES["linkstar.yaml"]) + yaml.safe_dump({"lint": {"rules": {rule_id: example.options}}})  # type: ignore[operator]
    repo = build_example_repo(root, files)
    result = Linter(repo, LintOptions(only_rules={rule_id, "schema", "yaml-syntax"} if rule_id not in ("schema", "yaml-syntax") else {rule_id}, use_baseline=False, today=TODAY)).run()
    return [f"{finding.rule} {finding.file}:{finding.line} {finding.message}" for finding in result.findings]


CASES = [(rule.id, index, example) for rule in all_rules().values() for index, example in enumerate(rule.examples)]


def test_base_repo_is_clean(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {})

    result = Linter(repo, LintOptions(use_baseline=False, today=TODAY)).run()

    assert [f"{finding.rule} {finding.file}:{finding.line} {finding.message}" for finding in result.findings] == []


@pytest.mark.parametrize(("rule_id", "index", "example"), CASES, ids=[f"{rule}-{index}" for rule, index, _example in CASES])
def test_rule_example(tmp_path: Path, rule_id: str, index: int, example: Example) -> None:
    findings = rule_findings(tmp_path, rule_id, example)

    own = [line for line in findings if line.startswith(rule_id + " ")]
    if example.passing:
        assert findings == []
    else:
        assert own, f"{rule_id} example {index} ({example.title}) reported nothing; all findings: {findings}"


def test_every_rule_has_both_kinds_of_example() -> None:
    for rule in all_rules().values():
        kinds = {example.passing for example in rule.examples}
        assert kinds == {True, False}, rule.id
