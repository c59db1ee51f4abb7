"""``linkstar l10n export`` and ``import``: XLIFF 2.0 and PO round trips, stale tracking, and files that must be rejected."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from linkstar_cli.l10n.fields import source_hash, unit_id
from linkstar_cli.lint.example_base import BASE_FILES
from tests.conftest import FIXTURES
from tests.helpers import build_tree, invoke

NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
DE_FILE = "skus/EX-1/copy/de-DE.yaml"
EN_FILE = "skus/EX-1/copy/en-US.yaml"
NMTOKEN = re.compile(r"^[\w.:-]+$")

# German copy that lacks bullets 4 and 5, the search terms and the overlays.
GERMAN = """\
# yaml-language-server: $schema=../../../schemas/copy.schema.json
# Checked by Anna, 2026-03.
title: Example T-Shirt, weiche Baumwolle, Rundhals, normale Passform, Marineblau
bullets:
  - Weicher Baumwolljersey, der den ganzen Tag bequem bleibt
  - Normale Passform mit klassischem Rundhalsausschnitt   # wording from the brand book
  - Maschinenwaschbar bei 30 Grad
description: Ein schlichtes Baumwoll-T-Shirt für jeden Tag.
overlays: {}
"""

GLOSSARY = """\
required:
  cotton: Baumwolle
  navy: [Marineblau, Dunkelblau]
banned:
  - term: billig
    instead: preiswert
do_not_translate: [Example]
"""

MISSING = ["bullets[3]", "bullets[4]", "search_terms", "overlays.headline", "overlays.feature_1", "overlays.feature_2", "overlays.feature_3"]

TRANSLATIONS = {
    "bullets[3]": "Marineblau, passt zu allem",
    "bullets[4]": "Wiegt 0,5 kg und ist leicht genug für Reisen",
    "search_terms": "baumwolle tshirt rundhals shirt freizeit",
    "overlays.headline": "Weiches Baumwollshirt",
    "overlays.feature_1": "Weicher Jersey",
    "overlays.feature_2": "Normale Passform",
    "overlays.feature_3": "Maschinenwaschbar",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = {name: content for name, content in BASE_FILES.items() if isinstance(content, str)}
    files[DE_FILE] = GERMAN
    files["glossary/de-DE.yaml"] = GLOSSARY
    build_tree(tmp_path, files)
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def export(capsys: pytest.CaptureFixture[str], repo: Path, *args: str) -> str:
    result = invoke(capsys, "-C", repo, "l10n", "export", "--locale", "de-DE", "--output", "-", *args)
    assert result.code == 0, result.err
    return result.out


def units_of(xliff: str) -> dict[str, ET.Element]:
    root = ET.fromstring(xliff)
    return {unit.get("name", ""): unit for unit in root.iter(f"{{{NS['x']}}}unit")}


def notes_of(unit: ET.Element) -> list[tuple[str | None, str | None]]:
    return [(note.get("category"), note.text) for note in unit.findall("x:notes/x:note", NS)]


def translate_xliff(xliff: str, targets: dict[str, str]) -> str:
    """Fill the targets as a translation tool does: a <target> per segment and state "translated"."""
    root = ET.fromstring(xliff)
    for unit in root.iter(f"{{{NS['x']}}}unit"):
        name = unit.get("name", "")
        if name not in targets:
            continue
        segment = unit.find("x:segment", NS)
        assert segment is not None
        target = segment.find("x:target", NS)
        if target is None:
            target = ET.SubElement(segment, f"{{{NS['x']}}}target")
        target.text = targets[name]
        segment.set("state", "translated")
        segment.attrib.pop("subState", None)
    return ET.tostring(root, encoding="unicode")  # prefixed as ns0:, the same namespace


def translate_po(text: str, targets: dict[str, str]) -> bytes:
    """Fill msgstr and clear the fuzzy flag as a PO editor does when a translator confirms an entry."""
    catalog = read_po(io.BytesIO(text.encode("utf-8")))
    for message in catalog:
        field = (message.context or "").partition("|")[2]
        if field in targets:
            message.string = targets[field]
            message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    return buffer.getvalue()


def german(repo: Path) -> str:
    return (repo / DE_FILE).read_text(encoding="utf-8")


def change_english_bullet(repo: Path) -> None:
    path = repo / EN_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("Navy colour that goes with everything", "Navy blue that goes with everything"), encoding="utf-8")


# Export


def test_xliff_export_lists_missing_fields(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = units_of(export(capsys, repo))

    assert list(units) == MISSING
    assert [unit.get("id") for unit in units.values()] == ["bullets.3", "bullets.4", "search_terms", "overlays.headline", "overlays.feature_1", "overlays.feature_2", "overlays.feature_3"]


def test_xliff_export_notes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = units_of(export(capsys, repo))

    assert notes_of(units["bullets[3]"]) == [
        ("context", "bullet 4 of 5"),
        ("limit", "amazon-de: max 250 characters"),
        ("glossary", "glossary: translate \"navy\" as one of \"Marineblau\", \"Dunkelblau\""),
        ("glossary", "glossary: do not use \"billig\", write \"preiswert\""),
    ]
    assert notes_of(units["search_terms"]) == [
        ("context", "search keywords, separated by spaces"),
        ("limit", "amazon-de: max 249 UTF-8 bytes"),
        ("glossary", "glossary: translate \"cotton\" as \"Baumwolle\""),
        ("glossary", "glossary: do not use \"billig\", write \"preiswert\""),
    ]


def test_xliff_export_all_includes_title(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = units_of(export(capsys, repo, "--all"))

    title = units["title"]
    assert ("limit", "amazon-de: max 200 characters") in notes_of(title)
    assert ("limit", "amazon-de: at most 150 characters recommended") in notes_of(title)
    assert ("glossary", "glossary: keep \"Example\" exactly as written") in notes_of(title)
    segment = title.find("x:segment", NS)
    assert segment is not None
    assert segment.get("state") == "translated"
    assert segment.findtext("x:target", namespaces=NS) == "Example T-Shirt, weiche Baumwolle, Rundhals, normale Passform, Marineblau"
    assert len(units) == 12


def test_xliff_export_structure(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = ET.fromstring(export(capsys, repo))

    assert root.tag == f"{{{NS['x']}}}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "en-US", "de-DE")
    files = root.findall("x:file", NS)
    assert [file.get("id") for file in files] == ["EX-1"]
    assert files[0].get("original") == EN_FILE
    for unit in root.iter(f"{{{NS['x']}}}unit"):
        assert NMTOKEN.match(unit.get("id", "")), unit.get("id")
        segments = unit.findall("x:segment", NS)
        assert len(segments) == 1
        assert segments[0].find("x:source", NS) is not None
        assert segments[0].get("state") == "initial"


def test_xliff_export_matches_core_schema(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    etree = pytest.importorskip("lxml.etree", reason="lxml validates XML Schema; it is not a linkstar dependency")
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "xliff" / "xliff_core_2.0.xsd")))
    change_english_bullet(repo)
    (repo / DE_FILE).write_text(GERMAN + "translation:\n  source_locale: en-US\n  fields:\n    bullets[1]: 000000000000\n", encoding="utf-8")

    document = etree.fromstring(export(capsys, repo, "--all").encode("utf-8"))

    assert schema.validate(document), schema.error_log


def test_po_export_reads_back_with_babel(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = read_po(io.BytesIO(export(capsys, repo, "--format", "po").encode("utf-8")))

    entries = {message.context: message for message in catalog if message.id}
    assert list(entries) == [f"EX-1|{field}" for field in MISSING]
    bullet = entries["EX-1|bullets[3]"]
    assert bullet.id == "Navy colour that goes with everything"
    assert bullet.string == ""
    assert bullet.auto_comments == [
        "bullet 4 of 5",
        "amazon-de: max 250 characters",
        "glossary: translate \"navy\" as one of \"Marineblau\", \"Dunkelblau\"",
        "glossary: do not use \"billig\", write \"preiswert\"",
    ]
    assert str(catalog.locale) == "de_DE"


def test_export_default_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = invoke(capsys, "-C", repo, "l10n", "export", "--locale", "de-DE")
    second = invoke(capsys, "-C", repo, "l10n", "export", "--locale", "de-DE", "--format", "po")
    third = invoke(capsys, "-C", repo, "l10n", "export", "--locale", "de-DE")

    assert (first.code, second.code, third.code) == (0, 0, 0)
    today = date.today().isoformat()
    assert sorted(path.name for path in (repo / "l10n").iterdir()) == [f"de-DE-{today}-2.xlf", f"de-DE-{today}.po", f"de-DE-{today}.xlf"]
    assert "Wrote 7 fields of 1 SKU to" in first.err


def test_export_rejects_source_locale(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", repo, "l10n", "export", "--locale", "en-US")

    assert result.code == 2
    assert "en-US is the source locale, which is not translated" in result.err


def test_export_with_nothing_to_do(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / DE_FILE).write_text(BASE_FILES[DE_FILE], encoding="utf-8")  # type: ignore[arg-type]

    result = invoke(capsys, "-C", repo, "l10n", "export", "--locale", "de-DE")

    assert result.code == 0
    assert "Nothing to translate into de-DE" in result.err
    assert not (repo / "l10n").exists()


# Import and stale tracking, XLIFF


def test_xliff_round_trip(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    translated = repo / "de.xlf"
    translated.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")

    result = invoke(capsys, "-C", repo, "l10n", "import", translated)

    assert result.code == 0, result.err
    text = german(repo)
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/copy.schema.json\n# Checked by Anna, 2026-03.\n")
    assert "  - Normale Passform mit klassischem Rundhalsausschnitt   # wording from the brand book\n" in text
    assert "  - Marineblau, passt zu allem\n  - Wiegt 0,5 kg und ist leicht genug für Reisen\n" in text
    assert "overlays:\n  headline: Weiches Baumwollshirt\n  feature_1: Weicher Jersey\n" in text
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == ["title", "bullets", "description", "search_terms", "overlays", "translation"]
    assert "7 written, 0 unchanged, 0 skipped, 0 refused." in result.err


def test_xliff_import_values_and_record(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from linkstar_cli.repo.content import ContentRepo

    translated = repo / "de.xlf"
    translated.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")
    invoke(capsys, "-C", repo, "l10n", "import", translated)

    copy = ContentRepo(repo).copy("EX-1", "de-DE")
    assert copy.bullets[3:] == ["Marineblau, passt zu allem", "Wiegt 0,5 kg und ist leicht genug für Reisen"]
    assert copy.search_terms == "baumwolle tshirt rundhals shirt freizeit"
    assert copy.overlays == {"headline": "Weiches Baumwollshirt", "feature_1": "Weicher Jersey", "feature_2": "Normale Passform", "feature_3": "Maschinenwaschbar"}
    assert copy.translation is not None
    assert copy.translation.source_locale == "en-US"
    assert copy.translation.fields["bullets[3]"] == source_hash("Navy colour that goes with everything")
    assert sorted(copy.translation.fields) == sorted(MISSING)


def test_second_import_changes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    translated = repo / "de.xlf"
    translated.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")
    invoke(capsys, "-C", repo, "l10n", "import", translated)
    before = snapshot(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", translated, "--format", "json")

    assert result.code == 0
    assert snapshot(repo) == before
    assert json.loads(result.out)["counts"] == {"written": 0, "unchanged": 7, "skipped": 0, "refused": 0}


def test_changed_source_is_stale_everywhere(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_file = repo / "de.xlf"
    old_file.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")
    invoke(capsys, "-C", repo, "l10n", "import", old_file)
    change_english_bullet(repo)

    lint = invoke(capsys, "-C", repo, "lint", "--rule", "translation-stale", "--format", "json", "--no-baseline")
    findings = json.loads(lint.out)["findings"]
    assert [(item["rule"], item["file"], item["line"], item["field"]) for item in findings] == [("translation-stale", DE_FILE, 8, "bullets[3]")]
    assert findings[0]["message"] == "bullets[3] is stale: its en-US source text changed after it was translated"

    units = units_of(export(capsys, repo))
    assert list(units) == ["bullets[3]"]
    segment = units["bullets[3]"].find("x:segment", NS)
    assert segment is not None
    assert (segment.get("state"), segment.get("subState")) == ("initial", "linkstar:stale")
    assert segment.findtext("x:source", namespaces=NS) == "Navy blue that goes with everything"
    assert segment.findtext("x:target", namespaces=NS) == "Marineblau, passt zu allem"


def test_old_file_refused_after_source_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_file = repo / "de.xlf"
    old_file.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")
    invoke(capsys, "-C", repo, "l10n", "import", old_file)
    change_english_bullet(repo)
    (repo / DE_FILE).write_text(german(repo).replace("Marineblau, passt zu allem", "Marineblau, zeitlos"), encoding="utf-8")
    before = snapshot(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", old_file, "--format", "json")

    assert result.code == 1
    report = json.loads(result.out)
    refused = [entry for entry in report["entries"] if entry["outcome"] == "refused"]
    assert refused == [
        {
            "sku": "EX-1",
            "field": "bullets[3]",
            "outcome": "refused",
            "reason": "the source text changed after the export; export bullets[3] again and translate the new text",
            "where": "unit bullets.3",
        }
    ]
    assert report["counts"] == {"written": 0, "unchanged": 6, "skipped": 0, "refused": 1}
    assert snapshot(repo) == before
    assert "export the field again with `linkstar l10n export --locale de-DE`" in result.err


def test_stale_unit_returned_unreviewed_is_skipped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = repo / "de.xlf"
    first.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")
    invoke(capsys, "-C", repo, "l10n", "import", first)
    change_english_bullet(repo)
    returned = repo / "stale.xlf"
    returned.write_text(export(capsys, repo), encoding="utf-8")  # sent back untouched: state initial, old target
    before = snapshot(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", returned, "--format", "json")

    assert result.code == 0
    assert [entry["outcome"] for entry in json.loads(result.out)["entries"]] == ["skipped"]
    assert snapshot(repo) == before


def test_stale_unit_translated_again_clears_finding(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = repo / "de.xlf"
    first.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")
    invoke(capsys, "-C", repo, "l10n", "import", first)
    change_english_bullet(repo)
    second = repo / "stale.xlf"
    second.write_text(translate_xliff(export(capsys, repo), {"bullets[3]": "Dunkelblau, passt zu allem"}), encoding="utf-8")

    result = invoke(capsys, "-C", repo, "l10n", "import", second)
    lint = invoke(capsys, "-C", repo, "lint", "--rule", "translation-stale", "--format", "json", "--no-baseline")

    assert result.code == 0, result.err
    assert "  - Dunkelblau, passt zu allem\n" in german(repo)
    assert json.loads(lint.out)["findings"] == []


# Import and stale tracking, PO


def test_po_round_trip_and_stale(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old_file = repo / "de.po"
    old_file.write_bytes(translate_po(export(capsys, repo, "--format", "po"), TRANSLATIONS))

    first = invoke(capsys, "-C", repo, "l10n", "import", old_file)
    assert first.code == 0, first.err
    assert "  - Marineblau, passt zu allem\n  - Wiegt 0,5 kg und ist leicht genug für Reisen\n" in german(repo)
    assert "# Checked by Anna, 2026-03.\n" in german(repo)
    before = snapshot(repo)
    assert invoke(capsys, "-C", repo, "l10n", "import", old_file).code == 0
    assert snapshot(repo) == before

    change_english_bullet(repo)
    stale = read_po(io.BytesIO(export(capsys, repo, "--format", "po").encode("utf-8")))
    entries = [message for message in stale if message.id]
    assert [(message.context, message.fuzzy, message.string) for message in entries] == [("EX-1|bullets[3]", True, "Marineblau, passt zu allem")]
    # Babel wraps comments at 76 columns, so a long note comes back as several comments.
    assert " ".join(entries[0].auto_comments).startswith("The en-US text changed after this translation was made: check the target and update it. ")

    again = invoke(capsys, "-C", repo, "l10n", "import", old_file)
    assert again.code == 1
    assert "bullets[3]" in again.err
    assert snapshot(repo) == before | {EN_FILE: (repo / EN_FILE).read_bytes()}


def test_po_fuzzy_entry_unchanged_is_skipped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    translated = repo / "de.po"
    translated.write_bytes(translate_po(export(capsys, repo, "--format", "po"), TRANSLATIONS))
    invoke(capsys, "-C", repo, "l10n", "import", translated)
    change_english_bullet(repo)
    returned = repo / "stale.po"
    returned.write_text(export(capsys, repo, "--format", "po"), encoding="utf-8")

    result = invoke(capsys, "-C", repo, "l10n", "import", returned, "--format", "json")

    assert result.code == 0
    entry = json.loads(result.out)["entries"][0]
    assert (entry["field"], entry["outcome"]) == ("bullets[3]", "skipped")


# Other import cases


def test_import_creates_missing_copy_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / DE_FILE).unlink()
    path = repo / "de.xlf"
    path.write_text(translate_xliff(export(capsys, repo), {"title": "Example T-Shirt", "bullets[0]": "Weicher Jersey"}), encoding="utf-8")

    result = invoke(capsys, "-C", repo, "l10n", "import", path)

    assert result.code == 0, result.err
    assert german(repo) == (
        "# yaml-language-server: $schema=../../../schemas/copy.schema.json\n"
        "title: Example T-Shirt\n"
        "bullets:\n"
        "  - Weicher Jersey\n"
        "description:\n"
        "search_terms:\n"
        "# Texts drawn on images; the built-in features layout uses headline and feature_1 to feature_3.\n"
        "overlays: {}\n"
        "translation:\n"
        "  source_locale: en-US\n"
        "  fields:\n"
        f"    title: {source_hash('Example T-Shirt, Soft Cotton Crew Neck, Regular Fit, Navy')}\n"
        f"    bullets[0]: {source_hash('Soft cotton jersey that stays comfortable all day')}\n"
    )


def test_import_refuses_unknown_and_gaps(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xliff = translate_xliff(export(capsys, repo), {"bullets[4]": "Wiegt 0,5 kg", "overlays.headline": "Weiches Shirt"})
    extra = (
        f'<file xmlns="{NS["x"]}" id="NOPE-1"><unit id="title"><segment state="translated"><source>x</source><target>y</target></segment></unit></file>'
        f'<file xmlns="{NS["x"]}" id="EX-1"><unit id="colour" name="colour"><segment state="translated"><source>x</source><target>y</target></segment></unit></file>'
    )
    path = repo / "de.xlf"
    path.write_text(re.sub(r"</(\w+:)?xliff>", lambda match: extra + match.group(), xliff), encoding="utf-8")
    before = german(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", path, "--format", "json")

    assert result.code == 1
    outcomes = {(entry["sku"], entry["field"]): (entry["outcome"], entry["reason"]) for entry in json.loads(result.out)["entries"]}
    assert outcomes[("NOPE-1", "title")] == ("refused", "unknown SKU \"NOPE-1\", or it has no source copy")
    assert outcomes[("EX-1", "colour")] == ("refused", "SKU EX-1 has no field \"colour\" with source text to translate")
    assert outcomes[("EX-1", "bullets[4]")] == ("refused", "bullets[4] would leave a gap after bullets[3], which has no text yet; translate bullets[3] too")
    assert outcomes[("EX-1", "overlays.headline")] == ("written", "")
    assert outcomes[("EX-1", "search_terms")] == ("skipped", "no translation")
    assert german(repo) != before
    assert "headline: Weiches Shirt" in german(repo)


def test_dry_run_writes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "de.xlf"
    path.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS), encoding="utf-8")
    before = snapshot(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", path, "--dry-run", "--format", "json")

    assert result.code == 0
    assert snapshot(repo) == before
    report = json.loads(result.out)
    assert (report["dry_run"], report["counts"]["written"], report["files"]) == (True, 7, [DE_FILE])
    assert "Dry run, nothing written: 7 would be written" in result.err


# Files that must be rejected


BOMB = """<?xml version="1.0"?>
<!DOCTYPE xliff [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="de-DE">
  <file id="EX-1"><unit id="title"><segment><source>x</source><target>&e;</target></segment></unit></file>
</xliff>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en-US" trgLang="de-DE">
  <file id="EX-1"><unit id="title"><segment state="translated"><source>x</source><target>&secret;</target></segment></unit></file>
</xliff>
"""

BROKEN_PO = """\
msgid ""
msgstr ""
"Language: de_DE\\n"

msgctxt "EX-1|bullets[3]"
msgid "Navy colour that goes with everything"
msgstr "Marineblau
"""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.xlf", BOMB, "bomb.xlf declares a DTD (<!DOCTYPE>), which an XLIFF file never needs, so it is not read"),
        ("external.xlf", EXTERNAL, "external.xlf declares a DTD (<!DOCTYPE>), which an XLIFF file never needs, so it is not read"),
        ("broken.po", BROKEN_PO, "broken.po is not a valid PO file"),
    ],
    ids=["entity-bomb", "external-entity", "po-syntax"],
)
def test_malicious_or_broken_file_rejected(repo: Path, capsys: pytest.CaptureFixture[str], name: str, content: str, message: str) -> None:
    path = repo / name
    path.write_text(content, encoding="utf-8")
    before = snapshot(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", path)

    assert result.code == 2
    assert result.out == ""
    assert result.err.count("error:") == 1
    assert message in result.err
    assert snapshot(repo) == before


def test_truncated_xliff_rejected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = translate_xliff(export(capsys, repo), TRANSLATIONS)
    path = repo / "cut.xlf"
    path.write_text(whole[: len(whole) // 2], encoding="utf-8")
    before = snapshot(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", path)

    assert result.code == 2
    assert result.err.count("error:") == 1
    assert re.search(r"error: \S*cut\.xlf:\d+:\d+: \S*cut\.xlf is not well-formed XML: unclosed token\n", result.err)
    assert "export it again from the translation tool" in result.err
    assert snapshot(repo) == before


def test_xliff_12_rejected(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "old.xlf"
    path.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" source-language="en" datatype="plaintext"><body/></file></xliff>', encoding="utf-8")

    result = invoke(capsys, "-C", repo, "l10n", "import", path)

    assert result.code == 2
    assert "old.xlf is XLIFF 1.2; linkstar reads XLIFF 2.0" in result.err


def test_xliff_reader_joins_segments() -> None:
    from linkstar_cli.l10n.xliff import read_xliff

    document = f"""<xliff xmlns="{NS['x']}" version="2.0" srcLang="en-US" trgLang="de-de">
      <file id="EX-1"><group id="g1"><unit id="description" name="description">
        <segment state="translated"><source>A plain shirt.</source><target>Ein schlichtes Shirt.</target></segment>
        <ignorable><source> </source></ignorable>
        <segment state="translated"><source>For every day.</source><target>Für jeden <mrk id="m1" type="term">Tag</mrk>.</target></segment>
      </unit></group></file>
    </xliff>"""

    exchange = read_xliff(document.encode("utf-8"), "de.xlf")

    assert exchange.target_locale == "de-de"
    [entry] = exchange.entries
    assert (entry.sku, entry.field, entry.alternative_field) == ("EX-1", "description", "description")
    assert entry.source == "A plain shirt. For every day."
    assert entry.target == "Ein schlichtes Shirt. Für jeden Tag."
    assert entry.needs_review is False


def test_xliff_reader_partial_unit_has_no_target() -> None:
    from linkstar_cli.l10n.xliff import read_xliff

    document = f"""<xliff xmlns="{NS['x']}" version="2.0" srcLang="en-US" trgLang="de-DE">
      <file id="EX-1"><unit id="description">
        <segment state="translated"><source>A plain shirt.</source><target>Ein schlichtes Shirt.</target></segment>
        <segment><source>For every day.</source></segment>
      </unit></file>
    </xliff>"""

    [entry] = read_xliff(document.encode("utf-8"), "de.xlf").entries

    assert entry.target == ""
    assert entry.needs_review is True


def test_import_rejects_other_source_locale(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "fr.xlf"
    path.write_text(translate_xliff(export(capsys, repo), TRANSLATIONS).replace('srcLang="en-US"', 'srcLang="fr-FR"'), encoding="utf-8")
    before = snapshot(repo)

    result = invoke(capsys, "-C", repo, "l10n", "import", path)

    assert result.code == 2
    assert "translates from fr-FR, but the repo's source locale is en-US" in result.err
    assert snapshot(repo) == before


# Helpers


def test_unit_id_escapes_non_nmtoken_characters() -> None:
    assert unit_id(("bullets", 2)) == "bullets.2"
    assert unit_id(("aplus", 0, "text")) == "aplus.0.text"
    assert unit_id(("attribute_values", "size", "3.5 mm")) == "attribute_values.size.3:2e:5:20:mm"
    assert unit_id(("attribute_values", "Farbe", "Grün")) == "attribute_values.Farbe.Gr:fc:n"


def test_source_hash_ignores_reflowing() -> None:
    assert source_hash("A plain cotton\n  T-shirt") == source_hash("A plain cotton T-shirt")
    assert source_hash("Cafe\u0301") == source_hash("Café")
    assert source_hash("A plain cotton T-shirt") != source_hash("A plain cotton T-Shirt")
    assert len(source_hash("x")) == 12
