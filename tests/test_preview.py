"""preview.html: the listing as a shopper sees it, checked in headless Chromium at phone and desktop widths.

The browser tests skip when Debian's chromium package is not installed. Their
screenshots go to a ``preview-screenshots`` folder under pytest's temporary
folder; run with ``-s`` to see its path.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linkstar_cli.cli.app import run
from linkstar_cli.errors import TemplateError
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.render.preview import PREVIEW_FILE, write_preview
from linkstar_cli.repo.content import ContentRepo
from tests import browser
from tests.browser import Chromium, PageCheck, require_chromium

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo-repo"
DEMO_SKUS = ["WOO-BEANIE", "WOO-HOODIE-WITH-LOGO", "WOO-VNECK-TEE"]
DEMO_PLATFORMS = ["amazon-de", "amazon-sa"]
PHONE = (390, 844)
DESKTOP = (1280, 800)
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}

# Hostile copy for the WOO-BEANIE SKU: markup that must stay text, and strings without break opportunities.
SCRIPT_TAG = "<script>alert(1)</script>"
GERMAN_COMPOUND = "Wintermützenstrickmaschinenherstellerverbandsvorsitzendenstellvertreterwahlausschussmitgliederversammlungsprotokollbuchs"
LONG_URL = "https://example.com/produkte/wintermuetzen/northwind-basics-beanie-rippstrick-rot-einheitsgroesse-acryl-umschlag?farbe=rot&groesse=einheitsgroesse"
JAPANESE_TITLE = "ノースウィンドベーシックスのリブ編みニット帽ビーニー折り返しフリーサイズ柔らかいアクリル製レッド冬用防寒帽子男女兼用"
HOSTILE_DE_COPY = f"""\
title: "{SCRIPT_TAG} {GERMAN_COMPOUND}"
bullets:
  - "Mehr unter {LONG_URL}"
  - "{GERMAN_COMPOUND}"
description: "Zeile eins<br>Zeile zwei<br/>Bild: <img src=x onerror=alert(2)>"
"""
HOSTILE_JA_COPY = f"""\
title: "{JAPANESE_TITLE}"
bullets:
  - "{JAPANESE_TITLE}{JAPANESE_TITLE}"
description: "{JAPANESE_TITLE}"
"""


class TagCollector(HTMLParser):
    """Collects every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def image_sources(html: str) -> list[str]:
    return [attrs["src"] or "" for tag, attrs in parse_tags(html) if tag == "img"]


def package_images(folder: Path) -> list[str]:
    """List the image outputs of a rendered package from its manifest."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [name for name, entry in manifest["outputs"].items() if "role" in entry]


def copy_demo(destination: Path, skus: list[str] | None = None) -> Path:
    shutil.copytree(DEMO, destination, ignore=shutil.ignore_patterns("build", ".linkstar"))
    for sku_dir in (destination / "skus").iterdir():
        if skus is not None and sku_dir.name not in skus:
            shutil.rmtree(sku_dir)
    return destination


def replace_copy_texts(root: Path, sku: str, locale: str, texts: str) -> None:
    """Replace the listing texts of a demo copy file, keeping its overlay texts, which the infographic needs."""
    path = root / "skus" / sku / "copy" / f"{locale}.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(texts + original[original.index("overlays:") :], encoding="utf-8")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_demo(tmp_path_factory.mktemp("preview-demo") / "repo")
    assert run(["-C", str(root), "render", "--platform", ",".join(DEMO_PLATFORMS), "--jobs", "2"]) == 0
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's beanie with copy that contains markup, a 120-character compound, a long URL and a Japanese title without spaces."""
    root = copy_demo(tmp_path_factory.mktemp("preview-hostile") / "repo", ["WOO-BEANIE"])
    replace_copy_texts(root, "WOO-BEANIE", "de-DE", HOSTILE_DE_COPY)
    replace_copy_texts(root, "WOO-BEANIE", "ja-JP", HOSTILE_JA_COPY)
    assert run(["-C", str(root), "render", "--platform", "amazon-de,amazon-jp", "--jobs", "2"]) == 0
    return root


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    executable = require_chromium()
    with Chromium(executable, tmp_path_factory.mktemp("chromium")) as running:
        yield running


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("preview-screenshots")
    print(f"preview screenshots: {folder}")
    return folder


def preview_path(root: Path, platform: str, sku: str) -> Path:
    return root / "build" / platform / sku / PREVIEW_FILE


def assert_fits(check: PageCheck) -> None:
    """Assert the probe's findings for a page that must fit its viewport."""
    probe = check.probe
    width = check.width
    assert probe["innerWidth"] == width
    assert probe["scrollWidth"] <= probe["innerWidth"], f"horizontal overflow; elements past the edge: {probe['overflowing']}"
    assert probe["overflowing"] == []
    title = probe["title"]
    assert title is not None
    assert title["text"].strip()
    assert title["box"]["width"] > 0
    assert title["box"]["height"] > 0
    assert title["box"]["left"] >= 0
    assert title["box"]["right"] <= probe["clientWidth"]
    assert probe["images"], "the page shows no image"
    for image in probe["images"]:
        assert image["complete"], image["src"]
        assert image["naturalWidth"] > 0, image["src"]
        assert image["box"]["width"] > 0, image["src"]
        assert image["box"]["height"] > 0, image["src"]
    assert check.dialogs == []


# The page itself, without a browser


@pytest.mark.parametrize("platform", DEMO_PLATFORMS)
@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_preview_in_manifest(demo: Path, platform: str, sku: str) -> None:
    folder = demo / "build" / platform / sku
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    assert (folder / PREVIEW_FILE).is_file()
    assert manifest["outputs"][PREVIEW_FILE]["bytes"] == (folder / PREVIEW_FILE).stat().st_size


@pytest.mark.parametrize("platform", DEMO_PLATFORMS)
@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_preview_lists_every_image(demo: Path, platform: str, sku: str) -> None:
    folder = demo / "build" / platform / sku
    sources = image_sources((folder / PREVIEW_FILE).read_text(encoding="utf-8"))
    images = package_images(folder)

    assert images == [f"{sku}.MAIN.jpg", f"{sku}.PT01.jpg", f"{sku}.PT02.jpg", f"{sku}.PT03.jpg"]
    assert sources == [f"{sku}.MAIN.jpg", *images]  # the large main image, then one thumbnail per image


@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_preview_language_and_direction(demo: Path, sku: str) -> None:
    german = preview_path(demo, "amazon-de", sku).read_text(encoding="utf-8")
    arabic = preview_path(demo, "amazon-sa", sku).read_text(encoding="utf-8")

    assert '<html lang="de-DE" dir="ltr">' in german
    assert '<html lang="ar-SA" dir="rtl">' in arabic


def test_preview_shows_listing_facts(demo: Path) -> None:
    page = preview_path(demo, "amazon-de", "WOO-BEANIE").read_text(encoding="utf-8")
    listing = json.loads((demo / "build" / "amazon-de" / "WOO-BEANIE" / "listing.json").read_text(encoding="utf-8"))

    assert f'<h1 class="title" id="listing-title">{listing["item_name"]}</h1>' in page
    assert '<p class="price">19,95\xa0€</p>' in page
    for bullet in listing["bullet_point"]:
        assert f"<li>{bullet}</li>" in page
    assert listing["product_description"] in page
    assert "<span>Amazon.de (Germany)</span> <span>de-DE</span> <span>WOO-BEANIE</span>" in page


def test_preview_variants_and_price_range(demo: Path) -> None:
    page = preview_path(demo, "amazon-sa", "WOO-VNECK-TEE").read_text(encoding="utf-8")
    listing = json.loads((demo / "build" / "amazon-sa" / "WOO-VNECK-TEE" / "listing.json").read_text(encoding="utf-8"))

    assert len(listing["variants"]) == 9
    for variant in listing["variants"]:
        assert f'<span class="variant-label">{variant["label"]}</span> <span class="variant-price">{variant["price"]}</span>' in page
    assert '<p class="price">\u200f59.00\xa0ر.س.\u200f – \u200f79.00\xa0ر.س.\u200f</p>' in page


@pytest.mark.parametrize("platform", DEMO_PLATFORMS)
def test_preview_refers_only_to_package_files(demo: Path, platform: str) -> None:
    folder = demo / "build" / platform / "WOO-BEANIE"
    tags = parse_tags((folder / PREVIEW_FILE).read_text(encoding="utf-8"))
    references = [attrs[name] or "" for _tag, attrs in tags for name in ("src", "href") if name in attrs]

    assert [tag for tag, _attrs in tags if tag in {"script", "link", "iframe", "object", "embed"}] == []
    assert references
    for reference in references:
        assert "/" not in reference, reference
        assert ":" not in reference, reference
        assert (folder / reference).is_file(), reference


def test_second_render_keeps_preview(demo: Path) -> None:
    paths = [preview_path(demo, platform, sku) for platform in DEMO_PLATFORMS for sku in DEMO_SKUS]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in paths}

    assert run(["-C", str(demo), "render", "--platform", ",".join(DEMO_PLATFORMS), "--jobs", "1"]) == 0

    for path in paths:
        assert path.read_bytes() == before[path][0]
        assert path.stat().st_mtime_ns == before[path][1], f"{path} was written again"


def test_preview_bytes_independent_of_repo_path(demo: Path, tmp_path: Path) -> None:
    other = ContentRepo(copy_demo(tmp_path / "elsewhere" / "repo"))
    package = Renderer(other).plan(other.spec("amazon-sa"), "WOO-VNECK-TEE")

    written = write_preview(package)

    assert list(written) == [PREVIEW_FILE]
    assert written[PREVIEW_FILE] == preview_path(demo, "amazon-sa", "WOO-VNECK-TEE").read_bytes()


def test_copy_markup_escaped(hostile: Path) -> None:
    page = preview_path(hostile, "amazon-de", "WOO-BEANIE").read_text(encoding="utf-8")

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT_TAG not in page
    assert [tag for tag, _attrs in parse_tags(page) if tag == "script"] == []
    assert "x" not in image_sources(page)


def test_description_line_breaks(hostile: Path) -> None:
    """Amazon shows <br> in a description as a line break and every other tag as text."""
    page = preview_path(hostile, "amazon-de", "WOO-BEANIE").read_text(encoding="utf-8")

    assert "<p>Zeile eins<br>Zeile zwei<br>Bild: &lt;img src=x onerror=alert(2)&gt;</p>" in page


def test_local_template_overrides_preview(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "repo", ["WOO-BEANIE"])
    replace_copy_texts(root, "WOO-BEANIE", "de-DE", f'title: "{SCRIPT_TAG}"\n')
    template = root / "templates" / "preview" / "listing.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text('<p dir="{{ direction }}">{{ copy.title }}</p>\n', encoding="utf-8")
    repo = ContentRepo(root)

    written = write_preview(Renderer(repo).plan(repo.spec("amazon-de"), "WOO-BEANIE"))

    assert written[PREVIEW_FILE] == b'<p dir="ltr">&lt;script&gt;alert(1)&lt;/script&gt;</p>\n'


def test_preview_template_error_names_file(tmp_path: Path) -> None:
    root = copy_demo(tmp_path / "repo", ["WOO-BEANIE"])
    template = root / "templates" / "preview" / "listing.html.j2"
    template.parent.mkdir(parents=True)
    template.write_text("<h1>\n{{ copy.titel }}</h1>\n", encoding="utf-8")
    repo = ContentRepo(root)

    # Planning renders the preview, so the error stops a run before any file is written.
    with pytest.raises(TemplateError) as caught:
        Renderer(repo).plan(repo.spec("amazon-de"), "WOO-BEANIE")

    assert caught.value.message == '"copy.titel" is undefined'
    assert caught.value.path == Path("templates/preview/listing.html.j2")
    assert caught.value.line == 2
    assert caught.value.hint == 'Did you mean "copy.title"?'


def test_missing_chromium_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)

    with pytest.raises(pytest.skip.Exception) as caught:
        require_chromium()

    assert str(caught.value) == "Debian's chromium package is not installed"


# In headless Chromium


@pytest.mark.parametrize("platform", DEMO_PLATFORMS)
@pytest.mark.parametrize("sku", DEMO_SKUS)
@pytest.mark.parametrize("device", WIDTHS)
def test_preview_fits(demo: Path, chromium: Chromium, screenshots: Path, platform: str, sku: str, device: str) -> None:
    width, height = WIDTHS[device]
    shot = screenshots / f"{platform}-{sku}-{width}.png"

    check = chromium.check_page(preview_path(demo, platform, sku), width, height, screenshot=shot)

    assert_fits(check)
    assert [image["src"] for image in check.probe["images"]] == image_sources(preview_path(demo, platform, sku).read_text(encoding="utf-8"))
    assert shot.read_bytes().startswith(b"\x89PNG")
    print(f"screenshot: {shot}")


@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_rtl_title_right_aligned_phone(demo: Path, chromium: Chromium, sku: str) -> None:
    probe = chromium.check_page(preview_path(demo, "amazon-sa", sku), *PHONE).probe
    title = probe["title"]
    lines = title["lines"]

    assert probe["dir"] == "rtl"
    assert probe["lang"] == "ar-SA"
    assert probe["clientWidth"] - title["box"]["right"] <= 24  # the page's side padding is 16 px
    assert title["box"]["left"] >= 0
    assert len(lines) >= 2
    for line in lines:
        assert abs(line["right"] - title["box"]["right"]) <= 1
    assert lines[-1]["left"] > title["box"]["left"] + 8  # the short last line leaves its gap on the left


@pytest.mark.parametrize("sku", DEMO_SKUS)
def test_ltr_title_left_aligned_phone(demo: Path, chromium: Chromium, sku: str) -> None:
    probe = chromium.check_page(preview_path(demo, "amazon-de", sku), *PHONE).probe
    title = probe["title"]

    assert probe["dir"] == "ltr"
    assert title["box"]["left"] <= 24
    for line in title["lines"]:
        assert abs(line["left"] - title["box"]["left"]) <= 1


def test_rtl_desktop_mirrors_columns(demo: Path, chromium: Chromium) -> None:
    """At desktop width an RTL page puts the images on the right and the title's lines flush right."""
    probe = chromium.check_page(preview_path(demo, "amazon-sa", "WOO-BEANIE"), *DESKTOP).probe
    title = probe["title"]

    assert probe["gallery"]["left"] >= probe["buyBox"]["right"]
    assert probe["gallery"]["right"] >= DESKTOP[0] - 24
    for line in title["lines"]:
        assert abs(line["right"] - title["box"]["right"]) <= 1


def test_phone_switch_in_wide_window(demo: Path, chromium: Chromium, screenshots: Path) -> None:
    """The page's phone switch, a CSS-only radio button, lays the listing out at 390 px inside a desktop window."""
    shot = screenshots / "amazon-de-WOO-BEANIE-1280-phone-switch.png"
    click = "document.querySelector('label[for=width-phone]').click()"

    check = chromium.check_page(preview_path(demo, "amazon-de", "WOO-BEANIE"), *DESKTOP, screenshot=shot, before_probe=click)
    probe = check.probe

    assert probe["scrollWidth"] <= DESKTOP[0]
    assert probe["gallery"]["bottom"] <= probe["buyBox"]["top"]
    assert probe["title"]["box"]["width"] == 390 - 2 * 16


@pytest.mark.parametrize("platform", ["amazon-de", "amazon-jp"])
@pytest.mark.parametrize("device", WIDTHS)
def test_long_strings_wrap(hostile: Path, chromium: Chromium, screenshots: Path, platform: str, device: str) -> None:
    width, height = WIDTHS[device]
    title = {"amazon-de": f"{SCRIPT_TAG} {GERMAN_COMPOUND}", "amazon-jp": JAPANESE_TITLE}[platform]
    shot = screenshots / f"hostile-{platform}-{width}.png"

    check = chromium.check_page(preview_path(hostile, platform, "WOO-BEANIE"), width, height, screenshot=shot)

    assert len(GERMAN_COMPOUND) == 120
    assert " " not in JAPANESE_TITLE
    assert_fits(check)
    assert check.probe["title"]["text"] == title


def test_copy_script_not_run(hostile: Path, chromium: Chromium) -> None:
    check = chromium.check_page(preview_path(hostile, "amazon-de", "WOO-BEANIE"), *PHONE)
    tags = parse_tags(check.dom)

    assert [tag for tag, _attrs in tags if tag == "script"] == []
    assert check.probe["title"]["text"].startswith(SCRIPT_TAG)
    assert check.dialogs == []
    assert "x" not in [image["src"] for image in check.probe["images"]]
