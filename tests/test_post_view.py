"""Highlighting a post: the parts join back into the post, evidence and identifiers are marked."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.post_view import segments


def _marked(parts: list[dict]) -> list[tuple[str, str, str]]:
    return [(p["text"], p["kind"], p["label"]) for p in parts if p["kind"]]


def test_evidence_and_identifiers_are_marked_where_they_stand():
    text = ("🔥🔥 RECRUTEMENT Dubaï 🇦🇪 Frais de dossier 50 000 FCFA par Orange Money au +237 699 00 12 34, "
            "wa.me/237699001234")
    parts = segments(text, [{"name": "upfront_fee", "evidence": "frais de dossier"}])
    assert "".join(p["text"] for p in parts) == text
    assert _marked(parts) == [("Frais de dossier", "signal", "upfront_fee"), ("50 000 FCFA", "amount", "amount"),
                              ("Orange Money", "mobile_money", "mobile money"), ("+237 699 00 12 34", "phone", "phone"),
                              ("wa.me/237699001234", "whatsapp", "whatsapp")]


def test_a_red_flag_wins_over_an_identifier_inside_it_and_every_occurrence_is_marked():
    text = "Send 50,000 naira processing fee. Again: the processing fee is due on @agent_ng"
    parts = segments(text, [{"name": "upfront_fee", "evidence": "processing fee"},
                            {"name": "upfront_fee", "evidence": "Send 50,000 naira"}],
                     impersonates=None)
    assert _marked(parts) == [("Send 50,000 naira", "signal", "upfront_fee"),
                              ("processing fee", "signal", "upfront_fee"),
                              ("processing fee", "signal", "upfront_fee"), ("@agent_ng", "handle", "handle")]


def test_evidence_that_cuts_a_link_is_marked_with_the_whole_link():
    text = "Écrivez-nous 👉 wa.me/237699004127 ou au 699 00 41 27"
    parts = segments(text, [{"name": "private_contact", "evidence": "wa.me/"}])
    assert _marked(parts) == [("wa.me/237699004127", "signal", "private_contact"), ("699 00 41 27", "phone", "phone")]


def test_impersonated_figure_is_marked_and_evidence_seen_only_after_deobfuscation_is_not():
    text = "Samuel Eto'o Foundation gives free v1sa to 20 youths"
    parts = segments(text, [{"name": "travel_provided", "evidence": "free visa"}], impersonates="Samuel Eto'o")
    assert _marked(parts) == [("Samuel Eto'o", "impersonates", "impersonates Samuel Eto'o")]


@given(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=4))
def test_parts_always_join_back_into_the_post(text, evidence):
    parts = segments(text, [{"name": "upfront_fee", "evidence": e} for e in evidence], impersonates="x")
    assert "".join(p["text"] for p in parts) == text
    assert all(p["text"] for p in parts) or parts == [{"text": "", "kind": None, "label": ""}]
