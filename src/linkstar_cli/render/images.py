"""Image outputs of ``linkstar render``: flatten on the background, fit to the spec size, encode.

A source is decoded once (``imageio.open_scaled``) and every output of the
render plan is made from it, largest first, each smaller one resized from the
previous result when that result is big enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageColor

from linkstar_cli.render.encode import Subsampling, encode_within_budget
from linkstar_cli.render.imageio import Size, fit_inside, open_scaled, open_source
from linkstar_cli.specs.model import ImageOutput

__all__ = [
    "RenderedImage",
    "flatten",
    "needed_size",
    "open_source",
    "render_file",
    "render_image",
    "render_outputs",
    "scaled_size",
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

    A trimmed output's crop is known only after decoding, so it needs the full size.
    """
    if any(output.trim for output in outputs):
        return source_size
    sizes = [scaled_size(source_size, output) for output in outputs]
    return max(size[0] for size in sizes), max(size[1] for size in sizes)


def render_file(path: Path, display: str, outputs: Sequence[ImageOutput], labels: Sequence[str] | None = None) -> list[RenderedImage]:
    """Decode ``path`` once, at the reduced JPEG scale all ``outputs`` allow, and render each of them."""
    source = open_scaled(path, display, lambda upright: needed_size(upright, outputs))
    return render_outputs(source, outputs, labels)


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
    flattened: dict[str, Image.Image] = {}
    previous: dict[str, Image.Image] = {}
    results: list[RenderedImage | None] = [None] * len(outputs)
    by_size = sorted(range(len(outputs)), key=lambda index: _area(scaled_size(source.size, outputs[index])), reverse=True)

    for index in by_size:
        output = outputs[index]
        # Flattening and trimming depend on the background only for transparent or trimmed sources.
        key = output.background.upper() if source.mode == "RGBA" or output.trim else ""
        if output.trim:
            key += "+trim"
        if key not in flattened:
            flat = flatten(source, output.background)
            flattened[key] = trim_border(flat, output.background) if output.trim else flat
        target = scaled_size(flattened[key].size, output)
        base = previous.get(key)
        if base is None or base.width < target[0] or base.height < target[1]:
            base = flattened[key]
        scaled = _resize(base, target)
        upscaled = target[0] > flattened[key].width or target[1] > flattened[key].height
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


def trim_border(image: Image.Image, background: str) -> Image.Image:
    """Crop the plain border around the product when all four corners match ``background``.

    A full-bleed photo (any corner far from the background colour) is returned whole.
    """
    reference = ImageColor.getrgb(background)[:3]
    corners = [(0, 0), (image.width - 1, 0), (0, image.height - 1), (image.width - 1, image.height - 1)]
    for corner in corners:
        pixel = image.getpixel(corner)
        if max(abs(int(a) - int(b)) for a, b in zip(pixel[:3], reference, strict=True)) > TRIM_TOLERANCE:  # type: ignore[index]
            return image
    difference = ImageChops.difference(image, Image.new("RGB", image.size, reference)).convert("L")
    box = difference.point(lambda value: 255 if value > TRIM_TOLERANCE else 0).getbbox()
    if box is None or box == (0, 0, image.width, image.height):
        return image
    return image.crop(box)


def _area(size: Size) -> int:
    return size[0] * size[1]


def _resize(image: Image.Image, size: Size) -> Image.Image:
    if image.size == size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)


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
