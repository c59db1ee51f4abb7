"""The one place that creates consoles and writes to the terminal.

Data (findings, JSON, tables asked for with --format) goes to stdout; progress and
messages for people go to stderr. Colour follows --color, NO_COLOR and whether the
stream is a terminal.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from rich.console import Console

from linkstar_cli.errors import ErrorList, LinkstarError
from linkstar_cli.i18n import _

ColorMode = Literal["auto", "always", "never"]


def _prepare_stream(stream: TextIO) -> None:
    # A Windows console in a legacy code page cannot encode every character;
    # replace what it cannot show instead of crashing on a product title.
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):
            pass


def make_console(stream: TextIO, color: ColorMode) -> Console:
    _prepare_stream(stream)
    no_color = color == "never" or (color == "auto" and bool(os.environ.get("NO_COLOR")))
    terminal = stream.isatty()
    return Console(
        file=stream,
        # Piped output has no terminal width; a wide one keeps tables readable in CI logs.
        width=None if terminal else 200,
        force_terminal=True if color == "always" else None,
        no_color=no_color,
        color_system=None if no_color else "auto",
        highlight=False,
        soft_wrap=True,
    )


@dataclass
class Output:
    """Consoles for one command run."""

    color: ColorMode = "auto"
    out: Console = field(init=False)
    err: Console = field(init=False)

    def __post_init__(self) -> None:
        self.out = make_console(sys.stdout, self.color)
        self.err = make_console(sys.stderr, self.color)

    def data(self, text: str) -> None:
        """Write machine-readable output to stdout as UTF-8, whatever the console code page is."""
        if not text.endswith("\n"):
            text += "\n"
        stream = sys.stdout
        buffer = getattr(stream, "buffer", None)
        if buffer is not None and not stream.isatty():
            stream.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            stream.write(text)
            stream.flush()

    def info(self, text: str) -> None:
        self.err.print(text, markup=False)

    def success(self, text: str) -> None:
        self.err.print(f"[green]{_escape(text)}[/green]")

    def warn(self, text: str) -> None:
        label = _("warning:")
        self.err.print(f"[yellow]{_escape(label)}[/yellow]{_gap(label)}{_escape(text)}")

    def error(self, error: LinkstarError) -> None:
        for single in error.errors if isinstance(error, ErrorList) else [error]:
            self.err.print(format_error(single, markup=True))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def format_error(error: LinkstarError, *, markup: bool = False) -> str:
    """Format an error as ``error: file:line (field): message`` with an indented hint line."""
    location = error.location()
    head = _("error:")
    parts = []
    if location:
        parts.append(location)
    if error.field:
        parts.append(f"({error.field})")
    where = " ".join(parts)
    body = f"{where}: {error.message}" if where else error.message
    if markup:
        text = f"[bold red]{_escape(head)}[/bold red]{_gap(head)}{_escape(body)}"
    else:
        text = f"{head}{_gap(head)}{body}"
    if error.hint:
        hint_label = _("hint:")
        if markup:
            text += f"\n  [cyan]{_escape(hint_label)}[/cyan]{_gap(hint_label)}{_escape(error.hint)}"
        else:
            text += f"\n  {hint_label}{_gap(hint_label)}{error.hint}"
    return text


def _gap(label: str) -> str:
    """Return the space after a label; a full-width colon already carries its own."""
    return "" if label.endswith("：") else " "


def shown_path(path: Path) -> str:
    """Show ``path`` relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()
