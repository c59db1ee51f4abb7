from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linkstar_cli.errors import TemplateError
from linkstar_cli.model.brand import Brand
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.copy import Copy
from linkstar_cli.render.sandbox import display_name
from linkstar_cli.render.text import RenderedListing, make_environment, render_listing
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.model import PlatformSpec

from tests.helpers import build_tree

NBSP = "\u00a0"

MARKETS = {
    "amazon-de": ("amazon", "DE", "de-DE", "EUR", "metric"),
    "amazon-us": ("amazon", "US", "en-US", "USD", "imperial"),
    "amazon-jp": ("amazon", "JP", "ja-JP", "JPY", "metric"),
    "tiktok-uk": ("tiktok", "GB", "en-GB", "GBP", "metric"),
    "shopee-sg": ("shopee", "SG", "en-SG", "SGD", "metric"),
}


def make_spec(spec_id: str, **render: str) -> PlatformSpec:
    platform, market, locale, currency, units = MARKETS[spec_id]
    listing = {"template": f"{platform}/listing.json.j2", "readable": f"{platform}/listing.md.j2", **render}
    return PlatformSpec.model_validate(
        {
            "id": spec_id,
            "name": f"{platform.title()} {market}",
            "platform": platform,
            "market": market,
            "locale": locale,
            "currency": currency,
            "units": units,
            "source": {"ref": "test", "kind": "official"},
            "checked": "2025-01-15",
            "render": {"listing": listing},
        }
    )


def make_brief(**changes: Any) -> Brief:
    data: dict[str, Any] = {
        "id": "WOO-HOODIE-01",
        "brand": "Woolly",
        "category": "apparel.hoodie",
        "gtin": "4006381333931",
        "model_number": "WH-01",
        "weight_kg": 1.5,
        "dimensions_cm": {"length": 30, "width": 20, "height": 10},
        "materials": [{"name": "cotton", "percent": 80}, {"name": "polyester", "percent": 20}],
        "certifications": ["CE"],
        "prices": {"DE": "29.99", "US": "34.5", "amazon-jp": "4980"},
        "variants": [
            {"id": "WOO-HOODIE-01-BL-L", "gtin": "4006381333948", "attributes": {"colour": "Blue", "size": "L"}},
            {"id": "WOO-HOODIE-01-RD-M", "attributes": {"colour": "Red", "size": "M"}, "prices": {"amazon-de": "31.5"}},
        ],
    }
    data.update(changes)
    return Brief.model_validate(data)


GERMAN_COPY = Copy.model_validate(
    {
        "title": "Woolly Kapuzenpullover aus Bio-Baumwolle, Blau",
        "bullets": ["Weiche Bio-Baumwolle", "Maschinenwaschbar bei 30 °C"],
        "description": "Ein warmer Kapuzenpullover für jeden Tag.",
        "search_terms": "hoodie pullover kapuze",
        "attribute_names": {"colour": "Farbe", "size": "Größe"},
        "attribute_values": {"colour": {"Blue": "Blau", "Red": "Rot"}},
    }
)
ENGLISH_COPY = Copy.model_validate(
    {
        "title": "Woolly Organic Cotton Hoodie, Blue",
        "bullets": ["Soft organic cotton", "Machine washable at 30 °C"],
        "description": "A warm hoodie for every day.",
        "search_terms": "hoodie sweatshirt",
        "attribute_names": {"colour": "Color", "size": "Size"},
    }
)
BRAND = Brand(name="Woolly")


def render(spec: PlatformSpec, copy: Copy = GERMAN_COPY, *, brief: Brief | None = None, repo: Path | None = None, locale: str | None = None) -> RenderedListing:
    search_dirs = [data_dir("templates")]
    if repo is not None and (repo / "templates").is_dir():
        search_dirs.insert(0, repo / "templates")
    env = make_environment(search_dirs)
    return render_listing(env, spec, brief=brief or make_brief(), copy=copy, brand=BRAND, locale=locale or spec.locale, display_root=repo)


def render_error(repo: Path, template: str, spec: PlatformSpec | None = None) -> TemplateError:
    """Render with a local amazon/listing.json.j2 and return the TemplateError it raises."""
    build_tree(repo, {"templates/amazon/listing.json.j2": template})
    with pytest.raises(TemplateError) as caught:
        render(spec or make_spec("amazon-de"), repo=repo)
    return caught.value


def location_and_message(error: TemplateError) -> str:
    return f"{error.location()}: {error.message}"


def test_amazon_german_fields() -> None:
    listing = render(make_spec("amazon-de"))

    assert listing.fields == {
        "item_name": "Woolly Kapuzenpullover aus Bio-Baumwolle, Blau",
        "brand": "Woolly",
        "bullet_point": ["Weiche Bio-Baumwolle", "Maschinenwaschbar bei 30 °C"],
        "product_description": "Ein warmer Kapuzenpullover für jeden Tag.",
        "generic_keyword": "hoodie pullover kapuze",
        "externally_assigned_product_id": "4006381333931",
        "model_number": "WH-01",
        "item_weight": "1,5 kg",
        "item_dimensions": "30 × 20 × 10 cm",
        "list_price": f"29,99{NBSP}€",
        "variants": [
            {"sku": "WOO-HOODIE-01-BL-L", "gtin": "4006381333948", "label": "Farbe: Blau, Größe: L", "price": f"29,99{NBSP}€"},
            {"sku": "WOO-HOODIE-01-RD-M", "gtin": None, "label": "Farbe: Rot, Größe: M", "price": f"31,50{NBSP}€"},
        ],
    }


def test_amazon_us_imperial_fields() -> None:
    listing = render(make_spec("amazon-us"), ENGLISH_COPY, brief=make_brief(weight_kg=0.68))

    assert listing.fields["item_name"] == "Woolly Organic Cotton Hoodie, Blue"
    assert listing.fields["item_weight"] == "1.5 lb"
    assert listing.fields["item_dimensions"] == "11.8 × 7.9 × 3.9 in"
    assert listing.fields["list_price"] == "$34.50"
    # Untranslated attribute values stay in the source language.
    assert listing.fields["variants"][0]["label"] == "Color: Blue, Size: L"
    assert listing.fields["variants"][1]["price"] == "$34.50"


def test_amazon_japan_price_by_platform_id() -> None:
    listing = render(make_spec("amazon-jp"), ENGLISH_COPY, locale="ja-JP")

    assert listing.fields["list_price"] == "￥4,980"


def test_json_text_is_pretty_utf8() -> None:
    listing = render(make_spec("amazon-de"))

    assert listing.json_text.startswith('{\n  "item_name": "Woolly Kapuzenpullover aus Bio-Baumwolle, Blau",\n  "brand": "Woolly",\n')
    assert '"label": "Farbe: Blau, Größe: L"' in listing.json_text
    assert listing.json_text.endswith("}\n")
    assert json.loads(listing.json_text) == listing.fields
    assert list(listing.fields)[:3] == ["item_name", "brand", "bullet_point"]


def test_amazon_markdown_for_reviewers() -> None:
    listing = render(make_spec("amazon-de"))
    lines = listing.markdown.splitlines()

    assert lines[0] == "# Woolly Kapuzenpullover aus Bio-Baumwolle, Blau"
    assert lines[2] == "Amazon DE · WOO-HOODIE-01 · de-DE"
    assert "- Maschinenwaschbar bei 30 °C" in lines
    assert "- Weight: 1,5 kg" in lines
    assert "- Dimensions (L × W × H): 30 × 20 × 10 cm" in lines
    assert f"- Materials: cotton 80{NBSP}%, polyester 20{NBSP}%" in lines
    assert f"- WOO-HOODIE-01-BL-L: Farbe: Blau, Größe: L, GTIN 4006381333948, 29,99{NBSP}€" in lines
    assert "None" not in listing.markdown
    assert listing.markdown.endswith("\n")


def test_missing_facts_are_left_out() -> None:
    brief = make_brief(gtin=None, model_number=None, weight_kg=None, dimensions_cm=None, prices={}, variants=[])
    copy = Copy.model_validate({"title": "Kapuzenpullover"})

    listing = render(make_spec("amazon-de"), copy, brief=brief)

    assert listing.fields == {
        "item_name": "Kapuzenpullover",
        "brand": "Woolly",
        "bullet_point": [],
        "product_description": None,
        "generic_keyword": None,
        "variants": [],
    }
    assert "## Variants" not in listing.markdown


def test_variant_without_price() -> None:
    brief = make_brief(prices={}, variants=[{"id": "WOO-HOODIE-01-GR", "attributes": {"colour": "Grey"}}])

    listing = render(make_spec("amazon-de"), brief=brief)

    assert "list_price" not in listing.fields
    assert listing.fields["variants"] == [{"sku": "WOO-HOODIE-01-GR", "gtin": None, "label": "Farbe: Grey", "price": None}]
    assert "- WOO-HOODIE-01-GR: Farbe: Grey" in listing.markdown.splitlines()


@pytest.mark.parametrize(
    ("spec_id", "keys", "variants_key"),
    [
        ("tiktok-uk", ["product_name", "description", "brand", "package_weight", "package_dimensions", "price", "skus"], "skus"),
        ("shopee-sg", ["item_name", "description", "brand", "weight", "dimension", "price", "model_list"], "model_list"),
    ],
)
def test_other_platform_fields(spec_id: str, keys: list[str], variants_key: str) -> None:
    brief = make_brief(prices={"GB": "24.99", "SG": "39.9"})

    listing = render(make_spec(spec_id), ENGLISH_COPY, brief=brief)

    assert list(listing.fields) == keys
    assert listing.fields[keys[3]] == "1.5 kg"
    assert listing.fields[keys[4]] == "30 × 20 × 10 cm"
    assert listing.fields[variants_key][0] == {"sku": "WOO-HOODIE-01-BL-L", "gtin": "4006381333948", "label": "Color: Blue, Size: L", "price": listing.fields["price"]}
    assert listing.markdown.startswith("# Woolly Organic Cotton Hoodie, Blue\n")


def test_tiktok_and_shopee_prices() -> None:
    brief = make_brief(prices={"GB": "24.99", "SG": "39.9"})

    assert render(make_spec("tiktok-uk"), ENGLISH_COPY, brief=brief).fields["price"] == "£24.99"
    assert render(make_spec("shopee-sg"), ENGLISH_COPY, brief=brief).fields["price"] == "$39.90"


def test_nfd_copy_renders_as_nfc() -> None:
    # "ü" and "ö" typed as a base letter and U+0308 COMBINING DIAERESIS, as macOS editors may save them.
    nfd = {
        "title": "Woolly Kapuzenpullover fu\u0308r jeden Tag, Blau",
        "bullets": ["Gro\u0308ße L passt u\u0308berall"],
        "description": "Fu\u0308r ku\u0308hle Tage.",
        "search_terms": "ma\u0308dchen mu\u0308tze",
        "attribute_names": {"colour": "Farbe", "size": "Gro\u0308ße"},
        "attribute_values": {"colour": {"Blue": "Blau", "Red": "Rot"}},
    }

    listing = render(make_spec("amazon-de"), Copy.model_validate(nfd))

    assert listing.fields["item_name"] == "Woolly Kapuzenpullover f\u00fcr jeden Tag, Blau"
    assert len(listing.fields["item_name"]) == 42
    assert listing.fields["bullet_point"] == ["Gr\u00f6\u00dfe L passt \u00fcberall"]
    assert listing.fields["product_description"] == "F\u00fcr k\u00fchle Tage."
    assert listing.fields["generic_keyword"] == "m\u00e4dchen m\u00fctze"
    assert len(listing.fields["generic_keyword"].encode("utf-8")) == 15
    assert listing.fields["variants"][0]["label"] == "Farbe: Blau, Gr\u00f6\u00dfe: L"
    assert "\u0308" not in listing.json_text
    assert "\u0308" not in listing.markdown


def test_local_template_overrides_builtin(tmp_path: Path) -> None:
    build_tree(tmp_path, {"templates/amazon/listing.json.j2": '{"item_name": {{ copy.title|tojson }}, "local": true}\n'})

    listing = render(make_spec("amazon-de"), repo=tmp_path)

    assert listing.fields == {"item_name": "Woolly Kapuzenpullover aus Bio-Baumwolle, Blau", "local": True}
    # The readable template still comes from the built-in folder.
    assert listing.markdown.startswith("# Woolly Kapuzenpullover aus Bio-Baumwolle, Blau\n")


def test_undefined_attribute_location(tmp_path: Path) -> None:
    error = render_error(tmp_path, '{\n  "brand": {{ brand.name|tojson }},\n  "item_name": {{ copy.titel|tojson }}\n}\n')

    assert location_and_message(error) == 'templates/amazon/listing.json.j2:3: "copy.titel" is undefined'
    assert error.hint == 'Did you mean "copy.title"?'


def test_undefined_variable(tmp_path: Path) -> None:
    error = render_error(tmp_path, "{\n{{ varients }}\n}\n")

    assert location_and_message(error) == 'templates/amazon/listing.json.j2:2: "varients" is undefined'


def test_builtin_template_display_name(tmp_path: Path) -> None:
    builtin = data_dir("templates")
    local = tmp_path / "templates"
    local.mkdir()
    search_dirs = [local.resolve(), builtin.resolve()]

    shown_builtin = display_name(str(builtin.resolve() / "amazon" / "listing.json.j2"), search_dirs, tmp_path)
    shown_local = display_name(str(local.resolve() / "amazon" / "listing.json.j2"), search_dirs, tmp_path)

    assert shown_builtin == "templates/amazon/listing.json.j2"
    assert shown_local == "templates/amazon/listing.json.j2"


def test_local_template_named_from_repo_root(tmp_path: Path) -> None:
    build_tree(tmp_path, {"content/templates/amazon/listing.json.j2": "{{ nope }}"})
    env = make_environment([tmp_path / "content" / "templates", data_dir("templates")])

    with pytest.raises(TemplateError) as caught:
        render_listing(env, make_spec("amazon-de"), brief=make_brief(), copy=GERMAN_COPY, brand=BRAND, locale="de-DE", display_root=tmp_path)

    assert caught.value.path == Path("content/templates/amazon/listing.json.j2")


def test_undefined_item_in_loop(tmp_path: Path) -> None:
    template = '{\n  "variants": [\n{% for variant in variants %}\n    {{ variant.sku|tojson }},\n{% endfor %}\n  ]\n}\n'

    error = render_error(tmp_path, template)

    assert location_and_message(error) == 'templates/amazon/listing.json.j2:4: "variant.sku" is undefined'


def test_none_printed_is_an_error(tmp_path: Path) -> None:
    brief = make_brief(model_number=None)
    build_tree(tmp_path, {"templates/amazon/listing.json.j2": '{\n  "model_number": "{{ brief.model_number }}"\n}\n'})

    with pytest.raises(TemplateError) as caught:
        render(make_spec("amazon-de"), brief=brief, repo=tmp_path)

    assert location_and_message(caught.value) == "templates/amazon/listing.json.j2:2: template printed None, so an optional value is missing"


def test_helper_given_none_is_an_error(tmp_path: Path) -> None:
    brief = make_brief(weight_kg=None)
    build_tree(tmp_path, {"templates/amazon/listing.json.j2": '{\n\n  "item_weight": {{ weight(brief.weight_kg)|tojson }}\n}\n'})

    with pytest.raises(TemplateError) as caught:
        render(make_spec("amazon-de"), brief=brief, repo=tmp_path)

    assert location_and_message(caught.value) == "templates/amazon/listing.json.j2:3: weight() got None, so the value it formats is missing"


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "weight.__globals__",
        "copy.bullets.append('x')",
        "'{0.__class__}'.format(copy)",
        "variants.__len__()",
    ],
)
def test_sandbox_escape_rejected(tmp_path: Path, expression: str) -> None:
    error = render_error(tmp_path, "{\n  \"x\": \"{{ " + expression + " }}\"\n}\n")

    assert error.path == Path("templates/amazon/listing.json.j2")
    assert error.line == 2
    assert error.message.startswith("template tried an operation the sandbox forbids: access to attribute ")


def test_huge_repetition_rejected(tmp_path: Path) -> None:
    error = render_error(tmp_path, '{"x": "{{ "x" * 100000000 }}"}')

    assert error.message == "template expression too large: repeating text or a list beyond 1000000 items is not allowed"


def test_syntax_error_line(tmp_path: Path) -> None:
    error = render_error(tmp_path, '{\n  "brand": {{ brand.name|tojson }},\n  "item_name": {{ copy.title|tojson }\n}\n')

    assert location_and_message(error) == "templates/amazon/listing.json.j2:3: template syntax error: unexpected '}'"


def test_invalid_json_output(tmp_path: Path) -> None:
    error = render_error(tmp_path, '{\n  "brand": {{ brand.name|tojson }}\n  "item_name": {{ copy.title|tojson }}\n}\n')

    assert location_and_message(error) == "templates/amazon/listing.json.j2: template output is not valid JSON: Expecting ',' delimiter at line 3, column 3 of the output"
    assert error.hint is not None
    assert 'The output line is: "item_name": "Woolly Kapuzenpullover aus Bio-Baumwolle, Blau".' in error.hint


def test_duplicate_json_key(tmp_path: Path) -> None:
    error = render_error(tmp_path, '{"brand": 1, "brand": 2}')

    assert error.message == 'template output has the key "brand" twice'


def test_included_template_error_location(tmp_path: Path) -> None:
    build_tree(tmp_path, {"templates/amazon/_fields.j2": '\n"item_name": {{ copy.nam|tojson }}\n'})

    error = render_error(tmp_path, '{\n{% include "amazon/_fields.j2" %}\n}\n')

    assert location_and_message(error) == 'templates/amazon/_fields.j2:2: "copy.nam" is undefined'


@pytest.mark.parametrize("name", ["../secrets.j2", "amazon/../../secrets.j2", "/etc/passwd", "C:/templates/x.j2"])
def test_template_path_outside_rejected(tmp_path: Path, name: str) -> None:
    build_tree(tmp_path, {"secrets.j2": '{"secret": 1}', "templates/amazon/listing.md.j2": "x"})

    with pytest.raises(TemplateError) as caught:
        render(make_spec("amazon-de", template=name), repo=tmp_path)

    assert caught.value.message == f'template path "{name}" leaves the templates folder'


def test_include_outside_rejected(tmp_path: Path) -> None:
    build_tree(tmp_path, {"secrets.j2": '"secret": 1'})

    error = render_error(tmp_path, '{\n{% include "../secrets.j2" %}\n}\n')

    assert location_and_message(error) == 'templates/amazon/listing.json.j2:2: template path "../secrets.j2" leaves the templates folder'


def test_symlink_outside_rejected(tmp_path: Path) -> None:
    build_tree(tmp_path, {"secrets.j2": '{"secret": 1}'})
    link = tmp_path / "templates" / "amazon" / "listing.json.j2"
    link.parent.mkdir(parents=True)
    link.symlink_to(tmp_path / "secrets.j2")

    with pytest.raises(TemplateError) as caught:
        render(make_spec("amazon-de"), repo=tmp_path)

    assert caught.value.message == 'template "templates/amazon/listing.json.j2" is a link to a file outside the templates folder'


def test_symlink_inside_folder_is_allowed(tmp_path: Path) -> None:
    build_tree(tmp_path, {"templates/shared/listing.json.j2": '{"shared": true}'})
    link = tmp_path / "templates" / "amazon" / "listing.json.j2"
    link.parent.mkdir(parents=True)
    link.symlink_to(tmp_path / "templates" / "shared" / "listing.json.j2")

    assert render(make_spec("amazon-de"), repo=tmp_path).fields == {"shared": True}


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        render(make_spec("amazon-de", template="ebay/listing.json.j2"), repo=tmp_path)

    assert caught.value.message == "template \"ebay/listing.json.j2\" not found in the repo's templates folder or the built-in templates"


def test_template_not_utf8(tmp_path: Path) -> None:
    build_tree(tmp_path, {"templates/amazon/listing.json.j2": "{\"x\": \"\xe9\"}".encode("latin-1")})

    with pytest.raises(TemplateError) as caught:
        render(make_spec("amazon-de"), repo=tmp_path)

    assert caught.value.message.startswith("cannot read template templates/amazon/listing.json.j2: 'utf-8' codec can't decode byte 0xe9")


def test_truncate_to_cuts_between_clusters(tmp_path: Path) -> None:
    copy = GERMAN_COPY.model_copy(update={"title": "Mütze 🇩🇪 Wolle", "search_terms": "mütze wolle 帽子"})
    template = '{\n  "a": {{ truncate_to(copy.title, 7)|tojson }},\n  "b": {{ truncate_to(copy.search_terms, 14, "bytes")|tojson }},\n  "c": {{ truncate_to(copy.title, 99)|tojson }}\n}\n'
    build_tree(tmp_path, {"templates/amazon/listing.json.j2": template})

    fields = render(make_spec("amazon-de"), copy, repo=tmp_path).fields

    # The flag is two code points, so 7 characters would end inside it: the cut falls before it.
    assert fields["a"] == "Mütze"
    # "mütze wolle " is 13 bytes and 帽 3 more, so the cut keeps "mütze wolle".
    assert fields["b"] == "mütze wolle"
    assert fields["c"] == "Mütze 🇩🇪 Wolle"


def test_truncate_to_rejects_unknown_count(tmp_path: Path) -> None:
    error = render_error(tmp_path, '{\n  "a": {{ truncate_to(copy.title, 10, "words")|tojson }}\n}\n')

    assert location_and_message(error) == 'templates/amazon/listing.json.j2:2: truncate_to() counts "chars" or "bytes", got \'words\''
