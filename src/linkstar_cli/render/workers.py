"""Work that runs in worker processes (or inline): decoding sources and drawing images."""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

from linkstar_cli.i18n import set_language
from linkstar_cli.render.plan import ImageJob


@dataclass(frozen=True)
class Task:
    """Work for one worker: every output made from one source, or one overlay image."""

    sku_index: int
    source: Path | None
    source_display: str | None
    jobs: tuple[ImageJob, ...]


def init_worker(language: str) -> None:
    set_language(language)


def run_task(task: Task) -> list[tuple[str, bytes]]:
    """Render the images of one task; runs in a worker process or inline."""
    from linkstar_cli.render.images import open_source, render_file, render_image

    first = task.jobs[0]
    if first.overlay is not None:
        from linkstar_cli.render.layout import load_layout
        from linkstar_cli.render.overlay import render_overlay

        overlay = first.overlay
        photo = open_source(task.source, task.source_display or "", first.output.size) if task.source else None
        layout = load_layout(overlay.layout_id, list(overlay.layout_dirs))
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
    """Runs tasks in this process; used for --jobs 1 and for small renders."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)
        return future
