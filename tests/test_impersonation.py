"""Impersonation: pairs of posts about the same figure, one lure and one benign."""

import pytest

from detector.impersonation import Gazetteer, assess, default_gazetteer, find_mentions

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
