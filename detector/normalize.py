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


@dataclass
class Identifiers:
    """Identifiers a lure exposes: what links the posts of one recruiter."""

    phones: list[str] = field(default_factory=list)
    whatsapp: list[str] = field(default_factory=list)
    telegram: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    mobile_money: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)

    def keys(self) -> set[str]:
        """Canonical strings that link posts: phone digits, links, handles (not amounts)."""
        out = {f"phone:{p}" for p in self.phones}
        out |= {f"link:{u.lower()}" for u in self.whatsapp + self.telegram + self.urls}
        out |= {f"handle:{h.lower()}" for h in self.handles}
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
    """
    clean = deobfuscate(text)
    whatsapp = _unique(_WHATSAPP.findall(clean))
    telegram = _unique(_TELEGRAM.findall(clean))
    links = set(whatsapp + telegram)
    urls = _unique(u for u in _URL.findall(clean) if not any(u in link or link in u for link in links))
    amounts = _unique(a.strip() for a in _AMOUNT.findall(clean))
    without_links = _WHATSAPP.sub(" ", _TELEGRAM.sub(" ", _URL.sub(" ", clean)))
    phones = []
    for match in _PHONE.finditer(without_links):
        digits = phone_digits(match.group(0))
        if digits and not any(match.group(0).strip() in a for a in amounts):
            phones.append(digits)
    return Identifiers(
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
    Identifiers only visible after de-obfuscation are not located (they stay in the evidence list).

    Example
    -------
    >>> identifier_spans("Orange Money au +237 699 00 12 34")
    [(0, 12, 'mobile_money'), (16, 33, 'phone')]
    """
    spans = [(m.start(), m.end(), kind) for kind, pattern in (
        ("whatsapp", _WHATSAPP), ("telegram", _TELEGRAM), ("url", _URL), ("handle", _HANDLE),
        ("mobile_money", _MOBILE_MONEY), ("amount", _AMOUNT)) for m in pattern.finditer(text)]
    spans += [(m.start(), m.end(), "phone") for m in _PHONE.finditer(text) if phone_digits(m.group(0))]
    return sorted(spans)


_EMAIL = re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def redact(text: str) -> str:
    """`text` with phone numbers, e-mail addresses, WhatsApp/Telegram links and @handles masked,
    for exports shared outside the committee (victims and suspects are identifiable by these).

    Example
    -------
    >>> redact("WhatsApp +237 6 99 00 12 34 ou wa.me/237699001234, écrire à @agent_dubai")
    'WhatsApp [phone] ou [whatsapp], écrire à [handle]'
    """
    text = _WHATSAPP.sub("[whatsapp]", text)
    text = _TELEGRAM.sub("[telegram]", text)
    text = _EMAIL.sub("[email]", text)
    text = _HANDLE.sub("[handle]", text)
    return _PHONE.sub(lambda m: "[phone]" if phone_digits(m.group(0)) else m.group(0), text)
