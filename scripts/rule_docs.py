"""Write docs/rules.md and docs/zh-CN/rules.md from the rule registry.

Usage: python scripts/rule_docs.py [--check]

With --check nothing is written, and the exit code is 1 when a committed file
differs from what the registry and the zh_CN catalog produce now.
"""

from __future__ import annotations

import sys
from pathlib import Path

from linkstar_cli.lint.docs import DOC_FILES, render_rule_docs, write_rule_docs

DOCS = Path(__file__).resolve().parents[1] / "docs"


def main(argv: list[str]) -> int:
    if "--check" not in argv:
        for path in write_rule_docs(DOCS):
            print(f"wrote {path.relative_to(DOCS.parent).as_posix()}")
        return 0
    stale = []
    for language, relative in DOC_FILES.items():
        path = DOCS / relative
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != render_rule_docs(language):
            stale.append(path.relative_to(DOCS.parent).as_posix())
    for name in stale:
        print(f"{name} is out of date. Run python scripts/rule_docs.py to write it again.", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
