"""The shape of a rule: an id, a default level, an options model, documentation and a check.

A rule reports Problems and never decides their level; the engine stamps the level
that linkstar.yaml and the stage configure. Options are frozen pydantic models, so
a rule cannot change its own configuration.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from linkstar_cli.lint.findings import Level, Problem

DOCS_URL = "docs/rules.md"


class Scope(str, Enum):
    FILES = "files"  # files that failed to load: once for repo-level files, then once per SKU
    REPO = "repo"  # once per run: brand kit, specs, repo files
    SKU = "sku"  # once per SKU
    TARGET = "target"  # once per SKU and platform it targets


class RuleOptions(BaseModel):
    """Options of a rule, set in linkstar.yaml under lint.rules.<rule-id>."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class GeneratedImage:
    """An image that the example harness draws instead of reading a file."""

    width: int
    height: int
    colour: tuple[int, ...] = (255, 255, 255)
    mode: str = "RGB"
    format: str = "JPEG"
    box: tuple[float, float, float, float] | None = (0.1, 0.1, 0.9, 0.9)  # product area, dark grey
    box_colour: tuple[int, ...] = (60, 60, 60)

    def describe(self) -> str:
        from linkstar_cli.i18n import _

        return _("{width}×{height} {format} {mode}, background {colour}", width=self.width, height=self.height, format=self.format, mode=self.mode, colour=self.colour)


@dataclass(frozen=True)
class CopiedFile:
    """A binary file (a font) that the example harness copies from the project, named relative to its root."""

    source: str

    def describe(self) -> str:
        from linkstar_cli.i18n import _

        return _("a copy of {file}", file=self.source)


@dataclass(frozen=True)
class Example:
    """A documented case that the test suite runs: files laid over the example repo, and the outcome."""

    passing: bool
    title: str
    files: dict[str, str | GeneratedImage | CopiedFile | None] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement ``check``."""

    id: ClassVar[str]
    level: ClassVar[Level]
    scope: ClassVar[Scope]
    also_scopes: ClassVar[tuple[Scope, ...]] = ()  # further scopes; check() then receives those contexts too
    family: ClassVar[str]
    summary: ClassVar[str]  # one line, English; wrapped in N_() for the catalog
    description: ClassVar[str]  # a paragraph for docs/rules.md, English; in N_() too
    Options: ClassVar[type[RuleOptions]] = RuleOptions
    examples: ClassVar[tuple[Example, ...]] = ()

    def check(self, context: Any, options: Any) -> Iterable[Problem]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def docs_link(cls) -> str:
        return f"{DOCS_URL}#{cls.id}"
