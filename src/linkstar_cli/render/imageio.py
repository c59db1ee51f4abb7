"""Decoding source images: one read of the file, safe limits, upright pixels in sRGB.

``open_source`` and ``open_scaled`` return an ``RGB`` or ``RGBA`` image in sRGB,
with the EXIF orientation applied and no metadata left in ``info`` or EXIF.
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import IO

from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.render.colour import to_srgb

Size = tuple[int, int]
NeededSize = Callable[[Size], Size]

# Formats whose extra frames are animation or pages. An MPO (a camera JPEG that
# carries preview frames) has several frames too, but its first one is the photo.
MULTI_FRAME_FORMATS = ("GIF", "WEBP", "PNG", "TIFF")

# Formats a platform spec can name for a source (ImageFormat in specs/model.py).
# The list also keeps Pillow away from plugins such as EPS, which runs Ghostscript.
SOURCE_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP")

_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def fit_inside(size: Size, box: Size) -> Size:
    """Scale ``size`` to the largest size with the same aspect ratio that fits in ``box``."""
    width, height = size
    scale = min(box[0] / width, box[1] / height)
    return (
        min(box[0], max(1, round(width * scale))),
        min(box[1], max(1, round(height * scale))),
    )


def open_source(path: Path, display: str, fit_size: Size | None = None) -> Image.Image:
    """Decode a source image into upright sRGB ``RGB`` or ``RGBA`` pixels.

    With ``fit_size``, a JPEG is decoded at 1/2, 1/4 or 1/8 scale when the image,
    fitted inside that box with its aspect ratio kept, still has at least that many
    pixels. Raises InputError naming ``display`` for a missing, unreadable,
    truncated or oversized file.
    """
    if fit_size is None:
        return open_scaled(path, display, None)
    box = fit_size
    return open_scaled(path, display, lambda upright: fit_inside(upright, box))


def open_scaled(path: Path, display: str, needed_size: NeededSize | None) -> Image.Image:
    """Decode like ``open_source``; ``needed_size`` maps the upright source size to the minimum size to decode."""
    try:
        if path.stat().st_size == 0:
            raise InputError(
                _("{file} is empty (0 bytes)", file=display),
                path=display,
                hint=_("Copy the image again: an interrupted download or sync can leave an empty file."),
            )
        with path.open("rb") as handle:
            image = open_checked(handle, display)
            if needed_size is not None and image.format == "JPEG":
                # JPEG EXIF sits in the header, so the orientation is known before decoding.
                _draft(image, _orientation(image), needed_size)
            _load(image, display)
            return _finish(image, _orientation(image), display)
    except FileNotFoundError:
        raise InputError(_("file not found: {file}", file=display), path=display) from None
    except IsADirectoryError:
        raise InputError(_("{file} is a folder, not a file", file=display), path=display) from None
    except OSError as error:
        raise InputError(
            _("cannot read {file}: {reason}", file=display, reason=error.strerror or error),
            path=display,
        ) from None


def open_checked(handle: IO[bytes], display: str) -> ImageFile.ImageFile:
    """Read the header and reject files over ``Image.MAX_IMAGE_PIXELS`` before any pixel is allocated."""
    try:
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that, so the filter
        # turns the warning into an error. NOTE: catch_warnings is not thread-safe,
        # so under threads the explicit size check below is what enforces the limit.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(handle, formats=SOURCE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb_error(display) from None
    except UnidentifiedImageError:
        raise InputError(
            _("{file} is not an image that linkstar can read (supported: {formats})", file=display, formats="JPEG, PNG, GIF, WebP, TIFF, BMP"),
            path=display,
            hint=_("Export the image as JPEG or PNG and point the asset entry at that file."),
        ) from None
    except (OSError, ValueError, EOFError, SyntaxError, struct.error) as error:
        raise _corrupt_error(display, error) from None

    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and image.width * image.height > limit:
        raise _bomb_error(display)
    return image


def count_frames(path: Path) -> int:
    """Count the frames or pages of an animated or multi-page source, reading headers only.

    Returns 1 for a still image, for a format whose frames are not animation (MPO),
    and for a file that cannot be read, which decoding then reports. A later frame
    over the pixel limit is counted but never decoded.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=SOURCE_FORMATS) as image:
                if image.format not in MULTI_FRAME_FORMATS:
                    return 1
                return int(getattr(image, "n_frames", 1))
    except (OSError, ValueError, EOFError, SyntaxError, struct.error, Image.DecompressionBombError):
        return 1


def _bomb_error(display: str) -> InputError:
    limit = Image.MAX_IMAGE_PIXELS
    return InputError(
        _("{file} is larger than {limit} pixels, the limit for a source image, so it was not decoded", file=display, limit=limit),
        path=display,
        hint=_("A small file that claims a huge image is a decompression bomb: delete it. If the image is real, scale it down below {limit} pixels and export it again.", limit=limit),
    )


def _corrupt_error(display: str, error: BaseException) -> InputError:
    # Pillow raises a plain OSError("image file is truncated ...") for a file cut short.
    if "truncated" in str(error):
        return InputError(
            _("{file}: image file is truncated, so its pixels cannot be decoded", file=display),
            path=display,
            hint=_("Re-export the image from its source, or copy it again if a download or sync was interrupted."),
        )
    return InputError(
        _("{file}: image data is corrupt ({reason})", file=display, reason=error),
        path=display,
        hint=_("Re-export the image from its source as JPEG or PNG."),
    )


def _orientation(image: Image.Image) -> int:
    """Read the EXIF (or XMP) Orientation; values outside 1–8, such as 0, count as 1."""
    value = image.getexif().get(ExifTags.Base.Orientation, 1)
    return value if value in _TRANSPOSE_FOR_ORIENTATION else 1


def _draft(image: ImageFile.ImageFile, orientation: int, needed_size: NeededSize) -> None:
    """Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the result keeps at least the needed size."""
    stored = image.size
    swapped = orientation >= 5
    upright = (stored[1], stored[0]) if swapped else stored
    needed = needed_size(upright)
    request = (needed[1], needed[0]) if swapped else needed
    if request[0] < stored[0] and request[1] < stored[1]:
        # draft() picks the largest s of 8, 4, 2, 1 with s <= stored // request on both
        # axes, so the decoded size never drops below the request.
        image.draft("RGB", request)


def _load(image: Image.Image, display: str) -> None:
    # Pillow opens an animated GIF or WebP, a multi-page TIFF and an MPO at frame 0,
    # so this loads the first frame only.
    # NOTE: a JPEG cut short but ending with an EOI marker still loads, with grey
    # rows at the bottom, because libjpeg only warns about it.
    try:
        image.load()
    except (OSError, ValueError, EOFError, SyntaxError, struct.error) as error:
        raise _corrupt_error(display, error) from None


def _finish(image: Image.Image, orientation: int, display: str) -> Image.Image:
    """Convert to sRGB, turn upright and drop metadata, so nothing downstream reads EXIF again."""
    result = to_srgb(image, display)
    method = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    if method is not None:
        result = result.transpose(method)
    result.info = {}
    result.getexif().clear()
    return result
