"""Rules of the text family: each copy field against the ``text:`` rules of the target's spec.

The rules read the copy file of the locale that the platform uses and check every
field that the spec's ``text:`` section names, each item of a list or mapping field
on its own. Two checks apply to every text of a copy file whatever the spec names:
placeholder-text, and invisible-chars, which reads every copy file of the SKU once.
Text is NFC-normalized before it is measured or matched. How words are split is
described in ``linkstar_cli.lint.textcount``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import regex
from pydantic import Field

from linkstar_cli.i18n import N_, _, ngettext
from linkstar_cli.lint import copytext, textcount
from linkstar_cli.lint.context import SkuContext, TargetContext
from linkstar_cli.lint.findings import Level, Problem
from linkstar_cli.lint.rule import Rule, RuleOptions, Scope
from linkstar_cli.lint.rules.l10n import glossaries_for
from linkstar_cli.lint.rules.text_examples import EXAMPLES
from linkstar_cli.lint.textfields import CopyField, CopyText, FieldText, TextCheck, copy_fields, every_text, report
from linkstar_cli.model.validate import format_field_path
from linkstar_cli.repo.yamlio import KeyPath
from linkstar_cli.specs.model import TextRule

# "Text folgt" ("text to follow") is the German marker. The bare verb "folgt" is everyday German, so only the phrase counts.
# 未定 (Japanese) and 待定 (Chinese) both mean "to be determined".
DEFAULT_PLACEHOLDERS = (
    "N/A", "TBD", "TBA", "TBC", "not applicable", "COPY PENDING", "lorem ipsum", "XXX", "FIXME", "???", "[...]", "[…]",
    "Text folgt", "未定", "待定",
)
# "todo" is a Spanish and Portuguese word ("todo el día"), so TODO counts only in capitals.
DEFAULT_EXACT_PLACEHOLDERS = ("TODO",)
# Acronyms that pass all-caps. Words shorter than 4 letters (USB, LED, UV) are never reported, so they are listed only for clarity.
DEFAULT_ACRONYMS = ("USB", "LED", "UV", "HDMI", "WLAN", "WIFI", "OLED", "QLED", "HEPA", "RFID", "SATA", "UKCA", "WEEE", "IEEE", "ANSI", "ASTM", "OEKO")
# Clothing sizes in capitals: XXXS, XXXL, XXXXL ("3XL" splits into "XL", which is too short to be reported).
CLOTHING_SIZE = regex.compile(r"X+[SL]")
# In forbidden_words, this entry stands for the brand: the brief's brand, the brand kit's name and linkstar.yaml's brand.
BRAND_PLACEHOLDER = "{brand}"
# Copy fields that may hold line breaks. Render starts a new overlay line where the text has one.
DEFAULT_MULTILINE_FIELDS = ("description", "aplus.text", "overlays")

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
            message = _("forbidden character \"{char}\" ({code}) in {field}", char=char, code=textcount.code_points(char), field=item.label)
            hint = _("Remove or replace the character, because {platform} does not allow it in {field}.", platform=context.spec.id, field=item.name)
            yield report(context, item, message, key=char, hint=hint)


class RestrictedChars(TextCheck):
    id = "restricted-chars"
    level = Level.WARNING
    summary = N_("a character allowed only in identifiers and measurements is used elsewhere")
    description = N_(
        "Characters in the spec's `restricted_chars` are allowed only as part of a product identifier (\"Style #4301\") "
        "or a measurement (\"<10 lb\"). A character counts as such when the nearest character before or after it, "
        "spaces skipped, is a digit; anywhere else it is reported, as in \"<< Size XXS >>\". The brackets of an HTML "
        "tag are left to the html rule. The test is a heuristic (decoration next to a number, such as \"*5*\", passes), "
        "so the rule is a warning."
    )
    examples = EXAMPLES["restricted-chars"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        text = textcount.HTML_TAG.sub(" ", item.text)
        for char in textcount.restricted_characters(text, item.spec.restricted_chars):
            message = _("character \"{char}\" ({code}) outside an identifier or measurement in {field}", char=char, code=textcount.code_points(char), field=item.label)
            hint = _("Use the character only next to a number, as in \"Style #4301\" or \"<10 lb\", or remove it.")
            yield report(context, item, message, key=char, hint=hint)


class ForbiddenWords(TextCheck):
    id = "forbidden-words"
    summary = N_("a text contains a word or phrase that the platform bans")
    description = N_(
        "Reports each entry of the spec's `forbidden_words` that appears as a whole word or phrase, without regard to "
        "case: \"free shipping\" matches \"Free  Shipping\" but \"new\" does not match \"renew\". In Chinese and "
        "Japanese, which have no spaces between words, an entry also matches inside a run of text. Invisible characters "
        "hide nothing: \"free\\u200bshipping\" matches. The entry \"{brand}\" stands for the brand name of the brief, "
        "of brand/brand.yaml and of linkstar.yaml, for fields where the platform bans brand names."
    )
    examples = EXAMPLES["forbidden-words"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        readings = textcount.visible_readings(item.text)
        for entry in item.spec.forbidden_words:
            for phrase in _brand_names(context) if entry == BRAND_PLACEHOLDER else [entry]:
                found = _first_phrase(phrase, readings)
                if found is None:
                    continue
                message = _("forbidden word \"{word}\" in {field}", word=found, field=item.label)
                if entry == BRAND_PLACEHOLDER:
                    hint = _("Remove the brand name, because {platform} does not allow brand names in {field}.", platform=context.spec.id, field=item.name)
                else:
                    hint = _("Remove or reword it, because {platform} does not allow \"{word}\" in {field}.", platform=context.spec.id, word=phrase, field=item.name)
                yield report(context, item, message, key=textcount.normalize(phrase).casefold(), hint=hint)


def _first_phrase(phrase: str, readings: list[str], *, ignore_case: bool = True) -> str | None:
    """Return the first occurrence of ``phrase`` in any reading of a text, or None."""
    for reading in readings:
        found = textcount.find_phrase(phrase, reading, ignore_case=ignore_case)
        if found is not None:
            return found
    return None


def _brand_names(context: TargetContext) -> list[str]:
    names = [context.sku.repo.config.brand]
    if context.sku.brief is not None:
        names.append(context.sku.brief.brand)
    if context.sku.run.brand is not None:
        names.append(context.sku.run.brand.name)
    return textcount.distinct(name for name in names if name and name.strip())


class ForbiddenPattern(TextCheck):
    id = "forbidden-pattern"
    summary = N_("a text matches a pattern that the platform bans, such as a URL or an e-mail address")
    description = N_(
        "The spec's `forbidden_patterns` maps a name to a regular expression (Python `regex` syntax, matched without "
        "regard to case): URLs, e-mail addresses, ASINs, discounts such as \"20% off\". The rule reports the first "
        "match of each pattern in each text. Invisible characters are removed first, so that a zero-width space does "
        "not hide a match."
    )
    examples = EXAMPLES["forbidden-pattern"]

    def check_text(self, context: TargetContext, options: Any, item: CopyText) -> Iterable[Problem]:
        readings = textcount.visible_readings(item.text)
        for name, pattern in item.spec.forbidden_patterns.items():
            if pattern is None:
                continue
            found = next((match for match in (textcount.find_pattern(pattern, reading) for reading in readings) if match is not None), None)
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
            message = ngettext(
                "word \"{word}\" repeated in {field} ({count} > {max} time)",
                "word \"{word}\" repeated in {field} ({count} > {max} times)",
                limit,
                word=word,
                field=item.label,
                count=count,
                max=limit,
            )
            hint = ngettext("Remove repeats until the word appears only once.", "Remove repeats until the word appears at most {max} times.", limit, max=limit)
            yield report(context, item, message, key=word.casefold(), hint=hint)


class Html(TextCheck):
    id = "html"
    summary = N_("a text contains HTML that the platform does not allow")
    description = N_(
        "Where the spec says `html: false`, reports each HTML tag or comment, except the tags in `allowed_tags` (Amazon "
        "allows `<br>` in descriptions), and each character reference such as \"&amp;\", \"&nbsp;\" or \"&#160;\", which "
        "a plain-text field shows as written. A \"<\" that does not open a tag, as in \"<10 lb\", is not HTML, and an "
        "\"&\" that does not start a known reference, as in \"R&D\", is not one."
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
        for entity in textcount.html_entities(item.text):
            message = _("HTML entity \"{entity}\" in {field}", entity=entity, field=item.label)
            hint = _(
                "Write the character itself, {char}, because {platform} shows {field} as plain text.",
                char=_describe_char(html.unescape(entity)),
                platform=context.spec.id,
                field=item.name,
            )
            yield report(context, item, message, key=entity.casefold(), hint=hint)


def _describe_char(char: str) -> str:
    """Quote a character for a message, or give its code point when it does not show (a no-break space)."""
    if char.isspace() or textcount.INVISIBLE.match(char) or not char.isprintable():
        return textcount.code_points(char)
    return f"\"{char}\""


class PlaceholderOptions(RuleOptions):
    phrases: tuple[str, ...] = Field(default=DEFAULT_PLACEHOLDERS, description=N_("Placeholder words and phrases, matched as whole words without regard to case. A list here replaces the default one."))
    exact_phrases: tuple[str, ...] = Field(
        default=DEFAULT_EXACT_PLACEHOLDERS,
        description=N_("Placeholder words matched as whole words with their letter case, for markers that are ordinary words in some language in lower case (TODO). A list here replaces the default one."),
    )


class PlaceholderText(TextCheck):
    id = "placeholder-text"
    summary = N_("a text still holds placeholder text such as TBD or N/A")
    description = N_(
        "Reports placeholder words and phrases left in any text of the copy file that the platform uses, the fields that "
        "the spec does not name included (overlays drawn on images, A+ modules, attribute names): N/A, TBD, TBA, TBC, "
        "\"not applicable\", \"COPY PENDING\", lorem ipsum, XXX, FIXME, \"???\", \"[...]\", the German \"Text folgt\", the "
        "Japanese 未定 and the Chinese 待定, as whole words without regard to case, and TODO in capitals. A field whose "
        "spec rule says `placeholders: true` is not checked. An optional field without real text should be left out of "
        "the copy file."
    )
    Options = PlaceholderOptions
    examples = EXAMPLES["placeholder-text"]

    def check(self, context: TargetContext, options: PlaceholderOptions) -> Iterable[Problem]:
        for item in every_text(context):
            if item.spec is not None and item.spec.placeholders:
                continue
            yield from self._check_item(context, options, item)

    def _check_item(self, context: TargetContext, options: PlaceholderOptions, item: FieldText) -> Iterable[Problem]:
        readings = textcount.visible_readings(item.text)
        candidates = [(phrase, True) for phrase in options.phrases] + [(phrase, False) for phrase in options.exact_phrases]
        for phrase, ignore_case in candidates:
            found = _first_phrase(phrase, readings, ignore_case=ignore_case)
            if found is None:
                continue
            message = _("placeholder text \"{text}\" in {field}", text=found, field=item.label)
            hint = _("Replace the placeholder with the real text, or leave out a field that is not required.")
            key = textcount.normalize(phrase).casefold() if ignore_case else textcount.normalize(phrase)
            yield report(context, item, message, key=key, hint=hint)


class AllCapsOptions(RuleOptions):
    acronyms: tuple[str, ...] = Field(default=DEFAULT_ACRONYMS, description=N_("Words that may be written in capitals, such as HDMI, compared without regard to case. A list here replaces the default one."))


class AllCaps(TextCheck):
    id = "all-caps"
    summary = N_("a word is written in capitals where the platform bans it")
    description = N_(
        "Where the spec says `all_caps: false`, reports each word of 4 or more letters that has no lower-case letter, "
        "such as \"SOFT\" or the \"SHIRT\" of \"T-SHIRT\". Words of the brand name (from brand/brand.yaml and the "
        "brief), of the do-not-translate terms of the copy locale's glossary (\"GORE-TEX\"), clothing sizes (XXXL, "
        "XXXXS) and the acronyms of the `acronyms` option pass. Scripts without case, such as Chinese or Arabic, are "
        "never reported."
    )
    Options = AllCapsOptions
    examples = EXAMPLES["all-caps"]

    def check(self, context: TargetContext, options: AllCapsOptions) -> Iterable[Problem]:
        allowed = {word.casefold() for word in options.acronyms} | _brand_words(context) | _kept_words(context)
        for field in copy_fields(context):
            if field.spec.all_caps:
                continue
            for item in field.texts:
                for word in textcount.capitalised_words(item.text):
                    if word.casefold() in allowed or CLOTHING_SIZE.fullmatch(word):
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


def _kept_words(context: TargetContext) -> set[str]:
    """Return the words of the do-not-translate terms of the glossaries for the target's copy locale, case-folded."""
    if context.locale is None:
        return set()
    terms = [term for _file, glossary in glossaries_for(context.sku.run, context.locale) for term in glossary.do_not_translate]
    return {word.casefold() for term in terms for word in textcount.LETTERS.findall(textcount.normalize(term))}


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
            message = _("emoji \"{emoji}\" ({code}) in {field}", emoji=found, code=textcount.code_points(found), field=item.label)
            hint = _("Remove the emoji, because {platform} does not allow emoji in {field}.", platform=context.spec.id, field=item.name)
            yield report(context, item, message, key=found, hint=hint)


class InvisibleCharsOptions(RuleOptions):
    multiline_fields: tuple[str, ...] = Field(
        default=DEFAULT_MULTILINE_FIELDS,
        description=N_(
            "Copy fields that may hold line breaks, by name: a list or mapping field covers its items, and aplus.text "
            "the texts of A+ modules. In every other field a line break is reported. A list here replaces the default one."
        ),
    )


class InvisibleChars(Rule):
    id = "invisible-chars"
    level = Level.ERROR
    scope = Scope.SKU
    family = "text"
    summary = N_("a text contains a character that does not show: a control, a line break in a one-line field, or a zero-width character")
    description = N_(
        "Checks every text of every copy file of the SKU, whatever platform uses it. A line break in a one-line field "
        "(any field but the `multiline_fields`, so title, bullets and search terms too) and a tab anywhere are reported, "
        "because both split a row of a tab-separated upload file. So are C0 and C1 control characters, and the "
        "bidirectional embeddings, overrides and isolates U+202A to U+202E and U+2066 to U+2069, which reorder the text "
        "around them. Invisible format characters, such as the zero-width space U+200B, the word joiner U+2060, U+FEFF "
        "and the soft hyphen U+00AD, are reported because they split words for search and hide them from the "
        "banned-word checks. The zero-width joiner and non-joiner pass next to a letter of a script that needs them "
        "(Persian, Arabic, the Indic scripts) and inside an emoji sequence, and the direction marks U+200E, U+200F and "
        "U+061C pass in text with right-to-left letters."
    )
    Options = InvisibleCharsOptions
    examples = EXAMPLES["invisible-chars"]

    def check(self, context: SkuContext, options: InvisibleCharsOptions) -> Iterable[Problem]:
        for locale, copy in context.copies.items():
            for path, text in copytext.copy_fields(copy):
                multiline = _is_multiline(path, options.multiline_fields)
                for found in textcount.invisible_characters(text, multiline=multiline):
                    yield self._problem(context, locale, path, found)

    @staticmethod
    def _problem(context: SkuContext, locale: str, path: KeyPath, found: textcount.Invisible) -> Problem:
        field = format_field_path(path)
        code = textcount.code_points(found.char)
        if found.kind == "line-break":
            message = _("line break ({code}) in {field}, a one-line field", code=code, field=field)
            hint = _("Join the lines with a space: platforms show this field on one line, and a line break splits a row of an upload file.")
        elif found.kind == "tab":
            message = _("tab ({code}) in {field}", code=code, field=field)
            hint = _("Replace the tab with a space, because a tab splits a row of a tab-separated upload file.")
        elif found.kind == "control":
            message = _("control character {code} in {field}", code=code, field=field)
            hint = _("Delete the character: it does not show, and an upload file or a listing page may reject it or show it as a box.")
        elif found.kind == "bidi":
            message = _("bidirectional control {code} ({name}) in {field}", code=code, name=textcount.char_name(found.char), field=field)
            hint = _("Delete the character: it reorders the text around it on screen. Where mixed text needs a direction, use the mark U+200E or U+200F.")
        else:
            message = _("invisible character {code} ({name}) in {field}", code=code, name=textcount.char_name(found.char), field=field)
            hint = _("Delete the character: it does not show, but it splits or joins words for search and hides them from the banned-word checks.")
        return context.problem(message, key=f"{field}:{code}", file=context.copy_file(locale), path=path, hint=hint, locale=locale)


def _is_multiline(path: KeyPath, fields: tuple[str, ...]) -> bool:
    """Tell whether the text at ``path`` may hold line breaks: its field, without list positions, is one of ``fields`` or under one."""
    name = ".".join(str(part) for part in path if not isinstance(part, int))
    return any(name == field or name.startswith(f"{field}.") for field in fields)


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
    InvisibleChars(),
)
