"""Notes for the translator of one field: glossary terms, length limits of the target platforms, and where the text appears."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from linkstar_cli.i18n import _
from linkstar_cli.lint.copytext import contains_term
from linkstar_cli.model.glossary import Glossary
from linkstar_cli.repo.content import ContentRepo
from linkstar_cli.repo.yamlio import KeyPath
from linkstar_cli.specs.model import PlatformSpec, TextRule

NoteCategory = Literal["context", "glossary", "limit", "stale"]
GLOSSARY_DIR = "glossary"


@dataclass(frozen=True)
class Note:
    category: NoteCategory
    text: str


def load_glossaries(repo: ContentRepo, locale: str) -> list[Glossary]:
    """Load the glossaries of ``locale``: the language's file, then the locale's, each when it exists.

    A glossary that does not load raises its InputError, because an export must not
    leave out terms that the team decided on.
    """
    found = []
    for name in dict.fromkeys((locale.split("-")[0], locale)):
        path = repo.root / GLOSSARY_DIR / f"{name}.yaml"
        if path.is_file():
            found.append(repo.load_model(path, Glossary))
    return found


def glossary_notes(source: str, glossaries: list[Glossary]) -> list[Note]:
    """Return the glossary entries that matter for translating ``source``: required translations and kept names it contains, and every banned word."""
    notes = []
    for glossary in glossaries:
        for term, translations in glossary.required.items():
            if not contains_term(source, term, ignore_case=True):
                continue
            if len(translations) == 1:
                notes.append(Note("glossary", _("glossary: translate \"{term}\" as \"{translation}\"", term=term, translation=translations[0])))
            else:
                choices = ", ".join(f"\"{translation}\"" for translation in translations)
                notes.append(Note("glossary", _("glossary: translate \"{term}\" as one of {translations}", term=term, translations=choices)))
        for term in glossary.do_not_translate:
            if contains_term(source, term, ignore_case=False):
                notes.append(Note("glossary", _("glossary: keep \"{term}\" exactly as written", term=term)))
        for banned in glossary.banned:
            if banned.instead:
                notes.append(Note("glossary", _("glossary: do not use \"{term}\", write \"{instead}\"", term=banned.term, instead=banned.instead)))
            else:
                notes.append(Note("glossary", _("glossary: do not use \"{term}\"", term=banned.term)))
    return notes


def target_specs(repo: ContentRepo, targets: list[str], locale: str) -> list[PlatformSpec]:
    """Return the specs of ``targets`` whose listings use copy in ``locale``; unknown platforms are lint's concern."""
    specs = []
    for target in targets:
        if target not in repo.specs.ids():
            continue
        spec = repo.spec(target)
        if repo.config.target_locales.get(spec.id, spec.locale) == locale:
            specs.append(spec)
    return specs


def limit_notes(path: KeyPath, specs: list[PlatformSpec]) -> list[Note]:
    """Return the length limits that each spec sets for the field, such as "amazon-de: max 200 characters"."""
    notes = []
    for spec in specs:
        rule = spec.text.get(str(path[0]))
        if rule is None:
            continue
        item = len(path) > 1
        for text in _limits(spec.id, rule, item):
            notes.append(Note("limit", text))
    return notes


def _limits(platform: str, rule: TextRule, item: bool) -> list[str]:
    texts = []
    if rule.max is not None:
        texts.append(_max_text(platform, rule.count, rule.max))
    if rule.recommended_max is not None:
        texts.append(_recommended_text(platform, rule.count, rule.recommended_max))
    if rule.min is not None:
        texts.append(_min_text(platform, rule.count, rule.min))
    if item and rule.max_total is not None:
        texts.append(_total_text(platform, rule.count, rule.max_total))
    if rule.cjk_multiplier is not None:
        texts.append(_("{platform}: each Chinese, Japanese or Korean character counts {multiplier} times", platform=platform, multiplier=format(rule.cjk_multiplier, "g")))
    return texts


# One whole sentence per unit of count, so that each reads naturally in the catalog.
def _max_text(platform: str, count: str, limit: int) -> str:
    if count == "bytes":
        return _("{platform}: max {max} UTF-8 bytes", platform=platform, max=limit)
    if count == "words":
        return _("{platform}: max {max} words", platform=platform, max=limit)
    return _("{platform}: max {max} characters", platform=platform, max=limit)


def _recommended_text(platform: str, count: str, limit: int) -> str:
    if count == "bytes":
        return _("{platform}: at most {max} UTF-8 bytes recommended", platform=platform, max=limit)
    if count == "words":
        return _("{platform}: at most {max} words recommended", platform=platform, max=limit)
    return _("{platform}: at most {max} characters recommended", platform=platform, max=limit)


def _min_text(platform: str, count: str, limit: int) -> str:
    if count == "bytes":
        return _("{platform}: min {min} UTF-8 bytes", platform=platform, min=limit)
    if count == "words":
        return _("{platform}: min {min} words", platform=platform, min=limit)
    return _("{platform}: min {min} characters", platform=platform, min=limit)


def _total_text(platform: str, count: str, limit: int) -> str:
    if count == "bytes":
        return _("{platform}: max {max} UTF-8 bytes for all items together", platform=platform, max=limit)
    if count == "words":
        return _("{platform}: max {max} words for all items together", platform=platform, max=limit)
    return _("{platform}: max {max} characters for all items together", platform=platform, max=limit)


def context_note(path: KeyPath, counts: dict[str, int]) -> Note | None:
    """Describe where the field appears: "bullet 3 of 5", "A+ module 1 of 2, heading", "image overlay \"headline\""."""
    field = str(path[0])
    if field == "bullets":
        return Note("context", _("bullet {number} of {count}", number=int(path[1]) + 1, count=counts.get("bullets", 0)))
    if field == "aplus" and path[2] == "heading":
        return Note("context", _("A+ module {number} of {count}, heading", number=int(path[1]) + 1, count=counts.get("aplus", 0)))
    if field == "aplus":
        return Note("context", _("A+ module {number} of {count}, text", number=int(path[1]) + 1, count=counts.get("aplus", 0)))
    if field == "overlays":
        return Note("context", _("text drawn on an image, overlay \"{name}\"; keep it short", name=path[1]))
    if field == "attribute_names":
        return Note("context", _("name of the variant attribute \"{attribute}\", shown beside its values", attribute=path[1]))
    if field == "attribute_values":
        return Note("context", _("a value of the variant attribute \"{attribute}\"", attribute=path[1]))
    if field == "search_terms":
        return Note("context", _("search keywords, separated by spaces"))
    return None


def stale_note(source_locale: str) -> Note:
    return Note("stale", _("The {source} text changed after this translation was made: check the target and update it.", source=source_locale))
