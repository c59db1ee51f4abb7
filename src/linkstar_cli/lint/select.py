"""Choosing what to lint: paths given on the command line, or the files staged for commit."""

from __future__ import annotations

import subprocess
from pathlib import Path

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.repo.content import ContentRepo


def staged_files(repo: ContentRepo) -> list[Path]:
    """Return the files staged for commit (added, changed, renamed or deleted), as absolute paths."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=repo.root, capture_output=True, text=True, check=True).stdout.strip()
        listing = subprocess.run(
            ["git", "diff", "--cached", "--name-only", "-z", "--no-renames"],
            cwd=repo.root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        raise InputError(
            _("cannot list staged files: {folder} is not in a Git work tree", folder=repo.root),
            hint=_("Run --changed inside a Git repository, or lint paths instead."),
        ) from None
    names = [name for name in listing.decode("utf-8", errors="surrogateescape").split("\0") if name]
    return [Path(top) / name for name in names]


def selection_for_paths(repo: ContentRepo, paths: list[Path]) -> tuple[list[str] | None, bool]:
    """Map paths to the SKUs they belong to.

    Returns (SKUs, whether repo-level rules must run). A path outside ``skus/`` but
    inside the repo (linkstar.yaml, brand/, specs/, glossary/) can change every
    SKU's result, so it selects all SKUs; None means all.
    """
    skus: list[str] = []
    for path in paths:
        try:
            relative = path.resolve().relative_to(repo.root)
        except ValueError:
            continue
        parts = relative.parts
        if not parts:
            return None, True
        if parts[0] == "skus" and len(parts) >= 2:
            if (repo.skus_dir / parts[1] / "brief.yaml").is_file() and parts[1] not in skus:
                skus.append(parts[1])
            continue
        if parts[0] in ("build", ".linkstar", ".git"):
            continue
        return None, True
    return sorted(skus), False
