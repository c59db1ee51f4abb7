"""Compliance checklists in lint: item kinds, conditions, local checklists, stale specs and unknown checklist ids."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from linkstar_cli.errors import ConfigError, ErrorList
from linkstar_cli.lint.engine import LintOptions, Linter
from linkstar_cli.lint.example_base import ASSETS, BASE_FILES, BRIEF, LICENCE
from linkstar_cli.lint.findings import Finding
from linkstar_cli.lint.rule import CopiedFile, GeneratedImage
from linkstar_cli.specs.checklists import ChecklistRegistry
from linkstar_cli.specs.loader import SpecRegistry
from linkstar_cli.specs.model import Source
from tests.test_rule_examples import PROJECT, draw

TODAY = date(2026, 12, 1)
RULES = {"compliance", "compliance-fact-missing", "spec-stale", "checklist-unknown", "schema", "yaml-syntax"}
BUILTIN_CHECKLISTS = ["eu-electrical", "eu-gpsr", "jp-pse", "uk-product-safety", "us-fcc", "us-prop65"]
BRIEF_FILE = "skus/EX-1/brief.yaml"
ASSETS_FILE = "skus/EX-1/assets/assets.yaml"

RESPONSIBLE = '  responsible_person: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany", email: safety@example.com}\n'
MANUFACTURER = '  manufacturer: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany", email: safety@example.com}\n'


def lint(root: Path, files: dict[str, str | GeneratedImage | None], *, today: date = TODAY, rules: set[str] = RULES) -> list[Finding]:
    """Lay ``files`` over the example repo (None removes a file) and lint it with the compliance and spec rules."""
    merged = {**BASE_FILES, **files}
    for relative, content in merged.items():
        if content is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, GeneratedImage):
            draw(content, path)
        elif isinstance(content, CopiedFile):
            path.write_bytes((PROJECT / content.source).read_bytes())
        else:
            path.write_text(textwrap.dedent(content) if content.startswith("\n") else content, encoding="utf-8")
    from linkstar_cli.repo.content import ContentRepo

    return Linter(ContentRepo(root), LintOptions(only_rules=rules, use_baseline=False, today=today)).run().findings


def brief(*, category: str = "apparel.tshirt", targets: str = "amazon-de", compliance: str = "", certifications: str | None = None) -> str:
    """Return the example brief with another category, targets, extra compliance facts or certifications."""
    text = BRIEF.replace("category: apparel.tshirt", f"category: {category}").replace("targets: [amazon-de]", f"targets: [{targets}]")
    text = text.replace("compliance:\n", "compliance:\n" + compliance)
    if certifications is not None:
        text = text.replace("compliance:\n", f"certifications: [{certifications}]\ncompliance:\n")
    return text


def summary(findings: list[Finding]) -> list[tuple[str, str | None, str | None, int | None, str | None]]:
    return [(finding.rule, finding.target, finding.file, finding.line, finding.key) for finding in findings]


# Built-in checklists


@pytest.fixture(scope="module")
def builtin() -> ChecklistRegistry:
    return ChecklistRegistry()


def test_builtin_checklists_load(builtin: ChecklistRegistry) -> None:
    checklists = builtin.load_all()

    assert [checklist.id for checklist in checklists] == BUILTIN_CHECKLISTS
    assert all(checklist.checked == date(2026, 11, 1) for checklist in checklists)


@pytest.mark.parametrize("checklist_id", BUILTIN_CHECKLISTS)
def test_builtin_items_have_sources(builtin: ChecklistRegistry, checklist_id: str) -> None:
    checklist = builtin.get(checklist_id)

    assert checklist.items
    for item in checklist.items:
        sources = item.source if isinstance(item.source, list) else [item.source]
        assert all(isinstance(source, Source) and source.ref for source in sources), item.id
        assert item.description == item.description.strip(), item.id
        assert not item.description.endswith("."), item.id


def test_builtin_specs_name_existing_checklists(builtin: ChecklistRegistry) -> None:
    named = {use.checklist for spec in SpecRegistry().load_all() for use in spec.compliance}

    assert named <= set(builtin.ids())
    assert named == set(BUILTIN_CHECKLISTS)


def test_gpsr_excludes_great_britain(builtin: ChecklistRegistry) -> None:
    gpsr = builtin.get("eu-gpsr")

    assert gpsr.covers_market("DE")
    assert gpsr.covers_market("XI")
    assert not gpsr.covers_market("GB")
    assert builtin.get("uk-product-safety").markets == ["GB"]


# Evidence kinds


def test_clean_example_repo_passes(tmp_path: Path) -> None:
    assert lint(tmp_path, {}) == []


def test_brief_field_missing(tmp_path: Path) -> None:
    findings = lint(tmp_path, {BRIEF_FILE: BRIEF.replace(RESPONSIBLE, '  responsible_person: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany"}\n')})

    assert summary(findings) == [("compliance", "amazon-de", BRIEF_FILE, 12, "eu-gpsr/responsible-person")]
    finding = findings[0]
    assert finding.message == (
        "\"responsible-person\" of checklist eu-gpsr is not met: EU responsible person with name, postal address "
        "and e-mail or website, given per product and marketplace"
    )
    assert finding.hint == f"Fill in compliance.responsible_person.email or compliance.responsible_person.url in {BRIEF_FILE}."
    assert finding.field == "compliance.responsible_person.email"
    assert finding.sku == "EX-1"


def test_website_satisfies_electronic_address(tmp_path: Path) -> None:
    text = BRIEF.replace(RESPONSIBLE, '  responsible_person: {name: Example GmbH, address: "Hauptstr. 1, 10115 Berlin, Germany", url: "https://example.com/safety"}\n')

    assert lint(tmp_path, {BRIEF_FILE: text}) == []


def test_whole_record_missing(tmp_path: Path) -> None:
    findings = lint(tmp_path, {BRIEF_FILE: BRIEF.replace(MANUFACTURER, "")})

    assert summary(findings) == [("compliance", "amazon-de", BRIEF_FILE, 10, "eu-gpsr/manufacturer")]
    assert findings[0].hint == (
        "Fill in compliance.manufacturer.name and compliance.manufacturer.address and either "
        f"compliance.manufacturer.email or compliance.manufacturer.url in {BRIEF_FILE}."
    )


def test_certification_alternatives(tmp_path: Path) -> None:
    findings = lint(tmp_path / "none", {BRIEF_FILE: brief(category="electronics.audio", targets="tiktok-uk", compliance="  electrical: true\n")})

    assert summary(findings) == [("compliance", "tiktok-uk", BRIEF_FILE, None, "uk-product-safety/ukca-or-ce-electrical")]
    assert findings[0].hint == f"Add UKCA or CE to certifications in {BRIEF_FILE}."
    for mark in ("UKCA", "CE", "ce"):
        marked = brief(category="electronics.audio", targets="tiktok-uk", compliance="  electrical: true\n", certifications=mark)
        assert lint(tmp_path / mark, {BRIEF_FILE: marked}) == [], mark


def test_certification_line_when_listed(tmp_path: Path) -> None:
    text = brief(category="electronics.audio", targets="tiktok-uk", compliance="  electrical: true\n", certifications="FCC")

    findings = lint(tmp_path, {BRIEF_FILE: text})

    assert summary(findings) == [("compliance", "tiktok-uk", BRIEF_FILE, 10, "uk-product-safety/ukca-or-ce-electrical")]
    assert findings[0].field == "certifications"


def test_toys_need_ukca_or_ce_by_category(tmp_path: Path) -> None:
    findings = lint(tmp_path, {BRIEF_FILE: brief(category="toys.plush", targets="tiktok-uk", compliance="  electrical: false\n")})

    assert [finding.key for finding in findings] == ["uk-product-safety/ukca-or-ce-toys"]


PSE_BRIEF = brief(category="electronics.charger", targets="amazon-jp", compliance="  electrical: true\n  pse: diamond\n")


def pse_assets(markets: str) -> str:
    return ASSETS + f"""\
  - file: label.jpg
    role: compliance
    alt: Rating label with the PSE mark
    shows: [PSE]
    markets: [{markets}]
{LICENCE}"""


def test_asset_with_role_and_mark_missing(tmp_path: Path) -> None:
    findings = lint(tmp_path, {BRIEF_FILE: PSE_BRIEF})

    assert summary(findings) == [("compliance", "amazon-jp", BRIEF_FILE, 11, "jp-pse/pse-label-photo")]
    assert findings[0].hint == f"Add an asset with role: compliance and shows: [PSE] to {ASSETS_FILE}."
    assert findings[0].field == "compliance.electrical"


def test_asset_with_role_and_mark_present(tmp_path: Path) -> None:
    files = {BRIEF_FILE: PSE_BRIEF, ASSETS_FILE: pse_assets("JP"), "skus/EX-1/assets/label.jpg": GeneratedImage(1200, 1200)}

    assert lint(tmp_path, files) == []


def test_asset_for_other_market_does_not_count(tmp_path: Path) -> None:
    files = {BRIEF_FILE: PSE_BRIEF, ASSETS_FILE: pse_assets("US"), "skus/EX-1/assets/label.jpg": GeneratedImage(1200, 1200)}

    assert [finding.key for finding in lint(tmp_path, files)] == ["jp-pse/pse-label-photo"]


def test_asset_mark_and_fields_for_eu_electrical(tmp_path: Path) -> None:
    findings = lint(tmp_path, {BRIEF_FILE: brief(category="electronics.audio", compliance="  electrical: true\n")})

    assert summary(findings) == [
        ("compliance", "amazon-de", BRIEF_FILE, None, "eu-electrical/ce-mark"),
        ("compliance", "amazon-de", BRIEF_FILE, 10, "eu-electrical/weee-registration"),
        ("compliance", "amazon-de", BRIEF_FILE, 11, "eu-electrical/weee-symbol"),
    ]
    hints = {finding.key: finding.hint for finding in findings}
    assert hints["eu-electrical/weee-symbol"] == f"Add shows: [WEEE] to an asset in {ASSETS_FILE} whose image shows the mark."
    assert hints["eu-electrical/weee-registration"] == f"Fill in compliance.weee_registration in {BRIEF_FILE}."


def test_signoff_missing(tmp_path: Path) -> None:
    findings = lint(tmp_path, {"skus/EX-1/reviews.yaml": None})

    assert summary(findings) == [("compliance", "amazon-de", BRIEF_FILE, None, "eu-gpsr/safety-information")]
    assert findings[0].hint == "Check it, then record it with `linkstar signoff EX-1 --checklist eu-gpsr --item safety-information --market DE`."


def test_signoff_for_other_market_does_not_count(tmp_path: Path) -> None:
    reviews = BASE_FILES["skus/EX-1/reviews.yaml"]
    assert isinstance(reviews, str)

    findings = lint(tmp_path, {"skus/EX-1/reviews.yaml": reviews.replace("market: DE", "market: FR")})

    assert [finding.key for finding in findings] == ["eu-gpsr/safety-information"]


def test_signoff_or_certification(tmp_path: Path) -> None:
    text = brief(category="electronics.lamp", targets="amazon-us", compliance="  electrical: true\n  radio: false\n  prop65: false\n")

    findings = lint(tmp_path, {BRIEF_FILE: text})

    assert [finding.key for finding in findings] == ["us-fcc/fcc-sdoc"]
    assert findings[0].hint == (
        f"Any one of these is enough: Add FCC to certifications in {BRIEF_FILE}. "
        "Check it, then record it with `linkstar signoff EX-1 --checklist us-fcc --item fcc-sdoc --market US`."
    )


def test_broken_reviews_file_reported_by_schema(tmp_path: Path) -> None:
    findings = lint(tmp_path, {"skus/EX-1/reviews.yaml": "signoffs:\n  - checklist: eu-gpsr\n    item: safety-information\n"})

    assert [(finding.rule, finding.file, finding.line) for finding in findings] == [("schema", "skus/EX-1/reviews.yaml", 2)] * 3
    assert {finding.message for finding in findings} == {"required field \"market\" is missing", "required field \"by\" is missing", "required field \"at\" is missing"}


# Conditions: categories, markets and brief facts


def test_gpsr_applies_to_amazon_de_not_tiktok_uk(tmp_path: Path) -> None:
    text = brief(targets="amazon-de, tiktok-uk", compliance="  electrical: false\n").replace(MANUFACTURER, "")

    findings = lint(tmp_path, {BRIEF_FILE: text, "linkstar.yaml": "version: 1\nbrand: Example\nsource_locale: en-US\ntargets: [amazon-de, tiktok-uk]\n"})

    assert [(finding.target, finding.key) for finding in findings] == [("amazon-de", "eu-gpsr/manufacturer")]


def test_electrical_checklist_skips_textiles(tmp_path: Path) -> None:
    # eu-electrical applies to every category, but requests no fact outside electronics.
    assert lint(tmp_path, {BRIEF_FILE: brief()}) == []


def test_electrical_checklist_any_category(tmp_path: Path) -> None:
    # A lamp is electrical without being filed under electronics.
    findings = lint(tmp_path, {BRIEF_FILE: brief(category="home.lighting", compliance="  electrical: true\n")})

    assert [finding.key for finding in findings] == ["eu-electrical/ce-mark", "eu-electrical/weee-registration", "eu-electrical/weee-symbol"]


def test_market_condition_of_item(tmp_path: Path) -> None:
    spec = """\
id: acme-fr
extends: amazon-de
name: Acme on Amazon.fr
market: FR
locale: fr-FR
"""
    reviews = BASE_FILES["skus/EX-1/reviews.yaml"]
    assert isinstance(reviews, str)
    files = {
        "specs/acme-fr.yaml": spec,
        BRIEF_FILE: brief(category="electronics.audio", targets="acme-fr", compliance="  electrical: true\n", certifications="CE"),
        "skus/EX-1/reviews.yaml": reviews.replace("market: DE", "market: FR"),
    }

    findings = lint(tmp_path, files)

    assert [(finding.target, finding.key) for finding in findings] == [("acme-fr", "eu-electrical/weee-symbol")]


def test_fact_missing(tmp_path: Path) -> None:
    findings = lint(tmp_path, {BRIEF_FILE: brief(category="electronics.audio")})

    assert summary(findings) == [("compliance-fact-missing", "amazon-de", BRIEF_FILE, 10, "eu-electrical:compliance.electrical")]
    assert findings[0].message == "compliance.electrical is not set, so checklist eu-electrical cannot tell whether \"ce-mark\" applies"
    assert findings[0].hint == f"Set compliance.electrical in {BRIEF_FILE}; the item applies when it is true."


def test_fact_missing_once_per_checklist_and_fact(tmp_path: Path) -> None:
    text = brief(category="electronics.speaker", targets="amazon-us", compliance="  electrical: true\n  prop65: false\n")

    findings = lint(tmp_path, {BRIEF_FILE: text})

    assert summary(findings) == [("compliance-fact-missing", "amazon-us", BRIEF_FILE, 10, "us-fcc:compliance.radio")]
    assert "\"fcc-id\"" in findings[0].message


def test_fact_not_asked_when_evidence_present(tmp_path: Path) -> None:
    text = brief(category="electronics.speaker", targets="amazon-us", compliance="  prop65: false\n  fcc_id: 2ABCD-123\n", certifications="FCC")

    assert lint(tmp_path, {BRIEF_FILE: text}) == []


def test_fact_set_false_rules_item_out(tmp_path: Path) -> None:
    text = brief(targets="amazon-us", compliance="  prop65: false\n")

    assert lint(tmp_path, {BRIEF_FILE: text}) == []


def test_prop65_warning_needed(tmp_path: Path) -> None:
    text = brief(targets="amazon-us", compliance="  prop65: true\n")

    findings = lint(tmp_path, {BRIEF_FILE: text})

    assert summary(findings) == [("compliance", "amazon-us", BRIEF_FILE, 10, "us-prop65/prop65-warning")]


# Local checklists


def test_local_checklist_removes_item(tmp_path: Path) -> None:
    local = """\
id: eu-gpsr
extends: eu-gpsr
remove_items: [safety-information]
"""
    assert lint(tmp_path, {"checklists/eu-gpsr.yaml": local, "skus/EX-1/reviews.yaml": None}) == []


def test_local_checklist_overrides_item(tmp_path: Path) -> None:
    local = """\
id: eu-gpsr
extends: eu-gpsr
items:
  - id: safety-information
    description: safety leaflet photo in the gallery
    evidence:
      - asset: {shows: safety-leaflet}
    source: {ref: Acme compliance handbook 2026, kind: official}
"""
    findings = lint(tmp_path, {"checklists/eu-gpsr.yaml": local})

    assert [finding.key for finding in findings] == ["eu-gpsr/safety-information"]
    assert findings[0].message == "\"safety-information\" of checklist eu-gpsr is not met: safety leaflet photo in the gallery"
    assert findings[0].hint == f"Add shows: [safety-leaflet] to an asset in {ASSETS_FILE} whose image shows the mark."


def test_local_checklist_adds_item_and_keeps_others(tmp_path: Path) -> None:
    local = """\
id: eu-gpsr
extends: eu-gpsr
items:
  - id: model-number
    description: model number on the listing
    evidence:
      - fields: [model_number]
    source: {ref: Acme compliance handbook 2026, kind: official}
"""
    findings = lint(tmp_path, {"checklists/eu-gpsr.yaml": local, BRIEF_FILE: BRIEF.replace(MANUFACTURER, "")})

    assert sorted(finding.key for finding in findings) == ["eu-gpsr/manufacturer", "eu-gpsr/model-number"]


def test_local_checklist_replaces_builtin(tmp_path: Path) -> None:
    local = """\
id: eu-gpsr
name: Acme GPSR
source: {ref: Acme compliance handbook 2026, kind: official}
checked: 2026-11-15
items:
  - id: model-number
    description: model number on the listing
    evidence:
      - fields: [model_number]
    source: {ref: Acme compliance handbook 2026, kind: official}
"""
    findings = lint(tmp_path, {"checklists/eu-gpsr.yaml": local, BRIEF_FILE: BRIEF.replace(MANUFACTURER, ""), "skus/EX-1/reviews.yaml": None})

    assert [finding.key for finding in findings] == ["eu-gpsr/model-number"]


def test_invalid_local_checklist_reported_by_schema(tmp_path: Path) -> None:
    local = """\
id: acme-extra
name: Acme extras
source: {ref: Acme compliance handbook 2026, kind: official}
checked: 2026-11-15
items:
  - id: weee
    description: WEEE number
    when:
      brief: {compliance.electrical: maybe}
    evidence:
      - fields: [compliance.weee_regstration]
        certification: CE
    source: {ref: Acme compliance handbook 2026, kind: official}
"""
    findings = lint(tmp_path, {"checklists/acme-extra.yaml": local})

    assert [(finding.rule, finding.file, finding.line, finding.sku) for finding in findings] == [
        ("schema", "checklists/acme-extra.yaml", 9, None),
        ("schema", "checklists/acme-extra.yaml", 11, None),
    ]
    assert findings[0].message == "\"maybe\" is not a possible value of compliance.electrical"
    assert findings[1].message == "\"compliance.weee_regstration\" is not a field of brief.yaml"
    assert findings[1].hint == "Did you mean \"compliance.weee_registration\"?"


def test_registry_rejects_unknown_removal(tmp_path: Path) -> None:
    (tmp_path / "eu-gpsr.yaml").write_text("id: eu-gpsr\nextends: eu-gpsr\nremove_items: [safety-info]\n", encoding="utf-8")

    with pytest.raises(ConfigError) as raised:
        ChecklistRegistry(tmp_path).get("eu-gpsr")

    assert raised.value.message == "remove_items names \"safety-info\", which the checklist does not have"
    assert raised.value.line == 3


def test_registry_rejects_two_kinds_in_one_evidence(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "id: x\nname: X\nsource: {ref: r, kind: 3p}\nchecked: 2026-01-01\nitems:\n"
        "  - id: a\n    description: a\n    evidence:\n      - {certification: CE, signoff: required}\n    source: {ref: r, kind: 3p}\n",
        encoding="utf-8",
    )

    with pytest.raises(ErrorList) as raised:
        ChecklistRegistry(tmp_path).get("x")

    assert [(error.message, error.line) for error in raised.value.errors] == [
        ("each evidence entry states exactly one of fields, certification, asset or signoff", 9)
    ]


# spec-stale and checklist-unknown


def test_builtin_specs_fresh_today(tmp_path: Path) -> None:
    assert lint(tmp_path, {}, rules={"spec-stale"}) == []


def test_builtin_spec_and_checklist_stale(tmp_path: Path) -> None:
    findings = lint(tmp_path, {}, today=date(2027, 12, 1), rules={"spec-stale"})

    assert [(finding.file, finding.line, finding.key, finding.sku, finding.level.value) for finding in findings] == [
        ("platform_specs/amazon-de.yaml", 16, "spec:amazon-de", None, "warning"),
        ("platform_specs/checklists/eu-gpsr.yaml", 13, "checklist:eu-gpsr", None, "warning"),
    ]
    assert findings[0].message == "spec \"amazon-de\" was last checked 395 days ago, on 2026-11-01 (395 > 365 days)"


def test_spec_stale_after_configured_age(tmp_path: Path) -> None:
    config = "version: 1\nbrand: Example\nsource_locale: en-US\ntargets: [amazon-de]\nlint:\n  spec_max_age_days: 29\n"

    findings = lint(tmp_path, {"linkstar.yaml": config}, rules={"spec-stale"})

    assert [finding.key for finding in findings] == ["spec:amazon-de", "checklist:eu-gpsr"]


def test_local_spec_stale_reported_once(tmp_path: Path) -> None:
    spec = "id: amazon-de\nextends: amazon-de\nchecked: 2025-06-01\n"
    second = {f"skus/EX-2/{name[len('skus/EX-1/'):]}": content for name, content in BASE_FILES.items() if name.startswith("skus/EX-1/")}
    second["skus/EX-2/brief.yaml"] = BRIEF.replace("id: EX-1", "id: EX-2")

    findings = lint(tmp_path, {"specs/amazon-de.yaml": spec, **second}, rules={"spec-stale"})

    assert [(finding.file, finding.line, finding.sku) for finding in findings] == [("specs/amazon-de.yaml", 3, None)]
    assert findings[0].hint == "Check the rules against their sources, update what changed and set checked: to the date of the check."


def test_local_spec_inherits_builtin_date(tmp_path: Path) -> None:
    spec = "id: acme-de\nextends: amazon-de\nname: Acme\n"

    findings = lint(tmp_path, {"specs/acme-de.yaml": spec, BRIEF_FILE: brief(targets="acme-de")}, today=date(2027, 12, 1), rules={"spec-stale"})

    assert [(finding.file, finding.key) for finding in findings] == [("platform_specs/amazon-de.yaml", "spec:acme-de"), ("platform_specs/checklists/eu-gpsr.yaml", "checklist:eu-gpsr")]


def test_unused_spec_not_stale(tmp_path: Path) -> None:
    spec = "id: acme-de\nextends: amazon-de\nname: Acme\nchecked: 2020-01-01\n"

    assert lint(tmp_path, {"specs/acme-de.yaml": spec}, rules={"spec-stale"}) == []


def test_checklist_unknown(tmp_path: Path) -> None:
    spec = "id: amazon-de\nextends: amazon-de\ncompliance:\n  - checklist: eu-gpsr\n  - checklist: eu-gpsrr\n"

    findings = lint(tmp_path, {"specs/amazon-de.yaml": spec})

    assert summary(findings) == [("checklist-unknown", None, "specs/amazon-de.yaml", 5, "checklist:eu-gpsrr")]
    assert findings[0].message == "unknown checklist \"eu-gpsrr\""
    assert findings[0].field == "compliance[1].checklist"


def test_checklist_unknown_checks_unused_local_specs(tmp_path: Path) -> None:
    spec = "id: acme-uk\nextends: tiktok-uk\nname: Acme\ncompliance:\n  - checklist: uk-toys\n"

    findings = lint(tmp_path, {"specs/acme-uk.yaml": spec})

    assert summary(findings) == [("checklist-unknown", None, "specs/acme-uk.yaml", 5, "checklist:uk-toys")]
