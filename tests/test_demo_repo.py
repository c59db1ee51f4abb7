"""The demo content repo in examples/demo-repo: every file loads, and its facts, copy, assets and fonts hold."""

from __future__ import annotations

import os
import re
from functools import cache
from itertools import product
from pathlib import Path

import pytest
import regex
from fontTools.ttLib import TTFont
from PIL import Image

from linkstar_cli.model.copy import Copy
from linkstar_cli.model.types import gtin_problem
from linkstar_cli.repo.content import ContentRepo

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-repo"
SKUS = ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE"]
LOCALES = ["ar-SA", "de-DE", "en-US", "ja-JP"]
TARGETS = ["amazon-de", "amazon-us", "amazon-jp", "amazon-sa", "tiktok-uk", "shopee-sg"]
OVERLAY_KEYS = {"headline", "feature_1", "feature_2", "feature_3"}
POUND_KG = 0.45359237
INCH_CM = 2.54

# Values from woocommerce_sample_products.csv: Weight (lbs), Length/Width/Height (in), Regular price.
EXPORT_FACTS = {
    "WOO-BEANIE": (0.2, (4, 5, 0.5), "20"),
    "WOO-HOODIE-WITH-LOGO": (2, (10, 6, 3), "45"),
    "WOO-VNECK-TEE": (0.5, (24, 1, 2), None),
}

# Amazon title rules: characters that are never allowed, and the per-word repeat limit.
TITLE_FORBIDDEN = set("!$?_{}^¬¦")
TITLE_MAX_CHARS = 200
TITLE_MAX_REPEATS = 2
JA_TITLE_MAX_CHARS = 50
# Shopee SG names are 20 to 120 characters per a third-party connector's rules, and shopee-sg lists the en-US copy.
SHOPEE_TITLE_RANGE = (20, 120)
SEARCH_TERMS_MAX_BYTES = 249
BULLET_MAX_CHARS = 500
BULLET_COUNT = 5
# Characters banned in Amazon bullets since August 2024, as third-party summaries of the policy list them.
BULLET_FORBIDDEN = set("™®€…†‡¢£¥©±~")
PLACEHOLDERS = ("N/A", "TBD", "not applicable", "COPY PENDING", "lorem", "ipsum")
FEATURE_MAX_CHARS = {"ja-JP": 14}
FEATURE_MAX_CHARS_DEFAULT = 28
FONT_BUDGET_BYTES = 1_500_000
EXPECTED_FONT = {"en-US": "noto-sans", "de-DE": "noto-sans", "ja-JP": "noto-sans-cjk-jp", "ar-SA": "noto-sans-arabic"}

# The weight as each locale writes it: the number, and the unit that converts it to kilograms.
WEIGHT_PATTERNS = {
    "en-US": (re.compile(r"(\d+(?:\.\d+)?) lb\b"), POUND_KG),
    "de-DE": (re.compile(r"(\d+(?:,\d+)?) kg\b"), 1.0),
    "ja-JP": (re.compile(r"(\d+(?:\.\d+)?) kg"), 1.0),
    "ar-SA": (re.compile(r"(\d+(?:\.\d+)?) كجم"), 1.0),
}

_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
_ALL_CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_ORIENTATION_TAG = 0x0112


@pytest.fixture(scope="module")
def repo() -> ContentRepo:
    return ContentRepo(DEMO)


def all_copies(repo: ContentRepo) -> list[tuple[str, str, Copy]]:
    return [(sku, locale, repo.copy(sku, locale)) for sku in SKUS for locale in LOCALES]


@cache
def font_cmap(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path).getBestCmap())


def first_covering_font(repo: ContentRepo, text: str) -> str | None:
    """Return the id of the first brand font, in list order, that maps every character of ``text``."""
    for font in repo.brand.fonts:
        cmap = font_cmap(repo.brand_dir / font.file)
        if all(ord(char) in cmap for char in text):
            return font.id
    return None


def content_yaml_files() -> list[Path]:
    """List the demo's YAML files, leaving out build output and tool settings such as .pre-commit-config.yaml."""
    files = []
    for path in sorted(DEMO.rglob("*.yaml")):
        parts = path.relative_to(DEMO).parts
        if parts[0] != "build" and not path.name.startswith("."):
            files.append(path)
    return files


def modeline_target(path: Path) -> Path:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first_line)
    assert match, f"{path}: first line is not a yaml-language-server modeline"
    return Path(os.path.normpath(path.parent / match.group(1)))


# Loading every file


def test_config_values(repo: ContentRepo) -> None:
    config = repo.config
    assert config.brand == "Northwind Basics"
    assert config.source_locale == "en-US"
    assert config.targets == TARGETS
    assert config.target_locales == {"tiktok-uk": "en-US", "shopee-sg": "en-US"}


def test_brand_loads(repo: ContentRepo) -> None:
    brand = repo.brand
    assert brand.name == repo.config.brand
    assert [font.id for font in brand.fonts] == ["noto-sans", "noto-sans-cjk-jp", "noto-sans-arabic"]
    assert brand.colours.background == "#FFFFFF"


def test_sku_folders(repo: ContentRepo) -> None:
    assert repo.sku_ids() == SKUS


@pytest.mark.parametrize("sku", SKUS)
def test_sku_files_load(repo: ContentRepo, sku: str) -> None:
    assert repo.brief(sku).id == sku
    assert repo.copy_locales(sku) == LOCALES
    for locale in LOCALES:
        repo.copy(sku, locale)
    assert repo.assets(sku).assets


def test_every_yaml_file_has_model(repo: ContentRepo) -> None:
    """Every YAML file in the demo is one that ContentRepo loads, so no file escapes validation."""
    expected = {DEMO / "linkstar.yaml", DEMO / "brand" / "brand.yaml"}
    for sku in SKUS:
        folder = DEMO / "skus" / sku
        expected |= {folder / "brief.yaml", folder / "assets" / "assets.yaml", folder / "reviews.yaml"}
        expected |= set((folder / "video").glob("*.yaml"))
        expected |= {folder / "copy" / f"{locale}.yaml" for locale in LOCALES}
    assert set(content_yaml_files()) == expected


def test_modelines_point_at_schemas() -> None:
    kinds = {"linkstar.yaml": "linkstar", "brand.yaml": "brand", "brief.yaml": "brief", "assets.yaml": "assets", "reviews.yaml": "reviews"}
    for path in content_yaml_files():
        kind = "video" if path.parent.name == "video" else kinds.get(path.name, "copy")
        assert modeline_target(path) == DEMO / "schemas" / f"{kind}.schema.json", path


# Facts from the WooCommerce export


@pytest.mark.parametrize("sku", SKUS)
def test_brief_facts_from_export(repo: ContentRepo, sku: str) -> None:
    pounds, inches, us_price = EXPORT_FACTS[sku]
    brief = repo.brief(sku)
    assert brief.weight_kg == round(pounds * POUND_KG, 3)
    assert brief.dimensions_cm is not None
    assert brief.dimensions_cm.length == round(inches[0] * INCH_CM, 1)
    assert brief.dimensions_cm.width == round(inches[1] * INCH_CM, 1)
    assert brief.dimensions_cm.height == round(inches[2] * INCH_CM, 1)
    if us_price is not None:
        assert brief.prices["amazon-us"] == int(us_price)
        assert sorted(brief.prices) == sorted(TARGETS)


def test_vneck_variants(repo: ContentRepo) -> None:
    brief = repo.brief("WOO-VNECK-TEE")
    combinations = {(variant.attributes["colour"], variant.attributes["size"]) for variant in brief.variants}
    assert combinations == set(product(["Blue", "Green", "Red"], ["Small", "Medium", "Large"]))
    assert len(brief.variants) == 9
    # Regular prices of the export's variation rows woo-vneck-tee-red, -green and -blue.
    us_prices = {variant.attributes["colour"]: variant.prices["amazon-us"] for variant in brief.variants}
    assert us_prices == {"Red": 20, "Green": 20, "Blue": 15}
    for variant in brief.variants:
        assert sorted(variant.prices) == sorted(TARGETS), variant.id


def test_gtins_valid_and_unique(repo: ContentRepo) -> None:
    gtins = []
    for sku in SKUS:
        brief = repo.brief(sku)
        gtins += [brief.gtin] if brief.gtin else []
        gtins += [variant.gtin for variant in brief.variants if variant.gtin]
    assert len(gtins) == 11
    assert len(set(gtins)) == len(gtins)
    for gtin in gtins:
        assert gtin_problem(gtin) is None, gtin
        assert len(gtin) == 13, gtin
        assert gtin.startswith("0614141"), gtin


# Copy


@pytest.mark.parametrize("sku", SKUS)
@pytest.mark.parametrize("locale", LOCALES)
def test_copy_fields_complete(repo: ContentRepo, sku: str, locale: str) -> None:
    copy = repo.copy(sku, locale)
    assert copy.title
    assert copy.description
    assert copy.search_terms
    assert len(copy.bullets) == BULLET_COUNT
    assert set(copy.overlays) == OVERLAY_KEYS


def test_titles_follow_amazon_rules(repo: ContentRepo) -> None:
    for sku, locale, copy in all_copies(repo):
        title = copy.title or ""
        where = f"{sku} {locale}"
        assert len(title) <= TITLE_MAX_CHARS, where
        assert not TITLE_FORBIDDEN & set(title), where
        assert not _EMOJI.search(title), where
        assert not _ALL_CAPS_WORD.search(title), where
        words = [word.casefold() for word in regex.findall(r"\w+", title)]
        repeated = {word for word in words if words.count(word) > TITLE_MAX_REPEATS}
        assert not repeated, where


def test_japanese_titles_short(repo: ContentRepo) -> None:
    for sku in SKUS:
        assert len(repo.copy(sku, "ja-JP").title or "") <= JA_TITLE_MAX_CHARS, sku


def test_english_titles_fit_shopee(repo: ContentRepo) -> None:
    low, high = SHOPEE_TITLE_RANGE
    for sku in SKUS:
        assert low <= len(repo.copy(sku, "en-US").title or "") <= high, sku


def test_search_terms_under_byte_limit(repo: ContentRepo) -> None:
    for sku, locale, copy in all_copies(repo):
        assert len((copy.search_terms or "").encode("utf-8")) <= SEARCH_TERMS_MAX_BYTES, f"{sku} {locale}"


def test_bullets_follow_amazon_rules(repo: ContentRepo) -> None:
    for sku, locale, copy in all_copies(repo):
        for index, bullet in enumerate(copy.bullets):
            where = f"{sku} {locale} bullets[{index}]"
            assert len(bullet) <= BULLET_MAX_CHARS, where
            assert not BULLET_FORBIDDEN & set(bullet), where
            assert not _EMOJI.search(bullet), where


def test_no_placeholder_text(repo: ContentRepo) -> None:
    for sku, locale, copy in all_copies(repo):
        texts = [copy.title or "", copy.description or "", copy.search_terms or "", *copy.bullets, *copy.overlays.values()]
        for text in texts:
            for placeholder in PLACEHOLDERS:
                assert placeholder.casefold() not in text.casefold(), f"{sku} {locale}: {placeholder}"


def test_weight_in_copy_matches_brief(repo: ContentRepo) -> None:
    """Every weight written in a copy converts back to the brief's weight_kg at 3 decimals."""
    for sku, locale, copy in all_copies(repo):
        pattern, to_kg = WEIGHT_PATTERNS[locale]
        text = " ".join([copy.description or "", *copy.bullets])
        mentions = pattern.findall(text)
        assert mentions, f"{sku} {locale}: no weight mentioned"
        for number in mentions:
            kilograms = float(number.replace(",", ".")) * to_kg
            assert round(kilograms, 3) == repo.brief(sku).weight_kg, f"{sku} {locale}: {number}"


def test_overlay_lengths(repo: ContentRepo) -> None:
    for sku, locale, copy in all_copies(repo):
        limit = FEATURE_MAX_CHARS.get(locale, FEATURE_MAX_CHARS_DEFAULT)
        for key in ("feature_1", "feature_2", "feature_3"):
            assert len(copy.overlays[key]) <= limit, f"{sku} {locale} {key}"
        if locale != "ja-JP":
            assert 2 <= len(copy.overlays["headline"].split()) <= 5, f"{sku} {locale} headline"


def test_arabic_overlays_without_latin(repo: ContentRepo) -> None:
    for sku in SKUS:
        for key, text in repo.copy(sku, "ar-SA").overlays.items():
            assert not _LATIN_LETTER.search(text), f"{sku} {key}"


def test_variant_attributes_translated(repo: ContentRepo) -> None:
    brief = repo.brief("WOO-VNECK-TEE")
    used: dict[str, set[str]] = {}
    for variant in brief.variants:
        for name, value in variant.attributes.items():
            used.setdefault(name, set()).add(value)
    for locale in LOCALES:
        copy = repo.copy("WOO-VNECK-TEE", locale)
        assert set(copy.attribute_names) == set(used), locale
        for name, values in used.items():
            assert set(copy.attribute_values[name]) == values, f"{locale} {name}"
    german = repo.copy("WOO-VNECK-TEE", "de-DE")
    assert german.attribute_names["colour"] == "Farbe"
    assert german.attribute_values["colour"]["Blue"] == "Blau"


# Fonts


def test_every_overlay_covered_by_font(repo: ContentRepo) -> None:
    """Each overlay text has a brand font with every glyph, and it is the font of the text's script."""
    for sku, locale, copy in all_copies(repo):
        for key, text in copy.overlays.items():
            assert first_covering_font(repo, text) == EXPECTED_FONT[locale], f"{sku} {locale} {key}: {text}"


def test_fonts_licensed_and_small(repo: ContentRepo) -> None:
    total = 0
    for font in repo.brand.fonts:
        path = repo.brand_dir / font.file
        assert path.is_file(), font.id
        assert font.licence is not None, font.id
        assert font.licence.kind == "ofl", font.id
        assert font.licence.licence_file is not None, font.id
        assert (path.parent / font.licence.licence_file).is_file(), font.id
        total += path.stat().st_size
    assert total < FONT_BUDGET_BYTES


# Assets


@pytest.mark.parametrize("sku", SKUS)
def test_assets_exist_and_licensed(repo: ContentRepo, sku: str) -> None:
    folder = repo.assets_dir(sku)
    catalog = repo.assets(sku)
    for asset in catalog.assets:
        assert (folder / asset.file).is_file(), asset.file
        assert asset.alt, asset.file
        assert asset.licence is not None, asset.file
        assert asset.licence.source, asset.file
        assert asset.licence.licence_file is not None, asset.file
        assert (folder / asset.licence.licence_file).is_file(), asset.file
    images = {path.name for path in folder.iterdir() if path.suffix in (".jpg", ".png", ".webp")}
    assert images == {asset.file for asset in catalog.assets}


@pytest.mark.parametrize("sku", SKUS)
def test_asset_roles(repo: ContentRepo, sku: str) -> None:
    roles = [asset.role for asset in repo.assets(sku).assets]
    assert roles.count("main") == 1
    assert 2 <= sum(role in ("gallery", "lifestyle") for role in roles) <= 3


def test_photo_licences_name_unsplash(repo: ContentRepo) -> None:
    for sku in SKUS:
        for asset in repo.assets(sku).assets:
            licence = asset.licence
            assert licence is not None
            if licence.kind == "mit":
                assert licence.owner == "Dave Perrett", asset.file
                assert licence.attribution_required, asset.file
                assert "Unsplash" in (licence.attribution or ""), asset.file
            else:
                assert (licence.kind, licence.licence_id) == ("other", "MIT-CMU"), asset.file


def test_assets_cover_awkward_inputs(repo: ContentRepo) -> None:
    """The demo includes the inputs render must repair: EXIF rotation, alpha, CMYK and a non-sRGB profile."""
    orientations = set()
    modes = set()
    profiles = 0
    for sku in SKUS:
        for asset in repo.assets(sku).assets:
            with Image.open(repo.assets_dir(sku) / asset.file) as image:
                modes.add(image.mode)
                profiles += bool(image.info.get("icc_profile"))
                orientations.add(image.getexif().get(_ORIENTATION_TAG))
    assert orientations & {5, 6, 7, 8}
    assert "RGBA" in modes
    assert "CMYK" in modes
    assert profiles >= 1


@pytest.mark.parametrize("sku", SKUS)
def test_main_image_is_cut_out(repo: ContentRepo, sku: str) -> None:
    """Each main image is a product cut out on a transparent background, which render flattens onto pure white."""
    (main,) = [asset for asset in repo.assets(sku).assets if asset.role == "main"]
    with Image.open(repo.assets_dir(sku) / main.file) as image:
        alpha = image.convert("RGBA").getchannel("A")
    width, height = alpha.size
    edge = [(x, y) for x in range(width) for y in (0, height - 1)] + [(x, y) for y in range(height) for x in (0, width - 1)]
    assert {alpha.getpixel(point) for point in edge} == {0}
    assert alpha.getextrema() == (0, 255)


def test_demo_schemas_current() -> None:
    import json

    from linkstar_cli.model.schema import SCHEMA_KINDS, schema_file_name, schema_for

    for kind in SCHEMA_KINDS:
        path = DEMO / "schemas" / schema_file_name(kind)
        expected = json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
        assert path.read_text(encoding="utf-8") == expected, f"{path.name} is out of date: run linkstar -C examples/demo-repo schema"
