"""Property-based tests: the YAML loader, text measuring and truncation, unit conversions and the shard split."""

from __future__ import annotations

import re
from decimal import Decimal

import regex
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from linkstar_cli.errors import InputError
from linkstar_cli.lint import textcount
from linkstar_cli.render import units
from linkstar_cli.repo.shard import in_shard
from linkstar_cli.repo.yamlio import parse_yaml

# Letters from several scripts, combining marks, emoji parts and the characters YAML gives meaning to.
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    include_characters="\u200d\ufe0f\U0001f1e9\U0001f1ea:#-[]{}&*!|>'\"%@`",
)
SCALARS = st.one_of(st.none(), st.text(ALPHABET, max_size=30))
KEYS = st.text(ALPHABET, min_size=1, max_size=12)
DATA = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(DATA)
def test_yaml_dump_loads_back(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    document = parse_yaml(text, "t.yaml")

    # The loader keeps scalars as text, and the data holds only text and null, so it loads back equal.
    assert document.data == data


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, SCALARS, min_size=1, max_size=6))
def test_yaml_crlf_and_bom_load_alike(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    plain = parse_yaml(text, "t.yaml")

    windows = parse_yaml("\ufeff" + text.replace("\n", "\r\n"), "t.yaml")

    assert windows.data == plain.data
    assert windows.locations == plain.locations


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, SCALARS, min_size=1, max_size=6))
def test_yaml_key_lines_point_at_keys(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    lines = text.splitlines()

    document = parse_yaml(text, "t.yaml")

    for key in data:
        line, column = document.locations[(key,)]
        assert lines[line - 1][column - 1 :].startswith((key, "'", '"', "?"))


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_yaml_any_text_loads_or_fails_located(text: str) -> None:
    try:
        parse_yaml(text, "t.yaml")
    except InputError as error:
        assert str(error.path) == "t.yaml"
        assert error.line is None or 1 <= error.line <= text.count("\n") + text.count("\r") + 2


TEXT = st.lists(
    st.sampled_from(["a", "Z", " ", "ä", "a\u0308", "ß", "語", "テ", "한", "กิ", "ที่", "क्षि", "ع", "😀", "👍🏽", "🇩🇪", "👨\u200d👩\u200d👧", "1\ufe0f\u20e3"]),
    max_size=40,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=120), st.sampled_from([("chars", None), ("bytes", None), ("chars", 2.0)]))
def test_truncate_keeps_whole_clusters(text: str, limit: int, count: tuple[str, float | None]) -> None:
    unit, multiplier = count

    cut = textcount.truncate(text, limit, unit, multiplier)  # type: ignore[arg-type]

    assert text.startswith(cut)
    assert textcount.measure(cut, unit, multiplier) <= limit  # type: ignore[arg-type]
    assert cut.encode("utf-8").decode("utf-8") == cut
    clusters = regex.findall(r"\X", text)
    kept_clusters = regex.findall(r"\X", cut)
    assert kept_clusters == clusters[: len(kept_clusters)]
    if cut != text:
        # Either only spaces were dropped, or the next cluster after them would go over the limit.
        rest = text[len(cut) :]
        following = regex.match(r"\s*\X", rest)
        assert following is not None
        assert rest.strip() == "" or textcount.measure(cut + following.group(), unit, multiplier) > limit  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_measure_counts_code_points_and_bytes(text: str) -> None:
    assert textcount.measure(text, "chars") == len(text)
    assert textcount.measure(text, "bytes") == len(text.encode("utf-8"))
    cjk = len(regex.findall(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]", text))
    assert textcount.measure(text, "chars", 2) == len(text) + cjk


NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


def number_in(text: str) -> Decimal:
    """Read the one number in an en-US formatted quantity."""
    found = NUMBER.findall(text)
    assert len(found) == 1, text
    return Decimal(found[0].replace(",", ""))


@settings(max_examples=400, deadline=None)
@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3))
def test_lengths_convert_within_rounding(centimetres: Decimal) -> None:
    metric = number_in(units.format_length(centimetres, "en-US", "metric"))
    imperial = number_in(units.format_length(centimetres, "en-US", "imperial"))

    assert abs(metric - centimetres) <= Decimal("0.05")
    assert abs(imperial * units.CENTIMETRES_PER_INCH - centimetres) <= Decimal("0.05") * units.CENTIMETRES_PER_INCH


@settings(max_examples=400, deadline=None)
@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("10000"), places=3))
def test_weights_convert_within_rounding(kilograms: Decimal) -> None:
    metric = units.format_weight(kilograms, "en-US", "metric")
    imperial = units.format_weight(kilograms, "en-US", "imperial")

    if metric.endswith(" g"):
        assert abs(number_in(metric) / 1000 - kilograms) <= Decimal("0.0005")
    else:
        assert metric.endswith(" kg")
        assert abs(number_in(metric) - kilograms) <= Decimal("0.005")
    if imperial.endswith(" oz"):
        ounces = number_in(imperial)
        assert ounces < 16
        assert abs(ounces / 16 * units.KILOGRAMS_PER_POUND - kilograms) <= Decimal("0.05") / 16 * units.KILOGRAMS_PER_POUND
    else:
        assert imperial.endswith(" lb")
        assert abs(number_in(imperial) * units.KILOGRAMS_PER_POUND - kilograms) <= Decimal("0.005") * units.KILOGRAMS_PER_POUND


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(min_value=-10**12, max_value=10**12), st.decimals(allow_nan=False, allow_infinity=False, places=4)))
def test_to_decimal_keeps_written_value(value: int | Decimal) -> None:
    assert units.to_decimal(value) == Decimal(value)
    assert units.to_decimal(str(value)) == Decimal(value)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(ALPHABET, min_size=1, max_size=20), min_size=1, max_size=200, unique=True), st.integers(min_value=1, max_value=16))
def test_shards_split_skus_exactly_once(skus: list[str], count: int) -> None:
    owners = {sku: [index for index in range(1, count + 1) if in_shard(sku, (index, count))] for sku in skus}

    assert all(len(shards) == 1 for shards in owners.values())
