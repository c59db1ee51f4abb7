"""``linkstar status``: the SKU × target matrix, each cell with its stage and what blocks it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linkstar_cli.errors import LinkstarError
from linkstar_cli.i18n import _
from linkstar_cli.lint.engine import Linter, LintOptions
from linkstar_cli.lint.findings import Finding
from linkstar_cli.release.readiness import Assessment, Blocker, assess
from linkstar_cli.release.tags import Release, latest_by_target, releases
from linkstar_cli.render.pipeline import Renderer
from linkstar_cli.repo import gitio
from linkstar_cli.repo.content import ContentRepo


@dataclass
class Cell:
    """One SKU on one target: the assessment, and the latest release when there is one."""

    assessment: Assessment
    release: Release | None = None
    changed: bool = False  # the content differs from the latest release

    @property
    def stage(self) -> str:
        """Return the stage id: a pre-release stage, ``released`` or ``changed``."""
        if self.release is None:
            return self.assessment.stage
        return "changed" if self.changed else "released"

    def stage_label(self) -> str:
        labels = {
            "brief": _("brief"),
            "copy": _("copy"),
            "assets": _("assets"),
            "lint-clean": _("lint clean"),
            "reviewed": _("reviewed"),
        }
        if self.stage == "released":
            return _("released v{version}", version=self.release.version)  # type: ignore[union-attr]
        if self.stage == "changed":
            return _("changed since v{version}", version=self.release.version)  # type: ignore[union-attr]
        return labels[self.stage]

    def summary(self) -> list[str]:
        """Return short lines for a table cell: the blockers, approvals grouped by kind."""
        blockers = self.assessment.blockers
        lines = [blocker.summary for blocker in blockers if blocker.layer is None]
        grouped: dict[str, list[str]] = {}
        for blocker in blockers:
            if blocker.layer is not None:
                grouped.setdefault(blocker.kind, []).append(blocker.layer)
        for kind, layers in grouped.items():
            lines.append(_approval_line(kind, ", ".join(layers)))
        return lines

    def as_dict(self) -> dict[str, Any]:
        assessment = self.assessment
        return {
            "sku": assessment.sku,
            "target": assessment.platform,
            "locale": assessment.locale,
            "stage": self.stage,
            "label": self.stage_label(),
            "released_version": self.release.version if self.release else None,
            "released_tag": self.release.tag if self.release else None,
            "ready": assessment.ready and self.stage != "released",
            "lint_errors": assessment.lint_errors,
            "render": assessment.render,
            "layers": {
                layer: {
                    "state": status.state.value,
                    "by": status.review.by if status.review else None,
                    "at": status.review.at.isoformat() if status.review else None,
                }
                for layer, status in assessment.layers.items()
            },
            "blockers": [_blocker_dict(blocker) for blocker in assessment.blockers],
        }


def _approval_line(kind: str, layers: str) -> str:
    if kind == "approval-missing":
        return _("no approval: {layers}", layers=layers)
    if kind == "approval-stale":
        return _("stale: {layers}", layers=layers)
    if kind == "changes-requested":
        return _("changes requested: {layers}", layers=layers)
    return _("not an approver: {layers}", layers=layers)


def _blocker_dict(blocker: Blocker) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": blocker.kind, "message": blocker.message}
    if blocker.layer:
        entry["layer"] = blocker.layer
    return entry


@dataclass
class StatusReport:
    targets: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (SKU, target) for the SKU's targets only

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": 1,
            "targets": self.targets,
            "skus": self.skus,
            "cells": [self.cells[key].as_dict() for key in sorted(self.cells, key=self._order)],
        }

    def _order(self, key: tuple[str, str]) -> tuple[int, int]:
        return self.skus.index(key[0]), self.targets.index(key[1])


def build_status(repo: ContentRepo, skus: list[str] | None = None) -> StatusReport:
    """Assess every requested SKU (default: all) on each of its targets."""
    chosen = list(dict.fromkeys(skus)) if skus else repo.sku_ids()
    for sku in chosen:
        repo.sku_dir(sku)  # an unknown SKU is a usage error, not an empty row
    report = StatusReport(skus=chosen)
    findings = Linter(repo, LintOptions(skus=chosen, stage="release")).run().findings
    renderer = Renderer(repo, jobs=1)
    in_git = gitio.find_git_root(repo.root) is not None and gitio.resolve_commit(repo.root) is not None
    latest = latest_by_target(releases(repo.root)) if in_git else {}
    uncommitted = _uncommitted(repo) if in_git else []
    for sku in chosen:
        for target in _targets(repo, sku):
            if target not in report.targets:
                report.targets.append(target)
            cell = _cell(repo, sku, target, findings, renderer, latest.get((sku, target)))
            if cell is None:
                continue
            report.cells[(sku, target)] = cell
            files = [file for file in uncommitted if file.startswith(f"skus/{sku}/") or not file.startswith("skus/")]
            if files:
                message = _("uncommitted changes ({files}); commit them before the release", files=", ".join(files[:5]) + (", …" if len(files) > 5 else ""))
                cell.assessment.block("uncommitted", message, _("uncommitted changes"))
    # The repo's targets come first, in the order linkstar.yaml lists them.
    configured = [target for target in repo.config.targets if target in report.targets]
    report.targets = configured + [target for target in report.targets if target not in configured]
    return report


def _uncommitted(repo: ContentRepo) -> list[str]:
    """List the changed and untracked files of the content repo, relative to its root."""
    prefix = gitio.path_prefix(repo.root)
    return [file.removeprefix(prefix) for file in gitio.changed_files(repo.root)]


def _targets(repo: ContentRepo, sku: str) -> list[str]:
    try:
        return repo.targets_of(repo.brief(sku))
    except LinkstarError:
        return list(repo.config.targets)  # lint reports the broken brief


def _cell(repo: ContentRepo, sku: str, target: str, findings: list[Finding], renderer: Renderer, release: Release | None) -> Cell | None:
    try:
        spec = repo.spec(target)
    except LinkstarError:
        return None  # lint reports the unknown platform
    cell = Cell(assess(repo, sku, spec, findings=findings, renderer=renderer), release)
    if release is not None:
        cell.changed = changed_since(cell.assessment, release)
    return cell


def changed_since(assessment: Assessment, release: Release) -> bool:
    """Tell whether the content or, when the render is current, the outputs differ from ``release``.

    Sources are compared by their model hashes, so reformatting a file is no change.
    """
    manifest = release.manifest or {}
    if assessment.sources is None or assessment.sources.as_dict() != manifest.get("sources"):
        return True
    if assessment.locale != manifest.get("locale"):
        return True
    package = assessment.package
    if assessment.render == "current" and package is not None:
        return package.images() != manifest.get("images") or package.files() != manifest.get("files")
    return False
