"""Contacts masked for sharing outside the committee: phone numbers, e-mail addresses, links and
handles, however a lure writes them, found on the de-obfuscated text and mapped back to the text as
written.

Example
-------
>>> redact("Écrire à agent at gmail dot com ou au 6,9,9,0,0,4,1,2,7")
'Écrire à [email] ou au [phone]'
"""

from __future__ import annotations

import re

from detector.deobfuscation import _DIGIT_WORD, _folded
from detector.identifiers import _CURRENCY, _DATE, _TELEGRAM, _THOUSANDS, _URL, _WHATSAPP, canonical_phone

# What `redact` masks beyond the identifiers `extract_identifiers` finds: every way a lure writes a
# contact to dodge filters. Over-masking a date or a long number in shared output is the safer error.
_HANDLE_ANY = re.compile(r"(?<![\w@.\]])@[\w.]{2,30}\w")  # non-ASCII handles too ('@récrutéur_dubaï')
# `_URL` with bounded labels: unbounded, a long 'a.a.a.…' costs it the cube of its length.
_URL_BOUNDED = re.compile(_URL.pattern.replace("[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.",
                                               "[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){0,8}\\.")
                          .replace("[^\\s,;)]+", "[^\\s,;)]{1,2000}"))
_EMAIL_BOUNDED = re.compile(r"(?i)\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b")
_TLD = r"(?:com|net|org|info|xyz|online|site|biz|ly|me|io|co|cm|ng|gh|ci|sn|fr|es|pt|ao|mz|ca|uk|de|ru|ae|qa|sa)"
_SPELLED_EMAIL = re.compile(
    rf"(?i)(?<![\w.+-])[\w.+-]+\s*(?:[(\[{{<]\s*(?:at|arobase|@)\s*[)\]}}>]|\s(?:at|arobase)\s)\s*[\w-]+"
    rf"(?:\s*(?:[(\[{{<]\s*(?:dot|point)\s*[)\]}}>]|\s(?:dot|point)\s|\.(?=\w))\s*[\w-]+)*?"
    rf"\s*(?:[(\[{{<]\s*(?:dot|point)\s*[)\]}}>]|\s(?:dot|point)\s|\.)\s*{_TLD}\b"
)
# A digit of a phone number as lures write it: a digit, a letter O beside digits ('6OO'), or a digit
# word not inside a longer word ('6 nine 9 zero', '69900412seven').
_PHONE_FIRST_DIGIT = rf"(?:(?<![^\W\d_])(?i:{_DIGIT_WORD})(?![^\W\d_])|\d|(?<![^\W\d_])[Oo](?=[Oo]*\d))"
_PHONE_DIGIT = rf"(?:{_PHONE_FIRST_DIGIT[3:-1]}|(?<=[\dOo])[Oo](?![^\W\d_Oo]))"
_LOOSE_PHONE = re.compile(rf"\+?{_PHONE_FIRST_DIGIT}(?:[\s,.\-_/()*]{{0,3}}{_PHONE_DIGIT}){{7,}}")
_COUNT_DIGITS = re.compile(rf"(?i:{_DIGIT_WORD})|\d|[Oo]")

# 'wa.me/' alone names a channel, not a person: evidence of private contact, kept.
_BARE_CHANNEL = re.compile(r"(?i)(?:https?://)?(?:www\.)?(?:wa\.me|t\.me|telegram\.me|chat\.whatsapp\.com)/?")
_CURRENCY_AFTER = re.compile(rf"(?i)\s?{_CURRENCY}")
_AMOUNT_TAIL = re.compile(r"(?:^|(?<=\s))\d{1,3}(?:[ ,.']\d{3})*$")


# Years as a run of digits writes them: '2026', or a range with its separator dropped ('20262027').
_YEAR_GROUP = re.compile(r"((?:19|20)\d\d)((?:19|20)\d\d)?")
_RUN_GROUP = re.compile(r"\d+|[^\d\s,.\-_/()*]+")  # digits, or what else a run counts as digits ('O', 'nine')


def _is_years(group: str) -> bool:
    """A year, or a year range written without its separator (the second year after the first, within 10)."""
    m = _YEAR_GROUP.fullmatch(group)
    return m is not None and (m.group(2) is None or 0 < int(m.group(2)) - int(m.group(1)) <= 10)


def _phone_part(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The phone number in the run of digits text[start:end], or None: fewer than 8 digits, a date,
    years ('2026-2027', '20262027') or an amount ('2 500 000 FCFA'). An amount that ends the run is
    cut off ('699004127 50 000 FCFA'), unless it is a valid number ('699 004 127 FCFA');
    so are years that start it ('2026-2027 699004127')."""
    if _CURRENCY_AFTER.match(text, end):
        tail = _AMOUNT_TAIL.search(text, start, end)
        if tail is not None and not (canonical_phone(tail.group(0)) and not _THOUSANDS.fullmatch(tail.group(0))):
            end = tail.start()
            while end > start and not (text[end - 1].isalnum()):
                end -= 1
    groups = list(_RUN_GROUP.finditer(text, start, end))
    if groups and all(_is_years(g.group(0)) for g in groups):
        return None
    while len(groups) > 1 and _is_years(groups[0].group(0)) and len(_COUNT_DIGITS.findall(
            text, groups[1].start(), end)) >= 8:
        start, groups = groups[1].start(), groups[1:]
    run = text[start:end]
    if len(_COUNT_DIGITS.findall(run)) < 8 or _DATE.fullmatch(run.strip()):
        return None
    return start, end


def contact_spans(text: str) -> list[tuple[int, int, str]]:
    """Where the contacts of a text stand in it as written: (start, end, kind), sorted and not
    overlapping, kind phone, whatsapp, telegram, email, url or handle.

    They are found on the de-obfuscated text (as `extract_identifiers` finds them), with looser rules
    for what only a person would read as a contact (digits split by commas or slashes, digit words,
    the letter O for zero, 'agent at gmail dot com', non-ASCII handles), and mapped back to `text`.

    Example
    -------
    >>> text = "Appelez le 6 nine 9 zero zero 4 1 2 7 ou agent(at)gmail(dot)com"
    >>> [(text[a:b], kind) for a, b, kind in contact_spans(text)]
    [('6 nine 9 zero zero 4 1 2 7', 'phone'), ('agent(at)gmail(dot)com', 'email')]
    """
    if len(text) > 2 * _WINDOW:
        # Long texts are read in overlapping windows: some of these patterns cost the square of the
        # length of a run they cannot match ('a.a.a.…'), and a contact is far shorter than the overlap.
        found = [(start + a, start + b, kind) for start in range(0, len(text), _WINDOW)
                 for a, b, kind in _spans(text[max(0, start - _OVERLAP):start + _WINDOW + _OVERLAP])
                 for a, b in [(a - min(start, _OVERLAP), b - min(start, _OVERLAP))]]
    else:
        found = _spans(text)
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda s: (s[0], -s[1])):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]), spans[-1][2])
        elif end > start:
            spans.append((start, end, kind))
    return spans


_WINDOW, _OVERLAP = 2000, 200


def _spans(text: str) -> list[tuple[int, int, str]]:
    """The contacts of `text` found on its de-obfuscated form, mapped back (may overlap)."""
    clean, origin = _folded(text)
    found: list[tuple[int, int, str]] = []
    for kind, pattern in (("whatsapp", _WHATSAPP), ("telegram", _TELEGRAM), ("email", _EMAIL_BOUNDED),
                          ("email", _SPELLED_EMAIL), ("url", _URL_BOUNDED), ("handle", _HANDLE_ANY)):
        found += [(*m.span(), kind) for m in pattern.finditer(clean) if not _BARE_CHANNEL.fullmatch(m.group(0))]
    # `_LOOSE_PHONE` reads every number `_PHONE` reads, as a whole run: `_PHONE` stops at 20 characters.
    for m in _LOOSE_PHONE.finditer(clean):
        number = _phone_part(clean, m.start(), m.end())
        if number is not None:
            found.append((*number, "phone"))
    return found if origin is None else [(origin[start], origin[end], kind) for start, end, kind in found]


def redact(text: str) -> str:
    """`text` with phone numbers, e-mail addresses, links and handles masked (see `contact_spans`),
    for exports shared outside the committee (victims and suspects are identifiable by these).

    Example
    -------
    >>> redact("WhatsApp +237 6 99 00 12 34 ou wa.me/237699001234, écrire à @agent_dubai")
    'WhatsApp [phone] ou [whatsapp], écrire à [handle]'
    >>> redact("6,9,9,0,0,4,1,2,7 ou 699/004/127 ou agent at gmail dot com")
    '[phone] ou [phone] ou [email]'
    """
    out, last = [], 0
    for start, end, kind in contact_spans(text):
        out += [text[last:start], f"[{kind}]"]
        last = end
    return "".join(out) + text[last:]
