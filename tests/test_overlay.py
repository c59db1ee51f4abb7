from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from linkstar_cli.errors import ErrorList, InputError, RenderError
from linkstar_cli.model.brand import BrandColours
from linkstar_cli.model.copy import Copy
from linkstar_cli.render import fonts as fonts_module
from linkstar_cli.render.fonts import choose_font, font_cmap, is_ignorable, load_font
from linkstar_cli.render.layout import Layout, load_layout, texts_from_copy
from linkstar_cli.render.overlay import contain_size, fit_element, render_overlay
from linkstar_cli.render.textfit import fit_text, split_clusters, wrap_paragraph
from linkstar_cli.resources import data_dir

FONTS = Path(__file__).parent / "fixtures" / "fonts"
SANS = ("sans", FONTS / "NotoSans-Regular-subset.ttf")
SANS_BOLD = ("sans-bold", FONTS / "NotoSans-Bold-subset.ttf")
CJK = ("cjk", FONTS / "NotoSansCJKjp-Regular-subset.otf")
ARABIC = ("arabic", FONTS / "NotoSansArabic-Regular-subset.ttf")
THAI = ("thai", FONTS / "NotoSansThai-Regular-subset.ttf")
BRAND_FONTS = [SANS, CJK, ARABIC, THAI]
COLOURS = BrandColours(primary="#1A4D8F", accent="#E4572E", text="#202020", background="#F5F0E6")
BUILTIN_LAYOUTS = data_dir("templates") / "layouts"
FEATURE_TEXTS = {
    "overlays.headline": "Ergonomischer Griff aus Buchenholz",
    "overlays.feature_1": "Spülmaschinenfest und langlebig",
    "overlays.feature_2": "Nur 227 g leicht",
    "overlays.feature_3": "Hitzebeständig bis 220 °C",
}
ARABIC_TEXT = "آمن في غسالة الصحون"
ARABIC_SHORT = "خشب الزان"
THAI_TEXT = "น้ำหนักเบาแต่แข็งแรงทนทานใช้งานได้นานหลายปี"


def text_layout(**text: Any) -> Layout:
    """Build a layout with one text box on a white background, for tests of a single text."""
    element = {"field": "overlays.headline", "box": {"x": 0.1, "y": 0.1, "w": 0.8, "h": 0.3}, "max_size": 0.1, "min_size": 0.04, "max_lines": 2}
    element.update(text)
    return Layout.model_validate({"background": "#FFFFFF", "elements": [{"text": element}]})


def ink_columns(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int]:
    """Return the leftmost and rightmost column inside ``box`` that has a non-white pixel."""
    grey = image.crop(box).convert("L").point(lambda value: 255 if value < 250 else 0)
    bounds = grey.getbbox()
    assert bounds is not None, "no ink in the box"
    return box[0] + bounds[0], box[0] + bounds[2] - 1


# Fixture fonts


def test_fixture_fonts_small_and_licensed() -> None:
    total = sum(path.stat().st_size for path in FONTS.iterdir() if path.suffix in (".ttf", ".otf"))
    assert total < 600_000
    assert (FONTS / "OFL.txt").is_file()
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert (FONTS / "SOURCES.md").is_file()


def test_font_cmap_cached_per_path() -> None:
    first = font_cmap(SANS[1])
    second = font_cmap(SANS[1])
    assert first is second
    assert ord("ü") in first
    assert ord("語") not in font_cmap(CJK[1])


def test_unreadable_font_file_error(tmp_path: Path) -> None:
    broken = tmp_path / "Broken.ttf"
    broken.write_bytes(b"not a font")
    with pytest.raises(InputError) as caught:
        choose_font("Griff", [("broken", broken)], sku="WOO-1", locale="de-DE", field="title")
    assert caught.value.message.startswith(f"font file {broken.as_posix()} cannot be read: ")
    assert caught.value.hint == "Replace the file with a valid TrueType or OpenType font, or remove it from brand/brand.yaml."


# Layout files


def test_builtin_features_layout_fields() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    assert layout.id == "features"
    assert layout.fields() == ["overlays.headline", "overlays.feature_1", "overlays.feature_2", "overlays.feature_3"]
    assert layout.mirror_rtl is True


def test_local_layout_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "features.yaml").write_text(
        "background: accent\nelements:\n  - photo:\n      box: {x: 0, y: 0, w: 1, h: 1}\n",
        encoding="utf-8",
    )
    layout = load_layout("features", [tmp_path, BUILTIN_LAYOUTS])
    assert layout.background == "accent"
    assert layout.fields() == []


def test_layout_error_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "layouts"
    folder.mkdir(parents=True)
    (folder / "banner.yaml").write_text(
        "elements:\n  - rect:\n      box: {x: 0, y: 0, w: 1, h: 0.5}\n      colour: teal\n",
        encoding="utf-8",
    )
    with pytest.raises(ErrorList) as caught:
        load_layout("banner", [folder], root=tmp_path)
    [error] = caught.value.errors
    assert error.message == "\"teal\" is not a brand colour name or a #RRGGBB colour"
    assert error.location() == "templates/layouts/banner.yaml:4:7"
    assert error.field == "elements[0].rect.colour"
    assert error.hint == "Use one of primary, accent, text, background, or a colour such as \"#1A4D8F\" in quotes."


def test_layout_box_outside_canvas_rejected(tmp_path: Path) -> None:
    (tmp_path / "wide.yaml").write_text(
        "elements:\n  - photo:\n      box: {x: 0.5, y: 0, w: 0.6, h: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(ErrorList) as caught:
        load_layout("wide", [tmp_path])
    [error] = caught.value.errors
    assert error.message == "the box reaches outside the canvas (x + w and y + h must be at most 1)"
    assert error.line == 3


def test_layout_min_size_above_max_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "elements:\n  - text:\n      field: title\n      box: {x: 0, y: 0, w: 1, h: 1}\n      max_size: 0.03\n      min_size: 0.05\n",
        encoding="utf-8",
    )
    with pytest.raises(ErrorList) as caught:
        load_layout("bad", [tmp_path])
    assert caught.value.errors[0].message == "min_size 0.05 is larger than max_size 0.03"


def test_layout_not_found() -> None:
    with pytest.raises(InputError) as caught:
        load_layout("poster", [BUILTIN_LAYOUTS])
    assert caught.value.message == "layout \"poster\" not found"
    assert caught.value.hint == "Create templates/layouts/poster.yaml, or use one of the built-in layouts."


def test_texts_from_copy_maps_layout_fields() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    copy = Copy(title="Spatula", overlays={"headline": "Beech spatula", "feature_1": "Dishwasher safe", "unused": "x"})
    assert texts_from_copy(layout, copy) == {"overlays.headline": "Beech spatula", "overlays.feature_1": "Dishwasher safe"}


def test_missing_copy_key_raises_input_error() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    texts = {key: value for key, value in FEATURE_TEXTS.items() if key != "overlays.feature_2"}
    with pytest.raises(InputError) as caught:
        render_overlay(layout, (800, 800), None, texts, BRAND_FONTS, COLOURS, sku="WOO-SPATULA", locale="de-DE")
    assert caught.value.message == "SKU WOO-SPATULA (de-DE): copy field overlays.feature_2 is missing, and layout features needs it"
    assert caught.value.hint == "Add overlays.feature_2 to skus/WOO-SPATULA/copy/de-DE.yaml."
    assert caught.value.field == "overlays.feature_2"


def test_several_missing_copy_keys_reported_together() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    texts = {"overlays.headline": "Buche", "overlays.feature_1": "  "}
    with pytest.raises(ErrorList) as caught:
        render_overlay(layout, (800, 800), None, texts, BRAND_FONTS, COLOURS, sku="WOO-SPATULA", locale="de-DE")
    assert [error.field for error in caught.value.errors] == ["overlays.feature_1", "overlays.feature_2", "overlays.feature_3"]


# The whole canvas


def test_output_size_equals_canvas() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    image = render_overlay(layout, (1200, 900), None, FEATURE_TEXTS, BRAND_FONTS, COLOURS, sku="WOO-1", locale="de-DE")
    assert image.size == (1200, 900)
    assert image.mode == "RGB"


def test_uncovered_point_shows_layout_background() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    image = render_overlay(layout, (1000, 1000), None, FEATURE_TEXTS, BRAND_FONTS, COLOURS, sku="WOO-1", locale="de-DE")
    # Left margin beside the photo box (x 0.04..0.52) and below the headline band (y 0..0.2).
    assert image.getpixel((15, 500)) == (0xF5, 0xF0, 0xE6)
    assert image.getpixel((5, 5)) == (0x1A, 0x4D, 0x8F)
    assert image.getpixel((565, 370)) == (0xE4, 0x57, 0x2E)


def test_rtl_locale_mirrors_layout() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    texts = {key: ARABIC_TEXT for key in FEATURE_TEXTS}
    image = render_overlay(layout, (1000, 1000), None, texts, BRAND_FONTS, COLOURS, sku="WOO-1", locale="ar-SA")
    # The accent bar at x 0.56..0.572 moves to 1 - 0.572..1 - 0.56.
    assert image.getpixel((565, 370)) == (0xF5, 0xF0, 0xE6)
    assert image.getpixel((434, 370)) == (0xE4, 0x57, 0x2E)


def test_photo_contained_and_centred() -> None:
    layout = Layout.model_validate({"elements": [{"photo": {"box": {"x": 0, "y": 0, "w": 1, "h": 1}}}]})
    photo = Image.new("RGBA", (100, 200), (200, 30, 30, 255))
    image = render_overlay(layout, (400, 400), photo, {}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="en-US")
    assert contain_size((100, 200), (400, 400)) == (200, 400)
    assert image.getpixel((200, 200)) == (200, 30, 30)
    assert image.getpixel((90, 200)) == (0xF5, 0xF0, 0xE6)
    assert image.getpixel((310, 200)) == (0xF5, 0xF0, 0xE6)


def test_transparent_photo_shows_background() -> None:
    layout = Layout.model_validate({"elements": [{"photo": {"box": {"x": 0, "y": 0, "w": 1, "h": 1}}}]})
    photo = Image.new("RGBA", (50, 50), (0, 0, 0, 0))
    photo.paste((10, 120, 10, 255), (20, 20, 30, 30))
    image = render_overlay(layout, (500, 500), photo, {}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="en-US")
    assert image.getpixel((20, 20)) == (0xF5, 0xF0, 0xE6)
    assert image.getpixel((250, 250)) == (10, 120, 10)


def test_render_is_deterministic() -> None:
    layout = load_layout("features", [BUILTIN_LAYOUTS])
    photo = Image.new("RGB", (300, 500), (120, 80, 40))
    first = render_overlay(layout, (900, 900), photo, FEATURE_TEXTS, BRAND_FONTS, COLOURS, sku="WOO-1", locale="de-DE")
    second = render_overlay(layout, (900, 900), photo, FEATURE_TEXTS, BRAND_FONTS, COLOURS, sku="WOO-1", locale="de-DE")
    assert first.tobytes() == second.tobytes()


# Font choice


def test_first_covering_font_in_brand_order_wins() -> None:
    assert choose_font("Griff aus Buchenholz", [SANS_BOLD, SANS], sku="WOO-1", locale="de-DE", field="title")[0] == "sans-bold"
    assert choose_font("Griff aus Buchenholz", [CJK, SANS], sku="WOO-1", locale="de-DE", field="title")[0] == "sans"


def test_ignorable_characters_need_no_glyph() -> None:
    for character in (" ", "\u00a0", "\u200c", "\u200d", "\u200b", "\ufe0f", "\u200f"):
        assert is_ignorable(character), f"U+{ord(character):04X}"
    assert not is_ignorable("a")
    assert choose_font("Griff\u200d aus\ufe0f Holz", [SANS], sku="WOO-1", locale="de-DE", field="title")[0] == "sans"


def test_missing_glyph_error_message() -> None:
    with pytest.raises(RenderError) as caught:
        choose_font("日本語", BRAND_FONTS, sku="WOO-SPATULA", locale="ja-JP", field="overlays.headline")
    assert caught.value.message == "SKU WOO-SPATULA (ja-JP): no brand font has \"語\" (U+8A9E), needed by overlays.headline"
    assert caught.value.hint == "Add a font that covers \"語\" (U+8A9E) to brand/brand.yaml (fonts:), or remove those characters from the text."
    assert caught.value.field == "overlays.headline"


def test_missing_glyph_stops_render() -> None:
    layout = text_layout()
    with pytest.raises(RenderError) as caught:
        render_overlay(layout, (600, 600), None, {"overlays.headline": "木製 語"}, [SANS, CJK], COLOURS, sku="WOO-1", locale="ja-JP")
    assert caught.value.message == "SKU WOO-1 (ja-JP): no brand font has \"語\" (U+8A9E), needed by overlays.headline"


def test_no_single_font_covers_mixed_scripts() -> None:
    with pytest.raises(RenderError) as caught:
        choose_font("Griff 毎日", [SANS, CJK], sku="WOO-1", locale="de-DE", field="overlays.feature_1")
    assert caught.value.message == (
        "SKU WOO-1 (de-DE): no single brand font covers all of overlays.feature_1; "
        "the closest, sans, lacks \"毎\" (U+6BCE), \"日\" (U+65E5)"
    )


def test_brand_without_fonts_error() -> None:
    with pytest.raises(RenderError) as caught:
        choose_font("Griff", [], sku="WOO-1", locale="de-DE", field="title")
    assert caught.value.message == "SKU WOO-1 (de-DE): the brand has no fonts to draw title"


# Wrapping and shrinking


def test_short_text_keeps_max_size() -> None:
    element = text_layout().text_elements()[0]
    fitted, _shaping = fit_element(element, "Beech handle", (1000, 1000), BRAND_FONTS, layout_id="test", sku="WOO-1", locale="en-US")
    assert fitted.size == 100
    assert fitted.lines == ("Beech handle",)


def test_long_german_text_wraps_and_shrinks() -> None:
    element = text_layout().text_elements()[0]
    text = "Ergonomischer Griff aus nachhaltigem Buchenholz, bleibt beim Kochen kühl"
    fitted, shaping = fit_element(element, text, (1000, 1000), BRAND_FONTS, layout_id="test", sku="WOO-1", locale="de-DE")
    assert 40 <= fitted.size < 100
    assert len(fitted.lines) == 2
    assert " ".join(fitted.lines) == text
    for line in fitted.lines:
        assert fitted.font.getlength(line, **shaping.options()) <= 800
    # One pixel larger no longer fits, so the chosen size is the largest that does.
    larger = fit_text(text, SANS[1], (800, 300), range(fitted.size + 1, fitted.size, -1), max_lines=2, line_spacing=1.0, shaping=shaping)
    assert larger is None


def test_text_that_cannot_fit_error_message() -> None:
    layout = text_layout(box={"x": 0.1, "y": 0.1, "w": 0.3, "h": 0.1}, max_lines=1)
    text = "Spülmaschinenfest, hitzebeständig und ergonomisch geformt"
    with pytest.raises(RenderError) as caught:
        render_overlay(layout, (1000, 1000), None, {"overlays.headline": text}, BRAND_FONTS, COLOURS, sku="WOO-SPATULA", locale="de-DE")
    assert caught.value.message == (
        "SKU WOO-SPATULA (de-DE): overlays.headline does not fit its box "
        "(x=0.1 y=0.1 w=0.3 h=0.1, 300×100 px, max_lines 1), even at the minimum font size of 40 px"
    )
    assert caught.value.hint == "Shorten the text of overlays.headline in skus/WOO-SPATULA/copy/de-DE.yaml, or give its box in layout unnamed more room."


def test_explicit_line_break_kept() -> None:
    element = text_layout().text_elements()[0]
    fitted, _shaping = fit_element(element, "Buche\nSpülmaschinenfest", (1000, 1000), BRAND_FONTS, layout_id="test", sku="WOO-1", locale="de-DE")
    assert fitted.lines == ("Buche", "Spülmaschinenfest")


def test_cjk_wrap_keeps_closing_punctuation() -> None:
    lines = wrap_paragraph("食洗機対応、お手入れ", lambda line: len(line) <= 5, cluster_breaks=False, max_lines=5)
    assert lines == ["食洗機対", "応、お手入", "れ"]


def test_latin_words_not_broken() -> None:
    assert wrap_paragraph("Buchenholz", lambda line: len(line) <= 5, cluster_breaks=True, max_lines=5) is None
    assert wrap_paragraph("Griff aus Holz", lambda line: len(line) <= 9, cluster_breaks=False, max_lines=5) == ["Griff aus", "Holz"]


# Scripts


def test_japanese_drawn_with_cjk_font() -> None:
    text = "食洗機対応、お手入れかんたん。"
    assert choose_font(text, BRAND_FONTS, sku="WOO-1", locale="ja-JP", field="overlays.headline") == CJK
    element = text_layout().text_elements()[0]
    fitted, _shaping = fit_element(element, text, (1000, 1000), BRAND_FONTS, layout_id="test", sku="WOO-1", locale="ja-JP")
    assert fitted.font.path == str(CJK[1])
    assert "".join(fitted.lines) == text
    assert not any(line.startswith(("、", "。")) for line in fitted.lines)
    image = render_overlay(text_layout(), (1000, 1000), None, {"overlays.headline": text}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="ja-JP")
    left, _right = ink_columns(image, (100, 100, 900, 400))
    assert left < 110


def test_arabic_shaped_with_raqm() -> None:
    raqm = load_font(ARABIC[1], 60, raqm=True).getlength(ARABIC_TEXT, direction="rtl", language="ar")
    basic = load_font(ARABIC[1], 60, raqm=False).getlength(ARABIC_TEXT)
    assert round(raqm) != round(basic)


def test_arabic_start_alignment_hugs_right_edge() -> None:
    layout = text_layout(align="start")
    image = render_overlay(layout, (1000, 1000), None, {"overlays.headline": ARABIC_SHORT}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="ar-SA")
    left, right = ink_columns(image, (100, 100, 900, 400))
    assert 890 <= right <= 899
    assert left > 200


def test_arabic_in_ltr_locale_hugs_left_edge() -> None:
    layout = text_layout(align="start")
    image = render_overlay(layout, (1000, 1000), None, {"overlays.headline": ARABIC_SHORT}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="en-US")
    left, right = ink_columns(image, (100, 100, 900, 400))
    assert 100 <= left <= 110
    assert right < 800


def test_arabic_differs_from_unshaped_drawing() -> None:
    layout = text_layout(align="center")
    shaped = render_overlay(layout, (1000, 1000), None, {"overlays.headline": ARABIC_TEXT}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="ar-SA")
    unshaped = Image.new("RGB", (1000, 1000), "#FFFFFF")
    ImageDraw.Draw(unshaped).text((500, 250), ARABIC_TEXT, font=load_font(ARABIC[1], 100, raqm=False), fill="#202020", anchor="mm")
    assert shaped.tobytes() != unshaped.tobytes()


def test_thai_uses_thai_font_and_keeps_clusters() -> None:
    assert any(unicodedata.category(character) == "Mn" for character in THAI_TEXT)
    assert choose_font(THAI_TEXT, BRAND_FONTS, sku="WOO-1", locale="th-TH", field="overlays.headline") == THAI
    element = text_layout(box={"x": 0.1, "y": 0.1, "w": 0.35, "h": 0.5}, max_lines=4).text_elements()[0]
    fitted, _shaping = fit_element(element, THAI_TEXT, (1000, 1000), BRAND_FONTS, layout_id="test", sku="WOO-1", locale="th-TH")
    assert fitted.font.path == str(THAI[1])
    assert len(fitted.lines) > 1
    assert "".join(fitted.lines) == THAI_TEXT
    boundaries = {0}
    for cluster in split_clusters(THAI_TEXT):
        boundaries.add(max(boundaries) + len(cluster))
    offset = 0
    for line in fitted.lines:
        offset += len(line)
        assert offset in boundaries, f"line ends inside a grapheme cluster: {line!r}"
        assert unicodedata.category(line[0]) != "Mn"
    image = render_overlay(text_layout(), (1000, 1000), None, {"overlays.headline": THAI_TEXT}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="th-TH")
    left, _right = ink_columns(image, (100, 100, 900, 400))
    assert left < 110


@given(st.text(alphabet="กขคงจมยรลวสหอะาำิีึืุูเแโใไ่้๊๋็ั์ ab語", min_size=1, max_size=40), st.integers(min_value=1, max_value=12))
def test_wrap_never_splits_clusters(text: str, width: int) -> None:
    lines = wrap_paragraph(text, lambda line: len(line) <= width, cluster_breaks=True, max_lines=100)
    if lines is None:
        return
    clusters = [cluster for cluster in split_clusters(text) if cluster != " "]
    line_clusters = [cluster for line in lines for cluster in split_clusters(line) if cluster != " "]
    assert line_clusters == clusters


def test_thai_prefers_breaks_at_spaces() -> None:
    text = "ล้างด้วยเครื่องล้างจานได้ ไม่ร้อนมือ"
    element = text_layout(box={"x": 0.1, "y": 0.1, "w": 0.5, "h": 0.5}, max_lines=3).text_elements()[0]
    fitted, _shaping = fit_element(element, text, (1000, 1000), BRAND_FONTS, layout_id="test", sku="WOO-1", locale="th-TH")
    assert fitted.lines == ("ล้างด้วยเครื่องล้างจานได้", "ไม่ร้อนมือ")


def test_shaping_required_without_raqm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts_module, "has_raqm", lambda: False)
    with pytest.raises(RenderError) as caught:
        render_overlay(text_layout(), (600, 600), None, {"overlays.headline": ARABIC_TEXT}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="ar-SA")
    assert caught.value.message == (
        "SKU WOO-1 (ar-SA): overlays.headline needs text shaping (Arabic, Hebrew, Thai, Indic scripts), but Pillow was built without libraqm"
    )


def test_latin_drawn_without_raqm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts_module, "has_raqm", lambda: False)
    image = render_overlay(text_layout(), (600, 600), None, {"overlays.headline": "Beech handle"}, BRAND_FONTS, COLOURS, sku="WOO-1", locale="en-US")
    left, _right = ink_columns(image, (60, 60, 540, 240))
    assert left < 70
