"""The l10n rules: copy files per target locale, untranslated fields, glossaries, fact parity and market units."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.example_base import BASE_FILES, BRIEF, COPY_DE, COPY_EN
from linkstar_cli.lint.quantities import find_quantities
from linkstar_cli.lint.registry import all_rules
from linkstar_cli.lint.rule import GeneratedImage
from linkstar_cli.render.units import format_dimensions, format_length, format_weight
from linkstar_cli.repo.content import ContentRepo
from tests.test_rule_examples import build_example_repo

TODAY = date(2026, 12, 1)
DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo-repo"
L10N_RULES = {rule.id for rule in all_rules().values() if rule.family == "l10n"}
OWN_RULES = {rule.id for rule in all_rules().values() if rule.family in ("l10n", "licences")}
CONFIG = str(BASE_FILES["linkstar.yaml"])
DE_FILE = "skus/EX-1/copy/de-DE.yaml"
EN_FILE = "skus/EX-1/copy/en-US.yaml"
BRIEF_FILE = "skus/EX-1/brief.yaml"
Files = dict[str, str | GeneratedImage | None]


def lint(root: Path, files: Files, rules: set[str] | None = None) -> list[tuple[str, str | None, int | None, str]]:
    repo = build_example_repo(root, files)
    chosen = (rules or L10N_RULES) | {"schema", "yaml-syntax", "duplicate-key"}
    result = Linter(repo, LintOptions(only_rules=chosen, use_baseline=False, today=TODAY)).run()
    return [(finding.rule, finding.file, finding.line, finding.message) for finding in result.findings]


def hints(root: Path, files: Files, rule: str) -> list[str | None]:
    repo = build_example_repo(root, files)
    result = Linter(repo, LintOptions(only_rules={rule}, use_baseline=False, today=TODAY)).run()
    return [finding.hint for finding in result.findings]


def replaced(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def with_targets(platforms: str) -> str:
    return replaced(BRIEF, "targets: [amazon-de]", f"targets: [{platforms}]")


# Quantities


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("Wiegt 0,227 kg", "de-DE", [("0,227 kg", "0.227", "kg")]),
        ("at 0.5 lb", "en-US", [("0.5 lb", "0.5", "lb")]),
        ("تزن 0.091 كجم", "ar-SA", [("0.091 كجم", "0.091", "kg")]),
        ("يزن ٠٫٢٢٧ كجم", "ar-SA", [("0.227 كجم", "0.227", "kg")]),
        ("重さは0.091 kg。", "ja-JP", [("0.091 kg", "0.091", "kg")]),
        ("約2キロ", "ja-JP", [("2キロ", "2", "kg")]),
        ("０．５ｋｇ", "ja-JP", [("0.5kg", "0.5", "kg")]),
        ("1,5千克", "zh-CN", [("1,5千克", "1.5", "kg")]),
        ("1.500 g", "de-DE", [("1.500 g", "1500", "g")]),
        ("1,234.5 g", "en-US", [("1,234.5 g", "1234.5", "g")]),
        ("2 500 g", "fr-FR", [("2 500 g", "2500", "g")]),
        ("5 Kilogramm", "de-DE", [("5 Kilogramm", "5", "kg")]),
        ("4 Zoll", "de-DE", [("4 Zoll", "4", "in")]),
        ("30 × 20 × 2 cm", "de-DE", [("30 cm", "30", "cm"), ("20 cm", "20", "cm"), ("2 cm", "2", "cm")]),
        ("2 x 500 g", "en-US", [("500 g", "500", "g")]),
        ('a 15.6" screen', "en-US", [('15.6"', "15.6", "in")]),
        ("24 in. long", "en-US", [("24 in.", "24", "in")]),
        ("at 1 1/2 lb", "en-US", [("1 1/2 lb", "1.5", "lb")]),
        ("at 1-1/2 lb", "en-US", [("1-1/2 lb", "1.5", "lb")]),
        ("at 1½ lb", "en-US", [("1 1/2 lb", "1.5", "lb")]),
        ("at ½ lb", "en-US", [("1/2 lb", "0.5", "lb")]),
        ("a 3/4 in. strap", "en-US", [("3/4 in.", "0.75", "in")]),
        ("2 x 1/4 lb", "en-US", [("1/4 lb", "0.25", "lb")]),
    ],
)
def test_quantities_found(text: str, locale: str, expected: list[tuple[str, str, str]]) -> None:
    found = [(quantity.text, str(quantity.value), quantity.unit.symbol) for quantity in find_quantities(text, locale)]

    assert found == expected


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("3 in 1", "en-US"),
        ("3-in-1 tool", "en-US"),
        ("2 in blue", "en-US"),
        ("2–3 kg", "en-US"),
        ("5 to 8 kg", "en-US"),
        ("5G network", "en-US"),
        ("size M", "en-US"),
        ('15.6 " apart', "en-US"),
        ("30 Grad", "de-DE"),
        ("100 % Baumwolle", "de-DE"),
        ("2024 م", "ar-SA"),
        ("3/2 lb", "en-US"),
    ],
)
def test_quantities_not_found(text: str, locale: str) -> None:
    assert find_quantities(text, locale) == []


def test_quantity_rounding_bounds() -> None:
    two_kg = find_quantities("2 kg", "de-DE")[0]
    render_precision = find_quantities("1,13 kg", "de-DE")[0]
    one_decimal = find_quantities("1,1 kg", "de-DE")[0]

    assert not two_kg.matches(Decimal("1.5"))
    assert two_kg.matches(Decimal("1.51"))
    assert two_kg.matches(Decimal("2.49"))
    assert render_precision.matches(Decimal("1.125"))
    assert not one_decimal.matches(Decimal("1.05"))


def test_fraction_precision_is_its_denominator() -> None:
    one_and_a_half = find_quantities("1 1/2 lb", "en-US")[0]
    a_quarter = find_quantities("1/4 lb", "en-US")[0]

    assert one_and_a_half.step == Decimal("0.5")
    assert one_and_a_half.matches(Decimal("0.68"))  # 1.499 lb
    assert not one_and_a_half.matches(Decimal("0.907"))  # 2.0 lb
    assert a_quarter.matches(Decimal("0.1134"))  # 0.25 lb
    assert not a_quarter.matches(Decimal("0.2"))  # 0.44 lb, more than half of 1/4 away


LOCALES = ["en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "ar-SA", "zh-CN", "ko-KR", "th-TH", "es-MX", "pt-BR", "it-IT", "pl-PL", "he-IL"]


@settings(max_examples=300, deadline=None)
@given(
    grams=st.integers(min_value=1, max_value=80_000),
    millimetres=st.integers(min_value=1, max_value=5_000),
    locale=st.sampled_from(LOCALES),
    system=st.sampled_from(["metric", "imperial"]),
)
def test_quantities_accept_render_output(grams: int, millimetres: int, locale: str, system: str) -> None:
    kilograms = Decimal(grams) / 1000
    centimetres = Decimal(millimetres) / 10
    sides = {"length": centimetres, "width": Decimal("20"), "height": Decimal("1.3")}

    weight = find_quantities(format_weight(kilograms, locale, system), locale)  # type: ignore[arg-type]
    length = find_quantities(format_length(centimetres, locale, system), locale)  # type: ignore[arg-type]
    dimensions = find_quantities(format_dimensions(sides, locale, system), locale)  # type: ignore[arg-type]

    # CLDR spells some counts as words without a number (Arabic "غرامان", two grams), so a text may hold none.
    assert len(weight) <= 1 and all(quantity.matches(kilograms) for quantity in weight)
    assert len(length) <= 1 and all(quantity.matches(centimetres) for quantity in length)
    assert [quantity.matches(side) for quantity, side in zip(dimensions, sides.values(), strict=True)] == [True, True, True]


# copy-missing


def test_copy_missing_reports_target_line(tmp_path: Path) -> None:
    found = lint(tmp_path, {DE_FILE: None})

    assert found == [("copy-missing", BRIEF_FILE, 5, 'copy for locale "de-DE" is missing (needed by amazon-de)')]


def test_copy_missing_unconfigured_fallback(tmp_path: Path) -> None:
    files: Files = {BRIEF_FILE: with_targets("amazon-de, tiktok-uk")}

    found = lint(tmp_path, files)

    assert found == [("copy-missing", BRIEF_FILE, 5, 'copy for locale "en-GB" is missing (needed by tiktok-uk)')]
    assert hints(tmp_path, files, "copy-missing") == [
        'Write skus/EX-1/copy/en-GB.yaml, or add "tiktok-uk: en-US" under target_locales in linkstar.yaml to list the en-US copy there.'
    ]


def test_copy_missing_configured_fallback_passes(tmp_path: Path) -> None:
    files: Files = {BRIEF_FILE: with_targets("amazon-de, tiktok-uk"), "linkstar.yaml": CONFIG + "target_locales: {tiktok-uk: en-US}\n"}

    assert lint(tmp_path, files) == []


def test_copy_missing_configured_locale_line(tmp_path: Path) -> None:
    files: Files = {"linkstar.yaml": CONFIG + "target_locales:\n  amazon-de: de-AT\n"}

    found = lint(tmp_path, files)

    assert found == [("copy-missing", "linkstar.yaml", 6, 'copy for locale "de-AT" is missing (needed by amazon-de)')]


def test_copy_missing_repo_targets_line(tmp_path: Path) -> None:
    files: Files = {BRIEF_FILE: replaced(BRIEF, "targets: [amazon-de]\n", ""), DE_FILE: None}

    found = lint(tmp_path, files)

    assert found == [("copy-missing", "linkstar.yaml", 4, 'copy for locale "de-DE" is missing (needed by amazon-de)')]


def test_copy_missing_ignores_unreadable_copy(tmp_path: Path) -> None:
    found = lint(tmp_path, {DE_FILE: "title: [unclosed\n"})

    assert [rule for rule, _file, _line, _message in found] == ["yaml-syntax"]


# copy-untranslated


def test_copy_untranslated_reports_field(tmp_path: Path) -> None:
    files: Files = {DE_FILE: replaced(COPY_DE, "  - Maschinenwaschbar bei 30 Grad", "  - Machine washable at 30 degrees")}

    found = lint(tmp_path, files)

    assert found == [("copy-untranslated", DE_FILE, 5, 'bullets[2] is the same as in the en-US copy ("Machine washable at 30 degrees")')]


def test_copy_untranslated_ignores_case_and_spacing(tmp_path: Path) -> None:
    files: Files = {DE_FILE: replaced(COPY_DE, "  - Maschinenwaschbar bei 30 Grad", "  - machine  WASHABLE at 30 degrees")}

    assert [rule for rule, *_rest in lint(tmp_path, files)] == ["copy-untranslated"]


@pytest.mark.parametrize(
    ("english", "german"),
    [
        ("headline: Example", "headline: Example"),  # the brand name
        ("headline: USB-C 3.1", "headline: USB-C 3.1"),  # codes and numbers
        ("headline: Navy", "headline: Navy"),  # 4 letters, under min_letters
        ("headline: Supima jersey", "headline: Supima jersey"),  # a do-not-translate term of the glossary
    ],
)
def test_copy_untranslated_skips_kept_text(tmp_path: Path, english: str, german: str) -> None:
    files: Files = {
        EN_FILE: replaced(COPY_EN, "headline: Soft cotton tee", english),
        DE_FILE: replaced(COPY_DE, "headline: Weiches Baumwollshirt", german),
        "glossary/de-DE.yaml": "do_not_translate: [Supima jersey]\n",
    }

    assert lint(tmp_path, files) == []


def test_untranslated_attribute_value_key(tmp_path: Path) -> None:
    files: Files = {DE_FILE: COPY_DE + "attribute_values:\n  colour: {Navy Blue: Navy Blue}\n"}

    found = lint(tmp_path, files)

    assert found == [("copy-untranslated", DE_FILE, 16, 'attribute_values.colour.Navy Blue is the same as in the en-US copy ("Navy Blue")')]


def test_copy_untranslated_skips_same_language(tmp_path: Path) -> None:
    files: Files = {
        BRIEF_FILE: with_targets("amazon-de, tiktok-uk"),
        "skus/EX-1/copy/en-GB.yaml": COPY_EN,
    }

    assert lint(tmp_path, files) == []


# Glossaries

GLOSSARY = """\
required:
  cotton: [Baumwolle, Baumwoll]
  navy: Dunkelblau
banned:
  - term: Passform
    instead: Schnitt
  - kratzig
do_not_translate: [Crew Neck, Example]
"""


def test_glossary_rules_on_small_glossary(tmp_path: Path) -> None:
    found = lint(tmp_path, {"glossary/de-DE.yaml": GLOSSARY})

    # "cotton" is translated (Baumwolle), and the brand "Example" is kept; the rest breaks the glossary.
    assert found == [
        ("glossary-banned", DE_FILE, 1, 'banned word "Passform" (glossary/de-DE.yaml)'),
        ("glossary-do-not-translate", DE_FILE, 1, 'do-not-translate term "Crew Neck" is missing or changed in title'),
        ("glossary-required", DE_FILE, 1, 'required translation "Dunkelblau" of "navy" is missing'),
        ("glossary-banned", DE_FILE, 4, 'banned word "Passform" (glossary/de-DE.yaml)'),
        ("glossary-banned", DE_FILE, 13, 'banned word "Passform" (glossary/de-DE.yaml)'),
    ]


def test_glossary_hints(tmp_path: Path) -> None:
    files: Files = {"glossary/de-DE.yaml": GLOSSARY}

    assert hints(tmp_path, files, "glossary-required") == [
        'The en-US copy says "navy", and glossary/de-DE.yaml requires "Dunkelblau" in de-DE copy. Use it, or correct the glossary.'
    ]
    assert hints(tmp_path / "dnt", files, "glossary-do-not-translate") == [
        'The en-US copy says "Crew Neck" in title; keep it exactly so in the de-DE copy (glossary/de-DE.yaml).'
    ]
    assert hints(tmp_path / "banned", files, "glossary-banned")[0] == 'Write "Schnitt" instead.'


def test_glossary_required_counterpart_field(tmp_path: Path) -> None:
    files: Files = {
        EN_FILE: replaced(COPY_EN, "  - Machine washable at 30 degrees", "  - Machine washable at 30 degrees, pre-shrunk"),
        "glossary/de-DE.yaml": "required:\n  pre-shrunk: vorgewaschen\n",
    }

    assert lint(tmp_path, files) == [("glossary-required", DE_FILE, 5, 'required translation "vorgewaschen" of "pre-shrunk" is missing')]


def test_glossary_terms_match_whole_words(tmp_path: Path) -> None:
    files: Files = {"glossary/de-DE.yaml": "banned: [Baumwoll, passt zu]\nrequired:\n  cot: Kinderbett\n"}

    # "Baumwoll" is only part of "Baumwolljersey", "cot" only part of "cotton"; "passt zu" is a phrase in bullets[3].
    assert lint(tmp_path, files) == [("glossary-banned", DE_FILE, 6, 'banned word "passt zu" (glossary/de-DE.yaml)')]


def test_glossary_banned_reason_language_file(tmp_path: Path) -> None:
    files: Files = {"glossary/de.yaml": "banned:\n  - term: MARINEBLAU\n    reason: house style says dunkelblau\n"}

    found = lint(tmp_path, files)

    assert found == [
        ("glossary-banned", DE_FILE, 1, 'banned word "MARINEBLAU" (glossary/de.yaml: house style says dunkelblau)'),
        ("glossary-banned", DE_FILE, 6, 'banned word "MARINEBLAU" (glossary/de.yaml: house style says dunkelblau)'),
    ]


def test_glossary_banned_in_japanese_text(tmp_path: Path) -> None:
    files: Files = {
        BRIEF_FILE: with_targets("amazon-de, amazon-jp"),
        "skus/EX-1/copy/ja-JP.yaml": "title: 激安Tシャツ 綿100%\nbullets: [重さは0.5 kg]\n",
        "glossary/ja-JP.yaml": "banned: [激安]\n",
    }

    assert lint(tmp_path, files) == [("glossary-banned", "skus/EX-1/copy/ja-JP.yaml", 1, 'banned word "激安" (glossary/ja-JP.yaml)')]


def test_glossary_do_not_translate_is_case_sensitive(tmp_path: Path) -> None:
    files: Files = {
        DE_FILE: replaced(COPY_DE, "title: Example T-Shirt", "title: EXAMPLE T-Shirt"),
        "glossary/de-DE.yaml": "do_not_translate: [Example]\n",
    }

    assert lint(tmp_path, files) == [("glossary-do-not-translate", DE_FILE, 1, 'do-not-translate term "Example" is missing or changed in title')]


def test_glossary_do_not_translate_per_field(tmp_path: Path) -> None:
    # The brand stays in the German description, but the title translates it.
    files: Files = {
        EN_FILE: replaced(COPY_EN, "description: A plain cotton T-shirt", "description: A plain Example cotton T-shirt"),
        DE_FILE: replaced(replaced(COPY_DE, "title: Example T-Shirt", "title: Beispiel T-Shirt"), "description: Ein schlichtes", "description: Ein schlichtes Example"),
        "glossary/de-DE.yaml": "do_not_translate: [Example]\n",
    }

    assert lint(tmp_path, files) == [("glossary-do-not-translate", DE_FILE, 1, 'do-not-translate term "Example" is missing or changed in title')]


def test_glossary_do_not_translate_each_field(tmp_path: Path) -> None:
    files: Files = {
        EN_FILE: replaced(COPY_EN, "  headline: Soft cotton tee", "  headline: Example soft cotton tee"),
        DE_FILE: replaced(COPY_DE, "title: Example T-Shirt", "title: Beispiel T-Shirt"),
        "glossary/de-DE.yaml": "do_not_translate: [Example]\n",
    }

    assert lint(tmp_path, files) == [
        ("glossary-do-not-translate", DE_FILE, 1, 'do-not-translate term "Example" is missing or changed in title'),
        ("glossary-do-not-translate", DE_FILE, 11, 'do-not-translate term "Example" is missing or changed in overlays.headline'),
    ]


def test_glossary_do_not_translate_skips_missing_field(tmp_path: Path) -> None:
    # A field that the translation leaves out is copy-missing's or the spec's concern, not a changed name.
    files: Files = {
        EN_FILE: replaced(COPY_EN, "description: A plain cotton T-shirt", "description: A plain Example cotton T-shirt"),
        DE_FILE: replaced(COPY_DE, "description: Ein schlichtes Baumwoll-T-Shirt für jeden Tag.\n", ""),
        "glossary/de-DE.yaml": "do_not_translate: [Example]\n",
    }

    assert lint(tmp_path, files) == []


def test_glossary_load_error_is_a_schema_finding(tmp_path: Path) -> None:
    found = lint(tmp_path, {"glossary/de-DE.yaml": "required:\n  cotton: []\nforbidden: [billig]\n"})

    assert found == [
        ("schema", "glossary/de-DE.yaml", 2, "value is too short"),
        ("schema", "glossary/de-DE.yaml", 3, 'unknown field "forbidden"'),
    ]


def test_glossary_loaded_once_per_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files: Files = {
        "glossary/de-DE.yaml": GLOSSARY,
        "skus/EX-2/brief.yaml": replaced(BRIEF, "id: EX-1", "id: EX-2"),
        "skus/EX-2/copy/en-US.yaml": COPY_EN,
        "skus/EX-2/copy/de-DE.yaml": COPY_DE,
    }
    repo = build_example_repo(tmp_path, files)
    loads: list[Path] = []
    original = ContentRepo.load_model

    def counting(self: ContentRepo, path: Path, model: type) -> object:
        if path.parent.name == "glossary":
            loads.append(path)
        return original(self, path, model)

    monkeypatch.setattr(ContentRepo, "load_model", counting)
    Linter(repo, LintOptions(only_rules=L10N_RULES, use_baseline=False, today=TODAY)).run()

    assert loads == [tmp_path / "glossary" / "de-DE.yaml"]


# fact-parity


def test_fact_parity_german_weight(tmp_path: Path) -> None:
    files: Files = {
        BRIEF_FILE: replaced(BRIEF, "weight_kg: 0.5", "weight_kg: 1.5"),
        EN_FILE: replaced(COPY_EN, "Weighs 0.5 kg", "Weighs 1.5 kg"),
        DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 2 kg"),
    }

    found = lint(tmp_path, files, {"fact-parity"})

    assert found == [("fact-parity", DE_FILE, 7, 'weight "2 kg" does not match the brief (1.5 kg)')]


def test_fact_parity_converts_to_the_copy_unit(tmp_path: Path) -> None:
    files: Files = {EN_FILE: replaced(COPY_EN, "Weighs 0.5 kg", "Weighs 2 lb")}

    found = lint(tmp_path, files, {"fact-parity"})

    assert found == [("fact-parity", EN_FILE, 7, 'weight "2 lb" does not match the brief (0.5 kg = 1.1 lb)')]


def test_fact_parity_lengths(tmp_path: Path) -> None:
    files: Files = {EN_FILE: replaced(COPY_EN, "description: A plain cotton T-shirt for every day.", "description: Folded it measures 30 × 20 × 3 cm (11.8 x 7.9 x 0.8 in).")}

    found = lint(tmp_path, files, {"fact-parity"})

    assert found == [("fact-parity", EN_FILE, 8, "length \"3 cm\" matches none of the brief's dimensions (30 × 20 × 2 cm)")]


def test_fact_parity_variant_weights(tmp_path: Path) -> None:
    variants = 'variants:\n  - {id: EX-1-S, gtin: "0614141000012", weight_kg: 0.45}\n'
    files: Files = {BRIEF_FILE: BRIEF + variants, DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 450 g bis 0,5 kg")}

    assert lint(tmp_path, files, {"fact-parity"}) == []


def test_fact_parity_fractions(tmp_path: Path) -> None:
    passing: Files = {
        BRIEF_FILE: replaced(BRIEF, "weight_kg: 0.5", "weight_kg: 0.68"),
        EN_FILE: replaced(COPY_EN, "Weighs 0.5 kg", "Weighs 1 1/2 lb, or 1½ lb, or 1-1/2 lb"),
        DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 0,68 kg"),
    }
    failing: Files = {
        BRIEF_FILE: replaced(BRIEF, "weight_kg: 0.5", "weight_kg: 0.907"),
        EN_FILE: replaced(COPY_EN, "Weighs 0.5 kg", "Weighs ½ lb"),
        DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 0,907 kg"),
    }

    assert lint(tmp_path / "pass", passing, {"fact-parity"}) == []
    assert lint(tmp_path / "fail", failing, {"fact-parity"}) == [("fact-parity", EN_FILE, 7, 'weight "1/2 lb" does not match the brief (0.907 kg = 2 lb)')]


@pytest.mark.parametrize("text", ["Bündchen 8 cm breit", "Kabel 1,5 m lang", "Band 90 cm", "Knopf 0,8 cm"])
def test_fact_parity_other_lengths_pass(tmp_path: Path, text: str) -> None:
    # 30 x 20 x 2 cm: each of these lies more than twice or less than half of the nearest dimension.
    files: Files = {DE_FILE: replaced(COPY_DE, "Marineblau, passt zu allem", f"Marineblau, {text}")}

    assert lint(tmp_path, files, {"fact-parity"}) == []


@pytest.mark.parametrize(("text", "shown"), [("35 cm lang", "35 cm"), ("3 cm dick", "3 cm"), ("60 cm lang", "60 cm")])
def test_fact_parity_wrong_dimension(tmp_path: Path, text: str, shown: str) -> None:
    files: Files = {DE_FILE: replaced(COPY_DE, "Marineblau, passt zu allem", f"Marineblau, {text}")}

    assert lint(tmp_path, files, {"fact-parity"}) == [("fact-parity", DE_FILE, 6, f"length \"{shown}\" matches none of the brief's dimensions (30 × 20 × 2 cm)")]


def test_fact_parity_length_ratio_option(tmp_path: Path) -> None:
    config = CONFIG + "lint:\n  rules:\n    fact-parity: {length_ratio: 5}\n"
    files: Files = {"linkstar.yaml": config, DE_FILE: replaced(COPY_DE, "Marineblau, passt zu allem", "Marineblau, Bündchen 8 cm breit")}

    assert lint(tmp_path, files, {"fact-parity"}) == [("fact-parity", DE_FILE, 6, "length \"8 cm\" matches none of the brief's dimensions (30 × 20 × 2 cm)")]


def test_fact_parity_weights_always_compared(tmp_path: Path) -> None:
    # Unlike a length, a weight far from the brief's is still compared: "20 kg" for a shirt of 0.5 kg.
    files: Files = {DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 20 kg")}

    assert lint(tmp_path, files, {"fact-parity"}) == [("fact-parity", DE_FILE, 7, 'weight "20 kg" does not match the brief (0.5 kg)')]


def test_fact_parity_same_quantity_reported_once(tmp_path: Path) -> None:
    files: Files = {DE_FILE: replaced(COPY_DE, "Marineblau, passt zu allem", "Marineblau, gefaltet 3 x 3 x 3 cm")}

    assert lint(tmp_path, files, {"fact-parity"}) == [("fact-parity", DE_FILE, 6, "length \"3 cm\" matches none of the brief's dimensions (30 × 20 × 2 cm)")]


def test_fact_parity_skips_kinds_without_fact(tmp_path: Path) -> None:
    brief = replaced(BRIEF, "dimensions_cm: {length: 30, width: 20, height: 2}\n", "")
    files: Files = {BRIEF_FILE: brief, EN_FILE: replaced(COPY_EN, "light enough for travel", "74 cm long")}

    assert lint(tmp_path, files, {"fact-parity"}) == []


def test_demo_repo_passes_own_rules(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)

    result = Linter(ContentRepo(root), LintOptions(only_rules=OWN_RULES, use_baseline=False, today=TODAY)).run()

    assert [(finding.rule, finding.file, finding.line, finding.message) for finding in result.findings] == []


def test_demo_repo_us_copy_gives_both_units(tmp_path: Path) -> None:
    # The demo lists its en-US copy on tiktok-uk and shopee-sg too, so its weights give grams beside pounds.
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)

    result = Linter(ContentRepo(root), LintOptions(only_rules={"market-units", "market-units-metric-only"}, use_baseline=False, today=TODAY)).run()

    assert result.findings == []


# market-units


def test_market_units_imperial_on_metric_market(tmp_path: Path) -> None:
    files: Files = {DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 1,1 lb")}

    assert lint(tmp_path, files, {"market-units"}) == [("market-units", DE_FILE, 7, 'imperial unit in "1,1 lb" on amazon-de, a metric market')]
    assert hints(tmp_path / "hint", files, "market-units") == ['Write the value in metric units, "499 g", or give both.']


def test_market_units_fraction(tmp_path: Path) -> None:
    files: Files = {DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 1½ lb")}

    assert lint(tmp_path, files, {"market-units"}) == [("market-units", DE_FILE, 7, 'imperial unit in "1 1/2 lb" on amazon-de, a metric market')]


def test_market_units_dual_units_pass(tmp_path: Path) -> None:
    files: Files = {DE_FILE: replaced(COPY_DE, "Wiegt 0,5 kg", "Wiegt 0,5 kg (1,1 lb)")}

    assert lint(tmp_path, files, {"market-units", "market-units-metric-only"}) == []


def test_market_units_metric_only_on_imperial_market(tmp_path: Path) -> None:
    files: Files = {BRIEF_FILE: with_targets("amazon-us")}

    found = lint(tmp_path, files, {"market-units", "market-units-metric-only"})

    assert found == [("market-units-metric-only", EN_FILE, 7, '"0.5 kg" is given only in metric units on amazon-us, an imperial market')]
    assert hints(tmp_path / "hint", files, "market-units-metric-only") == ['Add the imperial value next to it: "1.1 lb".']
