"""Timing helpers, the machine description and table printing shared by the benchmark scripts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def median_seconds(function: Callable[[], object], runs: int, *, warmup: int = 1) -> float:
    """Call ``function`` ``warmup`` times untimed, then ``runs`` times, and return the median wall time."""
    for _round in range(warmup):
        function()
    times = []
    for _round in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command_seconds(arguments: Sequence[str], *, cwd: Path | None = None, allowed: tuple[int, ...] = (0,)) -> float:
    """Run a command with its output discarded and return its wall time; raise when its exit code is not ``allowed``."""
    start = time.perf_counter()
    completed = subprocess.run(list(arguments), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode not in allowed:
        message = completed.stderr.decode("utf-8", "replace")[-2000:]
        raise SystemExit(f"{' '.join(arguments)} exited with {completed.returncode}:\n{message}")
    return elapsed


def median_command_seconds(arguments: Sequence[str], runs: int, *, cwd: Path | None = None, allowed: tuple[int, ...] = (0,), warmup: int = 1) -> float:
    return median_seconds(lambda: command_seconds(arguments, cwd=cwd, allowed=allowed), runs, warmup=warmup)


def linkstar_command() -> list[str]:
    """Return the linkstar console script of the running interpreter's environment."""
    script = Path(sys.executable).parent / ("linkstar.exe" if os.name == "nt" else "linkstar")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "linkstar_cli"]


def machine_lines() -> list[str]:
    """Describe the machine and the libraries that set the speed of the image code."""
    from PIL import __version__ as pillow_version
    from PIL import features

    from linkstar_cli import __version__

    lines = [
        f"linkstar {__version__} at {_git_commit()}",
        f"CPU: {_cpu_model()}, {os.cpu_count()} logical CPUs ({len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} usable)",
        f"OS: {platform.system()} {platform.release()}; Python {platform.python_version()}",
        f"Pillow {pillow_version}, libjpeg-turbo {features.version('libjpeg_turbo') or 'not found'}, zlib {features.version('zlib') or '?'}",
        f"pyvips: {_pyvips_version()}",
    ]
    if hasattr(os, "getloadavg"):
        lines.append("load average at start (1, 5, 15 min): " + ", ".join(f"{value:.2f}" for value in os.getloadavg()))
    return lines


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _git_commit() -> str:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "an unknown commit"
    return f"commit {commit}" + (" with uncommitted changes" if dirty else "")


def _pyvips_version() -> str:
    try:
        import pyvips
    except (ImportError, OSError):
        return "not installed"
    return f"pyvips {pyvips.__version__}, libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}"


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Format rows as a Markdown table, so the output can be pasted into RESULTS.md as it is."""
    widths = [max(len(str(row[column])) for row in [header, *rows]) for column in range(len(header))]
    lines = ["| " + " | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) + " |" for row in [header, *rows]]
    lines.insert(1, "| " + " | ".join("-" * width for width in widths) + " |")
    return "\n".join(lines)


def log(message: str) -> None:
    """Print progress to stderr, so stdout keeps only the tables."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
