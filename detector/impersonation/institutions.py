"""Institutions: the gazetteer of companies, ministries, security forces, embassies and international
bodies, the names a post gives them, and whether the post routes their hiring drive, exam, subsidy
or promo to a channel that is not theirs (`assess_institution`).

About 500 lines on purpose: the gazetteer's folded alias index, the name search and the routing
rule all read a post through one folded, offset-mapped view (`_Read`); split apart, each would
fold the text again or reach into the others' internals."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cached_property, lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from detector.impersonation.base import (
    INSTITUTIONS,
    Impersonation,
    Institution,
    InstitutionMention,
    _fold,
    _fold_handle,
    _source,
)

# `_EMAIL` is the pattern `redact` masks addresses with; `Identifiers` has no field for them yet.
from detector.normalize import _EMAIL, Identifiers, deobfuscate, extract_identifiers, fold_arabic, normalize
from detector.signals import lower_keeping_offsets, scan

# Offers made in an institution's name: hiring, exams, enrolment, subsidies, promos, prizes, visas.
_INSTITUTION_OFFER = re.compile(fold_arabic(
    r"\b(?:recrut\w*|embauch\w*|offres? d'emploi|emplois?\b|postes?\b|concours|inscri(?:ptions?|vez|re)\b|"
    r"enr[ôo]l\w*|candidatures?|postul\w*|stages?\b|stagiaires?|bourses?\b|subventions?|financements?|"
    r"fonds? d'appui|aides? (?:financières?|sociales?|aux jeunes)|allocations?|pensions?\b|int[ée]gration|"
    r"(?:pré)?s[ée]lectionn\w*|retenue?s?\b|admis\b|entretien|promo(?:tion)?s?\b|bonus|cadeaux?|offr(?:e|ons|ent)\b|"
    r"offert\w*|gratuite?s?\b|gagn\w*|gains?\b|tir[ée]e?s? au sort|tombola|loterie|visas?\b|immigration|"
    r"réinstallation|remboursements?|indemnisation|colis|"
    r"recruit\w*|hiring|hire\b|vacanc(?:y|ies)|jobs?\b|employ(?:ment|ing)?\b|openings?|positions?\b|enlist\w*|"
    r"enrol\w*|register\b|registration|intake|apply|applications?|exams?\b|examination|interview|"
    r"shortlist\w*|selected|selection|trainee\w*|internships?|scholarships?|grants?\b|subsid\w*|"
    r"empowerment|stipends?|palliatives?|relief (?:fund|package)|cash transfer|giveaway|gifts?\b|prizes?|"
    r"win\b|won\b|winners?|lottery|raffle|offers?\b|free\b|claim\w*|compensation|refund\w*|parcel|resettlement|relocation|"
    r"sponsorship|integrated|"
    r"reclut\w*|contrata\w*|empleos?|trabajos?|vacantes?|convocatorias?|oposiciones|inscripci\w*|becas?\b|"
    r"subvenci\w*|ayudas?\b|premios?|sorteos?|loter[ií]as?|visados?|reasentamiento|pasant[ií]as?|ofrece\w*|"
    r"gratis|seleccionad\w*|empregos?|vagas?\b|concursos?|inscriç\w*|bolsas?\b|subs[ií]dios?|apoios?\b|"
    r"pr[ée]mios?|sorteios?|lotarias?|vistos?\b|reassentamento|est[áa]gios?|oferece\w*|grátis|selecionad\w*)"
    r"|توظيف|وظائف|وظيفة|مسابقة|قرعة|لوتري|منحة|منح|تأشيرة|فيزا|هجرة|التسجيل|تسجيل|دعم مالي|جائزة|جوائز|"
    r"فرص عمل|عقود عمل|توطين|مجان"))
# A price asked: a fee word close to an amount ("registration fee of 95,000 XAF", "Price is €450").
_FEE_WORD = re.compile(fold_arabic(
    r"\b(?:fees?|charges?|price|cost|pay|send|deposit|transfer|registration|form|frais|droits?|timbre|tarif|"
    r"pay(?:er|ez)|envoy\w*|vers(?:er|ez)|dép[ôo]t|transf[ée]r\w*|inscription|formulaire|tasa|taxa|cuota|custo|"
    r"abonar|pag(?:ar|ue|a)|deposit(?:ar|e)|preço|precio)\b|رسوم|ادفع|الاشتراك"))
# An institution denying a fake, or a post warning about one, quotes the lure's number and fee.
# (Beyond the `warning_context` signal: denials, and the checklists of awareness campaigns.)
_DENIAL = re.compile(fold_arabic(
    r"\bd[ée]men(?:t|ti|tent)\b|faux communiqué|fausses? (?:annonces?|informations?|offres?)|"
    r"n'(?:a|ont) (?:jamais|aucunement|pas) (?:lancé|publié|organisé|autorisé|mandaté)|aucun recrutement|"
    r"ne recrute (?:pas|jamais)|ne (?:vous )?demande(?:ra|nt)? (?:jamais|pas d'argent|pas de (?:payer|frais))|"
    r"ne répondez (?:pas|jamais)|v[ée]rifiez (?:toujours|auprès|bien)|avant de (?:partir|signer|payer)|"
    r"#?stop ?traite|\bdenies\b|disclaimer|(?:is|are) not recruiting|has not (?:launched|announced|"
    r"authori[sz]ed)|not affiliated|before you (?:sign|send|pay|apply)|should not pay|"
    r"desmient\w*|no ha (?:lanzado|publicado)|desment\w*|não (?:lançou|publicou)|"
    r"met(?:tent)? en garde|mise en garde|\bna (?:thief|scam|fake|lie|wayo)\b|\bno (?:click|send|pay)\b|"
    r"abeg no|(?:no|never) go (?:ever )?ask|\bndem\b|\bthie(?:f|ves)\b|voleurs?\b|n'appartient pas|"
    r"does not belong|prétendue?s?\b|soi-disant|so-called|poursuites|desconf[íi]\w*|\balert[ea]?\b|"
    r"não (?:recruta|cobra)|"
    r"تكذيب|تنفي|ينفي|مزور|تنبيه|تحذير|لم (?:تعلن|يعلن|تطلق|يطلق)"))
_YEAR = re.compile(r"(?:19|20)\d\d")
_WRITE_ON_WHATSAPP = re.compile(fold_arabic(
    r"\b(?:envoy(?:ez|er)|confirm(?:ez|er)|écrivez|écrire|contact(?:ez|er)|rejoign(?:ez)|rejoindre|répond(?:ez|re)|"
    r"send|contact|message|text|chat|join|reach|write|reply|escr[íi]b(?:e|enos|eme|ir)|env[íi](?:a|e|ar)|"
    r"cont[áa]ct(?:a|e|anos|ar)|manda|fale|ارسل|تواصل|راسل)\b[^.!?\n]{0,90}(?:whats\s?app|واتساب)"))
_NEGATION = re.compile(r"\b(?:pas|not|no|ne|aucun\w*|never|jamais|ignore\w*|nunca|não|nem)\b|\bn'")
_WHATSAPP_WORD = re.compile(fold_arabic(r"whats\s?app|whatsap|watsap|wasap|واتساب|واتس"))
# How far (characters) from the institution's name an offer is still made in its name.
OFFER_WINDOW = 300
_WORD = re.compile(r"\w+")
# Web and mail addresses and handles, where a look-alike name hides: 'camairco-recrutement.com'.
_ADDRESS_LIKE = re.compile(r"[\w.+-]*\w\.[a-z]{2,}\b|@\w+")
_FOLD_DROP = frozenset("'’`´.-")
# A folded word behind one of the Arabic prefixes `InstitutionGazetteer._aliases` reads ("والسفاره").
_ARABIC_PREFIXED = re.compile(r"(?<!\w)[وفبلك]ال\w*")


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """`_fold` of already normalized text, with the offset in `text` of every folded character."""
    out: list[str] = []
    where: list[int] = []
    gap = True
    for i, char in enumerate(text):
        for c in unicodedata.normalize("NFKD", char.lower()):
            if unicodedata.combining(c) or c in _FOLD_DROP:
                continue
            if c.isalnum() or c == "_":
                out.append(c)
                where.append(i)
                gap = False
            elif not gap:
                out.append(" ")
                where.append(i)
                gap = True
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _host(url: str) -> str:
    """The host of a URL or the domain of a mail address, lower case, without `www.`."""
    host = url.rsplit("@", 1)[-1] if "@" in url and "://" not in url else url
    host = re.sub(r"^[a-z]+://", "", host.lower()).split("/", 1)[0].split(":", 1)[0].rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _under(host: str, domains: Any) -> bool:
    """Is `host` one of `domains` or a subdomain of one?"""
    return any(host == d or host.endswith("." + d) for d in domains)


def _compact(alias: str) -> str:
    return _fold(alias).replace(" ", "")


class InstitutionGazetteer:
    """Institutions with indexes of their names (folded aliases, acronyms as written) and the lists
    that judge a channel: government, press, free-mail and social-network domains."""

    def __init__(self, institutions: list[Institution], *, government_domains: tuple[str, ...] = (),
                 press_domains: tuple[str, ...] = (), free_mail_domains: tuple[str, ...] = (),
                 social_domains: tuple[str, ...] = (), shouted_words: tuple[str, ...] = (),
                 not_names: tuple[str, ...] = (), country_hints: dict[str, list[str]] | None = None) -> None:
        self.institutions = institutions
        self.government_domains = government_domains
        self.press_domains = press_domains
        self.free_mail_domains = frozenset(free_mail_domains)
        self.social_domains = social_domains
        self.shouted_words = frozenset(shouted_words)
        self.country_hints = {c: tuple(h.lower() for h in hints) for c, hints in (country_hints or {}).items()}
        # One name may stand for several entries ("Orange", "MTN"): all of them are candidates.
        self.alias_index: dict[str, list[Institution]] = {}
        self.cased_index: dict[str, list[Institution]] = {}
        self.compact_keys: dict[str, list[Institution]] = {}
        for inst in institutions:
            for alias in (inst.name, *inst.aliases):
                key = _fold(alias)
                if key and inst not in self.alias_index.setdefault(key, []):
                    self.alias_index[key].append(inst)
            for alias in inst.cased_aliases:
                if inst not in self.cased_index.setdefault(alias, []):
                    self.cased_index[alias].append(inst)
            for alias in (*inst.aliases, *inst.cased_aliases):
                key = _compact(alias)
                # Four letters at least: a domain or handle holding "mtn" or "pad" names nothing.
                if len(key) >= 4 and key.isascii() and inst not in self.compact_keys.setdefault(key, []):
                    self.compact_keys[key].append(inst)
        # Aliases by their first word, longest first: a lookup per word of the post (a regular expression
        # alternating some 600 aliases costs a hundred times more on every post).
        self.by_first_word: dict[str, list[tuple[str, ...]]] = {}
        for key in sorted(self.alias_index, key=lambda k: -len(k.split())):
            words = tuple(key.split())
            self.by_first_word.setdefault(words[0], []).append(words)
        self.not_names_regex = re.compile("|".join(
            r"[\s\-]+".join(re.escape(w) for w in phrase.split()) for phrase in not_names) or r"(?!)", re.IGNORECASE)

    @classmethod
    def load(cls, path: str | Path | Traversable = INSTITUTIONS) -> InstitutionGazetteer:
        """Read the institutions gazetteer JSON (data, never code)."""
        raw: dict[str, Any] = json.loads(_source(path).read_text(encoding="utf-8"))
        institutions = [Institution(
            e["name"], e["kind"], e.get("country"), tuple(e.get("aliases", ())), tuple(e.get("cased_aliases", ())),
            tuple(d.lower() for d in e.get("official_domains", ())),
            frozenset(_fold_handle(h) for h in e.get("official_handles", ())), bool(e.get("never_charges")),
            tuple(e.get("channels", ()))) for e in raw["institutions"]]
        return cls(institutions, country_hints=raw.get("country_hints"), **{key: tuple(raw.get(key, ())) for key in (
            "government_domains", "press_domains", "free_mail_domains", "social_domains", "shouted_words",
            "not_names")})

    def _blank_not_names(self, clean: str) -> str:
        """`clean` with phrases that hold a name but mean something else ("Orange Money") blanked, offsets kept."""
        return self.not_names_regex.sub(lambda m: " " * len(m.group(0)), clean)

    def names(self, clean: str) -> list[tuple[int, InstitutionMention]]:
        """Institutions named in normalized text, with the offset of each name (all candidates of a name)."""
        words = set(_WORD.findall(clean))
        if not (words & self.cased_index.keys() or self._aliases(_fold(clean, normalized=True))):
            return []  # most posts: two set and dictionary lookups a word
        text = self._blank_not_names(clean)
        found: list[tuple[int, InstitutionMention]] = []
        for match in _WORD.finditer(text):
            word = match.group(0)
            if word in self.cased_index and not (word in self.shouted_words
                                                 and _shouted(text, match.start(), match.end())):
                found += [(match.start(), InstitutionMention(inst, word, "cased")) for inst in self.cased_index[word]]
        # The offsets are mapped back (a slower fold) only for posts that name an institution.
        if self._aliases(_fold(text, normalized=True)):
            folded, where = _fold_mapped(text)
            for start_f, end_f, key in self._aliases(folded):
                start, end = where[start_f], where[end_f - 1] + 1
                found += [(start, InstitutionMention(inst, text[start:end], "alias")) for inst in self.alias_index[key]]
        return found

    def _aliases(self, folded: str) -> list[tuple[int, int, str]]:
        """(start, end, alias key) of the aliases in folded text, leftmost and longest first."""
        # Most posts hold no alias's first word (nor one behind an Arabic prefix): one set lookup a word.
        if self.by_first_word.keys().isdisjoint(folded.split()) and not any(
                word[1:] in self.by_first_word for word in _ARABIC_PREFIXED.findall(folded)):
            return []
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(folded)]
        found = []
        i = 0
        while i < len(words):
            start, _, word = words[i]
            # Arabic joins "and", "by", "for" to the article: "والسفاره", "بالسفاره".
            for skip, first in ((0, word), (1, word[1:] if word[:1] in "وفبلك" and word[1:3] == "ال" else "")):
                if first not in self.by_first_word:
                    continue
                match = next((alias for alias in self.by_first_word[first]
                              if (first, *(w for _, _, w in words[i + 1:i + len(alias)])) == alias), None)
                if match:
                    found.append((start + skip, words[i + len(match) - 1][1], " ".join(match)))
                    i += len(match) - 1
                    break
            i += 1
        return found

    def named_in(self, token: str) -> list[Institution]:
        """Institutions whose name a domain or handle holds: 'camairco-recrutement.com' holds Camair-Co."""
        compact = re.sub(r"[^a-z0-9]", "", token.lower())
        parts = [p for p in re.split(r"[^a-z0-9]+", token.lower()) if p]
        found: list[Institution] = []
        for key, institutions in self.compact_keys.items():
            if key in compact and (len(key) >= 6 or any(p.startswith(key) or p.endswith(key) for p in parts)):
                found += [inst for inst in institutions if inst not in found]
        return found


def _shouted(text: str, start: int, end: int) -> bool:
    """Is the word at `start:end` among words in capitals (where "WHO" and "UN" are words, not acronyms)?"""
    around = text[max(0, start - 30):start] + text[end:end + 30]
    letters = [c for c in around if c.isalpha() and c.lower() != c.upper()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


@lru_cache(maxsize=1)
def default_institutions() -> InstitutionGazetteer:
    """The institutions gazetteer shipped in `detector/gazetteer/`."""
    return InstitutionGazetteer.load()


class _Read:
    """One post read once for the institution rule: `clean` (normalized) for names and words, and the
    identifiers of the de-obfuscated text (`normalize` reads the '@' of an address as an 'a'), found
    only when asked for: most posts name no institution and never need them."""

    def __init__(self, text: str, clean: str | None = None) -> None:
        self.text = text
        self.clean = normalize(text) if clean is None else clean

    @cached_property
    def raw(self) -> str:
        return deobfuscate(self.text)

    @cached_property
    def emails(self) -> list[str]:
        return list(_EMAIL.findall(self.raw))

    @cached_property
    def ids(self) -> Identifiers:
        # Without the addresses, whose domains the URL finder would take for sites.
        ids = extract_identifiers(_EMAIL.sub(" ", self.raw) if self.emails else self.raw)
        # The finder reads a year and the number after it ("2025-2026", "2025 (8 400 FCFA)") as a phone number.
        ids.phones = [p for p in ids.phones if not (_YEAR.fullmatch(p[:4])
                                                     and re.search(rf"(?<!\d){p[:4]}(?!\d)", self.raw))]
        return ids


def find_institutions(text: str, *, institutions: InstitutionGazetteer | None = None) -> list[InstitutionMention]:
    """Institutions a post names: by alias (any case and accents), by acronym as written, or by a
    web address, mail address or handle that holds their name. One mention per institution, in the
    order the post names them.

    Parameters
    ----------
    text : str
        The post as written.
    institutions : InstitutionGazetteer, optional
        Defaults to the shipped gazetteer.

    Returns
    -------
    list of InstitutionMention

    Example
    -------
    >>> [m.institution.name for m in find_institutions("Recrutement à Camair-Co, concours MINFOPRA")]
    ['Camair-Co', 'MINFOPRA']
    """
    return [m for _, m in _find_institutions(_Read(text), institutions or default_institutions())]


def _find_institutions(post: _Read, gaz: InstitutionGazetteer) -> list[tuple[int, InstitutionMention]]:
    """Mentions with the offset of the name in `post.clean` (-1 when a domain or handle holds it)."""
    found = gaz.names(post.clean)
    if len({start for start, _ in found}) < len(found):  # one name, several entries: the post's country first
        lowered = post.clean.lower()
        named = {c for c, hints in gaz.country_hints.items() if any(h in lowered for h in hints)}
        found.sort(key=lambda pair: pair[1].institution.country not in named)
    found.sort(key=lambda pair: pair[0])
    mentions = {m.institution.name: m for _, m in reversed(found)}  # the first mention of each wins
    ordered = [(start, m) for start, m in found if mentions.get(m.institution.name) is m]
    if not any(gaz.named_in(m.group(0)) for m in _ADDRESS_LIKE.finditer(post.clean.lower())):
        return ordered  # no address or handle holds an institution's name
    # Addresses as the text writes them (the URL finder misses "minfopra-concours.net." and ".top"), then handles.
    without_mail = _EMAIL.sub(" ", post.raw) if post.emails else post.raw
    addresses = [without_mail[m.start():m.end()] for m in _ADDRESS_LIKE.finditer(lower_keeping_offsets(without_mail))
                 if not m.group(0).startswith("@")]
    for token, how in [*((e, "domain") for e in post.emails), *((a, "domain") for a in addresses),
                       *((h, "handle") for h in post.ids.handles)]:
        for inst in gaz.named_in(_host(token) if how == "domain" else token.lstrip("@")):
            if inst.name not in mentions:
                mentions[inst.name] = InstitutionMention(inst, token, how)
                ordered.append((-1, mentions[inst.name]))
    return ordered


def _priced_fee(clean: str, amounts: list[str]) -> list[tuple[str, str]]:
    """A fee with its price that the `upfront_fee` signal missed: a fee or payment word within 40
    characters of an amount ("registration fee of 95,000 XAF", "Price is €450", "envoie 10 000 F")."""
    lowered = lower_keeping_offsets(clean)
    for amount in amounts:
        at = clean.find(amount)
        if at < 0:
            continue
        near = lowered[max(0, at - 40):at + len(amount) + 40]
        word = _FEE_WORD.search(near)
        if word:
            return [("upfront_fee", f"{word.group(0)} … {amount}")]
    return []


def _routes(post: _Read, mentioned: list[InstitutionMention], gaz: InstitutionGazetteer, *,
            fee: bool) -> tuple[list[tuple[str, str]], bool]:
    """The channels a post routes candidates to that are not the institutions' own, and whether it
    points to an official one (their domain or handle, a government site)."""
    insts = [m.institution for m in mentioned]
    official_domains = {d for inst in insts for d in inst.official_domains}
    official_handles = {h for inst in insts for h in inst.official_handles}
    routes: list[tuple[str, str]] = []
    # Official addresses are looked for as written too: the URL finder misses some endings (.int, .co.ke).
    lowered = post.raw.lower()
    official = any(re.search(rf"(?<![\w-]){re.escape(d)}(?![\w-]|\.\w)", lowered) for d in official_domains)
    for email in post.emails:
        host = _host(email)
        if host in gaz.free_mail_domains:
            routes.append(("free_mail", email))
        elif _under(host, official_domains) or _under(host, gaz.government_domains):
            official = True
        else:
            routes.append(("lookalike_domain" if gaz.named_in(host) else "unofficial_email", email))
    routes += [("whatsapp", link) for link in post.ids.whatsapp] + [("telegram", link) for link in post.ids.telegram]
    for url in post.ids.urls:
        host = _host(url)
        path = re.sub(r"^[a-z]+://", "", url.lower()).split("/")
        if _under(host, official_domains) or _under(host, gaz.government_domains) or (
                _under(host, gaz.social_domains) and len(path) > 1 and _fold_handle(path[1]) in official_handles):
            official = True
        elif not _under(host, gaz.press_domains):  # a news site reporting the announcement routes nobody
            routes.append(("lookalike_domain" if gaz.named_in(host) else "unofficial_url", url))
    # Look-alike domains the URL finder misses: before a full stop ("sur minfopra-concours.net."), or on an
    # ending it does not know ("emirates-becas25.top").
    seen = {_host(url) for url in post.ids.urls}
    without_mail = _EMAIL.sub(" ", post.raw) if post.emails else post.raw
    for match in _ADDRESS_LIKE.finditer(without_mail.lower()):
        host = _host(match.group(0))
        if "." in host and host not in seen and not (_under(host, official_domains)
                                                     or _under(host, gaz.government_domains)) and gaz.named_in(host):
            seen.add(host)
            routes.append(("lookalike_domain", match.group(0)))
    names = {inst.name for inst in insts}
    for handle in post.ids.handles:
        folded = _fold_handle(handle)
        if folded in official_handles:
            official = True
        elif folded not in gaz.compact_keys and any(inst.name in names for inst in gaz.named_in(folded)):
            routes.append(("lookalike_account", handle))  # '@camairco_recrutement'; '@camairco' may be theirs
    # A page may give its switchboard beside its site; a number to WhatsApp, or to pay, is a person's.
    whatsapp = _WHATSAPP_WORD.search(lower_keeping_offsets(post.clean))
    if post.ids.phones and (whatsapp or fee or not official):
        routes += [("whatsapp_number" if whatsapp else "phone", phone) for phone in post.ids.phones]
    elif not official and not post.ids.whatsapp:
        # "envoyez votre passeport sur ce numéro WhatsApp"; not "nous ne recrutons pas par WhatsApp".
        asked = next((m for m in _WRITE_ON_WHATSAPP.finditer(lower_keeping_offsets(post.clean))
                      if not _NEGATION.search(m.group(0))), None)
        if asked:
            routes.append(("whatsapp", post.clean[asked.start():asked.end()]))
    return routes, official


def assess_institution(text: str, *, institutions: InstitutionGazetteer | None = None) -> Impersonation:
    """Does this post impersonate an institution? Fast (regular expressions, no spaCy).

    A post impersonates an institution when it names one of the gazetteer, offers something in its
    name (a job, an exam, enrolment, a subsidy, a promo, a prize, a visa) and either routes
    candidates to a channel that is not the institution's (a phone or WhatsApp number, a wa.me or
    t.me link, a free-mail address, an address on a domain it does not own, a look-alike handle, an
    "inbox"), or asks a fee that the institution never charges, or one paid by mobile money or money
    transfer with no official address in sight. A post that warns about a fake or denies one is not
    an impersonation, whatever it quotes.

    Parameters
    ----------
    text : str
        The post as written (not normalized: addresses are read from it).
    institutions : InstitutionGazetteer, optional
        Defaults to the shipped gazetteer.

    Returns
    -------
    Impersonation
        `impersonates` and `institution` set when it is one; `institutions` the institutions named;
        `evidence` the institution as written, the offer, and each channel or fee that makes it a lure.

    Example
    -------
    >>> assess_institution("Camair-Co recrute 40 hôtesses, CV sur WhatsApp au 677 12 34 56").impersonates
    'Camair-Co'
    >>> assess_institution("Camair-Co recrute 40 hôtesses : candidatures sur www.camair-co.cm").impersonates is None
    True
    """
    return _assess_institution(_Read(text), institutions or default_institutions())


def _assess_institution(post: _Read, gaz: InstitutionGazetteer) -> Impersonation:
    located = _find_institutions(post, gaz)
    if not located:
        return Impersonation(None)
    mentioned = [m for _, m in located]
    clean = post.clean
    evidence: list[tuple[str, str]] = [("institution", mentioned[0].text)]
    lowered = lower_keeping_offsets(clean)
    found = scan(clean, normalized=True)
    denial = _DENIAL.search(lowered)
    if denial or found.counts.get("warning_context"):
        warning = clean[denial.start():denial.end()] if denial else found.first["warning_context"].evidence
        return Impersonation(None, evidence=[*evidence, ("warning", warning)], institutions=mentioned)
    # An offer *in its name*: near the name ("Camair-Co recrute"), not "salaire + CNPS" three lines down;
    # anywhere when the name is in an address.
    offer = None
    for start, _ in sorted(located, key=lambda pair: pair[0]):
        lo = 0 if start < 0 else max(0, start - OFFER_WINDOW)
        match = _INSTITUTION_OFFER.search(lowered, lo, len(lowered) if start < 0 else start + OFFER_WINDOW)
        if match:
            offer = clean[match.start():match.end()]
            break
    if not offer:
        return Impersonation(None, evidence=evidence, institutions=mentioned)
    evidence.append(("offer", offer))
    fee = found.first.get("upfront_fee")
    fee_evidence = [("upfront_fee", fee.evidence)] if fee else []
    if not fee:
        fee_evidence = _priced_fee(clean, post.ids.amounts)
    routes, official = _routes(post, mentioned, gaz, fee=bool(fee_evidence))
    private = found.first.get("private_contact")
    if private and not any(private.evidence in value or value in private.evidence for _, value in routes):
        routes.append(("private_contact", private.evidence))
    paid_privately = [("payment", name) for name in post.ids.mobile_money] if fee_evidence else []
    never = [m for m in mentioned if m.institution.never_charges]
    # A fee, with its price, asked in the name of a body that never charges, or with no official address to
    # pay it on (a genuine exam fee is paid through the official site); "no fees" posts quote fees to warn.
    near_fee = clean[max(0, fee.start - 80):fee.end + 80] if fee else clean
    priced = any(x in near_fee for x in post.ids.amounts + post.ids.mobile_money)  # a price, not "visa fees"
    fee_lure = (bool(fee_evidence) and priced and not found.counts.get("no_fee_statement")
                and (bool(never) or not official))
    evidence += routes + (fee_evidence + paid_privately if routes or fee_lure else [])
    if not routes and not fee_lure:
        return Impersonation(None, evidence=evidence, institutions=mentioned)
    target = (never[0] if never and not routes else mentioned[0]).institution
    return Impersonation(target.name, evidence=evidence, institutions=mentioned, institution=target)


def institution_impersonation_count(text: str) -> int:
    """How many institutions a post impersonates (0 for most posts): a feature for the classifier.

    Regular expressions only, no spaCy; a post that names no institution costs one search of its
    folded text, plus the identifier search when it holds an address.

    Parameters
    ----------
    text : str
        The post as written.

    Returns
    -------
    int
        The number of distinct names (as written) of institutions in whose name the post lures; 0 when
        it names none, or names them without luring.

    Example
    -------
    >>> institution_impersonation_count("Concours MINFOPRA : inscription 35 000 FCFA par MTN MoMo au 677 12 34 56")
    1
    >>> institution_impersonation_count("Bon vol avec Camair-Co ce matin")
    0
    """
    verdict = assess_institution(text)
    if verdict.impersonates is None:
        return 0
    return len({_fold(m.text, normalized=True) for m in verdict.institutions})
