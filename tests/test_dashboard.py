"""The dashboard through Streamlit's AppTest: login first, queue, review, text shown as text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from detector.readers import Post
from review import PostStore

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
XSS = "<script>alert('x')</script><img src=x onerror=alert(1)> **gras** [lien](http://evil.example)"


@pytest.fixture
def store(tmp_path, monkeypatch) -> PostStore:
    url = f"sqlite:///{tmp_path / 'dash.db'}"
    monkeypatch.setenv("VIGIE_DATABASE_URL", url)
    state.store.clear()
    store = PostStore(url)
    texts = ["Recrutement Dubaï, visa offert, frais de dossier 50 000 FCFA, WhatsApp +237 690 11 22 33",
             "Bourse 100% financée au Canada, frais d'inscription 25 000 FCFA par MoMo", XSS]
    posts = [Post(f"s{i}", t, i) for i, t in enumerate(texts)]
    records = [{"scam_score": s, "flagged": True, "category": c, "lang": "fr", "model": "default@test",
                "signals": [{"name": "upfront_fee", "evidence": "frais de dossier"}], "impersonates": None}
               for s, c in ((0.97, "fake_job"), (0.9, "fake_scholarship"), (0.8, "other_scam"))]
    store.ingest(posts, records)
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    yield store
    state.store.clear()
    store.close()


def _login(at: AppTest, user: str = "awa", password: str = "mot de passe solide") -> AppTest:
    at.text_input(key="login_username").input(user)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def _decision(at: AppTest, name: str):  # type: ignore[no-untyped-def]
    """The decision button `name` drawn for the post on screen (its key ends with what is shown)."""
    [button] = [b for b in at.button if (b.key or "").startswith(f"{name}@")]
    return button


def _shown_post(at: AppTest) -> list[dict]:
    """The segments the review page sends to its post component (AppTest cannot run the script)."""
    [element] = [e for e in at.main if getattr(e.proto, "component_name", "") == "vigie_post_text"]
    return json.loads(element.proto.json)["segments"]


def test_dashboard_shows_only_the_login_form_until_signed_in(store):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert len(at.dataframe) == 0 and len(at.sidebar.radio) == 0
    _login(at, password="not the password")
    assert "wrong username or password" in at.error[0].value and len(at.dataframe) == 0


def test_dashboard_queue_lists_flagged_posts_by_score(store):
    at = _login(AppTest.from_file(APP, default_timeout=30).run())
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["post"]) == [1, 2, 3] and list(table["category"])[0] == "fake_job"
    at.text_input(key="q_search").input("+237 690 11 22 33").run()
    assert list(at.dataframe[0].value["post"]) == [1]
    at.text_input(key="q_search").input("").run()
    store.ingest([Post("s7", "Visa pour le Qatar, frais de dossier 40 000 FCFA", 7, date="2026-11-04T09:00:00")],
                 [{"scam_score": 0.7, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
                   "model": "default@test", "impersonates": None}], platform="telegram")
    at.run()
    at.selectbox(key="q_platform").select("telegram").run()
    assert list(at.dataframe[0].value["post"]) == [4]
    at.selectbox(key="q_platform").select("").run()
    at.date_input(key="q_days").set_value((date(2026, 11, 1), date(2026, 11, 3))).run()
    assert not at.exception and "No flagged post matches" in at.info[0].value
    at.date_input(key="q_days").set_value((date(2026, 11, 4), date(2026, 11, 4))).run()
    assert list(at.dataframe[0].value["post"]) == [4]


def test_dashboard_review_saves_to_the_store_and_moves_on(store):
    at = _login(AppTest.from_file(APP, default_timeout=30).run())
    at.button(key="q_review").click().run()
    assert not at.exception
    shown = _shown_post(at)
    assert "".join(p["text"] for p in shown) == store.post(1)["text"]
    assert {"text": "frais de dossier", "kind": "signal", "label": "upfront_fee"} in shown
    assert {"text": "+237 690 11 22 33", "kind": "phone", "label": "phone", "ltr": True} in shown
    at.selectbox(key="label_1").select("fake_job")
    at.text_input(key="note_1").input("numéro déjà signalé")
    _decision(at, "save_review").click().run()
    saved = store.post(1)["reviews"]
    assert [(r.analyst, r.label, r.status, r.note) for r in saved] == [("awa", "fake_job", "submitted",
                                                                        "numéro déjà signalé")]
    assert not at.exception and f"Post {2}" in at.header[0].value  # the next unreviewed post


def test_dashboard_renders_post_text_as_text_never_markup(store):
    at = _login(AppTest.from_file(APP, default_timeout=30).run())
    at.session_state[state.CURRENT_POST] = 3
    at.session_state[state.GOTO] = "Review"
    at.run()
    assert not at.exception
    assert "".join(p["text"] for p in _shown_post(at)) == XSS
    assert not any("<script>" in m.value or "onerror" in m.value for m in at.markdown)


def test_dashboard_admin_pages_are_for_admins_only(store):
    at = _login(AppTest.from_file(APP, default_timeout=30).run())
    assert at.sidebar.radio(key=state.PAGE).options == ["Queue", "Review", "My reviews", "Campaigns", "Overview"]
    at.session_state[state.GOTO] = "Accounts"  # a session asks for an admin page
    at.run()
    assert not at.exception and all(h.value != "Accounts" for h in at.header)
    assert not any(t.label.startswith("Password (10") for t in at.text_input)
    store.add_user("chef", "mot de passe admin", "admin", actor="test")
    admin = _login(AppTest.from_file(APP, default_timeout=30).run(), "chef", "mot de passe admin")
    assert admin.sidebar.radio(key=state.PAGE).options[-2:] == ["Model", "Accounts"]
    admin.sidebar.radio(key=state.PAGE).set_value("Accounts").run()
    admin.text_input(key="new_username").input("bello")
    admin.text_input(key="new_password").input("un autre mot de passe")
    admin.button(key="add_user_submit").click().run()
    assert not admin.exception and "bello" in [u["username"] for u in store.users()]


def test_dashboard_admin_page_refuses_an_analyst_session_that_reaches_it(store):
    # Even called directly, past the router, an admin page renders nothing for an analyst.
    script = ("import streamlit as st\nfrom dashboard import admin, state\n"
              "st.session_state[state.USER] = 'awa'\nst.session_state[state.ROLE] = 'analyst'\n"
              "admin.users_page()\nadmin.model_page()\n")
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == ["This page is for administrators."] * 2 and len(at.dataframe) == 0
    assert [e["action"] for e in store.audit_log(limit=2)] == ["denied", "denied"]


def _goto(at: AppTest, page: str) -> AppTest:
    at.sidebar.radio(key=state.PAGE).set_value(page)
    return at.run()


def test_dashboard_campaign_is_grouped_shown_on_a_timeline_and_labelled_in_one_action(store):
    more = [Post("s9", "Dernières places pour Dubaï ! Contact WhatsApp +237 690 11 22 33", 9,
                 date="2026-11-02T08:00:00"),
            Post("s10", "Hôtel au Qatar recrute, envoyez CV au +237 690 11 22 33 aujourd'hui", 10,
                 date="2026-11-05T19:30:00")]
    store.ingest(more, [{"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
                         "model": "default@test", "impersonates": None}] * 2)
    at = _goto(_login(AppTest.from_file(APP, default_timeout=60).run()), "Campaigns")
    assert not at.exception and "never grouped" in at.info[0].value
    at.button(key="c_regroup").click().run()  # nothing grouped yet: the analyst groups the posts
    assert not at.exception and store.campaign_run()["campaigns"] == 1
    assert list(at.dataframe[0].value["posts"]) == [3] and "phone:+237690112233" in at.dataframe[0].value["shared"][0]
    assert len(at.get("vega_lite_chart")) == 1  # the timeline
    assert any("3 posts, 2026-11-02 → 2026-11-05" in h.value for h in at.subheader)
    next(s for s in at.selectbox if s.label.startswith("Label every post")).select("fake_job")
    next(c for c in at.checkbox if c.label.startswith("Yes, label all")).check()
    at.button[[b.label for b in at.button].index("Label the campaign")].click().run()
    assert not at.exception
    assert sorted(r["post_id"] for r in store.final_labels()) == [1, 4, 5]
    assert any(e["action"] == "label_campaign" for e in store.audit_log())


def test_dashboard_overview_charts_and_counts(store):
    store.review(1, "awa", "fake_job")
    store.review(1, "bello", "legit_job")
    at = _goto(_login(AppTest.from_file(APP, default_timeout=60).run()), "Overview")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Flagged posts"] == "3" and metrics["Disagreements"] == "1"
    assert len(at.get("vega_lite_chart")) == 1  # by language; by day needs dates, which these posts lack
    assert any("3 flagged posts have no date" in c.value for c in at.caption)


def test_dashboard_one_key_decisions_and_similar_posts(store):
    store.ingest([Post("s9", "Autre annonce, même contact: WhatsApp +237 690 11 22 33", 9)],
                 [{"scam_score": 0.6, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
                   "model": "default@test", "impersonates": None}])
    at = _login(AppTest.from_file(APP, default_timeout=30).run())
    at.button(key="q_review").click().run()
    assert any("Posts sharing" in h.value for h in at.subheader)
    assert list(at.dataframe[-1].value["post"]) == [4]
    _decision(at, "k_scam").click().run()  # the [s] key
    assert [(r.label, r.status) for r in store.post(1)["reviews"]] == [("fake_job", "submitted")]
    _decision(at, "k_awareness").click().run()  # the [7] key, a benign category, on the next post (2)
    assert [(r.label, r.status) for r in store.post(2)["reviews"]] == [("awareness", "submitted")]
    _decision(at, "k_celebrity_impersonation").click().run()  # the [3] key: a scam category of its own
    assert [(r.label, r.status) for r in store.post(3)["reviews"]] == [("celebrity_impersonation", "submitted")]


def test_dashboard_password_reset_or_role_change_applies_at_the_next_click(store):
    at = _login(AppTest.from_file(APP, default_timeout=30).run())
    assert at.sidebar.radio(key=state.PAGE).options[-1] == "Overview"
    store.add_user("awa", "mot de passe solide", "admin", actor="chef")  # promoted: signed out everywhere
    at.run()
    assert [t.label for t in at.text_input] == ["Username", "Password"] and len(at.sidebar.radio) == 0
    at = _login(at)
    assert at.sidebar.radio(key=state.PAGE).options[-2:] == ["Model", "Accounts"]



def test_dashboard_tables_download_formulas_as_text(store):
    # Streamlit's "Download as CSV" writes what a table holds: these cells were live spreadsheet formulas.
    lures = ['=HYPERLINK("http://evil.example","Ouvrir") Dubaï recrute, WhatsApp +237 677 99 88 77',
             "+237 677 99 88 77 : hôtel au Qatar recrute, frais de dossier",
             "@agent_dubai : visa offert, WhatsApp +237 677 99 88 77",
             "-2+3 places pour Doha, WhatsApp +237 677 99 88 77", "\t=1+1 Doha, WhatsApp +237 677 99 88 77"]
    store.ingest([Post(f"f{i}", t, i) for i, t in enumerate(lures)],
                 [{"scam_score": 0.99, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
                   "model": "default@test", "impersonates": None}] * len(lures))
    store.regroup_campaigns(actor="test")
    at = _login(AppTest.from_file(APP, default_timeout=60).run())
    texts = list(at.dataframe[0].value["text"])[:len(lures)]
    assert texts == ["'" + t for t in lures]
    csv = at.dataframe[0].value.to_csv(index=False)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for line in csv.splitlines() for cell in line.split(","))
    assert list(at.dataframe[0].value["score"])[0] == 0.99  # numbers stay numbers
    at.text_input(key="q_search").input("frais\x00").run()
    assert not at.exception and "NUL" in at.error[0].value
    at = _goto(at, "Campaigns")
    assert not at.exception
    members = at.dataframe[1].value
    assert sorted(members["text"])[:len(lures)] == sorted("'" + t[:160] for t in lures)


def test_dashboard_safe_cell_only_touches_text_a_spreadsheet_would_run():
    from dashboard.tables import safe_cell, safe_rows

    assert [safe_cell(v) for v in ("=1+1", "+33", "-x", "@h", "\tx", "\rx", "＝1", "Visa", "", -3, None)] == [
        "'=1+1", "'+33", "'-x", "'@h", "'\tx", "'\rx", "'＝1", "Visa", "", -3, None]
    assert safe_rows([{"=c": "=v", "n": 1}]) == [{"'=c": "'=v", "n": 1}]
