"""Documented examples of the l10n rules, as changes to the example repo.

The example repo's source locale is en-US, and its SKU targets amazon-de (copy
locale de-DE). The SKU weighs 0.5 kg and measures 30 × 20 × 2 cm.
"""

from __future__ import annotations

from linkstar_cli.i18n import N_
from linkstar_cli.l10n.fields import source_hash
from linkstar_cli.lint.example_base import BASE_FILES, BRIEF, COPY_DE, COPY_EN
from linkstar_cli.lint.rule import Example, GeneratedImage

COPY_DE_FILE = "skus/EX-1/copy/de-DE.yaml"
COPY_EN_FILE = "skus/EX-1/copy/en-US.yaml"
BRIEF_FILE = "skus/EX-1/brief.yaml"
GLOSSARY_DE_FILE = "glossary/de-DE.yaml"
CONFIG = str(BASE_FILES["linkstar.yaml"])
Files = dict[str, str | GeneratedImage | None]
UNCHANGED: Files = {}


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(f"{old!r} is not in the example file")
    return text.replace(old, new, 1)


def german(old: str, new: str) -> Files:
    return {COPY_DE_FILE: _replace(COPY_DE, old, new)}


def english(old: str, new: str) -> Files:
    return {COPY_EN_FILE: _replace(COPY_EN, old, new)}


def glossary(text: str) -> Files:
    return {GLOSSARY_DE_FILE: text}


def translated_from(field: str, source_text: str) -> Files:
    """Return the German copy with the translation record that `linkstar l10n import` writes for one field."""
    record = f"translation:\n  source_locale: en-US\n  fields:\n    {field}: {source_hash(source_text)}\n"
    return {COPY_DE_FILE: COPY_DE + record}


def targets(platforms: str) -> Files:
    return {BRIEF_FILE: _replace(BRIEF, "targets: [amazon-de]", f"targets: [{platforms}]")}


EXAMPLES: dict[str, tuple[Example, ...]] = {
    "copy-missing": (
        Example(True, N_("German copy for amazon-de"), UNCHANGED),
        Example(False, N_("no German copy for amazon-de"), {COPY_DE_FILE: None}),
        Example(
            True,
            N_("tiktok-uk lists the en-US copy, as target_locales says"),
            {**targets("amazon-de, tiktok-uk"), "linkstar.yaml": CONFIG + "target_locales: {tiktok-uk: en-US}\n"},
        ),
        Example(False, N_("tiktok-uk needs en-GB copy, and the en-US copy is not configured for it"), targets("amazon-de, tiktok-uk")),
    ),
    "copy-untranslated": (
        Example(True, N_("every German field translated"), UNCHANGED),
        Example(False, N_("a German bullet left in English"), german("  - Maschinenwaschbar bei 30 Grad", "  - Machine washable at 30 degrees")),
        Example(True, N_("an overlay that is only the brand name"), {**german("headline: Weiches Baumwollshirt", "headline: Example"), **english("headline: Soft cotton tee", "headline: Example")}),
    ),
    "translation-stale": (
        Example(True, N_("a German bullet translated from the current English text"), translated_from("bullets[2]", "Machine washable at 30 degrees")),
        Example(
            False,
            N_("the English bullet changed after the German one was translated"),
            {**translated_from("bullets[2]", "Machine washable at 30 degrees"), **english("Machine washable at 30 degrees", "Machine washable at 40 degrees")},
        ),
        Example(True, N_("a German field written by hand, with no recorded hash"), english("Machine washable at 30 degrees", "Machine washable at 40 degrees")),
    ),
    "glossary-required": (
        Example(True, N_("\"cotton\" translated as \"Baumwolle\""), glossary("required:\n  cotton: Baumwolle\n")),
        Example(False, N_("\"navy\" must be \"Dunkelblau\", the copy says \"Marineblau\""), glossary("required:\n  navy: Dunkelblau\n")),
        Example(True, N_("one of two accepted translations"), glossary("required:\n  navy: [Dunkelblau, Marineblau]\n")),
    ),
    "glossary-banned": (
        Example(True, N_("no banned word in the copy"), glossary("banned:\n  - billig\n")),
        Example(False, N_("\"Marineblau\" banned in favour of \"Dunkelblau\""), glossary("banned:\n  - term: Marineblau\n    instead: Dunkelblau\n")),
    ),
    "glossary-do-not-translate": (
        Example(True, N_("the brand kept in the German title"), glossary("do_not_translate: [Example]\n")),
        Example(False, N_("\"Crew Neck\" translated as \"Rundhals\""), glossary("do_not_translate: [Crew Neck]\n")),
        Example(
            False,
            N_("the brand kept in the German description but translated in the title"),
            {
                **glossary("do_not_translate: [Example]\n"),
                **english("description: A plain cotton T-shirt", "description: A plain Example cotton T-shirt"),
                COPY_DE_FILE: _replace(
                    _replace(COPY_DE, "title: Example T-Shirt", "title: Beispiel T-Shirt"),
                    "description: Ein schlichtes Baumwoll-T-Shirt",
                    "description: Ein schlichtes Example Baumwoll-T-Shirt",
                ),
            },
        ),
    ),
    "fact-parity": (
        Example(True, N_("0.5 kg in the brief, \"0,5 kg\" in the German copy"), UNCHANGED),
        Example(False, N_("0.5 kg in the brief, \"2 kg\" in the German copy"), german("Wiegt 0,5 kg", "Wiegt 2 kg")),
        Example(True, N_("\"1.1 lb\", 0.5 kg converted and rounded"), english("Weighs 0.5 kg", "Weighs 1.1 lb")),
        Example(False, N_("a 45 cm length that is not among the dimensions"), english("light enough for travel", "45 cm long")),
        Example(True, N_("an 8 cm cuff, too far from every dimension to state one"), german("Marineblau, passt zu allem", "Marineblau, Bündchen 8 cm breit")),
        Example(True, N_("\"1/2 kg\", a fraction, for 0.5 kg"), english("Weighs 0.5 kg", "Weighs 1/2 kg")),
        Example(False, N_("\"1 1/2 lb\" for a shirt of 0.5 kg (1.1 lb)"), english("Weighs 0.5 kg", "Weighs 1 1/2 lb")),
    ),
    "market-units": (
        Example(True, N_("kilograms for amazon-de"), UNCHANGED),
        Example(False, N_("pounds only for amazon-de"), german("Wiegt 0,5 kg", "Wiegt 1,1 lb")),
        Example(True, N_("pounds with kilograms beside them"), german("Wiegt 0,5 kg", "Wiegt 1,1 lb (0,5 kg)")),
    ),
    "market-units-metric-only": (
        Example(True, N_("pounds for amazon-us"), {**targets("amazon-us"), **english("Weighs 0.5 kg", "Weighs 1.1 lb")}),
        Example(False, N_("kilograms only for amazon-us"), targets("amazon-us")),
    ),
}
