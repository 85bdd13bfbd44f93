"""The second-opinion pages through Streamlit's AppTest: Adjudication (admins: the overlap setting,
disagreements settled with one key, audited), My reviews (an analyst's own reviews, their downloads,
progress per analyst) and the Overview's agreement figures and readable charts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.ipc
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from dashboard.my_reviews import reviews_csv, reviews_jsonl
from detector.readers import Post
from review import PostStore

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def store(tmp_path, monkeypatch) -> PostStore:
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    monkeypatch.setenv("VIGIE_DATABASE_URL", url)
    state.store.clear()
    store = PostStore(url)
    # Seven languages over ~5 months: the timeline goes weekly, the language chart has seven bands.
    langs = ["fr", "en", "pcm", "es", "pt", "ar", "fr"]
    posts = [Post(f"s{i}", f"Offre {i}: visa offert, frais de dossier {i} 000 FCFA", i,
                  date=f"2026-{6 + i % 5:02d}-{1 + 3 * i:02d}T10:00:00") for i in range(7)]
    store.ingest(posts, [{"scam_score": 0.9 - i / 100, "flagged": True, "category": "fake_job", "lang": langs[i],
                          "model": "m@1", "signals": [], "impersonates": None} for i in range(7)])
    for user, role in (("awa", "analyst"), ("ben", "analyst"), ("chef", "admin")):
        store.add_user(user, "mot de passe solide", role, actor="test")
    # Posts 1 and 2 in disagreement, 3 agreed, 4 a draft of awa.
    for post_id, a, b in ((1, "fake_job", "legit_job"), (2, "fake_job", "other_scam"), (3, "fake_job", "fake_job")):
        store.review(post_id, "awa", a, note="=HYPERLINK(\"http://evil.example\")" if post_id == 1 else "")
        store.review(post_id, "ben", b)
    store.review(4, "awa", "other_scam", status="draft")
    yield store
    state.store.clear()
    store.close()


def _signed_in(user: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.text_input(key="login_username").input(user)
    at.text_input(key="login_password").input("mot de passe solide")
    at = at.button[0].click().run()
    return at.sidebar.radio(key="page").set_value(page).run()


def _button(at: AppTest, prefix: str):  # type: ignore[no-untyped-def]
    [button] = [b for b in at.button if (b.key or "").startswith(prefix)]
    return button


def test_second_opinion_pages_adjudication_is_offered_to_admins_only(store):
    at = _signed_in("awa", "Queue")
    assert "Adjudication" not in at.sidebar.radio(key="page").options
    admin = _signed_in("chef", "Adjudication")
    assert not admin.exception
    assert admin.subheader[0].value == "Disagreements: 2"


def test_second_opinion_pages_one_key_settles_a_disagreement_and_is_audited(store):
    at = _signed_in("chef", "Adjudication")
    assert at.selectbox(key="adj_open").value == 1
    key = _button(at, "adj_key_1@1")
    assert key.label == "1: fake_job (awa)"
    key.click().run()
    assert not at.exception
    assert store.agreement(1) == "adjudicated" and store.conflicts() == [2]
    assert any("Post 1 adjudicated: fake_job" in s.value for s in at.success)
    assert at.selectbox(key="adj_open").value == 2  # the next disagreement, with keys bound to it
    assert _button(at, "adj_key_2@2").label == "2: other_scam (ben)"
    [entry] = [e for e in store.audit_log(post_id=1) if e["action"] == "adjudicate"]
    assert entry["actor"] == "chef" and entry["detail"]["after"]["label"] == "fake_job"
    # Any other label through the form.
    at.selectbox(key="adj_label_2").select("celebrity_impersonation")
    at.text_input(key="adj_note_2").input("compte usurpé")
    _button(at, "adj_submit@2").click().run()
    assert store.conflicts() == [] and store.agreement(2) == "adjudicated"
    assert "No disagreement to adjudicate." in at.info[0].value


def test_second_opinion_pages_admin_sets_the_overlap(store):
    at = _signed_in("chef", "Adjudication")
    at.slider(key="adj_share").set_value(100)
    at.button(key="adj_share_save").click().run()
    assert not at.exception and store.second_opinion_share() == 1.0
    assert any(e["action"] == "set_setting" for e in store.audit_log())


def test_second_opinion_pages_my_reviews_lists_only_mine_and_filters(store):
    at = _signed_in("awa", "My reviews")
    assert not at.exception
    table = at.dataframe[0].value
    assert sorted(table["post"]) == [1, 2, 3, 4]
    assert set(table["now"]) == {"conflict", "agreed", "unreviewed"}
    assert len([b for b in at.get("download_button")]) == 2
    assert "mine_analyst" not in [s.key for s in at.selectbox]  # an analyst cannot look at another's reviews
    at.selectbox(key="mine_status").select("draft").run()
    assert list(at.dataframe[0].value["post"]) == [4]
    progress = at.dataframe[1].value
    assert list(progress["analyst"]) == ["awa", "ben"] and list(progress["second opinions"]) == [0, 3]
    assert at.metric[1].value == "3"  # awa's submitted reviews


def test_second_opinion_pages_admin_picks_an_analyst(store):
    at = _signed_in("chef", "My reviews")
    at.selectbox(key="mine_analyst").select("ben").run()
    assert sorted(at.dataframe[0].value["post"]) == [1, 2, 3]


def test_second_opinion_pages_downloads_are_safe_csv_and_jsonl(store):
    rows = store.reviews_by("awa")
    read = list(csv.DictReader(io.StringIO(reviews_csv(rows).decode("utf-8-sig"))))
    assert len(read) == 4
    [first] = [r for r in read if r["post_id"] == "1"]
    assert first["note"] == "'=HYPERLINK(\"http://evil.example\")"  # text, not a formula
    lines = [json.loads(line) for line in reviews_jsonl(rows).decode().splitlines()]
    assert [r["post_id"] for r in lines] == [r["post_id"] for r in rows]
    assert lines[-1]["note"] == "=HYPERLINK(\"http://evil.example\")"


def test_second_opinion_pages_overview_shows_agreement_and_readable_charts(store):
    at = _signed_in("awa", "Overview")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Observed agreement"] == "33%"  # of three posts reviewed twice, one agrees
    assert metrics["Krippendorff's α (labels)"] not in ("", "-")
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    timeline, langs = charts
    assert "per week" in [h.value for h in at.subheader][0]
    assert timeline["encoding"]["x"]["axis"]["labelOverlap"] is False
    weeks = timeline["encoding"]["x"]["scale"]["domain"]  # every week, quiet ones too, each labelled
    assert weeks[0] == "2026-06-01" and weeks[-1] == "2026-10-12" and len(weeks) == 20
    assert timeline["encoding"]["color"]["scale"]["range"][:2] == ["#E69F00", "#56B4E9"]
    assert langs["encoding"]["y"]["axis"]["labelOverlap"] is False and langs["height"] == {"step": 28}
    # Every language drawn, one band each (the data travels beside the spec, as an Arrow table).
    table = pyarrow.ipc.open_stream(at.get("vega_lite_chart")[1].proto.data.data).read_all()
    assert sorted(table.column("lang").to_pylist()) == ["ar", "en", "es", "fr", "pcm", "pt"]


def test_second_opinion_pages_review_gives_a_post_nobody_else_has_open(store):
    from review.assignment import holder

    store.add_user("carl", "mot de passe solide", "analyst", actor="test")
    store.set_second_opinion_share(1.0, admin="chef")
    assert store.claim(4, "ben").analyst == "ben"  # ben has post 4 open (the first waiting by score)
    at = _signed_in("carl", "Review")
    assert not at.exception
    assert at.header[0].value == "Post 5"
    claim = holder(store, 5)
    assert claim is not None and claim.analyst == "carl"


def _tables(at: AppTest) -> str:
    return " ".join(frame.value.to_string() for frame in at.dataframe)


def test_second_opinion_pages_a_second_opinion_is_blind(store):
    store.set_second_opinion_share(1.0, admin="chef")
    store.review(5, "ben", "celebrity_impersonation", note="compte officiel copié")
    at = _signed_in("awa", "Review")
    assert at.header[0].value == "Post 4"  # awa's draft: a first opinion
    assert "other_scam" in _tables(at)  # her own draft is shown
    _button(at, "k_skip@").click().run()
    assert at.header[0].value == "Post 5"  # waiting for awa's second opinion
    assert "celebrity_impersonation" not in _tables(at) and "compte officiel" not in _tables(at)
    assert "ben" not in _tables(at) and not any("agreement" in c.value for c in at.caption)
    assert any("1 other analyst's review hidden until you submit yours" in t.value for t in at.text)
    _button(at, "k_fake_job@").click().run()  # decided: the reviews are no longer hidden from awa
    _button(at, "k_prev@").click().run()
    assert at.header[0].value == "Post 5"
    assert "celebrity_impersonation" in _tables(at) and "compte officiel" in _tables(at)
    # The admin sees both on the Adjudication page.
    admin = _signed_in("chef", "Adjudication")
    admin.selectbox(key="adj_open").select(5).run()
    assert "celebrity_impersonation" in _tables(admin) and "fake_job" in _tables(admin)
