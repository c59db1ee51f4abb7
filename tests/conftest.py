from __future__ import annotations

from pathlib import Path

import pytest

from linkstar_cli.i18n import set_language

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in English unless it sets the language itself."""
    monkeypatch.delenv("LINKSTAR_LANG", raising=False)
    set_language("en")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
