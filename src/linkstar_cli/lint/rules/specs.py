"""Rules of the specs family: stale platform specs and checklists, and checklists that do not exist.

These findings belong to spec and checklist files, not to a SKU, so they carry no SKU
and each is reported once per run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from linkstar_cli.i18n import N_, _
from linkstar_cli.lint.context import RepoContext, TargetContext
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Example, Rule, Scope
from linkstar_cli.lint.rules.compliance import checklist_registry, load_checklist, relevant_checklists
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.yamlio import KeyPath, YamlDocument, load_yaml
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.registry import MAX_EXTENDS_DEPTH

_BUILTIN_SPECS = "platform_specs"
_BUILTIN_CHECKLISTS = "platform_specs/checklists"
_REPORTED_KEY = "specs.stale-reported"
_BUILTIN_KEY = "specs.builtin-documents"


# Finding the file that states a key, along an extends: chain


def _builtin_document(run: RepoContext, display: str, path: Path) -> YamlDocument | None:
    documents: dict[str, YamlDocument | None] = run.shared.setdefault(_BUILTIN_KEY, {})
    if display not in documents:
        documents[display] = load_yaml(path, display) if path.is_file() else None
    return documents[display]


def _declaring_document(run: RepoContext, start: str, key: str, *, is_local: Callable[[str], bool], local_file: Callable[[str], str], builtin_folder: str) -> YamlDocument | None:
    """Return the file that states ``key`` for ``start``: the file itself or the nearest one it extends.

    Walks the chain as the loaders resolve it: local files first, and a local file that
    extends its own id continues with the built-in file of that id.
    """
    current, local = start, True
    for _depth in range(MAX_EXTENDS_DEPTH + 1):
        if local and is_local(current):
            document = run.document(run.repo.root / local_file(current))
        else:
            document = _builtin_document(run, f"{builtin_folder}/{current}.yaml", _builtin_path(builtin_folder, current))
        if document is None or not isinstance(document.data, dict):
            return None
        if key in document.data:
            return document
        parent = document.data.get("extends")
        if not parent:
            return None
        local = local and not (parent == current and is_local(current))
        current = str(parent)
    return None


def _builtin_path(builtin_folder: str, item_id: str) -> Path:
    folder = data_dir("platform_specs")
    if builtin_folder == _BUILTIN_CHECKLISTS:
        folder = folder / "checklists"
    return folder / f"{item_id}.yaml"


def _spec_document(run: RepoContext, spec_id: str, key: str) -> YamlDocument | None:
    registry = run.repo.specs
    return _declaring_document(run, spec_id, key, is_local=registry.is_local, local_file=registry.path_of, builtin_folder=_BUILTIN_SPECS)


def _checklist_document(run: RepoContext, checklist_id: str, key: str) -> YamlDocument | None:
    registry = checklist_registry(run)
    return _declaring_document(run, checklist_id, key, is_local=registry.is_local, local_file=registry.path_of, builtin_folder=_BUILTIN_CHECKLISTS)


def _file_problem(document: YamlDocument | None, fallback: str, key_path: KeyPath, message: str, *, key: str, hint: str) -> Problem:
    location = document.location_of(key_path) if document is not None else None
    return Problem(
        message=message,
        key=key,
        hint=hint,
        file=document.display if document is not None else fallback,
        line=location[0] if location else None,
        column=location[1] if location else None,
        field=format_field_path(key_path),
    )


# spec-stale

_OLD_SPEC = """\
id: amazon-de
extends: amazon-de
checked: 2024-06-01
"""
_FRESH_SPEC = _OLD_SPEC.replace("2024-06-01", "2026-11-20")


class SpecStale(Rule):
    id = "spec-stale"
    level = Level.WARNING
    scope = Scope.TARGET
    family = "specs"
    summary = N_("a platform spec or checklist in use was last checked too long ago")
    description = N_(
        "Marketplaces and regulators change their rules. Every spec and checklist records the date it was "
        "last checked against its sources (`checked:`); a spec that a linted SKU targets, or a checklist that "
        "applies to it, whose date is more than `lint.spec_max_age_days` (default 365) before today is "
        "reported once per run, on the file that states the date."
    )
    examples = (
        Example(True, N_("a local spec checked last month"), {"specs/amazon-de.yaml": _FRESH_SPEC}),
        Example(False, N_("a local spec checked two and a half years ago"), {"specs/amazon-de.yaml": _OLD_SPEC}),
        Example(
            False,
            N_("built-in specs older than a 20-day limit"),
            {"linkstar.yaml": "version: 1\nbrand: Example\nsource_locale: en-US\ntargets: [amazon-de]\nlint:\n  spec_max_age_days: 20\n"},
        ),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        target: TargetContext = context
        run = target.sku.run
        reported: set[str] = run.shared.setdefault(_REPORTED_KEY, set())
        limit = run.config.spec_max_age_days
        spec = target.spec
        if f"spec:{spec.id}" not in reported:
            reported.add(f"spec:{spec.id}")
            problem = self._spec_problem(run, spec.id, spec.checked, limit)
            if problem is not None:
                yield problem
        for checklist in relevant_checklists(target):
            if f"checklist:{checklist.id}" in reported:
                continue
            reported.add(f"checklist:{checklist.id}")
            problem = self._checklist_problem(run, checklist.id, checklist.checked, limit)
            if problem is not None:
                yield problem

    @staticmethod
    def _spec_problem(run: RepoContext, spec_id: str, checked: date, limit: int) -> Problem | None:
        age = (run.today - checked).days
        if age <= limit:
            return None
        if run.repo.specs.is_local(spec_id):
            hint = _("Check the rules against their sources, update what changed and set checked: to the date of the check.")
        else:
            hint = _(
                "Update linkstar for newer built-in specs, or check the rules yourself in a local spec (specs/{spec}.yaml with extends: {spec}) and set its checked: date.",
                spec=spec_id,
            )
        return _file_problem(
            _spec_document(run, spec_id, "checked"),
            run.repo.specs.path_of(spec_id),
            ("checked",),
            _("spec \"{spec}\" was last checked {age} days ago, on {checked} ({age} > {max} days)", spec=spec_id, checked=checked.isoformat(), age=age, max=limit),
            key=f"spec:{spec_id}",
            hint=hint,
        )

    @staticmethod
    def _checklist_problem(run: RepoContext, checklist_id: str, checked: date, limit: int) -> Problem | None:
        age = (run.today - checked).days
        if age <= limit:
            return None
        registry = checklist_registry(run)
        if registry.is_local(checklist_id):
            hint = _("Check the items against their sources, update what changed and set checked: to the date of the check.")
        else:
            hint = _(
                "Update linkstar for newer built-in checklists, or check the items yourself in a local checklist (checklists/{checklist}.yaml with extends: {checklist}) and set its checked: date.",
                checklist=checklist_id,
            )
        return _file_problem(
            _checklist_document(run, checklist_id, "checked"),
            registry.path_of(checklist_id),
            ("checked",),
            _("checklist \"{checklist}\" was last checked {age} days ago, on {checked} ({age} > {max} days)", checklist=checklist_id, checked=checked.isoformat(), age=age, max=limit),
            key=f"checklist:{checklist_id}",
            hint=hint,
        )


# checklist-unknown

_LOCAL_CHECKLIST = """\
id: acme-labels
name: Acme house rules for labels
source: {ref: Acme compliance handbook 2026, kind: official}
checked: 2026-11-01
items:
  - id: care-label-photo
    description: photo of the care label
    evidence:
      - asset: {role: compliance, shows: care-label}
    source: {ref: Acme compliance handbook 2026, kind: official}
"""


def _spec_naming(checklist: str) -> str:
    return f"""\
id: amazon-de
extends: amazon-de
compliance:
  - checklist: eu-gpsr
  - checklist: {checklist}
    categories: [toys, toys.*]
"""


class ChecklistUnknown(Rule):
    id = "checklist-unknown"
    level = Level.ERROR
    scope = Scope.REPO
    family = "specs"
    summary = N_("a local spec names a compliance checklist that does not exist")
    description = N_(
        "A spec's `compliance:` entries name checklists by id: built-in ones such as eu-gpsr, or the repo's own "
        "in `checklists/<id>.yaml`. A misspelt id would silently check nothing, so it is an error. The rule also "
        "loads every local checklist, so that a broken one is reported by the schema rule even when no spec uses it."
    )
    examples = (
        Example(True, N_("a local spec that names a local checklist"), {"specs/amazon-de.yaml": _spec_naming("acme-labels"), "checklists/acme-labels.yaml": _LOCAL_CHECKLIST}),
        Example(False, N_("a misspelt checklist id"), {"specs/amazon-de.yaml": _spec_naming("acme-label")}),
    )

    def check(self, context: Any, options: Any) -> Iterable[Problem]:
        run: RepoContext = context
        registry = checklist_registry(run)
        for checklist_id in registry.ids():
            if registry.is_local(checklist_id):
                load_checklist(run, checklist_id)
        reported: set[tuple[str, int]] = set()
        for spec_id in run.repo.specs.ids():
            if not run.repo.specs.is_local(spec_id):
                continue  # the built-in specs name only built-in checklists, which a test keeps true
            spec = run.spec(spec_id)
            document = _spec_document(run, spec_id, "compliance")
            if spec is None or document is None or document.display.startswith(f"{_BUILTIN_SPECS}/"):
                continue
            for index, use in enumerate(spec.compliance):
                if use.checklist in registry.ids() or (document.display, index) in reported:
                    continue
                reported.add((document.display, index))
                yield _file_problem(
                    document,
                    document.display,
                    ("compliance", index, "checklist"),
                    _("unknown checklist \"{checklist}\"", checklist=use.checklist),
                    key=f"checklist:{use.checklist}",
                    hint=_("Known checklists: {known}. A local one goes in checklists/{checklist}.yaml.", known=", ".join(registry.ids()), checklist=use.checklist),
                )


RULES = (SpecStale(), ChecklistUnknown())
