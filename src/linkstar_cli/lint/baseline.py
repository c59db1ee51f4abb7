"""The lint baseline: findings recorded once so that later runs report only new ones.

Entries are keyed by a fingerprint that ignores line numbers and message language,
and counted, so a SKU with two old faults of one kind and a new third reports one.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.lint.findings import Finding
from linkstar_cli.repo.atomic import write_text_atomic

FORMAT = 1


def read_baseline(path: Path, display: str) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["findings"]
        if not isinstance(entries, list):
            raise TypeError
        return [entry for entry in entries if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)]
    except (ValueError, KeyError, TypeError):
        raise InputError(
            _("baseline file {file} is not a linkstar baseline", file=display),
            path=display,
            hint=_("Delete it and run `linkstar lint --write-baseline` to record it again."),
        ) from None


def filter_baseline(findings: list[Finding], entries: list[dict[str, Any]]) -> tuple[list[Finding], int]:
    """Drop findings that the baseline records; return what is left and how many were dropped."""
    allowance = Counter(entry["fingerprint"] for entry in entries)
    kept = []
    dropped = 0
    for finding in findings:
        fingerprint = finding.fingerprint()
        if allowance[fingerprint] > 0:
            allowance[fingerprint] -= 1
            dropped += 1
        else:
            kept.append(finding)
    return kept, dropped


def write_baseline(path: Path, findings: list[Finding], previous: list[dict[str, Any]], linted_skus: set[str] | None, repo_rules_ran: bool) -> int:
    """Write the baseline, keeping earlier entries for SKUs (and repo files) this run did not lint."""
    kept = []
    for entry in previous:
        sku = entry.get("sku")
        if sku is None and not repo_rules_ran:
            kept.append(entry)
        elif sku is not None and linted_skus is not None and sku not in linted_skus:
            kept.append(entry)
    entries = kept + [
        {"fingerprint": finding.fingerprint(), "rule": finding.rule, "sku": finding.sku, "target": finding.target, "file": finding.file}
        for finding in findings
    ]
    entries.sort(key=lambda entry: (entry.get("sku") or "", entry.get("file") or "", entry["rule"], entry["fingerprint"]))
    write_text_atomic(path, json.dumps({"format": FORMAT, "findings": entries}, indent=2, ensure_ascii=False) + "\n")
    return len(entries)
