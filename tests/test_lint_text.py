"""The text rules on small repos: exact messages, files and lines, and how text is counted."""

from __future__ import annotations

import json
import textwrap
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkstar_cli.errors import ErrorList
from linkstar_cli.lint import textcount
from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.example_base import BASE_FILES, BRIEF, COPY_DE, COPY_EN
from linkstar_cli.lint.rules.text import RULES
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.specs.loader import SpecRegistry
from tests.test_rule_examples import TODAY, build_example_repo

TEXT_RULES = {rule.id for rule in RULES}
DE = "skus/EX-1/copy/de-DE.yaml"
EN = "skus/EX-1/copy/en-US.yaml"
JA = "skus/EX-1/copy/ja-JP.yaml"
Row = tuple[str, str | None, int | None, str]


def run_lint(root: Path, rules: set[str] = TEXT_RULES) -> list[Row]:
    result = Linter(ContentRepo(root), LintOptions(only_rules=rules, use_baseline=False, today=TODAY)).run()
    return [(finding.rule, finding.file, finding.line, finding.message) for finding in result.findings]


def lint(root: Path, files: dict[str, str | None], rules: set[str] = TEXT_RULES) -> list[Row]:
    build_example_repo(root, files)
    return run_lint(root, rules)


def hints(root: Path, files: dict[str, str | None], rule: str) -> list[str | None]:
    build_example_repo(root, files)
    result = Linter(ContentRepo(root), LintOptions(only_rules={rule}, use_baseline=False, today=TODAY)).run()
    return [finding.hint for finding in result.findings]


def de_copy(**fields: str) -> dict[str, str | None]:
    """Return the German copy of the example repo with some top-level lines replaced, as ``key: value``."""
    lines = COPY_DE.splitlines(keepends=True)
    for key, value in fields.items():
        index = next(number for number, line in enumerate(lines) if line.startswith(f"{key}:"))
        lines[index] = f"{key}: {value}\n"
    return {DE: "".join(lines)}


def targeting(platform: str) -> dict[str, str | None]:
    return {"skus/EX-1/brief.yaml": BRIEF.replace("targets: [amazon-de]", f"targets: [{platform}]")}


def local_spec(spec_id: str, parent: str, text: str) -> dict[str, str | None]:
    """Return a local spec that extends ``parent`` and changes its ``text:`` rules, with the brief targeting it."""
    body = f"id: {spec_id}\nextends: {parent}\ntext:\n" + textwrap.indent(textwrap.dedent(text), "  ")
    return {f"specs/{spec_id}.yaml": body, **targeting(spec_id)}


def quoted(text: str) -> str:
    """Quote text as a YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# text-required


def test_required_title_missing(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace(COPY_DE.splitlines(keepends=True)[0], "")}

    assert lint(tmp_path, files, {"text-required"}) == [("text-required", DE, 1, 'required field "title" is missing')]


def test_required_title_empty(tmp_path: Path) -> None:
    files = de_copy(title='"   "')

    assert lint(tmp_path, files, {"text-required"}) == [("text-required", DE, 1, 'required field "title" is empty')]


def test_required_optional_field_may_be_missing(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("description: Ein schlichtes Baumwoll-T-Shirt für jeden Tag.\n", "")}

    assert lint(tmp_path, files) == []


def test_rules_read_the_platform_locale_only(tmp_path: Path) -> None:
    # amazon-de reads de-DE.yaml, so a banned character in the English copy is not its concern.
    files = {EN: COPY_EN.replace("Navy\n", "Navy!\n", 1)}

    assert lint(tmp_path, files) == []


# text-length


def test_umlauts_fail_byte_limit(tmp_path: Path) -> None:
    files = de_copy(search_terms="ä" * 125)

    assert lint(tmp_path, files, {"text-length"}) == [("text-length", DE, 9, "search_terms too long (250 > 249 bytes)")]


def test_umlauts_pass_character_limit(tmp_path: Path) -> None:
    files = de_copy(title="ä" * 125)

    assert lint(tmp_path, files, {"text-length"}) == []


def test_combining_diaeresis_counts_once(tmp_path: Path) -> None:
    decomposed = "a\u0308"
    at_limit = lint(tmp_path / "at", de_copy(title=decomposed * 200), {"text-length"})
    over = lint(tmp_path / "over", de_copy(title=decomposed * 201), {"text-length"})

    assert at_limit == []
    assert over == [("text-length", DE, 1, "title too long (201 > 200 characters)")]


def test_combining_diaeresis_bytes_after_nfc(tmp_path: Path) -> None:
    # Decomposed, 124 "ä" take 372 bytes. Composed, they take 248 and fit the 249-byte limit.
    files = de_copy(search_terms="a\u0308" * 124)

    assert lint(tmp_path, files, {"text-length"}) == []


def test_japanese_search_terms_bytes(tmp_path: Path) -> None:
    files = {**targeting("amazon-jp"), JA: f"search_terms: {'綿' * 167}\n"}
    passing = {**targeting("amazon-jp"), JA: f"search_terms: {'綿' * 166}\n"}

    assert lint(tmp_path / "over", files, {"text-length"}) == [("text-length", JA, 1, "search_terms too long (501 > 500 bytes)")]
    assert lint(tmp_path / "at", passing, {"text-length"}) == []


def test_japanese_characters_take_three_bytes() -> None:
    assert textcount.measure("綿のTシャツ", "bytes") == 3 * 5 + 1
    assert textcount.measure("綿のTシャツ", "chars") == 6


def test_cjk_multiplier_weights_han_and_kana(tmp_path: Path) -> None:
    spec = local_spec("test-de", "amazon-de", "title:\n  max: 10\n  cjk_multiplier: 2\n")

    passing = lint(tmp_path / "pass", {**spec, **de_copy(title="日本語のab")}, {"text-length"})
    failing = lint(tmp_path / "fail", {**spec, **de_copy(title="日本語のテab")}, {"text-length"})

    assert passing == []
    assert failing == [("text-length", DE, 1, "title too long (12 > 10 characters, each CJK character counted 2 times)")]


def test_cjk_multiplier_fraction(tmp_path: Path) -> None:
    spec = local_spec("test-de", "amazon-de", "title:\n  max: 10\n  cjk_multiplier: 1.5\n")

    found = lint(tmp_path, {**spec, **de_copy(title="中文中文中文中")}, {"text-length"})

    assert found == [("text-length", DE, 1, "title too long (10.5 > 10 characters, each CJK character counted 1.5 times)")]


def test_bullet_too_long_points_at_item(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("  - Marineblau, passt zu allem\n", f"  - {'x' * 251}\n")}

    assert lint(tmp_path, files, {"text-length"}) == [("text-length", DE, 6, "bullets[3] too long (251 > 250 characters)")]


def test_bullets_total_and_minimum(tmp_path: Path) -> None:
    # The bullets are 56, 51, 29, 26 and 44 characters long: 206 together.
    spec = local_spec("test-de", "amazon-de", "bullets:\n  min: 28\n  max_total: 200\n")

    found = lint(tmp_path, {**spec, **de_copy()}, {"text-length"})

    assert found == [
        ("text-length", DE, 2, "bullets too long in total (206 > 200 characters)"),
        ("text-length", DE, 6, "bullets[3] too short (26 < 28 characters)"),
    ]


def test_title_too_short(tmp_path: Path) -> None:
    files = {**targeting("shopee-sg"), EN: COPY_EN.replace("title: Example T-Shirt, Soft Cotton Crew Neck, Regular Fit, Navy", "title: Cotton T-Shirt")}

    assert lint(tmp_path, files, {"text-length"}) == [
        ("text-length", EN, 1, "title too short (14 < 20 characters)"),
        ("text-length", EN, 8, "description too short (37 < 100 characters)"),
    ]


def test_description_word_minimum(tmp_path: Path) -> None:
    words = " ".join(f"word{number}" for number in range(29))
    files = {**targeting("tiktok-uk"), EN: COPY_EN.replace("description: A plain cotton T-shirt for every day.", f"description: <p>{words}</p>")}
    passing = {**targeting("tiktok-uk"), EN: COPY_EN.replace("description: A plain cotton T-shirt for every day.", f"description: <p>{words} more</p>")}

    assert lint(tmp_path / "fail", files, {"text-length"}) == [("text-length", EN, 8, "description too short (29 < 30 words)")]
    assert lint(tmp_path / "pass", passing, {"text-length"}) == []


# text-length-advice


def test_advice_over_recommended(tmp_path: Path) -> None:
    title = "Example T-Shirt, Soft Cotton Crew Neck, Regular Fit, Navy, Machine Washable Shirt"
    files = {**targeting("amazon-us"), EN: COPY_EN.replace("title: Example T-Shirt, Soft Cotton Crew Neck, Regular Fit, Navy", f"title: {title}")}

    assert len(title) == 81
    assert lint(tmp_path, files, {"text-length-advice"}) == [("text-length-advice", EN, 1, "title longer than recommended (81 > 80 characters)")]


def test_advice_silent_over_max(tmp_path: Path) -> None:
    files = de_copy(title="x" * 201)

    assert lint(tmp_path, files, {"text-length", "text-length-advice"}) == [("text-length", DE, 1, "title too long (201 > 200 characters)")]


def test_advice_level_is_warning(tmp_path: Path) -> None:
    build_example_repo(tmp_path, de_copy(title="x" * 151))
    result = Linter(ContentRepo(tmp_path), LintOptions(only_rules={"text-length-advice"}, use_baseline=False, today=TODAY)).run()

    assert [finding.level.value for finding in result.findings] == ["warning"]


# item-count


def test_too_many_bullets(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("  - Marineblau, passt zu allem\n", "  - Marineblau, passt zu allem\n  - Sechs\n")}

    assert lint(tmp_path, files, {"item-count"}) == [("item-count", DE, 2, "too many items in bullets (6 > 5)")]


def test_too_few_bullets(tmp_path: Path) -> None:
    spec = local_spec("test-de", "amazon-de", "bullets:\n  items: {min: 6, max: 8}\n")

    assert lint(tmp_path, {**spec, **de_copy()}, {"item-count"}) == [("item-count", DE, 2, "too few items in bullets (5 < 6)")]


# forbidden-chars and restricted-chars


def test_forbidden_chars_each_once(tmp_path: Path) -> None:
    files = de_copy(title="Example T-Shirt! Baumwolle! Rundhals? Marineblau")

    assert lint(tmp_path, files, {"forbidden-chars"}) == [
        ("forbidden-chars", DE, 1, 'forbidden character "!" (U+0021) in title'),
        ("forbidden-chars", DE, 1, 'forbidden character "?" (U+003F) in title'),
    ]


def test_forbidden_chars_in_bullet(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("  - Marineblau, passt zu allem\n", "  - Marineblau™, passt zu allem\n")}

    assert lint(tmp_path, files, {"forbidden-chars"}) == [("forbidden-chars", DE, 6, 'forbidden character "™" (U+2122) in bullets[3]')]


@pytest.mark.parametrize("title", ["'Example T-Shirt Modell #4301, Marineblau'", "'Example Tasche <10 lb, Marineblau'", "'Example Seil ~ 5 m, Marineblau'"])
def test_restricted_chars_in_identifiers(tmp_path: Path, title: str) -> None:
    assert lint(tmp_path, de_copy(title=title), {"restricted-chars"}) == []


def test_restricted_chars_as_decoration(tmp_path: Path) -> None:
    found = lint(tmp_path, de_copy(title="'Example T-Shirt << Größe XS >> *Marineblau*'"), {"restricted-chars"})

    assert found == [
        ("restricted-chars", DE, 1, 'character "<" (U+003C) outside an identifier or measurement in title'),
        ("restricted-chars", DE, 1, 'character ">" (U+003E) outside an identifier or measurement in title'),
        ("restricted-chars", DE, 1, 'character "*" (U+002A) outside an identifier or measurement in title'),
    ]


# forbidden-words


def test_forbidden_phrase_ignores_case_and_spacing(tmp_path: Path) -> None:
    files = de_copy(title="Example T-Shirt, Marineblau, FREE   shipping")

    assert lint(tmp_path, files, {"forbidden-words"}) == [("forbidden-words", DE, 1, 'forbidden word "FREE   shipping" in title')]


def test_forbidden_word_matches_whole_words(tmp_path: Path) -> None:
    passing = lint(tmp_path / "pass", de_copy(search_terms="renew newborn bestform"), {"forbidden-words"})
    failing = lint(tmp_path / "fail", de_copy(search_terms="baumwolle new shirt"), {"forbidden-words"})

    assert passing == []
    assert failing == [("forbidden-words", DE, 9, 'forbidden word "new" in search_terms')]


def test_forbidden_word_inside_japanese_run() -> None:
    assert textcount.find_phrase("送料無料", "Tシャツ送料無料セール") == "送料無料"
    assert textcount.find_phrase("new", "renew") is None


# forbidden-pattern


def test_forbidden_pattern_email_in_bullet(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("  - Maschinenwaschbar bei 30 Grad\n", "  - Fragen an service@example.de\n")}

    assert lint(tmp_path, files, {"forbidden-pattern"}) == [
        ("forbidden-pattern", DE, 5, 'forbidden pattern "e-mail address" matches "service@example.de" in bullets[2]'),
    ]


def test_forbidden_pattern_url_and_asin(tmp_path: Path) -> None:
    files = de_copy(title="Example T-Shirt, siehe https://example.de/shirt", search_terms="baumwolle B07XJ8C8F5")

    assert lint(tmp_path, files, {"forbidden-pattern"}) == [
        ("forbidden-pattern", DE, 1, 'forbidden pattern "URL" matches "https://example.de/shirt" in title'),
        ("forbidden-pattern", DE, 9, 'forbidden pattern "ASIN" matches "B07XJ8C8F5" in search_terms'),
    ]


def test_forbidden_pattern_discount_on_tiktok(tmp_path: Path) -> None:
    files = {**targeting("tiktok-uk"), EN: COPY_EN.replace("Regular Fit, Navy", "Regular Fit, Navy, 20% OFF")}

    assert lint(tmp_path, files, {"forbidden-pattern"}) == [("forbidden-pattern", EN, 1, 'forbidden pattern "discount" matches "20% OFF" in title')]


def test_forbidden_pattern_null_drops_inherited(tmp_path: Path) -> None:
    spec = local_spec("test-de", "amazon-de", "title:\n  forbidden_patterns:\n    URL: null\n")
    files = {**spec, **de_copy(title="Example T-Shirt, www.example.de")}

    assert lint(tmp_path, files, {"forbidden-pattern"}) == []


def test_invalid_pattern_is_spec_error(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "test-de.yaml").write_text("id: test-de\nextends: amazon-de\ntext:\n  title:\n    forbidden_patterns:\n      broken: '(unclosed'\n", encoding="utf-8")

    with pytest.raises(ErrorList) as raised:
        SpecRegistry(specs).get("test-de")

    error = raised.value.errors[0]
    assert error.message.startswith('invalid regular expression for "broken" (')
    assert error.field == "text.title.forbidden_patterns"


def test_multiplier_needs_character_count(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "test-de.yaml").write_text("id: test-de\nextends: amazon-de\ntext:\n  search_terms:\n    cjk_multiplier: 2\n", encoding="utf-8")

    with pytest.raises(ErrorList) as raised:
        SpecRegistry(specs).get("test-de")

    assert raised.value.errors[0].message == "cjk_multiplier needs count: chars, got count: bytes"


# word-repeat


def test_word_repeat_title_limit(tmp_path: Path) -> None:
    files = de_copy(title="Example Shirt, Shirt aus Baumwolle, shirt Marineblau")

    assert lint(tmp_path, files, {"word-repeat"}) == [("word-repeat", DE, 1, 'word "Shirt" repeated in title (3 > 2 times)')]


def test_word_repeat_skips_exempt_words_and_numbers(tmp_path: Path) -> None:
    files = de_copy(title="Example Shirt für Damen, für Herren und für Kinder, 2 x 2 x 2 cm")

    assert lint(tmp_path, files, {"word-repeat"}) == []


def test_word_repeat_hyphenated_word_is_one(tmp_path: Path) -> None:
    files = de_copy(search_terms="tshirt t-shirt shirt")

    assert lint(tmp_path, files, {"word-repeat"}) == []


def test_word_repeat_japanese_keywords(tmp_path: Path) -> None:
    spaced = {**targeting("amazon-jp"), JA: "title: Example Tシャツ 綿 Tシャツ 半袖 Tシャツ\n"}
    joined = {**targeting("amazon-jp"), JA: "title: Example Tシャツ綿Tシャツ半袖Tシャツ\n"}

    assert lint(tmp_path / "spaced", spaced, {"word-repeat"}) == [("word-repeat", JA, 1, 'word "Tシャツ" repeated in title (3 > 2 times)')]
    # Without spaces the run is one word, so the repeat is not found.
    assert lint(tmp_path / "joined", joined, {"word-repeat"}) == []


def test_words_split_rules() -> None:
    assert textcount.words("Baumwoll-T-Shirt don’t 綿100%Tシャツ メンズ　半袖, 0,5 kg") == ["Baumwoll-T-Shirt", "don’t", "綿100", "Tシャツ", "メンズ", "半袖", "0", "5", "kg"]


# html


def test_html_tag_in_description(tmp_path: Path) -> None:
    files = de_copy(description="Ein <b>schlichtes</b> T-Shirt, <i>weich</i>.")

    assert lint(tmp_path, files, {"html"}) == [
        ("html", DE, 8, 'HTML tag "<b>" in description'),
        ("html", DE, 8, 'HTML tag "<i>" in description'),
    ]


def test_html_allowed_tags_and_less_than(tmp_path: Path) -> None:
    files = de_copy(description="'Ein T-Shirt.<br/>Wiegt <1 kg.<BR>Für jeden Tag.'")

    assert lint(tmp_path, files, {"html"}) == []


def test_html_allowed_on_tiktok_description(tmp_path: Path) -> None:
    files = {**targeting("tiktok-uk"), EN: COPY_EN.replace("description: A plain cotton T-shirt for every day.", "description: <p><b>Cotton</b> T-shirt</p>")}

    assert lint(tmp_path, files, {"html"}) == []


# placeholder-text


@pytest.mark.parametrize(("value", "shown"), [("N/A", "N/A"), ("tbd", "tbd"), ("Lorem  Ipsum dolor", "Lorem  Ipsum"), ("'COPY PENDING'", "COPY PENDING"), ("XXX", "XXX")])
def test_placeholders_found(tmp_path: Path, value: str, shown: str) -> None:
    assert lint(tmp_path, de_copy(description=value), {"placeholder-text"}) == [("placeholder-text", DE, 8, f'placeholder text "{shown}" in description')]


def test_placeholder_whole_words_only(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("  - Marineblau, passt zu allem\n", "  - Größen XXXL und XXL\n")}

    assert lint(tmp_path, files, {"placeholder-text"}) == []


def test_placeholder_phrases_option(tmp_path: Path) -> None:
    files = {**de_copy(description="FIXME"), "linkstar.yaml": BASE_FILES["linkstar.yaml"] + "lint:\n  rules:\n    placeholder-text: {phrases: [FIXME]}\n"}

    assert lint(tmp_path, files, {"placeholder-text"}) == [("placeholder-text", DE, 8, 'placeholder text "FIXME" in description')]


# all-caps


def test_all_caps_word(tmp_path: Path) -> None:
    files = de_copy(title="Example T-SHIRT, weiche BAUMWOLLE, XXL")

    assert lint(tmp_path, files, {"all-caps"}) == [
        ("all-caps", DE, 1, 'word "SHIRT" written in capitals in title'),
        ("all-caps", DE, 1, 'word "BAUMWOLLE" written in capitals in title'),
    ]


def test_all_caps_acronyms_and_brand(tmp_path: Path) -> None:
    files = de_copy(title="EXAMPLE Kabel HDMI, OEKO-TEX, USB-C")

    assert lint(tmp_path, files, {"all-caps"}) == []


def test_all_caps_acronyms_option(tmp_path: Path) -> None:
    config = BASE_FILES["linkstar.yaml"] + "lint:\n  rules:\n    all-caps: {acronyms: [GOTS]}\n"
    files = {**de_copy(title="Example T-Shirt, GOTS Baumwolle, HDMI"), "linkstar.yaml": config}

    assert lint(tmp_path, files, {"all-caps"}) == [("all-caps", DE, 1, 'word "HDMI" written in capitals in title')]


def test_capitalised_words_ignore_uncased_scripts() -> None:
    assert textcount.capitalised_words("قميص قطن 綿のシャツ STRAßE") == []


# emoji


def test_emoji_in_title(tmp_path: Path) -> None:
    files = de_copy(title="Example T-Shirt ⭐ Baumwolle ❤️ 🇩🇪 👍🏽")

    assert lint(tmp_path, files, {"emoji"}) == [
        ("emoji", DE, 1, 'emoji "⭐" (U+2B50) in title'),
        ("emoji", DE, 1, 'emoji "❤️" (U+2764 U+FE0F) in title'),
        ("emoji", DE, 1, 'emoji "🇩🇪" (U+1F1E9 U+1F1EA) in title'),
        ("emoji", DE, 1, 'emoji "👍🏽" (U+1F44D U+1F3FD) in title'),
    ]


def test_text_symbols_are_not_emoji(tmp_path: Path) -> None:
    files = de_copy(title="Example T-Shirt™ ❤ Baumwolle ↔ 30 cm, 1️")

    assert lint(tmp_path, files, {"emoji"}) == []


def test_emoji_allowed_in_search_terms(tmp_path: Path) -> None:
    # amazon-de bans emoji in the title and bullets; search terms keep the default.
    assert lint(tmp_path, de_copy(search_terms="baumwolle 😀"), {"emoji"}) == []


# forbidden-words, forbidden-pattern: Amazon's German words, any domain, ASINs, the brand, invisible characters


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Example Mütze, Rot, 20% Rabatt", "Rabatt"),
        ("Example Mütze, Rot, Bestseller", "Bestseller"),
        ("Example Mütze, Rot, Angebot", "Angebot"),
        ("Example Mütze, Rot, kostenloser  Versand", "kostenloser  Versand"),
    ],
)
def test_german_promotion_words_on_amazon_de(tmp_path: Path, title: str, shown: str) -> None:
    assert lint(tmp_path, de_copy(title=title), {"forbidden-words"}) == [("forbidden-words", DE, 1, f'forbidden word "{shown}" in title')]


def test_forbidden_word_hidden_by_zero_width_space(tmp_path: Path) -> None:
    files = de_copy(title=quoted("Example T-Shirt, Marineblau, free\u200bshipping"))

    assert lint(tmp_path, files, {"forbidden-words"}) == [("forbidden-words", DE, 1, 'forbidden word "free shipping" in title')]


def test_forbidden_word_split_by_zero_width_space(tmp_path: Path) -> None:
    files = de_copy(title=quoted("Example T-Shirt, Marineblau, Rab\u200batt"))

    assert lint(tmp_path, files, {"forbidden-words"}) == [("forbidden-words", DE, 1, 'forbidden word "Rabatt" in title')]


def test_brand_in_search_terms(tmp_path: Path) -> None:
    files = de_copy(search_terms="baumwolle example tshirt")

    assert lint(tmp_path, files, {"forbidden-words"}) == [("forbidden-words", DE, 9, 'forbidden word "example" in search_terms')]
    assert hints(tmp_path / "hint", files, "forbidden-words") == ["Remove the brand name, because amazon-de does not allow brand names in search_terms."]


def test_brand_kit_name_in_search_terms(tmp_path: Path) -> None:
    files = {**de_copy(search_terms="mütze northwind   basics rot"), "brand/brand.yaml": "name: Northwind Basics\n"}

    assert lint(tmp_path, files, {"forbidden-words"}) == [("forbidden-words", DE, 9, 'forbidden word "northwind   basics" in search_terms')]


def test_brand_allowed_in_title(tmp_path: Path) -> None:
    # Only the search terms ban the brand; the title starts with it.
    assert lint(tmp_path, {}, {"forbidden-words"}) == []


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Example Mütze, Rot, northwind.de", "northwind.de"),
        ("Example Mütze, Rot, northwind.co.uk", "northwind.co.uk"),
        ("Example Mütze, Rot, northwind.eu/shop", "northwind.eu"),
        ("Example Mütze, Rot, NORTHWIND.COM", "NORTHWIND.COM"),
    ],
)
def test_url_with_any_domain_ending(tmp_path: Path, title: str, shown: str) -> None:
    assert lint(tmp_path, de_copy(title=title), {"forbidden-pattern"}) == [("forbidden-pattern", DE, 1, f'forbidden pattern "URL" matches "{shown}" in title')]


@pytest.mark.parametrize("title", ["Example Mütze, z.B. für Ski, Rot", "Example Mütze, u.a. Rot", "Example Mütze, weich.Die Farbe Rot", "Example Mütze, 0.5kg, Gr.XL"])
def test_abbreviations_are_not_domains(tmp_path: Path, title: str) -> None:
    assert lint(tmp_path, de_copy(title=title), {"forbidden-pattern"}) == []


def test_asin_in_bullet_and_description(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("  - Marineblau, passt zu allem\n", "  - Marineblau, passt zu B07XJ8C8F5\n").replace("für jeden Tag.", "wie b07xj8c8f5.")}

    assert lint(tmp_path, files, {"forbidden-pattern"}) == [
        ("forbidden-pattern", DE, 6, 'forbidden pattern "ASIN" matches "B07XJ8C8F5" in bullets[3]'),
        ("forbidden-pattern", DE, 8, 'forbidden pattern "ASIN" matches "b07xj8c8f5" in description'),
    ]


def test_url_hidden_by_zero_width_space(tmp_path: Path) -> None:
    files = de_copy(title=quoted("Example T-Shirt, www\u200b.example\u200b.de"))

    assert lint(tmp_path, files, {"forbidden-pattern"}) == [("forbidden-pattern", DE, 1, 'forbidden pattern "URL" matches "www.example.de" in title')]


# overlays: the texts drawn on the infographic


def overlay(name: str, value: str) -> dict[str, str | None]:
    line = next(line for line in COPY_DE.splitlines(keepends=True) if line.startswith(f"  {name}:"))
    return {DE: COPY_DE.replace(line, f"  {name}: {value}\n")}


def test_overlay_placeholder(tmp_path: Path) -> None:
    assert lint(tmp_path, overlay("headline", "TBD"), {"placeholder-text"}) == [("placeholder-text", DE, 11, 'placeholder text "TBD" in overlays.headline')]


def test_overlay_emoji(tmp_path: Path) -> None:
    assert lint(tmp_path, overlay("feature_1", "Weicher Jersey 👍"), {"emoji"}) == [("emoji", DE, 12, 'emoji "👍" (U+1F44D) in overlays.feature_1')]


def test_overlay_promotion_and_url(tmp_path: Path) -> None:
    files = overlay("feature_2", "Bestseller auf example.de")

    assert lint(tmp_path, files, {"forbidden-words", "forbidden-pattern"}) == [
        ("forbidden-pattern", DE, 13, 'forbidden pattern "URL" matches "example.de" in overlays.feature_2'),
        ("forbidden-words", DE, 13, 'forbidden word "Bestseller" in overlays.feature_2'),
    ]


def test_overlay_keeps_title_only_rules_off(tmp_path: Path) -> None:
    # "?" is banned in titles, capitals too; an infographic may ask a question in capitals.
    assert lint(tmp_path, overlay("headline", "WARUM BAUMWOLLE?"), TEXT_RULES) == []


def test_overlay_rules_from_local_spec(tmp_path: Path) -> None:
    spec = local_spec("test-de", "amazon-de", "overlays:\n  forbidden_chars: \"!\"\n  max: 20\n")
    files = {**spec, **overlay("headline", "Weiches Baumwollshirt!")}

    assert lint(tmp_path, files, {"forbidden-chars", "text-length"}) == [
        ("forbidden-chars", DE, 11, 'forbidden character "!" (U+0021) in overlays.headline'),
        ("text-length", DE, 11, "overlays.headline too long (22 > 20 characters)"),
    ]


def test_placeholder_in_field_the_spec_does_not_name(tmp_path: Path) -> None:
    files = {DE: COPY_DE + "aplus:\n  - heading: Pflege\n    text: Text folgt\n"}

    assert lint(tmp_path, files, {"placeholder-text"}) == [("placeholder-text", DE, 17, 'placeholder text "Text folgt" in aplus[0].text')]


def test_placeholders_tolerated_by_spec(tmp_path: Path) -> None:
    spec = local_spec("test-de", "amazon-de", "overlays:\n  placeholders: true\n")

    assert lint(tmp_path, {**spec, **overlay("headline", "TBD")}, {"placeholder-text"}) == []


# html: character references


def test_html_entities_in_description(tmp_path: Path) -> None:
    files = de_copy(description="Eine Mütze &amp; Schal &nbsp; warm, &#160; &amp; weich.")

    assert lint(tmp_path, files, {"html"}) == [
        ("html", DE, 8, 'HTML entity "&amp;" in description'),
        ("html", DE, 8, 'HTML entity "&nbsp;" in description'),
        ("html", DE, 8, 'HTML entity "&#160;" in description'),
    ]
    assert hints(tmp_path / "hint", files, "html") == [
        'Write the character itself, "&", because amazon-de shows description as plain text.',
        "Write the character itself, U+00A0, because amazon-de shows description as plain text.",
        "Write the character itself, U+00A0, because amazon-de shows description as plain text.",
    ]


def test_ampersand_without_entity_passes(tmp_path: Path) -> None:
    assert lint(tmp_path, de_copy(description="Forschung &amp Entwicklung, R&D; AT&T & Co."), {"html"}) == []


def test_html_entities_allowed_where_html_is(tmp_path: Path) -> None:
    files = {**targeting("tiktok-uk"), EN: COPY_EN.replace("description: A plain cotton T-shirt for every day.", "description: Cotton &amp; elastane")}

    assert lint(tmp_path, files, {"html"}) == []


def test_tag_brackets_left_to_html_rule(tmp_path: Path) -> None:
    files = de_copy(title="Example T-Shirt, <b>weich</b>, Marineblau")

    assert lint(tmp_path, files, {"html", "restricted-chars"}) == [("html", DE, 1, 'HTML tag "<b>" in title')]


# placeholder-text: more markers


@pytest.mark.parametrize(
    ("value", "shown"),
    [("TODO", "TODO"), ("fixme", "fixme"), ("Farbe TBC", "TBC"), ("Farbe ???", "???"), ("Farbe [...]", "[...]"), ("Text folgt", "Text folgt"), ("発売日未定", "未定"), ("颜色待定", "待定")],
)
def test_more_placeholders_found(tmp_path: Path, value: str, shown: str) -> None:
    assert lint(tmp_path, de_copy(description=quoted(value)), {"placeholder-text"}) == [("placeholder-text", DE, 8, f'placeholder text "{shown}" in description')]


@pytest.mark.parametrize("value", ["Para todo el día", "Die Größe folgt der Norm", "Todo en uno"])
def test_placeholder_words_in_ordinary_text(tmp_path: Path, value: str) -> None:
    assert lint(tmp_path, de_copy(description=value), {"placeholder-text"}) == []


def test_placeholder_hidden_by_zero_width_space(tmp_path: Path) -> None:
    files = de_copy(description=quoted("T\u200bB\u200bD"))

    assert lint(tmp_path, files, {"placeholder-text"}) == [("placeholder-text", DE, 8, 'placeholder text "TBD" in description')]


# all-caps: sizes and glossary terms


def test_all_caps_clothing_sizes(tmp_path: Path) -> None:
    files = de_copy(title="Example Mütze, Größe XXXL, XXXXL oder XXXS, 3XL, Rot")

    assert lint(tmp_path, files, {"all-caps"}) == []


def test_all_caps_do_not_translate_terms(tmp_path: Path) -> None:
    files = {**de_copy(title="Example Jacke mit GORE-TEX Futter, ROT"), "glossary/de.yaml": "do_not_translate: [GORE-TEX]\n"}

    assert lint(tmp_path, files, {"all-caps"}) == []
    assert lint(tmp_path / "without", de_copy(title="Example Jacke mit GORE-TEX Futter"), {"all-caps"}) == [("all-caps", DE, 1, 'word "GORE" written in capitals in title')]


# forbidden-chars: code points


def test_forbidden_character_shows_code_point(tmp_path: Path) -> None:
    files = {**targeting("amazon-jp"), JA: "title: Tシャツ ﾆｯﾄ\n"}

    assert lint(tmp_path, files, {"forbidden-chars"}) == [
        ("forbidden-chars", JA, 1, 'forbidden character "ﾆ" (U+FF86) in title'),
        ("forbidden-chars", JA, 1, 'forbidden character "ｯ" (U+FF6F) in title'),
        ("forbidden-chars", JA, 1, 'forbidden character "ﾄ" (U+FF84) in title'),
    ]


# word-repeat: wording


def test_word_repeat_limit_of_one(tmp_path: Path) -> None:
    files = de_copy(search_terms="baumwolle tshirt Baumwolle")

    assert lint(tmp_path, files, {"word-repeat"}) == [("word-repeat", DE, 9, 'word "baumwolle" repeated in search_terms (2 > 1 time)')]
    assert hints(tmp_path / "hint", files, "word-repeat") == ["Remove repeats until the word appears only once."]


# invisible-chars


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Example T-Shirt,\nMarineblau", "line break (U+000A) in title, a one-line field"),
        ("Example T-Shirt,\tMarineblau", "tab (U+0009) in title"),
        ("Example T-Shirt\u0007 Marineblau", "control character U+0007 in title"),
        ("Example T-Shirt \u0085Marineblau", "line break (U+0085) in title, a one-line field"),
        ("Example \u202eT-Shirt", "bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) in title"),
        ("Example T-Shirt, weiche\u200bBaumwolle", "invisible character U+200B (ZERO WIDTH SPACE) in title"),
        ("Example T-Shirt, Baum\u00adwolle", "invisible character U+00AD (SOFT HYPHEN) in title"),
        ("Example T-Shirt, Baum\u200dwolle", "invisible character U+200D (ZERO WIDTH JOINER) in title"),
        ("Example T-Shirt\u200f", "invisible character U+200F (RIGHT-TO-LEFT MARK) in title"),
        ("\ufeffExample T-Shirt", "invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE) in title"),
    ],
)
def test_invisible_characters_in_title(tmp_path: Path, title: str, message: str) -> None:
    # Escaped, because YAML reads a raw U+0085 in a quoted scalar as a line break and folds it into a space.
    assert lint(tmp_path, de_copy(title=json.dumps(title)), {"invisible-chars"}) == [("invisible-chars", DE, 1, message)]


def test_bidi_isolate_pair(tmp_path: Path) -> None:
    assert lint(tmp_path, de_copy(title=json.dumps("Example \u2066T-Shirt\u2069")), {"invisible-chars"}) == [
        ("invisible-chars", DE, 1, "bidirectional control U+2066 (LEFT-TO-RIGHT ISOLATE) in title"),
        ("invisible-chars", DE, 1, "bidirectional control U+2069 (POP DIRECTIONAL ISOLATE) in title"),
    ]


@pytest.mark.parametrize(
    "title",
    [
        "Example می\u200cخواهم",  # Persian: the non-joiner keeps two letters apart
        "Example क्\u200dष",  # Devanagari: the joiner picks a half form
        "Example 👨\u200d👩\u200d👧 ❤\ufe0f 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # emoji sequences
        "Example قميص\u200f 30 cm",  # a direction mark in right-to-left text
        "Example T-Shirt\u00a0Marineblau\u202f30\u00a0cm",  # no-break spaces show as spaces
    ],
)
def test_characters_that_scripts_need_pass(tmp_path: Path, title: str) -> None:
    assert lint(tmp_path, de_copy(title=quoted(title)), {"invisible-chars"}) == []


def test_line_breaks_allowed_in_multiline_fields(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("description: Ein schlichtes Baumwoll-T-Shirt für jeden Tag.\n", "description: |\n  Ein schlichtes Baumwoll-T-Shirt.\n  Für jeden Tag.\n").replace(
        "  headline: Weiches Baumwollshirt\n", '  headline: "Weiches\\nBaumwollshirt"\n'
    )}

    assert lint(tmp_path, files, {"invisible-chars"}) == []


def test_line_break_in_bullet_and_search_terms(tmp_path: Path) -> None:
    files = {DE: COPY_DE.replace("  - Maschinenwaschbar bei 30 Grad\n", '  - "Maschinenwaschbar\\nbei 30 Grad"\n').replace("search_terms: baumwolle", "search_terms: |\n  baumwolle")}

    assert lint(tmp_path, files, {"invisible-chars"}) == [
        ("invisible-chars", DE, 5, "line break (U+000A) in bullets[2], a one-line field"),
        ("invisible-chars", DE, 9, "line break (U+000A) in search_terms, a one-line field"),
    ]


def test_multiline_fields_option(tmp_path: Path) -> None:
    config = BASE_FILES["linkstar.yaml"] + "lint:\n  rules:\n    invisible-chars: {multiline_fields: [description]}\n"
    files = {"linkstar.yaml": config, **overlay("headline", '"Weiches\\nBaumwollshirt"')}

    assert lint(tmp_path, files, {"invisible-chars"}) == [("invisible-chars", DE, 11, "line break (U+000A) in overlays.headline, a one-line field")]


def test_invisible_characters_in_every_copy_file(tmp_path: Path) -> None:
    # The en-US copy is the source locale's; no target of the example lists it, but translations start from it.
    files = {EN: COPY_EN.replace("  feature_2: Regular fit\n", '  feature_2: "Regular\\u2060fit"\n')}

    assert lint(tmp_path, files, {"invisible-chars"}) == [("invisible-chars", EN, 13, "invisible character U+2060 (WORD JOINER) in overlays.feature_2")]


def test_invisible_only_title_is_empty(tmp_path: Path) -> None:
    files = de_copy(title=quoted("\u200b"))

    assert lint(tmp_path, files, {"invisible-chars", "text-required", "text-length"}) == [
        ("invisible-chars", DE, 1, "invisible character U+200B (ZERO WIDTH SPACE) in title"),
        ("text-required", DE, 1, 'required field "title" is empty'),
    ]


def test_invisible_character_hint_and_key(tmp_path: Path) -> None:
    build_example_repo(tmp_path, de_copy(title=quoted("Example\u200bT-Shirt")))
    result = Linter(ContentRepo(tmp_path), LintOptions(only_rules={"invisible-chars"}, use_baseline=False, today=TODAY)).run()

    assert [(finding.key, finding.field, finding.locale, finding.target) for finding in result.findings] == [("title:U+200B", "title", "de-DE", None)]
    assert result.findings[0].hint == "Delete the character: it does not show, but it splits or joins words for search and hides them from the banned-word checks."


# counting


def test_finding_keys_hold_no_line(tmp_path: Path) -> None:
    build_example_repo(tmp_path, {DE: COPY_DE.replace("  - Marineblau, passt zu allem\n", "  - Marineblau™\n")})
    result = Linter(ContentRepo(tmp_path), LintOptions(only_rules={"forbidden-chars"}, use_baseline=False, today=TODAY)).run()

    assert [(finding.key, finding.field) for finding in result.findings] == [("bullets[3]:™", "bullets[3]")]


UNITS = ["a", "Z", " ", "ä", "ß", "é", "a\u0308", "語", "あ", "ア", "한", "😀"]


def spec_with_limit(unit: str, limit: int, multiplier: int | None) -> str:
    spec = f"id: test-de\nextends: amazon-de\ntext:\n  title:\n    count: {unit}\n    max: {limit}\n"
    return spec + (f"    cjk_multiplier: {multiplier}\n" if multiplier else "")


@pytest.fixture(scope="module")
def length_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("length")
    build_example_repo(root, targeting("test-de"))
    return root


@settings(max_examples=60, deadline=None)
@given(
    units=st.lists(st.sampled_from(UNITS), min_size=1, max_size=40).filter(lambda units: units[0] != " " and units[-1] != " "),
    extra=st.sampled_from([unit for unit in UNITS if unit != " "]),
    count=st.sampled_from([("chars", None), ("bytes", None), ("chars", 2)]),
)
def test_limit_is_inclusive(length_repo: Path, units: list[str], extra: str, count: tuple[str, int | None]) -> None:
    unit, multiplier = count
    text = "".join(units)
    limit = int(textcount.measure(unicodedata.normalize("NFC", text), unit, multiplier))  # type: ignore[arg-type]
    (length_repo / "specs").mkdir(exist_ok=True)
    (length_repo / "specs" / "test-de.yaml").write_text(spec_with_limit(unit, limit, multiplier), encoding="utf-8")

    (length_repo / DE).write_text(f"title: {quoted(text)}\n", encoding="utf-8")
    at_limit = run_lint(length_repo, {"text-length"})
    (length_repo / DE).write_text(f"title: {quoted(text + extra)}\n", encoding="utf-8")
    over = run_lint(length_repo, {"text-length"})

    assert at_limit == []
    assert len(over) == 1
    assert over[0][:3] == ("text-length", DE, 1)
    assert over[0][3].startswith("title too long (")
