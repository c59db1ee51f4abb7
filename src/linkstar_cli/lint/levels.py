"""Resolving each rule's level and options from linkstar.yaml and the stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from linkstar_cli.errors import ConfigError, ErrorList, LinkstarError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.lint.config import LintConfig
from linkstar_cli.lint.findings import Level
from linkstar_cli.lint.rule import Rule, RuleOptions
from linkstar_cli.model.validate import errors_from_validation
from linkstar_cli.repo.yamlio import YamlDocument

LEVEL_NAMES = ("error", "warning", "info")


@dataclass(frozen=True)
class ActiveRule:
    rule: Rule
    level: Level
    options: RuleOptions


def _split_setting(value: Any) -> tuple[str | None, dict[str, Any]]:
    """Split a rule entry into (level or "off" or None, options)."""
    if value is None:
        return None, {}
    if isinstance(value, str):
        return value, {}
    if isinstance(value, bool):
        return ("off" if value is False else None), {}
    if isinstance(value, dict):
        options = dict(value)
        level = options.pop("level", None)
        if options.pop("enabled", None) in (False, "false", "no", "off"):
            level = "off"
        return level, options
    return "", {}


def resolve_rules(
    rules: dict[str, Rule],
    config: LintConfig,
    stage: str,
    document: YamlDocument | None,
    only: set[str] | None = None,
) -> list[ActiveRule]:
    """Return the enabled rules with their level and validated options for ``stage``."""
    if stage not in config.stages:
        raise UsageError(
            _("unknown lint stage \"{stage}\"", stage=stage),
            hint=_("Stages defined in linkstar.yaml: {stages}.", stages=", ".join(sorted(config.stages))),
        )
    stage_config = config.stages[stage]
    problems: list[LinkstarError] = []
    for section, entries in (("rules", config.rules), ("stages", stage_config.rules)):
        for rule_id in entries:
            if rule_id not in rules:
                path = ("lint", "rules", rule_id) if section == "rules" else ("lint", "stages", stage, "rules", rule_id)
                problems.append(_config_error(_("unknown lint rule \"{rule}\"", rule=rule_id), document, path, _("Run `linkstar lint --list-rules` to see the rule ids.")))
    active = []
    for rule_id, rule in rules.items():
        if only is not None and rule_id not in only:
            continue
        level_name: str | None = rule.level.value
        options: dict[str, Any] = {}
        for path, entry in ((("lint", "rules", rule_id), config.rules.get(rule_id)), (("lint", "stages", stage, "rules", rule_id), stage_config.rules.get(rule_id))):
            if entry is None:
                continue
            new_level, new_options = _split_setting(entry)
            if new_level is not None:
                if new_level not in ("off", *LEVEL_NAMES):
                    problems.append(_config_error(_("invalid level \"{level}\" for rule \"{rule}\"", level=new_level, rule=rule_id), document, path, _("Use off, error, warning or info.")))
                    continue
                level_name = new_level
            options.update(new_options)
        if level_name == "off":
            continue
        try:
            parsed = rule.Options.model_validate(options)
        except ValidationError as error:
            if document is not None:
                problems.extend(errors_from_validation(error, rule.Options, _shifted(document, ("lint", "rules", rule_id))))
            else:
                problems.append(ConfigError(_("invalid options for rule \"{rule}\"", rule=rule_id)))
            continue
        level = Level(level_name)
        if stage_config.cap is not None and level.rank > stage_config.cap.rank:
            level = stage_config.cap
        active.append(ActiveRule(rule, level, parsed))
    if problems:
        raise ErrorList(problems)
    return active


def _config_error(message: str, document: YamlDocument | None, path: tuple[str, ...], hint: str) -> ConfigError:
    line = document.line_of(path) if document else None
    return ConfigError(message, path="linkstar.yaml", line=line, hint=hint, code="config")


def _shifted(document: YamlDocument, prefix: tuple[str, ...]) -> YamlDocument:
    """Return a view of linkstar.yaml whose key paths start inside one rule's entry."""
    locations = {key[len(prefix):]: value for key, value in document.locations.items() if key[: len(prefix)] == prefix}
    return YamlDocument(display=document.display, data=None, locations=locations or {(): document.location_of(prefix) or (1, 1)}, text=document.text)
