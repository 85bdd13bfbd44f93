"""Public figures: the gazetteer of people, their look-alike handles, and the names a post gives
(exact aliases, fuzzy matches, spaCy NER)."""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np

from detector.impersonation.base import (
    _HANDLE_DIGITS,
    _HANDLE_SUFFIX,
    _OFFER,
    _SPEAKS_AS,
    GAZETTEER,
    SPACY_MODELS,
    Figure,
    Mention,
    _fold,
    _fold_handle,
    _source,
)
from detector.normalize import normalize

# The package's logger, as before the split (the CLI's log lines name it).
log = logging.getLogger(__package__)

class Gazetteer:
    """Public figures with an index of their folded aliases for exact and fuzzy lookup."""

    def __init__(self, figures: list[Figure]) -> None:
        self.figures = figures
        self.alias_index: dict[str, Figure] = {}
        for figure in figures:
            for alias in (figure.name, *figure.aliases, *figure.foundations):
                key = _fold(alias)
                # A one-word alias under 5 letters ("OBO") matches only as an exact token sequence.
                if key:
                    self.alias_index.setdefault(key, figure)
        # One alternation, longest aliases first, run once over the folded post.
        self.alias_regex = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(self.alias_index, key=len,
                                                                                       reverse=True)) + r")\b")
        # An alias matches whole words of the folded post, so a post holding none of the aliases' first
        # words names no figure: most posts are answered by one set lookup a word, without the alternation.
        self._first_words = frozenset(k.split()[0] for k in self.alias_index)
        self.fuzzy_keys = [k for k in self.alias_index if len(k) >= 6]
        # What `handle_imitates` compares a handle with: the aliases without spaces, in index order.
        compact = [(alias.replace(" ", ""), figure) for alias, figure in self.alias_index.items()]
        self._handle_aliases = [c for c, _ in compact if len(c) >= 5]
        self._handle_figures = [f for c, f in compact if len(c) >= 5]
        self._handle_lengths = np.asarray([len(c) for c in self._handle_aliases])
        # Letter counts of each alias: a bound on its partial ratio with a handle, from the letters they share.
        self._alphabet = {c: i for i, c in enumerate(sorted({c for a in self._handle_aliases for c in a}))}
        self._alias_counts = np.zeros((len(self._handle_aliases), len(self._alphabet)), dtype=np.int64)
        for row, alias in enumerate(self._handle_aliases):
            for c in alias:
                self._alias_counts[row, self._alphabet[c]] += 1
        # Official handles, lower case: whose account a handle is. Handles ignore case, but a dot or an
        # underscore makes another account: '@victor_osimhen_9_' is not '@victorosimhen9'.
        self.official_index = {h: figure for figure in figures for h in figure.official_handles}
        # Folded, they are what a look-alike may hold ('setoo9_fondation'). A handle that is a figure's
        # first name ('cristiano') names everyone of that name: holding it imitates nobody by that alone.
        self._official_inside = [(_fold_handle(h), figure) for h, figure in self.official_index.items()
                                 if len(_fold_handle(h)) >= 5 and _fold_handle(h) != (_fold(figure.name).split()
                                                                                      or [""])[0]]
        # Scraped accounts post many times: a handle's answer is kept (bounded, cleared when full).
        self._handle_cache: dict[str, Figure | None] = {}
        # Capitalized spans repeat from post to post ("Bonjour", "WhatsApp"): a span's fuzzy answer is kept.
        self._fuzzy_cache: dict[tuple[str, float], Figure | None] = {}
        # Official handles a look-alike may hold, as one search: most handles hold none (then no loop).
        self._official_inside_regex = re.compile("|".join(re.escape(o) for o, _ in self._official_inside) or r"(?!)")

    @classmethod
    def load(cls, path: str | Path | Traversable = GAZETTEER) -> Gazetteer:
        """Read the gazetteer JSON (data, never code)."""
        raw: dict[str, Any] = json.loads(_source(path).read_text(encoding="utf-8"))
        figures = [Figure(f["name"], f["kind"], tuple(f.get("aliases", ())),
                          frozenset(h.lstrip("@").lower() for h in f.get("official_handles", ())),
                          tuple(f.get("foundations", ()))) for f in raw["figures"]]
        return cls(figures)

    def exact(self, text: str, *, normalized: bool = False) -> list[Mention]:
        """Figures whose alias appears as a whole word sequence."""
        found: dict[str, Mention] = {}
        folded = _fold(text, normalized=normalized)
        if self._first_words.isdisjoint(folded.split()):
            return []
        for match in self.alias_regex.finditer(folded):
            figure = self.alias_index[match.group(0)]
            found.setdefault(figure.name, Mention(figure, match.group(0), "alias"))
        return list(found.values())

    def fuzzy(self, candidate: str, cutoff: float = 88.0) -> Figure | None:
        """The figure whose alias is closest to `candidate` (a name span), above `cutoff`."""
        from rapidfuzz import fuzz, process

        key = _fold(candidate, normalized=True)
        if len(key) < 5:
            return None
        if (key, cutoff) in self._fuzzy_cache:
            return self._fuzzy_cache[key, cutoff]
        match = process.extractOne(key, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        figure = self.alias_index[match[0]] if match else None
        if len(self._fuzzy_cache) >= 100_000:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[key, cutoff] = figure
        return figure

    def official_account(self, handle: str) -> Figure | None:
        """The figure whose official account `handle` is (its case and a leading '@' aside), if any.

        Example
        -------
        >>> default_gazetteer().official_account("@SEtoo9").name
        "Samuel Eto'o"
        >>> default_gazetteer().official_account("@setoo9_") is None
        True
        """
        return self.official_index.get(handle.strip().lstrip("@").lower())

    def handle_imitates(self, handle: str) -> Figure | None:
        """The figure a handle or display name imitates (look-alike letters, suffixes, or one of its
        official handles with more around it: 'setoo9_fondation'), if any. A figure's own official
        handle imitates it too: callers tell it apart with `official_account`."""
        if handle in self._handle_cache:
            return self._handle_cache[handle]
        figure = self._handle_imitates(handle)
        if len(self._handle_cache) >= 100_000:
            self._handle_cache.clear()
        self._handle_cache[handle] = figure
        return figure

    def _handle_imitates(self, handle: str) -> Figure | None:
        from rapidfuzz import fuzz, process

        key = _fold_handle(handle)
        if len(key) < 4 or not self._handle_aliases:
            return None
        # Handles put digits for letters: 'Fa11y' is 'Fally', 'Eto0' is 'Etoo', 'P1erre' is 'Pierre'.
        keys = sorted({key, *(key.translate(table) for table in _HANDLE_DIGITS)})
        if any(self._official_inside_regex.search(k) for k in keys):
            for official, figure in self._official_inside:
                if any(official in k for k in keys):
                    return figure
        stripped = sorted({_HANDLE_SUFFIX.sub("", k) for k in keys})
        # An alias's score: its best ratio with a stripped key, or its best partial ratio inside a
        # longer key. One matrix per measure (rapidfuzz's C loop) instead of a Python loop over aliases.
        scores = process.cdist(stripped, self._handle_aliases, scorer=fuzz.ratio, dtype=np.float64).max(axis=0)
        lengths = self._handle_lengths
        for k in keys:
            # A window of the handle matches an alias of n letters with at most c letters in common, so the
            # partial ratio is at most 200c / (n + c): an alias that cannot reach the 85 a look-alike needs
            # (84, for rounding) is not compared; its score stays under 85 either way.
            counts = np.bincount(np.asarray([self._alphabet[c] for c in k if c in self._alphabet], dtype=np.intp),
                                 minlength=len(self._alphabet))
            common = np.minimum(self._alias_counts, counts).sum(axis=1)
            rows = np.flatnonzero((len(k) > lengths) & (200 * common >= 84 * (lengths + common)))
            if rows.size:
                partial = process.cdist([self._handle_aliases[i] for i in rows], [k], scorer=fuzz.partial_ratio,
                                        dtype=np.float64)[:, 0]
                scores[rows] = np.maximum(scores[rows], partial)
        best = int(np.argmax(scores))  # the first best alias, in index order
        return self._handle_figures[best] if scores[best] >= 85 else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped in `detector/gazetteer/`."""
    return Gazetteer.load()


@lru_cache(maxsize=2)
def _spacy(lang: str) -> Any:
    name = SPACY_MODELS[lang]
    try:
        import spacy

        return spacy.load(name, disable=["parser", "lemmatizer", "tagger", "morphologizer", "attribute_ruler",
                                         "senter"])
    except (ImportError, OSError):
        # NER only adds names the gazetteer's searches miss: without it those searches still run.
        log.warning("spaCy pipeline %s is not installed (pip install 'vigie[ner]'): names are found by the "
                    "gazetteer only", name)
        return None


def ner_people(text: str, lang: str) -> list[str]:
    """Person names spaCy's NER finds (French pipeline for French-like posts, else English)."""
    nlp = _spacy("fr" if lang in ("fr", "mixed") else "en")
    if nlp is None:
        return []
    return [ent.text for ent in nlp(text).ents if ent.label_ in ("PER", "PERSON")]


def find_mentions(text: str, *, lang: str = "fr", gazetteer: Gazetteer | None = None,
                  use_ner: bool = True, normalized: bool = False) -> list[Mention]:
    """Figures a post names: exact aliases, fuzzy capitalized spans, then NER spans."""
    gaz = gazetteer or default_gazetteer()
    clean = text if normalized else normalize(text)
    mentions = {m.figure.name: m for m in gaz.exact(clean, normalized=True)}
    if mentions:
        return list(mentions.values())  # a name spelled right: no need for the slower searches
    spans = re.findall(r"(?:[A-ZÀ-Ý][\w'’À-ÿ\-]+\s?){1,3}", clean)
    # NER costs milliseconds a post: only where a persona offers something and no alias was found.
    if use_ner and _SPEAKS_AS.search(clean) and _OFFER.search(clean):
        spans += ner_people(clean, lang)
    for span in spans:
        figure = gaz.fuzzy(span.strip())
        if figure and figure.name not in mentions:
            mentions[figure.name] = Mention(figure, span.strip(), "fuzzy")
    return list(mentions.values())


# --- Institutions -------------------------------------------------------------------------------
