"""Work that runs in worker processes (or inline): decoding sources and drawing images.

Each worker keeps the images it rendered in this run by the keys of their jobs.
A key hashes the source's bytes and every output setting, and rendering is
deterministic, so a task whose keys were seen before (SKUs that share a photo
and a spec) gets the same bytes without decoding again. The cache lives for one
run: a process pool is made per run, and ``InlineExecutor`` empties it when made.
"""

from __future__ import annotations

from collections import OrderedDict
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from linkstar_cli.i18n import set_language
from linkstar_cli.render.plan import ImageJob

if TYPE_CHECKING:
    from linkstar_cli.render.layout import Layout

# Enough for the outputs of several sources at 2000×2000 (about 0.2 to 1 MB each as
# JPEG). A worker's peak memory grows by at most this much, so it is kept small. A
# worker decoding a 24-megapixel JPEG at full size peaks at about 172 MiB without it,
# and the target for a worker is 200 MB (190.7 MiB).
RESULT_CACHE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Task:
    """Work for one worker: every output made from one source, or one overlay image."""

    sku_index: int
    source: Path | None
    source_display: str | None
    jobs: tuple[ImageJob, ...]


class RunCache:
    """Rendered bytes by job keys (least recently used dropped first), and loaded layouts, for one run."""

    def __init__(self, max_bytes: int = RESULT_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.results: OrderedDict[tuple[str, ...], tuple[bytes, ...]] = OrderedDict()
        self.size = 0
        self.layouts: dict[tuple[str, tuple[Path, ...]], Layout] = {}

    def get(self, keys: tuple[str, ...]) -> tuple[bytes, ...] | None:
        found = self.results.get(keys)
        if found is not None:
            self.results.move_to_end(keys)
        return found

    def put(self, keys: tuple[str, ...], data: tuple[bytes, ...]) -> None:
        size = sum(len(item) for item in data)
        if keys in self.results or size > self.max_bytes:
            return
        self.results[keys] = data
        self.size += size
        while self.size > self.max_bytes:
            _keys, dropped = self.results.popitem(last=False)
            self.size -= sum(len(item) for item in dropped)

    def layout(self, layout_id: str, layout_dirs: tuple[Path, ...]) -> Layout:
        from linkstar_cli.render.layout import load_layout

        if (layout_id, layout_dirs) not in self.layouts:
            self.layouts[(layout_id, layout_dirs)] = load_layout(layout_id, list(layout_dirs))
        return self.layouts[(layout_id, layout_dirs)]


_cache = RunCache()


def init_worker(language: str) -> None:
    global _cache
    set_language(language)
    _cache = RunCache()


def run_task(task: Task) -> list[tuple[str, bytes]]:
    """Render the images of one task, or take them from this run's cache; runs in a worker process or inline."""
    keys = tuple(job.key for job in task.jobs)
    cached = _cache.get(keys)
    if cached is not None:
        return [(job.name, data) for job, data in zip(task.jobs, cached, strict=True)]
    rendered = _render(task)
    _cache.put(keys, tuple(data for _name, data in rendered))
    return rendered


def _render(task: Task) -> list[tuple[str, bytes]]:
    from linkstar_cli.render.images import open_source, render_file, render_image

    first = task.jobs[0]
    if first.overlay is not None:
        from linkstar_cli.render.overlay import render_overlay

        overlay = first.overlay
        photo = open_source(task.source, task.source_display or "", first.output.size) if task.source else None
        layout = _cache.layout(overlay.layout_id, overlay.layout_dirs)
        image = render_overlay(
            layout,
            first.output.size,
            photo,
            dict(overlay.texts),
            list(overlay.fonts),
            overlay.colours,
            sku=overlay.sku,
            locale=overlay.locale,
        )
        return [(first.name, render_image(image, first.output, label=first.name))]
    assert task.source is not None
    rendered = render_file(task.source, task.source_display or "", [job.output for job in task.jobs], [job.name for job in task.jobs])
    return [(job.name, result.data) for job, result in zip(task.jobs, rendered, strict=True)]


class InlineExecutor(Executor):
    """Runs tasks in this process; used for --jobs 1 and for small renders. Making one starts a new run's cache."""

    def __init__(self) -> None:
        global _cache
        _cache = RunCache()

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)
        return future
