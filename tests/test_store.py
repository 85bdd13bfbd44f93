"""The review store on SQLite and, for real, on PostgreSQL (URL in VIGIE_TEST_POSTGRES_URL; `.ci/run`
sets it, elsewhere those cases skip with the reason)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import DBAPIError

from detector.readers import Post
from review import ConflictError, PostStore, StoreError
from review.tables import SuggestionRow


def _record(score: float = 0.9, model: str = "default@1", category: str = "fake_job") -> dict:
    return {"scam_score": score, "flagged": score >= 0.5, "category": category, "lang": "fr", "model": model,
            "signals": [{"name": "upfront_fee", "evidence": "frais de dossier"}], "impersonates": None}


def _posts(n: int, prefix: str = "p") -> list[Post]:
    return [Post(f"{prefix}{i}", f"Recrutement {i} au Qatar, visa offert, frais de dossier {i} 000 FCFA, "
                 f"WhatsApp +237 690 00 {i:02d} {i:02d}", i, {"author_handle": f"@agent{i}"}) for i in range(n)]



@pytest.fixture
def store(store_url) -> Iterator[PostStore]:
    store = PostStore(store_url)
    yield store
    store.close()


def test_store_reingesting_never_duplicates(store):
    posts = _posts(5)
    assert store.ingest(posts, [_record()] * 5).added == 5
    again = store.ingest(posts, [_record()] * 5)
    assert (again.added, again.duplicates) == (0, 5)
    # Same text under another id, with other spacing, case and a homoglyph: the same post.
    twin = Post("other-id", posts[0].text.upper().replace(" ", "  ").replace("A", "А"), 1)
    assert store.ingest([twin], [_record()]).duplicates == 1
    # A new model version adds its suggestion to the stored post.
    store.ingest(posts[:1], [_record(0.4, model="default@2")])
    assert store.count_posts() == 5
    first = store.post(1)
    assert first["suggestion"]["model"] == "default@2" and first["reviews"] == []


def test_store_suggestions_reviews_agreement_and_adjudication(store):
    store.ingest(_posts(3), [_record()] * 3)
    store.review(1, "awa", "fake_job")
    store.review(1, "bello", "fake_job", note="même numéro que la campagne Qatar")
    store.review(2, "awa", "fake_job")
    store.review(2, "bello", "legit_job")
    store.review(3, "awa", "other_benign", status="draft")
    assert [store.agreement(i) for i in (1, 2, 3)] == ["agreed", "conflict", "unreviewed"]
    assert store.conflicts() == [2]
    store.adjudicate(2, "admin", "fake_job", note="agence non agréée")
    assert store.agreement(2) == "adjudicated" and store.conflicts() == []
    labels = {r["post_id"]: (r["label"], r["reviewers"]) for r in store.final_labels()}
    assert labels == {1: ("fake_job", ["awa", "bello"]), 2: ("fake_job", ["admin"])}
    post = store.post(1)
    assert post["suggestion"]["category"] == "fake_job" and [r.analyst for r in post["reviews"]] == ["awa", "bello"]
    actions = [e["action"] for e in store.audit_log(limit=20)]
    assert actions.count("review") == 5 and "adjudicate" in actions and "ingest" in actions


def test_store_stale_edit_is_a_conflict_not_an_overwrite(store):
    store.ingest(_posts(1), [_record()])
    first = store.review(1, "awa", "fake_job", status="draft")
    store.review(1, "awa", "other_scam", expected_version=first.version)  # tab A saves
    with pytest.raises(ConflictError, match="reload"):
        store.review(1, "awa", "other_benign", expected_version=first.version)  # tab B, stale
    assert store.post(1)["reviews"][0].label == "other_scam"
    with pytest.raises(StoreError, match="not one of"):
        store.review(1, "awa", "spam")
    with pytest.raises(StoreError, match="no post 99"):
        store.review(99, "awa", "fake_job")


def test_store_decision_for_a_post_or_suggestion_not_shown_is_refused(store):
    # Four quick [s] presses labelled the post on screen and the next one, never seen: a decision
    # carries what was shown (post, suggestion, review version) and the store refuses any other.
    store.ingest(_posts(2), [_record(), _record(0.8)])
    first, second = store.post(1), store.post(2)
    assert first["shown"] != second["shown"]
    store.review(1, "awa", "fake_job", shown=first["shown"], expected_version=0)
    with pytest.raises(ConflictError, match="made on post 1 was sent for post 2"):
        store.review(2, "awa", "fake_job", shown=first["shown"], expected_version=0)
    with pytest.raises(ConflictError, match="reload"):  # the same decision again: post 1 was decided since
        store.review(1, "awa", "fake_job", shown=first["shown"], expected_version=0)
    store.ingest(_posts(2)[1:], [_record(0.3, model="default@2", category="other_benign")])  # post 2 re-scored
    with pytest.raises(ConflictError, match="scored again since it was shown"):
        store.review(2, "awa", "fake_job", shown=second["shown"], expected_version=0)
    with pytest.raises(StoreError, match="not a '<post id>.<suggestion id>' token"):
        store.review(2, "awa", "fake_job", shown="2")
    assert store.post(2)["reviews"] == [] and [r.version for r in store.post(1)["reviews"]] == [1]
    assert [e["action"] for e in store.audit_log(post_id=2)].count("review") == 0
    store.review(2, "awa", "other_benign", shown=store.post(2)["shown"], expected_version=0)
    assert [r.label for r in store.post(2)["reviews"]] == ["other_benign"]


def test_store_conflict_means_one_thing_everywhere(store):
    """A conflict: no adjudication, and two labels or more among the submitted reviews (`review.reviews.state`).
    `agreement`, `conflicts`, the queue, the overview and the exported labels agree on it."""
    store.ingest(_posts(3), [_record()] * 3)
    for post_id, second in ((1, "other_scam"), (2, "legit_job")):  # two scams, or scam and not: both conflicts
        store.review(post_id, "awa", "fake_job")
        store.review(post_id, "bello", second)
    store.review(3, "awa", "fake_job")
    store.review(3, "bello", "legit_job", status="draft")  # a draft never makes a conflict

    def views() -> tuple[object, ...]:
        return ([i for i in (1, 2, 3) if store.agreement(i) == "conflict"], store.conflicts(),
                sorted(r["id"] for r in store.queue(status="conflict")),
                sorted(r["id"] for r in store.queue() if r["conflict"]),
                store.overview()["agreement"]["disagree"], sorted(r["post_id"] for r in store.final_labels()))

    assert views() == ([1, 2], [1, 2], [1, 2], [1, 2], 2, [3])
    store.adjudicate(2, "admin", "fake_job")  # settled: a conflict nowhere any more
    assert views() == ([1], [1], [1], [1], 1, [2, 3])


def test_store_latest_suggestion_is_the_last_stored_everywhere(store):
    store.ingest(_posts(1), [_record(0.9, model="default@1", category="fake_job")])
    store.ingest(_posts(1), [_record(0.8, model="default@2", category="other_scam")])
    with store.session() as session:  # stored by a server whose clock is behind
        session.execute(update(SuggestionRow).where(SuggestionRow.model == "default@2")
                        .values(created_at=datetime(2020, 1, 1, tzinfo=UTC)))
    store.review(1, "awa", "fake_job")
    assert store.post(1)["suggestion"]["model"] == "default@2"
    assert [r["model"] for r in store.queue()] == ["default@2"]
    assert store.final_labels()[0]["suggested"] == "other_scam"


def test_store_audit_log_is_append_only_in_the_database(store):
    store.ingest(_posts(1), [_record()])
    store.review(1, "awa", "fake_job")
    with pytest.raises(DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'someone else'"))
    with pytest.raises(DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    assert {e["actor"] for e in store.audit_log()} == {"batch", "awa"}


def _run_together(store_url: str, jobs: list[Callable[[PostStore], object]]) -> None:
    """Each job in its own thread with its own store (its own connections, as another dashboard
    session or ingest would have), all released at once; any exception fails the test."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(jobs), timeout=60)

    def run(job: Callable[[PostStore], object]) -> None:
        own = PostStore(store_url)
        try:
            barrier.wait()
            job(own)
        except BaseException as err:  # noqa: BLE001 - reported by the main thread
            errors.append(err)
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@pytest.mark.slow
def test_store_concurrent_analysts_lose_nothing(store_url):
    PostStore(store_url).ingest(_posts(30), [_record()] * 30)
    analysts = ["awa", "bello", "chantal", "dieudonne"]

    def analyst(name: str) -> Callable[[PostStore], None]:
        return lambda own: [own.review(i, name, "fake_job" if i % 2 else "legit_job") for i in range(1, 31)]

    # 30 posts already there, 10 new, ingested while the reviews go on.
    _run_together(store_url, [analyst(a) for a in analysts] + [lambda own: own.ingest(_posts(40), [_record(0.7)] * 40)])
    check = PostStore(store_url)
    assert check.count_posts() == 40
    assert all(len(check.post(i)["reviews"]) == 4 for i in range(1, 31))
    assert sum(e["action"] == "review" for e in check.audit_log(limit=1000)) == 120
    check.close()


def test_store_score_and_ingest_put_scored_posts_in_the_store(model_dir, corpus, tmp_path):
    from commands.main import main
    from tests.conftest import write_jsonl

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": r["id"], "text": r["text"]} for r in corpus[:60]])
    url = f"sqlite:///{tmp_path / 'store.db'}"
    common = ["--model", str(model_dir), "--no-progress", "--workers", "1"]
    assert main(["score", str(src), "-o", str(tmp_path / "out.jsonl"), "--store", url, *common]) == 0
    assert main(["ingest", str(src), "--store", url, *common]) == 0  # the same posts again
    store = PostStore(url)
    assert store.count_posts() == 60
    post = store.post(1)
    assert post["source_id"] == corpus[0]["id"] and post["suggestion"]["model"] == "small@test"
    store.close()


def test_store_queue_orders_filters_and_searches(store):
    posts = _posts(6)
    scores = [0.95, 0.55, 0.8, 0.3, 0.62, 0.99]
    store.ingest(posts, [_record(s, category="fake_job" if i % 2 else "fake_scholarship")
                         for i, s in enumerate(scores)])
    store.analyze()  # fresh planner statistics change no answer
    by_score = [r["id"] for r in store.queue()]
    assert by_score == [6, 1, 3, 5, 2]  # flagged only, most likely first
    assert [r["id"] for r in store.queue(order="uncertainty")][:2] == [2, 5]
    assert {r["category"] for r in store.queue(category="fake_job")} == {"fake_job"}
    store.review(6, "awa", "fake_job")
    assert 6 not in [r["id"] for r in store.queue(status="unreviewed")]
    assert [r["id"] for r in store.queue(status="reviewed")] == [6]
    assert [r["id"] for r in store.queue(search="+237 690 00 02 02")] == [3]
    assert [r["id"] for r in store.queue(search="@agent4")] == [5]
    assert [r["id"] for r in store.queue(search="recrutement 1 au")] == [2]
    assert [r["id"] for r in store.queue(limit=2, offset=2)] == [3, 5]


def test_store_search_and_similar_know_one_number_however_written(store):
    posts = [Post("w1", "Hôtel à Dubaï recrute, visa offert, frais 50 000 FCFA: wa.me/237699004127", 1),
             Post("w2", "Bourse Canada 2026-2027, écrire au 00237 6 99 00 41 27", 2),
             Post("w3", "Championnat 2026-2027: le calendrier est publié", 3)]
    store.ingest(posts, [_record()] * 3)
    for spelling in ("699004127", "+237 699 004 127", "https://api.whatsapp.com/send?phone=237699004127"):
        assert [r["id"] for r in store.queue(search=spelling)] == [1, 2]
    assert [p["post"] for p in store.similar(1)] == [2] and store.similar(3) == []  # no '2026-2027' phone


def test_store_queue_filters_by_platform_and_days_posted(store):
    days = ["2026-10-31T23:59:00", "2026-11-01T00:00:00", "2026-11-02T18:30:00+01:00", "2026-11-03", None]
    posts = [Post(f"d{i}", f"Annonce {i}: visa offert, frais de dossier 50 000 FCFA", i, date=day)
             for i, day in enumerate(days)]
    store.ingest(posts[:3], [_record()] * 3, platform="facebook")
    store.ingest(posts[3:], [_record()] * 2, platform="telegram")
    assert store.platforms() == ["facebook", "telegram"]
    assert sorted(r["id"] for r in store.queue(platform="telegram")) == [4, 5]
    between = store.queue(posted_from=date(2026, 11, 1), posted_to=date(2026, 11, 2))
    assert sorted(r["id"] for r in between) == [2, 3]  # both days included, undated posts left out
    assert sorted(r["id"] for r in store.queue(posted_from=date(2026, 11, 3))) == [4]
    assert sorted(r["id"] for r in store.queue(posted_to=date(2026, 10, 31), platform="facebook")) == [1]


def test_store_accounts_hash_passwords_and_rate_limit_logins(store):
    store.add_user("awa", "correct horse battery", "analyst", actor="admin")
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert "correct horse" not in stored and stored.startswith("scrypt$")
    assert store.authenticate("awa", "correct horse battery") == "analyst"
    with pytest.raises(StoreError, match="wrong username or password"):
        store.authenticate("awa", "wrong")
    with pytest.raises(StoreError, match="wrong username or password"):
        store.authenticate("nobody", "correct horse battery")
    for _ in range(4):
        with pytest.raises(StoreError):
            store.authenticate("awa", "guess")
    with pytest.raises(StoreError, match="too many failed logins"):
        store.authenticate("awa", "correct horse battery")  # locked, even with the right password
    with pytest.raises(StoreError, match="at least 10"):
        store.add_user("bello", "short", "analyst", actor="admin")
    with pytest.raises(StoreError, match="role"):
        store.add_user("bello", "long enough password", "superuser", actor="admin")
    assert [u["username"] for u in store.users()] == ["awa"]


@pytest.mark.slow
def test_store_concurrent_ingests_of_the_same_posts_store_each_once(store_url):
    PostStore(store_url).close()  # migrate once
    posts = _posts(50, prefix="dup")
    _run_together(store_url, [lambda own: own.ingest(posts, [_record()] * 50)] * 3)
    check = PostStore(store_url)
    assert check.count_posts() == 50
    with check.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM suggestions")).scalar_one() == 50
        assert conn.execute(text("SELECT COUNT(DISTINCT post_id) FROM identifiers")).scalar_one() == 50
    check.close()


def test_store_campaigns_are_grouped_stored_and_regrouped_in_place(store):
    template = "Hôtel à Dubaï recrute 20 serveuses, visa et billet offerts, frais de dossier 75 000 FCFA. WhatsApp {}"
    posts = [Post("a1", template.format("+237 690 11 11 11"), 1, date="2026-11-01T10:00:00"),
             Post("a2", template.format("+237 677 22 22 22"), 2, date="2026-11-03T10:00:00"),
             Post("a3", "Bourse Canada 100 %, inscription 30 000 FCFA, écrire au +237 677 22 22 22", 3,
                  date="2026-11-03T18:00:00"),
             Post("a4", "Concert ce samedi au Palais des sports, venez nombreux", 4, {"author_handle": "@fan"})]
    store.ingest(posts, [_record()] * 4)
    assert store.campaign_run() is None and store.campaigns() == []
    run = store.regroup_campaigns(actor="awa")
    assert (run["campaigns"], run["flagged"], run["posts_in_store"]) == (1, 4, 4)
    [campaign] = store.campaigns()
    assert (campaign["posts"], campaign["first"], campaign["last"], campaign["template"]) == (
        3, "2026-11-01T10:00:00", "2026-11-03T18:00:00", True)
    assert campaign["shared"] == ["phone:+237677222222"]
    members = store.campaign_posts(campaign["campaign"])
    assert [m["post"] for m in members] == [1, 2, 3]
    assert members[1]["links"] == ["phone:+237677222222", f"template:{campaign['campaign']}"]
    assert store.campaign_timeline([campaign["campaign"]]) == [
        {"campaign": campaign["campaign"], "day": "2026-11-01", "posts": 1},
        {"campaign": campaign["campaign"], "day": "2026-11-03", "posts": 2}]
    # A new post by the fan's handle joins the fan post; regrouping replaces the stored campaigns.
    store.ingest([Post("a5", "Qui vient au concert samedi ?", 5, {"author_handle": "@fan"})], [_record()])
    store.regroup_campaigns()
    assert sorted(c["posts"] for c in store.campaigns()) == [2, 3]
    assert store.campaigns()[0]["campaign"] == campaign["campaign"]  # the id stays with its first post
    assert [e["action"] for e in store.audit_log(limit=3)] == ["regroup_campaigns", "ingest", "regroup_campaigns"]


def test_store_campaign_ids_go_to_the_campaign_holding_most_of_their_posts(store):
    small = "Bourse Canada 100 % financée (annonce {}), inscription 30 000 FCFA, dossier au +237 677 22 22 22"
    large = "Hôtel à Dubaï recrute (annonce {}), visa offert, frais 75 000 FCFA, WhatsApp +237 690 11 11 11"
    store.ingest([Post(f"b{i}", small.format(i), i) for i in range(2)]
                 + [Post(f"a{i}", large.format(i), 10 + i) for i in range(4)], [_record()] * 6)
    store.regroup_campaigns()
    ids = {c["posts"]: c["campaign"] for c in store.campaigns()}
    # A post with both numbers joins the two campaigns: the merged one keeps the larger one's id,
    # though its first post belongs to the smaller one.
    store.ingest([Post("bridge", "Dubaï ou Canada : appelez le +237 690 11 11 11 ou le +237 677 22 22 22", 20)],
                 [_record()])
    store.regroup_campaigns(full=True)  # added alone, the post would join one campaign; regrouped, they merge
    assert [(c["posts"], c["campaign"]) for c in store.campaigns()] == [(7, ids[4])]
    assert {m["links"][-1] for m in store.campaign_posts(ids[4]) if m["links"][-1].startswith("template:")} == {
        f"template:{ids[4]}"}


def test_store_campaigns_take_new_posts_from_the_index_without_regrouping(store):
    template = "Hôtel à Dubaï recrute {} serveuses, visa et billet offerts, frais de dossier 75 000 FCFA. WhatsApp {}"
    store.ingest([Post(f"d{i}", template.format(10 + i, "+237 690 33 33 33"), i) for i in range(4)]
                 + [Post("solo", "Travail en Pologne, usine de chocolat, contrat deux ans, écrire au 677 44 55 66", 9)],
                 [_record()] * 5)
    assert store.regroup_campaigns()["campaigns"] == 1  # nothing indexed yet: everything is grouped
    [campaign] = store.campaigns()
    store.ingest([Post("d9", template.format(40, "wa.me/237690333333"), 20),  # the template, reposted
                  Post("d10", "Nouveau : Qatar, chauffeurs, tout est payé. Contact 690-33-33-33", 21),  # the number
                  Post("p2", "Pologne : usine de chocolat, contrat deux ans. WhatsApp +237 677 44 55 66", 22),
                  Post("warn", "Attention arnaque ! J'ai reçu ce message : « " + template.format(10, "690 33 33 33")
                       + " » Ne payez rien.", 23)], [_record()] * 4)
    run = store.regroup_campaigns()  # four new posts, five indexed: added, not regrouped
    assert store.audit_log(limit=1)[0]["detail"]["mode"] == "incremental"
    sizes = {c["campaign"]: c["posts"] for c in store.campaigns()}
    assert sizes[campaign["campaign"]] == 6 and sorted(sizes.values()) == [2, 6] and run["campaigns"] == 2
    members = {m["post"]: m["links"] for m in store.campaign_posts(campaign["campaign"])}
    assert members[6] == ["phone:+237690333333", f"template:{campaign['campaign']}"]
    assert members[7] == ["phone:+237690333333"] and 9 not in members  # the warning is no member,
    assert store.campaign_mentions(campaign["campaign"]) == [9]  # it mentions the campaign
    store.regroup_campaigns(full=True)  # the whole store regrouped: the same campaigns, under the same ids
    assert {c["campaign"]: c["posts"] for c in store.campaigns()} == sizes
    assert store.campaign_mentions(campaign["campaign"]) == [9]


@pytest.mark.slow
def test_store_concurrent_regroupings_and_ingest_leave_one_consistent_grouping(store_url):
    seed = PostStore(store_url)
    seed.ingest(_posts(30), [_record()] * 30)
    seed.close()
    _run_together(store_url, [lambda s: s.regroup_campaigns(), lambda s: s.regroup_campaigns(),
                              lambda s: s.ingest(_posts(10, "q"), [_record()] * 10),
                              lambda s: s.regroup_campaigns()])
    store = PostStore(store_url)
    try:
        campaigns = store.campaigns(limit=1000)
        members = [m["post"] for c in campaigns for m in store.campaign_posts(c["campaign"])]
        assert len(members) == len(set(members)) == sum(c["posts"] for c in campaigns)
        assert len(store.audit_log(limit=100)) >= 3
    finally:
        store.close()


def test_store_campaign_labelled_in_one_transaction_keeps_earlier_reviews_versioned(store):
    posts = [Post(f"k{i}", f"Travail à Dubaï, visa offert, contact WhatsApp +237 690 55 55 55 (annonce {i})", i)
             for i in range(4)]
    store.ingest(posts, [_record()] * 4)
    store.review(2, "awa", "legit_job", note="à revoir")
    store.regroup_campaigns()
    [campaign] = store.campaigns()
    assert store.label_campaign(campaign["campaign"], "awa", "fake_job")["posts"] == [1, 2, 3, 4]
    reviews = {i: store.post(i)["reviews"] for i in range(1, 5)}
    assert {i: [(r.analyst, r.label, r.status) for r in rs] for i, rs in reviews.items()} == {
        i: [("awa", "fake_job", "submitted")] for i in range(1, 5)}
    assert reviews[2][0].version == 2 and reviews[1][0].version == 1
    log = store.audit_log(limit=5)
    assert log[0]["action"] == "label_campaign" and log[0]["detail"]["posts"] == [1, 2, 3, 4]
    assert sum(e["action"] == "review" for e in log) == 4
    with pytest.raises(StoreError, match="no campaign"):
        store.label_campaign("c-unknown", "awa", "fake_job")


def test_store_overview_counts_in_the_database(store):
    days = ["2026-11-01T08:00:00", "2026-11-01T21:00:00", "2026-11-02T10:00:00", None]
    posts = [Post(f"o{i}", f"Annonce {i}: visa offert, frais de dossier, WhatsApp +237 690 00 00 0{i // 2}", i,
                  date=day) for i, day in enumerate(days)]
    records = [dict(_record(category=c), lang=lang) for c, lang in
               (("fake_job", "fr"), ("fake_job", "en"), ("fake_scholarship", "fr"), ("fake_job", "fr"))]
    store.ingest(posts + [Post("o9", "Bonne fête à tous", 9)], records + [_record(score=0.1, category="other_benign")])
    store.review(1, "awa", "fake_job")
    store.review(1, "bello", "legit_job")  # a disagreement: not settled
    store.review(2, "awa", "fake_job")
    store.review(3, "awa", "legit_scholarship")
    store.review(4, "awa", "fake_job", status="draft")
    stats = store.overview()
    assert stats["by_day"] == [{"day": "2026-11-01", "category": "fake_job", "posts": 2},
                               {"day": "2026-11-02", "category": "fake_scholarship", "posts": 1},
                               {"day": "unknown", "category": "fake_job", "posts": 1}]
    assert stats["by_lang"] == [{"lang": "fr", "posts": 3}, {"lang": "en", "posts": 1}]
    assert (stats["flagged"], stats["reviewed"], stats["settled_flagged"]) == (4, 3, 2)
    assert stats["precision_on_reviewed"] == 0.5  # post 2 confirmed, post 3 was an honest call
    assert stats["agreement"]["disagree"] == 1
    assert stats["shared_identifiers"][0] == {"identifier": "phone:+237690000000", "posts": 2}


def test_store_sign_in_sessions_live_until_sign_out_reset_or_expiry(store):
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    token = store.open_session("awa")
    assert store.session_user(token) == ("awa", "analyst")
    assert store.session_user(token + "x") is None and store.session_user("") is None
    with store.session(write=False) as session:  # the store keeps a hash, never the token
        assert token not in str(session.execute(text("SELECT * FROM sessions")).all())
    store.close_session(token)
    assert store.session_user(token) is None
    second, third = store.open_session("awa"), store.open_session("awa")
    store.add_user("awa", "un nouveau mot de passe", "analyst", actor="admin")  # a reset signs out everywhere
    assert store.session_user(second) is None and store.session_user(third) is None
    expired = store.open_session("awa", hours=-1)
    assert store.session_user(expired) is None


def _texts(n: int, source: str) -> list[Post]:
    """`n` distinct posts numbered as their lines, as a file without an id field or a channel is."""
    return [Post(str(i), f"{source}: offre {i}, salaire {i * 37} euros, "
                         f"WhatsApp +33 6 {12 + i // 100} {i % 100:02d} {i % 97:02d} 00", i) for i in range(1, n + 1)]


def test_store_posts_are_known_by_source_and_id(store):
    # Three files of 100 posts each, ids 1..100 in each (line numbers): 300 posts, none lost.
    for source in ("crawl-a.jsonl", "crawl-b.jsonl", "channel-c"):
        result = store.ingest(_texts(100, source), [_record()] * 100, source=source)
        assert (result.added, result.duplicates) == (100, 0)
    assert store.count_posts() == 300
    assert (store.post(1)["source"], store.post(1)["source_id"]) == ("crawl-a.jsonl", "1")
    assert {(r["source"], r["source_id"]) for r in store.queue(search="offre 7,")} == {
        ("crawl-a.jsonl", "7"), ("crawl-b.jsonl", "7"), ("channel-c", "7")}
    # The same file again: each post already stored under the same source and id.
    again = store.ingest(_texts(100, "crawl-a.jsonl"), [_record()] * 100, source="crawl-a.jsonl")
    assert (again.added, again.duplicates, again.same_id, again.reposts) == (0, 100, 100, 0)
    # The same texts under another source and other ids: reposts, not new posts.
    reposts = [Post(f"r{p.id}", p.text, p.line) for p in _texts(100, "channel-c")]
    result = store.ingest(reposts, [_record()] * 100, source="mirror")
    assert (result.added, result.same_id, result.reposts) == (0, 0, 100)
    assert result.describe() == "added 0, already stored 100 (same source and id 0, repost 100)"
    # Within one batch too: an id seen twice, a text seen twice.
    batch = [Post("x", "Texte un, offre à Doha", 1), Post("x", "Texte deux, offre à Riyad", 2),
             Post("y", "Texte un, offre à Doha", 3)]
    result = store.ingest(batch, [_record()] * 3, source="batch")
    assert (result.added, result.same_id, result.reposts) == (1, 1, 1)
    assert store.count_posts() == 301
    assert store.audit_log(limit=1)[0]["detail"] == {"source": "batch", "added": 1, "duplicates": 2, "same_id": 1,
                                                   "reposts": 1}


def test_store_odd_fields_never_fail_a_batch(store):
    # PostgreSQL refused the whole batch for one of these (SQLite stored them): 0 of 15 stored.
    long_id = "i" * 250
    odd = [Post(long_id, "Annonce 0 à Doha", 0), Post(long_id + "-2", "Annonce 1 à Doha", 1),
           Post("nul\x00id", "Annonce 2 à Doha", 2),
           Post("a3", "Annonce 3 à Doha", 3, {"author_handle": "@" + "h" * 300}),
           Post("a4", "Annonce 4 à Doha", 4, {"author_name": "Nom\x00 Propre"}),
           Post("a5", "Annonce 5 à Doha", 5, date="2026-11-01T10:00:00" * 5),
           Post("a6", "Annonce\x00 6 à Doha", 6, {"platform": "p" * 80})]
    posts = odd + [Post(f"n{i}", f"Annonce normale {i} à Doha", 10 + i) for i in range(8)]
    result = store.ingest(posts, [_record()] * 15, source="s\x00rc")
    assert (result.added, result.duplicates, result.cleaned) == (15, 0, 7)
    assert store.count_posts() == 15
    stored = {p["id"]: store.post(p["id"]) for p in store.queue(limit=100)}
    ids = sorted(p["source_id"] for p in stored.values())
    assert all(len(i) <= 200 for i in ids) and len({i for i in ids if i.startswith("iiii")}) == 2
    assert "nulid" in ids and all("\x00" not in str(v) for p in stored.values() for v in p.values())
    by_line = {p["source_id"]: p for p in stored.values()}
    assert len(by_line["a3"]["author_handle"]) == 200 and by_line["a4"]["author_name"] == "Nom Propre"
    assert len(by_line["a5"]["posted_at"]) == 40
    # The note kept: which fields of which stored post were cleaned.
    note = store.audit_log(limit=1)[0]["detail"]
    assert note["source"] == "src" and len(note["cleaned"]) == 7
    assert {f for c in note["cleaned"] for f in c["fields"]} == {"source_id", "author_handle", "author_name",
                                                                "posted_at", "text", "platform"}
    # The same batch again: recognised, cleaned the same way.
    assert store.ingest(posts, [_record()] * 15, source="s\x00rc").same_id == 15


@pytest.mark.slow
def test_store_parallel_ingests_in_different_orders_neither_fail_nor_deadlock(store_url):
    import random

    PostStore(store_url).close()  # migrate once
    # Before: PostgreSQL reported deadlocks here (more than the retries absorbed), and 2 of 4 ingests failed.
    posts = _texts(1200, "shared")

    def ingest_shuffled(seed: int) -> Callable[[PostStore], None]:
        def job(own: PostStore) -> None:
            mine = random.Random(seed).sample(posts, len(posts))
            for start in range(0, len(mine), 300):
                own.ingest(mine[start:start + 300], [_record()] * 300, source="shared")
        return job

    _run_together(store_url, [ingest_shuffled(seed) for seed in range(4)])
    check = PostStore(store_url)
    assert check.count_posts() == 1200
    with check.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM suggestions")).scalar_one() == 1200
        assert conn.execute(text("SELECT COUNT(DISTINCT post_id) FROM identifiers")).scalar_one() == 1200
    entries = [e["detail"] for e in check.audit_log(limit=100) if e["action"] == "ingest"]
    assert sum(e["added"] for e in entries) == 1200 and sum(e["same_id"] for e in entries) == 3 * 1200
    check.close()


def test_store_audit_log_refuses_truncate(store):
    store.ingest(_posts(1), [_record()])
    statement = "TRUNCATE audit_log" if store.engine.dialect.name == "postgresql" else "DELETE FROM audit_log"
    with pytest.raises(DBAPIError, match="append-only"):
        with store.engine.begin() as conn:
            conn.execute(text(statement))
    assert len(store.audit_log()) == 1


def test_store_ingest_names_the_source_and_counts_why_posts_were_stored_before(model_dir, tmp_path, capsys):
    from commands.main import main
    from tests.conftest import write_jsonl

    # Two exports without an id field: both number their posts 1, 2, 3...
    first = write_jsonl(tmp_path / "week1.jsonl", [{"text": p.text} for p in _texts(20, "week 1")])
    second = write_jsonl(tmp_path / "week2.jsonl", [{"text": p.text} for p in _texts(20, "week 2")])
    url = f"sqlite:///{tmp_path / 'store.db'}"
    common = ["--store", url, "--model", str(model_dir), "--no-progress", "--workers", "1"]
    assert main(["ingest", str(first), *common]) == 0
    assert main(["ingest", str(second), *common]) == 0
    assert "store: added 20, already stored 0 (same source and id 0, repost 0) from source 'week2.jsonl'" \
        in capsys.readouterr().err
    assert main(["ingest", str(first), "--source", "mirror", *common]) == 0
    assert "added 0, already stored 20 (same source and id 0, repost 20) from source 'mirror'" \
        in capsys.readouterr().err
    assert main(["ingest", str(first), *common]) == 0
    assert "already stored 20 (same source and id 20, repost 0)" in capsys.readouterr().err
    check = PostStore(url)
    assert check.count_posts() == 40
    check.close()


def test_store_search_is_literal_bounded_and_refuses_nul_and_negative_pages(store):
    texts = ["Gagnez 100% garanti, frais 5 000", "Gagnez 1000 garanti, frais 5 000", "Compte a_b, frais 5 000",
             "Compte axb, frais 5 000", "Chemin C:\\offres\\qatar, frais 5 000", "Chemin C:offresqatar, frais 5 000"]
    store.ingest([Post(str(i), t, i) for i, t in enumerate(texts)], [_record()] * 6)
    assert [r["text"] for r in store.queue(search="100%")] == [texts[0]]
    assert [r["text"] for r in store.queue(search="a_b")] == [texts[2]]
    assert [r["text"] for r in store.queue(search="C:\\offres")] == [texts[4]]
    assert [r["text"] for r in store.queue(search="%")] == [texts[0]]
    assert [r["text"] for r in store.queue(search="_")] == [texts[2]]
    assert len(store.queue(search="x" * 200)) == 0
    with pytest.raises(StoreError, match="at most 200"):
        store.queue(search="x" * 201)
    with pytest.raises(StoreError, match="NUL"):
        store.queue(search="frais\x00")
    with pytest.raises(StoreError, match="0 or more"):
        store.queue(limit=-1)
    with pytest.raises(StoreError, match="0 or more"):
        store.queue(offset=-5)
    with pytest.raises(StoreError, match="0 or more"):
        store.similar(1, limit=-1)


def _campaign_of(store: PostStore, post: int) -> str | None:
    return next((c["campaign"] for c in store.campaigns(limit=100)
                 for m in store.campaign_posts(c["campaign"]) if m["post"] == post), None)


def test_store_campaign_links_name_the_shared_template_number_link_and_account(store):
    template = "Hôtel à Dubaï recrute {} serveuses, visa et billet offerts, frais de dossier 75 000 FCFA. WhatsApp {}"
    store.ingest([Post("e1", template.format(20, "+237 690 33 33 33"), 1, {"author_handle": "@Agent_Dubai"}),
                  Post("e2", template.format(30, "wa.me/237690333333"), 2, {"author_handle": "@agent_dubai"}),
                  Post("e3", "Qatar : chauffeurs, tout est payé. Contact 690-33-33-33 ou "
                       "https://www.jobs-qatar.example/?utm_source=fb", 3),
                  Post("e4", "Dernières places Qatar ! Inscription sur https://jobs-qatar.example, "
                       "numéro 690 33 33 33", 4)],
                 [_record()] * 4)
    store.regroup_campaigns()
    [campaign] = store.campaigns()
    links = {(e["first"], e["second"]): e for e in store.campaign_links(campaign["campaign"])}
    same_text = links[(1, 2)]
    assert same_text["similarity"] is not None and same_text["similarity"] >= 0.5
    assert same_text["shared"][0].startswith("near-duplicate text (similarity ")
    assert same_text["shared"][1:] == ["same author account @agent_dubai", "same phone number +237690333333"]
    assert links[(3, 4)]["shared"] == ["same phone number +237690333333", "same link jobs-qatar.example"]
    assert links[(1, 3)]["shared"] == ["same phone number +237690333333"]
    assert next(iter(links)) == (1, 2)  # the strongest evidence first
    assert store.campaign_links("c-unknown") == []


def test_store_campaign_exclusion_split_and_merge_are_audited_and_kept_by_later_groupings(store):
    job = "Hôtel à Dubaï recrute {} serveuses, visa et billet offerts, frais de dossier 75 000 FCFA. WhatsApp {}"
    study = "Bourse Canada 100 % financée (annonce {}), inscription 30 000 FCFA, dossier au +237 677 22 22 22"
    store.ingest([Post(f"j{i}", job.format(10 + i, "+237 690 33 33 33"), i) for i in range(5)]
                 + [Post(f"s{i}", study.format(i), 10 + i) for i in range(3)]
                 + [Post("warn", f"Attention arnaque ! J'ai reçu ce message : « {study.format(7)} » Ne payez rien !",
                         30)], [_record()] * 9)
    store.regroup_campaigns()
    jobs, studies = _campaign_of(store, 1), _campaign_of(store, 6)
    assert jobs and studies and jobs != studies and store.campaign_mentions(studies) == [9]
    edit = store.exclude_from_campaign(jobs, 2, "awa")
    assert edit == {"action": "exclude", "campaign": jobs, "into": None, "posts": [2]}
    assert [m["post"] for m in store.campaign_posts(jobs)] == [1, 3, 4, 5] and _campaign_of(store, 2) is None
    assert {c["campaign"]: c["posts"] for c in store.campaigns()}[jobs] == 4
    with pytest.raises(StoreError, match="not in campaign"):
        store.exclude_from_campaign(jobs, 2, "awa")
    split = store.split_campaign(jobs, [4, 5], "bello")
    new = split["into"]
    assert new and new not in (jobs, studies) and [m["post"] for m in store.campaign_posts(new)] == [4, 5]
    with pytest.raises(StoreError, match="some, not all"):
        store.split_campaign(jobs, [1, 3], "bello")
    # A new repost of the template: added to the stored campaigns, never beside the excluded post.
    store.ingest([Post("j9", job.format(40, "wa.me/237690333333"), 20)], [_record()])
    assert store.regroup_campaigns()["campaigns"] == 3 and _campaign_of(store, 2) is None
    assert _campaign_of(store, 10) in (jobs, new)
    # The whole store regrouped: the exclusion and the split stand.
    store.regroup_campaigns(full=True)
    assert _campaign_of(store, 2) is None
    assert [m["post"] for m in store.campaign_posts(new)] == [4, 5]
    assert {1, 3} <= {m["post"] for m in store.campaign_posts(jobs)}
    merged = store.merge_campaigns(jobs, new, "awa")
    assert merged["posts"] == [4, 5] and new not in {c["campaign"] for c in store.campaigns()}
    store.regroup_campaigns(full=True)
    assert {1, 3, 4, 5} <= {m["post"] for m in store.campaign_posts(jobs)} and _campaign_of(store, 2) is None
    assert [m["post"] for m in store.campaign_posts(studies)] == [6, 7, 8]
    with pytest.raises(StoreError, match="itself"):
        store.merge_campaigns(jobs, jobs, "awa")
    store.merge_campaigns(jobs, studies, "bello")  # the warning naming the studies now names the merged campaign
    assert store.campaign_mentions(jobs) == [9] and studies not in {c["campaign"] for c in store.campaigns()}
    log = [(e["actor"], e["action"], e["post_id"], e["detail"]) for e in store.audit_log(limit=50)
           if e["action"] in ("exclude_from_campaign", "split_campaign", "merge_campaigns")]
    assert log[1:] == [("awa", "merge_campaigns", None, {"campaign": new, "into": jobs, "posts": [4, 5]}),
                   ("bello", "split_campaign", None, {"campaign": jobs, "into": new, "posts": [4, 5]}),
                   ("awa", "exclude_from_campaign", 2, {"campaign": jobs})]


def test_store_campaign_label_keeps_earlier_notes_and_leaves_out_excluded_posts(store):
    posts = [Post(f"k{i}", f"Travail à Dubaï, visa offert, contact WhatsApp +237 690 55 55 55 (annonce {i})", i)
             for i in range(4)]
    store.ingest(posts, [_record()] * 3 + [_record(category="other_scam")])
    store.review(2, "awa", "legit_job", note="à revoir : numéro d'une vraie agence ?")
    store.review(3, "bello", "fake_job", note="vu sur Facebook")
    store.regroup_campaigns()
    [campaign] = store.campaigns()
    cid = campaign["campaign"]
    assert store.campaign_categories(cid) == {"fake_job": 3, "other_scam": 1}
    store.exclude_from_campaign(cid, 4, "awa")
    done = store.label_campaign(cid, "awa", "fake_job")
    assert done == {"campaign": cid, "label": "fake_job", "posts": [1, 2, 3], "notes_kept": [2]}
    notes = {i: {r.analyst: (r.label, r.note) for r in store.post(i)["reviews"]} for i in range(1, 5)}
    assert notes[2]["awa"] == ("fake_job", "à revoir : numéro d'une vraie agence ?")
    assert notes[1]["awa"] == ("fake_job", f"campaign {cid}")
    assert notes[3] == {"bello": ("fake_job", "vu sur Facebook"), "awa": ("fake_job", f"campaign {cid}")}
    assert notes[4] == {}  # excluded: not labelled
    entry = store.audit_log(limit=1)[0]
    assert entry["action"] == "label_campaign" and entry["detail"]["notes_kept"] == [2]
    with pytest.raises(StoreError, match="no campaign"):
        store.label_campaign("c-unknown", "awa", "fake_job")


def test_store_search_ignores_case_and_accents_and_finds_links_and_source_ids(store):
    texts = ["Recrutons femmes de ménage pour Dubaï, visa offert, frais 50 000 FCFA",
             "Femmes de menage demandées au Qatar, billet payé, frais 40 000 FCFA",
             "FEMMES DE MÉNAGE: postuler sur https://www.recrutement-golfe.com/offre, frais 30 000",
             "Chauffeurs pour Doha, écrire à recrutement-golfe.com/offre, frais 20 000",
             "وظائف في دبي براتب مُغرٍ، أرسل رسوم الملف", "Ouvriers pour Oman, frais 10 000 FCFA"]
    ids = ["fb-1001", "fb-1002", "tg-77", "tg-78", "wa-9", "X-42"]
    store.ingest([Post(i, t, n) for n, (i, t) in enumerate(zip(ids, texts, strict=True))], [_record()] * 6)

    def found(search: str) -> list[int]:
        return sorted(r["id"] for r in store.queue(search=search))

    for spelling in ("FEMMES DE MÉNAGE", "femmes de menage", "Femmes  de Ménage"):
        assert found(spelling) == [1, 2, 3]
    assert found("dubai") == found("DUBAÏ") == [1]
    assert found("DOHA") == [4]
    assert found("براتب مغر") == found("براتب مُغرٍ") == [5]  # Arabic diacritics folded
    assert found("رسوم") == [5]
    for link in ("https://www.recrutement-golfe.com/offre", "www.recrutement-golfe.com/offre",
                 "http://recrutement-golfe.com/offre", "recrutement-golfe.com/offre"):
        assert found(link) == [3, 4]
    assert found("tg-78") == [4] and found(" X-42 ") == [6]
    assert found("x-42") == []  # a source id is matched as written
    assert found("fb-100") == []  # a source id is matched whole, never as a prefix
