"""The bad-input catalogue: broken, hostile and unusual inputs run through `linkstar render` and `linkstar lint`.

Each case breaks (or makes unusual) one input of SKU P1 in a small repo of three
SKUs. A broken input must end in one located message and exit code 2 from
render, a finding from lint, no traceback, nothing written for P1, no temporary
file left, the sources unchanged, and P2 and P3 still rendered and linted. An
unusual but valid input (16-bit, CMYK, palette, BOM, NFD names) must render, and
a pixel of the output is checked.

Large inputs (the 50 MB YAML file, decompression bombs) are generated here in
tmp_path and never committed.
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import struct
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from linkstar_cli.repo import atomic
from tests.conftest import FIXTURES
from tests.helpers import build_tree, invoke

SKUS = ("P1", "P2", "P3")
BAD = "P1"
OUTPUT_SIZE = 300  # the test spec's square outputs, padded with no margin

SPEC = """\
id: test-shop
extends: amazon-de
name: Test shop
render:
  images:
    - name: "{sku}.MAIN.jpg"
      roles: [main]
      max_count: 1
      size: [300, 300]
      fit: pad
    - name: "{sku}.PT{seq:02d}.jpg"
      roles: [gallery]
      size: [300, 300]
      fit: pad
"""

ASSETS = """\
assets:
  - file: main.png
    role: main
    licence: {kind: owned, owner: Test}
"""

COPY = "title: Testprodukt aus Baumwolle\n"


def brief(sku: str) -> str:
    return f'id: {sku}\nbrand: Test\ncategory: test\nprices: {{test-shop: "9.99"}}\n'


def product_photo(mode: str = "RGB", background: object = "white", product: object = (200, 30, 30)) -> Image.Image:
    """Draw a 400×400 image with a 200×200 product square in the middle."""
    image = Image.new(mode, (400, 400), background)  # type: ignore[arg-type]
    # Pasting an image rather than a colour, because Pillow pastes a colour above 32767 into I;16 as 0.
    image.paste(Image.new(mode, (200, 200), product), (100, 100))  # type: ignore[arg-type]
    return image


def encoded(image: Image.Image, image_format: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def build_repo(root: Path) -> None:
    files: dict[str, str | bytes] = {
        "linkstar.yaml": "version: 1\nbrand: Test\nsource_locale: de-DE\ntargets: [test-shop]\n",
        "brand/brand.yaml": "name: Test\n",
        "specs/test-shop.yaml": SPEC,
    }
    for sku in SKUS:
        files[f"skus/{sku}/brief.yaml"] = brief(sku)
        files[f"skus/{sku}/copy/de-DE.yaml"] = COPY
        files[f"skus/{sku}/assets/assets.yaml"] = ASSETS
        files[f"skus/{sku}/assets/main.png"] = encoded(product_photo(), "PNG")
    build_tree(root, files)


def source_files(root: Path) -> dict[str, bytes]:
    """Return the bytes of every file outside build/ and .linkstar/, links as their target path."""
    found: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if parts[0] in ("build", ".linkstar"):
            continue
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = os.readlink(path).encode()
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def temporary_files(root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in root.rglob("*.tmp")]


def error_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("error:")]


# Ways to break P1


def write(relative: str, data: str | bytes) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        build_tree(root, {relative: data})

    return setup


def main_image(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    """Replace P1's main image with ``data`` saved as ``name``."""

    def setup(root: Path) -> None:
        folder = root / "skus" / BAD / "assets"
        (folder / "main.png").unlink()
        (folder / name).write_bytes(data() if callable(data) else data)
        (folder / "assets.yaml").write_text(ASSETS.replace("main.png", name), encoding="utf-8")

    return setup


def asset_path(file: str) -> Callable[[Path], None]:
    return write(f"skus/{BAD}/assets/assets.yaml", ASSETS.replace("main.png", json.dumps(file)))


def truncated_png() -> bytes:
    noise = Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3))
    data = encoded(noise, "PNG")
    return data[: len(data) // 2]


def png_header(width: int, height: int) -> bytes:
    """Build a PNG whose header claims ``width``×``height`` pixels, with a few rows of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * min(width, 1000)) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def later_frame_bomb() -> bytes:
    """Build a GIF whose 10×10 first frame is harmless and whose second frame claims 20000×20000 pixels."""
    frames = [Image.new("P", (10, 10), index) for index in (1, 2)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0] + [0] * 759)
    data = bytearray(encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0))
    # The second image descriptor: 0x2C, left and top (0, 0), then width and height 10.
    descriptor = bytes([0x2C]) + struct.pack("<HHHH", 0, 0, 10, 10)
    second = data.index(descriptor, data.index(descriptor) + 1)
    data[second + 5 : second + 9] = struct.pack("<HH", 20000, 20000)
    return bytes(data)


def animated_webp() -> bytes:
    frames = [product_photo(product=colour) for colour in ((200, 30, 30), (30, 200, 30), (30, 30, 200))]
    return encoded(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        previous, name = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return brief(BAD) + "\n".join(lines) + "\nmaterials: *i\n"


def fifty_megabytes(root: Path) -> None:
    path = root / "skus" / BAD / "copy" / "de-DE.yaml"
    line = "# " + "x" * 1022 + "\n"
    with path.open("w", encoding="utf-8") as stream:
        stream.write(COPY)
        for _index in range(50 * 1024):
            stream.write(line)


def link_outside(relative: str, target_name: str, data: bytes) -> Callable[[Path], None]:
    """Replace a file of P1 with a link to a file outside the repo."""

    def setup(root: Path) -> None:
        outside = root.parent / "outside"
        outside.mkdir(exist_ok=True)
        (outside / target_name).write_bytes(data)
        link = root / relative
        link.unlink()
        link.symlink_to(outside / target_name)

    return setup


def sku_folder_outside(root: Path) -> None:
    """Move P1's folder out of the repo and leave a link to it in skus/."""
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    folder = root / "skus" / BAD
    shutil.move(folder, outside / BAD)
    folder.symlink_to(outside / BAD, target_is_directory=True)


def local_template(line: str) -> Callable[[Path], None]:
    """Put a copy of the built-in Amazon listing template in the repo, with ``line`` run for P1 only, at line 1."""

    def setup(root: Path) -> None:
        from linkstar_cli.resources import data_dir

        original = (data_dir("templates") / "amazon" / "listing.json.j2").read_text(encoding="utf-8")
        target = root / "templates" / "amazon" / "listing.json.j2"
        target.parent.mkdir(parents=True)
        target.write_text(f'{{% if sku == "{BAD}" %}}{line}{{% endif %}}' + original, encoding="utf-8")

    return setup


@dataclass(frozen=True)
class BadInput:
    """A broken input of P1, the error line render prints and what lint reports about it."""

    id: str
    setup: Callable[[Path], None]
    error: str  # render's error line without "error: ", so location and message
    lint_rule: str
    lint_file: str
    lint_line: int | None
    lint_message: str  # of the first finding of lint_rule, in file order
    lint_count: int = 1  # findings of lint_rule, all in P1's files


MAIN = f"skus/{BAD}/assets"
ASSETS_FILE = f"skus/{BAD}/assets/assets.yaml"
BRIEF_FILE = f"skus/{BAD}/brief.yaml"
COPY_FILE = f"skus/{BAD}/copy/de-DE.yaml"
TEMPLATE = "templates/amazon/listing.json.j2"
LIMIT = Image.MAX_IMAGE_PIXELS
NOT_AN_IMAGE = "is not an image that linkstar can read (supported: JPEG, PNG, GIF, WebP, TIFF, BMP)"
BOMB = f"is larger than {LIMIT} pixels, the limit for a source image, so it was not decoded"
WIDTH = "template expression too large: a text width above 1000000 characters is not allowed"
SANDBOX = "template tried an operation the sandbox forbids: access to attribute '__class__' of 'str' object is unsafe."

BAD_INPUTS = [
    # Images
    BadInput("zero-byte", main_image("main.png", b""), f"{MAIN}/main.png: {MAIN}/main.png is empty (0 bytes)", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.png is empty (0 bytes)"),
    BadInput("truncated-png", main_image("main.png", truncated_png), f"{MAIN}/main.png: {MAIN}/main.png: image file is truncated, so its pixels cannot be decoded", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.png: image file is truncated, so its pixels cannot be decoded"),
    BadInput("truncated-jpeg", main_image("main.jpg", (FIXTURES / "images" / "truncated_jpeg.jpg").read_bytes()), f"{MAIN}/main.jpg: {MAIN}/main.jpg: image file is truncated, so its pixels cannot be decoded", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.jpg: image file is truncated, so its pixels cannot be decoded"),
    BadInput("html-named-jpg", main_image("main.jpg", b"<!DOCTYPE html><html><body>Access denied</body></html>\n"), f"{MAIN}/main.jpg: {MAIN}/main.jpg {NOT_AN_IMAGE}", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.jpg {NOT_AN_IMAGE}"),
    BadInput("heic-named-jpg", main_image("main.jpg", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64), f"{MAIN}/main.jpg: {MAIN}/main.jpg {NOT_AN_IMAGE}", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.jpg {NOT_AN_IMAGE}"),
    BadInput("bomb-gif", main_image("main.gif", (FIXTURES / "images" / "decompression_bomb.gif").read_bytes()), f"{MAIN}/main.gif: {MAIN}/main.gif {BOMB}", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.gif {BOMB}"),
    BadInput("bomb-png", main_image("main.png", png_header(40_000, 40_000)), f"{MAIN}/main.png: {MAIN}/main.png {BOMB}", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.png {BOMB}"),
    # Between the pixel limit and twice the limit Pillow only warns, so linkstar must turn the warning into the error.
    BadInput("bomb-png-warning-band", main_image("main.png", png_header(10_000, 10_000)), f"{MAIN}/main.png: {MAIN}/main.png {BOMB}", "image-readable", ASSETS_FILE, 2, f"{MAIN}/main.png {BOMB}"),
    # YAML
    BadInput("yaml-tab", write(BRIEF_FILE, brief(BAD) + "materials:\n\t- cotton\n"), f"{BRIEF_FILE}:6:1: a tab is used for indentation", "yaml-syntax", BRIEF_FILE, 6, "a tab is used for indentation"),
    BadInput("yaml-duplicate-key", write(COPY_FILE, COPY + "bullets: [a]\ntitle: Zweiter Titel\n"), f'{COPY_FILE}:3:1: duplicate key "title" (first defined at line 1)', "duplicate-key", COPY_FILE, 3, 'duplicate key "title" (first defined at line 1)'),
    BadInput("yaml-billion-laughs", write(BRIEF_FILE, billion_laughs()), f"{BRIEF_FILE}:9:4: aliases repeat more than 100000 values, which linkstar does not read", "yaml-syntax", BRIEF_FILE, 9, "aliases repeat more than 100000 values, which linkstar does not read"),
    BadInput("yaml-50-megabytes", fifty_megabytes, f"{COPY_FILE}: {COPY_FILE} is 50.0 MB, over the 10 MB limit for a YAML file, so it was not read", "yaml-syntax", COPY_FILE, None, f"{COPY_FILE} is 50.0 MB, over the 10 MB limit for a YAML file, so it was not read"),
    BadInput("yaml-invalid-utf8", write(COPY_FILE, b"title: Testprodukt\nbullets:\n  - Gr\xff\xfee M\n"), f"{COPY_FILE}:3:7: {COPY_FILE} is not valid UTF-8 or GBK text", "yaml-syntax", COPY_FILE, 3, f"{COPY_FILE} is not valid UTF-8 or GBK text"),
    # Paths that leave the repo
    BadInput("sku-id-parent", write(BRIEF_FILE, brief(BAD).replace(f"id: {BAD}", "id: ../x")), f'{BRIEF_FILE}:1:1 (id): SKU id "../x" contains a path separator', "schema", BRIEF_FILE, 1, 'SKU id "../x" contains a path separator'),
    BadInput("asset-parent", asset_path("../../../../etc/passwd"), f'{ASSETS_FILE}:2:5 (assets[0].file): path "../../../../etc/passwd" must stay inside the content repo', "schema", ASSETS_FILE, 2, 'path "../../../../etc/passwd" must stay inside the content repo'),
    BadInput("asset-absolute", asset_path("/etc/passwd"), f'{ASSETS_FILE}:2:5 (assets[0].file): path "/etc/passwd" must stay inside the content repo', "schema", ASSETS_FILE, 2, 'path "/etc/passwd" must stay inside the content repo'),
    BadInput("asset-windows-absolute", asset_path("C:\\Users\\x\\main.png"), f'{ASSETS_FILE}:2:5 (assets[0].file): path "C:\\Users\\x\\main.png" must stay inside the content repo', "schema", ASSETS_FILE, 2, 'path "C:\\Users\\x\\main.png" must stay inside the content repo'),
    BadInput("asset-link-outside", link_outside(f"{MAIN}/main.png", "photo.png", encoded(product_photo(), "PNG")), f'{ASSETS_FILE}:2:5: path "main.png" points outside the content repo', "image-readable", ASSETS_FILE, 2, 'path "main.png" points outside the content repo'),
    BadInput("copy-link-outside", link_outside(COPY_FILE, "secret.yaml", b"title: secret\n"), f"{COPY_FILE}: {COPY_FILE} points through a symbolic link to OUTSIDE/secret.yaml, outside the content repo, so it was not read", "yaml-syntax", COPY_FILE, None, f"{COPY_FILE} points through a symbolic link to OUTSIDE/secret.yaml, outside the content repo, so it was not read"),
    BadInput("sku-folder-link-outside", sku_folder_outside, f"{BRIEF_FILE}: {BRIEF_FILE} points through a symbolic link to OUTSIDE/{BAD}/brief.yaml, outside the content repo, so it was not read", "yaml-syntax", ASSETS_FILE, None, f"{ASSETS_FILE} points through a symbolic link to OUTSIDE/{BAD}/assets/assets.yaml, outside the content repo, so it was not read", 3),
    # Templates
    BadInput("template-class", local_template("{{ ''.__class__ }}"), f"{TEMPLATE}:1: {SANDBOX}", "", "", None, ""),
    BadInput("template-mro", local_template("\n{{ ''.__class__.__mro__ }}"), f"{TEMPLATE}:2: {SANDBOX}", "", "", None, ""),
    BadInput("template-range", local_template("{% for i in range(10**9) %}{% endfor %}"), f"{TEMPLATE}:1: template expression too large: range() may count to at most 100000", "", "", None, ""),
    BadInput("template-nested-loops", local_template("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"), f"{TEMPLATE}:1: template expression too large: the loops of this template ran more than 1000000 times", "", "", None, ""),
    BadInput("template-recursive-macro", local_template("{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(1) }}"), f"{TEMPLATE}:1: template recursion too deep: a macro or include calls itself without end", "", "", None, ""),
    BadInput("template-huge-string", local_template("{{ 'x' * 10**9 }}"), f"{TEMPLATE}:1: template expression too large: repeating text or a list beyond 1000000 items is not allowed", "", "", None, ""),
    BadInput("template-format-width", local_template("{{ '{:>999999999}'.format(sku) }}"), f"{TEMPLATE}:1: {WIDTH}", "", "", None, ""),
    BadInput("template-percent-width", local_template("{{ '%999999999s' % sku }}"), f"{TEMPLATE}:1: {WIDTH}", "", "", None, ""),
    BadInput("template-center-width", local_template("{{ sku.center(10**9) }}"), f"{TEMPLATE}:1: {WIDTH}", "", "", None, ""),
    BadInput("template-huge-output", local_template("{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}"), f"{TEMPLATE}:1: template expression too large: the template printed more than 10000000 characters", "", "", None, ""),
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    build_repo(root)
    return root


def assert_only_p1_failed(root: Path, before: dict[str, bytes]) -> None:
    assert not (root / "build" / "test-shop" / BAD).exists()
    for sku in SKUS[1:]:
        with Image.open(root / "build" / "test-shop" / sku / f"{sku}.MAIN.jpg") as image:
            assert image.size == (OUTPUT_SIZE, OUTPUT_SIZE)
        assert (root / "build" / "test-shop" / sku / "manifest.json").is_file()
    assert temporary_files(root) == []
    assert source_files(root) == before


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[case.id for case in BAD_INPUTS])
def test_render_bad_input(repo: Path, capsys: pytest.CaptureFixture[str], case: BadInput) -> None:
    case.setup(repo)
    before = source_files(repo)

    result = invoke(capsys, "-C", repo, "render", "--jobs", "1")

    expected = "error: " + case.error.replace("OUTSIDE", (repo.parent / "outside").resolve().as_posix())
    assert result.code == 2, result.err
    assert "Traceback" not in result.out + result.err
    assert error_lines(result.err) == [expected]
    assert_only_p1_failed(repo, before)


LINTED = [case for case in BAD_INPUTS if case.lint_rule]


def lint_findings(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, dict, str]:
    result = invoke(capsys, "-C", root, "lint", "--format", "json", "--no-baseline")
    assert "Traceback" not in result.out + result.err
    return result.code, json.loads(result.out), result.err


@pytest.mark.parametrize("case", LINTED, ids=[case.id for case in LINTED])
def test_lint_bad_input(repo: Path, capsys: pytest.CaptureFixture[str], case: BadInput) -> None:
    case.setup(repo)
    before = source_files(repo)

    code, report, err = lint_findings(capsys, repo)

    found = [(finding["file"], finding["line"], finding["message"]) for finding in report["findings"] if finding["rule"] == case.lint_rule]
    message = case.lint_message.replace("OUTSIDE", (repo.parent / "outside").resolve().as_posix())
    assert code == 1, err
    assert found[0] == (case.lint_file, case.lint_line, message)
    assert len(found) == case.lint_count
    assert all(file.startswith(f"skus/{BAD}/") for file, _line, _message in found)
    assert report["skus"] == len(SKUS)
    assert temporary_files(repo) == []
    assert source_files(repo) == before


# Unusual but valid inputs: render must read them and make the right pixels.


@dataclass(frozen=True)
class OddInput:
    id: str
    setup: Callable[[Path], None]
    centre: tuple[int, int, int]  # expected colour of the product in the middle of the output
    corner: tuple[int, int, int]  # expected colour at (10, 10), where the source's background is


def sixteen_bit_png() -> bytes:
    return encoded(product_photo("I;16", 0x4000, 0xC000), "PNG")


def sixteen_bit_big_endian_tiff() -> bytes:
    return encoded(product_photo("I;16B", 0x4000, 0xC000), "TIFF")


def rgb48_png() -> bytes:
    """Build a 48-bit RGB PNG (16 bits per channel), which Pillow cannot write itself."""
    background, product = (0xFFFF, 0xFFFF, 0xFFFF), (0x2000, 0x8000, 0xE000)
    rows = bytearray()
    for y in range(400):
        rows.append(0)
        for x in range(400):
            colour = product if 100 <= x < 300 and 100 <= y < 300 else background
            rows += struct.pack(">HHH", *colour)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 400, 400, 16, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows))) + chunk(b"IEND", b"")


def cmyk_jpeg() -> bytes:
    return encoded(product_photo("CMYK", (0, 0, 0, 0), (0, 255, 255, 0)), "JPEG", quality=95)


def palette_png_with_transparency() -> bytes:
    image = product_photo("P", 0, 1)
    image.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    return encoded(image, "PNG", transparency=0)


def grey_alpha_png() -> bytes:
    return encoded(product_photo("LA", (0, 0), (64, 255)), "PNG")


def nfd_file_name(root: Path) -> None:
    """Store the image under an NFD name (as macOS does) while assets.yaml names it in NFC."""
    folder = root / "skus" / BAD / "assets"
    name = "größe.png"
    (folder / "main.png").rename(folder / unicodedata.normalize("NFD", name))
    (folder / "assets.yaml").write_text(ASSETS.replace("main.png", unicodedata.normalize("NFC", name)), encoding="utf-8")


def nfc_file_name(root: Path) -> None:
    """Store the image under an NFC name while assets.yaml names it in NFD."""
    folder = root / "skus" / BAD / "assets"
    name = "größe.png"
    (folder / "main.png").rename(folder / unicodedata.normalize("NFC", name))
    (folder / "assets.yaml").write_text(ASSETS.replace("main.png", unicodedata.normalize("NFD", name)), encoding="utf-8")


def byte_order_mark(root: Path) -> None:
    for file in (f"skus/{BAD}/brief.yaml", f"skus/{BAD}/copy/de-DE.yaml", f"skus/{BAD}/assets/assets.yaml"):
        path = root / file
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


RED = (200, 30, 30)
WHITE = (255, 255, 255)

ODD_INPUTS = [
    OddInput("sixteen-bit-grey-png", main_image("main.png", sixteen_bit_png), (0xC0, 0xC0, 0xC0), (0x40, 0x40, 0x40)),
    OddInput("sixteen-bit-big-endian-tiff", main_image("main.tif", sixteen_bit_big_endian_tiff), (0xC0, 0xC0, 0xC0), (0x40, 0x40, 0x40)),
    OddInput("rgb-48-bit-png", main_image("main.png", rgb48_png), (0x20, 0x80, 0xE0), WHITE),
    OddInput("cmyk-jpeg", main_image("main.jpg", cmyk_jpeg), (255, 0, 0), WHITE),
    OddInput("palette-png-transparency", main_image("main.png", palette_png_with_transparency), (0, 0, 255), WHITE),
    OddInput("grey-alpha-png", main_image("main.png", grey_alpha_png), (64, 64, 64), WHITE),
    OddInput("png-named-jpg", main_image("main.jpg", lambda: encoded(product_photo(), "PNG")), RED, WHITE),
    OddInput("nfd-on-disk-nfc-in-yaml", nfd_file_name, RED, WHITE),
    OddInput("nfc-on-disk-nfd-in-yaml", nfc_file_name, RED, WHITE),
    OddInput("yaml-byte-order-mark", byte_order_mark, RED, WHITE),
]


def assert_close(found: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 4) -> None:
    assert all(abs(a - b) <= tolerance for a, b in zip(found, expected, strict=True)), f"{found} is not within {tolerance} of {expected}"


@pytest.mark.parametrize("case", ODD_INPUTS, ids=[case.id for case in ODD_INPUTS])
def test_render_odd_input(repo: Path, capsys: pytest.CaptureFixture[str], case: OddInput) -> None:
    case.setup(repo)
    before = source_files(repo)

    result = invoke(capsys, "-C", repo, "render", "--jobs", "1")

    assert result.code == 0, result.err
    assert "Traceback" not in result.out + result.err
    with Image.open(repo / "build" / "test-shop" / BAD / f"{BAD}.MAIN.jpg") as image:
        assert image.mode == "RGB"
        assert_close(image.getpixel((OUTPUT_SIZE // 2, OUTPUT_SIZE // 2)), case.centre)
        assert_close(image.getpixel((10, 10)), case.corner)
    assert source_files(repo) == before


@pytest.mark.parametrize("case", ODD_INPUTS, ids=[case.id for case in ODD_INPUTS])
def test_lint_odd_input(repo: Path, capsys: pytest.CaptureFixture[str], case: OddInput) -> None:
    case.setup(repo)

    code, report, err = lint_findings(capsys, repo)

    unreadable = [finding for finding in report["findings"] if finding["rule"] in ("image-readable", "yaml-syntax", "schema")]
    assert code == 1, err  # the checklist findings that every SKU of this repo has
    assert unreadable == []
    assert report["skus"] == len(SKUS)


# Animated sources: render uses the first frame and adds a note, and lint warns.


@pytest.mark.parametrize(
    ("name", "data", "frames"),
    [("main.webp", animated_webp, 3), ("main.gif", later_frame_bomb, 2)],
    ids=["animated-webp", "gif-bomb-in-later-frame"],
)
def test_animated_main_image(repo: Path, capsys: pytest.CaptureFixture[str], name: str, data: Callable[[], bytes], frames: int) -> None:
    main_image(name, data)(repo)
    file = f"{MAIN}/{name}"

    rendered = invoke(capsys, "-C", repo, "render", "--jobs", "1", "--format", "json")
    code, report, err = lint_findings(capsys, repo)

    assert rendered.code == 0, rendered.err
    assert code == 1, err
    assert "Traceback" not in rendered.out + rendered.err
    row = next(row for row in json.loads(rendered.out)["results"] if row["sku"] == BAD)
    assert f"{file} is animated ({frames} frames); only the first frame was used" in row["notes"]
    assert (repo / "build" / "test-shop" / BAD / f"{BAD}.MAIN.jpg").is_file()
    animated = [(finding["level"], finding["line"], finding["message"]) for finding in report["findings"] if finding["rule"] == "image-animated"]
    assert animated == [("warning", 2, f'"{file}" is animated ({frames} frames) but only the first frame is used')]


def test_animated_webp_uses_first_frame(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main_image("main.webp", animated_webp)(repo)

    assert invoke(capsys, "-C", repo, "render", "--jobs", "1").code == 0

    with Image.open(repo / "build" / "test-shop" / BAD / f"{BAD}.MAIN.jpg") as image:
        assert_close(image.getpixel((OUTPUT_SIZE // 2, OUTPUT_SIZE // 2)), RED)


# Failures while rendering or writing


def test_worker_exception_becomes_sku_error(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from linkstar_cli.render import images

    original = images.render_file

    def failing(path: Path, display: str, *args: object, **kwargs: object) -> object:
        if BAD in display:
            raise SystemError("tile cannot extend outside image")
        return original(path, display, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(images, "render_file", failing)
    before = source_files(repo)

    result = invoke(capsys, "-C", repo, "render", "--jobs", "1")

    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert error_lines(result.err) == [f"error: {MAIN}/main.png: rendering {MAIN}/main.png failed: SystemError: tile cannot extend outside image"]
    assert_only_p1_failed(repo, before)


def test_lint_decoder_exception_becomes_finding(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from linkstar_cli.render import imageio

    original = imageio.open_scaled

    def failing(path: Path, display: str, *args: object, **kwargs: object) -> object:
        if BAD in display:
            raise SystemError("tile cannot extend outside image")
        return original(path, display, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(imageio, "open_scaled", failing)

    code, report, err = lint_findings(capsys, repo)

    found = [(finding["sku"], finding["line"], finding["message"]) for finding in report["findings"] if finding["rule"] == "image-readable"]
    assert code == 1, err
    assert found == [(BAD, 2, f"decoding {MAIN}/main.png failed: SystemError: tile cannot extend outside image")]
    assert report["skus"] == len(SKUS)


def make_read_only(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the repo unwritable: with chmod for a normal user, by failing every create for root, whom chmod does not stop."""
    if os.geteuid() != 0:
        for folder in [repo, *(path for path in repo.rglob("*") if path.is_dir())]:
            folder.chmod(0o555)
        return

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)
    monkeypatch.setattr(Path, "mkdir", read_only)


def test_read_only_repo(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = source_files(repo)
    make_read_only(repo, monkeypatch)

    result = invoke(capsys, "-C", repo, "render", "--jobs", "1")
    monkeypatch.undo()
    for folder in [repo, *(path for path in repo.rglob("*") if path.is_dir())]:
        folder.chmod(0o755)

    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    # build/ does not exist yet, so the repo folder is the one that could not be written.
    reason = "the file system is read-only" if os.geteuid() == 0 else "permission denied"
    assert error_lines(result.err) == [f"error: {repo.as_posix()}: cannot write to this folder: {reason}"]
    assert not (repo / "build").exists()
    assert source_files(repo) == before


def test_full_disk_keeps_previous_output(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(capsys, "-C", repo, "render", "--jobs", "1").code == 0
    output = repo / "build" / "test-shop" / BAD / f"{BAD}.MAIN.jpg"
    previous = output.read_bytes()
    (repo / "skus" / BAD / "assets" / "main.png").write_bytes(encoded(product_photo(product=(30, 30, 200)), "PNG"))
    real_fdopen = os.fdopen

    class FullDisk(io.RawIOBase):
        """A stream that accepts the first 1000 bytes and then reports a full disk, as a real one would part way."""

        def __init__(self, descriptor: int) -> None:
            self.stream = real_fdopen(descriptor, "wb")
            self.written = 0

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            if self.written + len(data) > 1000:
                self.stream.write(bytes(data)[: 1000 - self.written])
                self.stream.flush()
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            self.written += len(data)
            return self.stream.write(data)

        def fileno(self) -> int:
            return self.stream.fileno()

        def close(self) -> None:
            self.stream.close()
            super().close()

    monkeypatch.setattr(atomic.os, "fdopen", lambda descriptor, mode: FullDisk(descriptor))
    result = invoke(capsys, "-C", repo, "render", "--jobs", "1", "--force", BAD)
    monkeypatch.undo()

    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert error_lines(result.err) == [f"error: {output.as_posix()}: no space left on device, so {BAD}.MAIN.jpg was not written"]
    assert f"Free some space on the disk that contains {output.parent.as_posix()}" in result.err
    assert output.read_bytes() == previous
    assert temporary_files(repo) == []


def test_lint_read_only_repo(repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    make_read_only(repo, monkeypatch)

    code, report, err = lint_findings(capsys, repo)
    monkeypatch.undo()
    for folder in [repo, *(path for path in repo.rglob("*") if path.is_dir())]:
        folder.chmod(0o755)

    assert code == 1, err
    assert report["skus"] == len(SKUS)
    assert [finding for finding in report["findings"] if finding["rule"] == "image-readable"] == []


def test_worker_processes_report_each_sku(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "skus" / "P1" / "assets" / "main.png").write_bytes(truncated_png())
    (repo / "skus" / "P2" / "assets" / "main.png").write_bytes(png_header(40_000, 40_000))
    before = source_files(repo)

    result = invoke(capsys, "-C", repo, "render", "--jobs", "2")

    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert sorted(error_lines(result.err)) == [
        "error: skus/P1/assets/main.png: skus/P1/assets/main.png: image file is truncated, so its pixels cannot be decoded",
        f"error: skus/P2/assets/main.png: skus/P2/assets/main.png {BOMB}",
    ]
    assert not (repo / "build" / "test-shop" / "P1").exists()
    assert not (repo / "build" / "test-shop" / "P2").exists()
    assert (repo / "build" / "test-shop" / "P3" / "P3.MAIN.jpg").is_file()
    assert temporary_files(repo) == []
    assert source_files(repo) == before


@pytest.mark.parametrize(
    ("setup", "rule"),
    [(fifty_megabytes, "yaml-syntax"), (write(BRIEF_FILE, billion_laughs()), "yaml-syntax")],
    ids=["yaml-50-megabytes", "yaml-billion-laughs"],
)
def test_hostile_yaml_memory(repo: Path, capsys: pytest.CaptureFixture[str], setup: Callable[[Path], None], rule: str) -> None:
    import tracemalloc

    setup(repo)

    tracemalloc.start()
    try:
        code, report, err = lint_findings(capsys, repo)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    # Reading the 50 MB file, or expanding the aliases, would take hundreds of MB.
    assert peak < 40 * 1024 * 1024
    assert code == 1, err
    assert [finding["sku"] for finding in report["findings"] if finding["rule"] == rule] == [BAD]


def test_invalid_repo_config_stops_both(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = repo / "linkstar.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "targets: [amazon-de]\n", encoding="utf-8")
    before = source_files(repo)

    rendered = invoke(capsys, "-C", repo, "render", "--jobs", "1")
    linted = invoke(capsys, "-C", repo, "lint")

    expected = 'error: linkstar.yaml:5:1: duplicate key "targets" (first defined at line 4)'
    assert rendered.code == 2
    assert linted.code == 2
    assert "Traceback" not in rendered.out + rendered.err + linted.out + linted.err
    assert error_lines(rendered.err) == [expected]
    assert error_lines(linted.err) == [expected]
    assert not (repo / "build").exists()
    assert source_files(repo) == before
