"""Image outputs of ``linkstar render``: flatten on the background, fit to the spec size, encode.

A source is decoded once (``imageio.open_scaled``) and every output of the
render plan is made from it, largest first, each smaller one resized from the
previous result when that result is big enough.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageColor

from linkstar_cli.render.encode import Subsampling, encode_within_budget
from linkstar_cli.render.imageio import Size, fit_inside, open_scaled, open_source
from linkstar_cli.specs.model import ImageOutput

Box = tuple[int, int, int, int]  # left, top, right, bottom, as Pillow's crop() takes it

__all__ = [
    "RenderedImage",
    "flatten",
    "needed_size",
    "open_source",
    "render_file",
    "render_image",
    "render_outputs",
    "scaled_size",
    "trim_box",
    "trimmed_needed_size",
]

# 8×8 DCT block of a 4:4:4 JPEG. A padded photo starts on this grid so the
# background blocks before it hold no photo pixels and decode exactly.
JPEG_BLOCK = 8
# Pillow's resize() docs: with reducing_gap >= 3.0 the result is indistinguishable
# from plain resampling of the full image in most cases, and it is faster.
REDUCING_GAP = 3.0


@dataclass(frozen=True)
class RenderedImage:
    """One encoded output image."""

    data: bytes
    size: Size
    format: str
    quality: int | None  # JPEG quality that met the byte budget; None for PNG
    upscaled: bool  # the source had fewer pixels than the output needed


def margins(output: ImageOutput) -> Size:
    """Return the background kept on each side of a padded output, in pixels (x, y)."""
    width, height = output.size
    return round(output.margin * width), round(output.margin * height)


def scaled_size(source_size: Size, output: ImageOutput) -> Size:
    """Return the size the whole source is scaled to for ``output``, before padding or cropping."""
    width, height = output.size
    if output.fit == "pad":
        margin_x, margin_y = margins(output)
        return fit_inside(source_size, (max(1, width - 2 * margin_x), max(1, height - 2 * margin_y)))
    if output.fit == "contain":
        return fit_inside(source_size, output.size)
    scale = max(width / source_size[0], height / source_size[1])
    return max(width, round(source_size[0] * scale)), max(height, round(source_size[1] * scale))


def needed_size(source_size: Size, outputs: Sequence[ImageOutput]) -> Size:
    """Return the smallest size a source must be decoded at so that no output is upscaled from it.

    A trimmed output's crop is known only after decoding, so it needs the full
    size here. ``render_file`` finds the crop on a small decode first.
    """
    if not outputs:
        return 1, 1
    if any(output.trim for output in outputs):
        return source_size
    sizes = [scaled_size(source_size, output) for output in outputs]
    return max(size[0] for size in sizes), max(size[1] for size in sizes)


def render_file(path: Path, display: str, outputs: Sequence[ImageOutput], labels: Sequence[str] | None = None) -> list[RenderedImage]:
    """Decode ``path`` once, at the reduced JPEG scale all ``outputs`` allow, and render each of them.

    A trimmed output's crop is known only after decoding. So for a JPEG with a
    trimmed output, the crop is first found on a 1/8-scale decode, and the second
    decode is scaled for that crop. The 1/8-scale decode of a 4000×3000 photo took
    24 ms against 58 ms for a full decode.
    """
    if not any(output.trim for output in outputs):
        source = open_scaled(path, display, lambda upright: needed_size(upright, outputs))
        return render_outputs(source, outputs, labels)

    probe = _DecodeRequest(lambda upright: (1, 1))
    preview = open_scaled(path, display, probe)
    if probe.upright is None or preview.size == probe.upright:
        # Not a JPEG, or too small to decode at a reduced scale: the preview is the full image.
        return render_outputs(preview, outputs, labels)
    full_size = probe.upright
    request = _DecodeRequest(lambda upright: trimmed_needed_size(upright, preview, outputs))
    source = open_scaled(path, display, request)
    rendered = render_outputs(source, outputs, labels)
    if source.size != full_size and any(result.upscaled for result in rendered):
        # The preview's crop was larger than the real one, so the reduced decode is too
        # small for it. Decoding at full size keeps the rule that no output is upscaled
        # from a reduced decode.
        rendered = render_outputs(open_scaled(path, display, None), outputs, labels)
    return rendered


class _DecodeRequest:
    """A ``needed_size`` callback for ``open_scaled`` that records the upright source size it was called with.

    ``open_scaled`` calls it only for a JPEG, so ``upright`` stays None for other formats.
    """

    def __init__(self, needed: Callable[[Size], Size]) -> None:
        self.needed = needed
        self.upright: Size | None = None

    def __call__(self, upright: Size) -> Size:
        self.upright = upright
        return self.needed(upright)


def trimmed_needed_size(source_size: Size, preview: Image.Image, outputs: Sequence[ImageOutput]) -> Size:
    """Return the size to decode a source at so that no output, trimmed ones included, is upscaled.

    ``preview`` is the source decoded at a reduced scale. Its trim box, shrunk by
    one preview pixel on each side, is the estimate of the full-size crop. A preview
    pixel of a 1/8-scale JPEG decode is about the mean of an 8×8 block. A block
    whose mean differs from the background contains a pixel that differs too, so
    the real crop is normally at least as large as this estimate. ``render_file``
    decodes at full size when it is not.
    """
    scale_x = source_size[0] / preview.width
    scale_y = source_size[1] / preview.height
    width, height = needed_size(source_size, [output for output in outputs if not output.trim])
    for output in outputs:
        if not output.trim:
            continue
        box = trim_box(flatten(preview, output.background), output.background)
        if box is None:
            crop = source_size
        else:
            left, top, right, bottom = box
            crop = (max(1, round((right - left - 2) * scale_x)), max(1, round((bottom - top - 2) * scale_y)))
        target = scaled_size(crop, output)
        factor = max(target[0] / crop[0], target[1] / crop[1])
        width = max(width, min(source_size[0], math.ceil(source_size[0] * factor)))
        height = max(height, min(source_size[1], math.ceil(source_size[1] * factor)))
    return width, height


def render_image(source: Image.Image, output: ImageOutput, *, label: str | None = None) -> bytes:
    """Render one output from a decoded source and return the encoded bytes."""
    return render_outputs(source, [output], [label or output.name])[0].data


def render_outputs(source: Image.Image, outputs: Sequence[ImageOutput], labels: Sequence[str] | None = None) -> list[RenderedImage]:
    """Render every output from one decoded source; results come back in the order of ``outputs``.

    Outputs are made largest first. Each one is resized from the previous scaled
    image with the same background when that image is at least as large and was
    not upscaled, which is much faster than resizing from the source every time.
    The bytes therefore depend on the whole list of outputs, and stay the same for
    the same list.
    """
    names = list(labels) if labels is not None else [output.name for output in outputs]
    if len(names) != len(outputs):
        raise ValueError(f"got {len(names)} labels for {len(outputs)} outputs")
    # The flattened source and, for trimmed outputs, the box of its product. The
    # product is cropped only when an output is resized from it, so the crop copy
    # lives only while that output is made.
    regions: dict[str, tuple[Image.Image, Box | None]] = {}
    previous: dict[str, Image.Image] = {}
    results: list[RenderedImage | None] = [None] * len(outputs)
    by_size = sorted(range(len(outputs)), key=lambda index: _area(scaled_size(source.size, outputs[index])), reverse=True)

    for index in by_size:
        output = outputs[index]
        # Flattening and trimming depend on the background only for transparent or trimmed sources.
        key = output.background.upper() if source.mode == "RGBA" or output.trim else ""
        if output.trim:
            key += "+trim"
        if key not in regions:
            flat = flatten(source, output.background)
            regions[key] = (flat, trim_box(flat, output.background) if output.trim else None)
        flat, box = regions[key]
        region_size = (box[2] - box[0], box[3] - box[1]) if box else flat.size
        target = scaled_size(region_size, output)
        upscaled = target[0] > region_size[0] or target[1] > region_size[1]
        base = previous.get(key)
        if base is not None and base.width >= target[0] and base.height >= target[1]:
            scaled = _resize(base, target)
        else:
            # A crop, not resampling the box in place, so the product's edge pixels
            # are not blended with the border outside the box.
            scaled = _resize(flat.crop(box) if box else flat, target)
        if not upscaled:
            previous[key] = scaled
        results[index] = _encode(_place(scaled, output), output, names[index], upscaled)
    return [result for result in results if result is not None]


def flatten(image: Image.Image, background: str) -> Image.Image:
    """Composite an ``RGBA`` image onto an opaque background colour, giving an ``RGB`` image."""
    if image.mode == "RGB":
        return image
    if image.mode != "RGBA":
        raise ValueError(f"expected an RGB or RGBA image from open_source, got {image.mode}")
    canvas = Image.new("RGB", image.size, ImageColor.getrgb(background))
    canvas.paste(image, (0, 0), image)
    return canvas


TRIM_TOLERANCE = 16  # the same threshold lint's product-fill check uses
TRIM_BAND_ROWS = 256


def trim_border(image: Image.Image, background: str) -> Image.Image:
    """Crop the plain border around the product when all four corners match ``background``.

    A full-bleed photo (any corner far from the background colour) is returned whole.
    """
    box = trim_box(image, background)
    if box is None:
        return image
    return image.crop(box)


def trim_box(image: Image.Image, background: str) -> Box | None:
    """Return the box of ``image`` that is not plain ``background`` border, or None when nothing is trimmed.

    Nothing is trimmed when a corner is far from the background (a full-bleed
    photo), when the whole image is background, or when no border is plain. A
    pixel is border when the luma of its per-channel distance to the background
    is at most TRIM_TOLERANCE.
    """
    reference = ImageColor.getrgb(background)[:3]
    corners = [(0, 0), (image.width - 1, 0), (0, image.height - 1), (image.width - 1, image.height - 1)]
    for corner in corners:
        pixel = image.getpixel(corner)
        if max(abs(int(a) - int(b)) for a, b in zip(pixel[:3], reference, strict=True)) > TRIM_TOLERANCE:  # type: ignore[index]
            return None
    distance = [abs(value - channel) for channel in reference for value in range(256)]
    threshold = [255 if value > TRIM_TOLERANCE else 0 for value in range(256)]
    left, top, right, bottom = image.width, image.height, 0, 0
    # Band by band, so the masks take a few megabytes even for a 24-megapixel source.
    for band_top in range(0, image.height, TRIM_BAND_ROWS):
        band = image.crop((0, band_top, image.width, min(image.height, band_top + TRIM_BAND_ROWS)))
        found = band.point(distance).convert("L").point(threshold).getbbox()
        if found is not None:
            left, right = min(left, found[0]), max(right, found[2])
            top, bottom = min(top, band_top + found[1]), max(bottom, band_top + found[3])
    if right == 0 or (left, top, right, bottom) == (0, 0, image.width, image.height):
        return None
    return left, top, right, bottom


def _area(size: Size) -> int:
    return size[0] * size[1]


def _resize(image: Image.Image, size: Size) -> Image.Image:
    if image.size == size:
        return image
    factor = _exact_factor(image.size, size)
    if factor > 1:
        # Area averaging. Halving a 2000×1500 photo this way took 2 ms against 28 ms
        # with LANCZOS, and differed from LANCZOS of the full-size decode by
        # 45 dB PSNR, as much as the 1/2-scale JPEG decode itself (44 dB).
        return image.reduce(factor)
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)


def _exact_factor(size: Size, target: Size) -> int:
    """Return k when ``size`` is exactly k times ``target`` on both axes, else 1."""
    factor = size[0] // target[0]
    if factor > 1 and size == (target[0] * factor, target[1] * factor):
        return factor
    return 1


def _place(scaled: Image.Image, output: ImageOutput) -> Image.Image:
    """Pad, keep or crop the scaled image to the output canvas as ``output.fit`` sets."""
    if output.fit == "contain":
        return scaled
    width, height = output.size
    if output.fit == "cover":
        left = (scaled.width - width) // 2
        top = (scaled.height - height) // 2
        return scaled.crop((left, top, left + width, top + height))

    grid = JPEG_BLOCK if output.format == "jpeg" else 1
    margin_x, margin_y = margins(output)
    canvas = Image.new("RGB", output.size, ImageColor.getrgb(output.background))
    left = aligned_offset(width, scaled.width, margin_x, grid)
    top = aligned_offset(height, scaled.height, margin_y, grid)
    canvas.paste(scaled, (left, top))
    return canvas


def aligned_offset(canvas: int, item: int, margin: int, grid: int) -> int:
    """Offset that centres ``item`` on ``canvas``, moved to the nearest multiple of ``grid`` that keeps ``margin`` free on both sides."""
    centred = (canvas - item) // 2
    lowest, highest = margin, canvas - margin - item
    below = centred - centred % grid
    candidates = [offset for offset in (below, below + grid) if lowest <= offset <= highest]
    if not candidates:
        return centred
    return min(candidates, key=lambda offset: abs(offset - centred))


def _encode(image: Image.Image, output: ImageOutput, label: str, upscaled: bool) -> RenderedImage:
    # A padded JPEG keeps full-resolution chroma. With 4:2:0, libjpeg's default
    # (fancy) upsampling blends the photo's chroma into the next background row,
    # so that row is not pure white. 4:4:4 cost 16 % more bytes and 50 % more
    # encode time on a 2000×2000 photo at quality 90.
    subsampling: Subsampling = "4:4:4" if output.fit == "pad" else "4:2:0"
    encoded = encode_within_budget(
        image,
        image_format=output.format,
        quality=output.quality,
        min_quality=output.min_quality,
        max_bytes=output.max_bytes,
        subsampling=subsampling,
        label=label,
    )
    return RenderedImage(encoded.data, image.size, output.format, encoded.quality, upscaled)
