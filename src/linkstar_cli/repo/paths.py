"""Keeping every path that comes from repo content inside the repo, and finding files whatever their Unicode form."""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from linkstar_cli.errors import UnsafePathError
from linkstar_cli.i18n import _


def safe_join(root: Path, base: Path, relative: str, *, display: str | None = None, line: int | None = None, column: int | None = None) -> Path:
    """Resolve ``relative`` against ``base`` and make sure the result stays inside ``root``.

    Absolute paths, POSIX or Windows (``/etc/passwd``, ``C:\\x``, ``\\\\server\\share``),
    are rejected before anything is read. Symbolic links are followed before the
    check, so a link that points out of the repo is rejected like a ``..`` path.
    A file name typed in NFC finds a file stored in NFD (as macOS writes them), and
    the other way round. ``display``, ``line`` and ``column`` locate the value in
    the YAML file that contains it.
    """
    if _is_absolute(relative):
        raise UnsafePathError(
            _("path \"{path}\" is absolute", path=relative),
            path=display,
            line=line,
            column=column,
            hint=_("Write a path relative to the file that names it, inside the content repo, such as main.jpg."),
        )
    candidate = match_unicode_form(base / relative).resolve()
    root_resolved = root.resolve()
    if candidate != root_resolved and root_resolved not in candidate.parents:
        raise UnsafePathError(
            _("path \"{path}\" points outside the content repo", path=relative),
            path=display,
            line=line,
            column=column,
            hint=_("Keep files inside the repo and refer to them with relative paths."),
        )
    return candidate


def _is_absolute(relative: str) -> bool:
    windows = PureWindowsPath(relative)
    return PurePosixPath(relative).is_absolute() or bool(windows.drive) or windows.root != ""


def match_unicode_form(path: Path) -> Path:
    """Return ``path`` with each missing part replaced by the entry of its folder that differs only in Unicode form.

    macOS stores "ö" as "o" plus a combining mark (NFD) while editors write YAML in
    NFC, so a name typed in the YAML and the name on disk can differ in bytes only.
    A path that exists, or that has no such entry, is returned unchanged.
    """
    if path.exists():
        return path
    found = Path(path.anchor) if path.is_absolute() else Path()
    for part in path.parts[len(found.parts):]:
        nested = found / part
        if not nested.exists() and part not in (".", ".."):
            expected = unicodedata.normalize("NFC", part)
            try:
                entries = [entry.name for entry in found.iterdir()] if found.is_dir() else []
            except OSError:
                return path
            same = [name for name in entries if unicodedata.normalize("NFC", name) == expected]
            if not same:
                return path
            nested = found / same[0]
        found = nested
    return found
