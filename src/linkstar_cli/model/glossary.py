from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema

from linkstar_cli.model.base import StrictModel

Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


# One translation may be written as plain text, and the model turns it into a list.
# A union of text and list would report a wrong value twice, once per alternative.
Translations = Annotated[
    list[Term],
    BeforeValidator(_as_list),
    Field(min_length=1),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            ]
        }
    ),
]


class BannedTerm(StrictModel):
    """A word or phrase that copy of the glossary's locale must not contain."""

    term: Term
    instead: str | None = Field(default=None, description="Word or phrase to use instead, shown in the hint.")
    reason: str | None = Field(default=None, description="Why the term is banned, shown in the message.")


def _as_banned_term(value: object) -> object:
    return {"term": value} if isinstance(value, str) else value


# A banned entry may be plain text or a mapping; plain text becomes a BannedTerm, for the same reason as above.
BannedEntry = Annotated[
    BannedTerm,
    BeforeValidator(_as_banned_term),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, BannedTerm.model_json_schema()]}),
]


class Glossary(StrictModel):
    """``glossary/<locale>.yaml``: required translations, banned words and do-not-translate terms of one locale.

    A file named after a language only (``glossary/de.yaml``) applies to every
    copy locale of that language. ``glossary/de-DE.yaml`` applies to de-DE copy,
    in addition to the language file.
    """

    required: dict[Term, Translations] = Field(
        default_factory=dict,
        description="Source-locale term -> required translation (or a list of accepted translations). "
        "When the source copy contains the term, this locale's copy must contain one of the translations.",
    )
    banned: list[BannedEntry] = Field(
        default_factory=list,
        description="Words or phrases that must not appear in this locale's copy: plain text, or a mapping with term, instead and reason.",
    )
    do_not_translate: list[Term] = Field(
        default_factory=list,
        description="Terms kept exactly as written (brand, product and trademark names). When the source copy contains one, this locale's copy must contain it unchanged.",
    )
