"""Example files for the image rules' documentation, laid over linkstar_cli.lint.example_base."""

from __future__ import annotations

import json


from linkstar_cli.lint.example_base import BRIEF
from linkstar_cli.lint.rule import GeneratedImage

# Examples: files laid over linkstar.lint.example_base. Rendered examples write a
# manifest without hashes, which lint takes as it is, because the test harness
# draws the images and their bytes are not known in advance.

MAIN_OUTPUT = "build/amazon-de/EX-1/EX-1.MAIN.jpg"


def manifest_text(platform: str, outputs: dict[str, tuple[str, int, int]]) -> str:
    """Return the manifest.json text of an example, from output name → (source file in the assets folder, width, height)."""
    entries = {name: {"width": width, "height": height, "source": f"skus/EX-1/assets/{source}"} for name, (source, width, height) in outputs.items()}
    return json.dumps({"format": 1, "sku": "EX-1", "platform": platform, "outputs": entries}, indent=2) + "\n"


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


