"""Keeping every path that comes from repo content inside the repo."""

from __future__ import annotations

from pathlib import Path

from linkstar_cli.errors import UnsafePathError
from linkstar_cli.i18n import _


def safe_join(root: Path, base: Path, relative: str, *, display: str | None = None) -> Path:
    """Resolve ``relative`` against ``base`` and make sure the result stays inside ``root``.

    Symbolic links are followed before the check, so a link that points out of the
    repo is rejected like a ``..`` path.
    """
    candidate = (base / relative).resolve()
    root_resolved = root.resolve()
    if candidate != root_resolved and root_resolved not in candidate.parents:
        raise UnsafePathError(
            _("path \"{path}\" points outside the content repo", path=relative),
            path=display,
            hint=_("Keep files inside the repo and refer to them with relative paths."),
        )
    return candidate
