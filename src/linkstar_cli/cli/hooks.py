"""``linkstar hooks install|uninstall``: a Git pre-commit hook that lints the SKUs a commit touches.

The hook is a short POSIX sh script; Git for Windows runs it with the sh it ships.
It starts the Python interpreter that runs this linkstar, by absolute path, so the
hook works without an activated virtual environment. After moving or recreating that
environment, run ``linkstar hooks install`` again to rewrite the path.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import typer

from linkstar_cli.cli.console import shown_path
from linkstar_cli.cli.state import current
from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.repo.atomic import write_text_atomic

HOOK_NAME = "pre-commit"
MARKER = "# linkstar-hook: pre-commit"
BACKUP_SUFFIX = ".linkstar-backup"

Action = Literal["installed", "updated", "unchanged", "removed", "absent"]


@dataclass(frozen=True)
class HookChange:
    """Outcome of install or uninstall: the action taken on the hook file and the backup made or restored."""

    action: Action
    path: Path
    backup: Path | None = None


def install_hook(root: Path, *, force: bool = False, python: str | None = None) -> HookChange:
    """Write the pre-commit hook for the content repo at ``root``.

    A hook written by linkstar is updated in place. Any other hook is replaced only
    with ``force``, after it is renamed to ``pre-commit.linkstar-backup``.
    """
    path = hook_path(root)
    script = hook_script(root, python or sys.executable)
    backup = None
    if path.exists():
        current_text = path.read_text(encoding="utf-8", errors="replace")
        if current_text == script:
            return HookChange("unchanged", path)
        if MARKER not in current_text:
            if not force:
                raise UsageError(
                    _("a pre-commit hook that linkstar did not write already exists: {file}", file=shown_path(path)),
                    hint=_(
                        "Run `linkstar hooks install --force` to replace it (the old hook is kept as {backup}). "
                        "With the pre-commit framework, add the linkstar-lint hook to .pre-commit-config.yaml instead.",
                        backup=path.name + BACKUP_SUFFIX,
                    ),
                )
            backup = _free_backup_path(path)
            path.rename(backup)
    action: Action = "updated" if path.exists() else "installed"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, script)
    path.chmod(path.stat().st_mode | 0o111)
    return HookChange(action, path, backup)


def uninstall_hook(root: Path) -> HookChange:
    """Remove the hook that linkstar wrote and put back the newest backup, if there is one."""
    path = hook_path(root)
    if not path.exists():
        return HookChange("absent", path)
    if MARKER not in path.read_text(encoding="utf-8", errors="replace"):
        raise UsageError(
            _("the pre-commit hook {file} was not written by linkstar, so it is left as it is", file=shown_path(path)),
            hint=_("Remove it by hand if it is no longer needed."),
        )
    path.unlink()
    backups = _backups(path)
    if not backups:
        return HookChange("removed", path)
    backups[-1].rename(path)
    return HookChange("removed", path, backups[-1])


def hook_script(root: Path, python: str) -> str:
    """Return the hook script: run ``linkstar lint --changed`` on the content repo at ``root``.

    Git starts hooks in the top folder of the work tree, so the content repo is
    passed relative to it and the hook keeps working when the clone is moved.
    """
    top = Path(_git(root, "rev-parse", "--show-toplevel")).resolve()
    content = root.resolve().relative_to(top).as_posix()
    command = [Path(python).as_posix(), "-m", "linkstar_cli", "-C", content, "lint", "--changed"]
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        "# Written by `linkstar hooks install`: lints the SKUs touched by the staged files.\n"
        "# It runs the Python that linkstar was installed with; after moving or recreating\n"
        "# that environment, run `linkstar hooks install` again.\n"
        f"exec {shlex.join(command)}\n"
    )


def hook_path(root: Path) -> Path:
    """Return where Git looks for the pre-commit hook, honouring core.hooksPath and worktrees."""
    hooks = Path(_git(root, "rev-parse", "--git-path", "hooks"))
    return (hooks if hooks.is_absolute() else root / hooks) / HOOK_NAME


def _git(root: Path, *args: str) -> str:
    try:
        completed = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        raise InputError(
            _("{folder} is not in a Git work tree, so there is no hook to install", folder=shown_path(root)),
            hint=_("Run `git init` in the content repo first, or check that Git is installed."),
        ) from None
    return completed.stdout.strip()


def _backups(path: Path) -> list[Path]:
    """List the backups of ``path``, oldest first: ``NAME.linkstar-backup``, then ``.1``, ``.2``..."""
    first = path.with_name(path.name + BACKUP_SUFFIX)
    found = [first] if first.exists() else []
    number = 1
    while (numbered := first.with_name(f"{first.name}.{number}")).exists():
        found.append(numbered)
        number += 1
    return found


def _free_backup_path(path: Path) -> Path:
    first = path.with_name(path.name + BACKUP_SUFFIX)
    if not first.exists():
        return first
    number = 1
    while (numbered := first.with_name(f"{first.name}.{number}")).exists():
        number += 1
    return numbered


def register(app: typer.Typer) -> None:
    hooks_app = typer.Typer(help=_("Install or remove the Git pre-commit hook that runs linkstar lint."), no_args_is_help=True, rich_markup_mode=None)
    app.add_typer(hooks_app, name="hooks")

    @hooks_app.command("install", help=_("Write .git/hooks/pre-commit so that each commit runs linkstar lint --changed."))
    def install_command(
        force: bool = typer.Option(False, "--force", help=_("Replace a pre-commit hook that linkstar did not write, keeping it as a backup.")),
    ) -> None:
        state = current()
        change = install_hook(state.repo().root, force=force)
        file = shown_path(change.path)
        if change.backup is not None:
            state.output.info(_("The previous hook was moved to {file}.", file=shown_path(change.backup)))
        if change.action == "unchanged":
            state.output.info(_("The linkstar pre-commit hook in {file} is up to date.", file=file))
        elif change.action == "updated":
            state.output.success(_("Updated the linkstar pre-commit hook in {file}.", file=file))
        else:
            state.output.success(_("Installed the pre-commit hook in {file}: each commit now runs linkstar lint --changed.", file=file))

    @hooks_app.command("uninstall", help=_("Remove the pre-commit hook that linkstar installed and restore the hook it replaced."))
    def uninstall_command() -> None:
        state = current()
        change = uninstall_hook(state.repo().root)
        file = shown_path(change.path)
        if change.action == "absent":
            state.output.info(_("No pre-commit hook in {file}: nothing to remove.", file=file))
            return
        state.output.success(_("Removed the linkstar pre-commit hook from {file}.", file=file))
        if change.backup is not None:
            state.output.info(_("Restored the previous hook from {file}.", file=shown_path(change.backup)))
