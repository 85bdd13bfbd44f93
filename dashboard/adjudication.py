"""Adjudication (admins): the share of flagged posts given to a second analyst, and the
disagreements, one at a time, each settled with one key.

A disagreement is what `review.reviews.state` calls a conflict (the one definition): submitted
reviews carrying two labels or more, not adjudicated yet. Keys ``1``-``9`` give the post the label of
that line (one per label the analysts chose); any other label comes from the form. Each decision is
the store's audited `adjudicate`; the keys of a post are drawn with its id in their widget keys, so a
key pressed while the page moves to the next disagreement is dropped, never applied to it.
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.post_view import escape_markdown, show_post
from dashboard.tables import show_table
from detector.taxonomy import CATEGORIES
from review import StoreError
from review.queue import StoredPost

OPEN = "adj_open"  # the disagreement on screen (its selectbox's key)
DONE = "adj_done"  # a message for the next run: the post just adjudicated
LISTED = 200  # disagreements offered at once, oldest post first


def render() -> None:
    if not state.is_admin():
        st.error("Adjudication is for admins.")
        return
    st.header("Adjudication")
    store = state.store()
    _share_setting()
    if done := state.get(DONE):
        st.success(done)
        state.set_(DONE, None)
    conflicts = store.conflicts()
    st.subheader(f"Disagreements: {len(conflicts)}")
    if not conflicts:
        st.info("No disagreement to adjudicate.")
        return
    offered = conflicts[:LISTED]
    if state.get(OPEN) not in offered:
        state.set_(OPEN, offered[0])
    post_id = int(st.selectbox("Disagreement (post id)", offered, key=OPEN))
    post = store.post(post_id)
    _decide(post)
    suggestion = post["suggestion"]
    show_post(post["text"], suggestion["signals"] if suggestion else [],
              suggestion["impersonates"] if suggestion else None, key="adj_post_text")
    st.text(f"{post['source']} id {post['source_id']} · {post['lang'] or '?'} · {post['posted_at'] or 'no date'}")
    show_table([{"analyst": r.analyst, "label": r.label, "note": r.note,
                 "at": r.updated_at.isoformat(timespec="minutes")} for r in post["reviews"] if r.status == "submitted"])
    if post["suggestion"]:
        st.text(f"model: {post['suggestion']['category']} ({post['suggestion']['scam_score']:.2f})")


def _decide(post: StoredPost) -> None:
    """One key per label the analysts chose (1, 2, ...), and a form for any other label."""
    chosen: dict[str, list[str]] = {}
    for r in post["reviews"]:
        if r.status == "submitted":
            chosen.setdefault(r.label, []).append(r.analyst)
    columns = st.columns(max(len(chosen), 1))
    for number, (column, (label, analysts)) in enumerate(zip(columns, chosen.items(), strict=False), 1):
        if number <= 9 and column.button(f"{number}: {label} ({', '.join(analysts)})", shortcut=str(number),
                                         key=f"adj_key_{number}@{post['id']}", type="primary" if number == 1 else
                                         "secondary"):
            _adjudicate(post["id"], label, "")
    with st.form(f"adj_form_{post['id']}"):
        label = st.selectbox("Another label", list(CATEGORIES), key=f"adj_label_{post['id']}")
        note = st.text_input("Note", key=f"adj_note_{post['id']}")
        if st.form_submit_button("Adjudicate with this label", key=f"adj_submit@{post['id']}"):
            _adjudicate(post["id"], label, note)


def _adjudicate(post_id: int, label: str, note: str) -> None:
    try:
        state.store().adjudicate(post_id, str(state.get(state.USER)), label, note=note)
    except StoreError as err:
        st.error(escape_markdown(str(err)))
        return
    state.set_(DONE, f"Post {post_id} adjudicated: {label}")
    del st.session_state[OPEN]  # the next disagreement
    st.rerun()


def _share_setting() -> None:
    store = state.store()
    share = store.second_opinion_share()
    progress = store.progress()
    with st.expander(f"Second opinions: {share:.0%} of flagged posts go to two analysts"):
        with st.form("adj_share_form"):
            percent = st.slider("Share of flagged posts given to a second analyst (%)", 0, 100,
                                int(round(share * 100)), step=5, key="adj_share")
            if st.form_submit_button("Save the share", key="adj_share_save"):
                store.set_second_opinion_share(percent / 100, admin=str(state.get(state.USER)))
                st.rerun()
        st.text(f"{progress['second_opinions_done']} of {progress['second_opinions_needed']} flagged posts in the "
                f"overlap have two reviews; {progress['settled_or_done']} of {progress['flagged']} flagged posts "
                "have every review they need (or are adjudicated)")
