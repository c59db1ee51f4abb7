"""``linkstar hooks``: the pre-commit hook it writes rejects a commit with lint errors."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from linkstar_cli.cli.hooks import MARKER, hook_path
from tests.conftest import FIXTURES
from tests.helpers import invoke

SOURCE = FIXTURES / "lint-repo"
FOREIGN_HOOK = "#!/bin/sh\necho 'team hook'\n"


@pytest.fixture(autouse=True)
def isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's Git configuration (a global core.hooksPath, signing) out of the tests."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "test@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.com")
    monkeypatch.setenv("LINKSTAR_LANG", "en")


def git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)


def add_sku(root: Path, sku: str) -> Path:
    folder = root / "skus" / sku
    shutil.copytree(SOURCE / "skus" / "CLEAN-1", folder)
    brief = folder / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("id: CLEAN-1", f"id: {sku}", 1), encoding="utf-8")
    return folder


def make_repo(top: Path, content: str = "") -> Path:
    """Create a Git repo at ``top`` whose content repo (one clean SKU) is at ``top/content``, and commit it."""
    root = top / content if content else top
    shutil.copytree(SOURCE, root, ignore=shutil.ignore_patterns("skus", "expected", "README.md"), dirs_exist_ok=True)
    add_sku(root, "SHIRT-1")
    git(top, "init", "-q")
    git(top, "add", "-A")
    assert git(top, "commit", "-q", "--no-verify", "-m", "start").returncode == 0
    return root


def commit_count(top: Path) -> int:
    return int(git(top, "rev-list", "--count", "HEAD").stdout)


def test_install_writes_executable_hook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)

    result = invoke(capsys, "-C", root, "hooks", "install")

    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    assert result.code == 0, result.err
    assert "Installed the pre-commit hook" in result.err
    assert hook_path(root) == hook
    assert hook.stat().st_mode & stat.S_IXUSR
    lines = hook.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/bin/sh"
    assert lines[1] == MARKER
    assert lines[-1] == f"exec {Path(sys.executable).as_posix()} -m linkstar_cli -C . lint --changed"


@pytest.mark.parametrize("content", ["", "shop"], ids=["repo-root", "subfolder"])
def test_commit_with_lint_error_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    root = make_repo(tmp_path, content)
    assert invoke(capsys, "-C", root, "hooks", "install").code == 0
    broken = add_sku(root, "SHIRT-2") / "brief.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "variants:\n\t- id: SHIRT-2-RED\n", encoding="utf-8")
    git(tmp_path, "add", "-A")

    rejected = git(tmp_path, "commit", "-m", "add SHIRT-2")

    # Git sends a hook's standard output to its own standard error.
    assert rejected.returncode == 1, rejected.stdout + rejected.stderr
    assert "yaml-syntax  error  1" in rejected.stderr
    assert "1 SKU checked (release): 1 error," in rejected.stderr
    assert commit_count(tmp_path) == 1

    broken.write_text(broken.read_text(encoding="utf-8").replace("variants:\n\t- id: SHIRT-2-RED\n", ""), encoding="utf-8")
    git(tmp_path, "add", "-A")

    accepted = git(tmp_path, "commit", "-m", "add SHIRT-2")

    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert commit_count(tmp_path) == 2


def test_subfolder_hook_passes_content_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path, "shop")

    invoke(capsys, "-C", root, "hooks", "install")

    assert (tmp_path / ".git" / "hooks" / "pre-commit").read_text(encoding="utf-8").endswith(" -m linkstar_cli -C shop lint --changed\n")


def test_install_twice_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    invoke(capsys, "-C", root, "hooks", "install")
    before = (tmp_path / ".git" / "hooks" / "pre-commit").read_text(encoding="utf-8")

    result = invoke(capsys, "-C", root, "hooks", "install")

    assert result.code == 0
    assert "is up to date" in result.err
    assert (tmp_path / ".git" / "hooks" / "pre-commit").read_text(encoding="utf-8") == before
    assert not (tmp_path / ".git" / "hooks" / "pre-commit.linkstar-backup").exists()


def test_outdated_linkstar_hook_is_updated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\n{MARKER}\nexec /old/venv/bin/python -m linkstar_cli lint --changed\n", encoding="utf-8")

    result = invoke(capsys, "-C", root, "hooks", "install")

    assert result.code == 0, result.err
    assert "Updated the linkstar pre-commit hook" in result.err
    assert "/old/venv" not in hook.read_text(encoding="utf-8")
    assert not (tmp_path / ".git" / "hooks" / "pre-commit.linkstar-backup").exists()


def test_foreign_hook_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    hook.write_text(FOREIGN_HOOK, encoding="utf-8")

    result = invoke(capsys, "-C", root, "hooks", "install")

    assert result.code == 2
    assert "a pre-commit hook that linkstar did not write already exists: " in result.err
    assert "--force" in result.err
    assert hook.read_text(encoding="utf-8") == FOREIGN_HOOK


def test_force_keeps_backup_and_uninstall_restores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    backup = tmp_path / ".git" / "hooks" / "pre-commit.linkstar-backup"
    hook.write_text(FOREIGN_HOOK, encoding="utf-8")

    installed = invoke(capsys, "-C", root, "hooks", "install", "--force")

    assert installed.code == 0, installed.err
    assert backup.read_text(encoding="utf-8") == FOREIGN_HOOK
    assert MARKER in hook.read_text(encoding="utf-8")

    removed = invoke(capsys, "-C", root, "hooks", "uninstall")

    assert removed.code == 0, removed.err
    assert "Restored the previous hook" in removed.err
    assert hook.read_text(encoding="utf-8") == FOREIGN_HOOK
    assert not backup.exists()


def test_force_twice_keeps_both_backups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    hooks = tmp_path / ".git" / "hooks"
    (hooks / "pre-commit").write_text(FOREIGN_HOOK, encoding="utf-8")
    invoke(capsys, "-C", root, "hooks", "install", "--force")
    (hooks / "pre-commit").write_text("#!/bin/sh\necho 'second hook'\n", encoding="utf-8")

    invoke(capsys, "-C", root, "hooks", "install", "--force")

    assert (hooks / "pre-commit.linkstar-backup").read_text(encoding="utf-8") == FOREIGN_HOOK
    assert (hooks / "pre-commit.linkstar-backup.1").read_text(encoding="utf-8") == "#!/bin/sh\necho 'second hook'\n"


def test_uninstall_leaves_foreign_hook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    hook.write_text(FOREIGN_HOOK, encoding="utf-8")

    result = invoke(capsys, "-C", root, "hooks", "uninstall")

    assert result.code == 2
    assert "was not written by linkstar" in result.err
    assert hook.read_text(encoding="utf-8") == FOREIGN_HOOK


def test_uninstall_without_hook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)

    result = invoke(capsys, "-C", root, "hooks", "uninstall")

    assert result.code == 0
    assert "nothing to remove" in result.err


def test_hooks_path_setting_is_followed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    git(tmp_path, "config", "core.hooksPath", "tools/git-hooks")

    result = invoke(capsys, "-C", root, "hooks", "install")

    assert result.code == 0, result.err
    assert MARKER in (tmp_path / "tools" / "git-hooks" / "pre-commit").read_text(encoding="utf-8")


def test_install_outside_git(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SOURCE, tmp_path / "repo", ignore=shutil.ignore_patterns("skus", "expected", "README.md"))

    result = invoke(capsys, "-C", tmp_path / "repo", "hooks", "install")

    assert result.code == 2
    assert "is not in a Git work tree" in result.err
