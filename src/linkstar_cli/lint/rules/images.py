"""Rules of the images family."""

from __future__ import annotations

from linkstar_cli.lint.rule import Rule

RULES: tuple[Rule, ...] = ()
