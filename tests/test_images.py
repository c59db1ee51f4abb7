from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageFile, ImageStat

from linkstar_cli.errors import InputError, RenderError
from linkstar_cli.render.colour import srgb_profile
from linkstar_cli.render.encode import encode_jpeg, jpeg_qtables, quality_steps
from linkstar_cli.render.images import (
    aligned_offset,
    open_source,
    render_file,
    render_image,
    render_outputs,
    scaled_size,
)
from linkstar_cli.specs.model import ImageOutput

FIXTURES = Path(__file__).parent / "fixtures"
PHOTOS = FIXTURES / "photos" / "exif-orientation"
IMAGES = FIXTURES / "images"
WHITE = (255, 255, 255)
ALL_WHITE = ((255, 255),) * 3

# Each Landscape_n/Portrait_n photo was re-encoded after its transform, so even
# when upright it differs a little from the _1 twin: the measured mean absolute
# difference of the 500 px renders is at most 1.8 levels per channel. Any wrong
# orientation (mirror, 180° or 90° turn, or the tag ignored) measured 28 or more.
UPRIGHT_MAX_DIFFERENCE = 5.0


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def mean_difference(first: Image.Image, second: Image.Image) -> float:
    channels = ImageStat.Stat(ImageChops.difference(first.convert("RGB"), second.convert("RGB"))).mean
    return sum(channels) / len(channels)


def output(**fields: object) -> ImageOutput:
    values: dict[str, object] = {"name": "{sku}.MAIN.jpg", "size": (1000, 1000)}
    values.update(fields)
    return ImageOutput.model_validate(values)


def render_png_same_size(name: str) -> Image.Image:
    """Render a source at its own size as PNG, so every pixel can be compared exactly."""
    source = open_source(IMAGES / name, name)
    return decode(render_image(source, output(name="o.png", size=source.size, fit="contain", format="png")))


# --- EXIF orientation -------------------------------------------------------


@pytest.mark.parametrize("kind", ["Landscape", "Portrait"])
@pytest.mark.parametrize("orientation", range(9))
def test_orientation_renders_upright(kind: str, orientation: int) -> None:
    spec = output(name="o.jpg", size=(500, 500), fit="contain")
    reference = decode(render_image(open_source(PHOTOS / f"{kind}_1.jpg", "ref.jpg", (500, 500)), spec))
    rendered = decode(render_image(open_source(PHOTOS / f"{kind}_{orientation}.jpg", "photo.jpg", (500, 500)), spec))

    expected_size = (500, 333) if kind == "Landscape" else (333, 500)
    assert rendered.size == expected_size
    assert mean_difference(rendered, reference) < UPRIGHT_MAX_DIFFERENCE
    assert 0x0112 not in rendered.getexif()


def test_orientation_tag_gone_from_source() -> None:
    source = open_source(PHOTOS / "Portrait_6.jpg", "Portrait_6.jpg")

    assert source.size == (1200, 1800)
    assert len(source.getexif()) == 0
    assert source.info == {}


def test_orientation_zero_counts_as_one() -> None:
    invalid = open_source(PHOTOS / "Landscape_0.jpg", "Landscape_0.jpg")
    normal = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg")

    assert invalid.size == normal.size == (1800, 1200)
    assert mean_difference(invalid, normal) < UPRIGHT_MAX_DIFFERENCE


# --- JPEG draft (DCT-scaled decoding) ---------------------------------------


def test_draft_decodes_at_quarter_scale() -> None:
    # Fitted into 400×400, the 1800×1200 photo needs 400×267: libjpeg can decode
    # at 1/4 (450×300). A square 400×400 request would only allow 1/2.
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (400, 400))

    assert source.size == (450, 300)


def test_draft_uses_upright_size() -> None:
    # Stored 1200×1800 with orientation 6; upright it is 1800×1200.
    source = open_source(PHOTOS / "Landscape_6.jpg", "Landscape_6.jpg", (400, 400))

    assert source.size == (450, 300)


def test_draft_never_below_fit_size() -> None:
    # 1800×1200 in 500×500 needs 500×333; 1/4 scale (450×300) would be too small.
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (500, 500))

    assert source.size == (900, 600)


def test_draft_skipped_for_larger_output() -> None:
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (2000, 2000))

    assert source.size == (1800, 1200)


def test_render_file_decodes_for_largest_output() -> None:
    small = output(name="small.jpg", size=(300, 300))
    cover = output(name="cover.jpg", size=(400, 400), fit="cover")

    results = render_file(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", [small, cover])

    # cover needs 600×400 from the 1800×1200 source, so 1/2 scale is the limit
    # and the cover output is not upscaled.
    assert [result.size for result in results] == [(300, 300), (400, 400)]
    assert [result.upscaled for result in results] == [False, False]


# --- transparency -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "point"),
    [
        ("transparent.png", (0, 0)),
        ("transparent.webp", (0, 0)),
        ("pil123p.png", (0, 0)),
        ("200x32_la.png", (98, 16)),
        ("i_trns.png", (32, 32)),
    ],
)
def test_transparent_pixel_becomes_white(name: str, point: tuple[int, int]) -> None:
    # Each point has alpha 0 in the source (for i_trns.png: the tRNS grey value).
    rendered = render_png_same_size(name)

    assert rendered.mode == "RGB"
    assert rendered.getpixel(point) == WHITE


@pytest.mark.parametrize("name", ["transparent.png", "transparent.webp", "pil123p.png", "200x32_la.png", "i_trns.png"])
def test_alpha_kept_by_open_source(name: str) -> None:
    source = open_source(IMAGES / name, name)

    assert source.mode == "RGBA"
    assert source.getchannel("A").getextrema()[0] == 0


def test_partial_alpha_blends_with_white() -> None:
    # Pixel (100, 16) of the LA image is grey 227 at alpha 6.
    rendered = render_png_same_size("200x32_la.png")

    expected = round((227 * 6 + 255 * (255 - 6)) / 255)
    assert rendered.getpixel((100, 16)) == (expected,) * 3


def test_transparent_jpeg_corner_white() -> None:
    source = open_source(IMAGES / "transparent.png", "transparent.png")
    rendered = decode(render_image(source, output(name="o.jpg", size=(200, 150), fit="contain")))

    assert rendered.getpixel((0, 0)) == WHITE
    assert rendered.getpixel((199, 149)) == WHITE


def test_sixteen_bit_scaled_not_clipped() -> None:
    # i_trns.png stores 16-bit grey values 0..255 out of 65535, so v >> 8 makes
    # them all black; clipping to 8 bits would have kept 219 at (63, 63).
    rendered = render_png_same_size("i_trns.png")

    assert rendered.getpixel((63, 63)) == (0, 0, 0)
    assert rendered.getpixel((0, 0)) == (0, 0, 0)
    assert rendered.getpixel((32, 32)) == WHITE


def test_gif_first_frame() -> None:
    source = open_source(IMAGES / "chi.gif", "chi.gif")
    with Image.open(IMAGES / "chi.gif") as gif:
        first = gif.convert("RGB")
        gif.seek(5)
        later = gif.convert("RGB")

    assert source.mode == "RGB"
    assert source.size == (320, 240)
    assert mean_difference(source, first) == 0
    assert mean_difference(source, later) > 0


# --- colour -----------------------------------------------------------------


def test_cmyk_converted_not_inverted() -> None:
    # The image is the word "RED" in red on a black background. Decoded without
    # the Adobe inversion, it is black letters on a light pink (218, 192, 189).
    source = open_source(IMAGES / "pil_sample_cmyk.jpg", "pil_sample_cmyk.jpg")
    colours = Counter(source.get_flattened_data())
    dominant = colours.most_common(1)[0][0]
    red = sum(count for (r, g, b), count in colours.items() if r > 200 and g < 60 and b < 60)

    assert source.mode == "RGB"
    assert max(dominant) < 20
    assert red > 300


def test_big_icc_profile_converted_to_srgb() -> None:
    # Reference: LittleCMS applied directly with the file's own "TIFF RGB" profile.
    with Image.open(IMAGES / "icc_profile_big.jpg") as original:
        original.load()
        embedded = ImageCms.ImageCmsProfile(io.BytesIO(original.info["icc_profile"]))
        reference = ImageCms.profileToProfile(original, embedded, srgb_profile(), outputMode="RGB")
        untagged = original.convert("RGB")
    assert reference is not None

    source = open_source(IMAGES / "icc_profile_big.jpg", "icc_profile_big.jpg")
    rendered = decode(render_image(source, output(name="o.png", size=(425, 250), fit="contain", format="png")))

    assert source.mode == "RGB"
    assert ImageChops.difference(source, reference).getextrema() == ((0, 0),) * 3
    assert mean_difference(rendered, reference) == 0
    # The profile matters: ignoring it is off by about 9 levels on average.
    assert mean_difference(source, untagged) > 5
    assert "icc_profile" not in rendered.info


def test_srgb_tiff_pixels_unchanged() -> None:
    # tiff_adobe_deflate.tif embeds "sRGB IEC61966-2.1", so no conversion is due.
    source = open_source(IMAGES / "tiff_adobe_deflate.tif", "tiff_adobe_deflate.tif")
    with Image.open(IMAGES / "tiff_adobe_deflate.tif") as original:
        pixels = original.convert("RGB")

    assert source.mode == "RGB"
    assert source.size == (278, 374)
    assert mean_difference(source, pixels) == 0


# --- fit and the white frame ------------------------------------------------


def test_pad_frame_exactly_white() -> None:
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (1000, 1000))
    rendered = decode(render_image(source, output()))

    assert rendered.size == (1000, 1000)
    width, height = rendered.size
    for corner in [(0, 0), (width - 1, 0), (0, height - 1), (width - 1, height - 1)]:
        assert rendered.getpixel(corner) == WHITE
    assert rendered.crop((0, 0, width, 1)).getextrema() == ALL_WHITE
    assert rendered.crop((0, height - 1, width, height)).getextrema() == ALL_WHITE


def test_pad_background_blocks_exact() -> None:
    # 1800×1200 fits as 1000×667; centred at y=166, it is moved to the 8 px grid
    # at y=168. Every 8×8 block outside rows 168..839 holds only background.
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (1000, 1000))
    rendered = decode(render_image(source, output()))

    assert rendered.crop((0, 0, 1000, 168)).getextrema() == ALL_WHITE
    assert rendered.crop((0, 840, 1000, 1000)).getextrema() == ALL_WHITE
    assert rendered.crop((0, 168, 1000, 169)).getextrema() != ALL_WHITE
    assert rendered.crop((0, 834, 1000, 835)).getextrema() != ALL_WHITE


def test_pad_margin_kept() -> None:
    spec = output(size=(1000, 1000), margin=0.1)
    source = open_source(PHOTOS / "Portrait_1.jpg", "Portrait_1.jpg", (1000, 1000))
    rendered = decode(render_image(source, spec))

    # Portrait 1200×1800 in the 800×800 inner box: 533×800, rows 100..899.
    assert scaled_size(source.size, spec) == (533, 800)
    assert rendered.size == (1000, 1000)
    assert rendered.crop((0, 0, 1000, 96)).getextrema() == ALL_WHITE
    assert rendered.crop((0, 904, 1000, 1000)).getextrema() == ALL_WHITE
    assert rendered.crop((0, 0, 232, 1000)).getextrema() == ALL_WHITE
    assert rendered.crop((768, 0, 1000, 1000)).getextrema() == ALL_WHITE


@pytest.mark.parametrize("quality", range(10, 101))
def test_white_block_exact_at_quality(quality: int) -> None:
    # With libjpeg's plain tables, white decodes as 254 at qualities such as 45.
    white = Image.new("RGB", (16, 16), WHITE)

    assert decode(encode_jpeg(white, quality, "4:4:4")).getextrema() == ALL_WHITE


def test_qtables_match_libjpeg_quality() -> None:
    # Away from the luma DC step, the tables equal what libjpeg makes for quality=N.
    photo = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (300, 300))
    plain = io.BytesIO()
    photo.save(plain, "JPEG", quality=90)
    luma, chroma = jpeg_qtables(90)

    assert decode(plain.getvalue()).quantization == {0: list(luma), 1: list(chroma)}
    assert jpeg_qtables(45)[0][0] == 17


@pytest.mark.parametrize(
    ("canvas", "item", "margin", "expected"),
    [
        (1000, 667, 0, 168),
        (1000, 800, 100, 100),
        (1000, 533, 100, 232),
        (1000, 1000, 0, 0),
        (50, 41, 0, 0),
        (50, 37, 5, 8),
        (50, 39, 5, 5),
    ],
)
def test_aligned_offset(canvas: int, item: int, margin: int, expected: int) -> None:
    assert aligned_offset(canvas, item, margin, 8) == expected


def test_contain_output_at_scaled_size() -> None:
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg")
    rendered = decode(render_image(source, output(size=(1000, 1000), fit="contain")))

    assert rendered.size == (1000, 667)


def test_cover_crops_centre() -> None:
    spec = output(name="o.png", size=(500, 500), fit="cover", format="png")
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg")
    rendered = decode(render_image(source, spec))
    reference = source.resize((750, 500), Image.Resampling.LANCZOS).crop((125, 0, 625, 500))

    assert rendered.size == (500, 500)
    assert mean_difference(rendered, reference) == 0


def test_small_source_upscaled() -> None:
    source = open_source(IMAGES / "pil_sample_cmyk.jpg", "pil_sample_cmyk.jpg")
    [result] = render_outputs(source, [output(size=(500, 500))])

    assert result.upscaled
    assert result.size == (500, 500)
    assert decode(result.data).size == (500, 500)


# --- encoding ---------------------------------------------------------------


def test_jpeg_has_no_metadata() -> None:
    source = open_source(PHOTOS / "Landscape_6.jpg", "Landscape_6.jpg", (1000, 1000))
    data = render_image(source, output())
    rendered = decode(data)

    assert rendered.format == "JPEG"
    assert rendered.mode == "RGB"
    assert not rendered.info.get("progressive")
    assert len(rendered.getexif()) == 0
    for key in ("exif", "xmp", "comment", "icc_profile"):
        assert key not in rendered.info
    assert b"Exif\x00\x00" not in data
    assert b"ICC_PROFILE" not in data
    assert b"http://ns.adobe.com/xap/" not in data


def test_cmyk_source_metadata_dropped() -> None:
    # pil_sample_cmyk.jpg carries EXIF, XMP and Photoshop blocks.
    source = open_source(IMAGES / "pil_sample_cmyk.jpg", "pil_sample_cmyk.jpg")
    data = render_image(source, output(size=(100, 100)))

    assert b"Exif\x00\x00" not in data
    assert b"Photoshop" not in data
    assert b"http://ns.adobe.com/xap/" not in data


def test_png_output() -> None:
    source = open_source(IMAGES / "transparent.png", "transparent.png")
    rendered = decode(render_image(source, output(name="o.png", size=(400, 400), format="png")))

    assert rendered.format == "PNG"
    assert rendered.mode == "RGB"
    assert rendered.size == (400, 400)
    assert rendered.getpixel((0, 0)) == WHITE


def test_output_deterministic() -> None:
    spec = output(max_bytes=150_000)
    first = render_image(open_source(PHOTOS / "Landscape_3.jpg", "a.jpg", (1000, 1000)), spec)
    second = render_image(open_source(PHOTOS / "Landscape_3.jpg", "a.jpg", (1000, 1000)), spec)

    assert first == second


def test_quality_steps() -> None:
    assert quality_steps(90, 60) == [90, 85, 80, 75, 70, 65, 60]
    assert quality_steps(90, 62) == [90, 85, 80, 75, 70, 65, 62]
    assert quality_steps(80, 80) == [80]


def test_budget_lowers_quality() -> None:
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (1000, 1000))
    unlimited = render_outputs(source, [output()])[0]
    budget = 150_000
    assert len(unlimited.data) > budget

    [result] = render_outputs(source, [output(max_bytes=budget)])
    assert result.quality is not None

    assert len(result.data) <= budget
    assert result.quality < 90
    # The quality one step higher did not fit, so no step was skipped.
    above = render_outputs(source, [output(quality=result.quality + 5)])[0]
    assert len(above.data) > budget


def test_budget_untouched_when_it_fits() -> None:
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (1000, 1000))
    [result] = render_outputs(source, [output(max_bytes=10_000_000)])

    assert result.quality == 90


def test_impossible_budget_raises() -> None:
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg", (1000, 1000))
    at_minimum = render_outputs(source, [output(quality=60)])[0]

    with pytest.raises(RenderError) as raised:
        render_image(source, output(max_bytes=1000), label="SKU-1.MAIN.jpg")

    assert raised.value.message == (
        f"SKU-1.MAIN.jpg does not fit in 1000 bytes: at the minimum JPEG quality 60 it takes {len(at_minimum.data)} bytes"
    )
    assert raised.value.hint == "Raise max_bytes or lower min_quality in the platform spec's render plan."


def test_png_over_budget_raises() -> None:
    source = open_source(IMAGES / "transparent.png", "transparent.png")
    size = len(render_image(source, output(name="o.png", size=(200, 150), format="png")))

    with pytest.raises(RenderError) as raised:
        render_image(source, output(name="o.png", size=(200, 150), format="png", max_bytes=100), label="o.png")

    assert raised.value.message == f"o.png does not fit in 100 bytes: as PNG it takes {size} bytes"


# --- several outputs from one source ---------------------------------------


def test_outputs_keep_order_and_sizes() -> None:
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg")
    specs = [
        output(name="small.jpg", size=(300, 300)),
        output(name="large.jpg", size=(1500, 1500)),
        output(name="thumb.png", size=(200, 200), fit="contain", format="png"),
        output(name="medium.jpg", size=(800, 800)),
    ]

    results = render_outputs(source, specs)

    assert [result.size for result in results] == [(300, 300), (1500, 1500), (200, 133), (800, 800)]
    assert [result.format for result in results] == ["jpeg", "jpeg", "png", "jpeg"]
    assert [decode(result.data).size for result in results] == [(300, 300), (1500, 1500), (200, 133), (800, 800)]


def test_derived_outputs_match_direct() -> None:
    # Smaller outputs are resized from the larger result, not from the source;
    # the double resize must stay close to a direct one.
    source = open_source(PHOTOS / "Landscape_1.jpg", "Landscape_1.jpg")
    large = output(name="large.png", size=(1500, 1500), format="png")
    small = output(name="small.png", size=(400, 400), format="png")

    derived = render_outputs(source, [large, small])[1]
    direct = render_outputs(source, [small])[0]

    assert mean_difference(decode(derived.data), decode(direct.data)) < 1.0


def test_upscaled_output_not_reused() -> None:
    # From a 100×100 source, the 300 px output must come from the source, not
    # from the 500 px upscaled result.
    source = open_source(IMAGES / "pil_sample_cmyk.jpg", "pil_sample_cmyk.jpg")
    large = output(name="large.jpg", size=(500, 500))
    small = output(name="small.jpg", size=(300, 300))

    together = render_outputs(source, [large, small])[1]
    alone = render_outputs(source, [small])[0]

    assert together.data == alone.data


def test_backgrounds_not_mixed() -> None:
    source = open_source(IMAGES / "transparent.png", "transparent.png")
    white = output(name="white.png", size=(400, 300), fit="contain", format="png")
    black = output(name="black.png", size=(200, 150), fit="contain", format="png", background="#000000")

    on_white, on_black = render_outputs(source, [white, black])

    assert decode(on_white.data).getpixel((0, 0)) == WHITE
    assert decode(on_black.data).getpixel((0, 0)) == (0, 0, 0)


# --- bad input --------------------------------------------------------------


def test_bomb_rejected_without_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail_load(self: ImageFile.ImageFile) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", fail_load)
    path = IMAGES / "decompression_bomb.gif"
    images_before = Image.core.get_stats()["new_count"]

    with pytest.raises(InputError) as raised:
        open_source(path, "skus/A1/assets/decompression_bomb.gif")

    assert path.stat().st_size == 44
    assert Image.core.get_stats()["new_count"] == images_before
    assert raised.value.message == (
        "skus/A1/assets/decompression_bomb.gif is larger than 89478485 pixels, the limit for a source image, so it was not decoded"
    )
    assert raised.value.path == Path("skus/A1/assets/decompression_bomb.gif")


@pytest.mark.parametrize("limit", [20_000, 10_000])
def test_bomb_warning_band_rejected(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    # transparent.png has 30,000 pixels: Pillow only warns above 20,000 (the
    # limit) and raises above 2 × 10,000.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)

    with pytest.raises(InputError) as raised:
        open_source(IMAGES / "transparent.png", "transparent.png")

    assert raised.value.message == (
        f"transparent.png is larger than {limit} pixels, the limit for a source image, so it was not decoded"
    )


def test_truncated_jpeg_rejected() -> None:
    with pytest.raises(InputError) as raised:
        open_source(IMAGES / "truncated_jpeg.jpg", "truncated_jpeg.jpg")

    assert raised.value.message == "truncated_jpeg.jpg: image file is truncated, so its pixels cannot be decoded"
    assert raised.value.hint == "Re-export the image from its source, or copy it again if a download or sync was interrupted."


def test_truncated_png_rejected(tmp_path: Path) -> None:
    data = (IMAGES / "transparent.png").read_bytes()
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: len(data) // 2])

    with pytest.raises(InputError) as raised:
        open_source(cut, "cut.png")

    assert raised.value.message == "cut.png: image file is truncated, so its pixels cannot be decoded"


def test_not_an_image_rejected(tmp_path: Path) -> None:
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a picture\n")

    with pytest.raises(InputError) as raised:
        open_source(notes, "notes.jpg")

    assert raised.value.message == "notes.jpg is not an image that linkstar can read (supported: JPEG, PNG, GIF, WebP, TIFF, BMP)"
    assert raised.value.hint == "Export the image as JPEG or PNG and point the asset entry at that file."


def test_missing_file_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        open_source(tmp_path / "gone.jpg", "gone.jpg")

    assert raised.value.message == "file not found: gone.jpg"


def test_trim_makes_product_fill_inside_margin() -> None:
    from PIL import ImageChops, ImageDraw

    from linkstar_cli.render.images import render_image
    from linkstar_cli.specs.model import ImageOutput

    photo = Image.new("RGB", (1200, 800), (255, 255, 255))
    ImageDraw.Draw(photo).rectangle((300, 200, 899, 599), fill=(40, 40, 40))
    output = ImageOutput(name="x.jpg", size=(1000, 1000), fit="pad", margin=0.05, trim=True)

    with Image.open(io.BytesIO(render_image(photo, output))) as rendered:
        box = ImageChops.difference(rendered.convert("RGB"), Image.new("RGB", rendered.size, (255, 255, 255))).convert("L").point(lambda v: 255 if v > 16 else 0).getbbox()

    assert box is not None
    assert box[0] in range(48, 53)
    assert box[2] in range(948, 953)
    assert rendered.getpixel((0, 0)) == (255, 255, 255)


def test_trim_keeps_full_bleed_photo() -> None:
    from linkstar_cli.render.images import trim_border

    photo = Image.new("RGB", (300, 200), (30, 90, 200))

    assert trim_border(photo, "#FFFFFF") is photo
