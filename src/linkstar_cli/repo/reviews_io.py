"""Reading and appending to ``skus/<SKU>/reviews.yaml``, keeping the comments and order people wrote.

Reading goes through the strict loader and the ``Reviews`` model, so a broken file is
reported with its line. Writing goes through a ruamel.yaml round trip: a new sign-off or
review is appended and every existing comment, key order and quoting stays as it was.
"""

from __future__ import annotations

import copy
import io
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

from linkstar_cli.errors import InputError, UsageError
from linkstar_cli.i18n import _
from linkstar_cli.model.reviews import Review, Reviews, Signoff
from linkstar_cli.model.schema import schema_file_name
from linkstar_cli.model.validate import validate_document
from linkstar_cli.repo.atomic import write_text_atomic
from linkstar_cli.repo.textio import read_text
from linkstar_cli.repo.yamlio import parse_yaml
from linkstar_cli.specs.checklists import ChecklistRegistry

REVIEWS_FILE = "reviews.yaml"

# The comment lines that open a new file, without their "# ".
NEW_FILE_COMMENT = (
    f"yaml-language-server: $schema=../../schemas/{schema_file_name('reviews')}\n"
    "Compliance sign-offs (appended by `linkstar signoff`) and content reviews (by `linkstar review`)."
)


def read_reviews(path: Path, display: str) -> Reviews:
    """Load a reviews file; a missing file is an empty one."""
    if not path.is_file():
        return Reviews()
    return validate_document(parse_yaml(read_text(path, display), display), Reviews)


def append_signoff(path: Path, display: str, signoff: Signoff) -> None:
    """Append ``signoff`` to the ``signoffs:`` list of the file at ``path``, creating the file when needed.

    An existing file must be valid first, so nothing is written on top of a mistake.
    The write is atomic.
    """
    _append(path, display, "signoffs", _signoff_entry(signoff))


def append_review(path: Path, display: str, review: Review) -> None:
    """Append ``review`` to the ``reviews:`` list of the file at ``path``, creating the file when needed.

    Like ``append_signoff``, it validates an existing file first, keeps its comments and writes atomically.
    """
    _append(path, display, "reviews", _review_entry(review))


def _append(path: Path, display: str, key: str, entry: CommentedMap) -> None:
    existing = read_text(path, display) if path.is_file() else ""
    if existing.strip():
        validate_document(parse_yaml(existing, display), Reviews)
    text = _with_entry(existing, key, entry, display)
    if "\r\n" in existing:
        text = text.replace("\n", "\r\n")
    write_text_atomic(path, text)


def _with_entry(existing: str, key: str, entry: CommentedMap, display: str) -> str:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long notes and addresses
    data: Any = None
    mapping_indent, sequence_indent, dash_offset = 2, 4, 2
    if existing.strip():
        _guess, guessed, guessed_offset = load_yaml_guess_indent(existing)
        data = yaml.load(existing)  # loaded again: only this instance keeps the original quotes
        if guessed is not None and guessed_offset is not None:
            # With block sequences present, the guess is the sequence indent and the dash offset.
            mapping_indent, sequence_indent, dash_offset = max(guessed - guessed_offset, 2), guessed, guessed_offset
        elif guessed is not None:
            mapping_indent, sequence_indent = guessed, guessed + dash_offset
    yaml.indent(mapping=mapping_indent, sequence=sequence_indent, offset=dash_offset)
    kept_comments = ""
    new_file = data is None and not existing.strip()
    if data is None:
        data = CommentedMap()
        if existing.strip():
            kept_comments = existing.rstrip("\r\n").replace("\r\n", "\n") + "\n"  # a file of comments only
        else:
            data.yaml_set_start_comment(NEW_FILE_COMMENT)
    if not isinstance(data, CommentedMap):  # pragma: no cover - validation rejects such a file first
        raise InputError(_("{file} must contain a mapping of fields at the top level", file=display), path=display, line=1)

    if new_file and key == "reviews":
        data["signoffs"] = _empty_list()  # a new file shows both lists, sign-offs first
    entries = data.get(key)
    if not isinstance(entries, CommentedSeq):
        entries = CommentedSeq()
        data[key] = entries
    elif not entries:
        _move_key_comment(data, key, entry)
    else:
        _move_trailing_comment(entries[-1], entry, existing)
    entries.fa.set_block_style()
    entries.append(entry)
    if "reviews" not in data:
        data["reviews"] = _empty_list()

    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return kept_comments + buffer.getvalue()


def _empty_list() -> CommentedSeq:
    empty = CommentedSeq()
    empty.fa.set_flow_style()
    return empty


def _move_key_comment(data: CommentedMap, key: str, entry: CommentedMap) -> None:
    """Move the comments that follow ``key: []`` to after the new entry.

    ruamel.yaml keeps them on the key, so once the list becomes a block they would
    print between the key and its first item, away from the lines they described.
    """
    slots = data.ca.items.get(key)
    if not slots or len(slots) < 3 or slots[2] is None:
        return
    token = slots[2]
    slots[2] = None
    last_key = list(entry)[-1]
    entry.ca.items[last_key] = [None, None, token, None]


def _move_trailing_comment(last: Any, entry: CommentedMap, text: str) -> None:
    """Move the full-line comments after the last entry to after the new entry.

    ruamel.yaml attaches them to the last key of the last entry, so the new entry would
    land below comments that describe what follows the list. A comment at the end of
    that key's own line stays where it is.
    """
    if not isinstance(last, CommentedMap) or not last:
        return
    slots = last.ca.items.get(list(last)[-1])
    if not slots or len(slots) < 3 or slots[2] is None:
        return
    token = slots[2]
    lines = text.splitlines()
    row, column = token.start_mark.line, token.start_mark.column
    on_value_line = row < len(lines) and bool(lines[row][:column].strip())
    if not on_value_line:
        slots[2] = None
        moved = token
    else:
        own, _newline, following = token.value.partition("\n")
        if not following:
            return
        token.value = own + "\n"
        moved = copy.copy(token)
        moved.value = "\n" + following
    entry.ca.items[list(entry)[-1]] = [None, None, moved, None]


def _signoff_entry(signoff: Signoff) -> CommentedMap:
    values: dict[str, Any] = {
        "checklist": signoff.checklist,
        "item": signoff.item,
        "market": signoff.market,
        "by": signoff.by,
        "at": signoff.at.isoformat(timespec="seconds"),
    }
    if signoff.note:
        values["note"] = signoff.note
    return CommentedMap(values)


def _review_entry(review: Review) -> CommentedMap:
    values: dict[str, Any] = {"layer": review.layer, "locale": review.locale}
    if review.platform:
        values["platform"] = review.platform
    values.update({"by": review.by, "at": review.at.isoformat(timespec="seconds"), "verdict": review.verdict})
    if review.note:
        values["note"] = review.note
    values["fingerprint"] = review.fingerprint
    return CommentedMap(values)


# Recording a sign-off for `linkstar signoff`

_MARKET = re.compile(r"^[A-Z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def git_user_email(folder: Path) -> str | None:
    """Return ``git config user.email`` as seen from ``folder``, or None when Git or the setting is missing."""
    try:
        completed = subprocess.run(["git", "config", "--get", "user.email"], cwd=folder, capture_output=True, text=True, check=False)
    except OSError:
        return None
    email = completed.stdout.strip()
    return email if completed.returncode == 0 and email else None


def new_signoff(registry: ChecklistRegistry, *, checklist_id: str, item_id: str, market: str, by: str, note: str | None, at: datetime) -> Signoff:
    """Build a sign-off after checking that the checklist, item and market exist and take a sign-off.

    Raise UsageError naming the wrong value and the valid ones.
    """
    if checklist_id not in registry.ids():
        raise UsageError(
            _("unknown checklist \"{checklist}\"", checklist=checklist_id),
            hint=_("Known checklists: {known}.", known=", ".join(registry.ids())),
        )
    checklist = registry.get(checklist_id)
    item = checklist.item(item_id)
    if item is None:
        raise UsageError(
            _("checklist {checklist} has no item \"{item}\"", checklist=checklist_id, item=item_id),
            hint=_("Items of {checklist}: {items}.", checklist=checklist_id, items=", ".join(entry.id for entry in checklist.items)),
        )
    if not item.accepts_signoff:
        takers = [entry.id for entry in checklist.items if entry.accepts_signoff]
        raise UsageError(
            _("item \"{item}\" of checklist {checklist} is checked from the data, not by sign-off", item=item_id, checklist=checklist_id),
            hint=_("Run `linkstar lint` to see what it needs. Items of {checklist} that take a sign-off: {items}.", checklist=checklist_id, items=", ".join(takers) or "-"),
        )
    if not _MARKET.match(market):
        raise UsageError(_("\"{market}\" is not a market code", market=market), hint=_("Use a two-letter country code in capitals, for example DE, US or JP."))
    markets = item.when.markets or checklist.markets
    if markets and market not in markets:
        raise UsageError(
            _("checklist {checklist} does not apply in market {market}", checklist=checklist_id, market=market),
            hint=_("Markets of \"{item}\": {markets}.", item=item_id, markets=", ".join(markets)),
        )
    if not _EMAIL.match(by):
        raise UsageError(_("reviewer \"{by}\" is not an e-mail address", by=by), hint=_("Pass --by with the e-mail address of the person who checked the item."))
    return Signoff(checklist=checklist_id, item=item_id, market=market, by=by, at=at, note=note or None)
