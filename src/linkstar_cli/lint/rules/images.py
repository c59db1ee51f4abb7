"""Rules of the images family: source assets of a SKU, and the images that render made from them.

Source rules (SKU scope, and image-source-count per target) decode each source
once the way render does, so a file that render would reject is reported before
anyone renders. Rendered rules (TARGET scope) read
``build/<platform>/<SKU>/manifest.json`` and check each image in the package as
it is now, edited after the render or not, because those files are what gets
uploaded. Where nothing has been rendered, they report nothing, so lint never
needs a render first. Facts and pixel measurements are cached by content hash
(``linkstar_cli.lint.pixels``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import Field

from linkstar_cli.errors import LinkstarError
from linkstar_cli.i18n import N_, _, join_list
from linkstar_cli.lint.context import SkuContext, TargetContext
from linkstar_cli.lint.example_base import ASSETS
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.imagefiles import (
    FAMILY,
    LAYOUT_ROLE,
    MULTI_FRAME_FORMATS,
    RenderedFile,
    RenderedPackage,
    SourceImage,
    changed_inputs,
    inspector,
    output_facts,
    output_problem,
    percent,
    pixel_measures,
    render_hint,
    rendered_package,
    rewrite_hint,
    source_edge,
    source_images,
    source_problem,
)
from linkstar_cli.lint.rules.image_examples import (
    ANIMATED_GIF,
    GOOD_OUTPUT,
    GREY_BACKDROP_OUTPUT,
    GREY_BACKDROP_SOURCE,
    MAIN_OUTPUT,
    TIKTOK_TARGET,
    main_output,
    manifest_text,
    stale_inputs_example,
)
from linkstar_cli.lint.rule import Example, GeneratedImage, Rule, RuleOptions, Scope
from linkstar_cli.model.assets import Asset
from linkstar_cli.model.types import Fraction
from linkstar_cli.repo.yamlio import KeyPath
from linkstar_cli.specs.model import ImageOutput, ImageRule, PlatformSpec


class ImageReadable(Rule):
    id = "image-readable"
    level = Level.ERROR
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a source image is missing or cannot be decoded")
    description = N_(
        "Every file in assets.yaml (except design sources) must exist and decode as render decodes it: JPEG, PNG, GIF, "
        "WebP, TIFF or BMP, not cut short, with a usable colour profile, and within Pillow's pixel limit (89,478,485 by "
        "default), above which a file is treated as a decompression bomb. Each file is decoded once, and the result is "
        "cached by its SHA-256 in .linkstar/cache/pixels/."
    )
    examples = (
        Example(True, N_("a JPEG that decodes"), {"skus/EX-1/assets/main.jpg": GeneratedImage(2000, 2000)}),
        Example(False, N_("a text file named main.jpg"), {"skus/EX-1/assets/main.jpg": "not an image\n"}),
        Example(False, N_("an entry whose file is missing"), {"skus/EX-1/assets/main.jpg": None}),
    )

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        for image in source_images(context):
            if image.error is not None:
                yield source_problem(context, image, image.error.message, key="unreadable", hint=image.error.hint)


class ImageResolution(Rule):
    id = "image-resolution"
    level = Level.WARNING
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a source image is smaller than a platform needs, so render would upscale it")
    description = N_(
        "For each target platform, a source must meet the minimum sides of the image rule for its role, and be at least "
        "as large as every render output it feeds (after the output's fit and margin), so that render never enlarges "
        "it. Layout outputs, which place the photo in a smaller box, are not checked."
    )
    examples = (
        Example(True, N_("a 2000×2000 main image"), {"skus/EX-1/assets/main.jpg": GeneratedImage(2000, 2000)}),
        Example(False, N_("an 800×800 main image for a 1000-pixel minimum"), {"skus/EX-1/assets/main.jpg": GeneratedImage(800, 800)}),
        Example(False, N_("a 1200×1200 main image for a 1800×1800 output"), {"skus/EX-1/assets/main.jpg": GeneratedImage(1200, 1200)}),
    )

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        images = [image for image in source_images(context) if image.facts is not None]
        if not images or context.assets is None:
            return
        # One finding per image and shortfall, naming every platform with that same shortfall.
        platforms_by_shortfall: dict[tuple[int, Shortfall], list[str]] = {}
        for target in context.targets():
            spec = context.run.spec(target)
            if spec is None:
                continue
            locale = context.repo.copy_locale_for(context.sku, spec) or spec.locale
            needs = _render_needs(context.assets.assets, spec, locale)
            for image in images:
                shortfall = _shortfall(image, spec.images.get(image.asset.role), needs.get(image.index, []))
                if shortfall is not None:
                    platforms_by_shortfall.setdefault((image.index, shortfall), []).append(spec.id)
        by_index = {image.index: image for image in images}
        for (index, shortfall), platforms in platforms_by_shortfall.items():
            yield _resolution_problem(context, by_index[index], shortfall, platforms)


def _render_needs(assets: list[Asset], spec: PlatformSpec, locale: str) -> dict[int, list[ImageOutput]]:
    """Map each asset index to the plain render outputs that would use it on this platform, as render plans them."""
    from linkstar_cli.render.plan import sources_for

    index_of = {id(asset): index for index, asset in enumerate(assets)}
    needs: dict[int, list[ImageOutput]] = {}
    for output in spec.render.images:
        if output.layout:
            continue
        chosen = sources_for(output.roles, assets, spec, locale)
        for asset in chosen[: output.max_count] if output.max_count is not None else chosen:
            needs.setdefault(index_of[id(asset)], []).append(output)
    return needs


@dataclass(frozen=True)
class Shortfall:
    """A source's shortfall on a platform: its ``kind``, the size found and the size needed."""

    kind: str  # "min-long-side", "min-side" or "upscaled"
    found: tuple[int, ...]
    needed: tuple[int, ...]


def _shortfall(image: SourceImage, rule: ImageRule | None, outputs: list[ImageOutput]) -> Shortfall | None:
    """Return the first shortfall of a source: the image rule's minimum sides, then upscaling by a render output."""
    from linkstar_cli.render.images import scaled_size

    facts = image.facts
    assert facts is not None
    long_side, short_side = max(facts.width, facts.height), min(facts.width, facts.height)
    if rule is not None and rule.min_long_side is not None and long_side < rule.min_long_side:
        return Shortfall("min-long-side", (long_side,), (rule.min_long_side,))
    if rule is not None and rule.min_side is not None and short_side < rule.min_side:
        return Shortfall("min-side", (short_side,), (rule.min_side,))
    needed = [scaled_size((facts.width, facts.height), output) for output in outputs]
    larger = [size for size in needed if size[0] > facts.width or size[1] > facts.height]
    if larger:
        return Shortfall("upscaled", (facts.width, facts.height), max(larger, key=lambda size: size[0] * size[1]))
    return None


def _resolution_problem(context: SkuContext, image: SourceImage, shortfall: Shortfall, platforms: list[str]) -> Problem:
    names = join_list(platforms)
    file, role = image.display, image.asset.role
    if shortfall.kind == "min-long-side":
        message = _("\"{file}\" too small for {role} images on {platforms} ({length} < {min} pixels on the longer side)", file=file, role=role, platforms=names, length=shortfall.found[0], min=shortfall.needed[0])
    elif shortfall.kind == "min-side":
        message = _("\"{file}\" too small for {role} images on {platforms} ({length} < {min} pixels on the shorter side)", file=file, role=role, platforms=names, length=shortfall.found[0], min=shortfall.needed[0])
    else:
        width, height = shortfall.found
        needed_width, needed_height = shortfall.needed
        message = _("\"{file}\" would be upscaled for {platforms} ({width}×{height} < {needed_width}×{needed_height} pixels)", file=file, platforms=names, width=width, height=height, needed_width=needed_width, needed_height=needed_height)
    hint = _("Use a larger original of this image, because render would enlarge it and the platform may reject it or show it blurred.")
    target = platforms[0] if len(platforms) == 1 else None
    return source_problem(context, image, message, key=f"{shortfall.kind}:{','.join(platforms)}", hint=hint, target=target)


class ImageAnimated(Rule):
    id = "image-animated"
    level = Level.WARNING
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a source image has several frames, but only the first is used")
    description = N_(
        "Render makes still JPEG or PNG images, so an animated GIF, WebP or PNG, or a multi-page TIFF, is reduced to its "
        "first frame, which may not be the one you meant."
    )
    examples = (
        Example(True, N_("a still GIF"), {"skus/EX-1/assets/assets.yaml": ASSETS.replace("main.jpg", "main.gif"), "skus/EX-1/assets/main.gif": GeneratedImage(2000, 2000, format="GIF")}),
        Example(False, N_("an animated GIF"), {"skus/EX-1/assets/assets.yaml": ASSETS.replace("main.jpg", "main.gif"), "skus/EX-1/assets/main.gif": ANIMATED_GIF}),
    )

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        for image in source_images(context):
            if image.facts is not None and image.facts.frames > 1 and image.facts.format in MULTI_FRAME_FORMATS:
                message = _("\"{file}\" is animated ({frames} frames) but only the first frame is used", file=image.display, frames=image.facts.frames)
                hint = _("Export the frame you want as a still JPEG or PNG and point the asset entry at that file.")
                yield source_problem(context, image, message, key="animated", hint=hint)


class ImageFormat(Rule):
    id = "image-format"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a rendered image is in a format the platform does not accept")
    description = N_(
        "Each image in build/<platform>/<SKU>/ must be a file format that the image rule of its role lists (formats). "
        "An image that cannot be read at all is reported here too."
    )
    examples = (
        Example(True, N_("a JPEG main image"), main_output(GeneratedImage(2000, 2000))),
        Example(False, N_("a GIF saved under the main image's name"), main_output(GeneratedImage(2000, 2000, format="GIF"))),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        for file, rule in package.images(context) if package else ():
            assert file.digest is not None
            try:
                facts = inspector(context.sku.run).output(file.path, file.display, file.digest)
            except LinkstarError as error:
                yield output_problem(context, file, error.message, key="unreadable", hint=render_hint(context))
                continue
            found = facts.format.lower()
            if found not in rule.formats:
                message = _("\"{output}\" format \"{format}\" not accepted for {role} images (accepted: {formats})", output=file.name, format=found, role=file.role, formats=", ".join(rule.formats))
                yield output_problem(context, file, message, key="format", hint=render_hint(context))


class ImageSize(Rule):
    id = "image-size"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a rendered image is smaller or larger than the platform allows")
    description = N_("The pixel size of each rendered image must meet min_long_side, min_side and max_long_side of the image rule of its role.")
    examples = (
        Example(True, N_("a 2000×2000 main image"), main_output(GeneratedImage(2000, 2000))),
        Example(False, N_("a 900×900 main image"), main_output(GeneratedImage(900, 900))),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        for file, rule in package.images(context) if package else ():
            facts = output_facts(context, file)
            if facts is None:
                continue
            long_side, short_side = max(facts.width, facts.height), min(facts.width, facts.height)
            hint = _("Make the output size in the render plan of {platform} meet images.{role}, or use a larger source, then render again.", platform=context.spec.id, role=file.role)
            if rule.min_long_side is not None and long_side < rule.min_long_side:
                message = _("\"{output}\" too small ({length} < {min} pixels on the longer side)", output=file.name, length=long_side, min=rule.min_long_side)
                yield output_problem(context, file, message, key="min-long-side", hint=hint)
            if rule.min_side is not None and short_side < rule.min_side:
                message = _("\"{output}\" too small ({length} < {min} pixels on the shorter side)", output=file.name, length=short_side, min=rule.min_side)
                yield output_problem(context, file, message, key="min-side", hint=hint)
            if rule.max_long_side is not None and long_side > rule.max_long_side:
                message = _("\"{output}\" too large ({length} > {max} pixels on the longer side)", output=file.name, length=long_side, max=rule.max_long_side)
                yield output_problem(context, file, message, key="max-long-side", hint=hint)


class ImageAspect(Rule):
    id = "image-aspect"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a rendered image does not have the aspect ratio the platform requires")
    description = N_("Where the image rule of a role sets aspect (width:height), the ratio of each rendered image may differ from it by at most aspect_tolerance.")
    examples = (
        Example(True, N_("a square main image for TikTok Shop"), {**TIKTOK_TARGET, **main_output(GeneratedImage(1600, 1600), "EX-1-main.jpg", "tiktok-uk")}),
        Example(False, N_("a 4:3 main image for TikTok Shop"), {**TIKTOK_TARGET, **main_output(GeneratedImage(1600, 1200), "EX-1-main.jpg", "tiktok-uk")}),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        for file, rule in package.images(context) if package else ():
            facts = output_facts(context, file)
            if facts is None or rule.aspect is None:
                continue
            width_part, height_part = (float(part) for part in rule.aspect.split(":"))
            ratio = facts.width / facts.height
            if abs(ratio - width_part / height_part) > rule.aspect_tolerance:
                message = _("\"{output}\" aspect ratio not {aspect} ({width}×{height}, ratio {ratio})", output=file.name, aspect=rule.aspect, width=facts.width, height=facts.height, ratio=format(round(ratio, 3), "g"))
                hint = _("Give the output a {aspect} size in the render plan of {platform}, then render again.", aspect=rule.aspect, platform=context.spec.id)
                yield output_problem(context, file, message, key="aspect", hint=hint)


class ImageFileSize(Rule):
    id = "image-file-size"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a rendered image file is larger than the platform accepts")
    description = N_("Each rendered image file must be at most max_bytes of the image rule of its role.")
    examples = (
        Example(True, N_("a 2000×2000 JPEG"), main_output(GeneratedImage(2000, 2000))),
        # An uncompressed 2000×2000 BMP has 12,000,054 bytes.
        Example(False, N_("a 12 MB bitmap for a 10 MB limit"), main_output(GeneratedImage(2000, 2000, format="BMP"))),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        for file, rule in package.images(context) if package else ():
            size = file.path.stat().st_size
            if rule.max_bytes is not None and size > rule.max_bytes:
                message = _("\"{output}\" too large ({size} > {max} bytes)", output=file.name, size=size, max=rule.max_bytes)
                hint = _("Set max_bytes of the output in the render plan of {platform} to at most {max}, so render lowers the JPEG quality, then render again.", platform=context.spec.id, max=rule.max_bytes)
                yield output_problem(context, file, message, key="bytes", hint=hint)


class ImageColour(Rule):
    id = "image-colour"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a rendered image has a colour mode or profile the platform does not accept")
    description = N_(
        "Each rendered image must be in a colour mode that the image rule of its role lists (colour_modes), and where "
        "the rule sets srgb, carry no ICC profile other than sRGB. An image without a profile is taken as sRGB."
    )
    examples = (
        Example(True, N_("an RGB main image"), main_output(GeneratedImage(2000, 2000))),
        Example(False, N_("a CMYK main image"), main_output(GeneratedImage(2000, 2000, colour=(0, 0, 0, 0), mode="CMYK", box_colour=(0, 0, 0, 200)))),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        for file, rule in package.images(context) if package else ():
            facts = output_facts(context, file)
            if facts is None:
                continue
            hint = render_hint(context)
            if facts.mode not in rule.colour_modes:
                message = _("\"{output}\" colour mode \"{mode}\" not accepted (accepted: {modes})", output=file.name, mode=facts.mode, modes=", ".join(rule.colour_modes))
                yield output_problem(context, file, message, key="mode", hint=hint)
            elif rule.srgb and not facts.srgb:
                message = _("\"{output}\" colour profile \"{profile}\" is not sRGB", output=file.name, profile=facts.profile)
                yield output_problem(context, file, message, key="profile", hint=hint)


class BackgroundOptions(RuleOptions):
    max_off_white: Fraction = Field(
        default=0.25,
        description=N_("Share of the pixels of each sampled ring that may be other than pure white, for a product that touches the ring. 0.25 equals one whole side."),
    )


class ImageBackground(Rule):
    id = "image-background"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a rendered main image is not on a pure white background")
    description = N_(
        "Where the image rule of a role sets background: white, two rings of each rendered image, 4 pixels wide, must be "
        "pure white, (255, 255, 255). The first is the frame along the image's edges. Render pads the product with a "
        "white margin, so that frame is white in every image render makes, and the second ring lies just inside the box "
        "of all pixels more than 16 levels from white. A product on white touches that box in a few places only, while "
        "a grey or off-white backdrop, a photo or a shadow along a whole side covers the ring. In each ring up to "
        "max_off_white of the pixels may differ, by default a quarter, the length of one side. A product with straight "
        "edges along its box, such as a carton or a bottle photographed straight on, covers the inner ring too. So when "
        "an image is still what render made from the current source, the source's own outer ring decides instead, and "
        "it is white when the product was photographed or cut out on white. An image edited after the render is judged "
        "on its own pixels."
    )
    Options = BackgroundOptions
    examples = (
        Example(True, N_("a product on pure white"), main_output(GeneratedImage(2000, 2000))),
        Example(True, N_("a product that spans the full height"), main_output(GeneratedImage(2000, 2000, box=(0.4, 0.0, 0.6, 1.0)))),
        Example(False, N_("a product on off-white (254, 254, 254)"), main_output(GeneratedImage(2000, 2000, colour=(254, 254, 254)))),
        Example(False, N_("a photo on a grey backdrop, padded with white by render"), {"skus/EX-1/assets/main.jpg": GREY_BACKDROP_SOURCE, **main_output(GREY_BACKDROP_OUTPUT)}),
    )

    def check(self, context: TargetContext, options: BackgroundOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        for file, rule in package.images(context) if package else ():
            if rule.background != "white":
                continue
            measures = pixel_measures(context, file)
            if measures is None:
                continue
            limit = options.max_off_white
            if measures.off_white > limit:
                message = _(
                    "\"{output}\" background not pure white ({share}% of frame pixels off-white > {max}%, darkest {pixel})",
                    output=file.name,
                    share=percent(measures.off_white),
                    max=percent(limit),
                    pixel=str(measures.darkest),
                )
            # NOTE: an output edited after the render has no source to go by, so a product with
            # straight edges along its box (a carton shot straight on) fails like a backdrop.
            elif measures.box_ring_off_white > limit and not _source_on_white(context, package, file, limit):
                message = _(
                    "\"{output}\" background around the product not pure white ({share}% of the pixels along the product's box off-white > {max}%, most often {pixel})",
                    output=file.name,
                    share=percent(measures.box_ring_off_white),
                    max=percent(limit),
                    pixel=str(measures.box_ring_colour),
                )
            else:
                continue
            hint = _("Put the product on a pure white (255, 255, 255) background in the source image, with no backdrop, border or shadow along its edges, then render again.")
            yield output_problem(context, file, message, key="background", hint=hint)


def _source_on_white(context: TargetContext, package: RenderedPackage, file: RenderedFile, limit: float) -> bool:
    """Tell whether an output is render's work from the current source, and that source's outer ring is white."""
    if not package.as_rendered(file):
        return False
    edge = source_edge(context, file)
    return edge is not None and edge.off_white <= limit


class ImageFill(Rule):
    id = "image-fill"
    level = Level.WARNING
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("the product fills too little of a rendered main image")
    description = N_(
        "Where the image rule of a role sets fill_min, the product's bounding box (every pixel that differs from the "
        "most common frame colour by more than 16 in a channel) must span at least that share of the image's longer "
        "side with its own longer side. The figure is third-party guidance, so the rule warns."
    )
    examples = (
        Example(True, N_("a product spanning 90%"), main_output(GeneratedImage(2000, 2000, box=(0.05, 0.05, 0.95, 0.95)))),
        Example(False, N_("a product spanning 60%"), main_output(GeneratedImage(2000, 2000, box=(0.2, 0.2, 0.8, 0.8)))),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        for file, rule in package.images(context) if package else ():
            if rule.fill_min is None:
                continue
            measures = pixel_measures(context, file)
            if measures is None or measures.fill >= rule.fill_min:
                continue
            message = _("\"{output}\" product spans too little of the frame ({fill}% < {min}% of the longer side)", output=file.name, fill=percent(measures.fill), min=percent(rule.fill_min))
            hint = _("Crop the source image closer to the product, or lower the margin of the output in the render plan, then render again.")
            yield output_problem(context, file, message, key="fill", hint=hint)


class ImageSourceCount(Rule):
    id = "image-source-count"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("assets.yaml has too few or too many images of a role for a platform")
    description = N_(
        "Before anything is rendered, the source images in assets.yaml that a platform may use must meet count (min and "
        "max) of the image rule of each role. An image may be used where its markets, if set, include the platform's "
        "market and its locale, if set, is the platform's copy locale, as render chooses them. Each layout output of the "
        "render plan, such as the features infographic, counts as one infographic. A missing assets.yaml counts as no "
        "images."
    )
    examples = (
        Example(True, N_("one main image"), {}),
        Example(False, N_("no main image"), {"skus/EX-1/assets/assets.yaml": ASSETS[: ASSETS.index("  - file: main.jpg")] + ASSETS[ASSETS.index("  - file: gallery-1.jpg") :]}),
        Example(False, N_("a main image for market US only"), {"skus/EX-1/assets/assets.yaml": ASSETS.replace("    role: main\n", "    role: main\n    markets: [US]\n")}),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        assets = context.sku.assets
        if assets is None:
            return
        locale = context.locale or context.spec.locale
        for role, rule in context.spec.images.items():
            if rule.count is None:
                continue
            usable = _usable_sources(context, role)
            count = len(usable) + _layout_images(context, role)
            if rule.count.min is not None and count < rule.count.min:
                message = _("too few \"{role}\" images in assets.yaml for {platform} ({count} < {min})", role=role, platform=context.spec.id, count=count, min=rule.count.min)
                hint = _("Add a {role} image to assets.yaml, with no markets or locale that leave out market {market} and locale {locale}.", role=role, market=context.spec.market, locale=locale)
                yield context.problem(message, key=f"{role}:min", file=context.sku.assets_file, path=("assets",), hint=hint)
            if rule.count.max is not None and count > rule.count.max:
                # Point at the first image over the limit, or at the list when layout images make up the surplus.
                path: KeyPath = ("assets", usable[rule.count.max], "file") if len(usable) > rule.count.max else ("assets",)
                message = _("too many \"{role}\" images in assets.yaml for {platform} ({count} > {max})", role=role, platform=context.spec.id, count=count, max=rule.count.max)
                hint = _("Keep at most {max} {role} images for market {market} in assets.yaml, or limit the others with markets or locale.", max=rule.count.max, role=role, market=context.spec.market)
                yield context.problem(message, key=f"{role}:max", file=context.sku.assets_file, path=path, hint=hint)


def _usable_sources(context: TargetContext, role: str) -> list[int]:
    """Return the assets.yaml indexes of the images of ``role`` that render may use on this platform."""
    from linkstar_cli.render.plan import asset_usable

    assets = context.sku.assets.assets if context.sku.assets is not None else []
    locale = context.locale or context.spec.locale
    return [index for index, asset in enumerate(assets) if asset.role == role and asset_usable(asset, context.spec, locale)]


def _layout_images(context: TargetContext, role: str) -> int:
    """Count the images that the render plan's layout outputs make, which are infographics."""
    if role != LAYOUT_ROLE:
        return 0
    return sum(1 for output in context.spec.render.images if output.layout)


def planned_count(context: TargetContext, role: str) -> int:
    """Count the images of ``role`` that a render from the current assets.yaml would be judged on."""
    return len(_usable_sources(context, role)) + _layout_images(context, role)


class ImageCount(Rule):
    id = "image-count"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a listing has too few or too many rendered images of a role")
    description = N_(
        "The rendered images of each role that exist in build/ must meet count (min and max) of the image rule of that "
        "role, and all of them together max_total. The role of an image is the role of the source it was made from, "
        "except that a layout image such as the features infographic counts as infographic. Where assets.yaml itself "
        "has too few or too many images of a role, image-source-count reports that instead, so this rule finds packages "
        "that are out of date or were edited."
    )
    examples = (
        Example(True, N_("one main image"), main_output(GeneratedImage(2000, 2000))),
        Example(
            False,
            N_("two main images"),
            {
                "build/amazon-de/EX-1/manifest.json": manifest_text("amazon-de", {"EX-1.MAIN.jpg": ("main.jpg", 2000, 2000), "EX-1.MAIN-2.jpg": ("main.jpg", 2000, 2000)}),
                "build/amazon-de/EX-1/EX-1.MAIN.jpg": GOOD_OUTPUT,
                "build/amazon-de/EX-1/EX-1.MAIN-2.jpg": GOOD_OUTPUT,
            },
        ),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        if package is None:
            return
        # A file deleted from build/ is not uploaded, so it is not counted.
        images = [file for file in package.files if file.is_image and file.digest is not None]
        by_role = Counter(file.role for file in images)
        for role, rule in context.spec.images.items():
            if rule.count is None:
                continue
            count = by_role.get(role, 0)
            planned = planned_count(context, role)
            if rule.count.min is not None and count < rule.count.min <= planned:
                message = _("too few \"{role}\" images for {platform} ({count} < {min})", role=role, platform=context.spec.id, count=count, min=rule.count.min)
                hint = _("Run `linkstar render --platform {platform} {sku}` to make the package again from assets.yaml.", platform=context.spec.id, sku=context.sku.sku)
                yield context.problem(message, key=f"{role}:min", file=context.sku.assets_file, path=("assets",), hint=hint)
            if rule.count.max is not None and count > rule.count.max >= planned:
                surplus = [file for file in images if file.role == role][rule.count.max]
                message = _("too many \"{role}\" images for {platform} ({count} > {max})", role=role, platform=context.spec.id, count=count, max=rule.count.max)
                hint = _("Keep at most {max} {role} images for this market in assets.yaml, then render again.", max=rule.count.max, role=role)
                yield output_problem(context, surplus, message, key=f"{role}:max", hint=hint)
        limits = [rule.max_total for rule in context.spec.images.values() if rule.max_total is not None]
        if limits and len(images) > min(limits):
            message = _("too many images for {platform} ({count} > {max} in all)", platform=context.spec.id, count=len(images), max=min(limits))
            hint = _("Limit the images of this market in assets.yaml, or max_count in the render plan, then render again.")
            yield context.problem(message, key="total:max", file=context.sku.assets_file, path=("assets",), hint=hint)


class RenderStale(Rule):
    id = "render-stale"
    level = Level.WARNING
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a rendered file, its source image or another input changed after the render")
    description = N_(
        "A file in build/<platform>/<SKU>/ that is missing or whose SHA-256 differs from manifest.json was changed after "
        "the render. A rendered image whose source file no longer has the hash that manifest.json recorded is out of "
        "date too. The package as a whole is out of date when another input recorded in manifest.json changed: the "
        "brief, a copy file, assets.yaml, the platform spec, a template, a layout, a font or a storyboard. Lint hashes "
        "those files, at most once per run, without rendering. The other image rules still check every image as it is "
        "now, since the files in build/ are what gets uploaded."
    )
    examples = (
        Example(True, N_("nothing rendered yet"), {}),
        Example(
            False,
            N_("an image edited after the render"),
            {
                "build/amazon-de/EX-1/manifest.json": json.dumps({"format": 1, "sku": "EX-1", "outputs": {"EX-1.MAIN.jpg": {"sha256": "0" * 64, "width": 2000, "height": 2000}}}) + "\n",
                MAIN_OUTPUT: GOOD_OUTPUT,
            },
        ),
        Example(False, N_("a title changed after the render"), stale_inputs_example()),
    )

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        package = rendered_package(context)
        if package is None:
            return
        for file in package.files:
            hint = rewrite_hint(context, file)
            if file.digest is None:
                message = _("\"{output}\" listed in manifest.json is missing", output=file.name)
                yield context.problem(message, key=f"{file.name}:missing", file=file.display, hint=hint)
            elif file.changed:
                message = _("\"{output}\" changed after it was rendered (its SHA-256 differs from manifest.json)", output=file.name)
                yield context.problem(message, key=f"{file.name}:changed", file=file.display, hint=hint)
            elif file.name in package.stale_sources:
                message = _("\"{output}\" was rendered from an older version of \"{source}\"", output=file.name, source=package.stale_sources[file.name])
                yield context.problem(message, key=f"{file.name}:source", file=file.display, hint=hint)
        changed = changed_inputs(context, package)
        if changed:
            from linkstar_cli.render.manifest import MANIFEST

            message = _("\"{package}\" out of date ({inputs} changed after the render)", package=package.display, inputs=join_list([f"\"{name}\"" for name in changed]))
            hint = _("Run `linkstar render --platform {platform} {sku}` to write the package again from the current files.", platform=context.spec.id, sku=context.sku.sku)
            yield context.problem(message, key="inputs", file=f"{package.display}/{MANIFEST}", path=("inputs", changed[0]), hint=hint)


RULES = (
    ImageReadable(),
    ImageResolution(),
    ImageAnimated(),
    ImageFormat(),
    ImageSize(),
    ImageAspect(),
    ImageFileSize(),
    ImageColour(),
    ImageBackground(),
    ImageFill(),
    ImageSourceCount(),
    ImageCount(),
    RenderStale(),
)
