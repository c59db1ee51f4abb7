"""Git access through GitPython, imported only by the commands that need it."""

from __future__ import annotations

from pathlib import Path


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
