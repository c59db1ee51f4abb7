"""Light commands import only what they need, so they start fast (benchmarks/ measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys

LIBRARIES = ["typer", "rich", "pydantic", "PIL", "jinja2", "babel", "yaml", "ruamel.yaml", "git"]


def _imported_after(arguments: list[str]) -> tuple[str, dict[str, bool]]:
    """Run linkstar in a fresh interpreter and report its output and which of LIBRARIES it imported."""
    script = (
        "import contextlib, io, json, sys\n"
        "from linkstar_cli.cli.app import run\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = run({arguments!r})\n"
        f"print(json.dumps([code, out.getvalue(), {{name: name in sys.modules for name in {LIBRARIES!r}}}]))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    code, output, modules = json.loads(completed.stdout)
    assert code == 0
    return output, modules


def test_version_imports_no_library() -> None:
    output, modules = _imported_after(["--version"])
    assert output.startswith("linkstar 0.")
    assert [name for name, loaded in modules.items() if loaded] == []


def test_help_imports_no_core_library() -> None:
    output, modules = _imported_after(["--help"])
    assert "Usage: linkstar" in output
    loaded = {name for name, present in modules.items() if present}
    assert loaded == {"typer", "rich"}
