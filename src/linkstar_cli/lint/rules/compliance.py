"""Rules of the compliance family."""

from __future__ import annotations

from linkstar_cli.lint.rule import Rule

RULES: tuple[Rule, ...] = ()
