"""Errors raised by the core. They carry data; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    """Process exit codes, the same for every command."""

    OK = 0
    FINDINGS = 1  # lint found error-level problems, or a release was refused
    USAGE = 2  # bad usage or unreadable input
    INTERNAL = 3  # a bug in linkstar
    INTERRUPTED = 130


class LinkstarError(Exception):
    """Base of every error that linkstar reports to the user without a traceback.

    ``message`` and ``hint`` are already translated into the user's language.
    ``code`` is a stable, untranslated kind (``yaml-syntax``, ``duplicate-key``), so
    callers such as lint can sort errors by kind.
    """

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.field = field
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        # Keep every field when the error crosses a process boundary (render --jobs).
        return (_rebuild, (type(self), self.message, dict(self.__dict__)))

    def location(self) -> str:
        """Format ``path:line:column`` with the parts that are known."""
        if self.path is None:
            return ""
        text = self.path.as_posix()
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class UsageError(LinkstarError):
    """A command was called with arguments that cannot work."""


class InputError(LinkstarError):
    """A file in the content repo is missing, unreadable or invalid."""


class ConfigError(InputError):
    """linkstar.yaml, a platform spec or a checklist is invalid."""


class UnsafePathError(InputError):
    """A path in the content repo points outside the repo."""


class TemplateError(InputError):
    """A Jinja template failed to load or render."""


class RenderError(InputError):
    """An output could not be produced from valid input (text does not fit, a glyph is missing)."""


class WriteError(LinkstarError, OSError):
    """A file could not be written: a read-only or full disk, or missing permissions.

    It is also an ``OSError``, so callers that tolerate a failed write (such as a
    cache) keep catching it as before. ``errno`` is the errno of the failed call.
    """

    def __init__(self, message: str, *, errno: int | None = None, **location: object) -> None:
        super().__init__(message, **location)  # type: ignore[arg-type]
        self.errno = errno


class FindingsError(LinkstarError):
    """The command ran but refuses to succeed: lint errors, a refused release."""

    exit_code = ExitCode.FINDINGS


class ErrorList(LinkstarError):
    """Several independent problems found in one pass, reported together."""

    def __init__(self, errors: list[LinkstarError]) -> None:
        super().__init__(errors[0].message if errors else "")
        self.errors = errors
        self.exit_code = max((e.exit_code for e in errors), default=ExitCode.USAGE)


def _rebuild(kind: type[LinkstarError], message: str, state: dict[str, object]) -> LinkstarError:
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error
