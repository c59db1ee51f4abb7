"""A render killed part way leaves no partial output; the same inputs give the same bytes, in one run or in shards."""

from __future__ import annotations

import contextlib
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


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and process groups are POSIX; Windows has neither")
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


def test_shards_merge_into_full_render(tmp_path: Path, reference: dict[str, bytes]) -> None:
    root = copy_demo(tmp_path / "repo")

    for index in (1, 2, 3):
        assert run(["-C", str(root), "render", "--jobs", "2", "--shard", f"{index}/3"]) == 0

    merged = build_files(root)
    # Each shard writes its own bulk file; everything else is the full render's, byte for byte.
    per_sku = {name: data for name, data in reference.items() if name.count("/") >= 2}
    assert {name: data for name, data in merged.items() if name.count("/") >= 2} == per_sku
    bulk = sorted(name for name in merged if name.count("/") == 1)
    assert bulk
    assert all(".shard-" in name for name in bulk)


def test_rerun_removes_leftover_temporary_files(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "repo")
    assert run(["-C", str(root), "render", "--jobs", "1", "--platform", "amazon-de"]) == 0
    package = root / "build/amazon-de/WOO-BEANIE"
    leftovers = [package / ".WOO-BEANIE.MAIN.jpg.k3x9_q2a.tmp", root / "build/amazon-de/.amazon-de.flatfile.txt.abcd1234.tmp"]
    for path in leftovers:
        path.write_bytes(b"\xff\xd8half a file")
    (package / "notes.tmp").write_text("a file of the user's", encoding="utf-8")

    assert run(["-C", str(root), "render", "--jobs", "1", "--platform", "amazon-de"]) == 0

    assert [path for path in leftovers if path.exists()] == []
    assert (package / "notes.tmp").read_text(encoding="utf-8") == "a file of the user's"


class RecordingExecutor:
    """Stands in for the process pool and records how it was shut down."""

    def __init__(self) -> None:
        self.shutdowns: list[dict[str, bool]] = []

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.shutdowns.append({"wait": wait, "cancel_futures": cancel_futures})


@pytest.mark.parametrize(("error", "cancelled"), [(None, False), (KeyboardInterrupt, True)], ids=["finished", "interrupted"])
def test_batch_drops_queued_tasks_on_interrupt(error: type[BaseException] | None, cancelled: bool) -> None:
    from linkstar_cli.render.pipeline import _Batch

    batch = _Batch(jobs=2)
    executor = RecordingExecutor()
    batch._executor = executor  # type: ignore[assignment]

    with pytest.raises(KeyboardInterrupt) if error else contextlib.nullcontext():
        with batch:
            if error:
                raise error

    assert executor.shutdowns == [{"wait": True, "cancel_futures": cancelled}]
