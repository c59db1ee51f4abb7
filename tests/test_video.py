"""Video storyboards: the model, subtitles (SRT, WebVTT), the shot list and the render writer."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from linkstar_cli.cli.app import run
from linkstar_cli.errors import ErrorList
from linkstar_cli.model.video import Storyboard
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.render.video import (
    cues_for,
    plan_storyboards,
    reading_length,
    srt_text,
    vtt_text,
    wrap_caption,
    wrap_line,
    write_video_files,
)
from linkstar_cli.repo.content import ContentRepo
from tests.test_rule_examples import build_example_repo

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-repo"
HOODIE = "WOO-HOODIE-WITH-LOGO"
RLM = "\u200f"

TWO_SCENES = """\
name: launch
aspect: "16:9"
scenes:
  - id: intro
    duration: 4
    shot: Wide shot, the folded T-shirt on an oak table, slow push in
    asset: main.jpg
    captions:
      en-US: Soft cotton that stays comfortable from morning to night & beyond
      de-DE: Weiche Baumwolle
    voice_over:
      de-DE: Das T-Shirt für jeden Tag.
  - id: neck
    duration: 2.5
    shot: Close-up of the crew neck | hand smooths the fabric
    captions:
      en-US: A classic crew neck
      de-DE: Ein klassischer Rundhalsausschnitt
"""


def storyboard(text: str = TWO_SCENES) -> Storyboard:
    import yaml

    return Storyboard.model_validate(yaml.safe_load(text))


@pytest.fixture
def example_repo(tmp_path: Path) -> ContentRepo:
    return build_example_repo(tmp_path, {"skus/EX-1/video/launch.yaml": TWO_SCENES})


def package_files(repo: ContentRepo, platform: str = "amazon-de") -> dict[str, bytes]:
    renderer = Renderer(repo, jobs=1)
    return write_video_files(renderer.plan(repo.spec(platform), "EX-1"))


# Subtitles


def test_srt_text_two_scenes() -> None:
    text = srt_text(cues_for(storyboard(), "en-US"))

    assert text == (
        "1\n"
        "00:00:00,000 --> 00:00:04,000\n"
        "Soft cotton that stays comfortable from\n"
        "morning to night & beyond\n"
        "\n"
        "2\n"
        "00:00:04,000 --> 00:00:06,500\n"
        "A classic crew neck\n"
    )


def test_vtt_text_two_scenes() -> None:
    text = vtt_text(cues_for(storyboard(), "en-US"))

    assert text == (
        "WEBVTT\n"
        "\n"
        "intro\n"
        "00:00:00.000 --> 00:00:04.000\n"
        "Soft cotton that stays comfortable from\n"
        "morning to night &amp; beyond\n"
        "\n"
        "neck\n"
        "00:00:04.000 --> 00:00:06.500\n"
        "A classic crew neck\n"
    )


def test_scene_without_caption_leaves_a_gap() -> None:
    board = storyboard(TWO_SCENES.replace("      en-US: Soft cotton that stays comfortable from morning to night & beyond\n      de-DE: Weiche Baumwolle\n", "").replace("    captions:\n    voice_over:", "    voice_over:"))

    text = srt_text(cues_for(board, "en-US"))

    assert text == "1\n00:00:04,000 --> 00:00:06,500\nA classic crew neck\n"


def test_hour_long_timings() -> None:
    board = storyboard("name: long\naspect: \"1:1\"\nscenes:\n  - {id: a, duration: 3599.5, shot: x, captions: {en-US: A}}\n  - {id: b, duration: 1.75, shot: y, captions: {en-US: B}}\n")

    assert [line for line in srt_text(cues_for(board, "en-US")).splitlines() if "-->" in line] == [
        "00:00:00,000 --> 00:59:59,500",
        "00:59:59,500 --> 01:00:01,250",
    ]


def test_arabic_captions_keep_logical_order() -> None:
    caption = "هودي بشعار من Northwind Basics، فليس دافئ من مزيج القطن والبوليستر للأيام الباردة"
    board = storyboard(f"name: launch\naspect: \"16:9\"\nscenes:\n  - id: intro\n    duration: 6\n    shot: Wide shot\n    captions:\n      ar-SA: \"{caption}\"\n")

    srt = srt_text(cues_for(board, "ar-SA"))
    vtt = vtt_text(cues_for(board, "ar-SA"))

    expected_lines = [RLM + "هودي بشعار من Northwind Basics، فليس دافئ", RLM + "من مزيج القطن والبوليستر للأيام الباردة"]
    assert srt == "1\n00:00:00,000 --> 00:00:06,000\n" + "\n".join(expected_lines) + "\n"
    assert vtt == "WEBVTT\n\nintro\n00:00:00.000 --> 00:00:06.000\n" + "\n".join(expected_lines) + "\n"
    assert " ".join(line.removeprefix(RLM) for line in expected_lines) == caption


def test_left_to_right_captions_get_no_mark() -> None:
    assert RLM not in srt_text(cues_for(storyboard(), "de-DE"))


def test_author_line_breaks_are_kept() -> None:
    assert wrap_caption("Soft cotton\n\n  all   day  ", "en-US") == ["Soft cotton", "all day"]


def test_japanese_wraps_at_thirteen_without_breaking_before_punctuation() -> None:
    lines = wrap_caption("「こんにちは」、世界。ありがとうございました！ロゴ入りパーカーです", "ja-JP")

    assert lines == ["「こんにちは」、世界。あり", "がとうございました！ロゴ入", "りパーカーです"]


def test_wrap_kinsoku_small_kana() -> None:
    assert wrap_line("ああああああああああああっ。です", 13) == ["あああああああああああ", "あっ。です"]


def test_japanese_counts_half_width_characters_as_half() -> None:
    assert wrap_caption("Northwind Basics", "ja-JP") == ["Northwind Basics"]
    assert wrap_caption("Northwind Basics", "zh-CN") == ["Northwind Basics"]
    assert reading_length("Northwind Basicsのロゴ", "ja-JP") == 11
    assert reading_length("Northwind Basics", "en-US") == 16


def test_wrap_keeps_long_latin_word_whole() -> None:
    assert wrap_line("Kapuzenpulloverfleeceinnenseitenverarbeitungsqualität ist gut", 42) == ["Kapuzenpulloverfleeceinnenseitenverarbeitungsqualität", "ist gut"]


# Shot list and the render writer


def test_writer_files_for_amazon_de(example_repo: ContentRepo) -> None:
    files = package_files(example_repo)

    assert sorted(files) == ["EX-1.launch.de-DE.srt", "EX-1.launch.de-DE.vtt", "EX-1.launch.shots.md"]
    assert files["EX-1.launch.de-DE.srt"].decode("utf-8") == (
        "1\n00:00:00,000 --> 00:00:04,000\nWeiche Baumwolle\n\n2\n00:00:04,000 --> 00:00:06,500\nEin klassischer Rundhalsausschnitt\n"
    )


def test_shot_list(example_repo: ContentRepo) -> None:
    text = package_files(example_repo)["EX-1.launch.shots.md"].decode("utf-8")

    assert text == (
        '# Shot list: EX-1, video "launch"\n'
        "\n"
        "- Platform: amazon-de\n"
        "- Locale of captions and voice-over: de-DE\n"
        "- Aspect ratio: 16:9\n"
        "- Length: 6.5 s in 2 scenes\n"
        "\n"
        "| # | Scene | Time code | Duration | Shot | Asset | Caption | Voice-over |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| 1 | intro | 00:00:00.000 – 00:00:04.000 | 4 s | Wide shot, the folded T-shirt on an oak table, slow push in | main.jpg | Weiche Baumwolle | Das T-Shirt für jeden Tag. |\n"
        "| 2 | neck | 00:00:04.000 – 00:00:06.500 | 2.5 s | Close-up of the crew neck \\| hand smooths the fabric |  | Ein klassischer Rundhalsausschnitt |  |\n"
    )


def test_writer_skips_platform_outside_targets(tmp_path: Path) -> None:
    text = TWO_SCENES.replace('aspect: "16:9"\n', 'aspect: "16:9"\ntargets: [amazon-us]\n')
    repo = build_example_repo(tmp_path, {"skus/EX-1/video/launch.yaml": text})

    assert package_files(repo) == {}


def test_sku_without_storyboards_writes_nothing(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {})

    assert package_files(repo) == {}
    assert plan_storyboards(repo, "EX-1", "amazon-de", "de-DE") == {}


def test_plan_storyboards_returns_input_hashes(example_repo: ContentRepo) -> None:
    inputs = plan_storyboards(example_repo, "EX-1", "amazon-de", "de-DE")

    assert list(inputs) == ["skus/EX-1/video/launch.yaml"]
    assert inputs["skus/EX-1/video/launch.yaml"] == hashlib.sha256((example_repo.root / "skus/EX-1/video/launch.yaml").read_bytes()).hexdigest()


def test_plan_storyboards_checks_captions(example_repo: ContentRepo) -> None:
    with pytest.raises(ErrorList) as caught:
        plan_storyboards(example_repo, "EX-1", "amazon-jp", "ja-JP")

    assert [error.message for error in caught.value.errors] == [
        'SKU EX-1, video "launch": scene "intro" has no ja-JP caption',
        'SKU EX-1, video "launch": scene "neck" has no ja-JP caption',
    ]


def test_missing_caption_is_a_render_error(tmp_path: Path) -> None:
    text = TWO_SCENES.replace("      de-DE: Ein klassischer Rundhalsausschnitt\n", "")
    repo = build_example_repo(tmp_path, {"skus/EX-1/video/launch.yaml": text})

    with pytest.raises(ErrorList) as caught:
        package_files(repo)

    [error] = caught.value.errors
    assert error.message == 'SKU EX-1, video "launch": scene "neck" has no de-DE caption'
    assert error.location() == "skus/EX-1/video/launch.yaml:16"
    assert error.field == "scenes[1].captions"
    assert error.hint == "Add a de-DE caption to the scene, because the subtitles are made in de-DE."


def test_missing_asset_file_is_an_input_error(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {"skus/EX-1/video/launch.yaml": TWO_SCENES.replace("asset: main.jpg", "asset: hero.jpg")})

    with pytest.raises(ErrorList) as caught:
        package_files(repo)

    [error] = caught.value.errors
    assert error.message == "asset file not found: skus/EX-1/assets/hero.jpg"
    assert error.location() == "skus/EX-1/video/launch.yaml:7"


def test_invalid_storyboard_names_file_and_line(tmp_path: Path) -> None:
    text = TWO_SCENES.replace("duration: 2.5", "duration: 2.5s").replace('aspect: "16:9"', 'aspect: "4:3"')
    repo = build_example_repo(tmp_path, {"skus/EX-1/video/launch.yaml": text})

    with pytest.raises(ErrorList) as caught:
        package_files(repo)

    found = [(error.location(), error.field, error.message) for error in caught.value.errors]
    assert found == [
        ("skus/EX-1/video/launch.yaml:2:1", "aspect", "\"4:3\" is not allowed here"),
        ("skus/EX-1/video/launch.yaml:14:5", "scenes[1].duration", 'expected a number, got "2.5s"'),
    ]


def test_name_must_match_file_name(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {"skus/EX-1/video/launch.yaml": TWO_SCENES.replace("name: launch", "name: teaser")})

    with pytest.raises(ErrorList) as caught:
        package_files(repo)

    [error] = caught.value.errors
    assert error.message == 'storyboard name "teaser" does not match its file name "launch"'
    assert error.location() == "skus/EX-1/video/launch.yaml:1"


def test_duplicate_scene_ids_rejected() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match='scene id "intro" appears twice'):
        storyboard(TWO_SCENES.replace("id: neck", "id: intro"))


# The demo repo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "repo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("build", ".linkstar"))
    assert run(["-C", str(root), "render", "--platform", "amazon-de", HOODIE, "--jobs", "1"]) == 0
    return root


def test_demo_renders_german_subtitles(demo: Path) -> None:
    folder = demo / "build" / "amazon-de" / HOODIE

    srt = (folder / f"{HOODIE}.launch.de-DE.srt").read_text(encoding="utf-8")
    vtt = (folder / f"{HOODIE}.launch.de-DE.vtt").read_text(encoding="utf-8")

    assert srt == (
        "1\n00:00:00,000 --> 00:00:05,000\nNorthwind Basics Hoodie mit Logo\n\n"
        "2\n00:00:05,000 --> 00:00:10,000\nWarmes Fleece aus 80 % Baumwolle\n\n"
        "3\n00:00:10,000 --> 00:00:14,000\nGestickt, nicht gedruckt\n\n"
        "4\n00:00:14,000 --> 00:00:19,000\nGefütterte Kapuze und Kängurutasche\n\n"
        "5\n00:00:19,000 --> 00:00:24,000\nNorthwind Basics\n"
    )
    assert vtt.startswith("WEBVTT\n\nintro\n00:00:00.000 --> 00:00:05.000\nNorthwind Basics Hoodie mit Logo\n\nfleece\n")
    assert "- Length: 24 s in 5 scenes\n" in (folder / f"{HOODIE}.launch.shots.md").read_text(encoding="utf-8")


def test_demo_manifest_lists_video_files(demo: Path) -> None:
    folder = demo / "build" / "amazon-de" / HOODIE
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

    for name in (f"{HOODIE}.launch.de-DE.srt", f"{HOODIE}.launch.de-DE.vtt", f"{HOODIE}.launch.shots.md"):
        entry = manifest["outputs"][name]
        assert entry["bytes"] == (folder / name).stat().st_size


def test_demo_second_render_keeps_bytes(demo: Path) -> None:
    folder = demo / "build" / "amazon-de" / HOODIE
    names = [f"{HOODIE}.launch.de-DE.srt", f"{HOODIE}.launch.de-DE.vtt", f"{HOODIE}.launch.shots.md"]
    before = {name: (folder / name).read_bytes() for name in names}

    assert run(["-C", str(demo), "render", "--platform", "amazon-de", HOODIE, "--jobs", "1"]) == 0

    assert {name: (folder / name).read_bytes() for name in names} == before


def test_demo_arabic_subtitles_for_amazon_sa(demo: Path) -> None:
    repo = ContentRepo(demo)
    package = Renderer(repo, jobs=1).plan(repo.spec("amazon-sa"), HOODIE)

    files = write_video_files(package)

    srt = files[f"{HOODIE}.launch.ar-SA.srt"].decode("utf-8")
    assert srt.startswith(f"1\n00:00:00,000 --> 00:00:05,000\n{RLM}هودي بشعار من Northwind Basics\n\n")


def test_demo_storyboard_leaves_out_tiktok(demo: Path) -> None:
    repo = ContentRepo(demo)
    package = Renderer(repo, jobs=1).plan(repo.spec("tiktok-uk"), HOODIE)

    assert write_video_files(package) == {}


# Spec rules and the schema


@pytest.mark.parametrize(
    ("spec_id", "durations", "aspects", "max_count", "max_bytes"),
    [
        ("amazon-de", (6, 45), ["16:9"], 6, 500_000_000),
        ("amazon-jp", (6, 45), ["16:9"], 6, 500_000_000),
        ("shopee-sg", (10, 60), [], None, 30_000_000),
        ("tiktok-uk", (None, None), [], 1, 100_000_000),
    ],
)
def test_builtin_video_rules(spec_id: str, durations: tuple[float | None, float | None], aspects: list[str], max_count: int | None, max_bytes: int) -> None:
    from linkstar_cli.specs.loader import SpecRegistry

    rule = SpecRegistry().get(spec_id).video

    assert rule is not None
    assert (rule.min_duration, rule.max_duration) == durations
    assert rule.aspects == aspects
    assert rule.max_count == max_count
    assert rule.max_bytes == max_bytes
    sources = rule.source if isinstance(rule.source, list) else [rule.source]
    assert sources
    assert all(source.ref.strip() for source in sources)


def test_shopee_video_source_is_the_api_guide() -> None:
    from linkstar_cli.specs.loader import SpecRegistry

    rule = SpecRegistry().get("shopee-sg").video

    assert rule is not None
    assert [source.kind for source in (rule.source if isinstance(rule.source, list) else [rule.source])] == ["api"]
    assert rule.formats == ["mp4"]
    assert rule.max_long_side == 1280


def test_video_rule_rejects_reversed_durations() -> None:
    from pydantic import ValidationError

    from linkstar_cli.specs.model import VideoRule

    with pytest.raises(ValidationError, match="min_duration 60.0 is greater than max_duration 10.0"):
        VideoRule.model_validate({"min_duration": 60, "max_duration": 10, "source": {"ref": "x", "kind": "3p"}})


def test_video_schema_kind() -> None:
    from linkstar_cli.model.schema import schema_file_name, schema_for

    schema = schema_for("video")

    assert schema_file_name("video") == "video.schema.json"
    assert schema["properties"]["aspect"]["enum"] == ["16:9", "9:16", "1:1"]
    assert schema["required"] == ["name", "aspect", "scenes"]
