"""The Campaigns page through Streamlit's AppTest: why posts are linked, excluding, splitting and
merging (audited, by analysts), labelling a campaign after confirmation, the admin's STIX export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from detector.readers import Post
from review import PostStore

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
MARKUP = "<b>Bourse</b> **Canada** [ici](http://evil.example)"
STUDY = "{} 100 % financée, visa et billet offerts, frais d'inscription 30 000 FCFA. WhatsApp +237 677 22 22 {}"
JOB = "Hôtel à Dubaï recrute {} serveuses, visa offert, frais de dossier 75 000 FCFA, WhatsApp +237 690 33 33 33"


def _record(category: str) -> dict:
    return {"scam_score": 0.9, "flagged": True, "category": category, "lang": "fr", "model": "default@test",
            "signals": [], "impersonates": None}


@pytest.fixture
def store(tmp_path, monkeypatch) -> Iterator[PostStore]:
    url = f"sqlite:///{tmp_path / 'campaigns.db'}"
    monkeypatch.setenv("VIGIE_DATABASE_URL", url)
    state.store.clear()
    store = PostStore(url)
    # Campaign 1 (posts 1-4): one scholarship template and one number; the model calls three of them
    # fake_scholarship. Campaign 2 (posts 5-7): a job template with another number.
    studies = [Post(f"s{i}", STUDY.format(MARKUP if i == 0 else f"Bourse Canada {i}", 22), i,
                    {"author_handle": "@Bourses_Canada"} if i < 2 else {}) for i in range(4)]
    jobs = [Post(f"j{i}", JOB.format(10 + i), 10 + i) for i in range(3)]
    store.ingest(studies + jobs, [_record("fake_scholarship")] * 3 + [_record("fake_job")] * 4)
    store.regroup_campaigns(actor="test")
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    store.add_user("chef", "mot de passe solide", "admin", actor="test")
    yield store
    state.store.clear()
    store.close()


def _campaigns_page(user: str = "awa") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="login_username").input(user)
    at.text_input(key="login_password").input("mot de passe solide")
    at.button[0].click().run()
    at.sidebar.radio(key=state.PAGE).set_value("Campaigns")
    return at.run()


def _open(at: AppTest, cid: str) -> AppTest:
    at.selectbox(key=state.CAMPAIGN_CHOICE).select(cid)
    return at.run()


def _ids(store: PostStore) -> tuple[str, str]:
    by_first = {store.campaign_posts(c["campaign"])[0]["post"]: c["campaign"] for c in store.campaigns()}
    return by_first[1], by_first[5]


def test_campaigns_page_needs_signing_in(store):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert len(at.dataframe) == 0 and not any((b.key or "").startswith("cexclude") for b in at.button)


def test_campaigns_page_says_why_posts_are_linked_as_plain_table_cells(store):
    studies, _ = _ids(store)
    at = _open(_campaigns_page(), studies)
    assert not at.exception
    assert "Why these posts are linked" in [h.value for h in at.subheader]
    members, links = at.dataframe[1].value, at.dataframe[2].value
    assert MARKUP[:40] in members["text"][0]  # the post's text as data, markup characters and all
    rows = {(a, b): why for a, b, why in zip(links["post"], links["with post"], links["evidence"], strict=True)}
    assert rows[(1, 2)].startswith("near-duplicate text (similarity ")
    assert rows[(1, 2)].endswith("; same author account @bourses_canada; same phone number +237677222222")
    assert rows[(3, 4)].endswith("same phone number +237677222222")
    assert len(rows) == 6  # every pair of the four posts
    assert not any(MARKUP in m.value or "evil.example" in m.value for m in at.markdown)


def test_campaigns_page_label_asks_for_confirmation_defaults_to_the_majority_and_keeps_notes(store):
    studies, _ = _ids(store)
    store.review(2, "awa", "fake_job", note="numéro vu dans une autre affaire")
    store.exclude_from_campaign(studies, 4, "bello")
    at = _open(_campaigns_page(), studies)
    label = at.selectbox(key=f"clabel_{studies}")
    assert label.value == "fake_scholarship"  # three of the four posts' suggestion
    at.button(key=f"csubmit_{studies}").click().run()
    assert "nothing was labelled" in at.warning[0].value
    assert [[r.label for r in store.post(i)["reviews"]] for i in (1, 2, 3)] == [[], ["fake_job"], []]
    at.checkbox(key=f"cconfirm_{studies}").check()
    at.button(key=f"csubmit_{studies}").click().run()
    assert not at.exception and "3 posts labelled fake_scholarship (1 earlier notes kept)" in at.success[0].value
    reviews = {i: [(r.label, r.note) for r in store.post(i)["reviews"]] for i in (1, 2, 3, 4)}
    assert reviews == {1: [("fake_scholarship", f"campaign {studies}")],
                       2: [("fake_scholarship", "numéro vu dans une autre affaire")],
                       3: [("fake_scholarship", f"campaign {studies}")], 4: []}  # post 4 was excluded


def test_campaigns_page_exclude_split_and_merge_by_an_analyst_are_audited(store):
    studies, jobs = _ids(store)
    at = _open(_campaigns_page(), studies)
    at.selectbox(key=f"cexclude_post_{studies}").select(3)
    at.button(key=f"cexclude_{studies}").click().run()
    assert not at.exception and f"post 3 excluded from {studies}" in at.success[0].value
    assert [m["post"] for m in store.campaign_posts(studies)] == [1, 2, 4]
    at.multiselect(key=f"csplit_posts_{studies}").select(4)
    at.button(key=f"csplit_{studies}").click().run()
    assert not at.exception and [m["post"] for m in store.campaign_posts(studies)] == [1, 2]
    split = next(c["campaign"] for c in store.campaigns() if c["campaign"] not in (studies, jobs))
    assert [m["post"] for m in store.campaign_posts(split)] == [4]
    at.selectbox(key=f"cmerge_other_{studies}").select(jobs)
    at.button(key=f"cmerge_{studies}").click().run()
    assert not at.exception and [m["post"] for m in store.campaign_posts(studies)] == [1, 2, 5, 6, 7]
    # A split taking every post is refused with the store's reason, nothing changed.
    at.multiselect(key=f"csplit_posts_{studies}").set_value([1, 2, 5, 6, 7])
    at.button(key=f"csplit_{studies}").click().run()
    assert "some, not all" in at.error[0].value and len(store.campaign_posts(studies)) == 5
    actions = [(e["actor"], e["action"]) for e in store.audit_log(limit=10)
               if e["action"] in ("exclude_from_campaign", "split_campaign", "merge_campaigns")]
    assert actions == [("awa", "merge_campaigns"), ("awa", "split_campaign"), ("awa", "exclude_from_campaign")]
    # The whole store regrouped: the analyst's edits stand.
    store.regroup_campaigns(full=True)
    assert [m["post"] for m in store.campaign_posts(studies)] == [1, 2, 5, 6, 7]
    assert all(m["post"] != 3 for c in store.campaigns() for m in store.campaign_posts(c["campaign"]))


def test_campaigns_page_offers_the_stix_export_to_admins_only(store):
    studies, _ = _ids(store)
    analyst = _open(_campaigns_page(), studies)
    assert not any((b.key or "").startswith("cstix") for b in analyst.button)
    admin = _open(_campaigns_page("chef"), studies)
    admin.button(key=f"cstix_{studies}").click().run()
    assert not admin.exception and any(e["action"] == "export_indicators" for e in store.audit_log(limit=5))


def test_campaigns_page_full_regrouping_is_for_admins_after_confirmation(store):
    analyst = _campaigns_page()
    assert not any(b.key == "c_full_regroup" for b in analyst.button)
    admin = _campaigns_page("chef")
    assert admin.button(key="c_full_regroup").disabled  # nothing happens before the box is ticked
    admin.checkbox(key="c_full_sure").check().run()
    admin.button(key="c_full_regroup").click().run()
    assert not admin.exception
    entry = next(e for e in store.audit_log(limit=5) if e["action"] == "regroup_campaigns")
    assert entry["actor"] == "chef" and entry["detail"]["mode"] == "full"
    assert any("Regrouped 7 flagged posts" in s.value for s in admin.success)
