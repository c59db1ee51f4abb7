"""The Jinja sandbox that listing templates run in, and the translation of its errors.

Templates come from a content repo, so they are treated as untrusted. They run
in an ``ImmutableSandboxedEnvironment`` (no underscore attributes, no mutation
of the context) and load only from the search folders. Every failure becomes a
``TemplateError`` that names the template as the user sees it and the line.

A template is also stopped when it would take unbounded time or memory: loops
share a budget of ``MAX_LOOP_ITERATIONS`` per render, printed values a budget of
``MAX_OUTPUT_CHARS``, and repetition, powers and padding widths are capped.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any, NamedTuple

import jinja2
from jinja2 import (
    BaseLoader,
    StrictUndefined,
    TemplateAssertionError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    nodes,
)
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing

from linkstar_cli.errors import TemplateError
from linkstar_cli.i18n import _

# Caps on "*" and "**" so that an expression like "x" * 10**10 fails instead of
# exhausting memory. Jinja's sandbox caps range() at MAX_RANGE (100,000) items itself.
# NOTE: text joined with "~" or by filters such as join and replace is not capped,
# so a macro that doubles a string on each recursive call can still use much
# memory before the recursion limit stops it.
MAX_REPEATED_LENGTH = 1_000_000
MAX_EXPONENT = 100
# Budgets for one render of a listing template, its includes and macros. A listing
# loops over a few bullets and variants and prints kilobytes, so these stop only
# runaway templates: nested loops, and output that would not fit in memory.
MAX_LOOP_ITERATIONS = 1_000_000
MAX_OUTPUT_CHARS = 10_000_000
# str methods and filters whose width argument sets the length of their result.
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_FORMAT_METHODS = frozenset({"format", "format_map"})
# Widths and precisions in "%10.2f" and "{:>10}" format strings.
_PERCENT_WIDTH = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d+))?")
_BRACE_WIDTH = re.compile(r"\{[^{}]*:[^{}\d]*(\d*)(?:\.(\d+))?[^{}]*\}")
_LOOP_FILTER = "linkstar-loop-budget"  # not a valid filter name in a template, so templates cannot call or replace it


class MissingValueError(UndefinedError):
    """An undefined variable, attribute or item, with the name that was looked up."""

    def __init__(self, message: str | None = None, *, name: object = None, is_member: bool = False, keys: list[str] | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.is_member = is_member
        self.keys = keys or []


class NonePrintedError(Exception):
    """A template printed None, which means an optional value was used without a test."""


class HelperValueError(Exception):
    """A helper such as ``weight()`` got a value it cannot format. Its message is already translated."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UnsafeTemplatePathError(TemplateNotFound):
    """A template name that is absolute or contains "..", or a link that resolves outside its search folder."""

    def __init__(self, name: str, link: Path | None = None) -> None:
        super().__init__(name)
        self.link = link


class TemplateReadError(Exception):
    """A template file exists but cannot be read as UTF-8 text."""

    def __init__(self, path: Path, cause: OSError | UnicodeDecodeError) -> None:
        super().__init__(str(cause))
        self.path = path
        self.cause = cause


class SizeLimitError(SecurityError):
    """A template expression would build a value beyond the caps of ``ListingEnvironment``."""


class _BudgetCodeGenerator(CodeGenerator):
    """Jinja's code generator, with every ``for`` loop's iterable passed through the loop budget filter."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno)
        super().visit_Template(node, frame)


class _TrackedUndefined(StrictUndefined):
    """StrictUndefined that raises ``MissingValueError`` carrying the name and the keys that exist."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = missing, name: str | None = None, exc: type[jinja2.TemplateRuntimeError] = UndefinedError) -> None:
        # The sandbox passes exc=SecurityError for unsafe attributes; keep that one.
        if exc is UndefinedError:
            keys = sorted(str(key) for key in obj) if isinstance(obj, Mapping) else []
            exc = functools.partial(MissingValueError, name=name, is_member=obj is not missing, keys=keys)  # type: ignore[assignment]
        super().__init__(hint, obj, name, exc)


def _reject_none(value: object) -> object:
    if value is None:
        raise NonePrintedError()
    return value


def _dumps(value: object, **kwargs: Any) -> str:
    """Serialize for the ``tojson`` filter, writing Decimals (prices) as exact strings."""

    def default(item: object) -> object:
        if isinstance(item, Decimal):
            return str(item)
        if isinstance(item, jinja2.Undefined):
            str(item)  # raises MissingValueError, naming what was undefined
        raise TypeError(f"{type(item).__name__} is not JSON serializable")

    return json.dumps(value, default=default, **kwargs)


def check_template_name(name: str) -> list[str]:
    """Split a template name into path parts, raising ``UnsafeTemplatePathError`` for a path that leaves its folder."""
    parts = PurePosixPath(name).parts
    if not parts or "\\" in name or "\0" in name or parts[0] == "/" or ":" in parts[0] or ".." in parts:
        raise UnsafeTemplatePathError(name)
    return list(parts)


class SearchPathLoader(BaseLoader):
    """Load each template from the first search folder that contains it. A link may not lead out of that folder."""

    def __init__(self, search_dirs: list[Path]) -> None:
        self.search_dirs = [folder.resolve() for folder in search_dirs]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        parts = check_template_name(template)
        for folder in self.search_dirs:
            candidate = folder.joinpath(*parts)
            if not candidate.is_file():
                continue
            if not candidate.resolve().is_relative_to(folder):
                raise UnsafeTemplatePathError(template, link=candidate)
            try:
                mtime = candidate.stat().st_mtime
                source = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise TemplateReadError(candidate, error) from error
            return source, str(candidate), functools.partial(_unchanged, candidate, mtime)
        raise TemplateNotFound(template)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


class ListingEnvironment(ImmutableSandboxedEnvironment):
    """The listing template sandbox, with size caps on repetition and powers."""

    intercepted_binops = frozenset({"*", "**", "%"})
    code_generator_class = _BudgetCodeGenerator

    def __init__(self, search_dirs: list[Path]) -> None:
        super().__init__(
            loader=SearchPathLoader(search_dirs),
            undefined=_TrackedUndefined,
            autoescape=False,
            finalize=self._finalize_output,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.search_dirs = [folder.resolve() for folder in search_dirs]
        self.policies["json.dumps_function"] = _dumps
        self.policies["json.dumps_kwargs"] = {"ensure_ascii": False}
        self.filters[_LOOP_FILTER] = self._count_iterations
        self.filters["center"] = _bounded_center
        self.filters["format"] = _bounded_format
        self.reset_budgets()

    def reset_budgets(self) -> None:
        """Give the next render the full loop and output budgets."""
        self.iterations_left = MAX_LOOP_ITERATIONS
        self.output_left = MAX_OUTPUT_CHARS

    def _count_iterations(self, iterable: Any) -> Any:
        for item in iterable:
            self.iterations_left -= 1
            if self.iterations_left < 0:
                raise SizeLimitError(_("the loops of this template ran more than {max} times", max=MAX_LOOP_ITERATIONS))
            yield item

    def _finalize_output(self, value: object) -> object:
        _reject_none(value)
        self.output_left -= len(value) if isinstance(value, str) else len(str(value))
        if self.output_left < 0:
            raise SizeLimitError(_("the template printed more than {max} characters", max=MAX_OUTPUT_CHARS))
        return value

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if isinstance(getattr(obj, "__self__", None), str) and getattr(obj, "__name__", "") in _WIDTH_METHODS:
            _check_width(*args, *kwargs.values())
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # The sandbox replaces str.format and str.format_map when they are looked up, so the widths are checked there.
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in _FORMAT_METHODS:
            _check_format(_BRACE_WIDTH, owner)
        return super().wrap_str_format(value)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SizeLimitError(_("an exponent above {max} is not allowed", max=MAX_EXPONENT))
        if operator == "%" and isinstance(left, str):
            _check_format(_PERCENT_WIDTH, left)
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and len(sequence) * count > MAX_REPEATED_LENGTH:
                    raise SizeLimitError(_("repeating text or a list beyond {max} items is not allowed", max=MAX_REPEATED_LENGTH))
        return super().call_binop(context, operator, left, right)


def _check_width(*values: object) -> None:
    for value in values:
        if isinstance(value, int) and value > MAX_REPEATED_LENGTH:
            raise SizeLimitError(_("a text width above {max} characters is not allowed", max=MAX_REPEATED_LENGTH))


def _check_format(pattern: re.Pattern[str], text: str) -> None:
    for match in pattern.finditer(text):
        _check_width(*(int(group) for group in match.groups() if group))


def _bounded_format(value: str, *args: Any, **kwargs: Any) -> str:
    """Jinja's ``format`` filter, with the widths in the format string capped like repetition."""
    _check_format(_PERCENT_WIDTH, str(value))
    return jinja2.filters.do_format(value, *args, **kwargs)


def _bounded_center(value: str, width: int = 80) -> str:
    """Jinja's ``center`` filter, with the width capped like repetition."""
    _check_width(width)
    return str(value).center(width)


class RenderedTemplate(NamedTuple):
    text: str
    display: str  # the template's path as the user sees it, for messages


def display_name(filename: str, search_dirs: list[Path], display_root: Path | None) -> str:
    """Name a template file as the user sees it: repo-relative for local ones, ``templates/...`` for built-ins."""
    path = Path(filename)
    root = display_root.resolve() if display_root is not None else None
    for folder in search_dirs:
        if not path.is_relative_to(folder):
            continue
        relative = path.relative_to(folder)
        if root is not None and folder.is_relative_to(root):
            return (folder.relative_to(root) / relative).as_posix()
        return (Path(folder.name) / relative).as_posix()
    return path.as_posix()


def render_template(env: ListingEnvironment, name: str, context: dict[str, Any], display_root: Path | None) -> RenderedTemplate:
    """Render template ``name`` from the search folders, turning every template failure into ``TemplateError``."""
    env.reset_budgets()
    try:
        template = env.get_template(name)
        display = display_name(template.filename or name, env.search_dirs, display_root)
        return RenderedTemplate(template.render(context), display)
    except UnsafeTemplatePathError as error:
        raise _unsafe_path(error, env, display_root) from None
    except TemplateNotFound as error:
        raise _not_found(error, env, display_root) from None
    except TemplateSyntaxError as error:
        raise _syntax(error, env, display_root) from None
    except TemplateReadError as error:
        display, line, _filename = _where(error, env, display_root)
        raise TemplateError(
            _("cannot read template {file}: {error}", file=display_name(str(error.path), env.search_dirs, display_root), error=str(error.cause)),
            path=display,
            line=line,
            hint=_("Save the template as UTF-8 text and check that it is readable."),
        ) from None
    except (jinja2.TemplateError, NonePrintedError, HelperValueError, TypeError, ValueError, ArithmeticError, LookupError, RecursionError) as error:
        raise _runtime(error, env, display_root) from None


def _template_frame(error: BaseException, env: ListingEnvironment) -> tuple[str, int] | None:
    """Find the innermost traceback frame that Jinja rewrote to point at a template file and line."""
    found = None
    trace: TracebackType | None = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if any(Path(filename).is_relative_to(folder) for folder in env.search_dirs):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _where(error: BaseException, env: ListingEnvironment, display_root: Path | None) -> tuple[str | None, int | None, str | None]:
    frame = _template_frame(error, env)
    if frame is None:
        return None, None, None
    filename, line = frame
    return display_name(filename, env.search_dirs, display_root), line, filename


def _unsafe_path(error: UnsafeTemplatePathError, env: ListingEnvironment, display_root: Path | None) -> TemplateError:
    display, line, _filename = _where(error, env, display_root)
    if error.link is not None:
        return TemplateError(
            _("template \"{file}\" is a link to a file outside the templates folder", file=display_name(str(error.link), env.search_dirs, display_root)),
            path=display,
            line=line,
            hint=_("Replace the link with a copy of the template, because templates are read only from inside the templates folders."),
        )
    return TemplateError(
        _("template path \"{name}\" leaves the templates folder", name=error.name),
        path=display,
        line=line,
        hint=_("Name templates relative to templates/, such as amazon/listing.json.j2, without \"..\", a leading slash or a link that points outside the folder."),
    )


def _not_found(error: TemplateNotFound, env: ListingEnvironment, display_root: Path | None) -> TemplateError:
    display, line, _filename = _where(error, env, display_root)
    return TemplateError(
        _("template \"{name}\" not found in the repo's templates folder or the built-in templates", name=error.name),
        path=display,
        line=line,
        hint=_("Check the template path in the platform spec (render.listing) or in the include. Paths are relative to templates/."),
    )


def _syntax(error: TemplateSyntaxError, env: ListingEnvironment, display_root: Path | None) -> TemplateError:
    display = display_name(error.filename, env.search_dirs, display_root) if error.filename else error.name
    if isinstance(error, TemplateAssertionError):
        hint = _("Listing templates can use Jinja's built-in filters and tests and the helpers listed in the template documentation.")
    else:
        hint = _("Check that every {{ }}, {% %} and block such as if/for/endif is closed.")
    return TemplateError(_("template syntax error: {error}", error=error.message or ""), path=display, line=error.lineno, hint=hint)


def _runtime(error: BaseException, env: ListingEnvironment, display_root: Path | None) -> TemplateError:
    display, line, filename = _where(error, env, display_root)
    location = {"path": display, "line": line}
    if isinstance(error, MissingValueError) and error.name is not None:
        return _missing_value(error, env, filename, line, location)
    if isinstance(error, SizeLimitError):
        return TemplateError(
            _("template expression too large: {error}", error=str(error)),
            hint=_("A listing template normally prints a few kilobytes, so check the loops, repetitions and widths at this line."),
            **location,
        )
    if isinstance(error, OverflowError) and "MAX_RANGE" in str(error):
        return TemplateError(
            _("template expression too large: range() may count to at most {max}", max=MAX_RANGE),
            hint=_("A listing template normally prints a few kilobytes, so check the loops, repetitions and widths at this line."),
            **location,
        )
    if isinstance(error, RecursionError):
        return TemplateError(
            _("template recursion too deep: a macro or include calls itself without end"),
            hint=_("Give the recursive macro or include a condition that stops it."),
            **location,
        )
    if isinstance(error, SecurityError):
        return TemplateError(
            _("template tried an operation the sandbox forbids: {error}", error=str(error)),
            hint=_("Templates can read the listing data and call the documented helpers, but cannot reach Python internals."),
            **location,
        )
    if isinstance(error, NonePrintedError):
        return TemplateError(
            _("template printed None, so an optional value is missing"),
            hint=_("Test optional values first, {% if brief.gtin %}...{% endif %}, or give a default: {{ copy.title or \"\" }}."),
            **location,
        )
    if isinstance(error, HelperValueError):
        return TemplateError(error.message, hint=error.hint, **location)
    return TemplateError(_("template failed: {error}", error=str(error) or type(error).__name__), **location)


def _missing_value(error: MissingValueError, env: ListingEnvironment, filename: str | None, line: int | None, location: dict[str, Any]) -> TemplateError:
    expression = str(error.name)
    if error.is_member and filename is not None and line is not None:
        expression = _member_expression(env, Path(filename), line, error.name) or expression
    hint = _("Check the spelling. Templates can use sku, locale, spec, brand, brief, copy, price, variants and the helpers weight, length, dimensions, money, number and percent.")
    close = difflib.get_close_matches(str(error.name), error.keys, n=1)
    if close:
        suggestion = expression.rsplit(".", 1)[0] + "." + close[0] if "." in expression else close[0]
        hint = _("Did you mean \"{name}\"?", name=suggestion)
    return TemplateError(_("\"{expression}\" is undefined", expression=expression), hint=hint, **location)


def _member_expression(env: ListingEnvironment, filename: Path, line: int, name: object) -> str | None:
    """Rebuild the dotted expression (``copy.titel``) that looked up ``name`` on ``line`` of the template."""
    try:
        tree = env.parse(filename.read_text(encoding="utf-8"))
    except (OSError, TemplateSyntaxError):
        return None
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if node.lineno != line:
            continue
        if isinstance(node, nodes.Getattr) and node.attr == name:
            return _describe(node)
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and node.arg.value == name:
            return _describe(node)
    return None


def _describe(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        parent = _describe(node.node)
        return f"{parent}.{node.attr}" if parent else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        parent = _describe(node.node)
        return f"{parent}[{node.arg.value!r}]" if parent else None
    return None
