"""Time ``linkstar lint --changed`` with one staged SKU against a full lint of a large repo.

Usage: python benchmarks/lint_changed.py [--skus 2000] [--runs 3] [--keep]

The repo is generated in a temporary folder by ``inputs.generate_repo``, from
copies of the clean SKU of the lint tests (tests/fixtures/lint-repo/skus/CLEAN-1).
Its images are hard links, so 2,000 SKUs take a few megabytes. Nothing is
committed and one SKU is staged, as in a pre-commit run that adds one SKU.
``run.py`` measures the same command in subprocesses, against a one-SKU repo.

Both commands run in this process through linkstar's command-line entry point,
with their output discarded. Each runs once untimed, so that both find the same
warm caches (Python imports, specs, .linkstar/cache). Then each is timed --runs
times, and the script prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from inputs import generate_repo
from linkstar_cli.cli.app import run
from timing import machine_lines


def lint_seconds(arguments: list[str]) -> float:
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        start = time.perf_counter()
        code = run(arguments)
        elapsed = time.perf_counter() - start
    if code not in (0, 1):
        raise SystemExit(f"linkstar {' '.join(arguments)} exited with {code}")
    return elapsed


def median_seconds(arguments: list[str], runs: int) -> float:
    lint_seconds(arguments)
    return statistics.median(lint_seconds(arguments) for _ in range(runs))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=2000, help="number of SKUs in the generated repo")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command; the median is reported")
    parser.add_argument("--keep", action="store_true", help="keep the generated repo and print its path")
    options = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="linkstar-bench-"))
    try:
        root = folder / "repo"
        staged = generate_repo(root, options.skus, stage=True)
        changed = median_seconds(["-C", str(root), "lint", "--changed", "--format", "json"], options.runs)
        full = median_seconds(["-C", str(root), "lint", "--format", "json"], options.runs)
    finally:
        if options.keep:
            print(f"repo kept in {folder / 'repo'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    print("\n".join(machine_lines()))
    print(f"repo: {options.skus} SKUs, {staged} staged; median of {options.runs} runs after one warm-up run")
    print(f"lint --changed  {changed:8.3f} s")
    print(f"lint (full)     {full:8.3f} s")
    print(f"full / changed  {full / changed:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
