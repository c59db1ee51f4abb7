"""Rules of the video family: the storyboards in ``skus/<SKU>/video/`` against the targets' video rules.

Storyboards load once per SKU through ``RepoContext.load``, so a file that does not
match its model is reported by the schema rule, with file and line, and skipped
here. A storyboard applies to the platforms in its ``targets:``, or to every target
of the SKU when it names none. The spec's ``video:`` section contains the platform's
limits. Without one, nothing is checked for length, aspect ratio or count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pydantic import Field

from linkstar_cli.i18n import N_, _
from linkstar_cli.lint.context import SkuContext, TargetContext
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Rule, RuleOptions, Scope
from linkstar_cli.lint.rules.video_examples import EXAMPLES
from linkstar_cli.model.video import Scene, Storyboard, name_problem, storyboard_files
from linkstar_cli.render.video import (
    is_cjk_locale,
    missing_caption_scenes,
    missing_voice_over_scenes,
    reading_length,
    seconds_text,
)

FAMILY = "video"
_CACHE = "video.storyboards"


@dataclass(frozen=True)
class StoryboardFile:
    file: str  # repo-relative path
    storyboard: Storyboard

    @property
    def name(self) -> str:
        return self.storyboard.name


def storyboards(context: SkuContext) -> list[StoryboardFile]:
    """Return the SKU's storyboards that load, loading them once per run.

    Load problems go to the run, where the schema rule reports them once.
    """
    cache: dict[str, list[StoryboardFile]] = context.run.shared.setdefault(_CACHE, {})
    if context.sku not in cache:
        loaded = []
        for path in storyboard_files(context.folder):
            storyboard = context.run.load(path, Storyboard)
            document = context.run.document(path)
            if storyboard is None or document is None:
                continue
            mismatch = name_problem(storyboard, path, document)
            if mismatch is not None:
                context.run.record(mismatch)
                continue
            loaded.append(StoryboardFile(context.repo.display(path), storyboard))
        cache[context.sku] = loaded
    return cache[context.sku]


def _for_target(context: TargetContext) -> list[StoryboardFile]:
    return [item for item in storyboards(context.sku) if item.storyboard.applies_to(context.spec.id)]


def _needed_locales(context: SkuContext, storyboard: Storyboard) -> dict[str, list[str]]:
    """Map each copy locale that render uses for the storyboard's platforms to those platforms."""
    needed: dict[str, list[str]] = {}
    for target in context.targets():
        spec = context.run.spec(target) if storyboard.applies_to(target) else None
        if spec is None:
            continue
        locale = context.repo.copy_locale_for(context.sku, spec)
        if locale is not None:
            needed.setdefault(locale, []).append(target)
    return needed


class VideoDuration(Rule):
    id = "video-duration"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a video is shorter or longer than the platform allows")
    description = N_(
        "The length of a video is the sum of its scene durations. It must lie within `min_duration` and `max_duration` "
        "(seconds) of the spec's `video:` section. The finding points at `scenes:` of the storyboard."
    )
    examples = EXAMPLES["video-duration"]

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        rule = context.spec.video
        if rule is None:
            return
        for item in _for_target(context):
            total = item.storyboard.total_ms
            length = seconds_text(total)
            platform = context.spec.id
            if rule.max_duration is not None and total > round(rule.max_duration * 1000):
                limit = seconds_text(round(rule.max_duration * 1000))
                message = _("video \"{video}\" too long for {platform} ({length} > {limit} seconds)", video=item.name, platform=platform, length=length, limit=limit)
                hint = _("Shorten or remove scenes until the video lasts at most {limit} seconds.", limit=limit)
                yield context.problem(message, key=f"{item.name}:max", file=item.file, path=("scenes",), hint=hint)
            if rule.min_duration is not None and total < round(rule.min_duration * 1000):
                limit = seconds_text(round(rule.min_duration * 1000))
                message = _("video \"{video}\" too short for {platform} ({length} < {limit} seconds)", video=item.name, platform=platform, length=length, limit=limit)
                hint = _("Lengthen or add scenes until the video lasts at least {limit} seconds.", limit=limit)
                yield context.problem(message, key=f"{item.name}:min", file=item.file, path=("scenes",), hint=hint)


class VideoAspect(Rule):
    id = "video-aspect"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a video's aspect ratio is one the platform does not accept")
    description = N_("The storyboard's `aspect:` must be one of the `aspects:` in the spec's `video:` section, when that list is given.")
    examples = EXAMPLES["video-aspect"]

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        rule = context.spec.video
        if rule is None or not rule.aspects:
            return
        accepted = ", ".join(rule.aspects)
        for item in _for_target(context):
            if item.storyboard.aspect not in rule.aspects:
                yield context.problem(
                    _("video \"{video}\" has aspect ratio {aspect}, which {platform} does not accept", video=item.name, aspect=item.storyboard.aspect, platform=context.spec.id),
                    key=f"{item.name}:{item.storyboard.aspect}",
                    file=item.file,
                    path=("aspect",),
                    hint=_("Plan the video in {accepted}, or leave {platform} out of its targets.", accepted=accepted, platform=context.spec.id),
                )


class VideoCount(Rule):
    id = "video-count"
    level = Level.ERROR
    scope = Scope.TARGET
    family = FAMILY
    summary = N_("a SKU has more videos for a platform than the platform allows")
    description = N_(
        "Counts the storyboards that apply to a platform against `max_count` of the spec's `video:` section. The "
        "finding points at the first storyboard over the limit, in file name order."
    )
    examples = EXAMPLES["video-count"]

    def check(self, context: TargetContext, options: RuleOptions) -> Iterable[Problem]:
        rule = context.spec.video
        if rule is None or rule.max_count is None:
            return
        applying = _for_target(context)
        if len(applying) <= rule.max_count:
            return
        first_extra = applying[rule.max_count]
        yield context.problem(
            _("too many videos for {platform} ({count} > {max})", platform=context.spec.id, count=len(applying), max=rule.max_count),
            key="count",
            file=first_extra.file,
            path=("name",),
            hint=_("Keep at most {max} videos for {platform}. Limit the others to other platforms with targets:, or remove them.", max=rule.max_count, platform=context.spec.id),
        )


class CaptionRateOptions(RuleOptions):
    max_cps: float = Field(default=17, gt=0, description=N_("Characters per second for captions in languages other than Chinese, Japanese and Korean."))
    max_cps_cjk: float = Field(default=4, gt=0, description=N_("Characters per second for captions in Chinese, Japanese and Korean (locales zh, ja, ko)."))


class CaptionRate(Rule):
    id = "caption-rate"
    level = Level.WARNING
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a caption is too long to read in the time its scene is on screen")
    description = N_(
        "A caption stays on screen for its scene's duration. Its reading rate is its length in characters (grapheme "
        "clusters, spaces included, line breaks not) divided by that duration. In Chinese, Japanese and Korean a "
        "half-width character such as a Latin letter counts as half. Both limits are subtitling conventions, "
        "not platform rules: 17 characters per second is the adult reading speed of Netflix's English template timed "
        "text style guide, and 4 characters per second is the long-standing rule of Japanese film subtitling. Chinese "
        "and Korean get the CJK limit too, which may be strict for them, so raise `max_cps_cjk` if your reviewers agree. "
        "Every caption is checked, in every locale."
    )
    Options = CaptionRateOptions
    examples = EXAMPLES["caption-rate"]

    def check(self, context: SkuContext, options: CaptionRateOptions) -> Iterable[Problem]:
        for item in storyboards(context):
            for index, scene in enumerate(item.storyboard.scenes):
                for locale, text in scene.captions.items():
                    limit = options.max_cps_cjk if is_cjk_locale(locale) else options.max_cps
                    problem = self._rate_problem(context, item, index, scene, locale, reading_length(text, locale), limit)
                    if problem is not None:
                        yield problem

    @staticmethod
    def _rate_problem(context: SkuContext, item: StoryboardFile, index: int, scene: Scene, locale: str, length: float, limit: float) -> Problem | None:
        seconds = scene.duration_ms / 1000
        if length <= limit * seconds:
            return None
        rate = f"{length / seconds:.1f}".removesuffix(".0")
        maximum = f"{limit:g}"
        fitting = math.floor(limit * seconds)
        needed = seconds_text(math.ceil(length / limit * 10) * 100)
        return context.problem(
            _("{locale} caption of scene \"{scene}\" too fast to read ({rate} > {max} characters per second)", locale=locale, scene=scene.id, rate=rate, max=maximum),
            key=f"{item.name}:{scene.id}:{locale}",
            file=item.file,
            path=("scenes", index, "captions", locale),
            hint=_("Shorten the caption to {count} characters, or make the scene last at least {seconds} seconds.", count=fitting, seconds=needed),
            locale=locale,
        )


def _missing(context: SkuContext, kind: str) -> Iterator[tuple[StoryboardFile, int, Scene, str, list[str]]]:
    """Yield (storyboard, scene index, scene, locale, targets) for each scene that lacks a caption or voice-over in a needed locale."""
    finder = missing_caption_scenes if kind == "captions" else missing_voice_over_scenes
    if context.brief is None:
        return
    for item in storyboards(context):
        for locale, targets in _needed_locales(context, item.storyboard).items():
            for index, scene in finder(item.storyboard, locale):
                yield item, index, scene, locale, targets


class VideoCaptionMissing(Rule):
    id = "video-caption-missing"
    level = Level.ERROR
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a scene with captions has none in a locale that a target needs")
    description = N_(
        "Render makes each platform's subtitles in the copy locale that the platform uses (set by `target_locales` in "
        "linkstar.yaml, else the spec's locale). A scene that has captions must have one in each of those locales, or "
        "render stops with an error. Scenes without any caption are left out of the subtitles and not reported."
    )
    examples = EXAMPLES["video-caption-missing"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        for item, index, scene, locale, targets in _missing(context, "captions"):
            yield context.problem(
                _("scene \"{scene}\" of video \"{video}\" has no {locale} caption (needed by {targets})", scene=scene.id, video=item.name, locale=locale, targets=", ".join(targets)),
                key=f"{item.name}:{scene.id}:{locale}",
                file=item.file,
                path=("scenes", index, "captions"),
                hint=_("Add a {locale} caption to the scene, because render makes the subtitles for {targets} in {locale}.", locale=locale, targets=", ".join(targets)),
                locale=locale,
            )


class VideoVoiceOverMissing(Rule):
    id = "video-voice-over-missing"
    level = Level.WARNING
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a scene with voice-over has none in a locale that a target needs")
    description = N_(
        "Like video-caption-missing, for `voice_over:`. Render still works, but the shot list for that platform shows "
        "no voice-over for the scene, so the voice artist has no script for it."
    )
    examples = EXAMPLES["video-voice-over-missing"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        for item, index, scene, locale, targets in _missing(context, "voice_over"):
            yield context.problem(
                _("scene \"{scene}\" of video \"{video}\" has no {locale} voice-over (needed by {targets})", scene=scene.id, video=item.name, locale=locale, targets=", ".join(targets)),
                key=f"{item.name}:{scene.id}:{locale}",
                file=item.file,
                path=("scenes", index, "voice_over"),
                hint=_("Add the {locale} voice-over text to the scene.", locale=locale),
                locale=locale,
            )


class VideoAsset(Rule):
    id = "video-asset"
    level = Level.ERROR
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a scene uses a file that the SKU's assets.yaml does not list")
    description = N_(
        "A scene's `asset:` names a file in skus/<SKU>/assets/, relative to that folder. The file must have an entry in "
        "assets.yaml, so that its licence is on record; whether the file itself is readable is the image rules' concern."
    )
    examples = EXAMPLES["video-asset"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        if context.assets is None:
            return
        catalogued = {asset.file for asset in context.assets.assets}
        for item in storyboards(context):
            for index, scene in enumerate(item.storyboard.scenes):
                if scene.asset is not None and scene.asset not in catalogued:
                    yield context.problem(
                        _("scene \"{scene}\" uses \"{file}\", which assets.yaml does not list", scene=scene.id, file=scene.asset),
                        key=f"{item.name}:{scene.id}",
                        file=item.file,
                        path=("scenes", index, "asset"),
                        hint=_("Add the file to assets.yaml with its role and licence, or correct the file name."),
                    )


class VideoTarget(Rule):
    id = "video-target"
    level = Level.WARNING
    scope = Scope.SKU
    family = FAMILY
    summary = N_("a video names a platform that the SKU does not target")
    description = N_(
        "A storyboard's `targets:` limits the video to some of the SKU's platforms. Render makes files only for the "
        "SKU's targets, so a platform that is not among them gets nothing, which usually means a typo or a target "
        "that was dropped from the brief."
    )
    examples = EXAMPLES["video-target"]

    def check(self, context: SkuContext, options: RuleOptions) -> Iterable[Problem]:
        if context.brief is None:
            return
        targets = context.targets()
        for item in storyboards(context):
            for index, platform in enumerate(item.storyboard.targets):
                if platform not in targets:
                    yield context.problem(
                        _("video \"{video}\" names {platform}, which is not a target of this SKU", video=item.name, platform=platform),
                        key=f"{item.name}:{platform}",
                        file=item.file,
                        path=("targets", index),
                        hint=_("Add {platform} to the targets in brief.yaml, or remove it from the video's targets.", platform=platform),
                    )


RULES = (
    VideoDuration(),
    VideoAspect(),
    VideoCount(),
    CaptionRate(),
    VideoCaptionMissing(),
    VideoVoiceOverMissing(),
    VideoAsset(),
    VideoTarget(),
)
