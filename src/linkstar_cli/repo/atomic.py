"""Atomic file writes: readers see the old file or the new one, never half of one."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from pathlib import Path

from linkstar_cli.errors import WriteError
from linkstar_cli.i18n import _


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_MODE = 0o666 & ~_umask()
# The name of a temporary file from write_bytes_atomic: ".<file name>.<8 random characters>.tmp".
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over ``path``.

    The file gets the usual permissions for a new file (0666 less the umask), not the
    private mode of the temporary file. Raises WriteError, an OSError, when the
    folder or the file cannot be written; ``path`` is then unchanged and no
    temporary file is left behind.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise write_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _MODE)
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError) and not isinstance(error, WriteError):
            raise write_error(path, error) from None
        raise


def remove_leftover_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files that writes killed part way (power cut, SIGKILL) left in ``folder``; return them.

    A write removes its own temporary file when it fails, so any left over belongs to
    a process that died.
    """
    # NOTE: two renders of one SKU at once are not supported. A second process writing
    # to this folder now would lose its temporary file and fail with a message.
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if _TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
            try:
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            except OSError as error:
                raise write_error(Path(entry.path), error) from None
            removed.append(Path(entry.path))
    return removed


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically with the line endings given in ``text``."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_error(path: Path, error: OSError) -> WriteError:
    """Describe a failed write of ``path``: the file or folder, the cause and what to do about it.

    A folder that could not be written is named as the nearest one that exists,
    because the folders below it could not be created.
    """
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if error.errno == errno.ENOSPC:
        return WriteError(
            _("no space left on device, so {file} was not written", file=path.name),
            errno=error.errno,
            path=path,
            hint=_("Free some space on the disk that contains {folder}, then run the command again. Files written before this one are complete.", folder=folder.as_posix()),
        )
    if error.errno == errno.EROFS:
        return WriteError(
            _("cannot write to this folder: the file system is read-only"),
            errno=error.errno,
            path=folder,
            hint=_("Run the command in a writable copy of the content repo, or remount the disk with write access."),
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return WriteError(
            _("cannot write to this folder: permission denied"),
            errno=error.errno,
            path=folder,
            hint=_("Give your user write access to the folder, or run the command in a copy of the content repo that you own."),
        )
    return WriteError(
        _("cannot write {file}: {reason}", file=path.name, reason=error.strerror or error),
        errno=error.errno,
        path=path,
        hint=_("Check that the disk is mounted, writable and not full, then run the command again."),
    )
