from collections import Counter

import pytest

from detector.lang import LANGUAGES, detect_language


@pytest.mark.parametrize(("text", "lang"), [
    ("Nous recrutons des agents de nettoyage pour un hôtel à Douala, envoyez votre CV", "fr"),
    ("We are hiring nurses for our clinic in Accra, apply with your CV before Friday", "en"),
    ("Abeg make una no pay any money for dis visa wahala, na scam dem dey run", "pcm"),
    ("Buscamos camareros para un hotel en Malabo, envía tu currículum por correo", "es"),
    ("Estamos a contratar empregadas para um hotel em Luanda, envie o seu currículo", "pt"),
    ("مطلوب عمال للعمل في فندق بدبي، أرسل سيرتك الذاتية", "ar"),
    ("Le ndem c'est que le mola veut go au mboa sans les dos", "mixed"),
])
def test_lang_examples(text, lang):
    assert detect_language(text) == lang


def test_lang_always_returns_a_known_code():
    for text in ["", "😂😂😂", "+237 699 00 12 34", "OK"]:
        assert detect_language(text) in LANGUAGES


def test_lang_accuracy_on_corpus(corpus):
    """Measured, not assumed: the share of corpus posts whose language is found (0.95 when written)."""
    hits = Counter(detect_language(r["text"]) == r["lang"] for r in corpus)
    assert hits[True] / len(corpus) >= 0.93
