"""``--format json``: every finding with all its fields, and the counts."""

from __future__ import annotations

import json

from linkstar_cli.lint.engine import LintResult
from linkstar_cli.lint.findings import Level


def render_json(result: LintResult) -> str:
    data = {
        "stage": result.stage,
        "skus": len(result.skus),
        "counts": {level.value: result.count(level) for level in Level},
        "suppressed": result.suppressed,
        "baselined": result.baselined,
        "findings": [finding.to_dict() for finding in result.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
