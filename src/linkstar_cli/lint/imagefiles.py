"""Source images of a SKU and the rendered images of a package, read once per run for the image rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from linkstar_cli.errors import InputError, LinkstarError
from linkstar_cli.i18n import _
from linkstar_cli.lint.context import RepoContext, SkuContext, TargetContext
from linkstar_cli.lint.findings import Problem
from linkstar_cli.lint.pixels import EdgeMeasures, ImageInspector, OutputFacts, PixelMeasures, SourceFacts
from linkstar_cli.model.assets import Asset
from linkstar_cli.repo.hashing import sha256_json
from linkstar_cli.repo.paths import safe_join
from linkstar_cli.specs.model import ImageRule

FAMILY = "images"
# Design sources (PSD, AI) sit beside the images but are never rendered or uploaded.
SKIPPED_ROLES = ("design-source",)
# Render makes a layout output (such as the features infographic) from copy, brand
# and a photo, so the image rule it must meet is the infographic one, whatever its photo's role.
LAYOUT_ROLE = "infographic"
# Formats whose extra frames are animation or pages. An MPO (a camera JPEG that
# carries preview frames) has several frames too, but its first one is the photo.
# The same list as render.imageio's, kept here so that lint loads Pillow only when it reads an image.
MULTI_FRAME_FORMATS = ("GIF", "WEBP", "PNG", "TIFF")


# Sources: one list per SKU, shared by the three source rules.


@dataclass(frozen=True)
class SourceImage:
    """One entry of assets.yaml with what decoding its file found: facts, or the error render would raise."""

    index: int
    asset: Asset
    display: str
    digest: str | None  # SHA-256 of the file, or None when it is missing
    facts: SourceFacts | None
    error: LinkstarError | None


def inspector(run: RepoContext) -> ImageInspector:
    found = run.shared.get("images.inspector")
    if not isinstance(found, ImageInspector):
        found = run.shared["images.inspector"] = ImageInspector(run.repo.root)
    return found


def source_images(context: SkuContext) -> list[SourceImage]:
    """Return the SKU's source images, read once per SKU and kept until the next SKU."""
    memo = context.run.shared.get("images.sources")
    if memo is not None and memo[0] is context:
        return memo[1]
    images = list(_read_sources(context))
    context.run.shared["images.sources"] = (context, images)
    return images


def _read_sources(context: SkuContext) -> Iterator[SourceImage]:
    if context.assets is None:
        return
    folder = context.folder / "assets"
    for index, asset in enumerate(context.assets.assets):
        if asset.role in SKIPPED_ROLES:
            continue
        try:
            path = context.repo.resolve(asset.file, folder, display=context.assets_file)
        except LinkstarError as error:
            yield SourceImage(index, asset, asset.file, None, None, error)
            continue
        display = context.repo.display(path)
        if not path.is_file():
            missing = InputError(_("asset file not found: {file}", file=display), hint=_("Add the file, or fix its name in assets.yaml."))
            yield SourceImage(index, asset, display, None, None, missing)
            continue
        digest = context.run.hashes.of(path)
        try:
            facts = inspector(context.run).source(path, display, digest)
        except LinkstarError as error:
            yield SourceImage(index, asset, display, digest, None, error)
            continue
        except Exception as error:  # noqa: BLE001 - as in render, a library failure on one file is reported for that file
            yield SourceImage(index, asset, display, digest, None, _decode_failure(display, error))
            continue
        yield SourceImage(index, asset, display, digest, facts, None)


def _decode_failure(display: str, error: Exception) -> InputError:
    return InputError(
        _("decoding {file} failed: {reason}", file=display, reason=f"{type(error).__name__}: {error}"),
        hint=_("Export the source image again as a plain JPEG or PNG. If it still fails, report it as a bug in linkstar with the image and the message."),
    )


def source_problem(context: SkuContext, image: SourceImage, message: str, *, key: str, hint: str | None, target: str | None = None) -> Problem:
    return context.problem(message, key=f"{image.asset.file}:{key}", file=context.assets_file, path=("assets", image.index, "file"), hint=hint, target=target)


# Rendered images: one package per SKU and platform, shared by the rendered rules.


@dataclass(frozen=True)
class RenderedFile:
    """One output listed in manifest.json, with the hash of the file as it is now (None when it is missing)."""

    name: str
    path: Path
    display: str
    entry: dict[str, Any]
    digest: str | None
    role: str | None
    asset_index: int | None  # entry in assets.yaml of the source it was made from

    @property
    def is_image(self) -> bool:
        return "width" in self.entry

    @property
    def changed(self) -> bool:
        """Tell whether the file is missing or differs from manifest.json. An entry without a hash is taken as it is."""
        recorded = self.entry.get("sha256")
        return self.digest is None or (isinstance(recorded, str) and recorded != self.digest)


@dataclass(frozen=True)
class RenderedPackage:
    display: str  # build/<platform>/<SKU>
    files: list[RenderedFile]
    stale_sources: dict[str, str]  # output name → source file that changed after the render
    inputs: dict[str, object]  # manifest.json's "inputs": SHA-256 by repo path, spec:<id> or linkstar:<built-in file>

    def images(self, context: TargetContext) -> Iterator[tuple[RenderedFile, ImageRule]]:
        """Yield the images that exist and have an image rule on this platform, edited or not.

        The files in build/ are what gets uploaded, so an image changed after the
        render is checked as it is now. Render-stale reports the change itself.
        """
        for file in self.files:
            if not file.is_image or file.digest is None:
                continue
            rule = context.spec.images.get(file.role) if file.role else None
            if rule is not None:
                yield file, rule

    def as_rendered(self, file: RenderedFile) -> bool:
        """Tell whether a file is still what render made from the current version of its source."""
        return not file.changed and file.name not in self.stale_sources


def rendered_package(context: TargetContext) -> RenderedPackage | None:
    """Return what render wrote for this SKU and platform, or None when there is no manifest."""
    memo = context.sku.run.shared.get("images.rendered")
    if memo is not None and memo[0] is context:
        return memo[1]
    package = _read_package(context)
    context.sku.run.shared["images.rendered"] = (context, package)
    return package


def _read_package(context: TargetContext) -> RenderedPackage | None:
    from linkstar_cli.render.manifest import MANIFEST
    from linkstar_cli.render.pipeline import BUILD_DIR

    repo = context.sku.repo
    out_dir = repo.root / BUILD_DIR / context.spec.id / context.sku.sku
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(outputs, dict) or manifest.get("sku", context.sku.sku) != context.sku.sku:
        return None

    sources = {image.display: image for image in reversed(source_images(context.sku))}
    inputs = manifest.get("inputs") if isinstance(manifest.get("inputs"), dict) else {}
    files: list[RenderedFile] = []
    stale_sources: dict[str, str] = {}
    for name, entry in sorted(outputs.items()):
        # Names come from the manifest, so one that leaves the package folder is skipped.
        if not isinstance(entry, dict) or "/" in name or "\\" in name or name.startswith("."):
            continue
        path = out_dir / name
        digest = context.sku.run.hashes.of(path) if path.is_file() else None
        source = sources.get(entry.get("source"))  # type: ignore[arg-type]
        files.append(RenderedFile(name, path, repo.display(path), entry, digest, _role_of(entry, source), source.index if source else None))
        # Only this SKU's own assets are compared, so a manifest cannot make lint read other files.
        if source is not None and source.display in inputs and inputs[source.display] != source.digest:
            stale_sources[name] = source.display
    return RenderedPackage(repo.display(out_dir), files, stale_sources, inputs)


# Inputs of a package other than source images: brief, copy, assets.yaml, spec,
# templates, layouts, fonts and storyboards, as render records them in manifest.json.

SPEC_INPUT = "spec:"
BUILT_IN_INPUT = "linkstar:"
# Repo-level folders whose files a package may depend on. Lint reads no other
# SKU's files, so a recorded input elsewhere is not compared.
REPO_LEVEL_FOLDERS = ("brand/", "templates/", "specs/", "glossary/", "checklists/")


def changed_inputs(context: TargetContext, package: RenderedPackage) -> list[str]:
    """Return the recorded inputs whose current content differs from manifest.json, missing files included.

    Source images are left out, because render-stale reports them per output. Each
    file is hashed at most once per run.
    """
    sources = {file.entry.get("source") for file in package.files}
    changed = []
    for name, recorded in sorted(package.inputs.items()):
        if name in sources or not isinstance(recorded, str):
            continue
        known, current = _current_input(context, name)
        if known and current != recorded:
            changed.append(name)
    return changed


def _current_input(context: TargetContext, name: str) -> tuple[bool, str | None]:
    """Return (whether lint may compare this input, its SHA-256 now or None when the file is gone)."""
    from linkstar_cli.resources import data_dir

    if name.startswith(SPEC_INPUT):
        if name != SPEC_INPUT + context.spec.id:
            return False, None
        return True, _spec_hash(context)
    if name.startswith(BUILT_IN_INPUT):
        relative = name.removeprefix(BUILT_IN_INPUT)
        if not relative.startswith("templates/"):
            return False, None
        root = data_dir("templates").parent
    else:
        own_folder = f"skus/{context.sku.sku}/"
        if not name.startswith((own_folder, *REPO_LEVEL_FOLDERS)):
            return False, None
        relative, root = name, context.sku.repo.root
    try:
        path = safe_join(root, root, relative)
    except LinkstarError:
        return False, None
    # A path that leads elsewhere through ".." or a link is not compared either.
    if path.relative_to(root.resolve()).as_posix() != relative:
        return False, None
    if not path.is_file():
        return True, None
    return True, context.sku.run.hashes.of(path)




def _spec_hash(context: TargetContext) -> str:
    """Hash the platform spec the way render records it, once per spec and run."""
    hashes: dict[str, str] = context.sku.run.shared.setdefault("images.spec_hashes", {})
    if context.spec.id not in hashes:
        hashes[context.spec.id] = sha256_json(context.spec.model_dump(mode="json"))
    return hashes[context.spec.id]


def _role_of(entry: dict[str, Any], source: SourceImage | None) -> str | None:
    if isinstance(entry.get("role"), str):
        return entry["role"]
    if "layout" in entry:
        return LAYOUT_ROLE
    # NOTE: a file listed twice in assets.yaml under two roles is taken with its first role.
    return source.asset.role if source is not None else None


def output_problem(context: TargetContext, file: RenderedFile, message: str, *, key: str, hint: str | None) -> Problem:
    """Point at the source's entry in assets.yaml, where the fault can be fixed and suppressed, else at the output."""
    if file.asset_index is not None:
        return context.problem(message, key=f"{file.name}:{key}", file=context.sku.assets_file, path=("assets", file.asset_index, "file"), hint=hint)
    return context.problem(message, key=f"{file.name}:{key}", file=file.display, hint=hint)


def output_facts(context: TargetContext, file: RenderedFile) -> OutputFacts | None:
    """Return the header facts of an output, or None when it cannot be read (image-format reports that)."""
    assert file.digest is not None
    try:
        return inspector(context.sku.run).output(file.path, file.display, file.digest)
    except LinkstarError:
        return None


def pixel_measures(context: TargetContext, file: RenderedFile) -> PixelMeasures | None:
    assert file.digest is not None
    try:
        return inspector(context.sku.run).pixels(file.path, file.display, file.digest)
    except LinkstarError:
        return None


def source_edge(context: TargetContext, file: RenderedFile) -> EdgeMeasures | None:
    """Return the outer ring of the source an output was made from, or None when it is unknown or unreadable."""
    if file.asset_index is None:
        return None
    image = next((image for image in source_images(context.sku) if image.index == file.asset_index), None)
    if image is None or image.digest is None or image.facts is None:
        return None
    path = context.sku.repo.root / image.display
    try:
        return inspector(context.sku.run).source_edge(path, image.display, image.digest)
    except LinkstarError:
        return None


def render_hint(context: TargetContext) -> str:
    return _("Run `linkstar render --platform {platform} {sku}` to make the images again.", platform=context.spec.id, sku=context.sku.sku)


def rewrite_hint(context: TargetContext, file: RenderedFile) -> str:
    """Say how to get back a rendered file that changed or is missing: render writes it again from the sources."""
    if file.is_image:
        return render_hint(context)
    return _(
        "Make the change in the copy, brief or templates rather than in build/, then run `linkstar render --platform {platform} {sku}` to write \"{output}\" again.",
        platform=context.spec.id,
        sku=context.sku.sku,
        output=file.name,
    )


def percent(share: float) -> str:
    return format(round(share * 100, 1), "g")


