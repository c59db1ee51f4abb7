"""Entry point placeholder; commands are registered in later modules."""

import typer

app = typer.Typer()


def main() -> None:
    app()
