"""The ``linkstar`` command: global options, command registration and the one error handler.

Commands are registered after the message language is chosen, so their help texts
appear in the user's language too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from linkstar_cli import __version__

# typer, rich and the core load inside run(), so `linkstar --version` imports none of them.
if TYPE_CHECKING:
    import typer

    from linkstar_cli.cli.console import ColorMode


def _language_argument(argv: list[str]) -> str | None:
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--lang="):
            return argument.split("=", 1)[1]
    return None


def _color_argument(argv: list[str]) -> ColorMode:
    for index, argument in enumerate(argv):
        value = None
        if argument == "--color" and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--color="):
            value = argument.split("=", 1)[1]
        if value in ("auto", "always", "never"):
            return value  # type: ignore[return-value]
    return "auto"


def _print_version(value: bool) -> None:
    # Eager, so it runs before the parser requires a command.
    if value:
        import typer

        from linkstar_cli.cli.console import Output

        Output().data(f"linkstar {__version__}")
        raise typer.Exit(0)


def build_app() -> typer.Typer:
    """Create the typer application with every command group."""
    import typer

    from linkstar_cli.cli import hooks, importer, l10n, lint, package, release, render, review, scaffold, schema, signoff, specs, status
    from linkstar_cli.cli.console import Output
    from linkstar_cli.cli.state import State, set_current
    from linkstar_cli.i18n import _

    app = typer.Typer(
        name="linkstar",
        help=_("Product listings as code: check briefs, copy and images against marketplace rules and render them per platform."),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        # Rich's help panels crop long runs of CJK text, which has no spaces to break at;
        # the plain formatter wraps every language.
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def root(
        repo: Optional[Path] = typer.Option(None, "-C", "--repo", help=_("Run as if started in this folder (the content repo or a folder inside it)."), file_okay=False),
        lang: Optional[str] = typer.Option(None, "--lang", help=_("Message language: en or zh-CN. Default: LINKSTAR_LANG, else the system locale.")),
        color: str = typer.Option("auto", "--color", help=_("Colour in terminal output: auto, always or never.")),
        debug: bool = typer.Option(False, "--debug", help=_("Show the Python traceback of an internal error.")),
        version: bool = typer.Option(False, "--version", help=_("Print the linkstar version and exit."), is_eager=True, callback=_print_version),
    ) -> None:
        output = Output(color=color if color in ("auto", "always", "never") else "auto")  # type: ignore[arg-type]
        set_current(State(start=repo or Path.cwd(), output=output, debug=debug))

    for module in (scaffold, schema, specs, lint, hooks, render, package, signoff, importer, l10n, review, status, release):
        module.register(app)
    return app


def run(argv: list[str] | None = None) -> int:
    """Run linkstar with ``argv`` and return the exit code; every error is mapped to a code here."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        # The version is a constant, so this output needs neither the parser nor the core.
        sys.stdout.write(f"linkstar {__version__}\n")
        return 0
    import traceback

    import typer
    from rich.markup import escape

    from linkstar_cli.cli.console import Output
    from linkstar_cli.errors import ExitCode, LinkstarError
    from linkstar_cli.i18n import _, detect_language, set_language

    set_language(detect_language(_language_argument(args)))
    output = Output(color=_color_argument(args))
    debug = "--debug" in args
    try:
        command = typer.main.get_command(build_app())
        result = command.main(args=args, prog_name="linkstar", standalone_mode=False)
    except LinkstarError as error:
        output.error(error)
        return int(error.exit_code)
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        output.info(_("interrupted"))
        return int(ExitCode.INTERRUPTED)
    except typer.TyperException as error:
        # Usage errors from the argument parser: its text is English only.
        label = _("error:")
        output.err.print(f"[bold red]{escape(label)}[/bold red] {escape(error.format_message())}")
        output.info(_("Run `linkstar --help` for usage."))
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        output.info(_("interrupted"))
        return int(ExitCode.INTERRUPTED)
    except Exception as error:  # noqa: BLE001 - the last line of defence: a bug, not bad input
        if debug:
            output.err.print(traceback.format_exc(), markup=False)
        label = _("internal error:")
        output.err.print(f"[bold red]{escape(label)}[/bold red] {escape(f'{type(error).__name__}: {error}')}")
        output.info(_("This is a bug in linkstar {version}. Run again with --debug and report the traceback.", version=__version__))
        return int(ExitCode.INTERNAL)
    return int(result) if isinstance(result, int) else int(ExitCode.OK)


def main() -> None:
    sys.exit(run())
