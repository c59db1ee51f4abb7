"""linkstar's image pipeline against three baselines, on the same inputs in this process.

For each job (one source, a list of outputs):

- linkstar: ``linkstar_cli.render.images.render_file``, as a render worker calls it.
- lower bound: decoding at the reduced DCT scale linkstar picks (a full decode for
  PNG) plus encoding the output images, nothing else. The images it encodes are
  linkstar's own outputs, decoded once before timing, and they are encoded with
  linkstar's settings: its quantization tables, no Huffman optimization and the
  same chroma subsampling, 4:4:4 for padded outputs.
- naive Pillow: for each output, open and fully decode the source, LANCZOS-resize
  it from full size, paste it on a white canvas and encode with the same settings.
- pyvips: for each output, ``pyvips.Image.thumbnail`` from the file (with its
  shrink-on-load), flattened on white and padded, saved at the same quality with
  the same chroma subsampling. libvips runs on one thread and with its operation
  cache off, as each linkstar worker decodes on one core.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from linkstar_cli.render.encode import Subsampling, encode_jpeg
from linkstar_cli.render.images import needed_size, render_file
from linkstar_cli.render.imageio import fit_inside
from linkstar_cli.specs.model import ImageOutput
from timing import median_seconds

WHITE = "#FFFFFF"


@dataclass(frozen=True)
class ImageJob:
    label: str
    source: Path
    outputs: tuple[ImageOutput, ...]


@dataclass(frozen=True)
class ImageTimes:
    """Median seconds of one job; None where the baseline is not available."""

    job: ImageJob
    linkstar: float
    lower_bound: float
    naive: float
    pyvips: float | None


def padded_outputs(*sides: int) -> tuple[ImageOutput, ...]:
    """Square white-padded JPEG outputs at quality 90, as the marketplace specs declare them."""
    return tuple(ImageOutput(name=f"{side}.jpg", size=(side, side), fit="pad", background=WHITE, format="jpeg", quality=90) for side in sides)


def subsampling_of(output: ImageOutput) -> Subsampling:
    # The rule of linkstar_cli.render.images._encode: padded JPEGs keep full-resolution chroma.
    return "4:4:4" if output.fit == "pad" else "4:2:0"


def measure(job: ImageJob, runs: int) -> ImageTimes:
    linkstar = median_seconds(lambda: render_file(job.source, job.label, job.outputs), runs)
    lower = median_seconds(lower_bound(job), runs)
    naive = median_seconds(lambda: naive_pillow(job), runs)
    vips = pyvips_job(job)
    return ImageTimes(job, linkstar, lower, naive, median_seconds(vips, runs) if vips else None)


def lower_bound(job: ImageJob) -> Callable[[], None]:
    """Return the lower-bound work of ``job``: the reduced-scale decode and the encodes, with the encoded pixels made beforehand."""
    finished = [_decoded(result.data) for result in render_file(job.source, job.label, job.outputs)]

    def run() -> None:
        with Image.open(job.source) as image:
            if image.format == "JPEG":
                request = needed_size(image.size, job.outputs)
                if request[0] < image.width and request[1] < image.height:
                    image.draft("RGB", request)
            image.load()
        for output, pixels in zip(job.outputs, finished, strict=True):
            encode_jpeg(pixels, output.quality, subsampling_of(output))

    return run


def naive_pillow(job: ImageJob) -> None:
    for output in job.outputs:
        with Image.open(job.source) as image:
            image.load()
            fitted = image.resize(fit_inside(image.size, output.size), Image.Resampling.LANCZOS)
        canvas = Image.new("RGB", output.size, WHITE)
        left, top = (output.size[0] - fitted.width) // 2, (output.size[1] - fitted.height) // 2
        canvas.paste(fitted, (left, top), fitted if fitted.mode == "RGBA" else None)
        encode_jpeg(canvas, output.quality, subsampling_of(output))


def pyvips_job(job: ImageJob) -> Callable[[], None] | None:
    """Return the pyvips version of ``job``, or None when pyvips is not installed."""
    pyvips = load_pyvips()
    if pyvips is None:
        return None

    def run() -> None:
        for output in job.outputs:
            width, height = output.size
            image = pyvips.Image.thumbnail(str(job.source), width, height=height)
            if image.hasalpha():
                image = image.flatten(background=[255, 255, 255])
            image = image.gravity("centre", width, height, extend="background", background=[255, 255, 255])
            subsample = "off" if subsampling_of(output) == "4:4:4" else "on"
            image.jpegsave_buffer(Q=output.quality, subsample_mode=subsample, optimize_coding=False, keep="none")

    return run


def load_pyvips():  # type: ignore[no-untyped-def] - the module when it can be loaded, else None
    # libvips reads its thread count when it starts, so the variable must be set before the import.
    os.environ.setdefault("VIPS_CONCURRENCY", "1")
    try:
        import pyvips
    except (ImportError, OSError):
        return None
    pyvips.cache_set_max(0)
    return pyvips


def _decoded(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGB")


def rows(results: Sequence[ImageTimes]) -> list[list[str]]:
    table = []
    for result in results:
        ms = result.linkstar * 1000
        vips = f"{result.pyvips * 1000:.0f}" if result.pyvips is not None else "not installed"
        vips_ratio = f"{result.linkstar / result.pyvips:.2f}" if result.pyvips is not None else "-"
        table.append(
            [
                result.job.label,
                f"{ms:.0f}",
                f"{result.lower_bound * 1000:.0f}",
                f"{result.linkstar / result.lower_bound:.2f}",
                f"{result.naive * 1000:.0f}",
                f"{result.linkstar / result.naive:.2f}",
                vips,
                vips_ratio,
            ]
        )
    return table


HEADER = ["job", "linkstar ms", "lower bound ms", "× lower bound", "naive Pillow ms", "× naive", "pyvips ms", "× pyvips"]
