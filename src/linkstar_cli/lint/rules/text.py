"""Rules of the text family: each copy field against the ``text:`` rules of the target's spec.

The rules read the copy file of the locale that the platform uses and check every
field that the spec's ``text:`` section names, each item of a list field on its
own. Text is NFC-normalized before it is measured or matched. How words are split
is described in ``linkstar_cli.lint.textcount``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import Field

from linkstar_cli.i18n import N_, _
from linkstar_cli.lint import textcount
from linkstar_cli.lint.context import TargetContext
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Rule, RuleOptions
from linkstar_cli.lint.rules.text_examples import EXAMPLES
from linkstar_cli.lint.textfields import CopyField, CopyText, TextCheck, copy_fields, report
from linkstar_cli.specs.model import TextRule

DEFAULT_PLACEHOLDERS = ("N/A", "TBD", "TBA", "not applicable", "COPY PENDING", "lorem ipsum", "XXX")
# Acronyms that pass all-caps. Words shorter than 4 letters (USB, LED, UV) are never reported, so they are listed only for clarity.
DEFAULT_ACRONYMS = ("USB", "LED", "UV", "HDMI", "WLAN", "WIFI", "OLED", "QLED", "HEPA", "RFID", "SATA", "UKCA", "WEEE", "IEEE", "ANSI", "ASTM", "OEKO")

LENGTH_MESSAGES = {
    ("max", "chars"): N_("{field} too long ({length} > {limit} characters)"),
    ("max", "bytes"): N_("{field} too long ({length} > {limit} bytes)"),
    ("max", "words"): N_("{field} too long ({length} > {limit} words)"),
    ("max", "weighted"): N_("{field} too long ({length} > {limit} characters, each CJK character counted {multiplier} times)"),
    ("min", "chars"): N_("{field} too short ({length} < {limit} characters)"),
    ("min", "bytes"): N_("{field} too short ({length} < {limit} bytes)"),
    ("min", "words"): N_("{field} too short ({length} < {limit} words)"),
    ("min", "weighted"): N_("{field} too short ({length} < {limit} characters, each CJK character counted {multiplier} times)"),
    ("max_total", "chars"): N_("{field} too long in total ({length} > {limit} characters)"),
    ("max_total", "bytes"): N_("{field} too long in total ({length} > {limit} bytes)"),
    ("max_total", "words"): N_("{field} too long in total ({length} > {limit} words)"),
    ("max_total", "weighted"): N_("{field} too long in total ({length} > {limit} characters, each CJK character counted {multiplier} times)"),
    ("recommended_max", "chars"): N_("{field} longer than recommended ({length} > {limit} characters)"),
    ("recommended_max", "bytes"): N_("{field} longer than recommended ({length} > {limit} bytes)"),
    ("recommended_max", "words"): N_("{field} longer than recommended ({length} > {limit} words)"),
    ("recommended_max", "weighted"): N_("{field} longer than recommended ({length} > {limit} characters, each CJK character counted {multiplier} times)"),
}


class TextRequired(TextCheck):
    id = "text-required"
    summary = N_("a field that the platform requires is missing or empty")
    description = N_(
        "A field whose spec rule says `required: true` must be in the copy file with some text; for a list field, "
        "at least one item with text. A missing field is reported on line 1 of the copy file."
    )
    examples = EXAMPLES["text-required"]

    def check_field(self, context: TargetContext, options: Any, field: CopyField) -> Iterable[Problem]:
        if not field.spec.required or not field.blank:
            return
        document = context.sku.run.document(context.sku.repo.root / (context.copy_file or ""))
        present = document is not None and (field.name,) in document.locations
        if present:
            message = _("required field \"{field}\" is empty", field=field.name)
        else:
            message = _("required field \"{field}\" is missing", field=field.name)
        hint = _("Write the {field} text in this file, because {platform} requires it.", field=field.name, platform=context.spec.id)
        yield report(context, field, message, key="required", hint=hint)


def _unit(spec: TextRule) -> str:
    return "weighted" if spec.cjk_multiplier is not None else spec.count


def _length_message(kind: str, spec: TextRule, label: str, length: float, limit: int) -> str:
    return _(
        LENGTH_MESSAGES[(kind, _unit(spec))],
        field=label,
        length=textcount.format_length(length),
        limit=limit,
        multiplier=textcount.format_length(spec.cjk_multiplier or 1),
    )


def _measure(item: CopyText) -> float:
    return textcount.measure(item.text, item.spec.count, item.spec.cjk_multiplier)


class TextLength(TextCheck):
    id = "text-length"
    summary = N_("a text is shorter or longer than the platform allows")
    description = N_(
        "Checks `min` and `max` of each field, and of each item of a list field such as bullets, and `max_total` of all "
        "items together. The spec's `count:` says the unit: characters (Unicode code points after NFC normalization, so "
        "an \"ä\" typed as \"a\" plus a combining diaeresis counts once), UTF-8 bytes (an umlaut or Arabic letter takes "
        "2 bytes, a Japanese or Chinese character 3), or words (runs of letters and digits between spaces and "
        "punctuation). With `cjk_multiplier`, each Han, Hiragana, Katakana, Hangul or Bopomofo character counts that "
        "many times. The text is measured as written, including line breaks inside a block scalar."
    )
    examples = EXAMPLES["text-length"]

    def check_field(self, context: TargetContext, options: Any, field: CopyField) -> Iterable[Problem]:
        spec = field.spec
        for item in field.texts:
            length = _measure(item)
            if spec.max is not None and length > spec.max:
                hint = _("Shorten the text to fit the {platform} limit.", platform=context.spec.id)
                yield report(context, item, _length_message("max", spec, item.label, length, spec.max), key="max", hint=hint)
            if spec.min is not None and length < spec.min and item.text.strip():
                hint = _("Lengthen the text to reach the {platform} minimum.", platform=context.spec.id)
                yield report(context, item, _length_message("min", spec, item.label, length, spec.min), key="min", hint=hint)
        if spec.max_total is not None and field.is_list:
            total = sum(_measure(item) for item in field.texts)
            if total > spec.max_total:
                hint = _("Shorten the items so that together they fit the {platform} limit.", platform=context.spec.id)
                yield report(context, field, _length_message("max_total", spec, field.name, total, spec.max_total), key="max_total", hint=hint)


class TextLengthAdvice(TextCheck):
    id = "text-length-advice"
    level = Level.WARNING
    summary = N_("a text is longer than the platform recommends")
    description = N_(
        "Some platforms accept a long text but advise a shorter one, such as Amazon's tip to keep US titles under 80 "
        "characters. The spec's `recommended_max` holds that advice, in the same unit as `count:`, and this rule warns "
        "when a text (or an item of a list field) is longer. A text over `max` is reported by text-length instead."
    )
    examples = EXAMPLES["text-length-advice"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        spec = item.spec
        if spec.recommended_max is None:
            return
        length = _measure(item)
        if length > spec.recommended_max and (spec.max is None or length <= spec.max):
            hint = _("{platform} advises a shorter text, though this length is accepted.", platform=context.spec.id)
            yield report(context, item, _length_message("recommended_max", spec, item.label, length, spec.recommended_max), key="recommended_max", hint=hint)


class ItemCount(TextCheck):
    id = "item-count"
    summary = N_("a list field has fewer or more items than the platform allows")
    description = N_("Checks the number of items of a list field, such as bullets, against the spec's `items: {min, max}`.")
    examples = EXAMPLES["item-count"]

    def check_field(self, context: TargetContext, options: Any, field: CopyField) -> Iterable[Problem]:
        limits = field.spec.items
        if limits is None or not field.is_list:
            return
        count = len(field.texts)
        if limits.max is not None and count > limits.max:
            message = _("too many items in {field} ({count} > {max})", field=field.name, count=count, max=limits.max)
            yield report(context, field, message, key="items-max", hint=_("Remove items until {field} has at most {max}.", field=field.name, max=limits.max))
        if limits.min is not None and count < limits.min:
            message = _("too few items in {field} ({count} < {min})", field=field.name, count=count, min=limits.min)
            yield report(context, field, message, key="items-min", hint=_("Add items until {field} has at least {min}.", field=field.name, min=limits.min))


class ForbiddenChars(TextCheck):
    id = "forbidden-chars"
    summary = N_("a text contains a character that the platform bans")
    description = N_("Reports each character of the spec's `forbidden_chars` that appears in the text, once per text.")
    examples = EXAMPLES["forbidden-chars"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        for char in textcount.forbidden_characters(item.text, item.spec.forbidden_chars):
            message = _("forbidden character \"{char}\" in {field}", char=char, field=item.label)
            hint = _("Remove or replace the character, because {platform} does not allow it in {field}.", platform=context.spec.id, field=item.name)
            yield report(context, item, message, key=char, hint=hint)


class RestrictedChars(TextCheck):
    id = "restricted-chars"
    level = Level.WARNING
    summary = N_("a character allowed only in identifiers and measurements is used elsewhere")
    description = N_(
        "Characters in the spec's `restricted_chars` are allowed only as part of a product identifier (\"Style #4301\") "
        "or a measurement (\"<10 lb\"). A character counts as such when the nearest character before or after it, "
        "spaces skipped, is a digit; anywhere else it is reported, as in \"<< Size XXS >>\". The test is a heuristic "
        "(decoration next to a number, such as \"*5*\", passes), so the rule is a warning."
    )
    examples = EXAMPLES["restricted-chars"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        for char in textcount.restricted_characters(item.text, item.spec.restricted_chars):
            message = _("character \"{char}\" outside an identifier or measurement in {field}", char=char, field=item.label)
            hint = _("Use the character only next to a number, as in \"Style #4301\" or \"<10 lb\", or remove it.")
            yield report(context, item, message, key=char, hint=hint)


class ForbiddenWords(TextCheck):
    id = "forbidden-words"
    summary = N_("a text contains a word or phrase that the platform bans")
    description = N_(
        "Reports each entry of the spec's `forbidden_words` that appears as a whole word or phrase, without regard to "
        "case: \"free shipping\" matches \"Free  Shipping\" but \"new\" does not match \"renew\". In Chinese and "
        "Japanese, which have no spaces between words, an entry also matches inside a run of text."
    )
    examples = EXAMPLES["forbidden-words"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        for phrase in item.spec.forbidden_words:
            found = textcount.find_phrase(phrase, item.text)
            if found is None:
                continue
            message = _("forbidden word \"{word}\" in {field}", word=found, field=item.label)
            hint = _("Remove or reword it, because {platform} does not allow \"{word}\" in {field}.", platform=context.spec.id, word=phrase, field=item.name)
            yield report(context, item, message, key=textcount.normalize(phrase).casefold(), hint=hint)


class ForbiddenPattern(TextCheck):
    id = "forbidden-pattern"
    summary = N_("a text matches a pattern that the platform bans, such as a URL or an e-mail address")
    description = N_(
        "The spec's `forbidden_patterns` maps a name to a regular expression (Python `regex` syntax, matched without "
        "regard to case): URLs, e-mail addresses, ASINs, discounts such as \"20% off\". The rule reports the first "
        "match of each pattern in each text."
    )
    examples = EXAMPLES["forbidden-pattern"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        for name, pattern in item.spec.forbidden_patterns.items():
            if pattern is None:
                continue
            found = textcount.find_pattern(pattern, item.text)
            if found is None:
                continue
            message = _("forbidden pattern \"{name}\" matches \"{text}\" in {field}", name=name, text=found, field=item.label)
            hint = _("Remove the match, because {platform} bans \"{name}\" in {field}.", platform=context.spec.id, name=name, field=item.name)
            yield report(context, item, message, key=name, hint=hint)


class WordRepeat(TextCheck):
    id = "word-repeat"
    summary = N_("a word appears more often than the platform allows")
    description = N_(
        "Counts each word of a text (of each item, for a list field) without regard to case and reports the words that "
        "appear more than `max_word_repeats` times. Words are runs of letters and digits, joined across an inner "
        "apostrophe or hyphen (\"T-Shirt\" is one word); numbers without a letter are not counted, and neither are the "
        "spec's `repeat_exempt_words` (articles, prepositions and conjunctions). Chinese and Japanese text has no spaces "
        "between words, so a run of it between spaces or punctuation counts as one word: repeated keywords separated "
        "by spaces are found, a repeat inside one run is not."
    )
    examples = EXAMPLES["word-repeat"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        limit = item.spec.max_word_repeats
        if limit is None:
            return
        for word, count in textcount.repeated_words(item.text, limit, item.spec.repeat_exempt_words):
            message = _("word \"{word}\" repeated in {field} ({count} > {max} times)", word=word, field=item.label, count=count, max=limit)
            hint = _("Remove repeats until the word appears at most {max} times.", max=limit)
            yield report(context, item, message, key=word.casefold(), hint=hint)


class Html(TextCheck):
    id = "html"
    summary = N_("a text contains HTML that the platform does not allow")
    description = N_(
        "Where the spec says `html: false`, reports each HTML tag or comment, except the tags in `allowed_tags` (Amazon "
        "allows `<br>` in descriptions). A \"<\" that does not open a tag, as in \"<10 lb\", is not HTML."
    )
    examples = EXAMPLES["html"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        if item.spec.html:
            return
        allowed = {tag.lower() for tag in item.spec.allowed_tags}
        reported: set[str] = set()
        for name, written in textcount.html_tags(item.text):
            if name in allowed or name in reported:
                continue
            reported.add(name)
            message = _("HTML tag \"{tag}\" in {field}", tag=written, field=item.label)
            if allowed:
                hint = _("Remove the tag, because {platform} allows only these tags here: {tags}.", platform=context.spec.id, tags=", ".join(sorted(allowed)))
            else:
                hint = _("Remove the tag and write plain text.")
            yield report(context, item, message, key=name, hint=hint)


class PlaceholderOptions(RuleOptions):
    phrases: tuple[str, ...] = Field(default=DEFAULT_PLACEHOLDERS, description=N_("Placeholder words and phrases, matched as whole words without regard to case. A list here replaces the default one."))


class PlaceholderText(TextCheck):
    id = "placeholder-text"
    summary = N_("a text still holds placeholder text such as TBD or N/A")
    description = N_(
        "Where the spec says `placeholders: false` (the default), reports placeholder words and phrases left in the "
        "copy: N/A, TBD, TBA, \"not applicable\", \"COPY PENDING\", lorem ipsum and XXX, as whole words without regard "
        "to case. An optional field without real text should be left out of the copy file."
    )
    Options = PlaceholderOptions
    examples = EXAMPLES["placeholder-text"]

    def check_text(self, context: TargetContext, options: PlaceholderOptions, item: CopyText) -> Iterable[Problem]:
        if item.spec.placeholders:
            return
        for phrase in options.phrases:
            found = textcount.find_phrase(phrase, item.text)
            if found is None:
                continue
            message = _("placeholder text \"{text}\" in {field}", text=found, field=item.label)
            hint = _("Replace the placeholder with the real text, or leave out a field that is not required.")
            yield report(context, item, message, key=textcount.normalize(phrase).casefold(), hint=hint)


class AllCapsOptions(RuleOptions):
    acronyms: tuple[str, ...] = Field(default=DEFAULT_ACRONYMS, description=N_("Words that may be written in capitals, such as HDMI, compared without regard to case. A list here replaces the default one."))


class AllCaps(TextCheck):
    id = "all-caps"
    summary = N_("a word is written in capitals where the platform bans it")
    description = N_(
        "Where the spec says `all_caps: false`, reports each word of 4 or more letters that has no lower-case letter, "
        "such as \"SOFT\" or the \"SHIRT\" of \"T-SHIRT\". Words of the brand name (from brand/brand.yaml and the "
        "brief) and the acronyms of the `acronyms` option pass. Scripts without case, such as Chinese or Arabic, are "
        "never reported."
    )
    Options = AllCapsOptions
    examples = EXAMPLES["all-caps"]

    def check(self, context: TargetContext, options: AllCapsOptions) -> Iterable[Problem]:
        allowed = {word.casefold() for word in options.acronyms} | _brand_words(context)
        for field in copy_fields(context):
            if field.spec.all_caps:
                continue
            for item in field.texts:
                for word in textcount.capitalised_words(item.text):
                    if word.casefold() in allowed:
                        continue
                    message = _("word \"{word}\" written in capitals in {field}", word=word, field=item.label)
                    hint = _("Write the word in normal case, or add it to the acronyms option of all-caps in linkstar.yaml if it is an acronym.")
                    yield report(context, item, message, key=word.casefold(), hint=hint)


def _brand_words(context: TargetContext) -> set[str]:
    names = []
    if context.sku.brief is not None:
        names.append(context.sku.brief.brand)
    brand = context.sku.run.brand
    if brand is not None:
        names.append(brand.name)
    return {word.casefold() for name in names for word in textcount.LETTERS.findall(textcount.normalize(name))}


class Emoji(TextCheck):
    id = "emoji"
    summary = N_("a text contains emoji where the platform bans them")
    description = N_(
        "Where the spec says `emoji: false`, reports each emoji: a character with emoji presentation, a pictograph "
        "followed by the emoji variation selector, a keycap, or a sequence of these (flags, skin tones, families). "
        "Symbols that show as text by default, such as \"❤\" without the selector, \"™\" or \"↔\", are not emoji; "
        "ban them with `forbidden_chars` where the platform does."
    )
    examples = EXAMPLES["emoji"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        if item.spec.emoji:
            return
        for found in textcount.emoji(item.text):
            message = _("emoji \"{emoji}\" in {field}", emoji=found, field=item.label)
            hint = _("Remove the emoji, because {platform} does not allow emoji in {field}.", platform=context.spec.id, field=item.name)
            yield report(context, item, message, key=found, hint=hint)


RULES: tuple[Rule, ...] = (
    TextRequired(),
    TextLength(),
    TextLengthAdvice(),
    ItemCount(),
    ForbiddenChars(),
    RestrictedChars(),
    ForbiddenWords(),
    ForbiddenPattern(),
    WordRepeat(),
    Html(),
    PlaceholderText(),
    AllCaps(),
    Emoji(),
)
