import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.normalize import normalize
from detector.signals import COUNTER_CUES, RED_FLAGS, find_signals, signal_counts

# One post per (signal, language): the evidence must be found in every language we claim.
CASES = [
    ("upfront_fee", "fr", "Frais de dossier 50 000 FCFA à payer avant le départ"),
    ("upfront_fee", "en", "A processing fee of 45,000 naira is required"),
    ("upfront_fee", "pcm", "Una go pay small money for form before we process am"),
    ("upfront_fee", "es", "La tasa de inscripción es de 200 euros"),
    ("upfront_fee", "pt", "A taxa de inscrição é de 15 000 kwanzas"),
    ("upfront_fee", "ar", "رسوم الملف 200 دولار فقط"),
    ("travel_provided", "fr", "Visa et billet d'avion offerts par l'employeur"),
    ("travel_provided", "en", "Visa and flight ticket provided by the company"),
    ("travel_provided", "es", "Billete y alojamiento pagados"),
    ("travel_provided", "pt", "Passagem e alojamento pagos pela empresa"),
    ("travel_provided", "ar", "التذكرة والسكن على حساب الشركة"),
    ("no_qualification", "fr", "Aucun diplôme exigé, pas besoin d'expérience"),
    ("no_qualification", "en", "No experience needed, just come"),
    ("no_qualification", "es", "Trabajo sin experiencia en Madrid"),
    ("no_qualification", "pt", "Vagas sem experiência em Lisboa"),
    ("no_qualification", "ar", "العمل بدون خبرة في دبي"),
    ("unrealistic_pay", "fr", "Salaire de 1 500 000 FCFA par mois pour ménagère"),
    ("unrealistic_pay", "en", "Salary $3,500 monthly for cleaners"),
    ("urgency", "fr", "URGENT places limitées"),
    ("urgency", "en", "Limited slots, hurry now"),
    ("urgency", "es", "Plazas limitadas"),
    ("urgency", "pt", "Vagas limitadas"),
    ("urgency", "ar", "عاجل جدا"),
    ("private_contact", "fr", "Écrivez en privé pour plus d'infos"),
    ("private_contact", "en", "Send me a DM for details"),
    ("private_contact", "es", "Escríbeme por privado"),
    ("private_contact", "pt", "Chama no privado"),
    ("private_contact", "ar", "راسلني على الخاص"),
    ("passport_request", "fr", "Envoyez la copie du passeport"),
    ("passport_request", "en", "Send a scan of your international passport"),
    ("passport_request", "es", "Manda una copia del pasaporte"),
    ("passport_request", "pt", "Envie a cópia do passaporte"),
    ("passport_request", "ar", "أرسل صورة جواز السفر"),
    ("targeting", "fr", "Nous recrutons des jeunes filles de 18 à 30 ans"),
    ("targeting", "en", "Young ladies aged 20 to 28 wanted"),
    ("targeting", "es", "Buscamos chicas entre 18 y 25 años"),
    ("targeting", "pt", "Procuramos moças entre 18 e 25 anos"),
    ("targeting", "ar", "مطلوب فتيات للعمل"),
    ("hidden_employer", "fr", "Une entreprise partenaire basée à Dubaï recrute"),
    ("hidden_employer", "en", "A reputable company in Qatar is hiring"),
    ("official_claim", "fr", "Programme officiel du gouvernement canadien"),
    ("official_claim", "en", "Government-approved recruitment"),
    ("celebrity_giveaway", "fr", "Ma fondation offre 50 bourses à mes fans"),
    ("celebrity_giveaway", "en", "My foundation is giving out grants to lucky fans"),
    ("celebrity_giveaway", "pt", "Sorteio para os seguidores"),
    ("guaranteed_outcome", "fr", "Visa garanti à 100%"),
    ("guaranteed_outcome", "en", "Guaranteed visa in two weeks"),
]


@pytest.mark.parametrize(("name", "lang", "text"), CASES, ids=[f"{n}-{lang}" for n, lang, _ in CASES])
def test_signals_fire_with_evidence_in_each_language(name, lang, text):
    found = {s.name: s for s in find_signals(text)}
    assert name in found, f"{name} not found in {lang}: {text!r}"
    signal = found[name]
    assert signal.evidence and signal.evidence in normalize(text)
    assert normalize(text)[signal.start:signal.end].strip() == signal.evidence


def test_signals_every_red_flag_has_a_case():
    assert set(RED_FLAGS) == {name for name, _, _ in CASES}


def test_signals_counter_cues_are_features_not_evidence():
    text = "Arnaque ! Ne payez jamais de frais de dossier. Aucun frais n'est demandé."
    names = {s.name for s in find_signals(text)}
    assert not names & COUNTER_CUES
    counts = signal_counts(text)
    assert counts["warning_context"] >= 1 and counts["no_fee_statement"] >= 1


def test_signals_quiet_on_an_everyday_post():
    assert find_signals("Bon anniversaire maman, que Dieu te garde longtemps parmi nous") == []


def test_signals_see_through_obfuscation():
    assert "upfront_fee" in {s.name for s in find_signals("fr4is de d0ssier 25 000 FCFA")}


@given(st.text(max_size=300))
def test_signals_never_fail_on_random_unicode(text):
    for signal in find_signals(text, include_counter_cues=True):
        assert signal.name in signal_counts(text)
