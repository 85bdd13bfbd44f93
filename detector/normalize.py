"""Undo the obfuscation lures use, and pull out the identifiers analysts search for.

Everything here is a pure function of the text: no model, no state. `normalize` (the text the
models read) is defined here; the rest lives in three modules and is importable from here too:
`detector.deobfuscation` (character-level: look-alikes, invisible characters, spaced and spelled
digits), `detector.identifiers` (phone numbers, links, handles, e-mails, amounts, and their keys)
and `detector.redaction` (contacts masked for shared output).

Example
-------
>>> normalize("W h a t s A p p  6 9 9 ⁰ ⁰ ⁰ 1 2, v1sa + b1llet")
'WhatsApp 69900012, visa + billet'
"""

from __future__ import annotations

import re
from functools import lru_cache

from detector.deobfuscation import deobfuscate, fold_arabic

# `_EMAIL` re-exported for the institutions' gazetteer matching.
from detector.identifiers import _EMAIL as _EMAIL
from detector.identifiers import (
    DEFAULT_REGIONS,
    Identifiers,
    canonical_handle,
    canonical_phone,
    canonical_url,
    extract_identifiers,
    identifier_spans,
    link_key,
    phone_digits,
)
from detector.redaction import contact_spans, redact

__all__ = [
    "DEFAULT_REGIONS", "Identifiers", "canonical_handle", "canonical_phone", "canonical_url", "contact_spans",
    "deobfuscate", "extract_identifiers", "fold_arabic", "identifier_spans", "link_key", "normalize",
    "phone_digits", "redact",
]

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_RUN = re.compile(r"(?<=[A-Za-z])[013457@$]+(?=[A-Za-z])")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}|([!?.])\2{2,}")


# Scoring normalizes a post for the models, then the impersonation rule normalizes the same text
# again: the last posts' results are kept (a pure function of an immutable string).
@lru_cache(maxsize=2048)
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
