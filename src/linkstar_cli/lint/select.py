"""Choosing what to lint: paths given on the command line, or the files staged for commit."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.repo.content import ContentRepo


# Files and folders outside skus/ that every lint run reads.
REPO_LEVEL_FILES = ("linkstar.yaml", "brand", "glossary", "specs", "checklists", "templates", "lint-baseline.json")


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


def checked_paths(repo: ContentRepo, paths: list[Path]) -> list[Path]:
    """Return ``paths`` when each exists inside the content repo; raise UsageError naming the first that does not."""
    for path in paths:
        if not path.exists():
            raise UsageError(
                _("path not found: {path}", path=path),
                hint=_("Check the spelling; paths are relative to the folder you run linkstar in."),
            )
        try:
            path.resolve().relative_to(repo.root)
        except ValueError:
            raise UsageError(
                _("path {path} is outside the content repo {root}", path=path, root=repo.root),
                hint=_("Lint files and folders inside the repo, or pass -C to point at another repo."),
            ) from None
    return paths


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


def staged_copy(repo: ContentRepo, skus: list[str] | None, destination: Path) -> Path:
    """Write the staged (index) version of the repo's files into ``destination`` and return the copied repo root.

    Only repo-level files and the given SKUs' folders are written (every SKU when
    ``skus`` is None), so a pre-commit check judges exactly what the commit will
    hold, not unstaged edits in the work tree. Git's checkout filters apply, so
    files stored with Git LFS arrive as their content.
    """
    top = Path(subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=repo.root, capture_output=True, text=True, check=True).stdout.strip())
    prefix = repo.root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    listing = subprocess.run(["git", "ls-files", "-z", "--", prefix or "."], cwd=top, capture_output=True, check=True).stdout
    wanted = []
    for name in listing.decode("utf-8", errors="surrogateescape").split("\0"):
        if not name:
            continue
        parts = name[len(prefix):].split("/")
        if parts[0] == "skus" and len(parts) > 2:
            if skus is not None and parts[1] not in skus:
                continue
        elif parts[0] in ("build", ".linkstar"):
            continue
        wanted.append(name)
    target = str(destination.resolve()) + "/"
    subprocess.run(
        ["git", "checkout-index", "--prefix=" + target, "-z", "--stdin"],
        cwd=top,
        input="\0".join(wanted).encode("utf-8", errors="surrogateescape"),
        capture_output=True,
        check=True,
    )
    root = destination / prefix if prefix else destination
    _copy_untracked_repo_files(repo, root)
    return root


def _copy_untracked_repo_files(repo: ContentRepo, root: Path) -> None:
    """Copy repo-level files that Git does not track yet (a first commit of a new repo) from the work tree."""
    for name in REPO_LEVEL_FILES:
        source = repo.root / name
        target = root / name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif source.is_dir():
            for path in source.rglob("*"):
                copied = target / path.relative_to(source)
                if path.is_file() and not copied.exists():
                    copied.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, copied)
