"""``--format sarif``: one SARIF 2.1.0 run for GitHub code scanning and other SARIF viewers.

GitHub code scanning rejects a whole upload when one result has no physical location,
so every result gets a file. It also ignores ``originalUriBaseIds``, so artifact URIs
are relative to the top of the Git work tree (the checkout root in CI), not to the
content repo.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote

from linkstar_cli import __version__
from linkstar_cli.i18n import _, get_language
from linkstar_cli.lint.engine import LintResult
from linkstar_cli.lint.findings import Finding, Level
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.rule import DOCS_URL, Rule
from linkstar_cli.repo.content import CONFIG_FILE

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"
FINGERPRINT_KEY = "linkstarFingerprint/v1"
SARIF_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}
RUN_LANGUAGES = {"en": "en-US", "zh_CN": "zh-CN"}


def render_sarif(result: LintResult, root: Path) -> str:
    """Return the findings of ``result`` as a SARIF 2.1.0 log, with ``root`` the content repo root."""
    log = build_sarif(result, root, docs_url=rules_docs_url())
    return json.dumps(log, ensure_ascii=False, indent=2)


def build_sarif(result: LintResult, root: Path, *, docs_url: str | None = None) -> dict[str, Any]:
    """Build the SARIF log as a dict.

    ``docs_url`` is the absolute URL of the published rules page. SARIF requires
    ``helpUri`` to be absolute, so without one the rules carry ``help`` text only.
    """
    rules = list(all_rules().values())
    index = {rule.id: position for position, rule in enumerate(rules)}
    prefix = work_tree_prefix(root)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "linkstar",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(rule, docs_url) for rule in rules],
            }
        },
        "language": RUN_LANGUAGES.get(get_language(), "en-US"),
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index.get(finding.rule), prefix) for finding in result.findings],
        "properties": {
            "stage": result.stage,
            "skus": len(result.skus),
            "suppressed": result.suppressed,
            "baselined": result.baselined,
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _descriptor(rule: Rule, docs_url: str | None) -> dict[str, Any]:
    link = f"{docs_url}#{rule.id}" if docs_url else rule.docs_link()
    description = _(rule.description)
    more_text = _("Options and examples: {link}", link=link)
    # A relative link would resolve against the viewer's page, so only an absolute one is clickable.
    markdown_link = f"[{rule.docs_link()}]({link})" if docs_url else f"`{link}`"
    more_markdown = _("Options and examples: {link}", link=markdown_link)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": _(rule.summary)},
        "fullDescription": {"text": description},
        "help": {"text": f"{description}\n\n{more_text}", "markdown": f"{description}\n\n{more_markdown}"},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.level]},
        "properties": {"tags": [rule.family], "scope": rule.scope.value},
    }
    if docs_url:
        descriptor["helpUri"] = link
    return descriptor


def _result(finding: Finding, rule_index: int | None, prefix: str) -> dict[str, Any]:
    text = f"{finding.message}\n{finding.hint}" if finding.hint else finding.message
    entry: dict[str, Any] = {"ruleId": finding.rule}
    if rule_index is not None:
        entry["ruleIndex"] = rule_index
    entry["level"] = SARIF_LEVELS[finding.level]
    entry["message"] = {"text": text}
    entry["locations"] = [_location(finding, prefix)]
    entry["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint()}
    context = {"sku": finding.sku, "target": finding.target, "locale": finding.locale, "field": finding.field}
    properties = {name: value for name, value in context.items() if value is not None}
    if properties:
        entry["properties"] = properties
    return entry


def _location(finding: Finding, prefix: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(prefix + location_file(finding), safe="/"), "uriBaseId": SOURCE_ROOT}}
    if finding.file and finding.line:
        region = {"startLine": finding.line}
        if finding.column:
            region["startColumn"] = finding.column
        physical["region"] = region
    return {"physicalLocation": physical}


def location_file(finding: Finding) -> str:
    """Return the repo-relative file a finding is shown on.

    A finding without a file is placed on its SKU's brief.yaml, or on linkstar.yaml
    when it concerns the whole repo, because code scanning needs a file for each result.
    """
    if finding.file:
        return finding.file
    if finding.sku:
        return f"skus/{finding.sku}/brief.yaml"
    return CONFIG_FILE


def work_tree_prefix(root: Path) -> str:
    """Return the path from the top of the Git work tree to ``root``, with a trailing slash.

    The result is empty when ``root`` is the top of its work tree or not inside one.
    Only the folders are inspected (a ``.git`` folder or file marks the top), so no
    Git process is started.
    """
    root = root.resolve()
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            relative = root.relative_to(folder).as_posix()
            return "" if relative == "." else relative + "/"
    return ""


def rules_docs_url() -> str | None:
    """Return the absolute URL of the rules page when the package metadata names a documentation URL.

    The ``Documentation`` project URL is expected to point at the folder that contains
    the docs (``.../docs``), and ``rules.md`` is appended to it.
    """
    try:
        entries = metadata("linkstar-cli").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in entries:
        label, _separator, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/") + "/" + DOCS_URL.split("/", 1)[-1]
    return None
