"""The identifiers a lure exposes (phone numbers, WhatsApp and Telegram links, web addresses,
handles, e-mail addresses, mobile-money names, amounts) and one key per real-world identifier.

Found on the de-obfuscated text (`detector.deobfuscation`); phone numbers are read as E.164 with
Google's libphonenumber metadata. Pure functions of the text.

Example
-------
>>> sorted(extract_identifiers("WhatsApp +237 6 99 00 41 27 ou wa.me/237699004127").keys())
['phone:+237699004127']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

import phonenumbers

from detector.deobfuscation import deobfuscate

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
_DATE = re.compile(r"\d{1,2}([/.\-])\d{1,2}\1\d{2,4}")
_EMAIL = re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


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
    raw = url.strip().rstrip(".,;:!?'\"»”’")  # a closing quote after a quoted link is not part of it
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
