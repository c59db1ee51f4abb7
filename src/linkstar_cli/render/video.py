"""Subtitles and a shot list from the storyboards in ``skus/<SKU>/video/``, written by render.

For each platform that a storyboard applies to, render writes three files in the
platform's copy locale beside the listing:

- ``<SKU>.<name>.<locale>.srt`` and ``<SKU>.<name>.<locale>.vtt``: one cue per scene
  that has a caption, timed from the scene durations, numbered in SRT and named
  after the scene id in WebVTT;
- ``<SKU>.<name>.shots.md``: the shot list, one table row per scene.

The files are UTF-8 without a byte order mark, with LF line endings, and contain
only the storyboard's content, so the same input gives the same bytes.
Caption text stays in logical order. Each line of a right-to-left locale starts
with U+200F RIGHT-TO-LEFT MARK, because players take a line's direction from its
first strong character, and a caption that opens with a Latin brand name would
otherwise be laid out left to right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from linkstar_cli.errors import ErrorList, InputError, LinkstarError, RenderError
from linkstar_cli.i18n import _
from linkstar_cli.model.video import Scene, Storyboard, name_problem, storyboard_files
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.hashing import sha256_file

if TYPE_CHECKING:
    from linkstar_cli.render.extras import Package

RIGHT_TO_LEFT_MARK = "\u200f"
# Characters per subtitle line: 42 in Netflix's English template timed text style guide,
# 16 in its Simplified Chinese guide and 13 full-width characters in its Japanese guide,
# which counts a half-width character (Latin letters, digits) as half a character.
# NOTE: Korean gets the Chinese limit, and Chinese and Korean the half-width rule, by assumption.
LINE_MAX_CHARS = {"ja": 13, "zh": 16, "ko": 16}
LINE_MAX_CHARS_DEFAULT = 42
CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})

_GRAPHEME = regex.compile(r"\X")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Bopomofo}]")
# Japanese and Chinese line-breaking rules (kinsoku): closing punctuation, small kana and
# the long-vowel mark never start a line, and opening brackets never end one.
_NO_LINE_START = frozenset("、。，．・：；？！）］｝〕〉》」』】〙〗〟’”｠»ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ々〻‐゠〜～,.:;!?)]}%")
_NO_LINE_END = frozenset("（［｛〔〈《「『【〘〖〝‘“｟«([{")


@dataclass(frozen=True)
class Cue:
    """One subtitle: a scene's caption and the time span of the scene, in milliseconds."""

    number: int
    scene: str
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


@dataclass(frozen=True)
class LoadedStoryboard:
    path: Path
    display: str
    storyboard: Storyboard


def language(locale: str) -> str:
    return locale.split("-")[0].lower()


def is_cjk_locale(locale: str) -> bool:
    return language(locale) in CJK_LANGUAGES


# Text


def caption_lines(text: str) -> list[str]:
    """Split a caption into the lines its author wrote, each with runs of white space reduced to one space."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _width(text: str, half_width_counts_half: bool) -> float:
    if not half_width_counts_half:
        return len(_GRAPHEME.findall(text))
    return sum(1 if unicodedata.east_asian_width(grapheme[0]) in "WF" else 0.5 for grapheme in _GRAPHEME.findall(text))


def reading_length(text: str, locale: str) -> float:
    """Count the characters (grapheme clusters) that a viewer reads, spaces included and line breaks left out.

    In Chinese, Japanese and Korean a half-width character counts as half, as for line length.
    """
    return sum(_width(line, is_cjk_locale(locale)) for line in caption_lines(text))


def _pieces(word: str) -> list[str]:
    """Split a word without spaces where a line may break: next to a CJK character, never inside Latin text."""
    pieces: list[str] = []
    previous = ""
    for grapheme in _GRAPHEME.findall(word):
        breakable = (
            bool(pieces)
            and bool(_CJK.match(grapheme) or _CJK.match(previous))
            and grapheme[0] not in _NO_LINE_START
            and previous[-1] not in _NO_LINE_END
        )
        if breakable or not pieces:
            pieces.append(grapheme)
        else:
            pieces[-1] += grapheme
        previous = grapheme
    return pieces


def wrap_line(line: str, max_chars: int, half_width_counts_half: bool = False) -> list[str]:
    """Wrap one line greedily at spaces and CJK break points; a word longer than ``max_chars`` keeps its own line."""
    lines: list[str] = []
    current = ""
    for word in line.split(" "):
        for position, piece in enumerate(_pieces(word)):
            joiner = " " if position == 0 and current else ""
            candidate = current + joiner + piece
            if current and _width(candidate, half_width_counts_half) > max_chars:
                lines.append(current)
                current = piece
            else:
                current = candidate
    if current:
        lines.append(current)
    return lines


def wrap_caption(text: str, locale: str) -> list[str]:
    """Return the display lines of a caption: the author's lines, each wrapped at the locale's line length."""
    max_chars = LINE_MAX_CHARS.get(language(locale), LINE_MAX_CHARS_DEFAULT)
    cjk = is_cjk_locale(locale)
    return [wrapped for line in caption_lines(text) for wrapped in wrap_line(line, max_chars, cjk)]


# Subtitles


def timestamp(milliseconds: int, separator: str) -> str:
    """Format a time as HH:MM:SS followed by ``separator`` and milliseconds (SRT uses ",", WebVTT ".")."""
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def cues_for(storyboard: Storyboard, locale: str) -> list[Cue]:
    """Return one cue per scene that has a caption in ``locale``, in playing order."""
    from linkstar_cli.render.overlay import is_rtl

    mark = RIGHT_TO_LEFT_MARK if is_rtl(locale) else ""
    cues: list[Cue] = []
    for scene, (start, end) in zip(storyboard.scenes, storyboard.timings(), strict=True):
        text = scene.captions.get(locale)
        if text is None:
            continue
        lines = tuple(mark + line for line in wrap_caption(text, locale))
        cues.append(Cue(len(cues) + 1, scene.id, start, end, lines))
    return cues


def srt_text(cues: Iterable[Cue]) -> str:
    blocks = []
    for cue in cues:
        timing = f"{timestamp(cue.start_ms, ',')} --> {timestamp(cue.end_ms, ',')}"
        blocks.append(f"{cue.number}\n{timing}\n" + "\n".join(cue.lines) + "\n")
    return "\n".join(blocks)


def _vtt_escape(line: str) -> str:
    # WebVTT reads "<" as the start of a tag and "&" as the start of a character reference.
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt_text(cues: Iterable[Cue]) -> str:
    blocks = ["WEBVTT\n"]
    for cue in cues:
        timing = f"{timestamp(cue.start_ms, '.')} --> {timestamp(cue.end_ms, '.')}"
        blocks.append(f"{cue.scene}\n{timing}\n" + "\n".join(_vtt_escape(line) for line in cue.lines) + "\n")
    return "\n".join(blocks)


# Shot list


def seconds_text(milliseconds: int) -> str:
    """Format milliseconds as seconds without trailing zeros: 4000 -> "4", 2500 -> "2.5"."""
    return f"{milliseconds / 1000:.3f}".rstrip("0").rstrip(".")


def _cell(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return "<br>".join(lines).replace("|", "\\|")


def shot_list(sku: str, storyboard: Storyboard, locale: str, platform: str) -> str:
    """Return the shot list as Markdown. Headings are in English, as in listing.md, so the bytes do not depend on the message language."""
    count = len(storyboard.scenes)
    lines = [
        f"# Shot list: {sku}, video \"{storyboard.name}\"",
        "",
        f"- Platform: {platform}",
        f"- Locale of captions and voice-over: {locale}",
        f"- Aspect ratio: {storyboard.aspect}",
        f"- Length: {seconds_text(storyboard.total_ms)} s in {count} scene{'' if count == 1 else 's'}",
        "",
        "| # | Scene | Time code | Duration | Shot | Asset | Caption | Voice-over |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for index, (scene, (start, end)) in enumerate(zip(storyboard.scenes, storyboard.timings(), strict=True), start=1):
        row = [
            str(index),
            scene.id,
            f"{timestamp(start, '.')} – {timestamp(end, '.')}",
            f"{seconds_text(scene.duration_ms)} s",
            scene.shot,
            scene.asset or "",
            scene.captions.get(locale, ""),
            scene.voice_over.get(locale, ""),
        ]
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines) + "\n"


# Checks shared with lint


def missing_caption_scenes(storyboard: Storyboard, locale: str) -> list[tuple[int, Scene]]:
    """Return (index, scene) of each scene that has captions, but none in ``locale``."""
    return [(index, scene) for index, scene in enumerate(storyboard.scenes) if scene.captions and locale not in scene.captions]


def missing_voice_over_scenes(storyboard: Storyboard, locale: str) -> list[tuple[int, Scene]]:
    """Return (index, scene) of each scene that has voice-over, but none in ``locale``."""
    return [(index, scene) for index, scene in enumerate(storyboard.scenes) if scene.voice_over and locale not in scene.voice_over]


# Render


def load_storyboards(repo: ContentRepo, sku: str) -> list[LoadedStoryboard]:
    """Load and validate every storyboard of a SKU; raise ErrorList with every problem found."""
    loaded = []
    problems: list[LinkstarError] = []
    for path in storyboard_files(repo.sku_dir(sku)):
        try:
            storyboard = repo.load_model(path, Storyboard)
        except ErrorList as error:
            problems.extend(error.errors)
            continue
        except LinkstarError as error:
            problems.append(error)
            continue
        document = repo.document(path)
        mismatch = name_problem(storyboard, path, document)
        if mismatch is not None:
            problems.append(mismatch)
            continue
        loaded.append(LoadedStoryboard(path, document.display, storyboard))
    if problems:
        raise ErrorList(problems)
    return loaded


def _check_for_render(repo: ContentRepo, sku: str, loaded: LoadedStoryboard, locale: str) -> list[LinkstarError]:
    """Return the errors that stop a storyboard from rendering in ``locale``: missing captions and asset files."""
    document = repo.document(loaded.path)
    storyboard = loaded.storyboard
    problems: list[LinkstarError] = []
    for index, scene in missing_caption_scenes(storyboard, locale):
        problems.append(
            RenderError(
                _("SKU {sku}, video \"{video}\": scene \"{scene}\" has no {locale} caption", sku=sku, video=storyboard.name, scene=scene.id, locale=locale),
                path=loaded.display,
                line=document.line_of(("scenes", index, "captions")),
                field=f"scenes[{index}].captions",
                hint=_("Add a {locale} caption to the scene, because the subtitles are made in {locale}.", locale=locale),
            )
        )
    for index, scene in enumerate(storyboard.scenes):
        if scene.asset is None:
            continue
        path = repo.resolve(scene.asset, repo.assets_dir(sku), display=loaded.display)
        if not path.is_file():
            problems.append(
                InputError(
                    _("asset file not found: {file}", file=repo.display(path)),
                    path=loaded.display,
                    line=document.line_of(("scenes", index, "asset")),
                    field=f"scenes[{index}].asset",
                    hint=_("Add the file to skus/{sku}/assets/, or fix the asset name of the scene.", sku=sku),
                )
            )
    return problems


def video_files(sku: str, storyboard: Storyboard, locale: str, platform: str) -> dict[str, bytes]:
    """Return the subtitle files (when any scene has a caption) and the shot list of one storyboard."""
    files: dict[str, bytes] = {}
    cues = cues_for(storyboard, locale)
    if cues:
        files[f"{sku}.{storyboard.name}.{locale}.srt"] = srt_text(cues).encode("utf-8")
        files[f"{sku}.{storyboard.name}.{locale}.vtt"] = vtt_text(cues).encode("utf-8")
    files[f"{sku}.{storyboard.name}.shots.md"] = shot_list(sku, storyboard, locale, platform).encode("utf-8")
    return files


def renderable_storyboards(repo: ContentRepo, sku: str, platform: str, locale: str) -> list[LoadedStoryboard]:
    """Return the SKU's storyboards that apply to ``platform``, checked for rendering in ``locale``.

    Raises ErrorList with every problem: a storyboard that does not load, a missing
    caption, a missing asset file.
    """
    chosen = []
    problems: list[LinkstarError] = []
    for loaded in load_storyboards(repo, sku):
        if loaded.storyboard.applies_to(platform):
            problems.extend(_check_for_render(repo, sku, loaded, locale))
            chosen.append(loaded)
    if problems:
        raise ErrorList(problems)
    return chosen


def plan_storyboards(repo: ContentRepo, sku: str, platform: str, locale: str) -> dict[str, str]:
    """Check the SKU's storyboards as render will use them, and return the SHA-256 of each storyboard file by path.

    Meant for render's planning step: it stops a run before anything is written, and
    the hashes belong among the package's inputs in the manifest.
    """
    renderable_storyboards(repo, sku, platform, locale)
    return {repo.display(path): sha256_file(path) for path in storyboard_files(repo.sku_dir(sku))}


def write_video_files(package: Package) -> dict[str, bytes]:
    """Make the subtitles and shot lists of a SKU's storyboards for one platform, as render's SKU writer."""
    plan = package.plan
    # Render writes each package to <repo>/build/<platform>/<SKU>/.
    repo = ContentRepo(plan.out_dir.parents[2])
    files: dict[str, bytes] = {}
    for loaded in renderable_storyboards(repo, plan.sku, plan.spec.id, plan.locale):
        files.update(video_files(plan.sku, loaded.storyboard, plan.locale, plan.spec.id))
    return files
