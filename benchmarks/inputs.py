"""Generated benchmark inputs: photographic test images and content repos of many SKUs.

Images are drawn from a seeded random generator, so every run gets the same
pixels. A 4000×3000 photo takes about 3 MB at JPEG quality 92, as a real one does:
soft shapes and gradients give it structure, blurred noise gives it grain.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

PROJECT = Path(__file__).resolve().parents[1]
LINT_REPO = PROJECT / "tests" / "fixtures" / "lint-repo"
CLEAN_SKU = LINT_REPO / "skus" / "CLEAN-1"
PHOTO_QUALITY = 92


def photo(size: tuple[int, int], seed: int) -> Image.Image:
    """Draw an RGB image that compresses like a photo: blurred shapes over gradients, plus grain."""
    generator = random.Random(seed)
    width, height = size
    sketch_size = (max(1, width // 4), max(1, height // 4))
    red = Image.linear_gradient("L").resize(sketch_size)
    green = Image.linear_gradient("L").rotate(90).resize(sketch_size)
    blue = Image.radial_gradient("L").resize(sketch_size)
    sketch = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(sketch)
    for _shape in range(60):
        left, top = generator.randrange(sketch_size[0]), generator.randrange(sketch_size[1])
        extent = generator.randrange(8, max(9, sketch_size[0] // 3))
        colour = tuple(generator.randrange(256) for _channel in range(3))
        if generator.random() < 0.5:
            draw.ellipse((left, top, left + extent, top + extent * generator.uniform(0.3, 1.5)), fill=colour)
        else:
            corners = [(left + generator.randrange(-extent, extent), top + generator.randrange(-extent, extent)) for _corner in range(4)]
            draw.polygon(corners, fill=colour)
    smooth = sketch.filter(ImageFilter.GaussianBlur(3)).resize(size, Image.Resampling.BICUBIC)
    grain = Image.frombytes("RGB", size, generator.randbytes(width * height * 3)).filter(ImageFilter.GaussianBlur(0.8))
    return Image.blend(smooth, grain, 0.25)


def product_shot(size: tuple[int, int], seed: int, side: float = 0.75) -> Image.Image:
    """Draw a studio shot: a photographic product spanning ``side`` of a white frame's width and height."""
    width, height = size
    product = photo((round(width * side), round(height * side)), seed)
    frame = Image.new("RGB", size, (255, 255, 255))
    frame.paste(product, ((width - product.width) // 2, (height - product.height) // 2))
    return frame


def cutout(size: tuple[int, int], seed: int) -> Image.Image:
    """Draw an RGBA product cut-out: a photographic ellipse with a soft edge on a transparent background."""
    width, height = size
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).ellipse((width // 10, height // 8, width * 9 // 10, height * 7 // 8), fill=255)
    image = photo(size, seed).convert("RGBA")
    image.putalpha(mask.filter(ImageFilter.GaussianBlur(4)))
    return image


def variant(image: Image.Image, number: int) -> Image.Image:
    """Shift ``image`` so that each variant has different bytes but the same decoding cost."""
    return ImageChops.offset(image, 37 * number, 23 * number)


def save_jpeg(image: Image.Image, path: Path) -> Path:
    image.save(path, "JPEG", quality=PHOTO_QUALITY)
    return path


def save_png(image: Image.Image, path: Path) -> Path:
    # Level 6 is Pillow's and most tools' default; it is the decoding that is measured.
    image.save(path, "PNG", compress_level=6)
    return path


def generate_repo(root: Path, count: int, *, stage: bool = False) -> str:
    """Write a content repo of ``count`` copies of the lint tests' clean SKU under ``root``.

    Every file of a SKU except its brief is a hard link to the fixture, so 10,000
    SKUs take a few hundred megabytes of folders and briefs, not copies of the
    images. The repo-level files are those of the lint fixture repo without its
    local specs, one of which is broken on purpose. With ``stage``, the repo is a
    Git repo with one SKU staged, as in a pre-commit run. Returns that SKU's id.
    """
    shutil.copytree(LINT_REPO, root, ignore=shutil.ignore_patterns("skus", "expected", "README.md", "build", "specs"))
    brief = (CLEAN_SKU / "brief.yaml").read_text(encoding="utf-8")
    for number in range(1, count + 1):
        sku = sku_id(number)
        folder = root / "skus" / sku
        shutil.copytree(CLEAN_SKU, folder, copy_function=os.link, ignore=shutil.ignore_patterns("brief.yaml"))
        (folder / "brief.yaml").write_text(brief.replace("id: CLEAN-1", f"id: {sku}", 1), encoding="utf-8")
    staged = sku_id(max(1, count // 2))
    if stage:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        subprocess.run(["git", "add", f"skus/{staged}"], cwd=root, check=True)
    return staged


def sku_id(number: int) -> str:
    return f"SKU-{number:05d}"


def use_own_images(root: Path, sku: str, main: Path, gallery: Path) -> None:
    """Replace the shared fixture images of ``sku`` with its own files."""
    assets = root / "skus" / sku / "assets"
    for name, source in (("main.jpg", main), ("gallery-1.jpg", gallery)):
        target = assets / name
        target.unlink()
        shutil.copyfile(source, target)
