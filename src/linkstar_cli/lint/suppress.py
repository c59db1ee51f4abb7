"""Inline suppressions written as YAML comments.

``# linkstar: disable=<rule-id>[,<rule-id>] -- <reason>`` at the end of a line
silences those rules on that line. On a line of its own, it silences the next
line that is not a comment. ``disable-file=`` silences the rules in the whole
file. The reason after ``--`` is required, because a suppression without one is
ignored and reported itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTIVE = re.compile(
    r"#\s*linkstar:\s*(?P<kind>disable-file|disable)\s*=\s*(?P<rules>[A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)(?:\s+--\s*(?P<reason>.*?))?\s*$"
)


@dataclass(frozen=True)
class Suppression:
    file: str
    comment_line: int
    line: int | None  # the line it silences; None for the whole file
    rules: frozenset[str]
    reason: str

    def covers(self, rule: str, file: str | None, line: int | None) -> bool:
        if not self.reason or file != self.file or rule not in self.rules:
            return False
        return self.line is None or self.line == line


def _comment_start(line: str) -> int | None:
    """Find the ``#`` that starts a comment, skipping ``#`` inside quoted text."""
    quote: str | None = None
    for index, character in enumerate(line):
        if quote:
            if character == quote:
                quote = None
        elif character in ("'", '"'):
            quote = character
        elif character == "#" and (index == 0 or line[index - 1] in " \t"):
            return index
    return None


def parse_suppressions(text: str, file: str) -> list[Suppression]:
    """Find every suppression comment in a YAML file's text."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        start = _comment_start(line)
        if start is None:
            continue
        match = _DIRECTIVE.search(line[start:])
        if not match:
            continue
        rules = frozenset(rule.strip() for rule in match["rules"].split(","))
        reason = (match["reason"] or "").strip()
        if match["kind"] == "disable-file":
            target: int | None = None
        elif line[:start].strip():
            target = number
        else:
            target = _next_content_line(lines, number)
        found.append(Suppression(file, number, target, rules, reason))
    return found


def _next_content_line(lines: list[str], after: int) -> int | None:
    for number in range(after + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None
