"""Loading a content repo without repeated work: libyaml parsing, one layout load and one validation per file, no channel copies."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image, ImageChops, ImageCms

from linkstar_cli.errors import InputError, LinkstarError
from linkstar_cli.lint.engine import Linter, LintOptions
from linkstar_cli.lint.example_base import BRIEF, COPY_DE, COPY_EN
from linkstar_cli.render import colour
from linkstar_cli.render.colour import srgb_profile, to_srgb
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.repo import content, yamlio
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.textio import read_text
from linkstar_cli.repo.yamlio import parse_yaml
from tests.conftest import FIXTURES
from tests.test_rule_examples import TODAY, build_example_repo

PROJECT = Path(__file__).resolve().parents[1]
needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")


# YAML: libyaml and the pure-Python loader give the same documents


def parse_outcome(text: str) -> tuple[Any, ...]:
    """Parse ``text`` and return its data and locations, or the error's message, location and hint."""
    try:
        document = parse_yaml(text, "t.yaml")
    except InputError as error:
        return ("error", error.message, error.line, error.column, error.hint, error.code)
    return ("ok", document.data, document.locations)


def python_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """Parse ``text`` with the pure-Python loader only, as linkstar did before it used libyaml."""
    with monkeypatch.context() as patch:
        patch.setattr(yamlio, "_compose_fast", lambda text: None)
        return parse_outcome(text)


def project_yaml_files() -> list[Path]:
    folders = (PROJECT / "examples", FIXTURES, PROJECT / "platform_specs")
    return [path for folder in folders for path in sorted(folder.rglob("*")) if path.suffix in (".yaml", ".yml")]


PROJECT_YAML = project_yaml_files()


def test_project_has_yaml_files_to_compare() -> None:
    assert len(PROJECT_YAML) > 300


@needs_libyaml
@pytest.mark.parametrize("path", PROJECT_YAML, ids=[path.relative_to(PROJECT).as_posix() for path in PROJECT_YAML])
def test_libyaml_matches_python_on_project_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = read_text(path, path.name)

    assert parse_outcome(text) == python_outcome(text, monkeypatch)


@needs_libyaml
def test_libyaml_parses_valid_project_files() -> None:
    declined = [path.relative_to(PROJECT).as_posix() for path in PROJECT_YAML if yamlio._compose_fast(read_text(path, path.name)) is None]

    # The one file that the fast path leaves to the Python loader is the fixture indented with a tab.
    assert declined == ["tests/fixtures/lint-repo/skus/F-YAML-TAB/brief.yaml"]


SAME_LOCATION_TEXTS = {
    "non-ascii": "títle: Äpfel\nnäme: 中文字符 x\nlist:\n  - ü: 1\n    ö: [a, b, 中, d]\n",
    "astral": "a: 😀😀\nb: 😀 c\nc: [😀, d]\n",
    "crlf": "a: 1\r\nb: 中\r\n  c\r\nd: [x,\r\n 中, y]\r\n",
    "cr": "a: b\rc: d\r",
    "nel-and-line-separator": "a:\x85b: c\nd: e\u2028f: g\n",
    "bom-at-start": "\ufeffa: b\nc: [d]\n",
    "block-and-quoted": "a: |\n  中文\n  x\nb: 'q\n  r'\nc: \"ü\\u00e4\"\nd: >-\n  x\n  y\n",
    "anchors-and-merge": "base: &base {a: 1, b: 2}\nitem:\n  <<: *base\n  b: 3\nlist: [*base, *base]\n",
    "standard-tags": "a: !!int 12\nb: !!float 1.5\nc: !!bool yes\nd: !!str 0012\ne: !!null ''\n",
    "plain-stays-text": "markets: [DE, NO, SE]\ngtin: 0614141000036\nwhen: 2024-01-01\nempty:\nnull: ~\n",
    "explicit-key": "? a\n: b\n? c\n",
    "flow-colon": "k: [a:b, 'c:d']\nm: {a: b:c}\n",
    "empty": "",
    "comment-only": "# nothing\n",
}


@needs_libyaml
@pytest.mark.parametrize("text", SAME_LOCATION_TEXTS.values(), ids=SAME_LOCATION_TEXTS.keys())
def test_libyaml_locations_match_python(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parse_outcome(text) == python_outcome(text, monkeypatch)


@needs_libyaml
@pytest.mark.parametrize("name", ["non-ascii", "astral", "crlf", "bom-at-start", "anchors-and-merge"])
def test_libyaml_used_for_valid_text(name: str) -> None:
    assert yamlio._compose_fast(SAME_LOCATION_TEXTS[name]) is not None


@needs_libyaml
def test_non_ascii_column_counts_characters() -> None:
    document = parse_yaml("a: 中文\nb: [中, 😀, x]\n", "t.yaml")

    assert document.locations[("b", 1)] == (2, 8)
    assert document.locations[("b", 2)] == (2, 11)


# Texts that libyaml reads but PyYAML rejects, or reads with other locations.
PYTHON_ONLY_TEXTS = {
    "tab-after-value": "a: b\t\nc: d\n",
    "tab-before-comment": "a: b\t# note\n",
    "tab-in-flow": "a: [b,\tc]\n",
    "tab-indentation": "brief:\n\tid: X\n",
    "question-mark-in-flow": "links: [https://example.com/?a=1]\n",
    "question-in-flow-text": "k: [Warum? Darum]\n",
    "comment-after-block-header": "a: |#\n  x\n",
    "bom-inside": "a: b\n\ufeffc: d\n",
    "empty-document-after-marker": "---\n  \n",
}


@needs_libyaml
@pytest.mark.parametrize("text", PYTHON_ONLY_TEXTS.values(), ids=PYTHON_ONLY_TEXTS.keys())
def test_python_loader_decides_where_libyaml_differs(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert yamlio._compose_fast(text) is None
    assert parse_outcome(text) == python_outcome(text, monkeypatch)


def test_question_mark_in_flow_still_rejected() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("links: [https://example.com/?a=1]\n", "t.yaml")

    assert caught.value.message == "invalid YAML: expected ',' or ']', but got '?'"
    assert caught.value.location() == "t.yaml:1:29"


def test_tab_after_value_still_rejected() -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("a: b\t\n", "t.yaml")

    assert caught.value.message == "a tab character where YAML does not allow one"
    assert caught.value.location() == "t.yaml:1:5"


class CountingPythonLoader(yamlio._ComposeLoader):
    instances = 0

    def __init__(self, stream: str) -> None:
        CountingPythonLoader.instances += 1
        super().__init__(stream)


@pytest.fixture
def python_loader_count(monkeypatch: pytest.MonkeyPatch) -> type[CountingPythonLoader]:
    CountingPythonLoader.instances = 0
    monkeypatch.setattr(yamlio, "_ComposeLoader", CountingPythonLoader)
    return CountingPythonLoader


@needs_libyaml
def test_valid_yaml_skips_python_loader(python_loader_count: type[CountingPythonLoader]) -> None:
    document = parse_yaml("id: X\nvariants:\n  - id: A\n    gtin: '1'\n", "t.yaml")

    assert document.data == {"id": "X", "variants": [{"id": "A", "gtin": "1"}]}
    assert python_loader_count.instances == 0


@needs_libyaml
def test_invalid_yaml_parsed_again_by_python_loader(python_loader_count: type[CountingPythonLoader]) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml("a: [b\nc: d\n", "t.yaml")

    assert python_loader_count.instances == 1
    assert caught.value.message == "invalid YAML: expected ',' or ']', but got ':'"
    assert caught.value.location() == "t.yaml:2:2"


@needs_libyaml
@pytest.mark.parametrize(
    ("text", "message", "location"),
    [
        ("a: 1\nb: 2\na: 3\n", 'duplicate key "a" (first defined at line 1)', "t.yaml:3:1"),
        ("a: !!python/object:os.system x\n", 'YAML tag "tag:yaml.org,2002:python/object:os.system" is not allowed', "t.yaml:1:4"),
        ("a: !!int twelve\n", '"twelve" is not a valid !!int value', "t.yaml:1:4"),
        ("a: {[b]: c}\n", "a mapping key must be plain text", "t.yaml:1:5"),
    ],
    ids=["duplicate-key", "object-tag", "bad-int", "collection-key"],
)
def test_builder_errors_same_with_libyaml(text: str, message: str, location: str, python_loader_count: type[CountingPythonLoader]) -> None:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "t.yaml")

    assert python_loader_count.instances == 0
    assert caught.value.message == message
    assert caught.value.location() == location


@needs_libyaml
def test_alias_budget_with_libyaml(python_loader_count: type[CountingPythonLoader]) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")

    with pytest.raises(InputError) as caught:
        parse_yaml("\n".join(lines) + "\n", "t.yaml")

    assert python_loader_count.instances == 0
    assert caught.value.message == "aliases repeat more than 100000 values, which linkstar does not read"
    assert caught.value.code == "yaml-syntax"


# Lint: each layout loaded once per run


def many_sku_repo(root: Path, layout: str | None = None) -> ContentRepo:
    files: dict[str, Any] = {}
    for sku in ("EX-2", "EX-3"):
        files[f"skus/{sku}/brief.yaml"] = BRIEF.replace("id: EX-1", f"id: {sku}")
        files[f"skus/{sku}/copy/de-DE.yaml"] = COPY_DE
        files[f"skus/{sku}/copy/en-US.yaml"] = COPY_EN
    if layout is not None:
        files["templates/layouts/features.yaml"] = layout
    return build_example_repo(root, files)


OVERLAY_RULES = {"overlay-missing", "overlay-font", "schema", "yaml-syntax"}


def test_lint_loads_each_layout_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linkstar_cli.render import layout

    loads: Counter[str] = Counter()
    real_load = layout.load_layout

    def counting_load(layout_id: str, *args: Any, **kwargs: Any) -> Any:
        loads[layout_id] += 1
        return real_load(layout_id, *args, **kwargs)

    monkeypatch.setattr(layout, "load_layout", counting_load)
    repo = many_sku_repo(tmp_path)

    result = Linter(repo, LintOptions(only_rules=OVERLAY_RULES, use_baseline=False, today=TODAY)).run()

    assert result.all_findings == []
    assert loads == Counter({"features": 1})


def test_broken_layout_reported_for_every_target(tmp_path: Path) -> None:
    repo = many_sku_repo(tmp_path, layout="name: features\nunknown_field: 1\n")

    result = Linter(repo, LintOptions(only_rules=OVERLAY_RULES, use_baseline=False, today=TODAY)).run()

    rows = Counter((finding.rule, finding.file, finding.line, finding.message) for finding in result.all_findings)
    # Three SKUs, and both overlay rules record the errors of each target, as before the cache.
    assert rows == {
        ("schema", "templates/layouts/features.yaml", 1, 'required field "elements" is missing'): 6,
        ("schema", "templates/layouts/features.yaml", 1, 'unknown field "name"'): 6,
        ("schema", "templates/layouts/features.yaml", 2, 'unknown field "unknown_field"'): 6,
    }


# Content repo: each model file validated once


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    real_validate = content.validate_document

    def counting_validate(document: Any, model: Any) -> Any:
        counts[(document.display, model.__name__)] += 1
        return real_validate(document, model)

    monkeypatch.setattr(content, "validate_document", counting_validate)
    return counts


def test_brief_validated_once(tmp_path: Path, validations: Counter[tuple[str, str]]) -> None:
    repo = build_example_repo(tmp_path, {})

    first = repo.brief("EX-1")
    second = repo.brief("EX-1")

    assert second is first
    assert validations[("skus/EX-1/brief.yaml", "Brief")] == 1


def test_invalid_brief_raises_every_call(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {"skus/EX-1/brief.yaml": BRIEF.replace("weight_kg: 0.5", "weight_kg: heavy")})

    for _ in range(2):
        with pytest.raises(LinkstarError) as caught:
            repo.brief("EX-1")
        assert caught.value.message == 'expected a number, got "heavy"'


def test_mismatched_brief_id_raises_every_call(tmp_path: Path) -> None:
    repo = build_example_repo(tmp_path, {"skus/EX-1/brief.yaml": BRIEF.replace("id: EX-1", "id: EX-9")})

    for _ in range(2):
        with pytest.raises(InputError) as caught:
            repo.brief("EX-1")
        assert caught.value.message == 'brief id "EX-9" does not match its folder name "EX-1"'


def test_render_validates_each_file_once(tmp_path: Path, validations: Counter[tuple[str, str]]) -> None:
    repo = many_sku_repo(tmp_path)

    Renderer(repo, jobs=1).run([], [])

    briefs = {key: count for key, count in validations.items() if key[1] == "Brief"}
    assert briefs == {(f"skus/{sku}/brief.yaml", "Brief"): 1 for sku in ("EX-1", "EX-2", "EX-3")}
    assert max(validations.values()) == 1


# Colour: sRGB RGBA sources pass through without copies


def rgba_with_hole(size: tuple[int, int] = (64, 48)) -> Image.Image:
    image = Image.new("RGBA", size, (200, 40, 10, 255))
    image.putpixel((3, 4), (1, 2, 3, 0))
    image.putpixel((5, 6), (7, 8, 9, 128))
    return image


def srgb_icc() -> bytes:
    return srgb_profile().tobytes()


def test_transparent_rgba_returned_as_is() -> None:
    image = rgba_with_hole()

    assert to_srgb(image, "t.png") is image


def test_transparent_rgba_with_srgb_profile_returned_as_is() -> None:
    image = rgba_with_hole()
    image.info["icc_profile"] = srgb_icc()

    assert to_srgb(image, "t.png") is image


def test_rgba_conversion_splits_no_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_merge(*args: Any) -> Image.Image:
        raise AssertionError("Image.merge called")

    monkeypatch.setattr(colour.Image, "merge", no_merge)
    image = rgba_with_hole()
    opaque = Image.new("RGBA", (8, 8), (10, 20, 30, 255))

    assert to_srgb(image, "t.png") is image
    assert to_srgb(opaque, "t.png").mode == "RGB"


def test_opaque_rgba_becomes_rgb() -> None:
    image = Image.new("RGBA", (16, 8), (10, 20, 30, 255))
    image.putpixel((2, 3), (250, 251, 252, 255))

    result = to_srgb(image, "t.png")

    assert result.mode == "RGB"
    assert result.getpixel((2, 3)) == (250, 251, 252)
    assert result.getpixel((0, 0)) == (10, 20, 30)


def test_rgba_with_other_rgb_profile_converted() -> None:
    with Image.open(FIXTURES / "images" / "icc_profile_big.jpg") as original:
        original.load()
        icc = original.info["icc_profile"]
        rgb = original.convert("RGB")
    embedded = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    reference = ImageCms.profileToProfile(rgb, embedded, srgb_profile(), outputMode="RGB")
    assert reference is not None
    image = rgb.convert("RGBA")
    image.putpixel((0, 0), (0, 0, 0, 0))
    image.info["icc_profile"] = icc

    result = to_srgb(image, "t.jpg")

    assert result is not image
    assert result.mode == "RGBA"
    assert ImageChops.difference(result.convert("RGB"), reference).getbbox() in (None, (0, 0, 1, 1))
    assert result.getpixel((0, 0))[3] == 0
    assert result.getpixel((1, 1))[3] == 255


def test_rgba_with_broken_profile_rejected() -> None:
    image = rgba_with_hole()
    image.info["icc_profile"] = b"not a profile"

    with pytest.raises(InputError) as caught:
        to_srgb(image, "t.png")

    assert caught.value.message.startswith("t.png has an embedded ICC colour profile that cannot be used")
