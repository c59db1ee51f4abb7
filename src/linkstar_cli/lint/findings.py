"""The two records of a fault: the Problem a rule reports, and the Finding the engine makes of it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from enum import Enum


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class Problem:
    """One fault found by a rule. The rule never sets the level: the engine does.

    ``key`` identifies the fault across runs and languages (for the baseline); it
    must not contain translated text or line numbers.
    """

    message: str
    key: str = ""
    hint: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    sku: str | None = None
    target: str | None = None
    locale: str | None = None


@dataclass(frozen=True)
class Finding:
    """A problem stamped with its rule id and configured level."""

    rule: str
    level: Level
    message: str
    key: str = ""
    hint: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    sku: str | None = None
    target: str | None = None
    locale: str | None = None
    docs: str | None = None

    @classmethod
    def from_problem(cls, rule: str, level: Level, problem: Problem, docs: str | None) -> Finding:
        return cls(
            rule=rule,
            level=level,
            message=problem.message,
            key=problem.key,
            hint=problem.hint,
            file=problem.file,
            line=problem.line,
            column=problem.column,
            field=problem.field,
            sku=problem.sku,
            target=problem.target,
            locale=problem.locale,
            docs=docs,
        )

    def with_level(self, level: Level) -> Finding:
        return replace(self, level=level)

    def fingerprint(self) -> str:
        """Identify the finding independently of line numbers and message language."""
        parts = [self.rule, self.file or "", self.sku or "", self.target or "", self.locale or "", self.field or "", self.key]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]

    def sort_key(self) -> tuple[str, str, int, int, str]:
        return (self.sku or "", self.file or "", self.line or 0, self.column or 0, self.rule)

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "level": self.level.value,
            "sku": self.sku,
            "target": self.target,
            "locale": self.locale,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
            "docs": self.docs,
            "fingerprint": self.fingerprint(),
        }
