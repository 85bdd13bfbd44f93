"""Highlighting a post: the parts join back into the post, evidence and identifiers are marked where
they stand in the text as written (whatever folding found them), hidden characters are tags, and user
data shown through Markdown is escaped."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from dashboard.post_view import escape_markdown, hidden_characters, locate, segments
from detector.signals import find_signals
from training.data import load_corpus


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


def test_post_view_impersonated_figure_and_evidence_seen_only_after_deobfuscation_are_marked():
    text = "Samuel Eto'o Foundation gives free v1sa to 20 youths"
    parts = segments(text, [{"name": "travel_provided", "evidence": "free visa"}], impersonates="Samuel Eto'o")
    assert _marked(parts) == [("Samuel Eto'o", "impersonates", "impersonates Samuel Eto'o"),
                              ("free v1sa", "signal", "travel_provided")]


def test_post_view_evidence_in_folded_arabic_is_marked_in_the_arabic_as_written():
    # The detector reads "دفعي" where the post wrote "إدفعي" with a hamza seat and vowel marks.
    text = "مطلوب بنات للشغل، إدفَعي حقّ الملف بس 75 الف فرنك والفيزا علينا"
    [signal] = [s for s in find_signals(text) if s.name == "upfront_fee"]
    assert signal.evidence not in text
    [part] = [p for p in segments(text, [{"name": signal.name, "evidence": signal.evidence}]) if p["kind"] == "signal"]
    assert part["text"].startswith("إدفَعي حقّ الملف") and part["text"] in text


def test_post_view_every_evidence_of_the_corpus_arabic_posts_is_located():
    rows = [r for r in load_corpus() if r.get("lang") == "ar"]
    evidence = [(r["text"], s.evidence) for r in rows for s in find_signals(r["text"])]
    assert len(evidence) > 100
    assert [e for text, e in evidence if not locate(text, e.strip())] == []


def test_post_view_evidence_spaced_out_hidden_or_repeated_is_found_in_the_original():
    text = "F r a i s de dossier\u200b obligatoires, VISAAA offert"
    assert [text[s:e] for s, e in locate(text, "frais de dossier")] == ["F r a i s de dossier"]
    assert [text[s:e] for s, e in locate(text, "visa")] == ["VISAAA"]


def test_post_view_hidden_and_bidi_characters_are_tags_and_counted():
    text = "Contact \u202e5867 009 996\u202c ou vi\u200bsa 👨\u200d👩\u200d👧 ok"
    assert hidden_characters(text) == {"RLO": 1, "PDF": 1, "ZWSP": 1}  # the family emoji's joiners are writing
    parts = segments(text, [])
    assert "".join(p["text"] for p in parts) == text
    tags = [r for p in parts for r in p.get("runs", []) if r.get("hidden")]
    assert [t["show"] for t in tags] == ["[RLO]", "[PDF]", "[ZWSP]"]
    assert tags[0]["hidden"].startswith("U+202E right-to-left override")
    # The hidden characters are never drawn as themselves: what the browser writes holds none of them.
    drawn = "".join(r.get("show", r["text"]) for p in parts for r in p.get("runs", [{"text": p["text"]}]))
    assert "\u202e" not in drawn and "\u200b" not in drawn


def test_post_view_identifiers_are_drawn_left_to_right_in_arabic_posts():
    text = "للتواصل واتساب +237 699 00 41 27 بسرعة"
    [phone] = [p for p in segments(text, []) if p["kind"] == "phone"]
    assert phone["text"] == "+237 699 00 41 27" and phone["ltr"] is True


def test_post_view_escape_markdown_shows_user_data_as_typed():
    assert escape_markdown("**id** _x_ [a](http://e) :red[b] $x$ # h") == (
        "\\*\\*id\\*\\* \\_x\\_ \\[a\\]\\(http\\://e\\) \\:red\\[b\\] \\$x\\$ \\# h")


@given(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=4))
@example("¼", ["1"])  # one character folded to three ("1⁄4"): evidence inside it marks all of it
def test_parts_always_join_back_into_the_post(text, evidence):
    parts = segments(text, [{"name": "upfront_fee", "evidence": e} for e in evidence], impersonates="x")
    assert "".join(p["text"] for p in parts) == text
    assert all(p["text"] for p in parts) or parts == [{"text": "", "kind": None, "label": ""}]
