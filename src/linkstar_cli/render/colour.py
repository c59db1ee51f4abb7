"""Colour conversion of decoded sources to 8-bit sRGB, keeping any transparency as alpha."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageCms

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _

# Mode "I" (32-bit) is read as 16-bit samples too: values outside 0–65535 clip.
_SIXTEEN_BIT_MODES = ("I;16", "I;16L", "I;16B", "I;16N", "I")
_ALPHA_MODES = {"RGBA": "RGBA", "RGBa": "RGBA", "LA": "LA", "La": "LA", "PA": "RGBA"}
# ICC colour space signatures (padded to 4 characters) and the Pillow mode of matching pixels.
_PROFILE_MODES = {"RGB": "RGB", "CMYK": "CMYK"}


@cache
def srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def _sixteen_to_eight_bits() -> list[int]:
    # A 16-bit sample v becomes v >> 8, so 65535 maps to 255; clipping would turn
    # every value above 255 white.
    return [value >> 8 for value in range(65536)]


@cache
def _key_colour_mask(key: int) -> list[int]:
    return [0 if value == key else 255 for value in range(65536)]


def to_srgb(image: Image.Image, display: str) -> Image.Image:
    """Return ``image`` as 8-bit sRGB: ``RGBA`` when it has transparency, else ``RGB``.

    An embedded RGB or CMYK ICC profile is converted to sRGB with LittleCMS; a CMYK
    image without a profile falls back to Pillow's conversion. An sRGB ``RGB``
    image, or an sRGB ``RGBA`` one with some transparency, is returned itself.
    """
    if image.mode == "RGBA" and _profile_to_apply(image.info.get("icc_profile"), "RGB", display) is None:
        # Already 8-bit sRGB with alpha, so only the alpha band needs checking.
        # Copying that band costs a quarter of the pixels, while splitting and
        # merging every channel copied all of them twice.
        if image.getchannel("A").getextrema() == (255, 255):
            return image.convert("RGB")
        return image
    colour, alpha = _split_alpha(image)
    colour = _colour_to_srgb(colour, image.info.get("icc_profile"), display)
    if alpha is None or alpha.getextrema() == (255, 255):
        return colour
    colour.putalpha(alpha)
    return colour


def _split_alpha(image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    """Separate 8-bit colour channels (L, RGB or CMYK) from an alpha mask, if the image has one."""
    mode = image.mode
    if mode in _SIXTEEN_BIT_MODES:
        return _split_sixteen_bit(image)
    if mode == "P":
        has_alpha = "transparency" in image.info or (image.palette is not None and image.palette.mode == "RGBA")
        image = image.convert("RGBA" if has_alpha else "RGB")
        mode = image.mode
    if mode in ("L", "RGB") and "transparency" in image.info:
        # A tRNS key colour: pixels of exactly that value are transparent.
        image = image.convert("LA" if mode == "L" else "RGBA")
        mode = image.mode
    if mode in _ALPHA_MODES:
        bands = image.convert(_ALPHA_MODES[mode]).split()
        colour_mode = "L" if len(bands) == 2 else "RGB"
        return Image.merge(colour_mode, bands[:-1]), bands[-1]
    if mode in ("L", "RGB", "CMYK"):
        return image, None
    if mode == "LAB":
        converted = ImageCms.profileToProfile(image, ImageCms.createProfile("LAB"), srgb_profile(), outputMode="RGB")
        assert converted is not None
        return converted, None
    # "1", "F", "YCbCr", "HSV": Pillow's own conversion is exact or clips to 0–255.
    return image.convert("RGB"), None


def _split_sixteen_bit(image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    wide = image.convert("I")
    grey = wide.point(_sixteen_to_eight_bits(), "L")
    key = image.info.get("transparency")
    if not isinstance(key, int):
        return grey, None
    return grey, wide.point(_key_colour_mask(key), "L")


def _colour_to_srgb(image: Image.Image, icc: bytes | None, display: str) -> Image.Image:
    """Convert L, RGB or CMYK pixels to sRGB ``RGB``, through the embedded ICC profile when there is one."""
    profile = _profile_to_apply(icc, image.mode, display)
    if profile is not None:
        try:
            # Perceptual is the ImageCms default. It uses the profile's perceptual
            # table where there is one, as in the LUT-based "TIFF RGB" profile.
            converted = ImageCms.profileToProfile(
                image, profile, srgb_profile(), renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
            )
        except ImageCms.PyCMSError as error:
            raise _profile_error(display, error) from None
        assert converted is not None
        return converted
    return image if image.mode == "RGB" else image.convert("RGB")


def _profile_to_apply(icc: bytes | None, mode: str, display: str) -> ImageCms.ImageCmsProfile | None:
    """Return the embedded profile that pixels of ``mode`` must be converted from, or None when they are taken as sRGB.

    Pixels are taken as sRGB when there is no profile, when the profile is an sRGB
    one, or when it does not describe these pixels (a grey profile on an image
    Pillow already expanded to RGB). A profile that cannot be read raises InputError.
    """
    profile = read_profile(icc, display) if icc else None
    if profile is None or _PROFILE_MODES.get(profile.profile.xcolor_space.strip()) != mode:
        return None
    if mode == "RGB" and is_srgb(profile):
        return None
    return profile


def read_profile(icc: bytes, display: str) -> ImageCms.ImageCmsProfile:
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (ImageCms.PyCMSError, OSError) as error:
        raise _profile_error(display, error) from None


def is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    # Common sRGB profiles ("sRGB IEC61966-2.1", "sRGB built-in", "sRGB2014") start
    # with "sRGB". The transform is skipped because, from sRGB IEC61966-2.1 to
    # LittleCMS's built-in sRGB, it changed no 8-bit value (LittleCMS 2.19).
    description = profile.profile.profile_description or ""
    return description.startswith("sRGB")


def _profile_error(display: str, error: Exception) -> InputError:
    return InputError(
        _("{file} has an embedded ICC colour profile that cannot be used ({reason})", file=display, reason=error),
        path=display,
        hint=_("Re-export the image in sRGB, or without a colour profile."),
    )
