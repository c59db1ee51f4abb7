"""``skus/<SKU>/video/<name>.yaml``: the storyboard of one product video.

A storyboard lists the scenes in playing order. Each scene lasts ``duration``
seconds, so its time code is the sum of the durations before it. Captions and
voice-over are written per locale; render makes subtitles in the copy locale of
each platform. linkstar never edits or encodes the video itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import regex
from pydantic import AfterValidator, Field, field_validator
from pydantic_core import PydanticCustomError

from linkstar_cli.errors import InputError
from linkstar_cli.i18n import _
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.types import Locale, PlatformId, RelPath
from linkstar_cli.repo.yamlio import YamlDocument

VIDEO_DIR = "video"
VideoAspect = Literal["16:9", "9:16", "1:1"]

_NAME = regex.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _check_name(value: str) -> str:
    if not _NAME.match(value):
        raise PydanticCustomError(
            "video_name",
            _("\"{value}\" is not a valid video or scene name", value=value.replace("{", "{{").replace("}", "}}")),
            {"hint": _("Use 1 to 64 lower-case letters, digits, \"-\" or \"_\", starting with a letter or digit, for example launch or logo-close-up.")},
        )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", _("text is empty"), {"hint": _("Write the text, or remove the entry.")})
    return value


Name = Annotated[str, AfterValidator(_check_name)]
Text = Annotated[str, AfterValidator(_check_text)]


class Scene(StrictModel):
    """One shot of the video, on screen for ``duration`` seconds."""

    id: Name = Field(description="Short name of the scene, unique within the storyboard, for example intro or pocket.")
    duration: float = Field(ge=0.001, le=3600, allow_inf_nan=False, description="How long the scene lasts, in seconds. Time codes keep milliseconds.")
    shot: Text = Field(description="What the camera shows (framing, movement, subject), in the source language.")
    asset: RelPath | None = Field(default=None, description="File of the SKU that the scene shows or is based on, relative to skus/<SKU>/assets/.")
    captions: dict[Locale, Text] = Field(default_factory=dict, description="On-screen text by locale. The subtitles show it for the whole scene.")
    voice_over: dict[Locale, Text] = Field(default_factory=dict, description="Spoken text by locale, for the shot list and the voice artist.")

    @property
    def duration_ms(self) -> int:
        return round(self.duration * 1000)


class Storyboard(StrictModel):
    """``skus/<SKU>/video/<name>.yaml``: one product video, scene by scene."""

    name: Name = Field(description="Name of the video, equal to the file name without .yaml. Output file names contain it.")
    aspect: VideoAspect = Field(description="Width:height of the video: 16:9 (landscape), 9:16 (vertical) or 1:1 (square).")
    targets: list[PlatformId] = Field(default_factory=list, description="Platforms that get this video; empty means every target of the SKU.")
    scenes: list[Scene] = Field(min_length=1)

    @field_validator("scenes")
    @classmethod
    def _scene_ids_unique(cls, scenes: list[Scene]) -> list[Scene]:
        seen: set[str] = set()
        for scene in scenes:
            if scene.id in seen:
                raise PydanticCustomError(
                    "duplicate_scene",
                    _("scene id \"{scene}\" appears twice", scene=scene.id),
                    {"hint": _("Give every scene its own id.")},
                )
            seen.add(scene.id)
        return scenes

    def timings(self) -> list[tuple[int, int]]:
        """Return each scene's start and end in milliseconds from the start of the video."""
        spans = []
        start = 0
        for scene in self.scenes:
            end = start + scene.duration_ms
            spans.append((start, end))
            start = end
        return spans

    @property
    def total_ms(self) -> int:
        return sum(scene.duration_ms for scene in self.scenes)

    def applies_to(self, platform: str) -> bool:
        return not self.targets or platform in self.targets


def storyboard_files(sku_dir: Path) -> list[Path]:
    """List the storyboard files of a SKU folder, sorted by name."""
    folder = sku_dir / VIDEO_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.yaml") if path.is_file())


def name_problem(storyboard: Storyboard, path: Path, document: YamlDocument) -> InputError | None:
    """Return the error for a storyboard whose ``name`` differs from its file name, else None.

    Output files are named after ``name``, so two files with one name would overwrite each other's output.
    """
    if storyboard.name == path.stem:
        return None
    return InputError(
        _("storyboard name \"{found}\" does not match its file name \"{expected}\"", found=storyboard.name, expected=path.stem),
        path=document.display,
        line=document.line_of(("name",)),
        field="name",
        hint=_("Make the name equal to the file name without .yaml, or rename the file."),
        code="schema",
    )
