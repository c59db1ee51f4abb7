"""Helpers shared by the CLI tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from linkstar_cli.cli.app import run


@dataclass
class Result:
    code: int
    out: str
    err: str


def invoke(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Result:
    """Run linkstar in this process and capture its exit code, stdout and stderr."""
    capsys.readouterr()
    code = run([str(arg) for arg in args])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def build_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Create files under ``root`` from a mapping of relative path to content."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
