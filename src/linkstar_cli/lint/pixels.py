"""Image facts for lint: header values and pixel measurements, cached by content hash.

Lint reads image headers and decodes pixels only where a check needs them: whether
a source decodes at all, the background frame and product box of a rendered
image, and the outer edge of a main image's source. Every result is stored in
``.linkstar/cache/pixels/<sha256>.json``, so a file whose bytes did not change is
not opened again on the next run.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from linkstar_cli.repo.atomic import write_text_atomic

if TYPE_CHECKING:
    from PIL import Image

CACHE_DIR = Path(".linkstar") / "cache" / "pixels"
# Bump when a measurement below changes, so that entries of the old kind are measured again.
CACHE_FORMAT = 2

# Width in pixels of the rings that the background check samples: the image's own
# edge, and the edge of the product box inside render's white margin.
FRAME_WIDTH = 4
WHITE = (255, 255, 255)
# A pixel whose channels all lie within this distance of the background colour
# counts as background when the product box is found, so that JPEG noise around
# the product and a faint shadow do not widen the box.
BOX_TOLERANCE = 16

Colour = tuple[int, int, int]
Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class SourceFacts:
    """A source image that decodes the way render decodes it, with its upright size."""

    format: str
    width: int
    height: int
    frames: int


@dataclass(frozen=True)
class OutputFacts:
    """Header values of a rendered image, as stored in the file."""

    format: str
    width: int
    height: int
    mode: str
    profile: str | None  # description of the embedded ICC profile, or None when there is none
    srgb: bool  # the profile is sRGB, or there is no profile (taken as sRGB, as render does)


@dataclass(frozen=True)
class PixelMeasures:
    """Measurements of a rendered image's pixels, after flattening any alpha onto white."""

    width: int
    height: int
    off_white: float  # share of the frame pixels that are not (255, 255, 255)
    darkest: Colour  # the frame pixel with the lowest channel sum
    background: Colour  # the most common frame colour
    box: Box | None  # (left, top, right, bottom) of the pixels that differ from the background, or None when none do
    # The ring FRAME_WIDTH wide just inside the box of the pixels that differ from
    # pure white. A product on white touches that box at a few points, while a
    # backdrop, a photo or a shadow along a side covers the ring.
    box_ring_off_white: float  # share of the ring's pixels that are not (255, 255, 255), or 0.0 when the image is blank
    # The most common colour among the ring's other pixels: the backdrop's colour,
    # where the darkest would often be the product. White when there is none.
    box_ring_colour: Colour

    @property
    def fill(self) -> float:
        """Return the product box's longer side as a share of the image's longer side."""
        if self.box is None:
            return 0.0
        left, top, right, bottom = self.box
        return max(right - left, bottom - top) / max(self.width, self.height)


@dataclass(frozen=True)
class EdgeMeasures:
    """The outer ring of a source image, after flattening any alpha onto white: what lies around the product."""

    off_white: float  # share of the ring's pixels that are not (255, 255, 255)


FactsT = TypeVar("FactsT", SourceFacts, OutputFacts, PixelMeasures, EdgeMeasures)


class PixelCache:
    """One JSON file per SHA-256 under ``.linkstar/cache/pixels``, each containing what lint measured of that content."""

    def __init__(self, repo_root: Path) -> None:
        self.folder = repo_root / CACHE_DIR

    def read(self, digest: str) -> dict[str, Any]:
        try:
            entry = json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
            return {}
        return entry

    def add(self, digest: str, section: str, values: dict[str, Any]) -> None:
        """Store ``values`` under ``section`` in the entry of ``digest``, keeping its other sections."""
        entry = self.read(digest) or {"format": CACHE_FORMAT}
        entry[section] = values
        try:
            write_text_atomic(self.folder / f"{digest}.json", json.dumps(entry, sort_keys=True) + "\n")
        except OSError:
            # The cache only saves time, so a read-only checkout still lints and measures again on the next run.
            pass


class ImageInspector:
    """Facts about the image files of one lint run, looked up by content hash before any file is opened."""

    def __init__(self, repo_root: Path) -> None:
        self.cache = PixelCache(repo_root)

    def source(self, path: Path, display: str, digest: str) -> SourceFacts:
        """Return the facts of a source image whose content hash is ``digest``, decoding it as render does on a cache miss.

        Raises InputError, with render's message and hint, for an unreadable,
        truncated or oversized file.
        """
        cached = _from_json(SourceFacts, self.cache.read(digest).get("source"))
        if cached is not None:
            return cached
        facts = _decode_source(path, display)
        self.cache.add(digest, "source", asdict(facts))
        return facts

    def output(self, path: Path, display: str, digest: str) -> OutputFacts:
        """Return the header facts of a rendered image whose content hash is ``digest``.

        Raises InputError when the file is not an image that linkstar can read.
        """
        cached = _from_json(OutputFacts, self.cache.read(digest).get("header"))
        if cached is not None:
            return cached
        facts = _read_output_header(path, display)
        self.cache.add(digest, "header", asdict(facts))
        return facts

    def pixels(self, path: Path, display: str, digest: str) -> PixelMeasures:
        """Return the pixel measurements of a rendered image, decoding it on a cache miss."""
        cached = _from_json(PixelMeasures, self.cache.read(digest).get("pixels"))
        if cached is not None:
            return cached
        from linkstar_cli.render.images import flatten, open_source

        measures = measure(flatten(open_source(path, display), "#FFFFFF"))
        self.cache.add(digest, "pixels", asdict(measures))
        return measures

    def source_edge(self, path: Path, display: str, digest: str) -> EdgeMeasures:
        """Return the outer ring of a source image flattened onto white, decoding it as render does on a cache miss.

        Raises InputError for a file that render could not read either.
        """
        cached = _from_json(EdgeMeasures, self.cache.read(digest).get("edge"))
        if cached is not None:
            return cached
        from linkstar_cli.render.images import flatten, open_source

        off_white = ring_measures(frame_pixels(flatten(open_source(path, display), "#FFFFFF")))[0]
        edge = EdgeMeasures(off_white=off_white)
        self.cache.add(digest, "edge", asdict(edge))
        return edge


def _decode_source(path: Path, display: str) -> SourceFacts:
    from PIL import Image

    from linkstar_cli.render.imageio import SOURCE_FORMATS, count_frames, open_scaled

    upright: list[tuple[int, int]] = []

    def smallest(size: tuple[int, int]) -> tuple[int, int]:
        # open_scaled passes a JPEG's upright size here. Asking for 1×1 makes libjpeg
        # decode at 1/8 scale, which still reads every byte, so truncation shows.
        upright.append(size)
        return (1, 1)

    decoded = open_scaled(path, display, smallest)
    with Image.open(path, formats=SOURCE_FORMATS) as image:
        image_format = image.format or ""
    frames = count_frames(path)
    # Every format but JPEG decodes at full size, so the decoded image is the upright size.
    width, height = upright[0] if upright else decoded.size
    return SourceFacts(format=image_format, width=width, height=height, frames=frames)


def _read_output_header(path: Path, display: str) -> OutputFacts:
    # Render's own helpers, so lint reads headers with the same limits and judges profiles the same way.
    from linkstar_cli.render.colour import is_srgb, read_profile
    from linkstar_cli.render.imageio import open_checked

    with path.open("rb") as handle, open_checked(handle, display) as image:
        icc = image.info.get("icc_profile")
        profile = read_profile(icc, display) if icc else None
        return OutputFacts(
            format=image.format or "",
            width=image.width,
            height=image.height,
            mode=image.mode,
            profile=(profile.profile.profile_description or "") if profile is not None else None,
            srgb=profile is None or is_srgb(profile),
        )


def measure(image: Image.Image) -> PixelMeasures:
    """Measure the background frame, the product box and the ring along that box of an ``RGB`` image."""
    frame = frame_pixels(image)
    counts = Counter(frame)
    background = counts.most_common(1)[0][0]
    off_white, darkest = ring_measures(frame)
    box = product_box(image, background)
    # The box is found with a tolerance, so that JPEG noise next to the product
    # does not move the ring outside the product into the white margin.
    white_box = box if background == WHITE else product_box(image, WHITE)
    ring = frame_pixels(image.crop(white_box)) if white_box is not None else []
    box_ring_off_white = ring_measures(ring)[0] if ring else 0.0
    others = Counter(pixel for pixel in ring if pixel != WHITE)
    box_ring_colour = others.most_common(1)[0][0] if others else WHITE
    return PixelMeasures(
        width=image.width,
        height=image.height,
        off_white=off_white,
        darkest=darkest,
        background=background,
        box=box,
        box_ring_off_white=box_ring_off_white,
        box_ring_colour=box_ring_colour,
    )


def ring_measures(pixels: list[Colour]) -> tuple[float, Colour]:
    """Return the share of ``pixels`` that are not pure white, and the darkest of them (lowest channel sum)."""
    white = sum(1 for pixel in pixels if pixel == WHITE)
    return 1 - white / len(pixels), min(pixels, key=sum)


def frame_pixels(image: Image.Image) -> list[Colour]:
    """Return the pixels of the ring ``FRAME_WIDTH`` wide along the image's edges, each pixel once."""
    width, height = image.size
    ring = max(1, min(FRAME_WIDTH, width // 2, height // 2))
    if width <= 2 * ring or height <= 2 * ring:
        # The ring would cover the whole image, so every pixel is a frame pixel.
        return list(image.get_flattened_data())
    strips = (
        (0, 0, width, ring),
        (0, height - ring, width, height),
        (0, ring, ring, height - ring),
        (width - ring, ring, width, height - ring),
    )
    pixels: list[Colour] = []
    for strip in strips:
        pixels.extend(image.crop(strip).get_flattened_data())
    return pixels


def product_box(image: Image.Image, background: Colour) -> Box | None:
    """Return the bounding box of the pixels that differ from ``background`` by more than ``BOX_TOLERANCE``."""
    from PIL import Image, ImageChops

    difference = ImageChops.difference(image, Image.new("RGB", image.size, background))
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return largest.point(lambda value: 255 if value > BOX_TOLERANCE else 0).getbbox()


def _from_json(kind: type[FactsT], values: object) -> FactsT | None:
    """Rebuild cached facts, or return None when the cache contains something else (an older or edited entry)."""
    if not isinstance(values, dict):
        return None
    # JSON turns tuples into lists; the colours and the box are tuples again here.
    fields = {key: tuple(value) if isinstance(value, list) else value for key, value in values.items()}
    try:
        return kind(**fields)
    except TypeError:
        return None
