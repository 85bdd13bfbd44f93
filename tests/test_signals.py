import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.normalize import normalize
from detector.signals import (
    COUNTER_CUES,
    RED_FLAGS,
    TRAFFICKING_INDICATORS,
    find_signals,
    matchable,
    scan,
    signal_counts,
)

LANGUAGES = {"fr", "en", "pcm", "es", "pt", "ar", "mixed"}
NEW_SIGNALS = {*TRAFFICKING_INDICATORS, "payback_request", "reporting_frame", "transaction_receipt"}

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
    # Trafficking-risk indicators (ILO forced-labour indicators) and payback requests: every language,
    # and code-switched text.
    ("document_retention", "fr", "À l'arrivée, l'employeur garde le passeport pour les papiers."),
    ("document_retention", "en", "The agency will keep your passport until the end of the contract."),
    ("document_retention", "pcm", "No wahala, we go keep your passport for safety when you land."),
    ("document_retention", "es", "El empleador guarda el pasaporte durante todo el contrato."),
    ("document_retention", "pt", "O patrão fica com o passaporte até sair a residência."),
    ("document_retention", "ar", "الكفيل يحتفظ بالجواز طوال مدة العقد"),
    ("document_retention", "mixed", "Travail à Dubaï, the boss will keep your passport pour la sécurité."),
    ("withheld_wages", "fr", "Le salaire est versé à la fin du contrat, en une seule fois."),
    ("withheld_wages", "en", "Your salary will be paid after 6 months of work."),
    ("withheld_wages", "pcm", "Oga go hold your salary till contract finish, e go give you everything."),
    ("withheld_wages", "es", "Los dos primeros meses de sueldo son para la agencia."),
    ("withheld_wages", "pt", "O salário é pago no fim do contrato, tudo de uma vez."),
    ("withheld_wages", "ar", "الراتب يسلم في نهاية العقد كاملا"),
    ("withheld_wages", "mixed", "Ma chérie, the salary is paid at the end of the contract, c'est mieux pour épargner."),
    ("debt_bondage", "fr", "Billet avancé, remboursé sur vos salaires."),
    ("debt_bondage", "en", "The company pays the flight and the cost is deducted from your first salary."),
    ("debt_bondage", "pcm", "Oga go pay your ticket, we go deduct am from your salary small small."),
    ("debt_bondage", "es", "La agencia adelanta el billete y se descuenta de tu sueldo."),
    ("debt_bondage", "pt", "A empresa paga a passagem e vai descontando do salário."),
    ("debt_bondage", "ar", "المكتب يدفع التذكرة وبعدين نخصمها من الراتب"),
    ("debt_bondage", "mixed", "Le boss advance le ticket, tu payes back avec ton salaire."),
    ("transit_route", "fr", "Départ de Douala, passage par le Niger puis la Libye, on s'occupe de tout."),
    ("transit_route", "en", "We travel by road through Agadez, no stress, everything is arranged."),
    ("transit_route", "pcm", "No need visa, we go pass through the desert enter Libya."),
    ("transit_route", "es", "Salimos el lunes pasando por Marruecos hasta la costa."),
    ("transit_route", "pt", "Não precisa passaporte, atravessamos pela fronteira de noite."),
    ("transit_route", "ar", "السفر عبر ليبيا والوصول إلى إيطاليا مضمون"),
    ("transit_route", "mixed", "On part de Yaoundé, then we go through Niger, c'est sûr."),
    ("restricted_movement", "fr", "Logée chez l'employeur, pas de sortie le week-end."),
    ("restricted_movement", "en", "Live-in position, no day off during the first year."),
    ("restricted_movement", "pcm", "You no go dey go out, madam go keep your phone."),
    ("restricted_movement", "es", "Trabajo de interna sin días libres, no puede salir de la casa."),
    ("restricted_movement", "pt", "Vive com a família, sem folgas e não pode sair sozinha."),
    ("restricted_movement", "ar", "السكن مع العائلة وممنوع الخروج بدون الكفيل"),
    ("restricted_movement", "mixed", "Tu vis chez la famille, no day off mais le salaire est bon."),
    ("informal_employer", "fr", "Une amie de la famille au Liban cherche une fille pour garder ses enfants."),
    ("informal_employer", "en", "My uncle's friend in Oman needs a housegirl, he pays everything."),
    ("informal_employer", "pcm", "My aunty for Dubai dey find girl wey go help am for house."),
    ("informal_employer", "es", "Una señora en Madrid busca una chica para cuidar a su madre."),
    ("informal_employer", "pt", "Uma senhora conhecida em Joanesburgo precisa de uma moça para a casa."),
    ("informal_employer", "ar", "صديقة خالتي في الرياض تبحث عن بنت تساعدها في البيت"),
    ("informal_employer", "mixed", "Ma tante à Beyrouth cherche une fille, she pays the ticket."),
    ("unrealistic_conditions", "fr", "Emploi en Europe pour tout le monde, départ dans 2 semaines."),
    ("unrealistic_conditions", "en", "The contract will be signed on arrival, don't worry."),
    ("unrealistic_conditions", "pcm", "Everything go dey sorted when you land for Dubai."),
    ("unrealistic_conditions", "es", "Los seleccionados firman el contrato al llegar a Doha."),
    ("unrealistic_conditions", "pt", "O contrato é assinado à chegada, a agência trata de tudo."),
    ("unrealistic_conditions", "ar", "العقد يوقع عند الوصول والسفر خلال أسبوعين"),
    ("unrealistic_conditions", "mixed", "Job au Canada for anyone, le contrat est signé sur place."),
    ("payback_request", "fr", "Bonjour, j'ai envoyé 25 000 par erreur sur votre numéro, renvoyez-moi le montant svp."),
    ("payback_request", "en", "I sent you 1,200 by mistake, kindly reverse it to 0798003114."),
    ("payback_request", "pcm", "Abeg give me the code wey dem send you, na for your prize."),
    ("payback_request", "es", "Te envié 500 por error, devuélveme el dinero por favor."),
    ("payback_request", "pt", "Por favor devolva o valor enviado por engano para este número."),
    ("payback_request", "ar", "حولت لك 50 ألف بالغلط رجع المبلغ لو سمحت"),
    ("payback_request", "mixed", "Mon frère I sent 10 000 by mistake, renvoie-moi l'argent stp."),
]

# Counter-cues: the frame of a post that quotes a lure to warn or report it, and of a genuine receipt.
COUNTER_CASES = [
    ("reporting_frame", "fr", "Voici le message que ma cousine a reçu hier : « billet offert, départ lundi »."),
    ("reporting_frame", "en", "Someone sent me this: 'free visa, pay 50k processing'. Please be careful."),
    ("reporting_frame", "pcm", "This is the message wey dem send my sister for WhatsApp, make una see."),
    ("reporting_frame", "es", "Me llegó este mensaje por WhatsApp, ¿alguien sabe si es real?"),
    ("reporting_frame", "pt", "Recebi esta mensagem hoje, alguém conhece esta agência?"),
    ("reporting_frame", "ar", "وصلتني هذه الرسالة على واتساب، هل هي حقيقية؟"),
    ("reporting_frame", "mixed", "J'ai reçu ce message, is it legit? They say free visa."),
    ("transaction_receipt", "fr", "Transfert de 10 000 FCFA vers 699001122 réussi. Frais: 100 FCFA. "
                                  "Nouveau solde: 4 500 FCFA. ID de transaction: CI2506."),
    ("transaction_receipt", "en", "QHX4K2L9PZ Confirmed. Ksh1,250.00 sent to JOHN KAMAU on 3/11/26. "
                                  "New M-PESA balance is Ksh4,310.50."),
    ("transaction_receipt", "pcm", "See the alert: Acct: 01******47 Amt: NGN15,000.00 DR Bal: NGN8,211.40. "
                                   "Make una buy rice."),
    ("transaction_receipt", "es", "Confirmado. Transferiste $200 a Juan Pérez. Saldo disponible: $1.340."),
    ("transaction_receipt", "pt", "Confirmado AB92KLM3PX. Pagaste 1,340.00MT a FARMACIA. O seu saldo é 6,402.25MT."),
    ("transaction_receipt", "ar", "تم تحويل 5000 فرنك بنجاح. رصيدك الحالي 12000 فرنك."),
    ("transaction_receipt", "mixed", "Voilà maman, c'est fait: You have received 25000 FCFA. "
                                     "Your new balance: 31200 FCFA."),
]

# Look-alikes that must stay quiet: honest ads that name the passport or the salary, advice, greetings,
# genuine receipts (no payback request), lures (no reporting frame), fees in a lure (no receipt).
QUIET = [
    ("document_retention", "Contrat signé avant le départ. Votre passeport reste avec vous, toujours."),
    ("document_retention", "The worker keeps their passport at all times; the employer never holds documents."),
    ("document_retention", "You keep your own passport. Never hand over your passport to an agent."),
    ("document_retention", "Nadie guarda los pasaportes: cada trabajador conserva su documentación."),
    ("document_retention", "O trabalhador fica com o seu passaporte e o contrato é assinado antes da partida."),
    ("document_retention", "جواز سفرك يبقى معك دائما، ولا تسلمه لأحد."),
    ("document_retention", "My sister kept her passport and has Sundays off, the family is good."),
    ("withheld_wages", "Salaire versé chaque mois sur un compte bancaire à votre nom."),
    ("withheld_wages", "Salary paid monthly by bank transfer, reviewed after 6 months."),
    ("withheld_wages", "Atelier cherche apprentis, payés chaque semaine après 1 mois d'essai."),
    ("debt_bondage", "Aucun frais n'est demandé et rien ne sera déduit de votre salaire."),
    ("debt_bondage", "Flight and visa are paid by the employer; nothing is deducted from your salary."),
    ("debt_bondage", "الشركة تتحمل تكاليف التأشيرة ولا يجوز خصمها من الراتب"),
    ("debt_bondage", "It is never a loan and never requires you to work to repay it."),
    ("transit_route", "Vol direct Douala-Paris avec Air France, visa étudiant délivré par l'ambassade."),
    ("transit_route", "My internet connection is bad today, I will call you later."),
    ("restricted_movement", "Ouvert 7j/7 de 6h à 22h, dépôts et retraits Orange Money."),
    ("restricted_movement", "1 jour de repos par semaine, 30 jours de congés par an."),
    ("informal_employer", "My friend needs help with her maths homework this evening."),
    ("informal_employer", "Ma tante cherche un appartement à louer à Bastos."),
    ("unrealistic_conditions", "Bonne année à tout le monde, que Dieu vous garde !"),
    ("unrealistic_conditions", "Scholarships never ask you to work for anybody, and flights are covered."),
    ("payback_request", "Composez *126# pour consulter votre solde MoMo."),
    ("payback_request", "Ne donnez jamais votre code secret, même à un agent."),
    ("payback_request", "Safaricom will never ask you to share your PIN. Do not share your PIN with anyone."),
    ("payback_request", "Transfert de 10 000 FCFA vers 699001122 réussi. Frais: 100 FCFA. Nouveau solde: 4 500 FCFA."),
    ("payback_request", "QHX4K2L9PZ Confirmed. Ksh1,250.00 sent to JOHN KAMAU. New M-PESA balance is Ksh4,310.50."),
    ("payback_request", "Confirmado. Recebeste 2,500.00MT de 258840031207. O teu novo saldo M-Pesa é 2,730.50MT."),
    ("payback_request", "SBS9KL2QXT Confirmed. Reversal of transaction SBR6MQ1L0D has been successfully reversed."),
    ("reporting_frame", "Visa et billet offerts, frais de dossier 50 000 FCFA, écrivez en inbox."),
    ("reporting_frame", "URGENT: Canada farm work, no IELTS, pay 150,000 naira processing fee. Call now."),
    ("reporting_frame", "Envoyez le message « OK » au 8080 pour activer votre bonus."),
    ("reporting_frame", "He told me to select 5 boys for the trials, send me the money for the form."),
    ("reporting_frame", "Se buscan chicas para Dubái, 2.500 $, billete pagado. Escríbeme al privado."),
    ("reporting_frame", "مطلوب عاملات للسعودية، التأشيرة مجانية، راسلنا على الخاص"),
    ("transaction_receipt", "Frais de dossier : 50 000 FCFA, à payer avant lundi par Orange Money."),
    ("transaction_receipt", "Taxa de processo: 120.000 Kz via Multicaixa Express."),
    ("transaction_receipt", "احجز مقعدك الحين بـ 500 يورو وسيتم خصمها من رسوم السكن"),
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


@pytest.mark.parametrize(("name", "lang", "text"), COUNTER_CASES, ids=[f"{n}-{lang}" for n, lang, _ in COUNTER_CASES])
def test_signals_counter_cues_fire_with_evidence_in_each_language(name, lang, text):
    found = {s.name: s for s in find_signals(text, include_counter_cues=True)}
    assert name in found, f"{name} not found in {lang}: {text!r}"
    signal = found[name]
    assert normalize(text)[signal.start:signal.end].strip() == signal.evidence
    assert name not in {s.name for s in find_signals(text)}


def test_signals_new_signals_cover_every_language():
    langs: dict[str, set[str]] = {}
    for name, lang, _ in CASES + COUNTER_CASES:
        langs.setdefault(name, set()).add(lang)
    assert {name: langs.get(name, set()) for name in NEW_SIGNALS} == dict.fromkeys(NEW_SIGNALS, LANGUAGES)
    assert {name for name, _ in QUIET} == NEW_SIGNALS


@pytest.mark.parametrize(("name", "text"), QUIET, ids=[f"{n}-{i}" for i, (n, _) in enumerate(QUIET)])
def test_signals_quiet_on_look_alikes(name, text):
    assert name not in {s.name for s in find_signals(text, include_counter_cues=True)}


@pytest.mark.parametrize(("text", "name", "evidence"), [
    ("À l'arrivée, l'employeur garde le passeport pour les papiers.", "document_retention",
     "employeur garde le passeport"),
    ("No wahala, we go keep your passport for safety.", "document_retention", "we go keep your passport"),
    ("Billet avancé, remboursé sur vos salaires. Départ lundi.", "debt_bondage",
     "Billet avancé, remboursé sur vos salaires"),
    ("Oga go pay your ticket, we go deduct am from your salary.", "debt_bondage", "deduct am from your salary"),
    ("Départ de Douala, passage par le Niger puis la Libye.", "transit_route", "passage par le Niger"),
    ("السفر عبر ليبيا والوصول إلى إيطاليا", "transit_route", "عبر ليبيا"),
    ("Une amie de la famille au Liban cherche une fille.", "informal_employer",
     "Une amie de la famille au Liban cherche une fille"),
    ("Devolva o valor enviado por engano, por favor.", "payback_request", "Devolva o valor"),
    ("I sent you 1,200 by mistake, kindly reverse it.", "payback_request", "sent you 1,200 by mistake"),
])
def test_signals_evidence_is_the_matched_words(text, name, evidence):
    assert {s.name: s.evidence for s in find_signals(text)}[name] == evidence


def test_signals_trafficking_indicators_are_red_flags():
    assert set(TRAFFICKING_INDICATORS) <= set(RED_FLAGS)
    assert not set(RED_FLAGS) & COUNTER_CUES
    assert {"payback_request"} <= set(RED_FLAGS)
    assert {"reporting_frame", "transaction_receipt"} <= COUNTER_CUES


def test_signals_fake_receipt_and_payback_request_carry_both():
    text = ("Confirmed. You have received Ksh 3,500.00 from JOSEPH MWANGI. New M-PESA balance is Ksh 3,612.00. "
            "Sorry I sent this to you by mistake, kindly reverse to the same number.")
    assert [s.name for s in find_signals(text)] == ["payback_request"]
    assert signal_counts(text)["transaction_receipt"] >= 1


def test_signals_reporting_frame_around_a_quoted_lure_keeps_the_lure_evidence():
    text = "Voici le message que ma cousine a reçu : « l'employeur garde le passeport, billet avancé »."
    names = [s.name for s in find_signals(text, include_counter_cues=True)]
    assert "document_retention" in names and "reporting_frame" in names
    assert "reporting_frame" not in [s.name for s in find_signals(text)]


def test_signals_match_without_accents_and_with_typographic_apostrophes():
    for text in ("L’employeur garde le passeport", "l'employeur garde le passeport", "EL EMPLEADOR GUARDA EL PASAPORTE",
                 "o patrao fica com o passaporte"):
        assert "document_retention" in {s.name for s in find_signals(text)}, text
    found = {s.name: s for s in find_signals("L’employeur garde le passeport")}
    assert found["document_retention"].evidence == "employeur garde le passeport"


def test_signals_never_start_inside_a_word():
    # "asap" inside "pasaporte", "vite" inside "convite", "pay" inside "repay" are not signals.
    assert signal_counts("Envía tu pasaporte y la carta convite")["urgency"] == 0
    assert signal_counts("Loan repayment via M-PESA menu")["upfront_fee"] == 0
    assert signal_counts("#StopArnaque #EndTrafficking")["warning_context"] == 2


@given(st.text(max_size=200))
def test_signals_matchable_keeps_every_offset(text):
    assert len(matchable(text)) == len(text)


def test_signals_counter_cues_are_features_not_evidence():
    text = ("J'ai reçu ce message : « Arnaque ! Ne payez jamais de frais de dossier. Aucun frais n'est demandé. » "
            "Transfert de 5 000 FCFA réussi. Nouveau solde: 7 000 FCFA.")
    names = {s.name for s in find_signals(text)}
    assert not names & COUNTER_CUES
    counts = signal_counts(text)
    assert all(counts[name] >= 1 for name in COUNTER_CUES)
    assert {s.name for s in scan(text).red_flags()} == names


def test_signals_quiet_on_an_everyday_post():
    assert find_signals("Bon anniversaire maman, que Dieu te garde longtemps parmi nous") == []


def test_signals_see_through_obfuscation():
    assert "upfront_fee" in {s.name for s in find_signals("fr4is de d0ssier 25 000 FCFA")}


@given(st.text(max_size=300))
def test_signals_never_fail_on_random_unicode(text):
    for signal in find_signals(text, include_counter_cues=True):
        assert signal.name in signal_counts(text)


def test_signals_first_character_prefilter_changes_no_match():
    """Each signal pattern is tried only where one of its first characters stands: every match, on
    the sample posts and the written streams, is the one the pattern finds without that check."""
    import json
    import re
    from pathlib import Path

    from detector import signals
    from detector.normalize import normalize

    assert set(signals._first_chars("ab|c[de]|(?<!x)f?g") or "") == set("acfg")
    assert signals._first_chars("x*") is None and signals._first_chars("[^a]b") is None
    assert set(signals._first_chars(r"\d+ ans|\s?yes") or "") == set(r"\d\sy")
    root = Path(__file__).resolve().parent.parent
    texts = [json.loads(line)["text"] for name in ("sample/scraped_posts.jsonl", "streams/campaigns_stream.jsonl",
                                                    "streams/accounts_stream.jsonl")
             for line in (root / "data" / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [signals.matchable(normalize(t)) for t in texts]
    prefiltered = 0
    for name, patterns in signals.PATTERNS.items():
        body = "(?:" + "|".join(f"(?:{signals._pattern_form(p)})" for p in patterns) + ")"
        plain = re.compile(signals._WORD_START + body)
        compiled = signals._COMPILED[name]
        prefiltered += compiled.pattern != plain.pattern
        for text in texts:
            assert [m.span() for m in compiled.finditer(text)] == [m.span() for m in plain.finditer(text)], name
    assert prefiltered >= len(signals.PATTERNS) - 2
