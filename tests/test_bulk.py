"""Bulk upload files of `linkstar render`: the Amazon inventory file and the Shopee mass upload rows."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from linkstar_cli.cli.app import run
from linkstar_cli.errors import ConfigError, ErrorList, LinkstarError, RenderError
from linkstar_cli.render.bulk import (
    bulk_file_name,
    bulk_notes,
    with_image_base_url,
    write_bulk_file,
)
from linkstar_cli.render.extras import Package
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.shard import in_shard
from linkstar_cli.specs.loader import SpecRegistry
from linkstar_cli.specs.model import PlatformSpec
from tests.helpers import build_tree, invoke

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-repo"
DEMO_SKUS = ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE"]
TEE_VARIANTS = [f"WOO-VNECK-TEE-{colour}-{size}" for colour in ("RED", "GREEN", "BLUE") for size in ("S", "M", "L")]
BASE_URL = "https://cdn.example.com/listings"
AMAZON_FILE = "build/amazon-de/amazon-de.flatfile.txt"
SHOPEE_FILE = "build/shopee-sg/shopee-sg.mass-upload.csv"
AMAZON_HEADER_ROWS = 3
SHOPEE_HEADER_ROWS = 2


def copy_demo(root: Path) -> Path:
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    return root


def render(root: Path, *args: str) -> None:
    assert run(["-C", str(root), "render", "--platform", "amazon-de,shopee-sg", "--jobs", "1", *args]) == 0


def read_table(path: Path, encoding: str, delimiter: str) -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def read_amazon(root: Path) -> list[list[str]]:
    return read_table(root / AMAZON_FILE, "utf-8", "\t")


def read_shopee(root: Path) -> list[list[str]]:
    return read_table(root / SHOPEE_FILE, "utf-8-sig", ",")


def rows_by_sku(table: list[list[str]], names: list[str], sku_column: str) -> dict[str, dict[str, str]]:
    return {row[names.index(sku_column)]: dict(zip(names, row, strict=True)) for row in table}


def builtin_spec(spec_id: str) -> PlatformSpec:
    return SpecRegistry().get(spec_id)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("bulk") / "repo")
    render(root)
    return root


@pytest.fixture(scope="module")
def demo_with_urls(tmp_path_factory: pytest.TempPathFactory, demo: Path) -> Path:
    """The rendered demo with local specs that set an image base URL. Its images are reused, not rendered again."""
    root = tmp_path_factory.mktemp("bulk-urls") / "repo"
    shutil.copytree(demo, root)
    for spec_id in ("amazon-de", "shopee-sg"):
        build_tree(root, {f"specs/{spec_id}.yaml": f"id: {spec_id}\nextends: {spec_id}\nbulk:\n  image_base_url: {BASE_URL}/{spec_id}/\n"})
    render(root)
    return root


@pytest.fixture(scope="module")
def amazon(demo: Path) -> dict[str, dict[str, str]]:
    table = read_amazon(demo)
    return rows_by_sku(table[AMAZON_HEADER_ROWS:], table[2], "item_sku")


@pytest.fixture(scope="module")
def shopee(demo: Path) -> dict[str, dict[str, str]]:
    table = read_shopee(demo)
    return rows_by_sku(table[SHOPEE_HEADER_ROWS:], table[0], "ps_sku_short")


def plan_packages(root: Path, spec: PlatformSpec) -> list[Package]:
    """Plan the demo SKUs for ``spec`` without rendering images: the listing text and the image names are there."""
    renderer = Renderer(ContentRepo.discover(root), jobs=1)
    return [renderer.plan(spec, sku) for sku in DEMO_SKUS]


# Amazon inventory file


def test_amazon_header_rows_as_spec_declares(demo: Path) -> None:
    bulk = builtin_spec("amazon-de").bulk
    assert bulk is not None
    table = read_amazon(demo)

    assert table[0] == bulk.preamble[0]
    assert table[0][0] == "TemplateType=fptcustom"
    assert table[1] == [column.label for column in bulk.columns]
    assert table[2] == [column.name for column in bulk.columns]
    assert table[2][:5] == ["feed_product_type", "item_sku", "brand_name", "item_name", "external_product_id"]


def test_amazon_one_row_per_sku_and_variant(demo: Path) -> None:
    skus = [row[1] for row in read_amazon(demo)[AMAZON_HEADER_ROWS:]]

    assert skus == ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE", *TEE_VARIANTS]


def test_amazon_parent_row(amazon: dict[str, dict[str, str]]) -> None:
    parent = amazon["WOO-VNECK-TEE"]

    assert parent["parent_child"] == "parent"
    assert parent["parent_sku"] == ""
    assert parent["relationship_type"] == ""
    assert parent["variation_theme"] == "SizeColor"
    assert parent["standard_price"] == ""
    assert parent["external_product_id"] == ""
    assert parent["external_product_id_type"] == ""
    assert parent["color_name"] == ""
    assert parent["feed_product_type"] == "shirt"


def test_amazon_child_rows(amazon: dict[str, dict[str, str]]) -> None:
    for sku in TEE_VARIANTS:
        child = amazon[sku]
        assert child["parent_child"] == "child"
        assert child["parent_sku"] == "WOO-VNECK-TEE"
        assert child["relationship_type"] == "Variation"
        assert child["variation_theme"] == "SizeColor"
        assert child["feed_product_type"] == "shirt"


def test_amazon_single_rows(amazon: dict[str, dict[str, str]]) -> None:
    beanie = amazon["WOO-BEANIE"]

    assert beanie["parent_child"] == ""
    assert beanie["parent_sku"] == ""
    assert beanie["variation_theme"] == ""
    assert beanie["feed_product_type"] == "hat"
    assert amazon["WOO-HOODIE-WITH-LOGO"]["feed_product_type"] == "sweatshirt"


def test_amazon_gtins_keep_leading_zeros(amazon: dict[str, dict[str, str]]) -> None:
    assert amazon["WOO-BEANIE"]["external_product_id"] == "0614141000111"
    assert amazon["WOO-VNECK-TEE-RED-S"]["external_product_id"] == "0614141000012"
    assert amazon["WOO-VNECK-TEE-BLUE-L"]["external_product_id"] == "0614141000098"
    assert amazon["WOO-VNECK-TEE-RED-S"]["external_product_id_type"] == "EAN"
    assert amazon["WOO-BEANIE"]["external_product_id_type"] == "EAN"


def test_amazon_prices_plain_decimals(amazon: dict[str, dict[str, str]]) -> None:
    assert amazon["WOO-BEANIE"]["standard_price"] == "19.95"
    assert amazon["WOO-HOODIE-WITH-LOGO"]["standard_price"] == "44.95"
    assert amazon["WOO-VNECK-TEE-RED-S"]["standard_price"] == "19.95"
    assert amazon["WOO-VNECK-TEE-BLUE-L"]["standard_price"] == "14.95"


def test_amazon_german_attribute_values(amazon: dict[str, dict[str, str]]) -> None:
    assert amazon["WOO-VNECK-TEE-RED-S"]["color_name"] == "Rot"
    assert amazon["WOO-VNECK-TEE-GREEN-M"]["color_name"] == "Grün"
    assert amazon["WOO-VNECK-TEE-BLUE-L"]["color_name"] == "Blau"
    assert amazon["WOO-VNECK-TEE-RED-S"]["size_name"] == "S"
    assert amazon["WOO-VNECK-TEE-GREEN-M"]["size_name"] == "M"
    assert amazon["WOO-VNECK-TEE-BLUE-L"]["size_name"] == "L"


def test_amazon_listing_text_in_german(amazon: dict[str, dict[str, str]]) -> None:
    beanie = amazon["WOO-BEANIE"]

    assert beanie["item_name"].startswith("Northwind Basics Beanie, Rippstrick-Wintermütze")
    assert beanie["brand_name"] == "Northwind Basics"
    assert beanie["bullet_point1"]
    assert beanie["bullet_point5"]
    assert beanie["generic_keywords"].startswith("mütze strickmütze")


def test_amazon_image_columns_empty_without_base_url(amazon: dict[str, dict[str, str]]) -> None:
    for row in amazon.values():
        assert row["main_image_url"] == ""
        assert row["other_image_url1"] == ""
    assert bulk_notes(builtin_spec("amazon-de")) == [
        "the image columns of amazon-de.flatfile.txt are empty because no image base URL is set;"
        " set it in linkstar.yaml as bulk: {amazon-de: {image_base_url: https://...}}"
    ]


def test_amazon_image_urls_with_base_url(demo_with_urls: Path) -> None:
    table = read_amazon(demo_with_urls)
    rows = rows_by_sku(table[AMAZON_HEADER_ROWS:], table[2], "item_sku")
    base = f"{BASE_URL}/amazon-de"

    assert rows["WOO-BEANIE"]["main_image_url"] == f"{base}/WOO-BEANIE/WOO-BEANIE.MAIN.jpg"
    assert rows["WOO-BEANIE"]["other_image_url1"] == f"{base}/WOO-BEANIE/WOO-BEANIE.PT01.jpg"
    assert rows["WOO-BEANIE"]["other_image_url2"] == f"{base}/WOO-BEANIE/WOO-BEANIE.PT02.jpg"
    assert rows["WOO-BEANIE"]["other_image_url3"] == f"{base}/WOO-BEANIE/WOO-BEANIE.PT03.jpg"
    assert rows["WOO-BEANIE"]["other_image_url4"] == ""
    assert rows["WOO-VNECK-TEE-RED-S"]["main_image_url"] == f"{base}/WOO-VNECK-TEE/WOO-VNECK-TEE.MAIN.jpg"
    assert (demo_with_urls / "build/amazon-de/WOO-BEANIE/WOO-BEANIE.PT03.jpg").is_file()
    assert bulk_notes(with_image_base_url(builtin_spec("amazon-de"), f"{base}/")) == []


def test_amazon_text_file_bytes(demo: Path) -> None:
    data = (demo / AMAZON_FILE).read_bytes()
    lines = data.split(b"\r\n")

    assert data.startswith(b"TemplateType=fptcustom\tVersion=")
    assert data.endswith(b"\r\n")
    assert data.count(b"\n") == data.count(b"\r\n") == AMAZON_HEADER_ROWS + 12
    assert "Grün".encode() in data
    assert len(lines[2].split(b"\t")) == len(lines[3].split(b"\t"))


# Shopee mass upload rows


def test_shopee_header_rows_as_spec_declares(demo: Path) -> None:
    bulk = builtin_spec("shopee-sg").bulk
    assert bulk is not None
    table = read_shopee(demo)

    assert table[0] == [column.name for column in bulk.columns]
    assert table[1] == [column.label for column in bulk.columns]
    assert table[0][:4] == ["ps_category", "ps_product_name", "ps_product_description", "ps_sku_parent_short"]
    assert table[1][-4:] == ["Weight", "Length", "Width", "Height"]


def test_shopee_one_row_per_sku_and_variant(demo: Path) -> None:
    table = read_shopee(demo)
    skus = [row[table[0].index("ps_sku_short")] for row in table[SHOPEE_HEADER_ROWS:]]

    assert skus == ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", *TEE_VARIANTS]


def test_shopee_variant_rows(shopee: dict[str, dict[str, str]]) -> None:
    first = shopee["WOO-VNECK-TEE-RED-S"]
    later = shopee["WOO-VNECK-TEE-BLUE-L"]

    assert first["ps_sku_parent_short"] == "WOO-VNECK-TEE"
    assert later["ps_sku_parent_short"] == "WOO-VNECK-TEE"
    assert first["et_title_variation_integration_no"] == "1"
    assert later["et_title_variation_integration_no"] == "1"
    assert (first["et_title_variation_1"], first["et_title_option_for_variation_1"]) == ("Color", "Red")
    assert (first["et_title_variation_2"], first["et_title_option_for_variation_2"]) == ("Size", "Small")
    assert (later["et_title_option_for_variation_1"], later["et_title_option_for_variation_2"]) == ("Blue", "Large")
    assert first["ps_product_name"].startswith("Northwind Basics Unisex V-Neck T-Shirt")
    assert first["ps_product_description"].startswith("A V-neck T-shirt for every day.")
    assert later["ps_product_name"] == ""
    assert later["ps_product_description"] == ""


def test_shopee_single_rows(shopee: dict[str, dict[str, str]]) -> None:
    beanie = shopee["WOO-BEANIE"]

    assert beanie["ps_sku_parent_short"] == "WOO-BEANIE"
    assert beanie["et_title_variation_integration_no"] == ""
    assert beanie["et_title_variation_1"] == ""
    assert beanie["ps_product_name"].startswith("Northwind Basics Beanie")
    assert beanie["ps_category"] == ""
    assert beanie["ps_stock"] == ""


def test_shopee_gtins_prices_and_sizes(shopee: dict[str, dict[str, str]]) -> None:
    assert shopee["WOO-BEANIE"]["ps_gtin_code"] == "0614141000111"
    assert shopee["WOO-VNECK-TEE-GREEN-M"]["ps_gtin_code"] == "0614141000050"
    assert shopee["WOO-BEANIE"]["ps_price"] == "26.90"
    assert shopee["WOO-VNECK-TEE-RED-S"]["ps_price"] == "26.90"
    assert shopee["WOO-VNECK-TEE-BLUE-S"]["ps_price"] == "19.90"
    assert shopee["WOO-BEANIE"]["ps_weight"] == "0.091"
    assert shopee["WOO-BEANIE"]["ps_length"] == "10.2"
    assert shopee["WOO-BEANIE"]["ps_height"] == "1.3"


def test_shopee_image_urls_with_base_url(demo_with_urls: Path) -> None:
    table = read_shopee(demo_with_urls)
    rows = rows_by_sku(table[SHOPEE_HEADER_ROWS:], table[0], "ps_sku_short")
    base = f"{BASE_URL}/shopee-sg"

    assert rows["WOO-BEANIE"]["ps_item_cover_image"] == f"{base}/WOO-BEANIE/WOO-BEANIE-cover.jpg"
    assert rows["WOO-BEANIE"]["ps_item_image_1"] == f"{base}/WOO-BEANIE/WOO-BEANIE-01.jpg"
    assert rows["WOO-VNECK-TEE-BLUE-L"]["ps_item_cover_image"] == f"{base}/WOO-VNECK-TEE/WOO-VNECK-TEE-cover.jpg"


def test_shopee_csv_bytes(demo: Path) -> None:
    data = (demo / SHOPEE_FILE).read_bytes()

    assert data.startswith(b"\xef\xbb\xbfps_category,ps_product_name,")
    assert data.count(b"\n") == data.count(b"\r\n") == SHOPEE_HEADER_ROWS + 11


# Determinism, shards and specs without a bulk file


def test_second_render_keeps_bulk_bytes(demo: Path) -> None:
    paths = [demo / AMAZON_FILE, demo / SHOPEE_FILE]
    before = [(path.read_bytes(), path.stat().st_mtime_ns) for path in paths]

    render(demo)

    assert [(path.read_bytes(), path.stat().st_mtime_ns) for path in paths] == before


def test_shards_write_separate_files(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "repo")

    for index in (1, 2):
        assert run(["-C", str(root), "render", "--platform", "amazon-de", "--jobs", "1", "--shard", f"{index}/2"]) == 0

    assert not (root / AMAZON_FILE).exists()
    for index in (1, 2):
        expected = [sku for sku in DEMO_SKUS if in_shard(sku, (index, 2))]
        path = root / f"build/amazon-de/amazon-de.flatfile.shard-{index}-of-2.txt"
        if not expected:
            assert not path.exists()
            continue
        products = [row[1] for row in read_table(path, "utf-8", "\t")[AMAZON_HEADER_ROWS:] if row[1] in DEMO_SKUS]
        assert products == expected


def test_bulk_file_name_with_shard() -> None:
    amazon = builtin_spec("amazon-de").bulk
    shopee = builtin_spec("shopee-sg").bulk
    assert amazon is not None and shopee is not None

    assert bulk_file_name(amazon, "amazon-de", None) == "amazon-de.flatfile.txt"
    assert bulk_file_name(amazon, "amazon-de", (2, 4)) == "amazon-de.flatfile.shard-2-of-4.txt"
    assert bulk_file_name(shopee, "shopee-sg", (1, 3)) == "shopee-sg.mass-upload.shard-1-of-3.csv"
    assert bulk_file_name(shopee.model_copy(update={"file": "bulk"}), "shopee-sg", (1, 3)) == "bulk.shard-1-of-3"


def test_spec_without_bulk_writes_none(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "repo")
    build_tree(root, {"specs/amazon-de.yaml": "id: amazon-de\nextends: amazon-de\nbulk: null\n"})

    assert run(["-C", str(root), "render", "--platform", "amazon-de", "--jobs", "1"]) == 0

    assert sorted(path.name for path in (root / "build/amazon-de").iterdir()) == DEMO_SKUS


def test_writer_returns_nothing_without_bulk() -> None:
    spec = builtin_spec("amazon-de").model_copy(update={"bulk": None})

    assert write_bulk_file(spec, plan_packages(DEMO, spec), None) == {}


# Spec data drives the writer


def test_image_names_instead_of_urls() -> None:
    spec = builtin_spec("shopee-sg")
    assert spec.bulk is not None
    spec = spec.model_copy(update={"bulk": spec.bulk.model_copy(update={"images": "name"})})

    data = write_bulk_file(spec, plan_packages(DEMO, spec), None)["shopee-sg.mass-upload.csv"]
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    rows = rows_by_sku(table[SHOPEE_HEADER_ROWS:], table[0], "ps_sku_short")

    assert rows["WOO-BEANIE"]["ps_item_cover_image"] == "WOO-BEANIE-cover.jpg"
    assert rows["WOO-BEANIE"]["ps_item_image_1"] == "WOO-BEANIE-01.jpg"
    assert rows["WOO-HOODIE-WITH-LOGO"]["ps_item_image_3"] == "WOO-HOODIE-WITH-LOGO-03.jpg"


def test_unknown_variation_theme_fails() -> None:
    spec = builtin_spec("amazon-de")
    assert spec.bulk is not None
    spec = spec.model_copy(update={"bulk": spec.bulk.model_copy(update={"variation_themes": []})})

    with pytest.raises(RenderError) as caught:
        write_bulk_file(spec, plan_packages(DEMO, spec), None)

    assert caught.value.message == 'amazon-de has no variation theme for the variant attributes of SKU "WOO-VNECK-TEE" (colour, size)'
    assert caught.value.path == Path("skus/WOO-VNECK-TEE/brief.yaml")


def test_too_many_variant_attributes_fail() -> None:
    spec = builtin_spec("shopee-sg")
    assert spec.bulk is not None
    spec = spec.model_copy(update={"bulk": spec.bulk.model_copy(update={"max_variation_attributes": 1})})

    with pytest.raises(RenderError) as caught:
        write_bulk_file(spec, plan_packages(DEMO, spec), None)

    assert caught.value.message == 'variant "WOO-VNECK-TEE-RED-S" of SKU "WOO-VNECK-TEE" has 2 attributes, more than the 1 of the shopee-sg bulk file'


def test_unencodable_character_fails() -> None:
    spec = builtin_spec("amazon-de")
    assert spec.bulk is not None
    spec = spec.model_copy(update={"bulk": spec.bulk.model_copy(update={"encoding": "shift_jis"})})

    with pytest.raises(RenderError) as caught:
        write_bulk_file(spec, plan_packages(DEMO, spec), None)

    assert caught.value.message == 'cannot encode "ü" of the bulk file amazon-de.flatfile.txt in shift_jis'


def test_missing_theme_stops_render(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_demo(tmp_path / "repo")
    build_tree(root, {"specs/amazon-de.yaml": "id: amazon-de\nextends: amazon-de\nbulk:\n  variation_themes: []\n"})

    result = invoke(capsys, "-C", root, "render", "--platform", "amazon-de", "--jobs", "1")

    assert result.code == 2
    assert 'no variation theme for the variant attributes of SKU "WOO-VNECK-TEE"' in result.err
    assert not (root / AMAZON_FILE).exists()


def spec_error(tmp_path: Path, bulk_yaml: str) -> LinkstarError:
    build_tree(tmp_path, {"specs/test-bulk.yaml": "id: test-bulk\nextends: amazon-de\nbulk:\n" + bulk_yaml})
    with pytest.raises((ConfigError, ErrorList)) as caught:
        SpecRegistry(tmp_path / "specs").get("test-bulk")
    error = caught.value
    return error.errors[0] if isinstance(error, ErrorList) else error


def test_unknown_value_source_rejected(tmp_path: Path) -> None:
    error = spec_error(tmp_path, "  columns:\n    - name: item_sku\n      value: row.colour\n")

    assert error.message == 'unknown bulk column source "row.colour"'
    assert error.path == Path("specs/test-bulk.yaml")
    assert error.line == 6


def test_value_and_constant_rejected(tmp_path: Path) -> None:
    error = spec_error(tmp_path, "  columns:\n    - name: item_sku\n      value: row.sku\n      constant: X\n")

    assert error.message == 'column "item_sku" has both value and constant'


def test_file_name_with_folder_rejected(tmp_path: Path) -> None:
    error = spec_error(tmp_path, "  file: ../upload.txt\n")

    assert error.message == 'invalid bulk file name "../upload.txt"'


def test_repo_image_base_url_fills_image_columns(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    config = root / "linkstar.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "bulk:\n  amazon-de:\n    image_base_url: https://cdn.example.com/listings\n", encoding="utf-8")

    assert run(["-C", str(root), "render", "--platform", "amazon-de", "--jobs", "1"]) == 0

    text = (root / "build/amazon-de/amazon-de.flatfile.txt").read_text(encoding="utf-8")
    assert "https://cdn.example.com/listings/WOO-BEANIE/WOO-BEANIE.MAIN.jpg" in text
