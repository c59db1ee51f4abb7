"""The catalog of built-in specs: every spec loads with sources on each rule block, the markets added
for every major marketplace carry their own facts, and the demo SKUs render for each of them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import regex
from PIL import Image

from linkstar_cli.cli.app import run
from linkstar_cli.lint import textcount
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.loader import SpecRegistry
from linkstar_cli.specs.model import Source
from tests.helpers import invoke

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-repo"
DEMO_SKUS = ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE"]
SOURCE_KINDS = {"official", "api", "code", "3p"}
REGISTRY = SpecRegistry()
ALL_IDS = REGISTRY.ids()

# id: (platform, extends, market, locale, currency, units)
NEW_SPECS = {
    "amazon-uk": ("amazon", None, "GB", "en-GB", "GBP", "metric"),
    "amazon-fr": ("amazon", None, "FR", "fr-FR", "EUR", "metric"),
    "tiktok-us": ("tiktok", "tiktok-uk", "US", "en-US", "USD", "imperial"),
    "shopee-my": ("shopee", "shopee-sg", "MY", "en-MY", "MYR", "metric"),
    "shopee-th": ("shopee", "shopee-sg", "TH", "th-TH", "THB", "metric"),
    "lazada-th": ("lazada", None, "TH", "th-TH", "THB", "metric"),
    "lazada-ph": ("lazada", None, "PH", "en-PH", "PHP", "metric"),
    "aliexpress-global": ("aliexpress", None, "US", "en-US", "USD", "metric"),
    "temu-global": ("temu", None, "US", "en-US", "USD", "metric"),
    "walmart-us": ("walmart", None, "US", "en-US", "USD", "imperial"),
    "mercadolibre-mx": ("mercadolibre", None, "MX", "es-MX", "MXN", "metric"),
}

# The copy locale each new platform renders in the demo: the demo has copy in en-US, de-DE, ja-JP and ar-SA only.
DEMO_COPY_LOCALES = {spec_id: "en-US" for spec_id in NEW_SPECS} | {"amazon-fr": "de-DE"}

# Top-level keys of listing.json, in template order, for a SKU with GTIN, weight, dimensions and a price.
LISTING_KEYS = {
    "amazon-uk": ["item_name", "brand", "bullet_point", "product_description", "generic_keyword", "externally_assigned_product_id", "item_weight", "item_dimensions", "list_price", "variants"],
    "tiktok-us": ["product_name", "description", "brand", "package_weight", "package_dimensions", "price", "skus"],
    "shopee-th": ["item_name", "description", "brand", "weight", "dimension", "price", "model_list"],
    "lazada-th": ["name", "short_description", "description", "brand", "package_weight", "package_length", "package_width", "package_height", "price", "Skus"],
    "aliexpress-global": ["subject", "detail", "keyword", "aeop_ae_product_propertys", "gross_weight", "package_length", "package_width", "package_height", "currency_code", "product_price", "aeop_ae_product_s_k_us"],
    "temu-global": ["goodsName", "bulletPoints", "goodsDesc", "brand", "weight", "length", "width", "height", "price", "skuList"],
    "walmart-us": ["sku", "productName", "brand", "shortDescription", "keyFeatures", "productIdentifiers", "ShippingWeight", "assembledProductLength", "assembledProductWidth", "assembledProductHeight", "price", "variants"],
    "mercadolibre-mx": ["title", "currency_id", "price", "attributes", "description", "variations"],
}

# Beanie prices for the render test, by platform id or by market code.
EXTRA_PRICES = "  amazon-uk: 17.99\n  walmart-us: 19.98\n  lazada-th: 590\n  MX: 349\n  TH: 450\n  PH: 799\n  MY: 59.90\n  US: 18.50\n"


def sources_of(source: Source | list[Source]) -> list[Source]:
    return source if isinstance(source, list) else [source]


# The catalog


def test_specs_list_shows_every_market(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "specs", "list", "--format", "json")

    assert result.code == 0
    rows = json.loads(result.out)
    assert len(rows) >= 16
    assert set(NEW_SPECS) | {"amazon-us", "amazon-de", "amazon-jp", "amazon-sa", "tiktok-uk", "shopee-sg"} <= {row["id"] for row in rows}
    assert not any(row["id"].startswith("_") for row in rows)


@pytest.mark.parametrize("spec_id", ALL_IDS)
def test_every_rule_block_has_source(spec_id: str) -> None:
    spec = REGISTRY.get(spec_id)
    blocks = {"source": spec.source}
    blocks |= {f"text.{name}": rule.source for name, rule in spec.text.items()}
    blocks |= {f"images.{role}": rule.source for role, rule in spec.images.items()}

    for where, source in blocks.items():
        entries = sources_of(source)
        assert entries, where
        for entry in entries:
            assert entry.ref.strip(), where
            assert entry.kind in SOURCE_KINDS, where


@pytest.mark.parametrize("spec_id", ALL_IDS)
def test_render_plan_meets_image_rules(spec_id: str) -> None:
    spec = REGISTRY.get(spec_id)
    main_rule = spec.images["main"]
    main_output, *other_outputs = spec.render.images

    assert main_output.roles == ["main"]
    assert main_output.max_count == 1
    if main_rule.background == "white":
        assert main_output.trim is True
        assert main_output.background == "#FFFFFF"
    if main_rule.fill_min is not None:
        assert 1 - 2 * main_output.margin >= main_rule.fill_min
    for output in spec.render.images:
        rule = main_rule if output is main_output else spec.images["gallery"]
        width, height = output.size
        assert output.format in rule.formats, output.name
        assert min(width, height) >= (rule.min_side or 1), output.name
        assert max(width, height) >= (rule.min_long_side or 1), output.name
        assert max(width, height) <= (rule.max_long_side or max(width, height)), output.name
        if rule.max_bytes is not None:
            assert output.max_bytes is not None and output.max_bytes <= rule.max_bytes, output.name
        if rule.aspect is not None:
            aspect_width, aspect_height = (float(part) for part in rule.aspect.split(":"))
            assert abs(width / height - aspect_width / aspect_height) <= rule.aspect_tolerance, output.name
    assert [output.layout for output in other_outputs if output.layout] == ["features"]


@pytest.mark.parametrize("spec_id", ALL_IDS)
def test_render_plan_within_image_count(spec_id: str) -> None:
    spec = REGISTRY.get(spec_id)
    limits = [rule.max_total for rule in spec.images.values() if rule.max_total is not None]

    if limits:
        assert sum(output.max_count or 0 for output in spec.render.images) <= min(limits)


@pytest.mark.parametrize("spec_id", ALL_IDS)
def test_listing_templates_exist(spec_id: str) -> None:
    listing = REGISTRY.get(spec_id).render.listing

    assert (data_dir("templates") / listing.template).is_file()
    assert (data_dir("templates") / listing.readable).is_file()


# The new markets


@pytest.mark.parametrize(("spec_id", "facts"), NEW_SPECS.items())
def test_new_spec_market_facts(spec_id: str, facts: tuple[str, str | None, str, str, str, str]) -> None:
    platform, extends, market, locale, currency, units = facts
    spec = REGISTRY.get(spec_id)

    assert spec.platform == platform
    assert spec.extends == extends
    assert spec.market == market
    assert spec.locale == locale
    assert spec.currency == currency
    assert spec.units == units


def test_amazon_uk_and_fr_extend_shared_base() -> None:
    base_title = REGISTRY.get("amazon-de").text["title"]

    for spec_id in ("amazon-uk", "amazon-fr"):
        title = REGISTRY.get(spec_id).text["title"]
        assert title.max == 200
        assert title.recommended_max == 150
        assert title.forbidden_chars == base_title.forbidden_chars + "£@"
        assert title.restricted_chars == "~#<>*"
        assert REGISTRY.get(spec_id).text["search_terms"].max == 249
    assert "et" in REGISTRY.get("amazon-fr").text["title"].repeat_exempt_words
    assert "und" not in REGISTRY.get("amazon-fr").text["title"].repeat_exempt_words


def test_amazon_source_with_hash_stays_whole() -> None:
    refs = [entry.ref for entry in sources_of(REGISTRY.get("amazon-uk").text["title"].source)]

    assert "sellercentral-europe help 201100890 (UK title requirements; banned characters; ~ # < > * only in identifiers and measurements)" in refs


@pytest.mark.parametrize(
    ("spec_id", "checklists"),
    [
        ("amazon-uk", {"uk-product-safety"}),
        ("amazon-fr", {"eu-gpsr", "eu-electrical"}),
        ("tiktok-us", {"us-fcc", "us-prop65"}),
        ("walmart-us", {"us-fcc", "us-prop65"}),
        ("shopee-my", set()),
        ("lazada-th", set()),
        ("aliexpress-global", set()),
        ("mercadolibre-mx", set()),
    ],
)
def test_compliance_checklists(spec_id: str, checklists: set[str]) -> None:
    assert {use.checklist for use in REGISTRY.get(spec_id).compliance} == checklists


@pytest.mark.parametrize("spec_id", ["shopee-my", "shopee-th"])
def test_shopee_chinese_text_multiplier(spec_id: str) -> None:
    text = REGISTRY.get(spec_id).text
    title = text["title"]

    assert title.cjk_multiplier == 2.44
    assert text["description"].cjk_multiplier == 2.44
    assert (title.min, title.max) == (20, 120)
    assert textcount.measure("棉" * 49, title.count, title.cjk_multiplier) <= title.max
    assert textcount.measure("棉" * 50, title.count, title.cjk_multiplier) > title.max
    assert textcount.measure("Cotton" * 20, title.count, title.cjk_multiplier) == 120


def test_shopee_sg_keeps_no_multiplier() -> None:
    assert REGISTRY.get("shopee-sg").text["title"].cjk_multiplier is None


def test_shopee_my_th_sources_mark_assumed_limits() -> None:
    for spec_id, country in (("shopee-my", "Malaysia"), ("shopee-th", "Thailand")):
        refs = sources_of(REGISTRY.get(spec_id).text["title"].source)
        assumed = [entry for entry in refs if "assumed to apply" in entry.ref]
        assert [entry.kind for entry in assumed] == ["3p"], spec_id
        assert country in assumed[0].ref


def test_lazada_rules() -> None:
    spec = REGISTRY.get("lazada-ph")

    assert spec.text["title"].listing_field == "name"
    assert spec.text["title"].max == 255
    assert spec.text["title"].max_word_repeats == 1
    assert spec.text["bullets"].listing_field == "short_description"
    assert spec.text["description"].max == 25000
    assert spec.text["description"].html is True
    assert spec.images["main"].max_total == 8
    assert spec.images["main"].fill_min == 0.8
    assert spec.images["gallery"].max_bytes == 1_000_000
    assert [entry.kind for entry in sources_of(REGISTRY.get("lazada-th").text["title"].source)] == ["api", "3p"]


def test_unsourced_limits_left_out() -> None:
    temu = REGISTRY.get("temu-global").text
    mercadolibre = REGISTRY.get("mercadolibre-mx").text

    assert [(rule.listing_field, rule.max, rule.min) for rule in temu.values()] == [("goodsName", None, None), ("bulletPoints", None, None), ("goodsDesc", None, None)]
    assert mercadolibre["title"].listing_field == "title"
    assert mercadolibre["title"].max is None
    assert mercadolibre["description"].listing_field == "plain_text"


def test_walmart_title_rules() -> None:
    title = REGISTRY.get("walmart-us").text["title"]

    assert title.listing_field == "productName"
    assert title.max == 150
    assert set("~!*$") <= set(title.forbidden_chars)
    assert title.all_caps is False
    assert REGISTRY.get("walmart-us").text["description"].max == 4000
    assert REGISTRY.get("walmart-us").images["main"].background == "white"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Northwind Basics Beanie, Red", None),
        ("Café Mug, 12 oz, ½ Price", None),
        ("Northwind Шапка", "Ш"),
        ("Beanie 帽子", "帽"),
    ],
)
def test_walmart_english_only_pattern(text: str, found: str | None) -> None:
    pattern = REGISTRY.get("walmart-us").text["title"].forbidden_patterns["non-Latin script"]

    assert pattern is not None
    assert textcount.find_pattern(pattern, text) == found


@pytest.mark.parametrize(
    ("html", "names"),
    [
        ('<p>Soft knit</p><script>alert(1)</script>', ["removed tag"]),
        ('<a href="https://www.aliexpress.com/item/1.html">more</a>', []),
        ('<a class="x" href= "https://example.com/">more</a>', ["link outside aliexpress.com"]),
        ('<a href="https://aliexpress.com.example.net/">more</a>', ["link outside aliexpress.com"]),
        ("<img src='https://img.alibaba.com/a.jpg'><img src=\"//sc01.aliimg.com/b.png\">", []),
        ('<img src="https://example.com/a.jpg">', ["image outside alibaba.com or aliimg.com"]),
        ("<frameset><table><pre>", ["removed tag"]),
    ],
)
def test_aliexpress_detail_patterns(html: str, names: list[str]) -> None:
    patterns = REGISTRY.get("aliexpress-global").text["description"].forbidden_patterns

    assert [name for name, pattern in patterns.items() if pattern and regex.search(pattern, html, regex.IGNORECASE)] == names


# Rendering the demo SKUs for every new platform


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalog") / "repo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    config = root / "linkstar.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("targets: [amazon-de,", f"targets: [{', '.join(NEW_SPECS)}, amazon-de,")
    text = text.replace("target_locales:\n", "target_locales:\n" + "".join(f"  {spec_id}: {locale}\n" for spec_id, locale in DEMO_COPY_LOCALES.items()))
    config.write_text(text, encoding="utf-8")
    brief = root / "skus" / "WOO-BEANIE" / "brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("prices:\n", "prices:\n" + EXTRA_PRICES), encoding="utf-8")

    assert run(["-C", str(root), "render", "--platform", ",".join(NEW_SPECS)]) == 0
    return root / "build"


def listing_of(build: Path, spec_id: str, sku: str) -> dict[str, object]:
    return json.loads((build / spec_id / sku / "listing.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("spec_id", NEW_SPECS)
def test_demo_renders_for_new_platform(rendered: Path, spec_id: str) -> None:
    spec = REGISTRY.get(spec_id)
    main_output = spec.render.images[0]

    for sku in DEMO_SKUS:
        folder = rendered / spec_id / sku
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        images = sorted(name for name in manifest["outputs"] if name.endswith(".jpg"))
        assert manifest["spec"]["id"] == spec_id
        assert manifest["locale"] == DEMO_COPY_LOCALES[spec_id]
        assert main_output.name.format(sku=sku) in images
        assert 3 <= len(images) <= sum(output.max_count or 0 for output in spec.render.images)
        assert (folder / "listing.md").read_text(encoding="utf-8").startswith("# Northwind Basics")
        for name in images:
            with Image.open(folder / name) as image:
                assert image.size == tuple(main_output.size), name
                assert image.mode == "RGB", name


@pytest.mark.parametrize("spec_id", NEW_SPECS)
def test_demo_main_image_corner_white(rendered: Path, spec_id: str) -> None:
    main_output = REGISTRY.get(spec_id).render.images[0]
    width, height = main_output.size

    with Image.open(rendered / spec_id / "WOO-HOODIE-WITH-LOGO" / main_output.name.format(sku="WOO-HOODIE-WITH-LOGO")) as image:
        pixels = image.load()
        assert pixels[0, 0] == (255, 255, 255)
        assert pixels[width - 1, height - 1] == (255, 255, 255)


@pytest.mark.parametrize(("spec_id", "keys"), LISTING_KEYS.items())
def test_demo_listing_field_names(rendered: Path, spec_id: str, keys: list[str]) -> None:
    assert list(listing_of(rendered, spec_id, "WOO-BEANIE")) == keys


@pytest.mark.parametrize(
    ("spec_id", "field", "value"),
    [
        ("amazon-uk", "list_price", "£17.99"),
        ("walmart-us", "price", "$19.98"),
        ("walmart-us", "ShippingWeight", "3.2 oz"),
        ("lazada-th", "price", "THB590.00"),
        ("lazada-th", "package_weight", "91 g"),
        ("temu-global", "price", "$18.50"),
        ("aliexpress-global", "product_price", "$18.50"),
        ("mercadolibre-mx", "price", "MX$349.00"),
        ("shopee-th", "price", "THB450.00"),
        ("tiktok-us", "package_weight", "3.2 oz"),
    ],
)
def test_demo_listing_values(rendered: Path, spec_id: str, field: str, value: str) -> None:
    assert listing_of(rendered, spec_id, "WOO-BEANIE")[field] == value


def test_demo_lazada_short_description_is_html_list(rendered: Path) -> None:
    listing = listing_of(rendered, "lazada-ph", "WOO-BEANIE")

    assert isinstance(listing["short_description"], str)
    assert listing["short_description"].startswith("<ul><li>Soft rib knit: knitted from 100% acrylic yarn")
    assert listing["short_description"].endswith("</li></ul>")
    assert listing["short_description"].count("<li>") == 5


def test_demo_mercadolibre_attributes(rendered: Path) -> None:
    listing = listing_of(rendered, "mercadolibre-mx", "WOO-BEANIE")

    assert listing["attributes"] == [
        {"id": "BRAND", "value_name": "Northwind Basics"},
        {"id": "GTIN", "value_name": "0614141000111"},
        {"id": "PACKAGE_LENGTH", "value_name": "10.2 cm"},
        {"id": "PACKAGE_WIDTH", "value_name": "12.7 cm"},
        {"id": "PACKAGE_HEIGHT", "value_name": "1.3 cm"},
        {"id": "PACKAGE_WEIGHT", "value_name": "91 g"},
    ]
    assert listing["description"] == {"plain_text": listing["description"]["plain_text"]}
    assert listing["description"]["plain_text"].startswith("A simple rib knit beanie")


def test_demo_variants_in_platform_lists(rendered: Path) -> None:
    lists = {"lazada-th": "Skus", "aliexpress-global": "aeop_ae_product_s_k_us", "temu-global": "skuList", "walmart-us": "variants", "mercadolibre-mx": "variations"}

    for spec_id, key in lists.items():
        listing = listing_of(rendered, spec_id, "WOO-VNECK-TEE")
        variants = listing[key]
        assert isinstance(variants, list)
        assert len(variants) == 9, spec_id
        assert variants[0] == {"sku": "WOO-VNECK-TEE-RED-S", "gtin": "0614141000012", "label": "Color: Red, Size: Small", "price": None}
    assert listing_of(rendered, "walmart-us", "WOO-VNECK-TEE")["variantGroupId"] == "WOO-VNECK-TEE"


def test_demo_amazon_fr_uses_mapped_copy(rendered: Path) -> None:
    listing = listing_of(rendered, "amazon-fr", "WOO-BEANIE")
    german_title = (DEMO / "skus" / "WOO-BEANIE" / "copy" / "de-DE.yaml").read_text(encoding="utf-8")

    assert listing["item_name"] in german_title
    assert listing["item_weight"] == "91 g"


def test_source_refs_not_cut_by_comments() -> None:
    # An unquoted " # " starts a YAML comment, which silently cuts the rest of a ref off.
    for path in sorted(Path(data_dir("platform_specs")).rglob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith(("- ref:", "ref:")) and " # " in stripped and '"' not in stripped:
                raise AssertionError(f"{path.name}:{number}: quote the ref, its \" # \" starts a comment")
