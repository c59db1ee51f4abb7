"""The images rules: source files as render would read them, rendered images against the spec, and the pixel cache."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.example_base import ASSETS, BASE_FILES, BRIEF
from linkstar_cli.lint.pixels import CACHE_DIR, ImageInspector, SourceFacts, measure
from linkstar_cli.lint.rules.images import RULES
from linkstar_cli.repo.content import ContentRepo
from tests.conftest import FIXTURES

TODAY = date(2026, 12, 1)
IMAGE_RULES = {rule.id for rule in RULES}
WHITE = (255, 255, 255)
OUT = "build/amazon-de/EX-1"
Row = tuple[str, str | None, int | None, str]


def product_photo(size: tuple[int, int] = (2000, 2000), box: tuple[int, int, int, int] | None = (100, 100, 1900, 1900), background: tuple[int, ...] = WHITE, mode: str = "RGB") -> Image.Image:
    """Draw a flat product photo: a dark grey box on a background. The box is (left, top, right, bottom), right and bottom exclusive."""
    image = Image.new(mode, size, background)
    if box is not None:
        left, top, right, bottom = box
        ImageDraw.Draw(image).rectangle((left, top, right - 1, bottom - 1), fill=(60, 60, 60))
    return image


def round_product_photo(size: tuple[int, int] = (2000, 2000), box: tuple[int, int, int, int] = (100, 100, 1900, 1900), background: tuple[int, ...] = WHITE) -> Image.Image:
    """Draw a round dark product on a background, which touches its own box at four points only."""
    image = Image.new("RGB", size, background)
    left, top, right, bottom = box
    ImageDraw.Draw(image).ellipse((left, top, right - 1, bottom - 1), fill=(60, 60, 60))
    return image


def save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".png":
        image.save(path, format="PNG")
    else:
        image.save(path, format="JPEG", quality=90, subsampling=0)


def make_repo(root: Path, photos: dict[str, Image.Image | Path | None] | None = None, texts: dict[str, str] | None = None) -> ContentRepo:
    """Write the example base repo with its two source photos, then the given photos (a drawing or a file to copy) and texts."""
    for relative, content in BASE_FILES.items():
        if isinstance(content, str):
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(content, encoding="utf-8")
    save(product_photo(), root / "skus/EX-1/assets/main.jpg")
    save(product_photo(box=(400, 400, 1600, 1600)), root / "skus/EX-1/assets/gallery-1.jpg")
    for relative, photo in (photos or {}).items():
        target = root / relative
        if photo is None:
            target.unlink()
        elif isinstance(photo, Path):
            shutil.copyfile(photo, target)
        else:
            save(photo, target)
    for relative, text in (texts or {}).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return ContentRepo(root)


def write_rendered(root: Path, outputs: dict[str, tuple[Image.Image | Path, str]], out: str = OUT, sku: str = "EX-1", inputs: dict[str, str] | None = None) -> Path:
    """Write rendered images and a manifest.json with their real hashes, as render would. Outputs map name → (image, source file).

    ``inputs`` adds recorded hashes of other input files, by repo path.
    """
    folder = root / out
    entries = {}
    inputs = dict(inputs or {})
    for name, (image, source) in outputs.items():
        path = folder / name
        if isinstance(image, Path):
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image, path)
        else:
            save(image, path)
        with Image.open(path) as written:
            width, height = written.size
        entries[name] = {"sha256": sha256(path), "bytes": path.stat().st_size, "width": width, "height": height, "source": f"skus/{sku}/assets/{source}"}
        inputs[f"skus/{sku}/assets/{source}"] = sha256(root / "skus" / sku / "assets" / source)
    manifest = {"format": 1, "sku": sku, "platform": out.split("/")[1], "inputs": inputs, "outputs": entries}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lint(repo: ContentRepo, rules: set[str] = IMAGE_RULES) -> list[Row]:
    result = Linter(repo, LintOptions(only_rules=rules, use_baseline=False, today=TODAY)).run()
    return [(finding.rule, finding.file, finding.line, finding.message) for finding in result.findings]


def of_rule(rows: list[Row], rule: str) -> list[Row]:
    return [row for row in rows if row[0] == rule]


# Source images


def test_clean_repo_has_no_image_findings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)

    assert lint(repo) == []


def test_truncated_jpeg_source(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"skus/EX-1/assets/main.jpg": FIXTURES / "images/truncated_jpeg.jpg"})

    assert lint(repo) == [
        ("image-readable", "skus/EX-1/assets/assets.yaml", 2, "skus/EX-1/assets/main.jpg: image file is truncated, so its pixels cannot be decoded"),
    ]


def test_decompression_bomb_source(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {"skus/EX-1/assets/main.gif": FIXTURES / "images/decompression_bomb.gif", "skus/EX-1/assets/main.jpg": None},
        {"skus/EX-1/assets/assets.yaml": ASSETS.replace("main.jpg", "main.gif")},
    )

    assert lint(repo) == [
        ("image-readable", "skus/EX-1/assets/assets.yaml", 2, "skus/EX-1/assets/main.gif is larger than 89478485 pixels, the limit for a source image, so it was not decoded"),
    ]


def test_missing_source_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"skus/EX-1/assets/gallery-1.jpg": None})

    assert lint(repo) == [("image-readable", "skus/EX-1/assets/assets.yaml", 9, "asset file not found: skus/EX-1/assets/gallery-1.jpg")]


def test_not_an_image_source(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, texts={"skus/EX-1/assets/main.jpg": "a text file\n"})

    rows = lint(repo)

    assert rows == [("image-readable", "skus/EX-1/assets/assets.yaml", 2, "skus/EX-1/assets/main.jpg is not an image that linkstar can read (supported: JPEG, PNG, GIF, WebP, TIFF, BMP)")]


def test_design_sources_are_not_decoded(tmp_path: Path) -> None:
    entry = "  - file: main.psd\n    role: design-source\n    licence:\n      kind: owned\n      owner: Example GmbH\n      source: studio shoot 2026-03\n"
    repo = make_repo(tmp_path, texts={"skus/EX-1/assets/assets.yaml": ASSETS + entry, "skus/EX-1/assets/main.psd": "8BPS layers\n"})

    assert lint(repo) == []


def test_animated_gif_source(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {"skus/EX-1/assets/gallery-1.gif": FIXTURES / "images/chi.gif", "skus/EX-1/assets/gallery-1.jpg": None},
        {"skus/EX-1/assets/assets.yaml": ASSETS.replace("gallery-1.jpg", "gallery-1.gif")},
    )

    rows = lint(repo)

    assert of_rule(rows, "image-animated") == [
        ("image-animated", "skus/EX-1/assets/assets.yaml", 9, "\"skus/EX-1/assets/gallery-1.gif\" is animated (31 frames) but only the first frame is used"),
    ]
    assert of_rule(rows, "image-resolution") == [
        ("image-resolution", "skus/EX-1/assets/assets.yaml", 9, "\"skus/EX-1/assets/gallery-1.gif\" too small for gallery images on amazon-de (320 < 1000 pixels on the longer side)"),
    ]


def test_source_upscaled_by_render_output(tmp_path: Path) -> None:
    # 1200 pixels meet the 1000-pixel minimum, but the main output pads the photo into 1800×1800.
    repo = make_repo(tmp_path, {"skus/EX-1/assets/main.jpg": product_photo((1200, 1000), (100, 100, 1100, 900))})

    assert lint(repo) == [
        ("image-resolution", "skus/EX-1/assets/assets.yaml", 2, "\"skus/EX-1/assets/main.jpg\" would be upscaled for amazon-de (1200×1000 < 1800×1500 pixels)"),
    ]


def test_source_facts_use_upright_size(tmp_path: Path) -> None:
    # Stored 1200×1800 with EXIF orientation 6, so it is 1800×1200 upright.
    photo = FIXTURES / "photos/exif-orientation/Landscape_6.jpg"

    facts = ImageInspector(tmp_path).source(photo, "Landscape_6.jpg", sha256(photo))

    assert facts == SourceFacts(format="JPEG", width=1800, height=1200, frames=1)


def test_source_facts_of_animated_gif(tmp_path: Path) -> None:
    photo = FIXTURES / "images/chi.gif"

    facts = ImageInspector(tmp_path).source(photo, "chi.gif", sha256(photo))

    assert facts == SourceFacts(format="GIF", width=320, height=240, frames=31)


# Rendered images


def test_no_render_output_reports_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)

    assert not (tmp_path / "build").exists()
    assert lint(repo) == []


def test_render_output_of_linkstar_render_passes(tmp_path: Path) -> None:
    from linkstar_cli.render.pipeline import Renderer

    shutil.copytree(FIXTURES / "lint-repo", tmp_path / "repo", ignore=shutil.ignore_patterns("expected", "F-*", "build"))
    # Render pads the whole photo to 90% of the frame, so the product must nearly fill the photo to reach 85%.
    save(product_photo(box=(40, 40, 1960, 1960)), tmp_path / "repo/skus/CLEAN-1/assets/main.jpg")
    repo = ContentRepo(tmp_path / "repo")
    Renderer(repo, jobs=1).run(["amazon-de"], ["CLEAN-1"])

    result = Linter(repo, LintOptions(skus=["CLEAN-1"], only_rules=IMAGE_RULES, use_baseline=False, today=TODAY)).run()

    assert sorted(path.name for path in (tmp_path / "repo/build/amazon-de/CLEAN-1").glob("*.jpg")) == ["CLEAN-1.MAIN.jpg", "CLEAN-1.PT01.jpg", "CLEAN-1.PT02.jpg"]
    assert result.findings == []


def render_clean_sku(tmp_path: Path, main: Image.Image | Path) -> ContentRepo:
    """Render CLEAN-1 of the fault repo for amazon-de with ``main`` as its main source (a drawing, or a file to copy)."""
    from linkstar_cli.render.pipeline import Renderer

    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "lint-repo", root, ignore=shutil.ignore_patterns("expected", "F-*", "build"))
    assets = root / "skus/CLEAN-1/assets"
    if isinstance(main, Path):
        (assets / "main.jpg").unlink()
        shutil.copyfile(main, assets / f"main{main.suffix}")
        (assets / "assets.yaml").write_text((assets / "assets.yaml").read_text(encoding="utf-8").replace("main.jpg", f"main{main.suffix}"), encoding="utf-8")
    else:
        save(main, assets / "main.jpg")
    repo = ContentRepo(root)
    Renderer(repo, jobs=1).run(["amazon-de"], ["CLEAN-1"])
    return repo


def lint_clean_sku(repo: ContentRepo, rules: set[str] = IMAGE_RULES) -> list[Row]:
    result = Linter(repo, LintOptions(skus=["CLEAN-1"], only_rules=rules, use_baseline=False, today=TODAY)).run()
    return [(finding.rule, finding.file, finding.line, finding.message) for finding in result.findings]


def bottom_shadow_photo() -> Image.Image:
    """Draw a round product with a soft grey shadow along the whole bottom edge, from white to (180, 180, 180)."""
    photo = round_product_photo(box=(500, 300, 1500, 1300))
    draw = ImageDraw.Draw(photo)
    for y in range(1700, 2000):
        grey = 255 - (y - 1700) * 75 // 300
        draw.line([(0, y), (1999, y)], fill=(grey, grey, grey))
    return photo


BACKGROUND_FAILURES = [
    ("grey backdrop", round_product_photo(box=(500, 500, 1500, 1500), background=(235, 235, 235)), "100%", "(235, 235, 235)"),
    ("off-white backdrop", round_product_photo(box=(500, 500, 1500, 1500), background=(254, 254, 254)), "97.8%", "(254, 254, 254)"),
    ("full-bleed photo", FIXTURES / "photos/exif-orientation/Landscape_1.jpg", "100%", "(1, 1, 1)"),
    ("shadow along the bottom", bottom_shadow_photo(), "37.1%", "(181, 181, 181)"),
]


@pytest.mark.parametrize(("case", "main", "share", "colour"), BACKGROUND_FAILURES, ids=[case[0] for case in BACKGROUND_FAILURES])
def test_background_of_rendered_main_fails(tmp_path: Path, case: str, main: Image.Image | Path, share: str, colour: str) -> None:
    repo = render_clean_sku(tmp_path, main)

    # Render's white margin keeps the frame white, so the ring along the product's box finds the backdrop.
    assert lint_clean_sku(repo, {"image-background"}) == [
        ("image-background", "skus/CLEAN-1/assets/assets.yaml", 2, f"\"CLEAN-1.MAIN.jpg\" background around the product not pure white ({share} of the pixels along the product's box off-white > 25%, most often {colour})"),
    ]


BACKGROUND_PASSES = [
    # Dice with an alpha channel, which render flattens onto white.
    ("cut-out", FIXTURES / "images/transparent.png", 0.114),
    # A round product whose tip is cut off by the bottom edge of the photo.
    ("product touching one side", round_product_photo(box=(700, 1000, 1300, 2040)), 0.208),
    # Cut off across nearly its full width, it covers more than a quarter of its box's ring, so the source's white edge decides.
    ("product cut along one side", round_product_photo(box=(500, 1000, 1500, 2300)), 0.319),
    # A carton photographed straight on fills its box, so the source's white edge decides.
    ("rectangular product", product_photo(box=(600, 300, 1400, 1700)), 1.0),
]


@pytest.mark.parametrize(("case", "main", "ring"), BACKGROUND_PASSES, ids=[case[0] for case in BACKGROUND_PASSES])
def test_background_of_rendered_main_passes(tmp_path: Path, case: str, main: Image.Image | Path, ring: float) -> None:
    repo = render_clean_sku(tmp_path, main)

    with Image.open(repo.root / "build/amazon-de/CLEAN-1/CLEAN-1.MAIN.jpg") as rendered:
        measures = measure(rendered.convert("RGB"))
    assert measures.off_white == 0.0
    assert round(measures.box_ring_off_white, 3) == ring
    assert lint_clean_sku(repo, {"image-background", "image-fill", "render-stale", "image-count"}) == []


def test_background_passes_product_touching_two_edges(tmp_path: Path) -> None:
    # The product spans the full height, so it covers 400 pixels of the top and of the bottom edge: 3200 of the 31936 frame pixels, 10%.
    # Being a rectangle, it covers the whole ring along its own box, so the white edge of its source main.jpg decides.
    photo = product_photo(box=(800, 0, 1200, 2000))
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (photo, "main.jpg")})

    assert of_rule(lint(repo), "image-background") == []
    assert round(measure(photo).off_white, 4) == round(2 * 400 * 4 / (2 * 2000 * 4 + 2 * 1992 * 4), 4)
    assert measure(photo).box_ring_off_white == 1.0


def test_background_fails_off_white_frame(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(background=(254, 254, 254)), "main.jpg")})

    assert lint(repo) == [
        ("image-background", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" background not pure white (100% of frame pixels off-white > 25%, darkest (254, 254, 254))"),
    ]


def test_background_fails_product_on_all_edges(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(box=(0, 0, 2000, 2000)), "main.jpg")})

    rows = of_rule(lint(repo), "image-background")

    assert rows == [("image-background", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" background not pure white (100% of frame pixels off-white > 25%, darkest (60, 60, 60))")]


def test_background_threshold_is_an_option(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, texts={"linkstar.yaml": BASE_FILES["linkstar.yaml"] + "lint:\n  rules:\n    image-background:\n      max_off_white: 0.05\n"})  # type: ignore[operator]
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(box=(800, 0, 1200, 2000)), "main.jpg")})

    assert of_rule(lint(repo), "image-background") == [
        ("image-background", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" background not pure white (10% of frame pixels off-white > 5%, darkest (60, 60, 60))"),
    ]


def test_fill_of_known_product_box(tmp_path: Path) -> None:
    photo = product_photo((1000, 1000), (150, 300, 850, 700))
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.png": (photo, "main.jpg")})

    assert measure(photo).box == (150, 300, 850, 700)
    assert measure(photo).fill == 0.7
    assert lint(repo) == [
        ("image-fill", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.png\" product spans too little of the frame (70% < 85% of the longer side)"),
    ]


def test_fill_measures_the_longer_side(tmp_path: Path) -> None:
    # A tall product on a landscape image: its longer side (900) against the image's longer side (1200).
    photo = product_photo((1200, 1000), (500, 50, 700, 950))

    assert measure(photo).fill == 0.75


def test_frame_of_tiny_images() -> None:
    assert measure(product_photo((1, 1), None)).off_white == 0.0
    assert measure(product_photo((3, 3), (1, 1, 2, 2))).off_white == 0.0
    assert measure(product_photo((3, 3), (1, 1, 2, 2))).box == (1, 1, 2, 2)
    assert measure(product_photo((2, 2), (0, 0, 1, 1))).off_white == 0.25


def test_cmyk_output(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (FIXTURES / "images/pil_sample_cmyk.jpg", "main.jpg")})

    assert of_rule(lint(repo), "image-colour") == [
        ("image-colour", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" colour mode \"CMYK\" not accepted (accepted: RGB)"),
    ]


def test_output_with_non_srgb_profile(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.PT01.jpg": (FIXTURES / "images/icc_profile_big.jpg", "gallery-1.jpg")})

    assert of_rule(lint(repo), "image-colour") == [
        ("image-colour", "skus/EX-1/assets/assets.yaml", 9, "\"EX-1.PT01.jpg\" colour profile \"TIFF RGB\" is not sRGB"),
    ]


def test_output_size_format_and_bytes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo((900, 900), (45, 45, 855, 855)), "main.jpg")})
    Image.open(folder / "EX-1.MAIN.jpg").save(folder / "EX-1.MAIN.jpg", format="GIF")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"]["EX-1.MAIN.jpg"]["sha256"] = sha256(folder / "EX-1.MAIN.jpg")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    assert lint(repo) == [
        ("image-colour", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" colour mode \"P\" not accepted (accepted: RGB)"),
        ("image-format", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" format \"gif\" not accepted for main images (accepted: jpeg, png, tiff)"),
        ("image-size", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" too small (900 < 1000 pixels on the longer side)"),
    ]


def test_aspect_and_count_on_tiktok(tmp_path: Path) -> None:
    texts = {"skus/EX-1/brief.yaml": BRIEF.replace("targets: [amazon-de]", "targets: [tiktok-uk]").replace("amazon-de:", "tiktok-uk:")}
    repo = make_repo(tmp_path, texts=texts)
    gallery = product_photo((1600, 1600), (200, 200, 1400, 1400))
    outputs: dict[str, tuple[Image.Image | Path, str]] = {"EX-1-main.jpg": (product_photo((1600, 1200), (80, 60, 1520, 1140)), "main.jpg")}
    outputs.update({f"EX-1-{number:02d}.jpg": (gallery, "gallery-1.jpg") for number in range(1, 10)})
    write_rendered(tmp_path, outputs, out="build/tiktok-uk/EX-1")

    assert lint(repo) == [
        ("image-count", "skus/EX-1/assets/assets.yaml", 1, "too many images for tiktok-uk (10 > 9 in all)"),
        ("image-aspect", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1-main.jpg\" aspect ratio not 1:1 (1600×1200, ratio 1.333)"),
        ("image-count", "skus/EX-1/assets/assets.yaml", 9, "too many \"gallery\" images for tiktok-uk (9 > 8)"),
    ]


def test_count_without_main_image(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.PT01.jpg": (product_photo(), "gallery-1.jpg")})

    assert lint(repo) == [("image-count", "skus/EX-1/assets/assets.yaml", 1, "too few \"main\" images for amazon-de (0 < 1)")]


def test_layout_output_is_checked_as_infographic(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.PT02.jpg": (product_photo((800, 800)), "main.jpg")})
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"]["EX-1.PT02.jpg"]["layout"] = "features"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    # An infographic is no main image: it is not counted as one, and only the shared image rules apply.
    assert lint(repo) == [
        ("image-count", "skus/EX-1/assets/assets.yaml", 1, "too few \"main\" images for amazon-de (0 < 1)"),
        ("image-size", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.PT02.jpg\" too small (800 < 1000 pixels on the longer side)"),
    ]


def test_edited_output_is_checked_and_stale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(), "main.jpg")})
    save(product_photo(background=(254, 254, 254)), folder / "EX-1.MAIN.jpg")

    assert lint(repo) == [
        ("render-stale", f"{OUT}/EX-1.MAIN.jpg", None, "\"EX-1.MAIN.jpg\" changed after it was rendered (its SHA-256 differs from manifest.json)"),
        ("image-background", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" background not pure white (100% of frame pixels off-white > 25%, darkest (254, 254, 254))"),
    ]


def test_edited_output_in_cmyk(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(), "main.jpg")})
    shutil.copyfile(FIXTURES / "images/pil_sample_cmyk.jpg", folder / "EX-1.MAIN.jpg")

    rows = lint(repo)

    assert of_rule(rows, "image-colour") == [("image-colour", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" colour mode \"CMYK\" not accepted (accepted: RGB)")]
    assert of_rule(rows, "image-size") == [("image-size", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" too small (100 < 1000 pixels on the longer side)")]
    assert of_rule(rows, "render-stale") == [("render-stale", f"{OUT}/EX-1.MAIN.jpg", None, "\"EX-1.MAIN.jpg\" changed after it was rendered (its SHA-256 differs from manifest.json)")]


def test_edited_rectangular_product_fails(tmp_path: Path) -> None:
    # Without render's source to go by, a product whose straight edges run along its box looks like a backdrop.
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (round_product_photo(), "main.jpg")})
    save(product_photo(), folder / "EX-1.MAIN.jpg")

    assert of_rule(lint(repo), "image-background") == [
        ("image-background", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" background around the product not pure white (100% of the pixels along the product's box off-white > 25%, most often (60, 60, 60))"),
    ]


def test_edited_listing_hint(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (round_product_photo(), "main.jpg")})
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"]["listing.json"] = {"sha256": "0" * 64, "bytes": 3}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "listing.json").write_text('{"item_name": "Example T-Shirt, FREE SHIPPING"}\n', encoding="utf-8")

    result = Linter(repo, LintOptions(only_rules=IMAGE_RULES, use_baseline=False, today=TODAY)).run()

    assert [(finding.rule, finding.file, finding.line, finding.message, finding.hint) for finding in result.findings] == [
        (
            "render-stale",
            f"{OUT}/listing.json",
            1,
            "\"listing.json\" changed after it was rendered (its SHA-256 differs from manifest.json)",
            "Make the change in the copy, brief or templates rather than in build/, then run `linkstar render --platform amazon-de EX-1` to write \"listing.json\" again.",
        ),
    ]


def test_deleted_main_output_is_counted(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (round_product_photo(), "main.jpg"), "EX-1.PT01.jpg": (product_photo(), "gallery-1.jpg")})
    (folder / "EX-1.MAIN.jpg").unlink()

    assert lint(repo) == [
        ("render-stale", f"{OUT}/EX-1.MAIN.jpg", None, "\"EX-1.MAIN.jpg\" listed in manifest.json is missing"),
        ("image-count", "skus/EX-1/assets/assets.yaml", 1, "too few \"main\" images for amazon-de (0 < 1)"),
    ]


def test_missing_output_is_stale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(), "main.jpg")})
    (folder / "EX-1.MAIN.jpg").unlink()

    rows = lint(repo)

    assert of_rule(rows, "render-stale") == [("render-stale", f"{OUT}/EX-1.MAIN.jpg", None, "\"EX-1.MAIN.jpg\" listed in manifest.json is missing")]


def test_changed_source_makes_output_stale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (round_product_photo(), "main.jpg")})
    save(product_photo(box=(300, 300, 1700, 1700)), tmp_path / "skus/EX-1/assets/main.jpg")

    assert lint(repo) == [
        ("render-stale", f"{OUT}/EX-1.MAIN.jpg", None, "\"EX-1.MAIN.jpg\" was rendered from an older version of \"skus/EX-1/assets/main.jpg\""),
    ]


def test_stale_output_judged_on_pixels(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(), "main.jpg")})
    save(product_photo(box=(300, 300, 1700, 1700)), tmp_path / "skus/EX-1/assets/main.jpg")

    assert of_rule(lint(repo), "image-background") == [
        ("image-background", "skus/EX-1/assets/assets.yaml", 2, "\"EX-1.MAIN.jpg\" background around the product not pure white (100% of the pixels along the product's box off-white > 25%, most often (60, 60, 60))"),
    ]


def test_manifest_cannot_name_files_outside_the_package(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(), "main.jpg")})
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"]["../../../skus/EX-1/assets/main.jpg"] = {"sha256": "0" * 64, "width": 1, "height": 1}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    assert lint(repo) == []


def test_copy_changed_after_render(tmp_path: Path) -> None:
    repo = render_clean_sku(tmp_path, round_product_photo())
    copy = repo.root / "skus/CLEAN-1/copy/de-DE.yaml"
    copy.write_text(copy.read_text(encoding="utf-8").replace("title: ", "title: Neu: ", 1), encoding="utf-8")
    manifest = json.loads((repo.root / "build/amazon-de/CLEAN-1/manifest.json").read_text(encoding="utf-8"))

    rows = lint_clean_sku(ContentRepo(repo.root))

    line = 1 + next(number for number, text in enumerate((repo.root / "build/amazon-de/CLEAN-1/manifest.json").read_text(encoding="utf-8").splitlines()) if '"skus/CLEAN-1/copy/de-DE.yaml"' in text)
    assert "skus/CLEAN-1/copy/de-DE.yaml" in manifest["inputs"]
    assert rows == [
        ("render-stale", "build/amazon-de/CLEAN-1/manifest.json", line, "\"build/amazon-de/CLEAN-1\" out of date (\"skus/CLEAN-1/copy/de-DE.yaml\" changed after the render)"),
    ]


def test_several_inputs_changed_after_render(tmp_path: Path) -> None:
    repo = render_clean_sku(tmp_path, round_product_photo())
    brief = repo.root / "skus/CLEAN-1/brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "model_number: T-1\n", encoding="utf-8")
    (repo.root / "skus/CLEAN-1/copy/de-DE.yaml").unlink()
    manifest_path = repo.root / "build/amazon-de/CLEAN-1/manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["inputs"]["linkstar:templates/amazon/listing.json.j2"] = "0" * 64
    manifest["inputs"]["spec:amazon-de"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    rows = of_rule(lint_clean_sku(ContentRepo(repo.root)), "render-stale")

    # One finding for the package names each changed input, and the deleted copy file counts as changed.
    assert [row[3] for row in rows] == [
        (
            "\"build/amazon-de/CLEAN-1\" out of date (\"linkstar:templates/amazon/listing.json.j2\", \"skus/CLEAN-1/brief.yaml\", "
            "\"skus/CLEAN-1/copy/de-DE.yaml\", and \"spec:amazon-de\" changed after the render)"
        ),
    ]


def test_unchanged_render_has_current_inputs(tmp_path: Path) -> None:
    repo = render_clean_sku(tmp_path, round_product_photo())
    manifest = json.loads((repo.root / "build/amazon-de/CLEAN-1/manifest.json").read_text(encoding="utf-8"))

    # Built-in templates, the spec, the brand font and the SKU's files are all recorded, and all match.
    assert {"linkstar:templates/amazon/listing.json.j2", "spec:amazon-de", "brand/fonts/NotoSans-Regular-subset.ttf", "skus/CLEAN-1/brief.yaml"} <= set(manifest["inputs"])
    assert lint_clean_sku(repo, {"render-stale"}) == []


def test_inputs_outside_sku_not_read(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("secret\n", encoding="utf-8")
    repo = make_repo(tmp_path / "repo", texts={"skus/EX-2/brief.yaml": BRIEF.replace("EX-1", "EX-2")})
    others = {
        "skus/EX-2/brief.yaml": "0" * 64,
        "skus/EX-1/../EX-2/brief.yaml": "0" * 64,
        "../outside.txt": "0" * 64,
        str(tmp_path / "outside.txt"): "0" * 64,
        "linkstar:../../outside.txt": "0" * 64,
        "linkstar:platform_specs/amazon-de.yaml": "0" * 64,
        "spec:tiktok-uk": "0" * 64,
    }
    write_rendered(tmp_path / "repo", {"EX-1.MAIN.jpg": (round_product_photo(), "main.jpg")}, inputs=others)

    assert lint(repo, {"render-stale"}) == []


# Counting source images before render


def test_source_count_without_main_image(tmp_path: Path) -> None:
    assets = ASSETS[ASSETS.index("  - file: gallery-1.jpg") :]
    repo = make_repo(tmp_path, {"skus/EX-1/assets/main.jpg": None}, {"skus/EX-1/assets/assets.yaml": "assets:\n" + assets})

    assert lint(repo) == [("image-source-count", "skus/EX-1/assets/assets.yaml", 1, "too few \"main\" images in assets.yaml for amazon-de (0 < 1)")]


@pytest.mark.parametrize("limit", ["    markets: [US]\n", "    locale: en-US\n"], ids=["other market", "other locale"])
def test_source_count_main_elsewhere(tmp_path: Path, limit: str) -> None:
    # amazon-de is market DE and uses the de-DE copy, so render would leave this main image out.
    repo = make_repo(tmp_path, texts={"skus/EX-1/assets/assets.yaml": ASSETS.replace("    role: main\n", "    role: main\n" + limit)})

    assert of_rule(lint(repo), "image-source-count") == [("image-source-count", "skus/EX-1/assets/assets.yaml", 1, "too few \"main\" images in assets.yaml for amazon-de (0 < 1)")]


def test_source_count_without_assets_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"skus/EX-1/assets/main.jpg": None, "skus/EX-1/assets/gallery-1.jpg": None})
    (tmp_path / "skus/EX-1/assets/assets.yaml").unlink()

    assert lint(repo) == [("image-source-count", "skus/EX-1/assets/assets.yaml", None, "too few \"main\" images in assets.yaml for amazon-de (0 < 1)")]


def test_source_count_of_two_main_images(tmp_path: Path) -> None:
    second = ASSETS[ASSETS.index("  - file: main.jpg") : ASSETS.index("  - file: gallery-1.jpg")].replace("main.jpg", "main-2.jpg")
    repo = make_repo(tmp_path, {"skus/EX-1/assets/main-2.jpg": round_product_photo()}, {"skus/EX-1/assets/assets.yaml": ASSETS + second})

    assert lint(repo) == [("image-source-count", "skus/EX-1/assets/assets.yaml", 16, "too many \"main\" images in assets.yaml for amazon-de (2 > 1)")]


def test_count_defers_to_source_count(tmp_path: Path) -> None:
    assets = ASSETS[ASSETS.index("  - file: gallery-1.jpg") :]
    repo = make_repo(tmp_path, {"skus/EX-1/assets/main.jpg": None}, {"skus/EX-1/assets/assets.yaml": "assets:\n" + assets})
    write_rendered(tmp_path, {"EX-1.PT01.jpg": (product_photo(), "gallery-1.jpg")})

    assert lint(repo) == [("image-source-count", "skus/EX-1/assets/assets.yaml", 1, "too few \"main\" images in assets.yaml for amazon-de (0 < 1)")]



# The pixel cache


def test_second_run_opens_no_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(tmp_path)
    write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(background=(254, 254, 254)), "main.jpg"), "EX-1.PT01.jpg": (product_photo(), "gallery-1.jpg")})
    opened: list[object] = []
    real_open = Image.open

    def counting_open(*args: object, **kwargs: object) -> Image.Image:
        opened.append(args[0])
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Image, "open", counting_open)
    first = lint(ContentRepo(tmp_path))
    opened_first = len(opened)
    opened.clear()
    second = lint(ContentRepo(tmp_path))

    assert opened_first > 0
    assert opened == []
    assert second == first
    assert [row[0] for row in second] == ["image-background"]
    images = (tmp_path / "skus/EX-1/assets/main.jpg", tmp_path / "skus/EX-1/assets/gallery-1.jpg", tmp_path / OUT / "EX-1.MAIN.jpg", tmp_path / OUT / "EX-1.PT01.jpg")
    assert {path.name for path in (tmp_path / CACHE_DIR).iterdir()} == {f"{sha256(path)}.json" for path in images}


def test_cache_entry_of_a_rendered_main_image(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.png": (product_photo(background=(254, 254, 254)), "main.jpg")})

    lint(repo)

    entry = json.loads((tmp_path / CACHE_DIR / f"{sha256(folder / 'EX-1.MAIN.png')}.json").read_text(encoding="utf-8"))
    assert entry["header"] == {"format": "PNG", "width": 2000, "height": 2000, "mode": "RGB", "profile": None, "srgb": True}
    assert entry["pixels"] == {
        "width": 2000,
        "height": 2000,
        "off_white": 1.0,
        "darkest": [254, 254, 254],
        "background": [254, 254, 254],
        "box": [100, 100, 1900, 1900],
        "box_ring_off_white": 1.0,
        "box_ring_colour": [60, 60, 60],
    }


def test_corrupt_cache_entry_is_measured_again(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = write_rendered(tmp_path, {"EX-1.MAIN.jpg": (product_photo(background=(254, 254, 254)), "main.jpg")})
    cache_file = tmp_path / CACHE_DIR / f"{sha256(folder / 'EX-1.MAIN.jpg')}.json"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text('{"format": 1, "pixels": {"off_white": "lots"}, "header": [1, 2]}', encoding="utf-8")

    assert [row[0] for row in lint(repo)] == ["image-background"]
