"""Explainable red-flag signals with their evidence, in fr / en / pcm / es / pt / ar.

Each signal is a named pattern family; a match reports the words that triggered it, so an
analyst sees *why* a post was flagged. Two counter-cues (`warning_context`, `no_fee_statement`)
are not red flags: the classifier uses them to tell awareness posts and honest calls from lures,
and they are never reported as evidence of a scam.

Example
-------
>>> [s.name for s in find_signals("Visa et billet offerts, frais de dossier 50 000 FCFA, écrivez en inbox")]
['upfront_fee', 'travel_provided', 'private_contact']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from detector.normalize import fold_arabic, normalize

_MONEY = r"(?:momo|mobile money|orange money|m-?pesa|wave|airtel money|western union|mpesa|multicaixa|e-?mola|pix)"

_PATTERNS: dict[str, list[str]] = {
    "upfront_fee": [
        # fr
        r"frais (?:de |d')?(?:dossier|inscription|traitement|visa|transport|formation|réservation|ouverture|"
        r"enregistrement|procédure|assurance|légalisation|visite médicale|caution|candidature|participation)",
        r"(?:payer|verser|envoyer|envoie[rz]?|déposer|régler|réglez|payez|versez|envoyez)\b[^.!?\n]{0,40}"
        r"(?:\d[\d .]*\s?(?:f\s?cfa|fcfa|frs?|xaf|€|\$)|" + _MONEY + r")",
        r"(?:caution|avance|contribution|participation) (?:de |remboursable)",
        r"(?:venez|venir|apporte[rz]?|passez|amène[rz]?) avec[^.!?\n]{0,40}\d[\d .]*\s?(?:mille|k\b|fcfa|frs?\b)",
        # en / pcm
        r"(?:processing|registration|application|admission|visa|form|medical|insurance|handling|clearance|"
        r"booking|onboarding|commitment|refundable) (?:fee|fees|deposit|charge)s?",
        r"(?:pay|send|transfer|deposit)\b[^.!?\n]{0,40}(?:\d[\d,.]*\s?(?:naira|₦|cedis|ksh|usd|fcfa|\$)|"
        r"(?:₦|\$|ksh|gh₵)\s?\d|" + _MONEY + r")",
        r"(?:una|you|wuna) go (?:pay|drop|send)",
        r"(?:send|transfer|deposit|envoyez|envoie[rz]?|envía|envie|ارسل|حول)[^.!?\n]{0,40}(?:btc|bitcoin|usdt|eth\b|"
        r"crypto|بيتكوين)",
        r"(?:drop|pay) (?:small|something|ya|your) (?:money|fee|fees|kobo)",
        # es / pt
        r"(?:tasa|cuota|pago|gastos|costo) (?:de )?(?:inscripción|tramitación|trámite|gestión|visado|visa|"
        r"matrícula|reserva|expediente)",
        r"(?:taxa|custo|pagamento|valor) (?:de )?(?:inscrição|processamento|visto|matrícula|reserva|"
        r"candidatura|processo|documentação)",
        r"(?:deposit(?:ar|e)|pag(?:ar|ue)|envi(?:ar|e))\b[^.!?\n]{0,40}(?:€|\$|euros|dólares|reais|kwanzas|"
        r"meticais|" + _MONEY + r")",
        # ar
        r"رسوم (?:الملف|التسجيل|الفيزا|التأشيرة|المعالجة|التقديم)",
        r"(?:ادفع|دفع|تحويل|حول|ارسل|أرسل)[^.!؟\n]{0,40}(?:درهم|ريال|دولار|دينار|فرنك|يورو)",
    ],
    "travel_provided": [
        r"(?:visa|billet|billets|passeport|voyage|transport|logement)[^.!?\n]{0,40}"
        r"(?:offerts?|gratuits?|pris en charge|payés?|inclus|assurés?|à la charge de)",
        r"(?:prise en charge|paie|paye|offre)[^.!?\n]{0,20}(?:du |le |les )?(?:visa|billet|voyage)",
        r"(?:visa|ticket|flight|air ?ticket|accommodation|travel)[^.!?\n]{0,40}"
        r"(?:provided|free|sponsored|paid|covered|included|dey free|na free)",
        r"(?:free|sponsored|paid) (?:visa|ticket|flight|travel|relocation)",
        r"(?:visado|billete|pasaje|vuelo|alojamiento)[^.!?\n]{0,30}(?:gratis|pagados?|incluidos?|cubiertos?)",
        r"(?:visto|passagem|bilhete|voo|alojamento)[^.!?\n]{0,30}(?:grátis|gratuitos?|pag[oa]s?|incluídos?|cobertos?)",
        r"(?:تأشيرة|الفيزا|فيزا|تذكرة|التذاكر|السكن)[^.!؟\n]{0,30}(?:مجان|مجانية|مدفوعة|على حساب|مضمونة)",
    ],
    "no_qualification": [
        r"(?:aucun|sans|pas (?:de|besoin de?)) (?:diplôme|expérience|qualification|niveau|cv)",
        r"(?:diplôme|expérience) (?:non (?:exigée?|requise?)|pas (?:exigée?|nécessaire))",
        r"no (?:experience|certificate|degree|diploma|qualification|cv)s? (?:needed|required|necessary)",
        r"(?:experience|certificate|degree|school)[^.!?\n]{0,15}(?:not (?:needed|required)|no (?:matter|need))",
        r"no need (?:for |of )?(?:experience|certificate|school|degree|english|ielts)",
        r"sin (?:experiencia|título|estudios)|no se (?:requiere|necesita) experiencia",
        r"sem (?:experiência|diploma|formação)|não (?:é )?(?:precisa|necessário|exigida?) (?:de )?experiência",
        r"(?:بدون|بلا|لا يشترط|لا تشترط|دون) (?:خبرة|شهادة|مؤهل)",
    ],
    "unrealistic_pay": [
        r"(?:salaire|rémunération|payé|gagne[rz]?)[^.!?\n]{0,30}\d[\d .]{5,}\s?(?:fcfa|f\s?cfa|frs|xaf)",
        r"(?:salaire|salary|pay|earn|salario|salário|راتب)[^.!?\n]{0,25}(?:€|\$|usd|euros?)\s?[1-9][\d,. ]{3,}",
        r"(?:salaire|salary|pay|earn|salario|salário|gan(?:a|ar)|راتب)[^.!?\n]{0,25}[1-9][\d,. ]{3,}\s?"
        r"(?:€|\$|usd|euros?|dollars?|dólares|reais|درهم|ريال|دولار)",
        r"(?:earn|make|gagner|ganar|ganhar)[^.!?\n]{0,20}(?:weekly|per week|par semaine|por semana|daily|par jour)",
        r"(?:salaire|salary|pay) (?:très )?(?:attractif|élevé|juteux|mouth-?watering|huge|fat|big)",
    ],
    "urgency": [
        r"\burgent\w*|places? (?:limitées?|restantes?)|derni(?:er|ère)s? (?:délai|places?|chance)|départ imm[ée]diat|"
        r"ne ratez pas|dépêchez|vite\b|avant (?:ce soir|demain)|il reste (?:seulement )?\d+ places?",
        r"limited (?:slots?|spaces?|places?|seats?)|hurry|last chance|deadline (?:is )?(?:today|tomorrow)|"
        r"only \d+ (?:slots?|places?|spaces?) left|asap|don'?t miss|first come,? first served|fast fast",
        r"plazas? limitadas?|últimas plazas|urgente|date prisa|no (?:te )?lo pierdas",
        r"vagas? limitadas?|últimas vagas|corre\b|não perca|imediato",
        r"عاجل|الأماكن محدودة|فرصة لا تعوض|آخر أجل|بسرعة",
    ],
    "private_contact": [
        r"(?:écri(?:re|vez|s)|contacte[rz]?|joindre)[^.!?\n]{0,25}(?:en privé|en inbox|inbox|pv|whatsapp uniquement)",
        r"\binbox\b|\bdm\b|en privé|en pv\b|whatsapp (?:uniquement|seulement|only)|"
        r"(?:only|strictly) (?:on |via |through )?whatsapp|\bpm me\b|message me privately|chat me up",
        r"wa\.me/|chat\.whatsapp\.com|t\.me/",
        r"(?:por|al) privado|escríbeme al whatsapp|solo (?:por )?whatsapp",
        r"(?:no|chama no|manda) privado|inbox|só (?:pelo|por) whatsapp",
        r"(?:راسلني|راسلونا|تواصل)[^.!؟\n]{0,15}(?:خاص|الخاص|واتساب|واتس)|على الخاص",
    ],
    "passport_request": [
        r"(?:copie|photo|scan)[^.!?\n]{0,15}(?:du |de (?:votre |ton )?|de la )?"
        r"(?:passeport|cni|carte d'identité|pièce)",
        r"(?:envoyer|envoyez|déposer|remettre|apportez)[^.!?\n]{0,25}(?:passeport|cni|pièce d'identité)",
        r"(?:send|submit|bring|scan)[^.!?\n]{0,25}(?:passport|international passport|national id|nin|bvn)",
        r"(?:copy|photo|scan|data page) of (?:your |the )?(?:international )?passport",
        r"(?:copia|foto)[^.!?\n]{0,15}(?:del |de tu )?(?:pasaporte|dni)|(?:cópia|foto)[^.!?\n]{0,15}(?:do |de )?"
        r"(?:passaporte|bi\b|bilhete de identidade)",
        r"(?:صورة|نسخة)[^.!؟\n]{0,10}(?:جواز|الجواز|البطاقة)",
    ],
    "targeting": [
        r"jeunes? (?:filles?|femmes?|dames?)|(?:filles?|femmes?|dames?) (?:de|entre) \d{2}|\d{2} (?:à|-) \d{2} ans|"
        r"célibataires?|bonne présentation|belle (?:fille|femme)|de teint clair",
        r"young (?:ladies|girls|women|lady)|(?:girls|ladies|women) (?:aged|between|from) \d{2}|"
        r"\d{2} ?(?:-|to) ?\d{2} ?(?:years|yrs)|single (?:ladies|girls)|(?:fine|pretty|beautiful) (?:girls|ladies)",
        r"chicas|mujeres jóvenes|señoritas|entre \d{2} y \d{2} años|moças|meninas|raparigas|"
        r"mulheres jovens|entre \d{2} e \d{2} anos",
        r"فتيات|بنات|شابات|سيدات|من \d{2} (?:إلى|الى) \d{2} سنة",
    ],
    "hidden_employer": [
        r"(?:une|notre) (?:grande )?(?:entreprise|société|structure|agence) (?:partenaire|basée|étrangère|"
        r"internationale)|(?:un|notre) (?:client|partenaire) (?:basé|à)|employeur (?:discret|confidentiel)",
        r"(?:a|our) (?:reputable|big|well[- ]known|reliable|international) (?:company|firm|client|organi[sz]ation)|"
        r"(?:company|employer) name (?:will be|is) (?:disclosed|given|revealed)|(?:my|our) (?:oga|client) for",
        r"una empresa (?:reconocida|importante|internacional|extranjera)|empresa (?:parceira|internacional|"
        r"estrangeira|renomada)",
        r"شركة (?:كبرى|كبيرة|عالمية|معروفة|خليجية)",
    ],
    "official_claim": [
        r"programme (?:officiel|gouvernemental|du gouvernement)|gouvernement (?:canadien|français|allemand|"
        r"américain|britannique|russe)|agréée? par (?:le|l')|approuvée? par|sous le haut patronage|"
        r"ambassade|ministère|officiel(?:le)?\b",
        r"(?:government|official|federal|embassy|ministry)[- ](?:approved|sponsored|programme|program|backed|"
        r"certified|accredited)|approved by (?:the )?(?:government|embassy|ministry|un\b|unicef)|"
        r"official (?:recruitment|programme|program|agent|partner)",
        r"programa oficial|gobierno de|aprobado por|programa do governo|aprovado pelo|oficial\b",
        r"برنامج رسمي|الحكومة|معتمد من|السفارة|الوزارة",
    ],
    "celebrity_giveaway": [
        r"(?:ma|notre) fondation[^.!?\n]{0,40}(?:offre|donne|aide|finance|recrute|sélectionne)|"
        r"je (?:offre|donne|vais aider|choisis)[^.!?\n]{0,30}(?:mes fans|abonnés|jeunes|\d+ personnes)",
        r"(?:my|our) foundation[^.!?\n]{0,40}(?:is giving|offers?|will (?:pay|sponsor|help|give))|giveaway|"
        r"i (?:am|'m) giving (?:out|away)|(?:lucky|selected) (?:fans?|winners?|followers?)|"
        r"claim (?:your|ya) (?:prize|reward|grant)|you (?:have been|were) selected",
        r"sorteo|regalo para mis seguidores|mi fundación|sorteio|minha fundação|ganhador(?:es)?|"
        r"(?:você|voce) foi selecionad[oa]",
        r"مؤسستي|هدية (?:لمتابعي|للمتابعين)|تم اختيارك|مسابقة",
    ],
    "guaranteed_outcome": [
        r"(?:visa|emploi|admission|bourse)[^.!?\n]{0,20}garanti(?:e|s)?|100 ?% (?:garanti|sûr|guaranteed)|"
        r"(?:guaranteed|assured) (?:visa|job|admission|placement|approval)|(?:visa|job)[^.!?\n]{0,15}guaranteed",
        r"garantizad[oa]|garantid[oa]|مضمون|مضمونة",
    ],
    # Counter-cues: language of warning and of honest calls. Features only, never red-flag evidence.
    "warning_context": [
        r"arnaque|escroc|escroquerie|méfiez|mefiez|attention aux|\bfau(?:x|sses?)\b|frauduleu|"
        r"ne (?:payez|versez|envoyez|cliquez) (?:jamais|aucun|pas)|traite des (?:personnes|êtres)|signalez|"
        r"sensibilisation|victimes?|signes? d'alerte|ne vous laissez pas",
        r"\bscam|fraud|beware|be careful|\bfake\b|red flags?|warning signs?|"
        r"(?:never|don'?t|do not) (?:pay|send|click)|traffick|report (?:it|them|any)|awareness|victims?",
        r"estafa|fraude|cuidado|trata de personas|víctimas?|\bfals[oa]s?\b|golpe|burla|tráfico de pessoas|"
        r"vítimas?|denuncie|no caigas|não caia",
        r"احذر|احذروا|نصب|احتيال|الاتجار بالبشر|ضحايا|بلغوا|مزيف|وهمي|لا تدفعوا|لا تضغطوا|علامات",
    ],
    "no_fee_statement": [
        r"(?:aucun|aucuns|sans) frais|(?:entièrement |totalement )?gratuite?s? (?:et|,) sans|"
        r"ne (?:demande|demandons|réclame|réclamons) (?:jamais|aucun)",
        r"no (?:application |processing )?fees?\b|free of charge|(?:never|do not|don't|does not) "
        r"(?:ask|charge|request)[^.!?\n]{0,20}(?:money|fees?|payment)|apply (?:online|only) (?:at|on|via|through)",
        r"sin (?:costo|coste|cargo)|gratuit[oa]s? y|sem (?:custo|taxas?)|nunca (?:pedimos|cobramos)|"
        r"no (?:cobramos|pedimos)",
        r"مجاني(?:ة)? بالكامل|بدون رسوم|لا (?:نطلب|تطلب) أي",
    ],
}

COUNTER_CUES = frozenset({"warning_context", "no_fee_statement"})
RED_FLAGS = tuple(name for name in _PATTERNS if name not in COUNTER_CUES)
ALL_SIGNALS = tuple(_PATTERNS)
# Patterns run on lower-cased text: several times faster than re.IGNORECASE on Unicode patterns.
# Arabic patterns are folded like the text they run on (`normalize`).
_COMPILED = {name: re.compile(fold_arabic("|".join(f"(?:{p})" for p in ps))) for name, ps in _PATTERNS.items()}


def lower_keeping_offsets(text: str) -> str:
    """Lower case that keeps every offset: U+0130 is the one character whose lower case is longer."""
    return text.replace("\u0130", "I").lower()


@dataclass(frozen=True)
class Signal:
    """One red flag: its name and the words (of the de-obfuscated text) that raised it."""

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
    """
    clean = text if normalized else normalize(text)
    lowered = lower_keeping_offsets(clean)
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
        Also report `warning_context` and `no_fee_statement` (after the red flags).
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
