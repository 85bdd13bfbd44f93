"""Undo the obfuscation lures use, and pull out the identifiers analysts search for.

Everything here is a pure function of the text: no model, no state.

Example
-------
>>> normalize("W h a t s A p p  6 9 9 ⁰ ⁰ ⁰ 1 2, v1sa + b1llet")
'WhatsApp 69900012, visa + billet'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

import phonenumbers

# Latin look-alikes from Cyrillic and Greek that fake accounts and lures use to dodge filters.
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
        "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "τ": "t", "υ": "u", "ε": "e",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)
# Zero-width characters, variation selectors and the keycap mark (6️⃣ -> 6).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f\u20e3\u00ad"), None)
# Arabic-Indic and Persian digits: NFKC leaves them, and lures write phone numbers with them.
_DIGITS = str.maketrans({chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)})
# Arabic spelling variants folded as Arabic NLP usually does: hamza seats, alef maqsura, ta marbuta,
# and diacritics and tatweel dropped, so the dialects' spellings of one word meet.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي",
                              **dict.fromkeys(map(chr, [*range(0x064B, 0x0660), 0x0670, 0x0640]), None)})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACED_DIGITS = re.compile(r"(?<![\d])\d(?:[ .\-_/]{1,2}\d){3,}(?![\d])")
_DIGIT_WORDS = {
    "zero": "0", "zéro": "0", "oh": "0", "one": "1", "un": "1", "two": "2", "deux": "2", "three": "3",
    "trois": "3", "four": "4", "quatre": "4", "five": "5", "cinq": "5", "six": "6", "seven": "7", "sept": "7",
    "eight": "8", "huit": "8", "nine": "9", "neuf": "9",
}
_DIGIT_WORD = "(?:" + "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True)) + ")"
# Four or more digit words in a row ("zero eight one two", "six neuf neuf") spell a number out.
_SPELLED_NUMBER = re.compile(rf"(?i)\b{_DIGIT_WORD}(?:[ ,\-]+{_DIGIT_WORD}){{3,}}\b")
_SPACED_LETTERS = re.compile(r"(?<!\w)(?:[A-Za-z] ){3,}[A-Za-z](?!\w)")
_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_RUN = re.compile(r"(?<=[A-Za-z])[013457@$]+(?=[A-Za-z])")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}|([!?.])\2{2,}")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _join_spaced_digits(match: re.Match[str]) -> str:
    chunks = re.split(r"[ .\-_/]+", match.group(0))
    # "2 500 000" and "6 99 00 00 14" keep their grouping: only single-digit runs are spelled out.
    return "".join(chunks) if all(len(c) == 1 for c in chunks) else match.group(0)


def deobfuscate(text: str) -> str:
    """Unicode NFKC, homoglyphs, invisible characters and spaced-out digits/letters undone.

    Keeps URLs, handles and phone numbers intact, so identifiers are extracted from this form.
    """
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_HOMOGLYPHS).translate(_DIGITS)
    text = _CONTROL.sub(" ", text)
    text = _SPELLED_NUMBER.sub(lambda m: "".join(_DIGIT_WORDS[w.lower()] for w in re.findall(r"[^\W\d_]+", m.group(0))),
                               text)
    text = _SPACED_DIGITS.sub(_join_spaced_digits, text)
    text = _SPACED_LETTERS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _SPACES.sub(" ", text).strip()


def fold_arabic(text: str) -> str:
    """Arabic letter variants folded and diacritics dropped (other scripts untouched)."""
    return text.translate(_ARABIC_FOLD)


def normalize(text: str) -> str:
    """De-obfuscated text for the models: also l33t inside words, runs of repeated characters, and
    Arabic spelling variants folded.

    Parameters
    ----------
    text : str
        A post as written.

    Returns
    -------
    str
        The post with obfuscation undone; case is kept.
    """
    text = fold_arabic(deobfuscate(text))
    text = _LEET_RUN.sub(lambda m: "".join(_LEET[c] for c in m.group(0)), text)
    return _REPEATS.sub(lambda m: m.group(1) or m.group(2), text)


_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d \-.()]{6,18}\d(?![\w])")
_WHATSAPP = re.compile(r"(?i)\b(?:https?://)?(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com)/[^\s,;)]+")
_TELEGRAM = re.compile(r"(?i)\b(?:https?://)?(?:t\.me|telegram\.me)/[^\s,;)]+")
_URL = re.compile(
    r"(?i)\b(?:https?://[^\s,;)]+|www\.[^\s,;)]+|"
    r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|xyz|online|site|biz|ly|me|io|co|cm|ng|gh|ci|sn|"
    r"fr|es|pt|ao|mz|ca|uk|de)(?:/[^\s,;)]*)?)(?=[\s,;)]|$)"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}[A-Za-z0-9_]")
_MOBILE_MONEY = re.compile(
    r"(?i)\b(?:mtn\s*mo(?:bile\s*)?mo(?:ney)?|momo|orange\s*money|mobile\s*money|m-?pesa|wave|airtel\s*money|"
    r"moov\s*money|flooz|t-?money|express\s*union|western\s*union|money\s*gram|opay|palmpay|"
    r"multicaixa(?:\s*express)?|e-?mola|pix)\b"
)
_CURRENCY = (
    r"(?:fcfa|f\s?cfa|cfa|xaf|xof|frs?|francs?|€|eur(?:os?)?|\$|usd|dollars?|d[oó]lares|naira|₦|ngn|"
    r"cedis?|gh₵|ksh|kes|kwanzas?|kz|akz|meticais|mt|reais|r\$|dirhams?|aed|riyals?|sar|qar|"
    r"درهم|ريال|دولار|دينار|يورو|فرنك)"
)
_AMOUNT = re.compile(
    rf"(?i)(?:{_CURRENCY}\s?\d[\d ,.']*\d?(?:\s?(?:k|m|mil|million|millions))?"
    rf"|\d[\d ,.']*(?:\s?(?:k|m|mil|million|millions|mille))?\s?{_CURRENCY})(?![a-z])"
)


#: Where a number written without a country code is read, in this order: the mission's countries
#: (Cameroon first). A number with an explicit country code ('+971…', '00971…') is read anywhere.
DEFAULT_REGIONS = ("CM", "NG", "CI", "SN", "GA", "TD", "CF", "CG", "GQ", "GH", "BJ", "TG")
# A number written without '+' or '00' but starting with one of these codes ('237699004127').
_MISSION_CODES = tuple(str(phonenumbers.country_code_for_region(r)) for r in DEFAULT_REGIONS)
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_ISO_DATE = re.compile(r"\d{4}([/.\-])\d{1,2}\1\d{1,2}")
# '50 000', '15.000.000': thousands groups after a short lead group are an amount, not '699 004 127'.
_THOUSANDS = re.compile(r"\d{1,2}(?:([ .,'])\d{3})(?:\1\d{3})*")
_CURRENCY_BEFORE = re.compile(rf"(?i)(?<![^\W\d_]){_CURRENCY}\s?$")
_CURRENCY_NEXT = re.compile(rf"(?i)\s?{_CURRENCY}(?![^\W\d_])")
# Query parameters that say where a click came from, not where it goes.
_TRACKING = re.compile(r"(?i)utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|igsh|mc_cid|"
                       r"mc_eid|_ga|_gl|ref|ref_src|si|share_id|mibextid")
_TELEGRAM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


def canonical_phone(raw: str, *, international: bool = False) -> str | None:
    """The E.164 form of a phone number as written, or None when it is not a valid number.

    A number with '+' or '00' in front is read with its country code, whatever the country; one
    without is read in `DEFAULT_REGIONS` in order (the first region where it is valid wins), then
    with a mission country's code it may start with. Years, year ranges, dates and amounts are not
    numbers: the caller checks the context (`extract_identifiers` does).

    Parameters
    ----------
    raw : str
        The number as written ('+237 6 99 00 41 27', '699004127', '00237699004127').
    international : bool
        The digits start with the country code even without '+' (WhatsApp links).

    Returns
    -------
    str or None
        '+' and the digits, e.g. '+237699004127'.

    Example
    -------
    >>> canonical_phone("6 99 00 41 27"), canonical_phone("00237 699 004 127"), canonical_phone("2026-2027")
    ('+237699004127', '+237699004127', None)
    """
    text = raw.strip()
    digits = re.sub(r"\D", "", text)
    if not 7 <= len(digits) <= 17:
        return None
    return _e164(digits, text.startswith(("+", "(+")) or digits.startswith("00"), international)


# Cached: a number is written over and over, and reading it tries up to 12 regions.
@lru_cache(maxsize=1 << 16)
def _e164(digits: str, plus: bool, international: bool) -> str | None:
    if plus:
        candidates: list[tuple[str, str | None]] = [("+" + digits.removeprefix("00"), None)]
    else:
        candidates = [("+" + digits, None)] if international else []
        candidates += [(digits, region) for region in DEFAULT_REGIONS]
        if not international and digits.startswith(_MISSION_CODES):
            candidates.append(("+" + digits, None))
    for number, region in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _not_a_phone(text: str, start: int, end: int) -> bool:
    """Is text[start:end], which looks like a phone number, a year range, a date or an amount?"""
    run = text[start:end].strip()
    if run.startswith("+"):
        return False
    groups = re.findall(r"\d+", run)
    if all(len(g) == 4 and _YEAR_DIGITS.fullmatch(g) for g in groups):
        return True  # '2026-2027', '2025 2026'
    if _DATE.fullmatch(run) or _ISO_DATE.fullmatch(run) or _THOUSANDS.fullmatch(run):
        return True
    return bool(_CURRENCY_NEXT.match(text, end) or _CURRENCY_BEFORE.search(text[max(0, start - 12):start]))


def _numbers_in(run: str) -> list[str]:
    """The valid numbers of a run that looks like one phone number: itself, or two numbers written
    side by side ('699004127 677123456'), in E.164."""
    whole = canonical_phone(run)
    if whole:
        return [whole]
    for gap in re.finditer(r"[ \-.()/]+", run):
        left, right = canonical_phone(run[:gap.start()]), canonical_phone(run[gap.end():])
        if left and right:
            return [left, right]
    return []


def canonical_url(url: str) -> str:
    """A web address as a key: no scheme, no 'www.', host in lower case, no trailing slash, no
    fragment, and no tracking parameters (utm_*, fbclid...); the path keeps its case.

    Example
    -------
    >>> canonical_url("HTTPS://www.Example.com/Offre/?utm_source=fb&id=7&fbclid=x#top")
    'example.com/Offre?id=7'
    """
    raw = url.strip().rstrip(".,;:!?'\"")
    parts = urlsplit(raw if re.match(r"(?i)[a-z][a-z0-9+.\-]*://", raw) else "http://" + raw)
    host = (parts.hostname or "").rstrip(".").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port not in (None, 80, 443):
        host += f":{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.fullmatch(k)])
    return host + parts.path.rstrip("/") + (f"?{query}" if query else "")


def canonical_handle(handle: str) -> str:
    """A handle as a key: without '@', case-folded ('@Recruteur_Dubai' -> 'recruteur_dubai')."""
    return handle.strip().lstrip("@").casefold()


def link_key(link: str) -> str | None:
    """The key of a WhatsApp or Telegram link: the number or handle it opens when it carries one
    (``phone:+237…`` for 'wa.me/237…' and 'api.whatsapp.com/send?phone=…', ``handle:…`` for
    't.me/name'), else the canonical address (``url:…``: group invites, 't.me/+…'). None for a
    number cut short ('wa.me/+237 6 99…': the number is read from the text after it).

    Example
    -------
    >>> link_key("https://api.whatsapp.com/send?phone=237699004127&text=Bonjour"), link_key("t.me/Recruteur_Dubai")
    ('phone:+237699004127', 'handle:recruteur_dubai')
    """
    canonical = canonical_url(link)
    host, _, rest = canonical.partition("/")
    path, _, query = rest.partition("?")
    number = None
    if host == "wa.me" and re.fullmatch(r"\+?\d[\d\-. ]*", path):
        number = path
    elif host == "api.whatsapp.com" and path == "send":
        number = dict(parse_qsl(query)).get("phone")
    if number:
        phone = canonical_phone(number, international=True)
        if phone:
            return f"phone:{phone}"
        if len(re.sub(r"\D", "", number)) < 7:
            return None
    if host in ("t.me", "telegram.me"):
        segments = path.split("/")
        name = segments[1] if segments[0] == "s" and len(segments) > 1 else segments[0]
        if _TELEGRAM_NAME.fullmatch(name) and name.lower() not in ("joinchat", "addstickers", "share", "proxy"):
            return f"handle:{canonical_handle(name)}"
    return f"url:{canonical.replace('telegram.me', 't.me', 1) if host == 'telegram.me' else canonical}"


@dataclass
class Identifiers:
    """Identifiers a lure exposes: what links the posts of one recruiter.

    `phones` are the digits of every run that looks like a phone number, as before; `numbers` are the
    ones that are valid numbers in E.164 (no year range, date or amount): the keys use these.
    """

    phones: list[str] = field(default_factory=list)
    whatsapp: list[str] = field(default_factory=list)
    telegram: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    mobile_money: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    def keys(self) -> set[str]:
        """One key per real-world identifier, whichever way it is written (not amounts):
        ``phone:+237699004127`` (from the text or a WhatsApp link), ``handle:recruteur_dubai`` (an
        @handle or a t.me link), ``url:example.com/path`` (`canonical_url`), ``email:agent@mail.com``.
        """
        out = {f"phone:{n}" for n in self.numbers}
        out |= {k for k in map(link_key, self.whatsapp + self.telegram) if k}
        out |= {f"url:{canonical_url(u)}" for u in self.urls}
        out |= {f"handle:{canonical_handle(h)}" for h in self.handles}
        out |= {f"email:{e.casefold()}" for e in self.emails}
        return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def phone_digits(raw: str) -> str | None:
    """The digits of a phone number, or None when the string cannot be one (8 to 15 digits)."""
    digits = re.sub(r"\D", "", raw)
    return digits if 8 <= len(digits) <= 15 else None


def extract_identifiers(text: str) -> Identifiers:
    """Phone numbers, WhatsApp/Telegram links, URLs, handles, mobile-money names and amounts.

    Example
    -------
    >>> ids = extract_identifiers("Envoyez 25 000 FCFA par Orange Money au +237 6 99 00 12 34, wa.me/237699001234")
    >>> ids.phones, ids.whatsapp, ids.mobile_money, ids.amounts
    (['237699001234'], ['wa.me/237699001234'], ['Orange Money'], ['25 000 FCFA'])
    >>> sorted(ids.keys())
    ['phone:+237699001234']
    """
    clean = deobfuscate(text)
    whatsapp = _unique(_WHATSAPP.findall(clean))
    telegram = _unique(_TELEGRAM.findall(clean))
    links = set(whatsapp + telegram)
    emails = _unique(_EMAIL.findall(clean)) if "@" in clean else []
    domains = {e.rpartition("@")[2].lower() for e in emails}
    urls = _unique(u for u in _URL.findall(clean) if not any(u in link or link in u for link in links)
                   and u.lower() not in domains)  # the domain of an address is not a site of the post
    amounts = _unique(a.strip() for a in _AMOUNT.findall(clean))
    without_links = _WHATSAPP.sub(" ", _TELEGRAM.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", clean) if emails else clean)))
    phones, numbers = [], []
    for match in _PHONE.finditer(without_links):
        if any(match.group(0).strip() in a for a in amounts):
            continue
        digits = phone_digits(match.group(0))
        if digits:
            phones.append(digits)
        if not _not_a_phone(without_links, *match.span()):
            numbers += _numbers_in(match.group(0))
    return Identifiers(
        numbers=_unique(numbers),
        emails=emails,
        phones=_unique(phones),
        whatsapp=whatsapp,
        telegram=telegram,
        urls=urls,
        handles=_unique(_HANDLE.findall(clean)),
        mobile_money=_unique(m.group(0) for m in _MOBILE_MONEY.finditer(clean)),
        amounts=amounts,
    )


def identifier_spans(text: str) -> list[tuple[int, int, str]]:
    """Where the identifiers of `extract_identifiers` stand in the text as written, for highlighting:
    (start, end, kind) with kind phone, whatsapp, telegram, url, handle, mobile_money or amount.
    Identifiers only visible after de-obfuscation are not located (they stay in the evidence list);
    a phone is a run that is a valid number, as for the keys (not '2026-2027').

    Example
    -------
    >>> identifier_spans("Orange Money au +237 699 00 12 34")
    [(0, 12, 'mobile_money'), (16, 33, 'phone')]
    """
    spans = [(m.start(), m.end(), kind) for kind, pattern in (
        ("whatsapp", _WHATSAPP), ("telegram", _TELEGRAM), ("url", _URL), ("handle", _HANDLE),
        ("mobile_money", _MOBILE_MONEY), ("amount", _AMOUNT)) for m in pattern.finditer(text)]
    spans += [(m.start(), m.end(), "phone") for m in _PHONE.finditer(text)
              if not _not_a_phone(text, *m.span()) and _numbers_in(m.group(0))]
    return sorted(spans)


_EMAIL = re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


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
_DATE = re.compile(r"\d{1,2}([/.\-])\d{1,2}\1\d{2,4}")


def _folded(text: str) -> tuple[str, list[int] | None]:
    """`text` with the character-level de-obfuscation of `deobfuscate` (NFKC, invisible characters,
    homoglyphs, Arabic digits), and for each character of the result the offset in `text` of the
    character it came from (None when they are the same: ASCII text)."""
    if text.isascii():
        return _CONTROL.sub(" ", text), None
    chars: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1  # a letter and its accents fold together ('e' + U+0301 -> 'é')
        piece = unicodedata.normalize("NFKC", text[i:j]).translate(_INVISIBLE).translate(_HOMOGLYPHS)
        for ch in _CONTROL.sub(" ", piece.translate(_DIGITS)):
            chars.append(ch)
            origin.append(i)
        i = j
    origin.append(len(text))
    return "".join(chars), origin


# 'wa.me/' alone names a channel, not a person: evidence of private contact, kept.
_BARE_CHANNEL = re.compile(r"(?i)(?:https?://)?(?:www\.)?(?:wa\.me|t\.me|telegram\.me|chat\.whatsapp\.com)/?")
_CURRENCY_AFTER = re.compile(rf"(?i)\s?{_CURRENCY}")
_AMOUNT_TAIL = re.compile(r"(?:^|(?<=\s))\d{1,3}(?:[ ,.']\d{3})*$")


def _phone_part(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The phone number in the run of digits text[start:end], or None: fewer than 8 digits, a date,
    or an amount ('2 500 000 FCFA'). An amount that ends the run is cut off ('699004127 50 000 FCFA')."""
    if _CURRENCY_AFTER.match(text, end):
        tail = _AMOUNT_TAIL.search(text, start, end)
        if tail is not None:
            end = tail.start()
            while end > start and not (text[end - 1].isalnum()):
                end -= 1
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
