"""Example files for the image rules' documentation, laid over linkstar_cli.lint.example_base."""

from __future__ import annotations

import json


from linkstar_cli.lint.example_base import BRIEF
from linkstar_cli.lint.rule import GeneratedImage

# Examples: files laid over linkstar.lint.example_base. Rendered examples write a
# manifest without hashes, which lint takes as it is, because the test harness
# draws the images and their bytes are not known in advance.

MAIN_OUTPUT = "build/amazon-de/EX-1/EX-1.MAIN.jpg"


def manifest_text(platform: str, outputs: dict[str, tuple[str, int, int]], inputs: dict[str, str] | None = None) -> str:
    """Return the manifest.json text of an example, from output name → (source file in the assets folder, width, height).

    ``inputs`` are the recorded SHA-256 of input files by repo path, as render writes them.
    """
    entries = {name: {"width": width, "height": height, "source": f"skus/EX-1/assets/{source}"} for name, (source, width, height) in outputs.items()}
    manifest = {"format": 1, "sku": "EX-1", "platform": platform, "inputs": inputs or {}, "outputs": entries}
    return json.dumps(manifest, indent=2) + "\n"


def main_output(image: GeneratedImage, name: str = "EX-1.MAIN.jpg", platform: str = "amazon-de") -> dict[str, str | GeneratedImage | None]:
    return {
        f"build/{platform}/EX-1/manifest.json": manifest_text(platform, {name: ("main.jpg", image.width, image.height)}),
        f"build/{platform}/EX-1/{name}": image,
    }


# A two-frame 1×1 GIF written with bytes below 0x80 only, because example files are text.
ANIMATED_GIF = "GIF89a\x01\x00\x01\x00\x00\x00\x00" + "\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00" * 2 + "\x3b"
GOOD_OUTPUT = GeneratedImage(2000, 2000, box=(0.05, 0.05, 0.95, 0.95))
TIKTOK_TARGET = {
    "skus/EX-1/brief.yaml": BRIEF.replace("targets: [amazon-de]", "targets: [tiktok-uk]").replace("amazon-de:", "tiktok-uk:"),
}

# A backdrop photo: a dark product on light grey (235, 235, 235), and the main
# image render makes of it, the grey square inside a pure white margin.
GREY_BACKDROP_SOURCE = GeneratedImage(2000, 2000, colour=(235, 235, 235))
GREY_BACKDROP_OUTPUT = GeneratedImage(2000, 2000, box=(0.05, 0.05, 0.95, 0.95), box_colour=(235, 235, 235))


def stale_inputs_example() -> dict[str, str | GeneratedImage | None]:
    """Return a rendered package whose manifest recorded another version of the de-DE copy than the example's."""
    files = main_output(GOOD_OUTPUT)
    outputs = {"EX-1.MAIN.jpg": ("main.jpg", GOOD_OUTPUT.width, GOOD_OUTPUT.height)}
    files["build/amazon-de/EX-1/manifest.json"] = manifest_text("amazon-de", outputs, {"skus/EX-1/copy/de-DE.yaml": "0" * 64})
    return files
