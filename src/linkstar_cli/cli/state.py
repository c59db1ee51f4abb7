"""Per-run state shared by the commands: where to look for the repo and how to print."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkstar_cli.cli.console import Output
    from linkstar_cli.repo.content import ContentRepo


@dataclass
class State:
    start: Path
    output: Output
    debug: bool = False

    def repo(self) -> ContentRepo:
        from linkstar_cli.repo.content import ContentRepo

        return ContentRepo.discover(self.start)


_current: State | None = None


def set_current(state: State) -> None:
    global _current
    _current = state


def current() -> State:
    """Return the state that the root callback set for this run."""
    if _current is None:  # pragma: no cover - the root callback always runs first
        raise RuntimeError("command run without the linkstar root callback")
    return _current
