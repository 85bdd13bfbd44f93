"""Explainable signals with their evidence, in fr / en / pcm / es / pt / ar (code-switched text is
covered by the union of the languages' patterns).

Each signal is a named pattern family; a match reports the words that triggered it, so an
analyst sees *why* a post was flagged. There are three kinds:

- red flags of a lure (`upfront_fee`, `private_contact`, `payback_request`...);
- trafficking-risk indicators, after the ILO forced-labour indicators (`document_retention`,
  `withheld_wages`, `debt_bondage`, `transit_route`, `restricted_movement`, `informal_employer`,
  `unrealistic_conditions`): red flags too, listed in `TRAFFICKING_INDICATORS`;
- counter-cues (`COUNTER_CUES`): warning language, "no fees" statements, the frame of a post that
  quotes a lure to warn or report it, the frame of a genuine transaction receipt. The classifier
  uses them to tell awareness posts, honest calls and receipts from lures; they are never
  reported as evidence of a scam.

The phrasings themselves are in `detector.signal_patterns`; this module compiles and runs them.

Example
-------
>>> [s.name for s in find_signals("Visa et billet offerts, frais de dossier 50 000 FCFA, écrivez en inbox")]
['upfront_fee', 'travel_provided', 'private_contact']
>>> post = "J'ai reçu ce message : « billet avancé, remboursé sur vos salaires ». Attention, arnaque !"
>>> [(s.name, s.evidence) for s in find_signals(post, include_counter_cues=True)]
[('debt_bondage', 'billet avancé, remboursé sur vos salaires'), ('reporting_frame', "J'ai reçu ce message"), \
('warning_context', 'arnaque')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from detector.normalize import fold_arabic, normalize
from detector.signal_patterns import (  # noqa: F401  (re-exported: the signal names)
    ALL_SIGNALS,
    COUNTER_CUES,
    PATTERNS,
    RED_FLAGS,
    TRAFFICKING_INDICATORS,
)


def _latin_fold_table() -> dict[int, str]:
    """Accented Latin letters to their base letter, typographic apostrophes to "'": one character each."""
    table = {ord(c): "'" for c in "\u2019\u2018\u02bc\u00b4`"}
    for code in range(0x00C0, 0x0250):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


_LATIN_FOLD = _latin_fold_table()
# A match never starts inside a Latin word (it may start on a digit, a symbol or an Arabic letter:
# Arabic attaches prefixes to words): "asap" is not found in "pasaporte" nor "vite" in "convite",
# and the engine gives up on the inside of a word at once instead of trying every alternative there.
_WORD_START = r"(?<![a-z\u00df-\u024f])"


_NOT_AFTER_RUN = re.compile(r"(?:\(\?<!(?:[^()\\\[\]|*+?{}.^$]+)\))+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ESCAPE = re.compile(r"\\(?:u[0-9a-f]{4}|.)")


def _merge_not_after(run: re.Match[str]) -> str:
    """`(?<!no )(?<!tú )(?<!nunca )` as `(?<!no |tu )(?<!nunca )`: one look-behind per width, not per word."""
    words = re.findall(r"\(\?<!([^)]+)\)", run.group(0))
    by_width: dict[int, list[str]] = {}
    for word in words:
        by_width.setdefault(len(word), []).append(word)
    return "".join(f"(?<!{'|'.join(ws)})" for ws in by_width.values())


def _pattern_form(pattern: str) -> str:
    """A pattern folded as the text it runs on (`matchable`), made cheaper to try at each word.

    Runs of plain look-behinds are merged by width; a pattern written in Arabic script only is
    tried only where an Arabic letter starts.
    """
    pattern = _NOT_AFTER_RUN.sub(_merge_not_after, fold_arabic(pattern).translate(_LATIN_FOLD))
    if _ARABIC.search(pattern) and not re.search("[a-z]", _ESCAPE.sub("", pattern)):
        pattern = r"(?=[\u0600-\u06ff])" + pattern
    return pattern


def _first_chars(pattern: str) -> str | None:
    """A character class (its inside) holding every character a match of `pattern` can start with,
    or None when that cannot be told (a pattern that may match the empty string, a negated class...).

    `(?=[...])` of it in front of a pattern changes none of its matches and spares the engine trying
    every alternative where no alternative can start: the engine does not look for that itself
    behind a look-behind.
    """
    try:
        from re import _constants as sre  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]
    except ImportError:  # another Python's engine: no prefilter, the same matches
        return None
    categories = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_WORD: r"\w"}

    def sequence(items: Any) -> tuple[set[str], bool] | None:
        found: set[str] = set()
        for op, av in items:
            step = one(op, av)
            if step is None:
                return None
            found |= step[0]
            if not step[1]:
                return found, False
        return found, True

    def one(op: Any, av: Any) -> tuple[set[str], bool] | None:  # noqa: PLR0911
        if op is sre.LITERAL:
            return {re.escape(chr(av))}, False
        if op is sre.IN:
            found = set()
            for item, value in av:
                if item is sre.LITERAL:
                    found.add(re.escape(chr(value)))
                elif item is sre.RANGE:
                    found.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif item is sre.CATEGORY and value in categories:
                    found.add(categories[value])
                else:
                    return None
            return found, False
        if op is sre.SUBPATTERN:
            return None if av[1] or av[2] else sequence(av[3])
        if op is sre.BRANCH:
            found, empty = set(), False
            for alternative in av[1]:
                step = sequence(alternative)
                if step is None:
                    return None
                found, empty = found | step[0], empty or step[1]
            return found, empty
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            step = sequence(av[2])
            return None if step is None else (step[0], step[1] or av[0] == 0)
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            return set(), True  # takes no character
        return None

    try:
        first = sequence(_parser.parse(pattern))
    except Exception:  # noqa: BLE001  (the engine's internals changed: no prefilter)
        return None
    return None if first is None or first[1] else "".join(sorted(first[0]))


def _compile(patterns: list[str]) -> re.Pattern[str]:
    body = "(?:" + "|".join(f"(?:{_pattern_form(p)})" for p in patterns) + ")"
    first = _first_chars(body)
    return re.compile(_WORD_START + (f"(?=[{first}])" if first else "") + body)


# Patterns run on lower-cased, accent-folded text: several times faster than re.IGNORECASE on Unicode
# patterns, and "experiencia", "deposito" or "reserve" typed without accents still match.
_COMPILED = {name: _compile(ps) for name, ps in PATTERNS.items()}


def lower_keeping_offsets(text: str) -> str:
    """Lower case that keeps every offset: U+0130 is the one character whose lower case is longer."""
    return text.replace("\u0130", "I").lower()


def matchable(text: str) -> str:
    """The form the patterns run on: lower case, Latin accents and typographic apostrophes folded.

    Every character maps to one character, so offsets in it are offsets in `text`.

    Examples
    --------
    >>> matchable("L’Employeur GARDE le Passeport")
    "l'employeur garde le passeport"
    """
    return lower_keeping_offsets(text).translate(_LATIN_FOLD)


@dataclass(frozen=True)
class Signal:
    """One signal: its name and the words (of the de-obfuscated text) that raised it."""

    name: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True)
class SignalScan:
    """One pass of every pattern over a post: counts for the classifier, first matches for evidence."""

    counts: dict[str, int]
    first: dict[str, Signal]

    def red_flags(self) -> list[Signal]:
        """The red flags found, in the order of `RED_FLAGS` (counter-cues left out)."""
        return [self.first[name] for name in RED_FLAGS if name in self.first]


def scan(text: str, *, normalized: bool = False) -> SignalScan:
    """Run every signal pattern once over a post.

    Parameters
    ----------
    text : str
        The post.
    normalized : bool
        The text is already the output of `normalize` (offsets then refer to `text` itself).

    Returns
    -------
    SignalScan
        Possibly the very scan an earlier call on the same text returned (the last posts' scans are
        kept): read it, never change it.
    """
    return _scan_clean(text if normalized else normalize(text))


# Scoring scans a post for the classifier, then the impersonation rules scan it again (the figure rule
# and the institution rule each): the scans of the last posts are kept. A scan is shared: read it only.
@lru_cache(maxsize=1024)
def _scan_clean(clean: str) -> SignalScan:
    lowered = matchable(clean)
    counts, first = {}, {}
    for name in ALL_SIGNALS:
        matches = _COMPILED[name].finditer(lowered)
        match = next(matches, None)
        counts[name] = 0 if match is None else 1 + sum(1 for _ in matches)
        if match is not None:
            first[name] = Signal(name, clean[match.start():match.end()].strip(), match.start(), match.end())
    return SignalScan(counts, first)


def find_signals(text: str, *, include_counter_cues: bool = False, normalized: bool = False) -> list[Signal]:
    """All red-flag signals in a post, first match of each, in the order of `RED_FLAGS`.

    Parameters
    ----------
    text : str
        The post.
    include_counter_cues : bool
        Also report the counter-cues found (after the red flags, in name order).
    normalized : bool
        The text is already the output of `normalize`.

    Returns
    -------
    list of Signal
        Offsets refer to `normalize(text)`.
    """
    result = scan(text, normalized=normalized)
    found = result.red_flags()
    if include_counter_cues:
        found += [result.first[name] for name in sorted(COUNTER_CUES) if name in result.first]
    return found


def signal_counts(text: str, *, normalized: bool = False) -> dict[str, int]:
    """How often each signal (counter-cues included) occurs: the classifier's rule features."""
    return scan(text, normalized=normalized).counts
