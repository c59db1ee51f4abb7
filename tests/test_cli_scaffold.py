from __future__ import annotations

import json
from pathlib import Path

import pytest

from linkstar_cli.repo.content import ContentRepo
from tests.helpers import invoke


def test_init_creates_repo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "init", tmp_path / "shop", "--brand", "Northwind", "--targets", "amazon-de,amazon-us")

    root = tmp_path / "shop"
    assert result.code == 0, result.err
    assert (root / ".git").is_dir()
    assert (root / ".gitignore").read_text(encoding="utf-8").splitlines() == ["build/", ".linkstar/", "l10n/"]
    config = ContentRepo(root).config
    assert config.brand == "Northwind"
    assert config.targets == ["amazon-de", "amazon-us"]
    assert (root / "linkstar.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=schemas/linkstar.schema.json\n")
    schema = json.loads((root / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["gtin"]["anyOf"][0]["type"] == "string"
    assert ContentRepo(root).brand.name == "Northwind"


def test_init_keeps_existing_gitignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".gitignore").write_text("*.psd\nbuild/\n", encoding="utf-8")

    result = invoke(capsys, "init", tmp_path)

    assert result.code == 0, result.err
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "*.psd\nbuild/\n.linkstar/\nl10n/\n"


def test_init_twice_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    invoke(capsys, "init", tmp_path)

    result = invoke(capsys, "init", tmp_path)

    assert result.code == 2
    assert "is already a linkstar content repo" in result.err


def test_init_unknown_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "init", tmp_path, "--targets", "amazon-xx")

    assert result.code == 2
    assert 'error: unknown platform "amazon-xx"' in result.err
    assert not (tmp_path / "linkstar.yaml").exists()


def test_new_sku_scaffolds_copy_per_locale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    invoke(capsys, "init", tmp_path, "--targets", "amazon-de,amazon-jp")

    result = invoke(capsys, "-C", tmp_path, "new-sku", "00123", "--category", "apparel.hoodie")

    assert result.code == 0, result.err
    repo = ContentRepo(tmp_path)
    assert repo.copy_locales("00123") == ["de-DE", "en-US", "ja-JP"]
    brief = repo.brief("00123")
    assert brief.id == "00123"
    assert brief.category == "apparel.hoodie"
    assert repo.copy("00123", "de-DE").title is None
    assert repo.assets("00123").assets == []
    assert (tmp_path / "skus/00123/copy/de-DE.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schemas/copy.schema.json\n"
    )


def test_new_sku_refuses_existing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    invoke(capsys, "init", tmp_path)
    invoke(capsys, "-C", tmp_path, "new-sku", "A1")
    brief = tmp_path / "skus/A1/brief.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")

    result = invoke(capsys, "-C", tmp_path, "new-sku", "A1")

    assert result.code == 2
    assert 'error: SKU "A1" already exists in skus/A1' in result.err
    assert brief.read_text(encoding="utf-8").endswith("# edited\n")


@pytest.mark.parametrize(
    ("sku", "message"),
    [
        ("../x", 'SKU id "../x" contains a path separator'),
        (".git", 'SKU id ".git" starts with a dot'),
        ("a..b", 'SKU id "a..b" contains ".."'),
    ],
)
def test_new_sku_rejects_bad_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str], sku: str, message: str) -> None:
    invoke(capsys, "init", tmp_path)

    result = invoke(capsys, "-C", tmp_path, "new-sku", sku)

    assert result.code == 2
    assert f"error: {message}" in result.err
    assert "Traceback" not in result.err
    assert sorted(path.name for path in (tmp_path / "skus").iterdir()) == [".gitkeep"]


def test_outside_repo_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "-C", tmp_path, "new-sku", "A1")

    assert result.code == 2
    assert "not inside a linkstar content repo" in result.err
    assert "linkstar init" in result.err


def test_version_without_command(capsys: pytest.CaptureFixture[str]) -> None:
    from linkstar_cli import __version__

    result = invoke(capsys, "--version")

    assert result.code == 0
    assert result.out == f"linkstar {__version__}\n"
