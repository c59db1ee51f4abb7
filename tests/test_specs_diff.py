"""`linkstar specs diff`: two built-in specs, a built-in spec against the repo's override, and a spec file at a Git revision."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import git
import pytest

from linkstar_cli.errors import UsageError
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.diff import SpecChange, SpecReference, diff_specs
from linkstar_cli.specs.loader import SpecRegistry
from tests.helpers import Result, build_tree, invoke

ACTOR = git.Actor("Test Author", "author@example.com")

LAZADA_CHANGES = [
    {"key": "id", "change": "changed", "from": "lazada-th", "to": "lazada-ph"},
    {"key": "name", "change": "changed", "from": "Lazada Thailand", "to": "Lazada Philippines"},
    {"key": "market", "change": "changed", "from": "TH", "to": "PH"},
    {"key": "locale", "change": "changed", "from": "th-TH", "to": "en-PH"},
    {"key": "currency", "change": "changed", "from": "THB", "to": "PHP"},
    {
        "key": "source[2].ref",
        "change": "changed",
        "from": "community.lazada.com.ph Inappropriate and Misleading Content Policy, assumed to apply on Lazada Thailand",
        "to": "community.lazada.com.ph Inappropriate and Misleading Content Policy",
    },
    {"key": "source[2].kind", "change": "changed", "from": "3p", "to": "official"},
    {
        "key": "text.title.source[1].ref",
        "change": "changed",
        "from": "community.lazada.com.ph Inappropriate and Misleading Content Policy (no repeated keywords, irrelevant brand names, emojis or special symbols in titles), assumed to apply on Lazada Thailand",
        "to": "community.lazada.com.ph Inappropriate and Misleading Content Policy (no repeated keywords, irrelevant brand names, emojis or special symbols in titles)",
    },
    {"key": "text.title.source[1].kind", "change": "changed", "from": "3p", "to": "official"},
    {
        "key": "images.main.source[1].ref",
        "change": "changed",
        "from": "community.lazada.com.ph Inappropriate and Misleading Content Policy (main product shown; no before and after, testimonials, exaggerated effects or animated images), assumed to apply on Lazada Thailand",
        "to": "community.lazada.com.ph Inappropriate and Misleading Content Policy (main product shown; no before and after, testimonials, exaggerated effects or animated images)",
    },
    {"key": "images.main.source[1].kind", "change": "changed", "from": "3p", "to": "official"},
]

LOCAL_OVERRIDE = """\
id: amazon-de
extends: amazon-de
text:
  title:
    max: 150
    source:
      ref: team style guide
      kind: official
"""


def acme_spec(title_max: int) -> str:
    return textwrap.dedent(
        f"""\
        id: acme-de
        extends: amazon-de
        name: Acme on Amazon.de
        text:
          title:
            max: {title_max}
        """
    )


def content_repo(root: Path, specs: dict[str, str]) -> Path:
    """Create a content repo whose only files are linkstar.yaml and ``specs/<name>``."""
    build_tree(root, {"linkstar.yaml": "version: 1\n", **{f"specs/{name}": text for name, text in specs.items()}})
    return root


def commit_all(repository: git.Repo, message: str) -> None:
    repository.git.add(A=True)
    repository.index.commit(message, author=ACTOR, committer=ACTOR)


def diff_json(capsys: pytest.CaptureFixture[str], *args: str | Path) -> Result:
    return invoke(capsys, *args, "--format", "json")


def table_row(output: str, *cells: str) -> bool:
    """Tell whether one line of a rich table contains ``cells`` in order, each in a cell of its own."""
    border = "[│┃]"
    pattern = rf"\s*{border}\s*".join(re.escape(cell) for cell in cells)
    return any(re.search(rf"{border}\s*{pattern}\s*{border}", line) for line in output.splitlines())


# Two built-in specs


def test_two_builtins_exact_changes(capsys: pytest.CaptureFixture[str]) -> None:
    result = diff_json(capsys, "specs", "diff", "lazada-th", "lazada-ph")

    assert result.code == 0
    assert json.loads(result.out) == LAZADA_CHANGES
    assert result.err.strip() == "Differences between lazada-th and lazada-ph: 11."


def test_two_builtins_human_table(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "specs", "diff", "lazada-th", "lazada-ph")

    assert result.code == 0
    assert table_row(result.out, "key", "change", "lazada-th", "lazada-ph")
    assert table_row(result.out, "market", "changed", "TH", "PH")
    assert table_row(result.out, "currency", "changed", "THB", "PHP")
    assert table_row(result.out, "text.title.source[1].kind", "changed", "3p", "official")
    assert len([line for line in result.out.splitlines() if line.startswith("│ ") and "changed" in line]) == 11


def test_same_spec_has_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    result = diff_json(capsys, "specs", "diff", "shopee-my", "shopee-my")

    assert result.code == 0
    assert json.loads(result.out) == []
    assert result.err.strip() == "shopee-my and shopee-my do not differ."


def test_inserted_source_is_added_not_shifted() -> None:
    registry = SpecRegistry()
    changes = {change.key: change for change in diff_specs(registry.get("amazon-de"), registry.get("amazon-fr"))}

    assert changes["source[1].ref"] == SpecChange("source[1].ref", "added", to_value="sellercentral.amazon.fr help YYX9DD4VB6XKQRC (title style guide)")
    assert changes["source[5].kind"] == SpecChange("source[5].kind", "added", to_value="official")
    assert "source[2].ref" not in changes
    assert changes["text.title.forbidden_chars"] == SpecChange("text.title.forbidden_chars", "changed", from_value="!$?_{}^¬¦", to_value="!$?_{}^¬¦£@")
    assert changes["locale"] == SpecChange("locale", "changed", from_value="de-DE", to_value="fr-FR")


def test_removed_block_lists_each_leaf() -> None:
    registry = SpecRegistry()
    changes = diff_specs(registry.get("amazon-uk"), registry.get("tiktok-us"))
    removed = [change.key for change in changes if change.kind == "removed" and change.key.startswith("text.search_terms.")]

    assert "text.search_terms.listing_field" in removed
    assert "text.search_terms.max" in removed
    assert SpecChange("text.search_terms.max", "removed", from_value=249) in changes
    assert SpecChange("units", "changed", from_value="metric", to_value="imperial") in changes


# A built-in spec against the repo's override


def test_local_override_against_builtin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"amazon-de.yaml": LOCAL_OVERRIDE})

    result = diff_json(capsys, "-C", repo, "specs", "diff", "builtin:amazon-de", "amazon-de")

    changes = json.loads(result.out)
    builtin_sources = SpecRegistry().get("amazon-de").model_dump(mode="json")["text"]["title"]["source"]
    assert result.code == 0
    assert changes == [
        {"key": "extends", "change": "added", "to": "amazon-de"},
        {"key": "text.title.max", "change": "changed", "from": 200, "to": 150},
        {"key": "text.title.source", "change": "changed", "from": builtin_sources, "to": {"ref": "team style guide", "kind": "official"}},
    ]


def test_plain_id_reads_local_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"amazon-de.yaml": LOCAL_OVERRIDE})

    result = diff_json(capsys, "-C", repo, "specs", "diff", "amazon-de", "amazon-de")

    assert result.code == 0
    assert json.loads(result.out) == []


# A spec file at a Git revision


def test_local_spec_at_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"acme-de.yaml": acme_spec(150)})
    repository = git.Repo.init(repo)
    commit_all(repository, "Add acme-de")
    (repo / "specs" / "acme-de.yaml").write_text(acme_spec(120), encoding="utf-8")
    commit_all(repository, "Shorten acme-de titles")

    result = diff_json(capsys, "-C", repo, "specs", "diff", "acme-de@HEAD~1", "acme-de")

    assert result.code == 0
    assert json.loads(result.out) == [{"key": "text.title.max", "change": "changed", "from": 150, "to": 120}]


def test_revision_against_working_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"acme-de.yaml": acme_spec(150)})
    commit_all(git.Repo.init(repo), "Add acme-de")
    (repo / "specs" / "acme-de.yaml").write_text(acme_spec(100), encoding="utf-8")

    result = diff_json(capsys, "-C", repo, "specs", "diff", "acme-de@HEAD", "acme-de")

    assert json.loads(result.out) == [{"key": "text.title.max", "change": "changed", "from": 150, "to": 100}]


def test_builtin_file_at_revision_resolves_today(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A checkout of linkstar: platform_specs/ at the top, no linkstar.yaml. The committed amazon-de.yaml
    # extends _amazon, which resolves against today's built-in _amazon.yaml.
    original = (data_dir("platform_specs") / "amazon-de.yaml").read_text(encoding="utf-8")
    build_tree(tmp_path, {"platform_specs/amazon-de.yaml": original.replace("currency: EUR", "currency: CHF")})
    commit_all(git.Repo.init(tmp_path), "Add amazon-de")

    result = diff_json(capsys, "-C", tmp_path, "specs", "diff", "amazon-de@HEAD", "amazon-de")

    assert result.code == 0
    assert json.loads(result.out) == [{"key": "currency", "change": "changed", "from": "CHF", "to": "EUR"}]


def test_unknown_revision_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"acme-de.yaml": acme_spec(150)})
    commit_all(git.Repo.init(repo), "Add acme-de")

    result = invoke(capsys, "-C", repo, "specs", "diff", "acme-de@HEAD~5", "acme-de")

    assert result.code == 2
    assert 'unknown Git revision "HEAD~5"' in result.err
    assert result.out == ""


def test_file_missing_at_revision_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"acme-de.yaml": acme_spec(150)})
    repository = git.Repo.init(repo)
    commit_all(repository, "Add acme-de")
    (repo / "specs" / "acme-fr.yaml").write_text(acme_spec(150).replace("acme-de", "acme-fr"), encoding="utf-8")

    result = invoke(capsys, "-C", repo, "specs", "diff", "acme-fr@HEAD", "acme-fr")

    assert result.code == 2
    assert 'no spec "acme-fr" at revision HEAD: neither specs/acme-fr.yaml nor platform_specs/acme-fr.yaml exists there' in result.err


def test_revision_outside_git_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"acme-de.yaml": acme_spec(150)})

    result = invoke(capsys, "-C", repo, "specs", "diff", "acme-de@HEAD", "acme-de")

    assert result.code == 2
    assert "is not in a Git work tree" in result.err


def test_invalid_spec_at_revision_names_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = content_repo(tmp_path, {"acme-de.yaml": acme_spec(150).replace("max: 150", "maxx: 150")})
    commit_all(git.Repo.init(repo), "Add acme-de")

    result = invoke(capsys, "-C", repo, "specs", "diff", "acme-de@HEAD", "amazon-de")

    assert result.code == 2
    assert "HEAD:specs/acme-de.yaml:6" in result.err
    assert 'unknown field "maxx"' in result.err


# Exit codes and references


def test_unknown_spec_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "specs", "diff", "amazon-xx", "amazon-de")

    assert result.code == 2
    assert 'unknown platform "amazon-xx"' in result.err


def test_unknown_format_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, "specs", "diff", "amazon-de", "amazon-fr", "--format", "yaml")

    assert result.code == 2
    assert 'unknown format "yaml"' in result.err


@pytest.mark.parametrize(
    ("text", "spec_id", "builtin", "revision"),
    [
        ("amazon-de", "amazon-de", False, None),
        ("builtin:amazon-de", "amazon-de", True, None),
        ("amazon-de@HEAD~3", "amazon-de", False, "HEAD~3"),
        ("acme-de@HEAD@{1}", "acme-de", False, "HEAD@{1}"),
    ],
)
def test_reference_forms(text: str, spec_id: str, builtin: bool, revision: str | None) -> None:
    reference = SpecReference.parse(text)

    assert (reference.spec_id, reference.builtin, reference.revision) == (spec_id, builtin, revision)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("builtin:amazon-de@HEAD", '"builtin:amazon-de@HEAD" names both the built-in spec and a Git revision'),
        ("amazon-de@", '"amazon-de@" is not a spec reference'),
        ("../amazon-de", '"../amazon-de" is not a spec reference'),
        ("_amazon", '"_amazon" is not a spec reference'),
    ],
)
def test_invalid_references(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        SpecReference.parse(text)

    assert caught.value.message == message
