"""Compliance checklists as data: the model, how an item is judged, and loading the checklist files.

Built-in checklists live in ``platform_specs/checklists/<id>.yaml``, and a content repo
may add its own in ``checklists/<id>.yaml``. A local checklist with the id of a built-in
one replaces it, or changes single items when it states ``extends: <id>``. A platform
spec's ``compliance:`` entries name the checklists that apply to each product category.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from linkstar_cli.errors import ConfigError
from linkstar_cli.i18n import _
from linkstar_cli.model.assets import AssetCatalog, AssetRole
from linkstar_cli.model.base import StrictModel
from linkstar_cli.model.brief import Brief
from linkstar_cli.model.reviews import ChecklistId, ItemId, Signoff
from linkstar_cli.model.types import Market
from linkstar_cli.repo.yamlio import YamlDocument
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.model import Source
from linkstar_cli.specs.registry import DataRegistry, scan_folder

FactValue = bool | int | float | str


# Dotted paths into brief.yaml (compliance.manufacturer.email)


def _without_none(annotation: Any) -> Any:
    args = get_args(annotation)
    if get_origin(annotation) in (Union, UnionType) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def brief_field_type(path: str) -> Any | None:
    """Return the type of a dotted brief field such as ``compliance.manufacturer.email``, or None when there is none."""
    annotation: Any = Brief
    for part in path.split("."):
        model = _without_none(annotation)
        if not _is_model(model) or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
    return annotation


@cache
def brief_paths() -> tuple[str, ...]:
    """List every dotted brief field path, for suggestions in error messages."""
    found: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            path = f"{prefix}{name}"
            found.append(path)
            inner = _without_none(info.annotation)
            if _is_model(inner):
                walk(inner, path + ".")

    walk(Brief, "")
    return tuple(found)


def brief_value(brief: Brief, path: str) -> Any:
    """Return the value at a dotted path, None when it or a parent is unset."""
    value: Any = brief
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def is_set(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _unknown_path(path: str) -> PydanticCustomError:
    close = difflib.get_close_matches(path, brief_paths(), n=1)
    hint = _("Did you mean \"{suggestion}\"?", suggestion=close[0]) if close else _("Name a field of brief.yaml with dots, for example compliance.manufacturer.email.")
    return PydanticCustomError("brief_path", _("\"{path}\" is not a field of brief.yaml"), {"path": path, "hint": hint})


# The model


class Condition(StrictModel):
    """When an item applies. Every part that is given must hold; an empty condition always holds."""

    brief: dict[str, FactValue] = Field(
        default_factory=dict,
        description="Brief facts by dotted path and the value that makes the item apply, for example compliance.electrical: true.",
    )
    categories: list[str] = Field(default_factory=list, description="Category patterns (fnmatch) the item applies to; empty means every category.")
    markets: list[Market] = Field(default_factory=list, description="Markets the item applies to; empty means every market of the checklist.")

    @field_validator("brief", mode="before")
    @classmethod
    def _facts_are_brief_fields(cls, facts: Any) -> Any:
        if not isinstance(facts, dict):
            return facts
        converted: dict[str, Any] = {}
        for path, value in facts.items():
            kind = brief_field_type(str(path))
            if kind is None:
                raise _unknown_path(str(path))
            single = _without_none(kind)
            if _is_model(single) or get_origin(single) in (list, dict):
                raise PydanticCustomError(
                    "fact_kind",
                    _("a condition can only compare a single value, and \"{path}\" holds several"),
                    {"path": path, "hint": _("Compare a field such as compliance.electrical, or use evidence to require a whole record.")},
                )
            try:
                converted[path] = TypeAdapter(single).validate_python(value)
            except ValidationError:
                raise PydanticCustomError(
                    "fact_value",
                    _("\"{value}\" is not a possible value of {path}"),
                    {"value": value, "path": path, "hint": _("Write a value that brief.yaml could hold there, for example true or false.")},
                ) from None
        return converted

    def judge(self, brief: Brief, market: str) -> tuple[bool, list[str]]:
        """Return whether the item may apply, and the brief facts it depends on that are not set.

        A fact that is set and differs rules the item out; facts left unset cannot,
        so they come back for the caller to ask about.
        """
        if self.markets and market not in self.markets:
            return False, []
        if self.categories and not category_matches(brief.category, self.categories):
            return False, []
        unknown = []
        for path, expected in self.brief.items():
            value = brief_value(brief, path)
            if value is None:
                unknown.append(path)
            elif value != expected:
                return False, []
        return True, unknown


class AssetEvidence(StrictModel):
    """An asset in assets.yaml with this role, showing this mark, usable in the market."""

    role: AssetRole | None = None
    shows: str | None = Field(default=None, description="Mark the asset must list in its shows:, for example WEEE or PSE.")

    @model_validator(mode="after")
    def _something_required(self) -> AssetEvidence:
        if self.role is None and self.shows is None:
            raise PydanticCustomError("asset_evidence", _("asset evidence needs a role, a mark in shows, or both"), {"hint": _("Add role: compliance or shows: WEEE.")})
        return self


class Evidence(StrictModel):
    """One way to satisfy an item; an entry states exactly one kind of evidence."""

    fields: list[str] = Field(default_factory=list, description="Brief fields (dotted paths) that must all be filled in.")
    certification: str | None = Field(default=None, description="Mark that must be listed in the brief's certifications, for example CE.")
    asset: AssetEvidence | None = None
    signoff: Literal["required"] | None = Field(default=None, description="A sign-off recorded with `linkstar signoff` for this item and market.")

    @field_validator("fields")
    @classmethod
    def _fields_exist(cls, fields: list[str]) -> list[str]:
        for path in fields:
            if brief_field_type(path) is None:
                raise _unknown_path(path)
        return fields

    @model_validator(mode="after")
    def _one_kind(self) -> Evidence:
        kinds = [bool(self.fields), self.certification is not None, self.asset is not None, self.signoff is not None]
        if sum(kinds) != 1:
            raise PydanticCustomError(
                "evidence_kind",
                _("each evidence entry states exactly one of fields, certification, asset or signoff"),
                {"hint": _("Write alternatives as separate entries of the evidence list; any one of them satisfies the item.")},
            )
        return self

    def missing(self, facts: ListingFacts, checklist: str, item: str) -> Evidence | None:
        """Return what is missing of this evidence (for fields: only the unset ones), or None when it is there."""
        if self.fields:
            unset = [path for path in self.fields if not is_set(brief_value(facts.brief, path))]
            return Evidence(fields=unset) if unset else None
        if self.certification is not None:
            wanted = self.certification.casefold()
            return None if any(mark.casefold() == wanted for mark in facts.brief.certifications) else self
        if self.asset is not None:
            return None if facts.assets is None or _asset_present(self.asset, facts.assets, facts.market) else self
        if facts.signoffs is None:
            return None
        recorded = any(signoff.checklist == checklist and signoff.item == item and signoff.market == facts.market for signoff in facts.signoffs)
        return None if recorded else self


def _asset_present(wanted: AssetEvidence, catalog: AssetCatalog, market: str) -> bool:
    for asset in catalog.assets:
        if wanted.role is not None and asset.role != wanted.role:
            continue
        if wanted.shows is not None and wanted.shows.casefold() not in {mark.casefold() for mark in asset.shows}:
            continue
        if asset.markets and market not in asset.markets:
            continue
        return True
    return False


class ChecklistItem(StrictModel):
    """One thing a listing must show or a person must confirm."""

    id: ItemId
    description: str = Field(description="What the item asks for, in English, as a lower-case phrase.")
    when: Condition = Field(default_factory=Condition)
    evidence: list[Evidence] = Field(min_length=1, description="Alternatives; any one of them satisfies the item.")
    source: Source | list[Source]
    notes: str | None = None

    @property
    def accepts_signoff(self) -> bool:
        return any(evidence.signoff is not None for evidence in self.evidence)

    def unmet(self, facts: ListingFacts, checklist: str) -> list[Evidence] | None:
        """Return what each alternative lacks, or None when one of them is satisfied."""
        lacking = []
        for evidence in self.evidence:
            missing = evidence.missing(facts, checklist, self.id)
            if missing is None:
                return None
            lacking.append(missing)
        return lacking


class Checklist(StrictModel):
    """``platform_specs/checklists/<id>.yaml`` or ``checklists/<id>.yaml``: the items that one set of rules requires."""

    id: ChecklistId
    extends: ChecklistId | None = Field(default=None, description="Checklist whose items this one starts from; items with the same id replace the inherited ones.")
    name: str
    markets: list[Market] = Field(default_factory=list, description="Markets where the rules apply; empty means every market.")
    source: Source | list[Source]
    checked: date = Field(description="Date the items were last checked against their sources.")
    items: list[ChecklistItem] = Field(default_factory=list)
    remove_items: list[ItemId] = Field(default_factory=list, description="Ids of inherited items to drop; only with extends.")
    notes: str | None = None

    @model_validator(mode="after")
    def _item_ids_unique(self) -> Checklist:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise PydanticCustomError("duplicate_item", _("item id \"{item}\" appears twice"), {"item": item.id, "hint": _("Give every item its own id.")})
            seen.add(item.id)
        if self.remove_items and self.extends is None:
            raise PydanticCustomError("remove_items", _("remove_items needs extends"), {"hint": _("Name the checklist to remove items from in extends:, or delete the items from this file.")})
        return self

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def covers_market(self, market: str) -> bool:
        return not self.markets or market in self.markets


@dataclass(frozen=True)
class ListingFacts:
    """The facts checklist items are judged against: one SKU offered in one market.

    ``assets`` or ``signoffs`` is None when its file failed to load. Evidence of that
    kind then counts as present, so that only the load error is reported.
    """

    brief: Brief
    market: str
    assets: AssetCatalog | None
    signoffs: list[Signoff] | None


def category_matches(category: str, patterns: list[str]) -> bool:
    return any(fnmatchcase(category, pattern) for pattern in patterns)


# Loading


def merge_checklists(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge a checklist file over the one it extends: items merge by id, other keys are replaced."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if key == "items" and isinstance(value, list) and isinstance(merged.get("items"), list):
            merged["items"] = _merge_items(merged["items"], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _merge_items(base: list[Any], override: list[Any]) -> list[Any]:
    items = copy.deepcopy(base)
    position = {item.get("id"): index for index, item in enumerate(items) if isinstance(item, dict)}
    for item in override:
        key = item.get("id") if isinstance(item, dict) else None
        if key is not None and key in position:
            items[position[key]] = copy.deepcopy(item)
        else:
            items.append(copy.deepcopy(item))
    return items


class ChecklistRegistry(DataRegistry[Checklist]):
    """All checklists visible from a content repo: built-in ones, then local ``checklists/*.yaml``."""

    model = Checklist

    def __init__(self, local_dir: Path | None = None, local_display: str = "checklists") -> None:
        builtin = scan_folder(data_dir("platform_specs") / "checklists", "platform_specs/checklists")
        super().__init__(builtin, scan_folder(local_dir, local_display) if local_dir else {})

    def unknown(self, checklist_id: str) -> ConfigError:
        return ConfigError(
            _("unknown checklist \"{checklist}\"", checklist=checklist_id),
            hint=_("Known checklists: {known}.", known=", ".join(self.ids())),
        )

    def id_mismatch_message(self, file: str, found: str, expected: str) -> str:
        return _("checklist file {file} declares id \"{found}\"; the file name says \"{expected}\"", file=file, found=found, expected=expected)

    def loop_message(self, file: str, chain: str) -> str:
        return _("checklist {file} extends itself through {chain}", file=file, chain=chain)

    def merge(self, base: dict[str, Any], data: dict[str, Any], document: YamlDocument) -> dict[str, Any]:
        merged = merge_checklists(base, data)
        _remove_items(merged, data, document)
        return merged


def _remove_items(merged: dict[str, Any], data: dict[str, Any], document: YamlDocument) -> None:
    removals = data.get("remove_items")
    if not isinstance(removals, list):
        return
    items = merged.get("items") if isinstance(merged.get("items"), list) else []
    known = {item.get("id") for item in items if isinstance(item, dict)}
    for index, item_id in enumerate(removals):
        if item_id not in known:
            raise ConfigError(
                _("remove_items names \"{item}\", which the checklist does not have", item=item_id),
                path=document.display,
                line=document.line_of(("remove_items", index)),
                hint=_("Items that can be removed: {items}.", items=", ".join(sorted(str(key) for key in known))),
                code="config",
            )
    merged["items"] = [item for item in items if not (isinstance(item, dict) and item.get("id") in removals)]


