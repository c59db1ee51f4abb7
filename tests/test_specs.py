"""Built-in platform specs: each loads and validates, carries its sources, and extends as documented."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from linkstar_cli.errors import ConfigError, ErrorList
from linkstar_cli.specs.loader import SpecRegistry
from linkstar_cli.specs.model import PlatformSpec, Source

BUILTIN_IDS = ["amazon-de", "amazon-jp", "amazon-sa", "amazon-us", "shopee-sg", "tiktok-uk"]
SOURCE_KINDS = {"official", "api", "code", "3p"}


def write_spec(folder: Path, name: str, text: str) -> Path:
    """Write ``specs/<name>`` under ``folder`` and return the specs folder."""
    specs = folder / "specs"
    specs.mkdir(exist_ok=True)
    (specs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return specs


def sources_of(source: Source | list[Source]) -> list[Source]:
    return source if isinstance(source, list) else [source]


@pytest.fixture(scope="module")
def builtin() -> SpecRegistry:
    return SpecRegistry()


def test_builtin_ids_exclude_shared_base(builtin: SpecRegistry) -> None:
    assert set(BUILTIN_IDS) <= set(builtin.ids())
    assert "_amazon" not in builtin.ids()


@pytest.mark.parametrize("spec_id", BUILTIN_IDS)
def test_builtin_spec_loads(builtin: SpecRegistry, spec_id: str) -> None:
    spec = builtin.get(spec_id)

    assert isinstance(spec, PlatformSpec)
    assert spec.id == spec_id
    assert spec.platform == spec_id.split("-")[0]
    assert spec.checked == date(2026, 11, 1)
    assert spec.text
    assert "main" in spec.images
    assert "gallery" in spec.images
    assert spec.render.images


@pytest.mark.parametrize("spec_id", BUILTIN_IDS)
def test_every_rule_block_has_source(builtin: SpecRegistry, spec_id: str) -> None:
    spec = builtin.get(spec_id)
    blocks = {**{f"text.{name}": rule.source for name, rule in spec.text.items()}, **{f"images.{role}": rule.source for role, rule in spec.images.items()}}
    blocks["source"] = spec.source

    for where, source in blocks.items():
        entries = sources_of(source)
        assert entries, where
        for entry in entries:
            assert entry.ref.strip(), where
            assert entry.kind in SOURCE_KINDS, where


@pytest.mark.parametrize(
    ("spec_id", "market", "locale", "currency", "units"),
    [
        ("amazon-us", "US", "en-US", "USD", "imperial"),
        ("amazon-de", "DE", "de-DE", "EUR", "metric"),
        ("amazon-jp", "JP", "ja-JP", "JPY", "metric"),
        ("amazon-sa", "SA", "ar-SA", "SAR", "metric"),
        ("tiktok-uk", "GB", "en-GB", "GBP", "metric"),
        ("shopee-sg", "SG", "en-SG", "SGD", "metric"),
    ],
)
def test_market_locale_currency_units(builtin: SpecRegistry, spec_id: str, market: str, locale: str, currency: str, units: str) -> None:
    spec = builtin.get(spec_id)

    assert spec.market == market
    assert spec.locale == locale
    assert spec.currency == currency
    assert spec.units == units


@pytest.mark.parametrize(
    ("spec_id", "fields"),
    [
        ("amazon-us", {"title": "item_name", "bullets": "bullet_point", "description": "product_description", "search_terms": "generic_keyword"}),
        ("amazon-de", {"title": "item_name", "bullets": "bullet_point", "description": "product_description", "search_terms": "generic_keyword"}),
        ("amazon-jp", {"title": "item_name", "bullets": "bullet_point", "description": "product_description", "search_terms": "generic_keyword"}),
        ("amazon-sa", {"title": "item_name", "bullets": "bullet_point", "description": "product_description", "search_terms": "generic_keyword"}),
        ("tiktok-uk", {"title": "product_name", "description": "description"}),
        ("shopee-sg", {"title": "item_name", "description": "description"}),
    ],
)
def test_listing_field_names(builtin: SpecRegistry, spec_id: str, fields: dict[str, str]) -> None:
    spec = builtin.get(spec_id)

    assert {name: rule.listing_field for name, rule in spec.text.items() if rule.listing_field is not None} == fields


def test_amazon_de_counts_bytes_and_chars(builtin: SpecRegistry) -> None:
    text = builtin.get("amazon-de").text

    assert text["search_terms"].count == "bytes"
    assert text["search_terms"].max == 249
    assert text["title"].count == "chars"
    assert text["title"].max == 200


def test_amazon_title_rules(builtin: SpecRegistry) -> None:
    title = builtin.get("amazon-us").text["title"]

    assert title.forbidden_chars == "!$?_{}^¬¦"
    assert title.max_word_repeats == 2
    assert title.emoji is False
    assert title.placeholders is False
    assert title.all_caps is False
    assert title.html is False


def test_amazon_bullets_and_description(builtin: SpecRegistry) -> None:
    text = builtin.get("amazon-us").text

    assert text["bullets"].items is not None
    assert text["bullets"].items.max == 5
    assert text["bullets"].max == 250
    assert text["bullets"].html is False
    assert text["description"].html is False
    assert text["description"].allowed_tags == ["br"]


def test_amazon_jp_differs_from_base(builtin: SpecRegistry) -> None:
    jp = builtin.get("amazon-jp").text
    us = builtin.get("amazon-us").text

    assert jp["search_terms"].count == "bytes"
    assert jp["search_terms"].max == 500
    assert jp["search_terms"].listing_field == "generic_keyword"
    assert "ｱ" in jp["title"].forbidden_chars
    assert "ｱ" not in us["title"].forbidden_chars
    assert jp["title"].max == us["title"].max == 200


def test_amazon_sa_marks_assumed_sources(builtin: SpecRegistry) -> None:
    spec = builtin.get("amazon-sa")

    for name in ("title", "bullets", "description", "search_terms"):
        entries = sources_of(spec.text[name].source)
        assert all(entry.kind == "3p" for entry in entries), name
        assert any("assumed" in entry.ref for entry in entries), name
    assert all(entry.kind == "3p" for entry in sources_of(spec.images["main"].source))


def test_amazon_main_image_plan(builtin: SpecRegistry) -> None:
    main, gallery, infographic = builtin.get("amazon-de").render.images

    assert main.name == "{sku}.MAIN.jpg"
    assert main.roles == ["main"]
    assert main.size == (2000, 2000)
    assert main.fit == "pad"
    assert main.margin == 0.05
    assert main.background == "#FFFFFF"
    assert main.format == "jpeg"
    assert main.quality == 90
    assert gallery.name == infographic.name == "{sku}.PT{seq:02d}.jpg"
    assert gallery.roles == ["gallery", "lifestyle", "detail"]
    assert gallery.max_count == 6
    assert infographic.layout == "features"


@pytest.mark.parametrize(
    ("spec_id", "main_name", "gallery_name"),
    [("tiktok-uk", "{sku}-main.jpg", "{sku}-{seq:02d}.jpg"), ("shopee-sg", "{sku}-cover.jpg", "{sku}-{seq:02d}.jpg")],
)
def test_image_names_and_infographic(builtin: SpecRegistry, spec_id: str, main_name: str, gallery_name: str) -> None:
    main, gallery, infographic = builtin.get(spec_id).render.images

    assert main.name == main_name
    assert gallery.name == gallery_name
    assert infographic.name == gallery_name
    assert infographic.layout == "features"
    assert main.size[0] == main.size[1]


@pytest.mark.parametrize("spec_id", BUILTIN_IDS)
def test_render_plan_meets_image_rules(builtin: SpecRegistry, spec_id: str) -> None:
    spec = builtin.get(spec_id)
    main_rule = spec.images["main"]
    main_output = spec.render.images[0]
    product_span = 1 - 2 * main_output.margin

    assert main_rule.fill_min is not None
    assert product_span >= main_rule.fill_min
    for output in spec.render.images:
        rule = main_rule if output.name == main_output.name else spec.images["gallery"]
        width, height = output.size
        assert rule.max_bytes is not None
        assert output.max_bytes is not None
        assert output.max_bytes <= rule.max_bytes, output.name
        assert min(width, height) >= (rule.min_side or 1), output.name
        assert max(width, height) >= (rule.min_long_side or 1), output.name
        assert max(width, height) <= (rule.max_long_side or max(width, height)), output.name


def test_render_plan_stays_within_image_count(builtin: SpecRegistry) -> None:
    for spec_id in ("tiktok-uk", "shopee-sg"):
        outputs = builtin.get(spec_id).render.images
        assert sum(output.max_count or 0 for output in outputs) == 9, spec_id


@pytest.mark.parametrize(
    ("spec_id", "checklists"),
    [
        ("amazon-us", {"us-fcc", "us-prop65"}),
        ("amazon-de", {"eu-gpsr", "eu-electrical"}),
        ("amazon-jp", {"jp-pse"}),
        ("amazon-sa", set()),
        ("tiktok-uk", {"uk-product-safety"}),
        ("shopee-sg", set()),
    ],
)
def test_compliance_checklists(builtin: SpecRegistry, spec_id: str, checklists: set[str]) -> None:
    uses = builtin.get(spec_id).compliance

    assert {use.checklist for use in uses} == checklists


def test_electrical_checklist_categories(builtin: SpecRegistry) -> None:
    uses = [(use.checklist, use.categories, use.ask_facts) for use in builtin.get("amazon-de").compliance]

    assert ("eu-electrical", ["electronics", "electronics.*"], True) in uses
    assert ("eu-electrical", ["*"], False) in uses
    assert ("eu-gpsr", ["*"], True) in uses


def test_local_spec_extends_builtin(tmp_path: Path) -> None:
    specs = write_spec(
        tmp_path,
        "acme-de.yaml",
        """\
        id: acme-de
        extends: amazon-de
        text:
          title:
            max: 150
        """,
    )
    registry = SpecRegistry(specs)
    spec = registry.get("acme-de")
    builtin = SpecRegistry().get("amazon-de")

    assert spec.extends == "amazon-de"
    assert spec.text["title"].max == 150
    assert spec.text["title"].count == "chars"
    assert spec.text["title"].forbidden_chars == builtin.text["title"].forbidden_chars
    assert spec.text["search_terms"] == builtin.text["search_terms"]
    assert spec.render == builtin.render
    assert spec.locale == "de-DE"
    assert "acme-de" in registry.ids()


def test_local_spec_overrides_same_id(tmp_path: Path) -> None:
    specs = write_spec(
        tmp_path,
        "amazon-de.yaml",
        """\
        id: amazon-de
        extends: amazon-de
        text:
          search_terms:
            max: 200
        """,
    )
    registry = SpecRegistry(specs)
    spec = registry.get("amazon-de")

    assert registry.is_local("amazon-de")
    assert spec.text["search_terms"].max == 200
    assert spec.text["search_terms"].count == "bytes"
    assert spec.text["title"].max == 200


def test_local_spec_extends_shared_base(tmp_path: Path) -> None:
    specs = write_spec(
        tmp_path,
        "amazon-fr.yaml",
        """\
        id: amazon-fr
        extends: _amazon
        name: Amazon.fr (France)
        market: FR
        locale: fr-FR
        currency: EUR
        source:
          ref: sellercentral-europe help 201100890
          kind: official
        checked: 2026-11-01
        """,
    )
    spec = SpecRegistry(specs).get("amazon-fr")

    assert spec.extends is None
    assert spec.platform == "amazon"
    assert spec.units == "metric"
    assert spec.text["search_terms"].max == 249
    assert spec.render.images[0].name == "{sku}.MAIN.jpg"


def test_unknown_field_names_file_and_line(tmp_path: Path) -> None:
    specs = write_spec(
        tmp_path,
        "acme-de.yaml",
        """\
        id: acme-de
        extends: amazon-de
        text:
          title:
            maxx: 150
        """,
    )

    with pytest.raises(ErrorList) as caught:
        SpecRegistry(specs).get("acme-de")

    [error] = caught.value.errors
    assert error.message == 'unknown field "maxx"'
    assert error.path == Path("specs/acme-de.yaml")
    assert error.line == 5
    assert error.field == "text.title.maxx"


def test_unknown_field_hint_suggests_field(tmp_path: Path) -> None:
    specs = write_spec(tmp_path, "acme-de.yaml", "id: acme-de\nextends: amazon-de\ntext:\n  title:\n    maxx: 150\n")

    with pytest.raises(ErrorList) as caught:
        SpecRegistry(specs).get("acme-de")

    assert caught.value.errors[0].hint == 'Did you mean "max"?'


def test_id_must_match_file_name(tmp_path: Path) -> None:
    specs = write_spec(tmp_path, "acme-de.yaml", "extends: amazon-de\nid: acme-fr\n")

    with pytest.raises(ConfigError) as caught:
        SpecRegistry(specs).get("acme-de")

    assert caught.value.message == 'spec file specs/acme-de.yaml declares id "acme-fr"; the file name says "acme-de"'
    assert caught.value.path == Path("specs/acme-de.yaml")
    assert caught.value.line == 2
    assert caught.value.hint == "Make the id match the file name."


def test_extends_loop_fails(tmp_path: Path) -> None:
    write_spec(tmp_path, "loop-a.yaml", "id: loop-a\nextends: loop-b\n")
    specs = write_spec(tmp_path, "loop-b.yaml", "id: loop-b\nextends: loop-a\n")

    with pytest.raises(ConfigError) as caught:
        SpecRegistry(specs).get("loop-a")

    assert caught.value.message == "spec specs/loop-b.yaml extends itself through loop-a -> loop-b -> loop-a"
    assert caught.value.path == Path("specs/loop-b.yaml")
    assert caught.value.line == 2
    assert caught.value.hint == "Remove the loop from the extends: chain."


def test_spec_text_key_typo(tmp_path: Path) -> None:
    local = tmp_path / "specs"
    local.mkdir()
    (local / "acme-de.yaml").write_text("id: acme-de\nextends: amazon-de\nname: Acme\ntext:\n  titel:\n    listing_field: item_name\n    max: 150\n    source: {ref: house rule, kind: official}\n", encoding="utf-8")

    with pytest.raises(ErrorList) as caught:
        SpecRegistry(local, "specs").get("acme-de")

    error = caught.value.errors[0]
    assert error.message == 'unknown copy field "titel"'
    assert error.hint == 'Did you mean "title"?'
    assert error.line == 4
