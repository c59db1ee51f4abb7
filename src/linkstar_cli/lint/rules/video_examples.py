"""Documented examples of the video rules, each a storyboard added to the example repo.

The example repo targets amazon-de, whose copy locale is de-DE and whose video
rules (from the built-in ``_amazon`` base) accept 6 to 45 seconds at 16:9 and at
most 6 videos. The base storyboard below meets all of them.
"""

from __future__ import annotations

from linkstar_cli.i18n import N_
from linkstar_cli.lint.rule import Example

STORYBOARD_FILE = "skus/EX-1/video/launch.yaml"

STORYBOARD = """\
name: launch
aspect: "16:9"
scenes:
  - id: intro
    duration: 4
    shot: Wide shot, the folded T-shirt on an oak table, slow push in
    asset: main.jpg
    captions:
      en-US: Soft cotton, all day long
      de-DE: Weiche Baumwolle, den ganzen Tag
    voice_over:
      en-US: Meet the T-shirt you will want to wear every day.
      de-DE: Das T-Shirt, das Sie jeden Tag tragen möchten.
  - id: neck
    duration: 6
    shot: Close-up of the crew neck, hand smooths the fabric
    asset: gallery-1.jpg
    captions:
      en-US: A classic crew neck
      de-DE: Ein klassischer Rundhalsausschnitt
"""


def storyboard(old: str = "", new: str = "") -> dict[str, str | None]:
    """Return the example storyboard with ``old`` replaced by ``new`` (once), as example files."""
    if old and old not in STORYBOARD:
        raise ValueError(f"{old!r} is not in the example storyboard")
    return {STORYBOARD_FILE: STORYBOARD.replace(old, new, 1)}


UNCHANGED = storyboard()

# A house spec of the same id that builds on the built-in amazon-de and allows one video.
ONE_VIDEO_SPEC = """\
id: amazon-de
extends: amazon-de
video:
  max_count: 1
"""

EXAMPLES: dict[str, tuple[Example, ...]] = {
    "video-duration": (
        Example(True, N_("10 seconds, within Amazon's 6 to 45"), UNCHANGED),
        Example(False, N_("50 seconds, over Amazon's 45"), storyboard("    duration: 6\n", "    duration: 46\n")),
        Example(False, N_("a single scene of 4 seconds, under Amazon's 6"), {STORYBOARD_FILE: STORYBOARD.split("  - id: neck")[0]}),
    ),
    "video-aspect": (
        Example(True, N_("landscape 16:9, which Amazon accepts"), UNCHANGED),
        Example(False, N_("vertical 9:16"), storyboard('aspect: "16:9"', 'aspect: "9:16"')),
    ),
    "video-count": (
        Example(True, N_("one video"), UNCHANGED),
        Example(
            False,
            N_("two videos, where a house spec allows one"),
            {**UNCHANGED, "skus/EX-1/video/care.yaml": STORYBOARD.replace("name: launch", "name: care"), "specs/amazon-de.yaml": ONE_VIDEO_SPEC},
        ),
    ),
    "caption-rate": (
        Example(True, N_("32 characters in 4 seconds: 8 per second"), UNCHANGED),
        Example(
            False,
            N_("76 characters in 4 seconds: 19 per second"),
            storyboard("de-DE: Weiche Baumwolle, den ganzen Tag", "de-DE: Weiche Baumwolle, die den ganzen Tag bequem bleibt, vom Morgen bis zum Abend"),
        ),
        Example(
            False,
            N_("a Japanese caption of 19 characters in 4 seconds: 4.75 per second"),
            storyboard("      de-DE: Weiche Baumwolle, den ganzen Tag\n", "      de-DE: Weiche Baumwolle, den ganzen Tag\n      ja-JP: やわらかな綿で、一日中快適に過ごせます\n"),
        ),
        Example(
            True,
            N_("the same 19 per second, with max_cps raised to 20"),
            storyboard("de-DE: Weiche Baumwolle, den ganzen Tag", "de-DE: Weiche Baumwolle, die den ganzen Tag bequem bleibt, vom Morgen bis zum Abend"),
            options={"max_cps": 20},
        ),
    ),
    "video-caption-missing": (
        Example(True, N_("every captioned scene has a de-DE caption"), UNCHANGED),
        Example(False, N_("the second scene has an English caption only"), storyboard("      de-DE: Ein klassischer Rundhalsausschnitt\n", "")),
    ),
    "video-voice-over-missing": (
        Example(True, N_("the scene with voice-over has it in de-DE"), UNCHANGED),
        Example(False, N_("voice-over in English only"), storyboard("      de-DE: Das T-Shirt, das Sie jeden Tag tragen möchten.\n", "")),
    ),
    "video-asset": (
        Example(True, N_("scenes use main.jpg and gallery-1.jpg from assets.yaml"), UNCHANGED),
        Example(False, N_("a scene uses a file that assets.yaml does not list"), storyboard("    asset: gallery-1.jpg\n", "    asset: neck-close-up.jpg\n")),
    ),
    "video-target": (
        Example(True, N_("the video names amazon-de, a target of the SKU"), storyboard('aspect: "16:9"\n', 'aspect: "16:9"\ntargets: [amazon-de]\n')),
        Example(False, N_("the video names amazon-us, which the SKU does not target"), storyboard('aspect: "16:9"\n', 'aspect: "16:9"\ntargets: [amazon-us]\n')),
    ),
}
