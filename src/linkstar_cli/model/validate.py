"""Turning pydantic validation errors into user messages with file, line and field path."""

from __future__ import annotations

import difflib
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from linkstar_cli.errors import ErrorList, InputError
from linkstar_cli.i18n import _
from linkstar_cli.repo.yamlio import KeyPath, YamlDocument

ModelT = TypeVar("ModelT", bound=BaseModel)


def format_field_path(loc: KeyPath) -> str:
    """Format a location tuple as ``bullets[2]`` or ``variants[0].gtin``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _model_at(model: type[BaseModel], loc: KeyPath) -> type[BaseModel] | None:
    """Find the model class that owns the last key of ``loc``, stepping over list indexes and mapping keys."""
    annotation: Any = model
    for part in loc:
        annotation = _strip_optional(annotation)
        origin = get_origin(annotation)
        if origin in (list, tuple, set) or isinstance(part, int):
            args = get_args(annotation)
            annotation = args[0] if args else annotation
            continue
        if origin is dict:
            annotation = get_args(annotation)[-1]
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        info = annotation.model_fields.get(str(part))
        if info is None:
            return None
        annotation = info.annotation
    annotation = _strip_optional(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _strip_optional(annotation: Any) -> Any:
    """Reduce ``X | None`` (and ``Annotated[X, ...]``) to ``X``; leave other unions as they are."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        args = get_args(annotation)
        if get_origin(annotation) in (Union, UnionType) and type(None) in args:
            rest = [arg for arg in args if arg is not type(None)]
            if len(rest) == 1:
                annotation = rest[0]
                continue
        return annotation


def _describe(error: dict[str, Any], model: type[BaseModel], loc: KeyPath) -> tuple[str, str | None]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    field = str(loc[-1]) if loc else ""
    if kind == "missing":
        allowed = _allowed_values(model, loc)
        if allowed:
            return _("required field \"{field}\" is missing", field=field), _("Add \"{field}:\" with one of: {values}.", field=field, values=allowed)
        return _("required field \"{field}\" is missing", field=field), _("Add \"{field}:\" with a value.", field=field)
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(field, allowed, n=1)
        if close:
            return _("unknown field \"{field}\"", field=field), _("Did you mean \"{suggestion}\"?", suggestion=close[0])
        return _("unknown field \"{field}\"", field=field), _("Allowed fields here: {fields}.", fields=", ".join(allowed))
    if kind == "string_type":
        return (
            _("expected text, got {type}", type=_type_name(value)),
            _("Put the value in quotes, or write a single line of text."),
        )
    if kind in ("int_parsing", "int_type", "int_from_float", "float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return (
            _("expected a number, got \"{value}\"", value=value),
            _("Write a plain number with a dot as decimal separator and no unit, for example 1.5."),
        )
    if kind in ("bool_parsing", "bool_type"):
        return _("expected true or false, got \"{value}\"", value=value), _("Write true or false.")
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("expected a date, got \"{value}\"", value=value), _("Write the date as YYYY-MM-DD, for example 2026-12-31.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("expected a list, got {type}", type=_type_name(value)), _("Write one item per line, each starting with \"- \".")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        named = next((str(part) for part in reversed(loc) if isinstance(part, str)), field)
        owner = _model_at(model, loc)
        if owner is not None:
            keys = ", ".join(name for name, info in owner.model_fields.items() if info.is_required()) or ", ".join(owner.model_fields)
            return (
                _("expected a mapping, got {type}", type=_type_name(value)),
                _("Write the fields of \"{field}\" as key: value pairs, for example {{{keys}}}; required: {required}.", field=named, keys=_example_keys(owner), required=keys),
            )
        return _("expected a mapping, got {type}", type=_type_name(value)), _("Write \"key: value\" pairs indented under \"{field}:\".", field=named)
    if kind in ("literal_error", "enum"):
        return _("\"{value}\" is not allowed here", value=value), _("Use one of: {expected}.", expected=ctx.get("expected", ""))
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        messages = {
            "greater_than": _("must be greater than {limit}, got {value}", limit=limit, value=value),
            "greater_than_equal": _("must be at least {limit}, got {value}", limit=limit, value=value),
            "less_than": _("must be less than {limit}, got {value}", limit=limit, value=value),
            "less_than_equal": _("must be at most {limit}, got {value}", limit=limit, value=value),
        }
        return messages[kind], None
    if kind in ("finite_number",):
        return _("expected a finite number, got \"{value}\"", value=value), None
    if kind == "decimal_max_places":
        return _("too many decimal places in {value}", value=value), _("Round the value to {places} decimal places.", places=ctx.get("decimal_places", ""))
    if kind == "string_pattern_mismatch":
        return _("\"{value}\" does not have the expected form", value=value), None
    if kind in ("string_too_short", "too_short"):
        return _("value is too short"), None
    if kind in ("string_too_long", "too_long"):
        return _("value is too long"), None
    hint = ctx.get("hint") if isinstance(ctx.get("hint"), str) else None
    return str(error["msg"]), hint


def _example_keys(owner: type[BaseModel]) -> str:
    """Return ``a: ..., b: ...`` for the first fields of a model, to show the shape of a mapping."""
    return ", ".join(f"{name}: ..." for name in list(owner.model_fields)[:3])


def _allowed_values(model: type[BaseModel], loc: KeyPath) -> str:
    """List the values a missing Literal field accepts, so the hint can offer them."""
    owner = _model_at(model, loc[:-1])
    info = owner.model_fields.get(str(loc[-1])) if owner is not None and loc else None
    if info is None:
        return ""
    annotation = _strip_optional(info.annotation)
    if get_origin(annotation) is Literal:
        return ", ".join(str(value) for value in get_args(annotation))
    return ""


def _type_name(value: Any) -> str:
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if value is None:
        return _("an empty value")
    if isinstance(value, bool):
        return _("a true/false value")
    if isinstance(value, (int, float)):
        return _("a number")
    return _("text")


def errors_from_validation(error: ValidationError, model: type[BaseModel], document: YamlDocument) -> list[InputError]:
    """Convert each entry of a pydantic ValidationError into an InputError located in ``document``."""
    problems: list[InputError] = []
    seen: set[tuple[KeyPath, str]] = set()
    for entry in error.errors(include_url=False):
        loc: KeyPath = tuple(part for part in entry["loc"] if not (isinstance(part, str) and "[" in part))
        if (loc, entry["type"]) in seen:
            continue
        seen.add((loc, entry["type"]))
        message, hint = _describe(entry, model, loc)
        location = document.location_of(loc)
        problems.append(
            InputError(
                message,
                path=document.display,
                line=location[0] if location else None,
                column=location[1] if location else None,
                field=format_field_path(loc) or None,
                hint=hint,
                code="schema",
            )
        )
    problems.sort(key=lambda problem: (problem.line or 0, problem.column or 0))
    return problems


def validate_document(document: YamlDocument, model: type[ModelT]) -> ModelT:
    """Validate a parsed YAML document against ``model``; raise ErrorList with located messages."""
    data = document.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            _("{file} must contain a mapping of fields at the top level", file=document.display),
            path=document.display,
            line=1,
            hint=_("Start the file with \"field: value\" lines, not a list or a single value."),
            code="schema",
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ErrorList(errors_from_validation(error, model, document)) from None
