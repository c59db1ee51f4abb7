"""``linkstar render``: plan every SKU of each platform, render what changed, write the package."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from linkstar_cli.errors import ErrorList, InputError, LinkstarError
from linkstar_cli.i18n import _, get_language, set_language
from linkstar_cli.render import manifest as manifest_io
from linkstar_cli.render.bulk import bulk_notes, with_image_base_url
from linkstar_cli.render.extras import PLATFORM_WRITERS, SKU_WRITERS, Package
from linkstar_cli.render.video import plan_storyboards
from linkstar_cli.render.plan import ImageJob, OverlayJob, SkuPlan, image_key, sources_for, upload_name
from linkstar_cli.repo.atomic import write_bytes_atomic
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import FileHashes, sha256_bytes, sha256_json
from linkstar_cli.repo.shard import in_shard
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.model import PlatformSpec

BUILD_DIR = "build"
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

    @property
    def images_rendered(self) -> int:
        return sum(len(result.rendered) for result in self.results)

    @property
    def images_reused(self) -> int:
        return sum(len(result.reused) for result in self.results)

    @property
    def errors(self) -> list[LinkstarError]:
        return [result.error for result in self.results if result.error is not None]


@dataclass(frozen=True)
class _Task:
    """Work for one worker: every output made from one source, or one overlay image."""

    sku_index: int
    source: Path | None
    source_display: str | None
    jobs: tuple[ImageJob, ...]


def _init_worker(language: str) -> None:
    set_language(language)


def _run_task(task: _Task) -> list[tuple[str, bytes]]:
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


class _InlineExecutor(Executor):
    """Runs tasks in this process; used for --jobs 1 and for small renders."""

    def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(error)
        return future


class Renderer:
    """Renders the listing packages of a content repo."""

    def __init__(self, repo: ContentRepo, *, jobs: int | None = None, force: bool = False, progress: ProgressCallback | None = None) -> None:
        self.repo = repo
        self.jobs = jobs or repo.config.render.jobs or os.cpu_count() or 1
        self.force = force
        self.progress = progress
        self.hashes = FileHashes()
        self._environment = None
        self._explicit_platform = False
        self._git: tuple[str | None, bool] | None = None

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
            for target in self.repo.brief(sku).targets:
                if target not in platforms:
                    platforms.append(target)
        if not platforms:
            raise InputError(
                _("no platform to render: linkstar.yaml has no targets"),
                path="linkstar.yaml",
                hint=_("Add platform ids to targets in linkstar.yaml, or pass --platform."),
            )
        return platforms

    def skus_for(self, platform: str, requested: list[str], shard: tuple[int, int] | None) -> list[str]:
        chosen = []
        for sku in requested or self.repo.sku_ids():
            brief = self.repo.brief(sku)
            targeted = platform in self.repo.targets_of(brief)
            if not targeted:
                if requested and self._explicit_platform:
                    raise InputError(
                        _("SKU \"{sku}\" does not target {platform}", sku=sku, platform=platform),
                        path=f"skus/{sku}/brief.yaml",
                        hint=_("Add {platform} to targets in the brief, or render another platform.", platform=platform),
                    )
                continue
            if in_shard(sku, shard):
                chosen.append(sku)
        return chosen

    # Planning

    def template_dirs(self) -> list[Path]:
        local = self.repo.root / "templates"
        return [local, data_dir("templates")] if local.is_dir() else [data_dir("templates")]

    def environment(self):  # type: ignore[no-untyped-def]
        if self._environment is None:
            from linkstar_cli.render.text import make_environment

            self._environment = make_environment(self.template_dirs())
        return self._environment

    def _template_file(self, relative: str) -> Path | None:
        for folder in self.template_dirs():
            candidate = folder / relative
            if candidate.is_file():
                return candidate
        return None

    def _input(self, plan: SkuPlan, path: Path) -> str:
        digest = self.hashes.of(path)
        plan.inputs[self._display(path)] = digest
        return digest

    def _display(self, path: Path) -> str:
        shown = self.repo.display(path)
        if Path(shown).is_absolute():
            try:
                return "linkstar:" + path.resolve().relative_to(data_dir("templates").parent).as_posix()
            except ValueError:
                return shown
        return shown

    def plan(self, spec: PlatformSpec, sku: str) -> Package:
        """Load and check every input of one SKU for one platform; render its listing text."""
        from linkstar_cli.render.text import render_listing

        repo = self.repo
        brief = repo.brief(sku)
        locale = repo.copy_locale_for(sku, spec)
        if locale is None:
            wanted = repo.config.target_locales.get(spec.id, spec.locale)
            raise InputError(
                _("SKU \"{sku}\" has no copy for {locale}, which {platform} needs", sku=sku, locale=wanted, platform=spec.id),
                path=f"skus/{sku}/copy/{wanted}.yaml",
                hint=_("Create skus/{sku}/copy/{locale}.yaml with the listing texts.", sku=sku, locale=wanted),
            )
        copy = repo.copy(sku, locale)
        catalog = repo.assets(sku)
        brand = repo.brand
        plan = SkuPlan(sku=sku, spec=spec, locale=locale, out_dir=repo.root / BUILD_DIR / spec.id / sku)
        if locale != spec.locale and locale != repo.config.target_locales.get(spec.id):
            plan.notes.append(_("no {wanted} copy; using {used}", wanted=spec.locale, used=locale))

        sku_dir = repo.sku_dir(sku)
        self._input(plan, sku_dir / "brief.yaml")
        self._input(plan, repo.copy_path(sku, locale))
        assets_file = repo.assets_dir(sku) / "assets.yaml"
        if assets_file.is_file():
            self._input(plan, assets_file)
        plan.inputs[f"spec:{spec.id}"] = sha256_json(spec.model_dump(mode="json"))
        for template in (spec.render.listing.template, spec.render.listing.readable):
            found = self._template_file(template)
            if found:
                self._input(plan, found)

        plan.inputs.update(plan_storyboards(repo, sku, spec.id, locale))
        listing = render_listing(self.environment(), spec, brief=brief, copy=copy, brand=brand, locale=locale, display_root=repo.root)
        self._plan_images(plan, catalog.assets, copy, brand)
        package = Package(
            plan=plan,
            brief=brief,
            copy=copy,
            listing=listing,
            brand=brand,
            assets=catalog,
            root=repo.root,
            template_dirs=tuple(self.template_dirs()),
        )
        # Text files are made while planning, so a template or storyboard error stops the run before any write.
        package.files.update(package_files(package))
        return package

    def _asset_path(self, sku: str, file: str) -> Path:
        base = self.repo.assets_dir(sku)
        path = self.repo.resolve(file, base, display=f"skus/{sku}/assets/assets.yaml")
        if not path.is_file():
            raise InputError(
                _("asset file not found: {file}", file=self.repo.display(path)),
                path=f"skus/{sku}/assets/assets.yaml",
                hint=_("Add the file, or fix its name in assets.yaml."),
            )
        return path

    def _fonts(self, plan: SkuPlan, brand) -> tuple[tuple[str, Path], ...]:  # type: ignore[no-untyped-def]
        fonts = []
        for font in brand.fonts:
            path = self.repo.resolve(font.file, self.repo.brand_dir, display="brand/brand.yaml")
            if not path.is_file():
                raise InputError(
                    _("font file not found: {file}", file=self.repo.display(path)),
                    path="brand/brand.yaml",
                    hint=_("Add the font file to brand/fonts/, or fix its path in brand/brand.yaml."),
                )
            self._input(plan, path)
            fonts.append((font.id, path))
        return tuple(fonts)

    def _plan_images(self, plan: SkuPlan, assets: list, copy, brand) -> None:  # type: ignore[no-untyped-def]
        spec_file = self.repo.specs.path_of(plan.spec.id)
        counters: dict[str, int] = {}
        for output in plan.spec.render.images:
            if output.layout:
                self._plan_overlay(plan, output, assets, copy, brand, counters, spec_file)
                continue
            sources = sources_for(output.roles, assets, plan.spec, plan.locale)
            if output.max_count is not None:
                sources = sources[: output.max_count]
            if not sources:
                plan.notes.append(_("no source image for {name} (roles: {roles})", name=output.name, roles=", ".join(output.roles)))
            for asset in sources:
                path = self._asset_path(plan.sku, asset.file)
                digest = self._input(plan, path)
                name = upload_name(output.name, plan.sku, counters, spec_file=spec_file)
                plan.images.append(ImageJob(name, output, asset.role, path, self.repo.display(path), None, image_key(output, digest)))

    def _plan_overlay(self, plan: SkuPlan, output, assets, copy, brand, counters, spec_file) -> None:  # type: ignore[no-untyped-def]
        from linkstar_cli.render.layout import check_texts, load_layout, texts_from_copy

        layout_dirs = tuple(folder / "layouts" for folder in self.template_dirs())
        layout = load_layout(output.layout, list(layout_dirs), root=self.repo.root)
        layout_file = next((folder / f"{output.layout}.yaml" for folder in layout_dirs if (folder / f"{output.layout}.yaml").is_file()), None)
        layout_hash = self._input(plan, layout_file) if layout_file else None
        photos = sources_for(output.roles or ["main"], assets, plan.spec, plan.locale)
        photo_path = self._asset_path(plan.sku, photos[0].file) if photos else None
        photo_hash = self._input(plan, photo_path) if photo_path else None
        texts = texts_from_copy(layout, copy)
        check_texts(layout, texts, sku=plan.sku, locale=plan.locale)
        fonts = self._fonts(plan, brand)
        overlay = OverlayJob(
            layout_id=output.layout,
            layout_dirs=layout_dirs,
            texts=tuple(sorted(texts.items())),
            fonts=fonts,
            colours=brand.colours,
            sku=plan.sku,
            locale=plan.locale,
        )
        extra = {
            "layout": layout_hash,
            "texts": overlay.texts,
            "fonts": [self.hashes.of(path) for _id, path in fonts],
            "colours": brand.colours.model_dump(),
            "locale": plan.locale,
        }
        name = upload_name(output.name, plan.sku, counters, spec_file=spec_file)
        display = self.repo.display(photo_path) if photo_path else None
        plan.images.append(ImageJob(name, output, "infographic", photo_path, display, overlay, image_key(output, photo_hash, extra)))

    # Running

    def run(self, platforms: list[str], skus: list[str], shard: tuple[int, int] | None = None) -> RenderReport:
        self._explicit_platform = bool(platforms)
        report = RenderReport(build_dir=self.repo.root / BUILD_DIR)
        plans: list[Package] = []
        problems: list[LinkstarError] = []
        for platform in self.platforms(platforms):
            spec = self.repo.spec(platform)
            for sku in self.skus_for(platform, skus, shard):
                try:
                    plans.append(self.plan(spec, sku))
                except ErrorList as error:
                    problems.extend(error.errors)
                except LinkstarError as error:
                    problems.append(error)
        if problems:
            raise ErrorList(problems)
        for folder in self.repo.folders_without_brief():
            report.notes.append(_("skus/{sku} has no brief.yaml and was skipped", sku=folder.name))
        self._execute(plans, report)
        self._write_platform_files(plans, report, shard)
        return report

    def _execute(self, plans: list[Package], report: RenderReport) -> None:
        tasks: list[_Task] = []
        results: list[SkuResult] = []
        previous: list[dict] = []
        for index, package in enumerate(plans):
            plan = package.plan
            result = SkuResult(plan.sku, plan.spec.id, plan.locale, plan.out_dir, notes=list(plan.notes))
            results.append(result)
            old = manifest_io.read(plan.out_dir)
            previous.append(old)
            stale = {job.name for job in plan.images if self.force or not manifest_io.is_current(plan.out_dir, old, job.name, job.key)}
            # Smaller outputs of one source are made from larger ones, so a source whose
            # outputs changed renders all of them again and their bytes stay reproducible.
            stale_sources = {job.source for job in plan.images if job.name in stale and job.overlay is None}
            pending = [job for job in plan.images if job.name in stale or (job.overlay is None and job.source in stale_sources)]
            result.reused = [job.name for job in plan.images if job not in pending]
            tasks.extend(self._tasks(index, pending))

        outputs: list[dict[str, bytes]] = [{} for _plan in plans]
        remaining = [sum(1 for task in tasks if task.sku_index == index) for index in range(len(plans))]
        executor: Executor
        if self.jobs > 1 and len(tasks) > 1:
            executor = ProcessPoolExecutor(max_workers=min(self.jobs, len(tasks)), initializer=_init_worker, initargs=(get_language(),))
        else:
            executor = _InlineExecutor()
        done_count = 0
        with executor:
            futures = {executor.submit(_run_task, task): task for task in tasks}
            for index in range(len(plans)):
                if remaining[index] == 0:
                    self._finish(plans[index], results[index], previous[index], outputs[index])
            for future in _as_completed(futures):
                task = futures[future]
                index = task.sku_index
                try:
                    for name, data in future.result():
                        outputs[index][name] = data
                except LinkstarError as error:
                    results[index].error = results[index].error or error
                done_count += 1
                if self.progress:
                    self.progress(plans[index].plan.sku, done_count, len(tasks))
                remaining[index] -= 1
                if remaining[index] == 0:
                    self._finish(plans[index], results[index], previous[index], outputs[index])
                    outputs[index] = {}
        report.results.extend(results)

    @staticmethod
    def _tasks(index: int, jobs: list[ImageJob]) -> list[_Task]:
        """Group jobs so that each source is decoded once; every overlay is its own task."""
        tasks = []
        by_source: dict[Path, list[ImageJob]] = {}
        for job in jobs:
            if job.overlay is not None or job.source is None:
                tasks.append(_Task(index, job.source, job.source_display, (job,)))
            else:
                by_source.setdefault(job.source, []).append(job)
        for source, grouped in by_source.items():
            tasks.append(_Task(index, source, grouped[0].source_display, tuple(grouped)))
        return tasks

    def _finish(self, package: Package, result: SkuResult, old: dict, images: dict[str, bytes]) -> None:
        """Write one SKU's package once all its images are done; write nothing if one failed."""
        plan = package.plan
        if result.error is not None:
            return
        out_dir = plan.out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        entries: dict[str, dict] = {}
        for job in plan.images:
            if job.name in images:
                data = images[job.name]
                write_bytes_atomic(out_dir / job.name, data)
                result.rendered.append(job.name)
                entries[job.name] = manifest_io.image_entry(job, data)
            else:
                entries[job.name] = old["outputs"][job.name]
        for name, data in package.files.items():
            if _write_if_changed(out_dir / name, data):
                result.listing_written = True
            entries[name] = {"sha256": sha256_bytes(data), "bytes": len(data)}
        for stale in sorted(set(old.get("outputs", {})) - set(entries)):
            stale_path = out_dir / stale
            if stale_path.is_file() and "/" not in stale and "\\" not in stale:
                stale_path.unlink()
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
            for writer in PLATFORM_WRITERS:
                for name, data in writer(spec, packages, shard).items():
                    path = self.repo.root / BUILD_DIR / spec.id / name
                    _write_if_changed(path, data)
                    report.platform_files.append(path)


def package_files(package: Package) -> dict[str, bytes]:
    """Return every file of a package except its images: listing.json, listing.md and the SKU writers' files."""
    files = {
        "listing.json": package.listing.json_text.encode("utf-8"),
        "listing.md": package.listing.markdown.encode("utf-8"),
    }
    for writer in SKU_WRITERS:
        files.update(writer(package))
    return files


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly these bytes; tell whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    write_bytes_atomic(path, data)
    return True


def _as_completed(futures: Iterable[Future]) -> Iterable[Future]:
    from concurrent.futures import as_completed

    return as_completed(list(futures))
