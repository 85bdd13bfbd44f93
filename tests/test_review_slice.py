"""Working through a slice of the queue: Review follows the Queue's filters and order (kept in the
session and in the address bar), skip, previous, undo, go to a post, links, keys for every label;
and the store functions behind them (`review.queue`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from detector.readers import Post
from detector.taxonomy import CATEGORIES
from review import ConflictError, PostStore
from review.assignment import claims_of, holder, learning_order
from review.queue import Slice, left_in_slice, next_in_slice, post_campaign, queue, undo_review

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
# (text, language, score): the queue by score is 1, 2, 3, 4, 5; the Arabic posts are 2 and 4.
POSTS = [("Recrutement Dubaï, frais de dossier 50 000 FCFA", "fr", 0.99),
         ("مطلوب عاملات منازل في السعودية، رسوم الملف 50 ألف", "ar", 0.95),
         ("Hotel jobs in Qatar, pay the processing fee first", "en", 0.9),
         ("فرصة عمل في دبي، التأشيرة مجانية، ادفع الرسوم", "ar", 0.85),
         ("Bourse Canada 100% financée, frais d'inscription", "fr", 0.8)]




def _filled(url: str) -> PostStore:
    store = PostStore(url)
    store.ingest([Post(f"p{i}", text, i) for i, (text, _, _) in enumerate(POSTS)],
                 [{"scam_score": score, "flagged": True, "category": "fake_job", "lang": lang, "signals": [],
                   "model": "default@test", "impersonates": None} for _, lang, score in POSTS])
    return store


@pytest.fixture
def store(tmp_path, monkeypatch) -> Iterator[PostStore]:
    """The store the dashboard serves (SQLite), with the five posts and an analyst."""
    url = f"sqlite:///{tmp_path / 'slice.db'}"
    monkeypatch.setenv("VIGIE_DATABASE_URL", url)
    state.store.clear()
    store = _filled(url)
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    yield store
    state.store.clear()
    store.close()


@pytest.fixture
def any_store(store_url: str) -> Iterator[PostStore]:
    """The five posts on SQLite and, where VIGIE_TEST_POSTGRES_URL is set, on PostgreSQL (a schema per test)."""
    store = _filled(store_url)
    yield store
    store.close()


def _app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(query or {})
    at.run()
    at.text_input(key="login_username").input("awa")
    at.text_input(key="login_password").input("mot de passe solide")
    return at.button[0].click().run()


def _shown(at: AppTest) -> int | None:
    posts = [int(h.value.split()[-1]) for h in at.header if h.value.startswith("Post ")]
    return posts[0] if posts else None


def _press(at: AppTest, name: str) -> AppTest:
    """Press the action widget `name` drawn for the view on screen (its key ends with that view)."""
    [button] = [b for b in at.button if (b.key or "").startswith(f"{name}@")]
    return button.click().run()


def _looked_ahead(at: AppTest) -> None:
    """Wait for the look-ahead of the post on screen to finish (it runs in the background)."""
    at.session_state[state.AHEAD][1].result()


def _go(at: AppTest, post_id: int) -> AppTest:
    next(t for t in at.text_input if (t.key or "").startswith("goto_post_")).input(str(post_id))
    return next(b for b in at.button if b.label == "Go").click().run()


def _left(at: AppTest) -> str:
    return next(t.value for t in at.text if " left in this slice" in t.value)


# -- the store ----------------------------------------------------------------------------------

def test_review_slice_learning_order_is_the_same_in_queue_and_review(any_store):
    """The "learning" order (alternately uncertain and random) pages through the Queue and is walked by
    Review in the same order; a post keeps its place while the others are decided."""
    ranking = learning_order([(item["id"], item["scam_score"]) for item in queue(any_store, limit=10)])
    assert sorted(ranking) == [1, 2, 3, 4, 5]
    assert [item["id"] for item in queue(any_store, order="learning", limit=10)] == ranking
    assert [item["id"] for item in queue(any_store, order="learning", limit=2, offset=2)] == ranking[2:4]
    learning = Slice(order="learning")
    assert next_in_slice(any_store, learning, "awa") == ranking[0]
    assert next_in_slice(any_store, learning, "awa", after=ranking[0]) == ranking[1]
    assert next_in_slice(any_store, learning, "awa", after=ranking[-1]) == ranking[0]  # from the top again
    any_store.review(ranking[1], "awa", "fake_job")
    assert next_in_slice(any_store, learning, "awa", after=ranking[0]) == ranking[2]
    assert any_store.next_post("bello", order="learning") == ranking[0]


def test_review_slice_next_follows_filters_order_and_wraps_around(any_store):
    arabic = Slice(lang="ar")
    assert next_in_slice(any_store, arabic, "awa") == 2 and left_in_slice(any_store, arabic, "awa") == 2
    assert next_in_slice(any_store, arabic, "awa", after=2) == 4
    assert next_in_slice(any_store, arabic, "awa", after=4) == 2  # from the top again
    assert next_in_slice(any_store, Slice(), "awa", after=3, skipped={4}) == 5
    assert next_in_slice(any_store, Slice(order="uncertainty"), "awa") == 5  # 0.8 is nearest 0.5
    any_store.review(2, "awa", "fake_job")
    assert next_in_slice(any_store, arabic, "awa") == 4 and left_in_slice(any_store, arabic, "awa") == 1
    assert next_in_slice(any_store, arabic, "awa", skipped={4}) is None
    # With no status filter, a post someone else reviewed is not offered; asked for, it is.
    any_store.review(4, "bello", "other_scam")
    assert next_in_slice(any_store, arabic, "awa") is None
    assert next_in_slice(any_store, Slice(lang="ar", status="reviewed"), "awa") == 4


def test_review_slice_undo_restores_the_review_before_as_a_new_version_audited(any_store):
    first = any_store.review(1, "awa", "fake_job")
    undone = undo_review(any_store, 1, "awa", version=first.version)
    assert (undone.status, undone.version) == ("draft", 2)  # a first decision undone: a draft, counted nowhere
    assert next_in_slice(any_store, Slice(), "awa") == 1 and any_store.final_labels() == []
    any_store.review(1, "awa", "fake_job", expected_version=2)
    changed = any_store.review(1, "awa", "legit_job", note="offre vérifiée", expected_version=3)
    back = undo_review(any_store, 1, "awa", version=changed.version)
    assert (back.label, back.status, back.note, back.version) == ("fake_job", "submitted", "", 5)
    entry = any_store.audit_log(post_id=1, limit=1)[0]
    assert (entry["action"], entry["actor"], entry["detail"]["undone"], entry["detail"]["after"]["label"]) == (
        "undo_review", "awa", 4, "fake_job")
    with pytest.raises(ConflictError, match="version 5, not 4"):  # changed since: not undone
        undo_review(any_store, 1, "awa", version=4)
    with pytest.raises(ConflictError, match="no review to undo"):
        undo_review(any_store, 2, "awa", version=1)


def test_review_slice_post_campaign(any_store):
    assert post_campaign(any_store, 1) is None
    any_store.ingest([Post("c1", "Dubaï recrute, WhatsApp +237 690 11 22 33", 10),
                  Post("c2", "Qatar recrute, appelez +237 690 11 22 33", 11)],
                 [{"scam_score": 0.7, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
                   "model": "default@test", "impersonates": None}] * 2)
    any_store.regroup_campaigns(actor="test")
    assert post_campaign(any_store, 6) is not None and post_campaign(any_store, 6) == post_campaign(any_store, 7)


# -- the pages ----------------------------------------------------------------------------------

def test_review_slice_follows_the_queue_filters_kept_in_session_and_url(store):
    at = _app()
    at.selectbox(key="q_lang").select("ar").run()
    assert list(at.dataframe[0].value["post"]) == [2, 4]
    assert at.query_params["lang"] == "ar" and at.query_params["page"] == "Queue"
    at.sidebar.radio(key=state.PAGE).set_value("Review").run()
    assert not at.exception and _shown(at) == 2
    assert _left(at).startswith("2 left in this slice") and "lang ar" in _left(at)
    assert at.query_params["post"] == "2" and at.query_params["lang"] == "ar"
    _press(at, "k_fake_job")  # [1]
    assert _shown(at) == 4 and _left(at).startswith("1 left")  # the next Arabic post, not post 3
    _press(at, "k_other_scam")  # [4]
    assert "Nothing left to review." in at.info[0].value
    assert [(r.analyst, r.label) for r in store.post(4)["reviews"]] == [("awa", "other_scam")]
    at.sidebar.radio(key=state.PAGE).set_value("Queue").run()
    assert at.selectbox(key="q_lang").value == "ar"  # the filters are still there when coming back
    assert list(at.dataframe[0].value["post"]) == [2, 4]


def test_review_slice_a_link_opens_the_same_slice_and_post_after_signing_in(store):
    at = _app({"page": "Review", "lang": "ar", "post": "4"})
    assert not at.exception and _shown(at) == 4
    _press(at, "k_scam")  # [s] confirms the suggestion
    assert _shown(at) == 2  # the slice again: the other Arabic post (from the top)
    assert [r.label for r in store.post(4)["reviews"]] == ["fake_job"]
    bad = _app({"page": "Nowhere", "lang": "klingon", "min": "2"})
    assert not bad.exception and "page" in bad.warning[0].value and "klingon" not in bad.warning[0].value
    assert list(bad.dataframe[0].value["post"]) == [1, 2, 3, 4, 5]  # nothing of it applied


def test_review_slice_skip_list_previous_undo_and_go_to(store):
    at = _app()
    at.sidebar.radio(key=state.PAGE).set_value("Review").run()
    assert _shown(at) == 1
    _press(at, "k_skip")  # [n]
    _press(at, "k_skip")
    _press(at, "k_skip")
    assert _shown(at) == 4  # 1, 2, 3 skipped: never offered twice, no bouncing between two posts
    assert "(3 skipped)" in _left(at)
    _press(at, "k_legit_job")  # [5]: a benign category has its key
    assert _shown(at) == 5 and [r.label for r in store.post(4)["reviews"]] == ["legit_job"]
    _press(at, "k_prev")  # [p]: the post shown before
    assert _shown(at) == 4
    _press(at, "k_undo")  # [u]: my last decision taken back
    assert _shown(at) == 4 and [(r.status, r.version) for r in store.post(4)["reviews"]] == [("draft", 2)]
    assert store.audit_log(post_id=4, limit=1)[0]["action"] == "undo_review"
    _press(at, "k_awareness")  # decided again, as awareness [7]
    assert [(r.label, r.status, r.version) for r in store.post(4)["reviews"]] == [("awareness", "submitted", 3)]
    assert _shown(at) == 5
    _press(at, "k_unskip")
    goto = next(t for t in at.text_input if (t.key or "").startswith("goto_post_"))
    goto.input("2")
    next(b for b in at.button if b.label == "Go").click().run()
    assert _shown(at) == 2
    assert any("post=2" in c.value for c in at.code)  # a link to this post
    goto = next(t for t in at.text_input if (t.key or "").startswith("goto_post_"))
    goto.input("999")
    next(b for b in at.button if b.label == "Go").click().run()
    assert _shown(at) == 2 and any("no post 999" in t.value for t in at.text)


def test_review_slice_a_key_for_every_label(store):
    at = _app()
    at.sidebar.radio(key=state.PAGE).set_value("Review").run()
    keys = {(b.key or "").split("@")[0]: b.label for b in at.button if (b.key or "").startswith("k_")}
    assert [keys[f"k_{c}"] for c in CATEGORIES] == [f"{n} · {c}" for n, c in enumerate(CATEGORIES, 1)]
    assert keys["k_scam"] == "s · confirm fake_job" and "k_benign" not in keys
    for expected, category in enumerate(CATEGORIES[4:7], 1):  # the benign ones, each its own label
        _press(at, f"k_{category}")
        assert [r.label for r in store.post(expected)["reviews"]] == [category]


def test_review_slice_link_to_its_campaign(store):
    store.ingest([Post("c1", "Dubaï recrute, WhatsApp +237 690 11 22 33", 10),
                  Post("c2", "Qatar recrute, appelez +237 690 11 22 33", 11)],
                 [{"scam_score": 0.999, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
                   "model": "default@test", "impersonates": None}] * 2)
    store.regroup_campaigns(actor="test")
    campaign = post_campaign(store, 6)
    at = _app()
    at.sidebar.radio(key=state.PAGE).set_value("Review").run()
    assert _shown(at) == 6 and any(f"campaign={campaign}" in c.value for c in at.code)
    next(b for b in at.button if b.label == "Open its campaign").click().run()
    assert not at.exception and at.sidebar.radio(key=state.PAGE).value == "Campaigns"
    assert at.selectbox(key="c_open").value == campaign and at.query_params["campaign"] == campaign


def test_review_slice_the_analyst_holds_the_post_on_screen_and_no_other(store):
    at = _app()
    at.sidebar.radio(key=state.PAGE).set_value("Review").run()
    assert _shown(at) == 1
    _looked_ahead(at)  # post 2 found ahead, not claimed
    assert claims_of(store, "awa") == [1]
    _press(at, "k_skip")  # [n]: the skipped post is released, the one shown claimed
    assert _shown(at) == 2 and claims_of(store, "awa") == [2]
    _looked_ahead(at)
    _press(at, "k_fake_job")  # the review released post 2; the post found ahead is claimed once shown
    assert _shown(at) == 3 and claims_of(store, "awa") == [3]
    _looked_ahead(at)
    assert claims_of(store, "awa") == [3]
    _go(at, 5)  # go to post: claimed too, the post left released
    assert _shown(at) == 5 and claims_of(store, "awa") == [5]
    store.claim(4, "ben")
    _go(at, 4)  # ben has it open: shown, with who holds it, and not taken from him
    assert _shown(at) == 4 and any("ben has this post open" in t.value for t in at.text)
    assert claims_of(store, "awa") == [] and holder(store, 4).analyst == "ben"
    _press(at, "k_prev")  # [p]
    assert _shown(at) == 5 and claims_of(store, "awa") == [5]
    _press(at, "k_other_scam")
    _looked_ahead(at)
    assert claims_of(store, "awa") == [_shown(at)] == [3]  # 1 is skipped, 2 and 5 decided, 4 is ben's


def test_review_slice_a_post_opened_by_a_link_or_from_the_queue_is_claimed(store):
    at = _app({"page": "Review", "post": "4"})
    assert _shown(at) == 4 and claims_of(store, "awa") == [4]
    queue = _app()
    queue.selectbox(key="q_open").select(3)
    queue.button(key="q_review").click().run()
    assert _shown(queue) == 3 and sorted(claims_of(store, "awa")) == [3, 4]  # one per session: two tabs, two posts
    _looked_ahead(queue)
    _press(queue, "k_skip")
    assert _shown(queue) == 4 and claims_of(store, "awa") == [4]  # the next after 3; 3 released


def test_review_slice_waiting_for_me_keeps_the_posts_waiting_for_the_analyst(any_store):
    from review import assignment

    # At the default share (20 %) post 3 is the one of the five that needs a second opinion.
    assert [assignment.in_overlap(i, 0.2) for i in range(1, 6)] == [False, False, True, False, False]
    any_store.review(1, "awa", "fake_job")
    any_store.review(3, "bello", "fake_job")  # waits for a second opinion: awa's, ben's
    any_store.review(4, "bello", "fake_job")  # done: waits for nobody
    assert any_store.claim(5, "ben").analyst == "ben"  # ben has it open: waits for nobody else
    assert [r["id"] for r in queue(any_store, waiting_for="awa")] == [2, 3]
    assert [r["id"] for r in queue(any_store, waiting_for="ben")] == [2, 3, 5]
    assert [r["id"] for r in queue(any_store, waiting_for="bello")] == [2]
    assert [r["id"] for r in queue(any_store, waiting_for="awa", status="reviewed")] == [3]
    mine = Slice(waiting=True)
    assert next_in_slice(any_store, mine, "awa") == 2 and left_in_slice(any_store, mine, "awa") == 2
    assert next_in_slice(any_store, mine, "awa", after=2) == 3
    assert next_in_slice(any_store, Slice(waiting=True, status="reviewed"), "awa") == 3
    assert assignment.next_in_slice(any_store, Slice(waiting=True, lang="ar"), "awa") == 2


def test_review_slice_the_queue_filters_the_posts_waiting_for_me_kept_in_session_and_url(store):
    store.review(1, "bello", "fake_job")
    store.claim(2, "ben")
    at = _app()
    at.checkbox(key="q_waiting").check().run()
    assert list(at.dataframe[0].value["post"]) == [3, 4, 5]  # 1 is done, 2 is ben's
    assert at.query_params["waiting"] == "me"
    at.sidebar.radio(key=state.PAGE).set_value("Review").run()
    assert _shown(at) == 3 and "waiting for me" in _left(at) and at.query_params["waiting"] == "me"
    at.sidebar.radio(key=state.PAGE).set_value("Queue").run()
    assert at.checkbox(key="q_waiting").value is True and list(at.dataframe[0].value["post"]) == [3, 4, 5]
    link = _app({"page": "Queue", "waiting": "me", "lang": "ar"})
    assert link.checkbox(key="q_waiting").value is True and list(link.dataframe[0].value["post"]) == [4]
    bad = _app({"page": "Queue", "waiting": "ben"})
    assert "waiting" in bad.warning[0].value and bad.checkbox(key="q_waiting").value is False
