"""`linkstar render` end to end on the demo repo and on small repos built from the fixtures."""

from __future__ import annotations

import hashlib
import json
import os
import time
import shutil
from pathlib import Path

import pytest
from PIL import Image

from linkstar_cli.cli.app import run
from tests.conftest import FIXTURES
from tests.helpers import build_tree, invoke

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-repo"
DEMO_SKUS = ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE"]


def source_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "build" not in path.relative_to(root).parts and ".linkstar" not in path.relative_to(root).parts
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "repo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    before = source_hashes(root)
    assert run(["-C", str(root), "render", "--platform", "amazon-de", "--jobs", "1"]) == 0
    assert source_hashes(root) == before
    return root


@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_demo_main_image_white_frame(demo: Path, sku: str) -> None:
    path = demo / "build" / "amazon-de" / sku / f"{sku}.MAIN.jpg"

    with Image.open(path) as image:
        assert image.format == "JPEG"
        assert image.size == (2000, 2000)
        assert image.mode == "RGB"
        assert "icc_profile" not in image.info
        assert image.getexif().get(0x0112) is None
        pixels = image.load()
        frame = [(x, y) for x in range(0, 2000, 7) for y in (0, 1, 50, 1949, 1998, 1999)]
        frame += [(x, y) for y in range(0, 2000, 7) for x in (0, 1, 50, 1949, 1998, 1999)]
        assert {pixels[x, y] for x, y in frame} == {(255, 255, 255)}


@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_demo_gallery_and_infographic(demo: Path, sku: str) -> None:
    folder = demo / "build" / "amazon-de" / sku
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    gallery = [name for name, entry in manifest["outputs"].items() if ".PT" in name and "layout" not in entry]
    infographics = [entry for name, entry in manifest["outputs"].items() if entry.get("layout") == "features"]

    assert len(gallery) >= 2
    assert len(infographics) == 1
    assert infographics[0]["locale"] == "de-DE"
    copy_headline = (demo / "skus" / sku / "copy" / "de-DE.yaml").read_text(encoding="utf-8")
    assert infographics[0]["texts"]["overlays.headline"] in copy_headline
    for name in gallery:
        with Image.open(folder / name) as image:
            assert image.size == (2000, 2000)


@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_demo_listing_german_metric(demo: Path, sku: str) -> None:
    folder = demo / "build" / "amazon-de" / sku
    listing = json.loads((folder / "listing.json").read_text(encoding="utf-8"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    assert listing["item_name"].startswith("Northwind Basics")
    assert listing["item_weight"].endswith((" kg", " g"))
    assert listing["item_dimensions"].endswith(" cm")
    assert "," in listing["item_dimensions"] or listing["item_dimensions"].replace(" × ", "").replace(" cm", "").isdigit()
    assert (folder / "listing.md").read_text(encoding="utf-8").strip()
    assert manifest["spec"]["id"] == "amazon-de"
    assert manifest["spec"]["checked"] == "2026-11-01"
    assert manifest["linkstar_version"]
    assert manifest["locale"] == "de-DE"
    assert f"skus/{sku}/brief.yaml" in manifest["inputs"]
    for name, entry in manifest["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == entry["sha256"]


def test_demo_beanie_weight_in_grams(demo: Path) -> None:
    listing = json.loads((demo / "build/amazon-de/WOO-BEANIE/listing.json").read_text(encoding="utf-8"))

    assert listing["item_weight"] == "91 g"
    assert listing["list_price"] == "19,95\xa0€"


def test_second_render_renders_nothing(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", demo, "render", "--platform", "amazon-de")

    assert result.code == 0
    assert "Nothing changed: 0 images rendered, 12 unchanged." in result.err


LOCAL_SPEC = """\
id: test-gallery
extends: amazon-de
name: Every gallery image
render:
  images:
    - name: "{sku}.PT{seq:02d}.jpg"
      roles: [gallery]
      size: [600, 600]
      fit: pad
"""


def photo_repo(root: Path, files: list[Path]) -> None:
    entries = "".join(
        f"  - file: {path.name}\n    role: gallery\n    licence: {{kind: mit, owner: Dave Perrett}}\n" for path in files
    )
    build_tree(
        root,
        {
            "linkstar.yaml": "version: 1\nbrand: Test\nsource_locale: de-DE\ntargets: [test-gallery]\n",
            "brand/brand.yaml": "name: Test\n",
            "specs/test-gallery.yaml": LOCAL_SPEC,
            "skus/P1/brief.yaml": "id: P1\nbrand: Test\ncategory: test\n",
            "skus/P1/copy/de-DE.yaml": "title: Test\n",
            "skus/P1/assets/assets.yaml": "assets:\n" + entries,
        },
    )
    for path in files:
        shutil.copy(path, root / "skus/P1/assets" / path.name)


def test_every_exif_orientation_renders_upright(tmp_path: Path) -> None:
    photos = sorted((FIXTURES / "photos" / "exif-orientation").glob("*.jpg"))
    photo_repo(tmp_path, photos)

    assert run(["-C", str(tmp_path), "render", "--jobs", "2"]) == 0

    manifest = json.loads((tmp_path / "build/test-gallery/P1/manifest.json").read_text(encoding="utf-8"))
    by_source = {entry["source"].rsplit("/", 1)[1]: name for name, entry in manifest["outputs"].items() if "source" in entry}
    assert len(by_source) == 18

    def pixels(source: str) -> Image.Image:
        with Image.open(tmp_path / "build/test-gallery/P1" / by_source[source]) as image:
            assert image.getexif().get(0x0112) is None
            return image.convert("L").resize((60, 60))

    for kind in ("Landscape", "Portrait"):
        reference = pixels(f"{kind}_1.jpg")
        for number in (0, 2, 3, 4, 5, 6, 7, 8):
            other = pixels(f"{kind}_{number}.jpg")
            difference = sum(abs(a - b) for a, b in zip(reference.tobytes(), other.tobytes(), strict=True)) / 3600
            assert difference < 6, f"{kind}_{number}.jpg differs from {kind}_1.jpg by {difference:.1f}"


def test_transparent_png_renders_on_white(tmp_path: Path) -> None:
    photo_repo(tmp_path, [FIXTURES / "images" / "transparent.png", FIXTURES / "images" / "pil123p.png"])

    assert run(["-C", str(tmp_path), "render"]) == 0

    for name in ("P1.PT01.jpg", "P1.PT02.jpg"):
        with Image.open(tmp_path / "build/test-gallery/P1" / name) as image:
            assert image.getpixel((0, 0)) == (255, 255, 255)
            assert image.getpixel((599, 599)) == (255, 255, 255)


def test_jobs_give_identical_bytes(tmp_path: Path) -> None:
    photos = sorted((FIXTURES / "photos" / "exif-orientation").glob("Landscape_*.jpg"))[:4]
    photo_repo(tmp_path / "a", photos)
    photo_repo(tmp_path / "b", photos)

    assert run(["-C", str(tmp_path / "a"), "render", "--jobs", "1"]) == 0
    assert run(["-C", str(tmp_path / "b"), "render", "--jobs", "2"]) == 0

    first = sorted((tmp_path / "a/build/test-gallery/P1").glob("*.jpg"))
    assert [path.read_bytes() for path in first] == [(tmp_path / "b/build/test-gallery/P1" / path.name).read_bytes() for path in first]


def test_removed_asset_removes_its_output(tmp_path: Path) -> None:
    photos = sorted((FIXTURES / "photos" / "exif-orientation").glob("Landscape_*.jpg"))[:2]
    photo_repo(tmp_path, photos)
    assert run(["-C", str(tmp_path), "render"]) == 0
    assert (tmp_path / "build/test-gallery/P1/P1.PT02.jpg").is_file()

    photo_repo(tmp_path, photos[:1])
    assert run(["-C", str(tmp_path), "render"]) == 0

    assert not (tmp_path / "build/test-gallery/P1/P1.PT02.jpg").exists()
    assert (tmp_path / "build/test-gallery/P1/P1.PT01.jpg").is_file()


BROKEN = [
    ("skus/WOO-BEANIE/brief.yaml", "materials:\n", "materials:\n\t", "skus/WOO-BEANIE/brief.yaml:", "a tab is used for indentation"),
    ("skus/WOO-BEANIE/brief.yaml", 'gtin: "0614141000111"', "gtin: 6.9E+12", "skus/WOO-BEANIE/brief.yaml:", 'GTIN "6.9E+12" is written in scientific notation'),
    ("skus/WOO-BEANIE/copy/de-DE.yaml", "title:", "titel: x\ntitle:", "skus/WOO-BEANIE/copy/de-DE.yaml:", 'unknown field "titel"'),
    ("skus/WOO-BEANIE/brief.yaml", "id: WOO-BEANIE", "id: ../x", "skus/WOO-BEANIE/brief.yaml:", 'SKU id "../x" contains a path separator'),
]


@pytest.mark.parametrize(("file", "old", "new", "where", "message"), BROKEN, ids=["tab", "gtin", "unknown-field", "sku-path"])
def test_broken_input_skips_only_its_sku(tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, where: str, message: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    result = invoke(capsys, "-C", root, "render", "--platform", "amazon-de")

    assert result.code == 2
    assert "Traceback" not in result.err
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.err
    assert errors[0].startswith("error: " + where)
    assert message in errors[0]
    assert not (root / "build" / "amazon-de" / "WOO-BEANIE").exists()
    assert (root / "build" / "amazon-de" / "WOO-VNECK-TEE" / "manifest.json").is_file()


def test_sku_argument_with_path_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))

    result = invoke(capsys, "-C", root, "render", "--platform", "amazon-de", "../x")

    assert result.code == 2
    assert 'error: SKU id "../x" contains a path separator' in result.err
    assert not (root / "build").exists()


def test_platform_no_sku_targets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "repo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))

    result = invoke(capsys, "-C", root, "render", "--platform", "walmart-us")

    assert result.code == 2
    assert "error: linkstar.yaml: no SKU targets walmart-us" in result.err
    assert not (root / "build").exists()


def test_render_speaks_chinese(demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINKSTAR_LANG", "zh-CN")

    result = invoke(capsys, "-C", demo, "render", "--platform", "amazon-de")

    assert result.code == 0
    assert "没有变化：渲染了 0 张图片，12 张未变。" in result.err
    assert "输出：" in result.err
    assert "平台" in result.out  # the summary table's headings


def test_same_size_edit_renders_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Uncompressed PNGs of one size have the same byte count whatever their colour.
    red, blue = tmp_path / "red.png", tmp_path / "blue.png"
    Image.new("RGB", (400, 400), (200, 0, 0)).save(red, compress_level=0)
    Image.new("RGB", (400, 400), (0, 0, 200)).save(blue, compress_level=0)
    assert red.stat().st_size == blue.stat().st_size
    root = tmp_path / "repo"
    photo_repo(root, [red])
    source = root / "skus/P1/assets/red.png"
    hour_ago = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (hour_ago, hour_ago))
    assert run(["-C", str(root), "render", "--jobs", "1"]) == 0
    assert invoke(capsys, "-C", root, "render", "--jobs", "1").code == 0
    assert (root / ".linkstar/cache/file-hashes.json").is_file()

    source.write_bytes(blue.read_bytes())
    os.utime(source, (hour_ago + 60, hour_ago + 60))
    result = invoke(capsys, "-C", root, "render", "--jobs", "1")

    assert result.code == 0
    assert "1 image rendered, 0 unchanged." in result.err
    with Image.open(root / "build/test-gallery/P1/P1.PT01.jpg") as image:
        pixel = image.getpixel((300, 300))
    assert isinstance(pixel, tuple)
    assert max(abs(found - wanted) for found, wanted in zip(pixel, (0, 0, 200), strict=True)) <= 3
