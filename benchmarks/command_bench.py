"""Whole linkstar commands timed in subprocesses: scaling with the catalogue, pre-commit lint, start-up, workers, memory.

Each command runs as a user or CI would run it, so its time includes starting
Python and importing linkstar.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import inputs
from timing import command_seconds, linkstar_command, log, median_command_seconds, median_seconds

# lint exits 1 when it finds errors. The generated repos may have some, and only the time counts here.
LINT_EXIT_CODES = (0, 1)
BENCH_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ScalingTimes:
    """Seconds of each command in a repo of ``skus`` SKUs; warm times are medians."""

    skus: int
    lint_cold: float
    lint_warm: float
    render_cold: float
    render_warm: float
    changed: float | None = None  # lint --changed with one staged SKU, measured in the largest repo


def lint(root: Path) -> list[str]:
    return [*linkstar_command(), "-C", str(root), "lint", "--format", "json"]


def render(root: Path, jobs: int, *, force: bool = False) -> list[str]:
    return [*linkstar_command(), "-C", str(root), "render", "--jobs", str(jobs), "--format", "json", *(["--force"] if force else [])]


def clear_caches(root: Path) -> None:
    """Remove what a previous run left: rendered packages and lint's pixel cache."""
    shutil.rmtree(root / "build", ignore_errors=True)
    shutil.rmtree(root / ".linkstar", ignore_errors=True)


def measure_scaling(folder: Path, skus: int, runs: int, *, with_changed: bool) -> ScalingTimes:
    """Generate a repo of ``skus`` SKUs; time lint and render cold (once) and warm (median of ``runs``)."""
    root = folder / f"repo-{skus}"
    log(f"generating a repo of {skus} SKUs")
    inputs.generate_repo(root, skus, stage=with_changed)
    clear_caches(root)
    log(f"{skus} SKUs: lint, cold")
    lint_cold = command_seconds(lint(root), allowed=LINT_EXIT_CODES)
    log(f"{skus} SKUs: lint, warm")
    lint_warm = median_command_seconds(lint(root), runs, allowed=LINT_EXIT_CODES, warmup=0)
    changed = None
    if with_changed:
        log(f"{skus} SKUs: lint --changed")
        changed = median_command_seconds([*lint(root), "--changed"], max(runs, 5), allowed=LINT_EXIT_CODES)
    log(f"{skus} SKUs: render, cold")
    render_cold = command_seconds(render(root, 2))
    log(f"{skus} SKUs: render of the unchanged repo")
    render_warm = median_command_seconds(render(root, 2), runs, warmup=0)
    shutil.rmtree(root, ignore_errors=True)
    return ScalingTimes(skus, lint_cold, lint_warm, render_cold, render_warm, changed)


def one_sku_lint(folder: Path, runs: int) -> float:
    """Median seconds of a full lint of a repo with one SKU, the baseline of lint --changed."""
    root = folder / "repo-1"
    inputs.generate_repo(root, 1)
    seconds = median_command_seconds(lint(root), max(runs, 5), allowed=LINT_EXIT_CODES)
    shutil.rmtree(root, ignore_errors=True)
    return seconds


def startup(runs: int) -> tuple[float, float]:
    """Median seconds of ``linkstar --version`` and of ``python -c "import typer"``."""
    version = median_command_seconds([*linkstar_command(), "--version"], runs)
    typer = median_command_seconds([sys.executable, "-c", "import typer"], runs)
    return version, typer


@dataclass(frozen=True)
class WorkerTimes:
    """Median seconds of ``Renderer.run`` in this process, over a repo whose SKUs have their own photos."""

    skus: int
    full: float  # --jobs 2 with no build/ folder, run once
    unchanged: float  # --jobs 2 again, nothing changed
    one_worker: float  # --jobs 1 --force
    two_workers: float  # --jobs 2 --force


def measure_workers(folder: Path, photo: Path, product: Path, skus: int, runs: int) -> WorkerTimes:
    """Render a repo whose SKUs each have their own 4000×3000 main and gallery photos, with 1 and 2 workers.

    The renders run through ``Renderer`` in this process rather than the command,
    so that the 0.3 s of starting Python and importing linkstar, which is the same
    for any number of workers, does not dilute the ratio. Planning and writing the
    packages, which run in the main process, are included.
    """
    root = folder / "repo-distinct"
    log(f"generating a repo of {skus} SKUs with their own photos")
    inputs.generate_repo(root, skus)
    own = folder / "own"
    own.mkdir(exist_ok=True)
    from PIL import Image

    with Image.open(photo) as gallery_base, Image.open(product) as main_base:
        for number in range(1, skus + 1):
            main = inputs.save_jpeg(inputs.variant(main_base, number), own / "main.jpg")
            gallery = inputs.save_jpeg(inputs.variant(gallery_base, number), own / "gallery.jpg")
            inputs.use_own_images(root, inputs.sku_id(number), main, gallery)
    log(f"{skus} SKUs with their own photos: full render, unchanged render, 1 and 2 workers")
    clear_caches(root)
    full = median_seconds(lambda: render_in_process(root, 2), 1, warmup=0)
    unchanged = median_seconds(lambda: render_in_process(root, 2), runs, warmup=0)
    one_worker = median_seconds(lambda: render_in_process(root, 1, force=True), runs, warmup=0)
    two_workers = median_seconds(lambda: render_in_process(root, 2, force=True), runs, warmup=0)
    shutil.rmtree(root, ignore_errors=True)
    return WorkerTimes(skus, full, unchanged, one_worker, two_workers)


def render_in_process(root: Path, jobs: int, *, force: bool = False) -> None:
    """Render every SKU of ``root`` as ``linkstar render`` does, with a fresh repo object so that no file stays loaded."""
    from linkstar_cli.render.pipeline import Renderer
    from linkstar_cli.repo.content import ContentRepo

    report = Renderer(ContentRepo(root), jobs=jobs, force=force).run([], [])
    if report.errors:
        raise SystemExit(f"render failed in {root}: {report.errors[0]}")


def peak_memory(mode: str, source: Path) -> float:
    """Return the peak resident memory, in MiB, of a fresh process that renders ``source`` in ``mode``."""
    completed = subprocess.run(
        [sys.executable, str(BENCH_DIR / "memory_child.py"), mode, str(source)],
        capture_output=True,
        text=True,
        check=True,
        cwd=BENCH_DIR,
    )
    return float(completed.stdout.strip().splitlines()[-1])
