"""A render killed part way leaves no partial output, and the same inputs always give the same bytes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linkstar_cli.cli.app import run

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-repo"


def copy_demo(target: Path) -> Path:
    shutil.copytree(DEMO, target, ignore=shutil.ignore_patterns("build", ".linkstar"))
    return target


def build_files(root: Path) -> dict[str, bytes]:
    """Return every file under build/ by its path relative to build/."""
    build = root / "build"
    return {path.relative_to(build).as_posix(): path.read_bytes() for path in sorted(build.rglob("*")) if path.is_file()}


def is_temporary(relative: str) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return name.startswith(".") and name.endswith(".tmp")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Render the demo repo once, uninterrupted, on one worker."""
    root = copy_demo(tmp_path_factory.mktemp("reference") / "repo")
    assert run(["-C", str(root), "render", "--jobs", "1"]) == 0
    return build_files(root)


def test_reference_render_has_images(reference: dict[str, bytes]) -> None:
    images = [name for name in reference if name.endswith(".jpg")]
    assert len(images) >= 30
    assert not [name for name in reference if is_temporary(name)]


def test_jobs_and_reruns_give_same_bytes(tmp_path: Path, reference: dict[str, bytes]) -> None:
    root = copy_demo(tmp_path / "repo")

    assert run(["-C", str(root), "render", "--jobs", "2"]) == 0
    assert build_files(root) == reference

    assert run(["-C", str(root), "render", "--jobs", "2", "--force"]) == 0
    assert build_files(root) == reference


def test_killed_render_leaves_no_partial_output(tmp_path: Path, reference: dict[str, bytes]) -> None:
    root = copy_demo(tmp_path / "repo")
    sources = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    command = [sys.executable, "-m", "linkstar_cli", "-C", str(root), "render", "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        # Kill the whole process group, workers included, once the first SKU is written.
        deadline = time.monotonic() + 120
        while not list((root / "build").rglob("manifest.json")) and time.monotonic() < deadline:
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL

    interrupted = build_files(root)
    finished = [name for name in interrupted if not is_temporary(name)]
    assert finished, "the render was killed before it wrote any file"
    assert len(finished) < len(reference), "the render finished before it was killed"
    for name in finished:
        assert interrupted[name] == reference[name], f"{name} differs from the uninterrupted render"

    assert run(["-C", str(root), "render", "--jobs", "2"]) == 0

    assert build_files(root) == reference
    for path, data in sources.items():
        assert path.read_bytes() == data, f"{path} was modified"
