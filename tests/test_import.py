"""``linkstar import`` end to end, on real exports from WooCommerce, Shopify, Akeneo and Magento."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from linkstar_cli.repo.content import ContentRepo
from tests.helpers import Result, invoke

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
WOO = EXPORTS / "woocommerce_sample_products.csv"


@pytest.fixture
def repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "shop"
    result = invoke(capsys, "init", root, "--brand", "Northwind", "--targets", "amazon-us,amazon-de")
    assert result.code == 0, result.err
    return root


def run_import(capsys: pytest.CaptureFixture[str], root: Path, *args: str | Path) -> Result:
    return invoke(capsys, "-C", root, "import", *args)


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under skus/ with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted((root / "skus").rglob("*")) if path.is_file() and path.name != ".gitkeep"}


def rewrite_csv(source: Path, target: Path, changes: dict[tuple[str, str], str], key: str = "SKU") -> None:
    """Copy a CSV export, setting cells given as (row key, column) -> value."""
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        for (row_key, column), value in changes.items():
            if row[header.index(key)] == row_key:
                row[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    target.write_text(out.getvalue(), encoding="utf-8")


# WooCommerce


def test_woocommerce_creates_skus_with_variants_in_si_units(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(capsys, repo, WOO, "--preset", "woocommerce")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert "WOO-VNECK-TEE" in content.sku_ids()
    assert "LOGO-COLLECTION" not in content.sku_ids()  # the grouped product only lists others
    tee = content.brief("WOO-VNECK-TEE")
    # .5 lb = 0.226796185 kg, rounded half up to the gram; 24 x 1 x 2 in exactly.
    assert tee.weight_kg == 0.227
    assert tee.dimensions_cm is not None
    assert (tee.dimensions_cm.length, tee.dimensions_cm.width, tee.dimensions_cm.height) == (60.96, 2.54, 5.08)
    assert tee.category == "clothing.tshirts"
    assert tee.brand == "Northwind"
    assert [(variant.id, variant.attributes, variant.prices) for variant in tee.variants] == [
        ("WOO-VNECK-TEE-RED", {"Color": "Red"}, {"US": Decimal("20")}),
        ("WOO-VNECK-TEE-GREEN", {"Color": "Green"}, {"US": Decimal("20")}),
        ("WOO-VNECK-TEE-BLUE", {"Color": "Blue"}, {"US": Decimal("15")}),
    ]
    hoodie = content.brief("WOO-HOODIE")
    assert [variant.attributes for variant in hoodie.variants][-1] == {"Color": "Blue", "Logo": "Yes"}
    assert content.copy("WOO-VNECK-TEE", "en-US").title == "V-Neck T-Shirt"
    assert content.copy("WOO-VNECK-TEE", "de-DE").title is None
    beanie = content.brief("WOO-BEANIE")
    assert beanie.prices == {"US": Decimal("20")}
    assert beanie.weight_kg == 0.091  # .2 lb
    assert "weight_kg: 0.227\n" in (repo / "skus/WOO-VNECK-TEE/brief.yaml").read_text(encoding="utf-8")
    assert 'row 16: this variant has no value for "Size", so it stands for any Size' in result.err
    assert "17 SKUs created, 0 updated, 0 unchanged; conflicts: 0." in result.err


def test_woocommerce_new_sku_looks_like_new_sku(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_import(capsys, repo, WOO, "--preset", "woocommerce")

    folder = repo / "skus" / "WOO-BELT"
    brief = (folder / "brief.yaml").read_text(encoding="utf-8")
    assert brief.startswith('# yaml-language-server: $schema=../../schemas/brief.schema.json\nid: "WOO-BELT"\nbrand: "Northwind"\ncategory: "clothing.accessories"\n')
    assert "# Barcodes are text: keep the quotes so leading zeros survive.\n" in brief
    assert (folder / "assets" / "assets.yaml").is_file()
    assert sorted(path.name for path in (folder / "copy").iterdir()) == ["de-DE.yaml", "en-US.yaml"]
    record = (folder / "import.yaml").read_text(encoding="utf-8")
    assert "    weight_kg:\n      value: '0.544'\n      source: woocommerce_sample_products.csv\n      row: 7\n      column: Weight (lbs)\n" in record


def test_second_import_changes_no_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_import(capsys, repo, WOO, "--preset", "woocommerce")
    before = snapshot(repo)
    times = {path: path.stat().st_mtime_ns for path in (repo / "skus").rglob("*") if path.is_file()}

    result = run_import(capsys, repo, WOO, "--preset", "woocommerce")

    assert result.code == 0, result.err
    assert snapshot(repo) == before
    assert {path: path.stat().st_mtime_ns for path in times} == times
    assert "No file changed: the repo already matches" in result.err
    assert "(17 SKUs)" in result.err


def test_reimport_keeps_hand_edit_and_updates_price(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run_import(capsys, repo, WOO, "--preset", "woocommerce")
    copy_file = repo / "skus/WOO-VNECK-TEE/copy/en-US.yaml"
    copy_file.write_text(copy_file.read_text(encoding="utf-8").replace("title: V-Neck T-Shirt\n", "title: Soft V-Neck Tee for Summer\n"), encoding="utf-8")
    changed = tmp_path / "woocommerce_sample_products.csv"
    rewrite_csv(WOO, changed, {("woo-vneck-tee-red", "Regular price"): "22", ("woo-vneck-tee", "Name"): "V-Neck Tee"})

    result = run_import(capsys, repo, changed, "--preset", "woocommerce", "--format", "json")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert content.copy("WOO-VNECK-TEE", "en-US").title == "Soft V-Neck Tee for Summer"
    assert content.brief("WOO-VNECK-TEE").variants[0].prices == {"US": Decimal("22")}
    report = json.loads(result.out)
    assert report["conflicts"] == [
        {
            "sku": "WOO-VNECK-TEE",
            "file": "copy/en-US.yaml",
            "field": "title",
            "repo_value": "Soft V-Neck Tee for Summer",
            "export_value": "V-Neck Tee",
            "row": 2,
            "column": "Name",
        }
    ]
    assert report["summary"] == {"created": 0, "updated": 1, "unchanged": 16, "conflicts": 1}
    tee = next(item for item in report["skus"] if item["sku"] == "WOO-VNECK-TEE")
    assert tee["changes"] == [{"file": "brief.yaml", "field": "variants[WOO-VNECK-TEE-RED].prices.US", "old": "20", "new": "22"}]
    assert tee["files"] == ["skus/WOO-VNECK-TEE/brief.yaml", "skus/WOO-VNECK-TEE/import.yaml"]
    record = (repo / "skus/WOO-VNECK-TEE/import.yaml").read_text(encoding="utf-8")
    assert "      value: '22'\n" in record
    assert "      value: V-Neck T-Shirt\n" in record  # the title conflict leaves the record as it was


def test_hand_edit_conflict_then_cleared(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_import(capsys, repo, WOO, "--preset", "woocommerce")
    brief_file = repo / "skus/WOO-BEANIE/brief.yaml"
    brief_file.write_text(brief_file.read_text(encoding="utf-8").replace("weight_kg: 0.091\n", "weight_kg: 0.095  # weighed in the studio\n"), encoding="utf-8")

    result = run_import(capsys, repo, WOO, "--preset", "woocommerce")

    assert result.code == 0, result.err
    assert "Kept hand edits (conflicts)" in result.err
    assert "weight_kg" in result.err
    assert "0.095" in result.err
    assert "0.091" in result.err
    assert "weight_kg: 0.095  # weighed in the studio\n" in brief_file.read_text(encoding="utf-8")

    brief_file.write_text(brief_file.read_text(encoding="utf-8").replace("weight_kg: 0.095  # weighed in the studio\n", "weight_kg:\n"), encoding="utf-8")
    result = run_import(capsys, repo, WOO, "--preset", "woocommerce")

    assert "weight_kg: 0.091\n" in brief_file.read_text(encoding="utf-8")
    assert "conflicts: 0." in result.err


def test_comments_and_key_order_survive_an_update(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run_import(capsys, repo, WOO, "--preset", "woocommerce")
    brief_file = repo / "skus/WOO-CAP/brief.yaml"
    text = brief_file.read_text(encoding="utf-8")
    text = text.replace("materials: []\n", "# Cotton twill, checked with the supplier.\nmaterials:\n  - name: cotton\n    percent: 100\n")
    text = text.replace('prices:\n  US: "18"\n', 'prices:\n  US: "18"  # list price\n  amazon-de: "17.50"\n')
    brief_file.write_text(text, encoding="utf-8")
    changed = tmp_path / "woocommerce_sample_products.csv"
    rewrite_csv(WOO, changed, {("woo-cap", "Regular price"): "19", ("woo-cap", "Weight (lbs)"): ".7"})

    result = run_import(capsys, repo, changed, "--preset", "woocommerce")

    assert result.code == 0, result.err
    expected = text.replace('US: "18"  # list price', 'US: "19"  # list price').replace("weight_kg: 0.272\n", "weight_kg: 0.318\n")
    assert brief_file.read_text(encoding="utf-8") == expected


def test_dry_run_prints_a_diff_and_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(capsys, repo, WOO, "--preset", "woocommerce", "--dry-run")

    assert result.code == 0, result.err
    assert not list((repo / "skus").glob("*/brief.yaml"))
    assert "--- /dev/null\n+++ b/skus/WOO-VNECK-TEE/brief.yaml\n" in result.out
    assert "+weight_kg: 0.227\n" in result.out
    assert "Dry run, nothing written: 17 SKUs would be created" in result.err


def test_encodings_import_same_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = WOO.read_text(encoding="utf-8").replace('"V-Neck T-Shirt",1,1,visible', '"纯棉V领短袖T恤",1,1,visible', 1)
    assert "纯棉V领短袖T恤" in text
    variants = {
        "utf8": text.encode("utf-8"),
        "gb18030": text.encode("gb18030"),
        "bom-crlf": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
    }
    imported = {}
    for name, data in variants.items():
        root = tmp_path / name
        invoke(capsys, "init", root, "--brand", "Northwind", "--targets", "amazon-us")
        export = tmp_path / f"{name}-export" / "products.csv"
        export.parent.mkdir()
        export.write_bytes(data)
        result = run_import(capsys, root, export, "--preset", "woocommerce")
        assert result.code == 0, (name, result.err)
        imported[name] = snapshot(root)

    assert ContentRepo(tmp_path / "gb18030").copy("WOO-VNECK-TEE", "en-US").title == "纯棉V领短袖T恤"
    assert imported["gb18030"] == imported["utf8"]
    assert imported["bom-crlf"] == imported["utf8"]


# Bad input


def test_scientific_barcodes_are_rejected_with_every_row(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(capsys, repo, EXPORTS / "erp_cn_scientific_barcodes.csv", "--mapping", EXPORTS / "erp_cn_mapping.yaml")

    assert result.code == 2
    assert "3 problems in the export; nothing was imported" in result.err
    assert 'erp_cn_scientific_barcodes.csv:2: row 2, column "条码": barcode "6.90123E+12" is in scientific notation, so its digits are lost' in result.err
    assert 'erp_cn_scientific_barcodes.csv:3: row 3, column "条码": barcode "6.90123E+12" is in scientific notation' in result.err
    assert 'row 5, column "条码": barcode "6901234567890" has check digit 0, expected 2' in result.err
    assert "format the barcode column as Text" in result.err
    assert result.err.count("format the barcode column as Text, type or paste") == 1
    assert snapshot(repo) == {}


def test_barcodes_that_pass_are_imported_as_strings(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "erp.csv"
    export.write_bytes((EXPORTS / "erp_cn_scientific_barcodes.csv").read_bytes().replace(b"6.90123E+12,350", b"0690123456787,350").replace(b"6.90123E+12,420", b"06901234567892,420").replace(b"6901234567890", b"6901234567892"))

    result = run_import(capsys, repo, export, "--mapping", EXPORTS / "erp_cn_mapping.yaml")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert content.brief("CN-CUP-01").gtin == "0690123456787"
    assert content.brief("CN-CUP-02").gtin == "06901234567892"
    assert content.brief("CN-CUP-01").weight_kg == 0.35
    assert content.brief("CN-CUP-01").prices == {"CN": Decimal("29.9")}
    assert content.copy("CN-CUP-01", "zh-CN").title == "陶瓷马克杯 350毫升"
    assert 'gtin: "0690123456787"\n' in (repo / "skus/CN-CUP-01/brief.yaml").read_text(encoding="utf-8")


def test_ambiguous_encoding_asks_for_encoding(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "mugs.csv"
    # Two accented letters: too few for UTF-8 to prove itself, and as GB18030 they read as common hanzi.
    export.write_bytes("SKU,Name\nMUG-1,Café Crème\n".encode("utf-8"))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("sku: SKU\ncopy:\n  title: Name\n", encoding="utf-8")

    result = run_import(capsys, repo, export, "--mapping", mapping)

    assert result.code == 2
    assert 'cannot tell the encoding of' in result.err
    assert 'read as UTF-8 it says ",Café Crème "' in result.err
    assert 'read as GB18030 ",Caf茅 Cr猫me "' in result.err
    assert "Pass --encoding utf-8 or --encoding gb18030" in result.err
    assert snapshot(repo) == {}

    result = run_import(capsys, repo, export, "--mapping", mapping, "--encoding", "utf-8")

    assert result.code == 0, result.err
    assert ContentRepo(repo).copy("MUG-1", "en-US").title == "Café Crème"


def test_decimal_comma(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export, mapping = EXPORTS / "erp_de_decimal_comma.csv", EXPORTS / "erp_de_mapping.yaml"

    result = run_import(capsys, repo, export, "--mapping", mapping)

    assert result.code == 2
    assert 'row 2, column "Preis": "9,99" has a comma, but numbers are read with a decimal dot' in result.err
    assert 'row 3, column "Gewicht (kg)": ",4" has a comma' in result.err
    assert "run the import again with --decimal comma" in result.err
    assert snapshot(repo) == {}

    result = run_import(capsys, repo, export, "--mapping", mapping, "--decimal", "comma")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert content.brief("DE-TASSE-01").prices == {"DE": Decimal("9.99")}
    assert content.brief("DE-TASSE-01").weight_kg == 0.35
    assert content.brief("DE-TASSE-02").weight_kg == 0.4
    assert content.copy("DE-TASSE-02", "de-DE").title == "Teebecher Porzellan"


def test_missing_column_names_a_close_header(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("sku: SKU\ncopy:\n  title: Nmae\n", encoding="utf-8")

    result = run_import(capsys, repo, WOO, "--mapping", mapping)

    assert result.code == 2
    assert 'column "Nmae" for title is not in' in result.err
    assert 'Did you mean "Name"' in result.err


def test_mapping_file_is_validated_with_line(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("sku: SKU\nbrief:\n  wieght_kg: Weight (lbs)\n", encoding="utf-8")

    result = run_import(capsys, repo, WOO, "--mapping", mapping)

    assert result.code == 2
    assert "mapping.yaml:3:3 (brief.wieght_kg): unknown field \"wieght_kg\"" in result.err
    assert 'Did you mean "weight_kg"?' in result.err


def test_mapping_or_preset_is_required(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(capsys, repo, WOO)

    assert result.code == 2
    assert "pass either --mapping or --preset" in result.err


def test_bad_sku_names_its_row(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    changed = tmp_path / "products.csv"
    rewrite_csv(WOO, changed, {("woo-belt", "SKU"): "..", ("woo-cap", "SKU"): "WOO-TSHIRT"})

    result = run_import(capsys, repo, changed, "--preset", "woocommerce")

    assert result.code == 2
    assert 'row 7, column "SKU": SKU ".." cannot be made into a SKU id' in result.err
    assert 'row 8, column "SKU": SKU id WOO-TSHIRT is already used by row 5' in result.err


def test_locale_columns_bullets_and_lists(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "lamps.tsv"
    export.write_text(
        "SKU\tName\tName (de-DE)\tName [fr_FR]\tFeature 1\tFeature 2\tFeature 3\tCertificates\tCategory\n"
        "LAMP-1\tDesk Lamp\tSchreibtischlampe\tLampe de bureau\tDimmable\t\tUSB-C &amp; mains\tCE, UKCA\tHome / Lighting\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "sku: SKU\nbrief:\n  category: Category\n  certifications:\n    column: Certificates\n    split: \",\"\n"
        "copy:\n  title: Name\n  bullets: [Feature 1, Feature 2, Feature 3]\n",
        encoding="utf-8",
    )

    result = run_import(capsys, repo, export, "--mapping", mapping)

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert content.copy("LAMP-1", "en-US").title == "Desk Lamp"
    assert content.copy("LAMP-1", "de-DE").title == "Schreibtischlampe"
    assert content.copy("LAMP-1", "fr-FR").title == "Lampe de bureau"
    assert content.copy("LAMP-1", "en-US").bullets == ["Dimmable", "USB-C & mains"]
    assert content.brief("LAMP-1").certifications == ["CE", "UKCA"]
    assert content.brief("LAMP-1").category == "home.lighting"


# Akeneo, Shopify, Magento


def test_akeneo_export_fills_copy_per_locale(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(capsys, repo, EXPORTS / "akeneo_product_export.csv", "--preset", "akeneo")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert content.copy_locales("AK-KETTLE-17") == ["de-DE", "en-US", "fr-FR"]
    assert content.copy("AK-KETTLE-17", "de-DE").title == "Wasserkocher Edelstahl 1,7 l"
    assert content.copy("AK-KETTLE-17", "en-US").title == "Stainless Steel Kettle 1.7 l"
    assert content.copy("AK-KETTLE-17", "fr-FR").title == "Bouilloire inox 1,7 l"
    # HTML is kept; references are decoded except those that carry markup meaning.
    assert content.copy("AK-KETTLE-17", "fr-FR").description == (
        "<p>Bouilloire en acier inoxydable d'une capacité de 1,7&nbsp;l.</p>\n"
        "<ul>\n"
        "<li>Arrêt automatique &amp; protection contre la chauffe à vide</li>\n"
        "<li>Filtre anticalcaire amovible</li>\n"
        "</ul>"
    )
    assert content.copy("AK-KETTLE-17", "en-US").description.startswith("<p>Stainless steel kettle that holds 1.7&nbsp;l.</p>")  # type: ignore[union-attr]
    kettle = content.brief("AK-KETTLE-17")
    assert (kettle.gtin, kettle.weight_kg, kettle.brand, kettle.category) == ("0614141000210", 1.2, "Northwind", "kitchen_appliances")
    assert kettle.prices == {"US": Decimal("44.99"), "DE": Decimal("39.90")}
    assert content.brief("AK-HEADPHONE-BT2").weight_kg == 0.25  # 250 GRAM
    assert content.brief("AK-MUG-350").weight_kg == 0.34  # 0.75 POUND = 0.340194 kg
    assert content.copy("AK-HEADPHONE-BT2", "fr-FR").description == "<p>Casque Bluetooth sans fil, jusqu’à 30&nbsp;heures d’autonomie.</p>"


def test_shopify_export_groups_variants_by_handle(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "products_export_1.csv"
    rewrite_csv(
        EXPORTS / "shopify_products_export.csv",
        export,
        {("floor-lamp", "Variant Grams"): "2500.0", ("gardening-gloves", "Variant Grams"): "120.0"},
        key="Handle",
    )

    result = run_import(capsys, repo, export, "--preset", "shopify")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert len(content.sku_ids()) == 20
    gloves = content.brief("GARDENING-GLOVES")
    assert [(variant.id, variant.attributes, variant.prices, variant.weight_kg) for variant in gloves.variants] == [
        ("GARDENING-GLOVES-GREEN", {"Color": "Green"}, {"US": Decimal("9.99")}, 0.12),
        ("GARDENING-GLOVES-YELLOW", {"Color": "Yellow"}, {"US": Decimal("15.99")}, 0.12),
    ]
    assert (gloves.brand, gloves.category) == ("Company 123", "outdoor")
    lamp = content.brief("FLOOR-LAMP")
    assert lamp.variants == []  # "Default Title" is a product without variants
    assert lamp.weight_kg == 2.5
    assert lamp.prices == {"US": Decimal("69.99")}
    assert content.brief("ROUND-TABLE").weight_kg is None  # Shopify writes 0.0 for "no weight"
    armchairs = content.copy("BLACK-ARMCHAIRS", "en-US").description
    assert armchairs is not None and armchairs.startswith("<h6><span>Description</span></h6>\n<p><span>Lorem ipsum")
    assert armchairs.count("\n") == 5


def test_shopify_market_option_sets_the_price_key(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(capsys, repo, EXPORTS / "shopify_products_export.csv", "--preset", "shopify", "--market", "amazon-us")

    assert result.code == 0, result.err
    assert ContentRepo(repo).brief("WATERING-CAN").prices == {"amazon-us": Decimal("25.99")}


def test_magento_export_without_final_newline(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = (EXPORTS / "magento_catalog_product.csv").read_bytes()
    assert not data.endswith(b"\n")
    assert b"\r\n" in data

    result = run_import(capsys, repo, EXPORTS / "magento_catalog_product.csv", "--mapping", EXPORTS / "magento_mapping.yaml")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert content.sku_ids() == ["24-WG085", "24-WG086", "24-WG087"]
    strap = content.brief("24-WG085")
    assert (strap.weight_kg, strap.prices) == (1.23, {"US": Decimal("14")})
    assert content.copy("24-WG085", "en-US").title == "Sprite Yoga Strap 6 foot"
    assert "3 rows skipped by the mapping." in result.err


# XLSX


def _workbook(path: Path, rows: list[list[object]], number_formats: dict[str, str] | None = None, sheet: str = "Products") -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    for cell, number_format in (number_formats or {}).items():
        worksheet[cell].number_format = number_format
    workbook.create_sheet("Notes").append(["exported from the ERP"])
    workbook.save(path)


def test_xlsx_number_cells_keep_their_digits(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "products.xlsx"
    _workbook(
        export,
        [
            ["SKU", "Name", "EAN", "Weight (lbs)", "Regular price"],
            [1001, "Kettle", 6901234567892, 0.5, 19.99],
            ["00420", "Mug", 614141000210, 1, 9],
        ],
        {"C3": "0000000000000"},
    )
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('sku: SKU\nmarket: US\nbrief:\n  gtin: EAN\n  weight_kg: Weight (lbs)\n  prices:\n    "{market}": Regular price\ncopy:\n  title: Name\n', encoding="utf-8")

    result = run_import(capsys, repo, export, "--mapping", mapping, "--sheet", "Products")

    assert result.code == 0, result.err
    content = ContentRepo(repo)
    assert content.sku_ids() == ["00420", "1001"]
    assert content.brief("1001").gtin == "6901234567892"
    assert content.brief("00420").gtin == "0614141000210"  # zeros given back by the cell's number format
    assert content.brief("1001").weight_kg == 0.227
    assert content.brief("1001").prices == {"US": Decimal("19.99")}


def test_xlsx_barcode_lost_zero_rejected(repo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    export = tmp_path / "products.xlsx"
    # 006141410005 typed into a number cell keeps only 6141410005.
    _workbook(export, [["SKU", "EAN"], ["MUG-1", 6141410005], ["MUG-2", 6.901234567892e16]])
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("sku: SKU\nbrief:\n  gtin: EAN\n", encoding="utf-8")

    result = run_import(capsys, repo, export, "--mapping", mapping)

    assert result.code == 2
    assert 'row 2, column "EAN": barcode 6141410005 has 10 digits; it was stored as a number, which drops leading zeros' in result.err
    assert 'row 3, column "EAN": barcode "6.901234567892e+16" is in scientific notation' in result.err

    result = run_import(capsys, repo, export, "--mapping", mapping, "--sheet", "Prices")

    assert result.code == 2
    assert 'has no worksheet "Prices"' in result.err
    assert "Worksheets in this file: Products, Notes." in result.err


def test_schema_command_writes_the_import_schemas(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", repo, "schema")

    assert result.code == 0, result.err
    mapping_schema = json.loads((repo / "schemas" / "import-mapping.schema.json").read_text(encoding="utf-8"))
    assert "sku" in mapping_schema["required"]
    assert "copy" in mapping_schema["properties"]
    record_schema = json.loads((repo / "schemas" / "import.schema.json").read_text(encoding="utf-8"))
    assert "fields" in record_schema["properties"]


@pytest.mark.parametrize("preset", ["woocommerce", "akeneo", "shopify"])
def test_presets_are_valid_mappings(preset: str) -> None:
    from linkstar_cli.importer.run import load_preset, preset_names

    assert preset in preset_names()
    assert load_preset(preset).sku is not None

