"""Every message exists in Simplified Chinese, with the same placeholders, and the language is chosen as documented."""

from __future__ import annotations

import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from linkstar_cli.i18n import _, detect_language, normalize_language, set_language
from tests.helpers import invoke

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "src" / "linkstar_cli" / "i18n" / "zh_CN" / "linkstar.po"


def placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}


def test_every_message_translated() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n_catalog.py"), "--check"], capture_output=True, text=True)

    assert result.returncode == 0, result.stdout


def test_translations_keep_placeholders() -> None:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            # Chinese has one plural form, used for every count, so it follows the plural msgid
            # (as msgfmt --check-format compares it when nplurals=1).
            pairs = [(message.id[1], message.string[0])]
        else:
            pairs = [(message.id, message.string)]
        for source, translation in pairs:
            if translation:  # untranslated entries are test_every_message_translated's business
                assert placeholders(translation) == placeholders(source), source


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("zh-CN", "zh_CN"), ("zh_CN.UTF-8", "zh_CN"), ("zh-Hans", "zh_CN"), ("zh-TW", "en"), ("en_US", "en"), ("C", "en"), ("fr_FR", None)],
)
def test_language_tags(tag: str, expected: str | None) -> None:
    assert normalize_language(tag) == expected


def test_language_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LINKSTAR_LANG", "en")

    assert detect_language("zh-CN") == "zh_CN"
    assert detect_language(None) == "en"
    monkeypatch.delenv("LINKSTAR_LANG")
    assert detect_language(None) == "zh_CN"


def test_chinese_message() -> None:
    set_language("zh_CN")
    try:
        assert _("error:") == "错误："
    finally:
        set_language("en")


def test_env_switches_cli_to_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINKSTAR_LANG", "zh-CN")

    result = invoke(capsys, "-C", tmp_path, "new-sku", "A1")

    assert result.code == 2
    assert result.err.startswith("错误：")
    assert "linkstar init" in result.err
