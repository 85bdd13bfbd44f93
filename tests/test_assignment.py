"""Second opinions and claims in the review store (`review.assignment`), the analysts' own reviews
(`reviews_by`) and the agreement figures, on SQLite and, for real, on PostgreSQL (URL in
VIGIE_TEST_POSTGRES_URL; elsewhere those cases skip with the reason)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import update

from detector.readers import Post
from review import PostStore, StoreError
from review.assignment import in_overlap, reviews_needed
from review.tables import ClaimRow, utcnow


@pytest.fixture
def store(store_url: str) -> Iterator[PostStore]:
    store = PostStore(store_url)
    yield store
    store.close()


def _fill(store: PostStore, n: int) -> None:
    """`n` flagged posts, scores falling with their id (post 1 first in the queue), and one benign post."""
    posts = [Post(f"p{i}", f"Recrutement {i} au Qatar, visa offert, frais de dossier {i} 000 FCFA", i)
             for i in range(1, n + 2)]
    records = [{"scam_score": 0.99 - i / 100 if i <= n else 0.1, "flagged": i <= n, "category": "fake_job",
                "lang": "fr", "model": "m@1", "signals": [], "impersonates": None} for i in range(1, n + 2)]
    store.ingest(posts, records)


def test_assignment_overlap_share_is_spread_and_fixed_by_the_post_id():
    assert sum(in_overlap(i, 0.2) for i in range(1, 1001)) == 200
    assert sum(in_overlap(i, 0.2) for i in range(1, 101)) == 20  # spread: consecutive ids, the same share
    assert all(in_overlap(i, 1.0) for i in range(1, 500)) and not any(in_overlap(i, 0.0) for i in range(1, 500))
    assert {reviews_needed(i, 0.2) for i in range(1, 100)} == {1, 2}


def test_assignment_every_flagged_post_goes_to_two_analysts_at_share_one(store):
    _fill(store, 3)
    store.set_second_opinion_share(1.0, admin="chef")
    assert store.next_post("awa") == 1
    store.review(1, "awa", "fake_job")
    # awa's review released her claim; post 1 now waits for a second analyst, not for awa again.
    assert store.next_post("awa") == 2
    assert store.next_post("ben") == 1
    store.review(1, "ben", "other_scam")
    assert store.next_post("carl") == 3  # 1 has its two reviews, 2 is awa's (claimed)
    assert store.conflicts() == [1]
    log = store.audit_log(limit=50)
    assert any(e["action"] == "set_setting" and e["detail"]["after"] == "1.0" for e in log)


def test_assignment_without_overlap_a_reviewed_post_waits_for_nobody(store):
    _fill(store, 2)
    store.set_second_opinion_share(0.0, admin="chef")
    store.review(1, "awa", "fake_job")
    assert store.next_post("ben") == 2
    store.review(2, "ben", "fake_job")
    assert store.next_post("carl") is None and store.waiting_count("carl") == 0


def test_assignment_a_claimed_post_is_given_to_nobody_else_until_it_expires(store):
    _fill(store, 2)
    store.set_second_opinion_share(1.0, admin="chef")
    assert store.next_post("awa") == 1
    assert store.claim(1, "ben").analyst == "awa"  # ben opening post 1 learns who has it
    assert store.next_post("ben") == 2
    assert store.next_post("awa") == 1  # a reload gives awa the post she holds
    with store.session() as session:  # awa closed her tab: the lease runs out
        session.execute(update(ClaimRow).where(ClaimRow.post_id == 1).values(expires_at=utcnow() - timedelta(1)))
    assert store.next_post("carl") == 1
    store.release(1, "carl")
    assert store.claim(1, "ben").analyst == "ben"


def test_assignment_two_analysts_at_the_same_moment_get_two_posts(store):
    _fill(store, 4)
    store.set_second_opinion_share(0.0, admin="chef")
    got: dict[str, int | None] = {}
    start = threading.Barrier(4)

    def take(analyst: str) -> None:
        start.wait()
        got[analyst] = store.next_post(analyst)

    threads = [threading.Thread(target=take, args=(a,)) for a in ("awa", "ben", "carl", "dora")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got.values()) == [1, 2, 3, 4]  # never one post twice


def test_assignment_share_outside_zero_to_one_is_refused(store):
    with pytest.raises(StoreError, match="expected 0 .none. to 1"):
        store.set_second_opinion_share(1.5, admin="chef")
    assert store.second_opinion_share() == 0.2


def test_assignment_progress_counts_reviews_and_second_opinions(store):
    _fill(store, 3)
    store.set_second_opinion_share(1.0, admin="chef")
    store.review(1, "awa", "fake_job")
    store.review(1, "ben", "fake_job")
    store.review(2, "awa", "legit_job", status="draft")
    progress = store.progress()
    assert (progress["flagged"], progress["settled_or_done"], progress["second_opinions_needed"],
            progress["second_opinions_done"]) == (3, 1, 3, 1)
    rows = {r["analyst"]: r for r in progress["analysts"]}
    assert (rows["awa"]["submitted"], rows["awa"]["drafts"], rows["awa"]["second opinions"]) == (1, 1, 0)
    assert (rows["ben"]["submitted"], rows["ben"]["second opinions"]) == (1, 1)


def test_assignment_reviews_by_lists_one_analysts_own_reviews(store):
    _fill(store, 3)
    store.review(1, "awa", "fake_job", note="=HYPERLINK(\"x\")")
    store.review(2, "awa", "legit_job", status="draft")
    store.review(1, "ben", "other_scam")
    mine = store.reviews_by("awa")
    assert [(r["post_id"], r["label"], r["status"], r["state"]) for r in mine] == [
        (2, "legit_job", "draft", "unreviewed"), (1, "fake_job", "submitted", "conflict")]
    assert mine[1]["source_id"] == "p1" and mine[1]["text"].startswith("Recrutement 1")
    assert [r["post_id"] for r in store.reviews_by("awa", status="submitted")] == [1]
    assert store.reviews_by("awa", label="other_scam") == []
    with pytest.raises(StoreError):
        store.reviews_by("awa", label="nonsense")


def test_assignment_overview_reports_alpha_and_kappa(store):
    _fill(store, 4)
    for post_id, a, b in ((1, "fake_job", "fake_job"), (2, "legit_job", "legit_job"), (3, "fake_job", "other_scam"),
                          (4, "fake_job", "fake_job")):
        store.review(post_id, "awa", a)
        store.review(post_id, "ben", b)
    agreement = store.overview()["inter_rater"]
    assert agreement["posts"] == 4 and agreement["observed"] == 0.75
    assert agreement["alpha_scam"] == 1.0 and 0 < agreement["alpha"] < 1
    [pair] = agreement["pairs"]
    assert pair["analysts"] == "awa / ben" and pair["posts"] == 4 and 0 < pair["kappa"] < 1


def test_assignment_review_walks_a_slice_with_second_opinions_and_claims(store):
    from review import assignment
    from review.queue import Slice

    _fill(store, 3)
    store.set_second_opinion_share(1.0, admin="chef")
    assert assignment.next_in_slice(store, Slice(), "awa") == 1  # claimed for awa
    assert assignment.next_in_slice(store, Slice(), "ben") == 2  # awa has 1 open
    store.review(1, "awa", "fake_job")
    assert assignment.next_in_slice(store, Slice(), "carl") == 1  # a second opinion on awa's post
    assert assignment.left_in_slice(store, Slice(), "awa") == 1  # post 3 (1 is done, 2 is ben's)
    assert assignment.next_in_slice(store, Slice(), "awa", after=1) == 3
    store.review(1, "carl", "fake_job")
    assert assignment.next_in_slice(store, Slice(lang="fr"), "dora", skipped={2, 3}) is None


def test_assignment_find_in_slice_claims_nothing(store):
    from review import assignment
    from review.queue import Slice

    _fill(store, 3)
    assert assignment.next_in_slice(store, Slice(), "awa") == 1
    assert assignment.find_in_slice(store, Slice(), "awa", after=1) == 2  # the look-ahead's question
    assert assignment.claims_of(store, "awa") == [1] and assignment.holder(store, 2) is None
    assert assignment.next_in_slice(store, Slice(), "ben") == 2  # so ben may be given it
    assert assignment.find_in_slice(store, Slice(), "awa", after=1) == 3  # and awa's look-ahead moves on
    store.release(1, "awa")
    assert assignment.claims_of(store, "awa") == [] and assignment.claims_of(store, "ben") == [2]
