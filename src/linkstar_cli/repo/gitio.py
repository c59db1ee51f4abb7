"""Git access: GitPython for the work tree and HEAD, the git command for tags, status and pushes.

Both are used only by the commands that need them.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _


def find_git_root(path: Path) -> Path | None:
    """Return the top folder of the Git work tree that contains ``path``, or None."""
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None
    return Path(repo.working_tree_dir) if repo.working_tree_dir else None


def init_repository(path: Path) -> None:
    import git

    git.Repo.init(path)


def head_commit(path: Path) -> tuple[str | None, bool]:
    """Return the HEAD commit of the work tree at ``path`` and whether the tree has uncommitted changes.

    Outside Git, or before the first commit, the commit is None.
    """
    import git

    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None, False
    try:
        commit = repo.head.commit.hexsha
    except ValueError:
        return None, True
    return commit, repo.is_dirty(untracked_files=True)


# The commands below call the git executable directly: tags, status, pushes and file
# contents at a commit, where the exact exit status of git matters.


@dataclass(frozen=True)
class TagRecord:
    """An annotated or lightweight tag as ``git for-each-ref`` reports it."""

    name: str  # without refs/tags/
    commit: str  # the commit the tag points at
    annotated: bool
    tagger: str  # "Name <email>", empty for a lightweight tag
    date: str  # ISO 8601, the tagger date (the commit date for a lightweight tag)
    message: str  # empty for a lightweight tag


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run ``git args`` in ``folder``; with ``check``, a failure raises InputError carrying git's message."""
    try:
        completed = subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False)
    except OSError as error:
        raise InputError(
            _("cannot run git: {reason}", reason=error.strerror or error),
            hint=_("Install Git and make sure the git command is on PATH."),
            code="git",
        ) from None
    if check and completed.returncode != 0:
        raise InputError(
            _("git {command} failed: {reason}", command=args[0], reason=_stderr(completed)),
            hint=_("Run the command yourself to see the whole output: git {arguments}", arguments=" ".join(args)),
            code="git",
        )
    return completed


def _stderr(completed: subprocess.CompletedProcess[bytes]) -> str:
    text = completed.stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else _("exit status {status}", status=completed.returncode)


def _text(completed: subprocess.CompletedProcess[bytes]) -> str:
    return completed.stdout.decode("utf-8", "replace").strip()


def resolve_commit(folder: Path, revision: str = "HEAD") -> str | None:
    """Return the full commit id of ``revision``, or None when it does not name a commit (no commit yet)."""
    completed = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
    if completed.returncode != 0:
        return None
    return _text(completed) or None


def path_prefix(folder: Path) -> str:
    """Return the path of ``folder`` inside its Git work tree, ending in "/", or "" at the top."""
    return _text(_git(folder, "rev-parse", "--show-prefix"))


def changed_files(folder: Path) -> list[str]:
    """List the files under ``folder`` that differ from HEAD or are untracked; ignored files do not count.

    Paths are relative to the top of the work tree, as ``git status`` prints them.
    """
    output = _git(folder, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".").stdout.decode("utf-8", "replace")
    files = []
    records = iter(output.split("\0"))
    for record in records:
        if len(record) < 4:
            continue
        files.append(record[3:])
        if record[0] in "RC":
            next(records, None)  # a rename or copy is followed by its old path
    return files


def is_shallow(folder: Path) -> bool:
    return _text(_git(folder, "rev-parse", "--is-shallow-repository")) == "true"


def remotes(folder: Path) -> list[str]:
    return _text(_git(folder, "remote")).split()


def list_tags(folder: Path, prefix: str) -> list[TagRecord]:
    """List the tags whose names start with ``prefix`` (a folder such as ``SKU/``, or "" for all)."""
    fields = ["%(refname)", "%(objecttype)", "%(objectname)", "%(*objectname)", "%(taggername) %(taggeremail)", "%(creatordate:iso-strict)", "%(contents)"]
    output = _git(folder, "for-each-ref", "--format=" + "%00".join(fields) + "%00%1e", f"refs/tags/{prefix}").stdout.decode("utf-8", "replace")
    tags = []
    for record in output.split("\0\x1e"):
        parts = record.lstrip("\n").split("\0")
        if len(parts) != len(fields):
            continue
        refname, kind, target, peeled, tagger, date, contents = parts
        annotated = kind == "tag"
        tags.append(
            TagRecord(
                name=refname.removeprefix("refs/tags/"),
                commit=peeled if annotated else target,
                annotated=annotated,
                tagger=tagger.strip() if annotated else "",
                date=date,
                message=contents if annotated else "",
            )
        )
    return tags


def valid_tag_name(folder: Path, name: str) -> bool:
    return _git(folder, "check-ref-format", f"refs/tags/{name}", check=False).returncode == 0


def create_tag(folder: Path, name: str, commit: str, message: str) -> bool:
    """Create the annotated tag ``name`` on ``commit``; return False when the tag already exists.

    ``git tag`` without ``--force`` updates the ref in a transaction that expects no old
    value, so of two processes creating the same tag at once exactly one succeeds.
    """
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as stream:
        stream.write(message.encode("utf-8"))
    try:
        completed = _git(folder, "tag", "--annotate", "--cleanup=verbatim", "--file", stream.name, name, commit, check=False)
    finally:
        os.unlink(stream.name)
    if completed.returncode == 0:
        return True
    if resolve_commit(folder, f"refs/tags/{name}") is not None:
        return False
    raise InputError(
        _("git could not create tag {tag}: {reason}", tag=name, reason=_stderr(completed)),
        hint=_("Check that git config user.name and user.email are set; git records them as the tagger."),
        code="git",
    )


def push_tag(folder: Path, remote: str, name: str) -> None:
    """Push the one tag ``name`` to ``remote``; the remote keeps an existing tag of that name."""
    _git(folder, "push", "--quiet", remote, f"refs/tags/{name}:refs/tags/{name}")


def remote_tag_names(folder: Path, remote: str, prefix: str) -> list[str]:
    """List the tag names under ``refs/tags/<prefix>`` on ``remote``, asking the remote itself."""
    output = _text(_git(folder, "ls-remote", "--tags", "--refs", remote, f"refs/tags/{prefix}*"))
    names = []
    for line in output.splitlines():
        _sha, _tab, ref = line.partition("\t")
        if ref.startswith(f"refs/tags/{prefix}"):
            names.append(ref.removeprefix("refs/tags/"))
    return names


def file_at(folder: Path, commit: str, path: str) -> bytes | None:
    """Return the bytes of ``path`` (relative to the top of the work tree) at ``commit``, or None when it did not exist."""
    completed = _git(folder, "cat-file", "blob", f"{commit}:{path}", check=False)
    return completed.stdout if completed.returncode == 0 else None


def files_at(folder: Path, commit: str, directory: str) -> list[str]:
    """List the file paths under ``directory`` (relative to the top of the work tree) at ``commit``."""
    output = _git(folder, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--", directory).stdout.decode("utf-8", "replace")
    return [name for name in output.split("\0") if name]
