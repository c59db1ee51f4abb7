"""Planning a SKU's package: load and check every input, render the text files, name the images.

Planning writes nothing, so broken input stops a run before any file changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.model.brand import Brand
from linkstar_cli.model.copy import Copy
from linkstar_cli.model.assets import Asset
from linkstar_cli.render.extras import SKU_WRITERS, Package
from linkstar_cli.render.plan import BUILD_DIR, ImageJob, OverlayJob, SkuPlan, image_key, sources_for, upload_name
from linkstar_cli.render.video import plan_storyboards
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import FileHashes, sha256_json
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.model import ImageOutput, PlatformSpec

if TYPE_CHECKING:
    from linkstar_cli.render.layout import Layout


class Planner:
    """Plans packages for one content repo, hashing each input file once."""

    def __init__(self, repo: ContentRepo) -> None:
        self.repo = repo
        self.hashes = FileHashes(repo.root)
        self._environment = None
        # Layouts by id, parsed once per run: every SKU of a platform shares its layouts.
        self._layouts: dict[str, tuple[Layout, Path | None]] = {}
        # Templates, fonts and layouts are inputs of every SKU, so their names and
        # the spec's hash are computed once per run.
        self._displays: dict[Path, str] = {}
        self._spec_hashes: dict[str, tuple[PlatformSpec, str]] = {}

    def template_dirs(self) -> list[Path]:
        local = self.repo.root / "templates"
        return [local, data_dir("templates")] if local.is_dir() else [data_dir("templates")]

    def environment(self):  # type: ignore[no-untyped-def] - a jinja2 sandbox, imported lazily
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
        if path not in self._displays:
            self._displays[path] = self._display_uncached(path)
        return self._displays[path]

    def _display_uncached(self, path: Path) -> str:
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
        plan.inputs[f"spec:{spec.id}"] = self._spec_hash(spec)
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

    def _spec_hash(self, spec: PlatformSpec) -> str:
        cached = self._spec_hashes.get(spec.id)
        if cached is None or cached[0] is not spec:
            cached = self._spec_hashes[spec.id] = (spec, sha256_json(spec.model_dump(mode="json")))
        return cached[1]

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

    def _fonts(self, plan: SkuPlan, brand: Brand) -> tuple[tuple[str, Path], ...]:
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

    def _plan_images(self, plan: SkuPlan, assets: list[Asset], copy: Copy, brand: Brand) -> None:
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
                example = output.name.format(sku=plan.sku, seq=1)
                plan.notes.append(_("no source image for {name} (roles: {roles})", name=example, roles=", ".join(output.roles)))
            for asset in sources:
                path = self._asset_path(plan.sku, asset.file)
                digest = self._input(plan, path)
                name = upload_name(output.name, plan.sku, counters, spec_file=spec_file)
                plan.images.append(ImageJob(name, output, asset.role, path, self.repo.display(path), None, image_key(output, digest)))

    def _layout(self, layout_id: str, layout_dirs: tuple[Path, ...]) -> tuple[Layout, Path | None]:
        """Load a layout and find its file, once per layout id in a run."""
        from linkstar_cli.render.layout import load_layout

        if layout_id not in self._layouts:
            layout = load_layout(layout_id, list(layout_dirs), root=self.repo.root)
            layout_file = next((folder / f"{layout_id}.yaml" for folder in layout_dirs if (folder / f"{layout_id}.yaml").is_file()), None)
            self._layouts[layout_id] = (layout, layout_file)
        return self._layouts[layout_id]

    def _plan_overlay(self, plan: SkuPlan, output: ImageOutput, assets: list[Asset], copy: Copy, brand: Brand, counters: dict[str, int], spec_file: str) -> None:
        from linkstar_cli.render.layout import check_texts, texts_from_copy

        layout_dirs = tuple(folder / "layouts" for folder in self.template_dirs())
        layout, layout_file = self._layout(output.layout, layout_dirs)
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


def package_files(package: Package) -> dict[str, bytes]:
    """Return every file of a package except its images: listing.json, listing.md and the SKU writers' files."""
    files = {
        "listing.json": package.listing.json_text.encode("utf-8"),
        "listing.md": package.listing.markdown.encode("utf-8"),
    }
    for writer in SKU_WRITERS:
        files.update(writer(package))
    return files
