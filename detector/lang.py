"""Language identification for the languages of these lures: fr, en, pcm, es, pt, ar, mixed.

General-purpose identifiers know no Pidgin and call Camfranglais French or English, so this one
scores function words and markers that tell the seven apart. Arabic is told by its script.
`mixed` is a post that really switches: two of fr / en / pcm each carry a good share of the
markers, or Camfranglais words stand in French text.

Example
-------
>>> detect_language("Abeg make una no pay any money for dis visa wahala, na scam")
'pcm'
>>> detect_language("Le ndem c'est que le mola veut go au mboa sans les dos")
'mixed'
"""

from __future__ import annotations

import re

LANGUAGES = ("fr", "en", "pcm", "es", "pt", "ar", "mixed")

_MARKERS: dict[str, str] = {
    "fr": "le la les des du et est une un pour avec vous nous dans sur pas qui au aux ce cette sont être "
    "très mais votre vos leur ont été je tu il elle ils on ne plus peut fait comme tout bien aussi chez "
    "mon ma mes notre nos ça c'est n'est d'un d'une l'on qu'il j'ai à où déjà après",
    "en": "the and is are for with you your we to of in on this that be have not will our from at it "
    "they their was were has been can if an by or who what which all my me he she his her there "
    "would should about just than them these those",
    "pcm": "dey na una wuna abeg sabi dem don wetin pikin oga comot dis dat wey sef sey na im go fit "
    "chop japa wahala no be e be make naim ehn o nah mumu gist kpatakpata shey abi na so sha "
    "oya kobo bros sista ya dem don pipo wan dey go fit am im wetin tok",
    "es": "el los las del y es por para con usted ustedes nosotros pero muy su sus está son trabajo "
    "una al lo como más hay tiene tienen hasta desde también ya fue ser este esta estos nuestra nuestro "
    "sin solo sólo nunca través busca anuncia beca becas estudiantes mi día gracias hoy mañana año años "
    "aquí ahora donde cuando porque bien todo todos nada trabajar empleo salario requisitos viaje llama "
    "escribe gastos pagas usted oferta plazas buscamos necesitamos envía envíe envia correo hola señor "
    "señora vuestro vosotros eres soy estoy puedes quieres",
    "pt": "o os do da dos das e é um uma para com você vocês nós em mas muito seu sua está são não "
    "trabalho pelo pela no na nos nas ao como mais tem até também já foi ser este esta isso essa aqui "
    "sem só através procura bolsa bolsas estudantes meu minha dia obrigado obrigada hoje amanhã ano anos "
    "agora onde quando porque bem tudo todos nada trabalhar emprego salário viagem liga escreve vaga vagas "
    "oferta pagar grátis procuramos precisamos envie enviar olá senhor senhora você sou estou pode quer "
    "contratar currículo",
}
_CAMFRANGLAIS = set(
    "ndem mola nga bolo djo mbindi mboa ngomna mbenguiste bendskin kongossa tchoko nyama nkap ndolo "
    "mbom wanda nayor gars tara ngata mougou njoh ngueh djim ndoss long-crayon ngah mbah".split()
)
# English words that Cameroonian and Ivorian French speakers switch in; not French loanwords.
_ENGLISH_IN_FRENCH = set(
    "go know wanna come back sister brother guy guys money free school apply join sponsored ready needed "
    "totally last year full pay need good now please sorry because really today tomorrow people open "
    "connect check dm inbox asap cool nice".split()
)
_SPANISH_CHARS = re.compile(r"[ñ¿¡]")
_PORTUGUESE_CHARS = re.compile(r"[ãõ]|ção|ções")
_WORDS = {lang: set(words.split()) for lang, words in _MARKERS.items()}
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def language_scores(text: str) -> dict[str, int]:
    """Marker counts per language (fr, en, pcm, es, pt) and Camfranglais words (`cam`)."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    scores = {lang: sum(t in words for t in tokens) for lang, words in _WORDS.items()}
    scores["es"] += 2 * len(_SPANISH_CHARS.findall(text))
    scores["pt"] += 2 * len(_PORTUGUESE_CHARS.findall(text))
    scores["cam"] = sum(t in _CAMFRANGLAIS for t in tokens)
    scores["en_in_fr"] = sum(t in _ENGLISH_IN_FRENCH for t in tokens)
    return scores


def detect_language(text: str) -> str:
    """The post's language code: one of `LANGUAGES`.

    Parameters
    ----------
    text : str
        A post, raw or normalized.

    Returns
    -------
    str
        `fr` when nothing tells (the committees' main language).
    """
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if arabic and arabic >= latin:
        return "mixed" if latin >= 0.3 * arabic and latin > 15 else "ar"
    if arabic > 10:
        return "mixed"
    s = language_scores(text)
    # Pidgin shares most function words with English: its own markers decide between the two.
    if s["pcm"] >= 2 and s["pcm"] >= 0.35 * s["en"]:
        base = {"pcm": s["pcm"] + s["en"] * 0.3, "fr": s["fr"], "es": s["es"], "pt": s["pt"]}
    else:
        base = {"en": s["en"], "fr": s["fr"], "es": s["es"], "pt": s["pt"]}
    ranked = sorted(base.items(), key=lambda kv: kv[1], reverse=True)
    (top, top_score), (second, second_score) = ranked[0], ranked[1]
    if top_score == 0:
        return "fr"
    if s["cam"] >= 1 and s["fr"] >= 1 and (s["en"] + s["pcm"] + s["en_in_fr"] >= 1 or s["cam"] >= 2):
        return "mixed"
    if top == "fr" and s["en_in_fr"] + s["en"] + s["pcm"] >= 2 and s["en_in_fr"] >= 1:
        return "mixed"
    romance = {"fr", "es", "pt"}
    switches = {top, second} & {"fr"} and {top, second} & {"en", "pcm"}
    if switches and second_score >= 3 and second_score >= 0.4 * top_score:
        return "mixed"
    if top in romance and second in romance and top != "fr" and second != "fr":
        # es and pt share many words: their distinctive ones decide.
        return "pt" if s["pt"] > s["es"] else "es"
    return top
