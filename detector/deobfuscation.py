"""Character-level de-obfuscation: what lures do to letters and digits to dodge filters, undone.

Unicode compatibility forms, Cyrillic and Greek look-alikes, invisible characters, Arabic-Indic
digits, digit words and spaced-out digits or letters. Pure functions of the text; `detector.normalize`
builds the models' text on them, `detector.identifiers` and `detector.redaction` find contacts in it.

Example
-------
>>> deobfuscate("W h a t s A p p  6 9 9 ⁰ ⁰ ⁰ 1 2")
'WhatsApp 69900012'
"""

from __future__ import annotations

import re
import unicodedata

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
