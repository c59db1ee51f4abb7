"""``linkstar render``: plan every SKU of each platform, render what changed, write the package.

A problem with one SKU (invalid input, an image that cannot be decoded, a failure
inside a worker) is recorded for that SKU, and the other SKUs are still rendered
and written. A failed write (a full or read-only disk) stops the whole run,
because every later write would fail the same way.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from linkstar_cli.errors import (
    ErrorList,
    InputError,
    LinkstarError,
    RenderError,
    WriteError,
)
from linkstar_cli.i18n import _, get_language
from linkstar_cli.model.brief import Brief
from linkstar_cli.render import manifest as manifest_io
from linkstar_cli.render.bulk import bulk_notes, with_image_base_url
from linkstar_cli.render.extras import PLATFORM_WRITERS, Package
from linkstar_cli.render.plan import BUILD_DIR, ImageJob
from linkstar_cli.render.planner import Planner
from linkstar_cli.render.workers import InlineExecutor, Task, init_worker, run_task
from linkstar_cli.repo.atomic import remove_leftover_temporaries, write_bytes_atomic, write_error
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import FileHashes, sha256_bytes
from linkstar_cli.repo.shard import in_shard
from linkstar_cli.specs.model import PlatformSpec

ProgressCallback = Callable[[str, int, int], None]


@dataclass
class SkuResult:
    sku: str
    platform: str
    locale: str
    out_dir: Path
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    listing_written: bool = False
    notes: list[str] = field(default_factory=list)
    error: LinkstarError | None = None


@dataclass
class RenderReport:
    results: list[SkuResult] = field(default_factory=list)
    build_dir: Path | None = None
    platform_files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for people: what the run could not fill in
    problems: list[LinkstarError] = field(default_factory=list)  # errors not tied to one platform's package, such as an invalid brief

    @property
    def images_rendered(self) -> int:
        return sum(len(result.rendered) for result in self.results)

    @property
    def images_reused(self) -> int:
        return sum(len(result.reused) for result in self.results)

    @property
    def errors(self) -> list[LinkstarError]:
        """Return every error of the run, each ErrorList expanded into its errors."""
        found = [*self.problems, *(result.error for result in self.results if result.error is not None)]
        return [single for error in found for single in (error.errors if isinstance(error, ErrorList) else [error])]


class Renderer:
    """Renders the listing packages of a content repo."""

    def __init__(self, repo: ContentRepo, *, jobs: int | None = None, force: bool = False, progress: ProgressCallback | None = None) -> None:
        self.repo = repo
        self.jobs = jobs or repo.config.render.jobs or os.cpu_count() or 1
        self.force = force
        self.progress = progress
        self.planner = Planner(repo)
        self._explicit_platform = False
        self._git: tuple[str | None, bool] | None = None
        self.problems: list[LinkstarError] = []  # of this run, outside any one package
        self._broken: set[str] = set()  # SKUs whose brief failed to load

    def git_state(self) -> tuple[str | None, bool]:
        """Return the HEAD commit and dirty flag, read once per run."""
        if self._git is None:
            from linkstar_cli.repo import gitio

            self._git = gitio.head_commit(self.repo.root)
        return self._git

    # Which platforms and SKUs

    def platforms(self, requested: list[str]) -> list[str]:
        """Return the requested platforms, or every target the repo and its SKUs declare."""
        if requested:
            for platform in requested:
                self.repo.spec(platform)
            return list(dict.fromkeys(requested))
        platforms = list(self.repo.config.targets)
        for sku in self.repo.sku_ids():
            brief = self._brief(sku)
            for target in brief.targets if brief is not None else []:
                if target not in platforms:
                    platforms.append(target)
        if not platforms:
            raise InputError(
                _("no platform to render: linkstar.yaml has no targets"),
                path="linkstar.yaml",
                hint=_("Add platform ids to targets in linkstar.yaml, or pass --platform."),
            )
        return platforms

    def _brief(self, sku: str) -> Brief | None:
        """Load a SKU's brief once; an invalid one is recorded in ``problems`` and gives None."""
        if sku in self._broken:
            return None
        try:
            return self.repo.brief(sku)
        except LinkstarError as error:
            self._broken.add(sku)
            self.problems.append(error)
            return None

    def skus_for(self, platform: str, requested: list[str], shard: tuple[int, int] | None) -> list[str]:
        chosen = []
        for sku in requested or self.repo.sku_ids():
            brief = self._brief(sku)
            if brief is None:
                continue
            targeted = platform in self.repo.targets_of(brief)
            if not targeted:
                if requested and self._explicit_platform:
                    self.problems.append(
                        InputError(
                            _("SKU \"{sku}\" does not target {platform}", sku=sku, platform=platform),
                            path=f"skus/{sku}/brief.yaml",
                            hint=_("Add {platform} to targets in the brief, or render another platform.", platform=platform),
                        )
                    )
                continue
            if in_shard(sku, shard):
                chosen.append(sku)
        return chosen

    # Planning

    @property
    def hashes(self) -> FileHashes:
        return self.planner.hashes

    def template_dirs(self) -> list[Path]:
        return self.planner.template_dirs()

    def plan(self, spec: PlatformSpec, sku: str) -> Package:
        """Load and check every input of one SKU for one platform; render its text files (see Planner.plan)."""
        return self.planner.plan(spec, sku)

    # Running

    def run(self, platforms: list[str], skus: list[str], shard: tuple[int, int] | None = None) -> RenderReport:
        """Render every chosen SKU that plans without error; the report lists the errors of the others."""
        self._explicit_platform = bool(platforms)
        self.problems = []
        self._broken = set()
        report = RenderReport(build_dir=self.repo.root / BUILD_DIR)
        batch = _Batch(self.jobs)
        try:
            order = self._plan_all(platforms, skus, shard, batch, report)
        except BaseException:
            batch.cancel()
            raise
        report.problems = self.problems
        for folder in self.repo.folders_without_brief():
            report.notes.append(_("skus/{sku} has no brief.yaml and was skipped", sku=folder.name))
        self._collect(batch, report)
        report.results.sort(key=lambda result: order[(result.platform, result.sku)])
        self._write_platform_files(batch.plans, report, shard)
        self.hashes.save()
        return report

    def _plan_all(self, platforms: list[str], skus: list[str], shard: tuple[int, int] | None, batch: _Batch, report: RenderReport) -> dict[tuple[str, str], int]:
        """Plan every chosen SKU of every platform, handing each one's images to ``batch``; return the order of (platform, SKU)."""
        order: dict[tuple[str, str], int] = {}
        for platform in self.platforms(platforms):
            spec = self.repo.spec(platform)
            chosen = self.skus_for(platform, skus, shard)
            for sku in chosen:
                order.setdefault((platform, sku), len(order))
            if not chosen and self._explicit_platform and not skus and shard is None:
                self.problems.append(
                    InputError(
                        _("no SKU targets {platform}", platform=platform),
                        path="linkstar.yaml",
                        hint=_("Add {platform} to targets in linkstar.yaml or in a brief, or render one of: {targets}.", platform=platform, targets=", ".join(self.repo.config.targets) or "-"),
                    )
                )
            for sku in chosen:
                # NOTE: an unchanged SKU is planned again (YAML, templates, preview) only to find
                # that nothing changed. That is most of an unchanged render, 2.5 % of a full one
                # where the target is 2 %. Skipping it needs every file a package depends on in
                # its manifest, and bulk files built from the unchanged packages on disk.
                try:
                    package = self.plan(spec, sku)
                except LinkstarError as error:
                    out_dir = self.repo.root / BUILD_DIR / spec.id / sku
                    report.results.append(SkuResult(sku, spec.id, "", out_dir, error=error))
                    continue
                # Workers start on this SKU's images while the next SKUs are planned.
                batch.start(package, *self._pending(package))
        return order

    def _pending(self, package: Package) -> tuple[SkuResult, dict, list[ImageJob]]:
        """Return the result of ``package`` to fill in, its previous manifest and the image jobs to render now."""
        plan = package.plan
        result = SkuResult(plan.sku, plan.spec.id, plan.locale, plan.out_dir, notes=list(plan.notes))
        old = manifest_io.read(plan.out_dir)
        stale = {job.name for job in plan.images if self.force or not manifest_io.is_current(plan.out_dir, old, job.name, job.key, self.hashes)}
        # Smaller outputs of one source are made from larger ones, so a source whose
        # outputs changed renders all of them again and their bytes stay reproducible.
        stale_sources = {job.source for job in plan.images if job.name in stale and job.overlay is None}
        pending = [job for job in plan.images if job.name in stale or (job.overlay is None and job.source in stale_sources)]
        result.reused = [job.name for job in plan.images if job not in pending]
        result.notes.extend(_animation_notes(pending))
        return result, old, pending

    def _collect(self, batch: _Batch, report: RenderReport) -> None:
        """Wait for every image task, then write each SKU's package as soon as its last image is done."""
        report.results.extend(batch.results)
        done_count = 0
        with batch:
            batch.flush()
            total = len(batch.futures)
            try:
                for index in range(len(batch.plans)):
                    if batch.remaining[index] == 0:
                        self._finish(batch.plans[index], batch.results[index], batch.previous[index], batch.outputs[index])
                for future in _as_completed(batch.futures):
                    task = batch.futures[future]
                    index = task.sku_index
                    result = batch.results[index]
                    try:
                        for name, data in future.result():
                            batch.outputs[index][name] = data
                    except LinkstarError as error:
                        result.error = result.error or error
                    except Exception as error:  # noqa: BLE001 - a library failure on one SKU's input must not stop the others
                        result.error = result.error or _task_failure(task, error)
                    done_count += 1
                    if self.progress:
                        self.progress(batch.plans[index].plan.sku, done_count, total)
                    batch.remaining[index] -= 1
                    if batch.remaining[index] == 0:
                        self._finish(batch.plans[index], result, batch.previous[index], batch.outputs[index])
                        batch.outputs[index] = {}
            except WriteError:
                batch.cancel()
                raise

    def _finish(self, package: Package, result: SkuResult, old: dict, images: dict[str, bytes]) -> None:
        """Write one SKU's package once all its images are done; write nothing if one failed."""
        plan = package.plan
        if result.error is not None:
            return
        out_dir = plan.out_dir
        remove_leftover_temporaries(out_dir)
        entries: dict[str, dict] = {}
        for job in plan.images:
            if job.name in images:
                data = images[job.name]
                write_bytes_atomic(out_dir / job.name, data)
                result.rendered.append(job.name)
                entries[job.name] = manifest_io.image_entry(job, data)
                self.hashes.record(out_dir / job.name, entries[job.name]["sha256"])
            else:
                entries[job.name] = old["outputs"][job.name]
        for name, data in package.files.items():
            if _write_if_changed(out_dir / name, data):
                result.listing_written = True
            entries[name] = {"sha256": sha256_bytes(data), "bytes": len(data)}
        for stale in sorted(set(old.get("outputs", {})) - set(entries)):
            stale_path = out_dir / stale
            if stale_path.is_file() and "/" not in stale and "\\" not in stale:
                try:
                    stale_path.unlink()
                except OSError as error:
                    raise write_error(stale_path, error) from None
                result.removed.append(stale)
        manifest_io.write(out_dir, manifest_io.build(plan, entries, self.git_state()))

    def _write_platform_files(self, plans: list[Package], report: RenderReport, shard: tuple[int, int] | None) -> None:
        """Run the platform writers (bulk upload files) over the SKUs that rendered without error."""
        failed = {(result.platform, result.sku) for result in report.results if result.error is not None}
        by_platform: dict[str, list[Package]] = {}
        for package in plans:
            if (package.plan.spec.id, package.plan.sku) not in failed:
                by_platform.setdefault(package.plan.spec.id, []).append(package)
        for packages in by_platform.values():
            spec = packages[0].plan.spec
            settings = self.repo.config.bulk.get(spec.id)
            spec = with_image_base_url(spec, settings.image_base_url if settings else None)
            report.notes.extend(bulk_notes(spec))
            remove_leftover_temporaries(self.repo.root / BUILD_DIR / spec.id)
            for writer in PLATFORM_WRITERS:
                for name, data in writer(spec, packages, shard).items():
                    path = self.repo.root / BUILD_DIR / spec.id / name
                    _write_if_changed(path, data)
                    report.platform_files.append(path)


class _Batch:
    """The packages of one run and their image tasks, handed to workers as each SKU is planned.

    The process pool starts with the second task, so a render of one image runs in
    this process without the cost of starting workers.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.plans: list[Package] = []
        self.results: list[SkuResult] = []
        self.previous: list[dict] = []
        self.outputs: list[dict[str, bytes]] = []
        self.remaining: list[int] = []
        self.waiting: list[Task] = []
        self.futures: dict[Future, Task] = {}
        self._executor: Executor | None = None

    def start(self, package: Package, result: SkuResult, previous: dict, pending: list[ImageJob]) -> None:
        """Add ``package`` and submit the tasks of its ``pending`` image jobs."""
        index = len(self.plans)
        tasks = _group_tasks(index, pending)
        self.plans.append(package)
        self.results.append(result)
        self.previous.append(previous)
        self.outputs.append({})
        self.remaining.append(len(tasks))
        for task in tasks:
            self._submit(task)

    def _submit(self, task: Task) -> None:
        self.waiting.append(task)
        if self._executor is None:
            if self.jobs == 1:
                self._executor = InlineExecutor()
            elif len(self.waiting) > 1:
                self._executor = ProcessPoolExecutor(max_workers=self.jobs, initializer=init_worker, initargs=(get_language(),))
            else:
                return
        self._send_waiting()

    def flush(self) -> None:
        """Run a task still waiting for a second one in this process."""
        if self.waiting and self._executor is None:
            self._executor = InlineExecutor()
        self._send_waiting()

    def _send_waiting(self) -> None:
        executor = self._executor
        if executor is None:
            return
        for task in self.waiting:
            self.futures[executor.submit(run_task, task)] = task
        self.waiting = []

    def cancel(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> _Batch:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        # On an error or Ctrl-C, tasks not yet started are dropped instead of run.
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=exc_type is not None)


def _group_tasks(index: int, jobs: list[ImageJob]) -> list[Task]:
    """Group jobs so that each source is decoded once; every overlay is its own task."""
    tasks = []
    by_source: dict[Path, list[ImageJob]] = {}
    for job in jobs:
        if job.overlay is not None or job.source is None:
            tasks.append(Task(index, job.source, job.source_display, (job,)))
        else:
            by_source.setdefault(job.source, []).append(job)
    for source, grouped in by_source.items():
        tasks.append(Task(index, source, grouped[0].source_display, tuple(grouped)))
    return tasks


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already contains exactly these bytes; tell whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data)
    return True


def _task_failure(task: Task, error: Exception) -> RenderError:
    """Describe an unexpected exception from a worker (a Pillow internal error, a crashed process) as an error of the task's SKU."""
    where = task.source_display or task.jobs[0].name
    return RenderError(
        _("rendering {file} failed: {reason}", file=where, reason=f"{type(error).__name__}: {error}"),
        path=where,
        hint=_("Export the source image again as a plain JPEG or PNG. If it still fails, report it as a bug in linkstar with the image and the message."),
    )


def _animation_notes(jobs: list[ImageJob]) -> list[str]:
    """Note each source with several frames: render uses only its first frame, as lint's image-animated rule warns."""
    from linkstar_cli.render.imageio import count_frames

    notes = []
    for source, display in dict.fromkeys((job.source, job.source_display) for job in jobs if job.source is not None):
        frames = count_frames(source)
        if frames > 1:
            notes.append(_("{file} is animated ({frames} frames); only the first frame was used", file=display, frames=frames))
    return notes


def _as_completed(futures: Iterable[Future]) -> Iterable[Future]:
    from concurrent.futures import as_completed

    return as_completed(list(futures))
