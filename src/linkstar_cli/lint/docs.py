"""The rule reference (docs/rules.md and its Chinese twin), generated from the rule registry.

Every rule contributes its id (the heading, so ``docs/rules.md#<id>`` links to it),
default level, scope, summary, description, options and examples. The examples are
the ones the test suite runs, so the documentation shows cases that are known to pass
or fail. ``scripts/rule_docs.py`` writes the files; a test checks they are current.
"""

from __future__ import annotations

import json
import types
from datetime import date
from enum import Enum
from itertools import groupby
from pathlib import Path, PurePath
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from linkstar_cli.i18n import _, get_language, set_language
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.rule import CopiedFile, Example, GeneratedImage, Rule, Scope

# Output file of each language, relative to the docs folder.
DOC_FILES = {"en": Path("rules.md"), "zh_CN": Path("zh-CN") / "rules.md"}


def write_rule_docs(docs_dir: Path) -> list[Path]:
    """Write the rule reference in every language under ``docs_dir`` and return the files written."""
    written = []
    for language, relative in DOC_FILES.items():
        path = docs_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_rule_docs(language), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def render_rule_docs(language: str) -> str:
    """Return the Markdown rule reference in ``language`` (``en`` or ``zh_CN``)."""
    previous = get_language()
    set_language(language)
    try:
        return _render(list(all_rules().values()))
    finally:
        set_language(previous)


def _render(rules: list[Rule]) -> str:
    parts = [_header(), _index(rules)]
    for family, members in groupby(rules, key=lambda rule: rule.family):
        parts.append(f"## {family}\n")
        parts.extend(_rule_section(rule) for rule in members)
    return "\n".join(parts).rstrip("\n") + "\n"


def _header() -> str:
    notice = "<!-- Generated from the rule registry by scripts/rule_docs.py; edit the rules, not this file. -->"
    title = _("Lint rules")
    intro = _(
        "`linkstar lint` runs every rule below. Each rule has a default level: an error makes lint exit with code 1, "
        "a warning or an info note is reported without failing."
    )
    configure = _(
        "Turn a rule off, change its level or set its options in linkstar.yaml under `lint.rules`; a stage "
        "(`lint --stage draft`) can override them again under `lint.stages.<stage>.rules`:"
    )
    example = (
        "```yaml\n"
        "lint:\n"
        "  rules:\n"
        "    suppression-reason: warning\n"
        "    duplicate-key: off\n"
        "  stages:\n"
        "    draft:\n"
        "      cap: warning\n"
        "```\n"
    )
    suppress = _(
        "To silence one finding, write `# linkstar: disable=<rule-id> -- <reason>` at the end of its line, or on the line "
        "above it; `disable-file=` silences a rule in the whole file. The reason is required."
    )
    return f"{notice}\n\n# {title}\n\n{intro}\n\n{configure}\n\n{example}\n{suppress}\n"


def _index(rules: list[Rule]) -> str:
    rule_label, level_label, summary_label = _("rule"), _("default level"), _("summary")
    rows = [f"| {rule_label} | {level_label} | {summary_label} |", "| --- | --- | --- |"]
    for rule in rules:
        rows.append(f"| [{rule.id}](#{rule.id}) | {level_name(rule)} | {_cell(_(rule.summary))} |")
    return "\n".join(rows) + "\n"


def level_name(rule: Rule) -> str:
    return {"error": _("error"), "warning": _("warning"), "info": _("info")}[rule.level.value]


def scope_text(scope: Scope) -> str:
    return {
        Scope.FILES: _("each file that fails to load"),
        Scope.REPO: _("the repo as a whole, once per run"),
        Scope.SKU: _("each SKU"),
        Scope.TARGET: _("each SKU on each of its target platforms"),
    }[scope]


def _rule_section(rule: Rule) -> str:
    level_label, scope_label = _("default level"), _("checked for")
    facts = f"- {level_label}: {level_name(rule)}\n- {scope_label}: {scope_text(rule.scope)}\n"
    parts = [
        f"### {rule.id}\n",
        f"**{_(rule.summary)}**\n",
        facts,
        f"{_(rule.description)}\n",
        _options_section(rule),
        _examples_section(rule),
    ]
    return "\n".join(parts)


def _options_section(rule: Rule) -> str:
    fields = rule.Options.model_fields
    options_label = _("Options")
    heading = f"#### {options_label}\n\n"
    if not fields:
        return heading + _("This rule has no options.") + "\n"
    labels = (_("option"), _("type"), _("default"), _("description"))
    rows = ["| " + " | ".join(labels) + " |", "| --- | --- | --- | --- |"]
    for name, info in fields.items():
        description = _(info.description) if info.description else ""
        rows.append(f"| `{name}` | {type_text(info.annotation)} | {default_text(info)} | {_cell(description)} |")
    return heading + "\n".join(rows) + "\n"


def type_text(annotation: Any) -> str:
    """Describe an option's type in words: ``integer``, ``list of string values``, ``one of: `a`, `b```."""
    origin = get_origin(annotation)
    arguments = get_args(annotation)
    if origin is Literal:
        return _("one of: {values}", values=", ".join(f"`{_plain(value)}`" for value in arguments))
    if origin in (Union, types.UnionType):
        named = [type_text(argument) for argument in arguments if argument is not type(None)]
        text = named[0] if len(named) == 1 else _("one of: {values}", values=", ".join(named))
        return _("{type} or null", type=text) if type(None) in arguments else text
    if origin in (list, tuple, set, frozenset):
        item = arguments[0] if arguments else Any
        return _("list of {item} values", item=type_text(item))
    if origin is dict:
        return _("mapping")
    if isinstance(annotation, type):
        if issubclass(annotation, Enum):
            return _("one of: {values}", values=", ".join(f"`{member.value}`" for member in annotation))
        if issubclass(annotation, bool):
            return _("boolean")
        if issubclass(annotation, int):
            return _("integer")
        if issubclass(annotation, float):
            return _("number")
        if issubclass(annotation, str):
            return _("string")
        if issubclass(annotation, date):
            return _("date")
        if issubclass(annotation, (BaseModel, dict)):
            return _("mapping")
    return str(annotation)


def default_text(info: FieldInfo) -> str:
    if info.default is not PydanticUndefined:
        value = info.default
    elif info.default_factory is not None:
        value = info.default_factory()  # type: ignore[call-arg]
    else:
        return _("required")
    return f"`{json.dumps(_plain(value), ensure_ascii=False)}`"


def _plain(value: Any) -> Any:
    """Turn an option value into what a user writes in YAML: enums by value, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def _examples_section(rule: Rule) -> str:
    examples_label = _("Examples")
    parts = [f"#### {examples_label}\n"]
    for example in rule.examples:
        parts.append(_example(rule, example))
    return "\n".join(parts)


def _example(rule: Rule, example: Example) -> str:
    label = _("PASS") if example.passing else _("FAIL")
    parts = [f"**{label}**: {_(example.title)}\n"]
    if example.options:
        config = yaml.safe_dump({"lint": {"rules": {rule.id: _plain(example.options)}}}, sort_keys=False, allow_unicode=True)
        parts.append(_snippet("linkstar.yaml", config))
    for file, content in example.files.items():
        parts.append(_file_entry(file, content))
    return "\n".join(parts)


def _file_entry(file: str, content: str | GeneratedImage | CopiedFile | None) -> str:
    if content is None:
        removed = _("removed from the example repo")
        return f"- `{file}`: {removed}\n"
    if isinstance(content, (GeneratedImage, CopiedFile)):
        return f"- `{file}`: {content.describe()}\n"
    if not _is_text(content):
        binary = _("binary content, {count} characters", count=len(content))
        return f"- `{file}`: {binary}\n"
    return _snippet(file, content)


def _is_text(content: str) -> bool:
    return all(character.isprintable() or character in "\n\r\t" for character in content)


def _snippet(file: str, text: str) -> str:
    language = "yaml" if PurePath(file).suffix in (".yaml", ".yml") else "text"
    fence = "~~~~" if "```" in text else "```"
    body = text if text.endswith("\n") else text + "\n"
    return f"{fence}{language}\n# {file}\n{body}{fence}\n"


def _cell(text: str) -> str:
    """Make text safe for one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")

