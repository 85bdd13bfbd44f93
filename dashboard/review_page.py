"""Review: one post as plain text, the model's evidence beside it, and the analyst's decision."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import state
from dashboard.post_view import show_post
from dashboard.tables import show_table
from detector.taxonomy import BENIGN_CATEGORIES, SCAM_CATEGORIES
from review import ConflictError, PostStore, Review


def render() -> None:
    post_id = state.get(state.CURRENT_POST)
    store = state.store()
    if post_id is None:
        rows = store.queue(status="unreviewed", limit=1)
        if not rows:
            st.info("Nothing left to review.")
            return
        post_id = rows[0]["id"]
        state.set_(state.CURRENT_POST, post_id)
    post = store.post(int(post_id))
    st.header(f"Post {post['id']}")
    suggestion: dict[str, Any] = dict(post["suggestion"] or {})
    left, right = st.columns([3, 2])
    with left:
        show_post(post["text"], suggestion.get("signals", []), suggestion.get("impersonates"), key="post_text")
        st.caption("Amber: red-flag evidence (its signal above it) · blue: phone numbers, links, handles, "
                   "mobile money, amounts")
        st.caption(f"{post['platform'] or 'unknown platform'} · {post['lang'] or '?'} · "
                   f"{post['posted_at'] or 'no date'} · {post['source']} id {post['source_id']}")
        if post["author_handle"] or post["author_name"]:
            st.text(f"Author: {post['author_name'] or ''} {post['author_handle'] or ''}".strip())
    with right:
        st.metric("Model score", f"{suggestion.get('scam_score', 0):.2f}")
        st.caption(f"suggested category {suggestion.get('category', '?')} · model {suggestion.get('model', '?')}")
        evidence = [{"signal": s["name"], "evidence": s["evidence"]} for s in suggestion.get("signals", [])]
        if suggestion.get("impersonates"):
            evidence.append({"signal": "impersonates", "evidence": suggestion["impersonates"]})
        show_table(evidence or [{"signal": "—", "evidence": "no red flag found"}])
        reviews = [{"analyst": r.analyst, "label": r.label, "status": r.status, "note": r.note}
                   for r in post["reviews"]]
        if reviews:
            show_table(reviews)
        st.caption(f"agreement: {store.agreement(post['id'])}")

    mine = next((r for r in post["reviews"] if r.analyst == state.get(state.USER)), None)
    suggested = suggestion.get("category", "other_scam")
    # One key per decision: s confirms the lure (the suggested scam category), 1-4 confirm it as one
    # scam category, b marks it benign, n skips; the form below takes any other label and a note.
    keys = st.columns(3)
    scam_label = suggested if suggested in SCAM_CATEGORIES else "other_scam"
    benign_label = suggested if suggested in BENIGN_CATEGORIES else "other_benign"
    if keys[0].button(f"Scam: {scam_label}", key="k_scam", shortcut="s", type="primary"):
        _save(store, post["id"], mine, scam_label, "", "submitted")
    if keys[1].button(f"Benign: {benign_label}", key="k_benign", shortcut="b"):
        _save(store, post["id"], mine, benign_label, "", "submitted")
    if keys[2].button("Skip", key="k_skip", shortcut="n"):
        _next(store, post["id"])
    for column, (number, category) in zip(st.columns(len(SCAM_CATEGORIES)), enumerate(SCAM_CATEGORIES, 1),
                                          strict=True):
        if column.button(category, key=f"k_{category}", shortcut=str(number)):
            _save(store, post["id"], mine, category, "", "submitted")
    labels = list(SCAM_CATEGORIES) + list(BENIGN_CATEGORIES)
    default = labels.index(mine.label if mine else suggestion.get("category", labels[0]))
    with st.form(f"review_{post['id']}"):
        label = st.selectbox("Label", labels, index=default, key=f"label_{post['id']}")
        note = st.text_input("Note", value=mine.note if mine else "", key=f"note_{post['id']}")
        cols = st.columns(3)
        confirm = cols[0].form_submit_button("Save review", type="primary", key="save_review")
        draft = cols[1].form_submit_button("Save as draft")
        skip = cols[2].form_submit_button("Skip")
    if confirm or draft:
        _save(store, post["id"], mine, label, note, "submitted" if confirm else "draft")
    elif skip:
        _next(store, post["id"])
    similar = store.similar(post["id"])
    if similar:
        st.subheader("Posts sharing a phone number, link or handle")
        show_table(similar)


def _save(store: PostStore, post_id: int, mine: Review | None, label: str, note: str, status: str) -> None:
    try:
        store.review(post_id, state.get(state.USER), label, note=note or (mine.note if mine else ""), status=status,
                     expected_version=mine.version if mine else 0)
    except ConflictError as err:
        st.error(str(err))
        return
    _next(store, post_id)


def _next(store: PostStore, current: int) -> None:
    rows = [r for r in store.queue(status="unreviewed", limit=2) if r["id"] != current]
    state.set_(state.CURRENT_POST, rows[0]["id"] if rows else None)
    st.rerun()
