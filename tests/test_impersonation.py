"""Impersonation: pairs of posts about the same figure, one lure and one benign; institutions' lures
(hiring drives, exams, promos routed to a private channel or a fee) beside genuine announcements,
warnings that quote the fake, and fan or news posts."""

import json

import pytest

from detector.impersonation import (
    INSTITUTIONS,
    Gazetteer,
    InstitutionGazetteer,
    _fold,
    _fold_handle,
    assess,
    assess_institution,
    default_gazetteer,
    default_institutions,
    find_institutions,
    find_mentions,
    institution_impersonation_count,
)

# (figure, impersonation lure, benign post about the same figure, lure's author fields)
PAIRS = [
    ("Samuel Eto'o",
     "Je suis Samuel Eto'o. Ma fondation offre 50 bourses au Canada. Frais de dossier 25 000 FCFA par MoMo, "
     "écrivez en privé.",
     "Quel match de Samuel Eto'o en 2005, le plus grand attaquant africain de l'histoire !",
     {}),
    ("Burna Boy",
     "My foundation is giving out 20 visas to fans this week. Send your passport copy to my manager on "
     "WhatsApp.",
     "Burna Boy live in Lagos this Saturday! Tickets at the venue, doors open 7pm.",
     {"author_handle": "@burnaboy_official_fdn", "author_verified": False, "author_followers": 812}),
    ("Mohamed Salah",
     "أنا محمد صلاح، مؤسستي تقدم منح دراسية للشباب. أرسل صورة جواز السفر على الخاص",
     "هدف رائع من محمد صلاح الليلة مع ليفربول",
     {}),
    ("Chris Oyakhilome",
     "From the desk of Pastor Chris: the ministry will sponsor 100 members for jobs in Canada. "
     "Pay the processing fee of 50,000 naira to the coordinator.",
     "Join Pastor Chris Oyakhilome for the Healing Streams live service this weekend, free for all.",
     {}),
    ("Fally Ipupa",
     "Fondation Fally Ipupa: nous sélectionnons 30 jeunes danseuses pour la tournée en Europe, visa offert. "
     "Frais de réservation 40 000 FCFA.",
     "Fally Ipupa en concert à Kinshasa le 30 juin, quel show !",
     {"author_handle": "@Fa11y.Ipupa.Foundation2", "author_verified": False}),
]


@pytest.mark.parametrize(("figure", "lure", "benign", "author"), PAIRS, ids=[p[0] for p in PAIRS])
def test_impersonation_pairs_lure_flagged_benign_not(figure, lure, benign, author):
    verdict = assess(lure, lang="fr", **author)
    assert verdict.impersonates == figure, verdict.evidence
    assert verdict.evidence
    assert assess(benign, lang="fr").impersonates is None


def test_impersonation_official_verified_account_is_not_a_lookalike():
    text = "Ma fondation lance les inscriptions pour le tournoi des jeunes, gratuit, sur le site officiel."
    real = assess(text, author_handle="@didierdrogba", author_verified=True)
    assert ("lookalike_account", "@didierdrogba") not in real.evidence


def test_impersonation_lookalike_handles():
    gaz = default_gazetteer()
    for handle in ("@samuel_etoo_officiel", "@S4muel.Eto0", "Dídier Drogba Officiel", "@pst_chris_0yakhilome"):
        assert gaz.handle_imitates(handle) is not None, handle
    assert gaz.handle_imitates("@marie_ngono") is None


def test_impersonation_misspelled_names_are_found():
    names = {m.figure.name for m in find_mentions("Je suis Samuell Etoo et je vous offre des visas", use_ner=False)}
    assert "Samuel Eto'o" in names


def test_impersonation_few_followers_is_evidence():
    verdict = assess("My foundation is giving grants, DM me", author_handle="@elonmusk_giveaway",
                     author_verified=False, author_followers=300)
    assert ("few_followers", "300 followers") in verdict.evidence


def test_impersonation_gazetteer_entries_have_sources():
    import json

    from detector.impersonation import GAZETTEER

    figures = json.loads(GAZETTEER.read_text(encoding="utf-8"))["figures"]
    assert len(figures) >= 100
    assert all(f["source"] and f["name"] for f in figures)
    assert isinstance(Gazetteer.load(), Gazetteer)


def test_impersonation_ner_finds_people():
    from detector.impersonation import ner_people

    assert any("Eto" in p for p in ner_people("Bonjour, je suis Samuel Eto'o et je recrute.", "fr"))


# --- Institutions ---------------------------------------------------------------------------------

# (institution, lure in its name, the channel or fee that makes it a lure)
INSTITUTION_LURES = [
    ("Camair-Co",
     "Camair-Co recrute 40 hôtesses de l'air et stewards, débutants acceptés. Envoyez CV et photo sur WhatsApp "
     "au +237 6 77 12 34 56.",
     "whatsapp_number"),
    ("MINFOPRA",
     "Concours MINFOPRA 2025 : 500 places pour l'intégration directe à la Fonction publique. Frais d'inscription "
     "35 000 FCFA à envoyer par MTN MoMo, puis confirmez votre dossier.",
     "upfront_fee"),
    ("Nigerian Army",
     "Nigerian Army recruitment 2025 is ongoing. Send your full name, state of origin and passport photograph to "
     "nigerianarmy.recruitment2025@gmail.com for shortlisting.",
     "free_mail"),
    ("CAMTEL",
     "Camtel dey recruit 200 technicians for Douala and Yaoundé. Apply for camtel-recrutement.com before Friday, "
     "na quick quick.",
     "lookalike_domain"),
    ("MINFOPRA",
     "Les candidatures au concours direct de recrutement de 1 500 agents de l'État se font exclusivement en ligne "
     "sur le site minfopra-concours.net.",
     "lookalike_domain"),
    ("Embassy of the United States",
     "السفارة الأمريكية تعلن فتح التسجيل لعام 2026. سجل الآن عبر واتساب 00212612345678 قبل نفاد الأماكن",
     "whatsapp_number"),
    ("IOM (International Organization for Migration)",
     "La OIM abre convocatoria de empleo para trabajar en España: 300 plazas. Envía tu CV a "
     "oim.empleos.espana@gmail.com",
     "free_mail"),
    ("Embassy of Canada",
     "A Embaixada do Canadá está recrutando trabalhadores para o Canadá com visto de trabalho. Taxa de "
     "processamento de 150 euros via Western Union.",
     "upfront_fee"),
    ("Qatar Airways",
     "Qatar Airways is hiring cabin crew in Lagos! Open day this Saturday, registration fee ₦25,000 at the gate.",
     "upfront_fee"),
    ("MTN Cameroon",
     "Promo MTN : gagnez 500 000 FCFA pour les 25 ans de MTN ! Écrivez au wa.me/237677889900 pour réclamer.",
     "whatsapp"),
]


@pytest.mark.parametrize(("institution", "lure", "channel"), INSTITUTION_LURES,
                         ids=[f"{i}-{c}-{n}" for n, (i, _, c) in enumerate(INSTITUTION_LURES)])
def test_impersonation_institution_lures_are_flagged_with_evidence(institution, lure, channel):
    verdict = assess_institution(lure)
    assert verdict.impersonates == institution, verdict.evidence
    assert verdict.institution is not None and verdict.institution.name == institution
    kinds = [kind for kind, _ in verdict.evidence]
    assert kinds[0] == "institution" and "offer" in kinds and channel in kinds, verdict.evidence
    assert assess(lure).impersonates == institution  # what scoring calls
    assert institution_impersonation_count(lure) >= 1


def test_impersonation_institution_evidence_names_it_as_written():
    verdict = assess_institution("CAMAIR-CO RECRUTE 80 hôtesses, envoyez votre CV à camairco.rh@yahoo.fr")
    assert ("institution", "CAMAIR-CO") in verdict.evidence
    assert ("free_mail", "camairco.rh@yahoo.fr") in verdict.evidence


GENUINE_ANNOUNCEMENTS = [
    "Camair-Co recrute des hôtesses et stewards. Candidatures uniquement sur www.camair-co.cm/recrutement avant le "
    "30 juin. Aucun frais n'est demandé.",
    "Le MINFOPRA lance le concours d'entrée à l'ENAM. Inscriptions en ligne sur www.concours.minfopra.gov.cm, frais "
    "de concours 20 000 FCFA payables sur la plateforme.",
    "IOM is hiring drivers in Maroua: apply only on iom.int/careers before 12 May.",
    "Orange Cameroun recrute un(e) Responsable Conformité – CDI – Douala. Postulez sur orange.jobs avant le 30 juin. "
    "Renseignements : 222 23 40 65.",
    "Qatar Airways is recruiting cabin crew: apply on careers.qatarairways.com, open day in Abidjan on 3 May.",
]


@pytest.mark.parametrize("text", GENUINE_ANNOUNCEMENTS)
def test_impersonation_institution_official_channel_is_not_flagged(text):
    verdict = assess_institution(text)
    assert verdict.institutions and verdict.impersonates is None, verdict.evidence
    assert institution_impersonation_count(text) == 0


WARNINGS = [
    "DÉMENTI : Camair-Co n'a lancé aucun recrutement. Un faux communiqué circule sur WhatsApp demandant 25 000 FCFA "
    "au 6 99 00 11 22. Seul www.camair-co.cm fait foi.",
    "Beware: a fake Qatar Airways recruitment page asks candidates to pay a visa fee to +974 5555 1234. Qatar "
    "Airways never charges fees.",
    "Le MINESEC informe l'opinion qu'une prétendue « liste des enseignants à intégrer » est publiée sur le site "
    "minesec-integration.online, qui exige 5 000 FCFA. Ce site n'appartient pas au Ministère.",
    "⚠️ تحذير: السفارة الأمريكية لا تطلب أي رسوم عبر واتساب. التسجيل في القرعة مجاني.",
]


@pytest.mark.parametrize("text", WARNINGS)
def test_impersonation_institution_warning_quoting_the_fake_is_not_flagged(text):
    verdict = assess_institution(text)
    assert verdict.institutions and verdict.impersonates is None, verdict.evidence
    assert any(kind == "warning" for kind, _ in verdict.evidence)


FAN_AND_NEWS = [
    "Bravo à Camair-Co pour le vol inaugural Douala-Paris, fiers de notre compagnie ! Réservations au 6 99 00 11 22",
    "MTN Cameroon sponsors the Elite One league this season, great news for our football.",
    "Le Port Autonome de Douala a enregistré un trafic record en 2024 selon cameroon-tribune.cm.",
    "Notre crèche à Yaoundé recrute une éducatrice. 100 000 F + CNPS. Envoyez votre CV par WhatsApp au 6 77 00 92 41.",
    "Jobs in the United Arab Emirates for cleaners, WhatsApp +971 50 123 4567",
    "Payez par Orange Money au 699001122 pour votre visa Dubaï",
]


@pytest.mark.parametrize("text", FAN_AND_NEWS)
def test_impersonation_institution_fan_news_and_homonyms_are_not_flagged(text):
    assert assess_institution(text).impersonates is None
    assert assess(text).impersonates is None


def test_impersonation_institution_found_by_alias_acronym_and_lookalike_domain():
    def names(text):
        return [m.institution.name for m in find_institutions(text)]

    assert names("Société Nationale des Hydrocarbures") == ["SNH (Société Nationale des Hydrocarbures)"]
    assert names("Recrutement MINSANTÉ et ENEO") == ["MINSANTE", "ENEO"]
    assert names("ليونيسف والمنظمة الدولية للهجرة") == ["IOM (International Organization for Migration)"]
    assert names("apply now: minfopra-concours.net") == ["MINFOPRA"]
    assert names("WHO WANTS A JOB IN DUBAI?") == []  # a word in capitals, not the World Health Organization
    assert names("Une délégation de l'OMS et du HCR à Maroua") == ["WHO (World Health Organization)", "UNHCR"]


def test_impersonation_institution_shared_name_prefers_the_posts_country():
    lagos = assess_institution("You don win for MTN Y'ello Bonanza! ₦500,000. Pay ₦4,500 delivery to 0706 00 5193")
    douala = assess_institution("MTN recrute 200 agents MoMo à Douala, WhatsApp 6 77 88 99 00")
    assert (lagos.impersonates, douala.impersonates) == ("MTN Nigeria", "MTN Cameroon")


def test_impersonation_institution_score_output_names_it(loaded_model, tmp_path):
    from detector.scoring import score_file
    from tests.conftest import write_jsonl

    lure = ("Camair-Co recrute 40 hôtesses de l'air. Frais de dossier 25 000 FCFA par MoMo, envoyez votre CV sur "
            "WhatsApp au 6 77 12 34 56.")
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": lure, "author_handle": "@camairco_recrutement"}])
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, progress=False)
    row = json.loads(out.read_text(encoding="utf-8"))
    assert row["impersonates"] == "Camair-Co"
    signal = next(s for s in row["signals"] if s["name"] == "impersonation")
    assert "institution: Camair-Co" in signal["evidence"] and "whatsapp_number" in signal["evidence"]


def test_impersonation_institutions_gazetteer_is_sourced_and_consistent():
    raw = json.loads(INSTITUTIONS.read_text(encoding="utf-8"))
    entries = raw["institutions"]
    assert len(entries) >= 80
    assert {e["kind"] for e in entries} == {"company", "ministry", "security", "embassy", "international"}
    assert len({e["name"] for e in entries}) == len(entries)
    for entry in entries:
        assert entry["source"] and (entry["aliases"] or entry["cased_aliases"]), entry["name"]
        for domain in entry["official_domains"]:
            assert domain == domain.lower() and "/" not in domain and not domain.startswith("www."), domain
    gaz = default_institutions()
    assert isinstance(gaz, InstitutionGazetteer) and gaz is default_institutions()  # cached
    assert set(raw["free_mail_domains"]).isdisjoint(d for e in entries for d in e["official_domains"])


def test_impersonation_institution_folded_offsets_match_the_fold():
    from hypothesis import given
    from hypothesis import strategies as st

    from detector.impersonation import _fold, _fold_mapped

    @given(st.text(alphabet=st.sampled_from("aÉé -'’.Çç_1ﬁأإة ال!?\u0301"), max_size=40))
    def check(text):
        folded, where = _fold_mapped(text)
        assert folded == _fold(text, normalized=True)
        assert len(where) == len(folded) and where == sorted(where)

    check()


# --- Accounts: author fields -----------------------------------------------------------------------

SALAH_LURE = ("It's me Mo. I'm sponsoring 20 young players for trials in England. Send your passport and a $50 fee "
              "in my DM.")


def test_impersonation_account_check_mark_proves_nothing():
    verdict = assess(SALAH_LURE, lang="en", author_handle="@m0.salah11", author_verified=True, author_followers=52000)
    assert verdict.impersonates == "Mohamed Salah"
    assert ("check_mark_on_lookalike", "@m0.salah11") in verdict.evidence
    assert not any(name == "few_followers" for name, _ in verdict.evidence)


def test_impersonation_account_official_handle_is_the_figure_itself():
    gaz = default_gazetteer()
    assert gaz.official_account("@SEtoo9").name == "Samuel Eto'o"
    # A dot or an underscore makes another account, which holds the official handle: a look-alike.
    for handle in ("@setoo9_fondation", "@victor_osimhen_9_", "@leomessi.ayuda"):
        assert gaz.official_account(handle) is None and gaz.handle_imitates(handle) is not None, handle
    own = ("Ma fondation offre 50 bourses aux jeunes footballeurs. Candidatures sur le site de la fondation, "
           "écrivez en privé pour les détails.")
    assert assess(own, author_handle="@setoo9", author_name="Samuel Eto'o", author_verified=True).impersonates is None
    fake = assess(own, author_handle="@setoo9_fondation", author_name="Samuel Eto'o", author_verified=True)
    assert fake.impersonates == "Samuel Eto'o" and ("lookalike_account", "@setoo9_fondation") in fake.evidence


def test_impersonation_account_display_name_never_proves_an_official_account():
    text = "I'm giving away $1,000 to 50 followers today! To claim, send me a DM and pay the $10 processing fee."
    # The display name spells the official handle; the handle is nobody's.
    assert assess(text, lang="en", author_handle="@x_rewards_44", author_name="MrBeast ✅").impersonates == "MrBeast"


def test_impersonation_account_first_name_handle_is_not_held_against_namesakes():
    gaz = default_gazetteer()
    assert gaz.official_account("@cristiano").name == "Cristiano Ronaldo"
    assert gaz.handle_imitates("@cristiano_silva_pt") is None


def test_impersonation_account_fan_page_is_no_persona_unless_it_speaks_as_the_figure():
    contest = ("Sorteio de uma camisola oficial do Cristiano Ronaldo para os nossos seguidores! Para participar basta "
               "seguir a página e comentar.")
    verdict = assess(contest, lang="pt", author_handle="@cr7.fanpage.pt", author_name="CR7 Fans", author_verified=True)
    assert verdict.impersonates is None
    speaks = ("This is Leo. My foundation is giving $5,000 grants to 50 families. Send your details and a $25 "
              "processing fee to my manager on Telegram.")
    verdict = assess(speaks, lang="en", author_handle="@lionel.messi.fan.club", author_name="Lionel Messi")
    assert verdict.impersonates == "Lionel Messi" and ("fan_page", "@lionel.messi.fan.club") in verdict.evidence


def test_impersonation_account_of_an_institution():
    text = "Camair-Co recrute 60 hôtesses de l'air et stewards. Postulez dès maintenant, les places sont limitées !"
    verdict = assess(text, author_handle="@camairco_recrutement2026")
    assert verdict.impersonates == "Camair-Co" and verdict.institution is not None
    assert ("lookalike_account", "@camairco_recrutement2026") in verdict.evidence
    # A handle that is exactly its name may be its own; a post sending candidates to its site routes nobody.
    assert assess(text, author_handle="@camairco").impersonates is None
    assert assess(text + " Candidatures sur www.camair-co.cm", author_handle="@camairco_recrutement2026").impersonates \
        is None
    # The account names the institution the text does not.
    hidden = "Recrutement de 300 agents commerciaux à Douala et Yaoundé, inscrivez-vous vite."
    assert assess(hidden, author_handle="@mtn_cameroon_jobs").impersonates == "MTN Cameroon"
    warning = "Attention : Camair-Co ne recrute pas par Facebook. Ne payez rien, c'est une arnaque."
    assert assess(warning, author_handle="@camairco_recrutement2026").impersonates is None


def test_impersonation_account_official_institution_post_is_its_own():
    text = "Qatar Airways is hiring cabin crew. Send your CV on WhatsApp +974 5555 1234 to book your interview."
    assert assess(text, lang="en").impersonates == "Qatar Airways"
    own = assess(text, lang="en", author_handle="@QatarAirways", author_verified=True)
    assert own.impersonates is None and own.official_author == "Qatar Airways"
    # An underscore makes another account, whatever its check mark.
    other = assess(text, lang="en", author_handle="@qatar_airways", author_verified=True)
    assert other.impersonates == "Qatar Airways" and other.official_author is None
    assert assess("Merci Yaoundé !", author_handle="@setoo9").official_author == "Samuel Eto'o"


def _stream(name: str) -> list[dict]:
    """A labelled account stream of `data/streams/`."""
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "streams" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("name", "size"), [("accounts_stream.jsonl", 150), ("accounts_heldout.jsonl", 40)])
def test_impersonation_accounts_stream_is_labelled_against_the_gazetteers(name, size):
    rows = _stream(name)
    figures = {f.name for f in default_gazetteer().figures}
    institutions = {i.name for i in default_institutions().institutions}
    kinds = {"lookalike_figure", "lookalike_institution", "official", "fan", "verified", "homonym"}
    assert len({r["id"] for r in rows}) == len(rows) >= size
    assert {r["lang"] for r in rows} == {"fr", "en", "pcm", "es", "pt", "ar"}
    for row in rows:
        truth = row["truth"]
        assert truth["kind"] in kinds and row["author_handle"] and isinstance(row["author_verified"], bool), row["id"]
        expected = {"lookalike_figure": figures, "lookalike_institution": institutions}.get(truth["kind"])
        assert (truth["impersonates"] in expected) if expected else truth["impersonates"] is None, row["id"]
        if truth["kind"] == "official":  # the gazetteers know the account
            assert default_gazetteer().official_account(row["author_handle"]) or any(
                _fold_handle(row["author_handle"]) in i.official_handles for i in default_institutions().institutions)


@pytest.mark.slow
def test_impersonation_accounts_benchmark_meets_the_targets():
    """The committed model, end to end through `score_file`, on the written account stream."""
    from pathlib import Path

    from benchmarks.impersonation_accounts import LOOKALIKES, measure

    root = Path(__file__).resolve().parent.parent
    counts = measure(root / "data" / "streams" / "accounts_stream.jsonl", root / "models" / "default")["counts"]
    looks = sum(counts[f"{k}:n"] for k in LOOKALIKES)
    assert sum(counts[f"{k}:caught"] for k in LOOKALIKES) / looks >= 0.9
    assert sum(counts[f"{k}:named"] for k in LOOKALIKES) / looks >= 0.9
    assert counts["verified_benign:flagged"] / counts["verified_benign:n"] <= 0.05


def test_name_and_handle_searches_on_tricky_spellings():
    """The prefilters and caches of the name and handle searches change no answer: digits for
    letters around an official handle, a Cyrillic letter in a name, a handle holding no figure,
    an institution behind an Arabic prefix, a misspelled name found twice (the second time from
    the cache), and accents and ligatures folded."""
    gaz = default_gazetteer()
    assert gaz.handle_imitates("@5etoo9_fdn").name == "Samuel Eto'o"  # '5' for 's': the official 'setoo9' inside
    assert gaz.handle_imitates("Fа11y Ipupa").name == "Fally Ipupa"  # a Cyrillic 'а' and '1' for 'l'
    assert gaz.handle_imitates("@m0.salah11").name == "Mohamed Salah"
    assert gaz.handle_imitates("🎁 giveaway 🎁") is None and gaz.handle_imitates("@qatarairways_jobs") is None
    fresh = Gazetteer(gaz.figures)  # no cache: the same answers
    assert [fresh._handle_imitates(h) for h in ("@5etoo9_fdn", "Fа11y Ipupa", "@qatarairways_jobs")] == \
        [gaz.handle_imitates(h) for h in ("@5etoo9_fdn", "Fа11y Ipupa", "@qatarairways_jobs")]
    assert [m.institution.name for m in find_institutions("وظائف والسفارة الفرنسية")] == ["Embassy of France"]
    assert [m.institution.name for m in find_institutions("فرص عمل بالسفارة الأمريكية، التسجيل عبر واتساب")] == \
        ["Embassy of the United States"]
    for _ in range(2):
        assert [(m.figure.name, m.how) for m in find_mentions("Je suis Samuell Etoo", use_ner=False)] == \
            [("Samuel Eto'o", "fuzzy")]
    assert _fold("Éto'o ÇA ﬁne") == "etoo ca fine"
    verdict = assess("Ma fondation offre 40 bourses. Frais 15 000 FCFA, écrivez-moi en privé.",
                     author_handle="@5etoo9_fdn", use_ner=False)
    assert verdict.impersonates == "Samuel Eto'o" and ("lookalike_account", "@5etoo9_fdn") in verdict.evidence
