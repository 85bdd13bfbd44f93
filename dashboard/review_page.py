"""Review: one post as plain text, the model's evidence beside it, and the analyst's decision."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import state
from dashboard.post_view import show_post
from dashboard.tables import show_table
from detector.taxonomy import BENIGN_CATEGORIES, SCAM_CATEGORIES
from review import ConflictError, PostStore, Review
from review.queue import StoredPost


def render() -> None:
    post_id = state.get(state.CURRENT_POST)
    store = state.store()
    if post_id is not None and any(t.split(".")[0] == str(post_id) for t in state.get(state.DECIDED) or ()):
        # Decided in this view, but the run that moved on was cut short (a key's rerun interrupts it):
        # move on now rather than leave the analyst on a post whose keys no longer apply.
        post_id = _following(store, int(post_id))
        state.set_(state.CURRENT_POST, post_id)
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
    mine = next((r for r in post["reviews"] if r.analyst == state.get(state.USER)), None)
    # What this run shows: the post, its suggestion and my review's version. Every decision widget's
    # key ends with it, so a key pressed on a post the page has since moved away from triggers a
    # widget this run does not draw, and Streamlit drops it; the store checks the same token again.
    shown = f"{post['shown']}.{mine.version if mine else 0}"
    _keep_keys_out_of_the_sidebar(shown)
    left, right = st.columns([3, 2])
    keys_area = st.container()  # below the columns on the page
    with left:
        show_post(post["text"], suggestion.get("signals", []), suggestion.get("impersonates"), key="post_text")
        # The keys are sent right after the post they decide on, before the slower rest of the page: a
        # key pressed once this post is on screen finds keys bound to it, not the previous post's.
        with keys_area:
            _decision_keys(store, post, mine, shown)
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

    labels = list(SCAM_CATEGORIES) + list(BENIGN_CATEGORIES)
    default = labels.index(mine.label if mine else suggestion.get("category", labels[0]))
    with st.form(f"review_{post['id']}"):
        label = st.selectbox("Label", labels, index=default, key=f"label_{post['id']}")
        note = st.text_input("Note", value=mine.note if mine else "", key=f"note_{post['id']}")
        cols = st.columns(3)
        confirm = cols[0].form_submit_button("Save review", type="primary", key=decision_key("save_review", shown))
        draft = cols[1].form_submit_button("Save as draft", key=decision_key("save_draft", shown))
        skip = cols[2].form_submit_button("Skip", key=decision_key("skip_form", shown))
    if confirm or draft:
        _save(store, post, mine, shown, label, note, "submitted" if confirm else "draft")
    elif skip:
        _next(store, post["id"])
    similar = store.similar(post["id"])
    if similar:
        st.subheader("Posts sharing a phone number, link or handle")
        show_table(similar)


def _decision_keys(store: PostStore, post: StoredPost, mine: Review | None, shown: str) -> None:
    """One key per decision: s confirms the lure (the suggested scam category), 1-4 confirm it as one
    scam category, b marks it benign, n skips; the form below takes any other label and a note."""
    suggested = post["suggestion"]["category"] if post["suggestion"] else "other_scam"
    keys = st.columns(3)
    scam_label = suggested if suggested in SCAM_CATEGORIES else "other_scam"
    benign_label = suggested if suggested in BENIGN_CATEGORIES else "other_benign"
    if keys[0].button(f"Scam: {scam_label}", key=decision_key("k_scam", shown), shortcut="s", type="primary"):
        _save(store, post, mine, shown, scam_label, "", "submitted")
    if keys[1].button(f"Benign: {benign_label}", key=decision_key("k_benign", shown), shortcut="b"):
        _save(store, post, mine, shown, benign_label, "", "submitted")
    if keys[2].button("Skip", key=decision_key("k_skip", shown), shortcut="n"):
        _next(store, post["id"])
    for column, (number, category) in zip(st.columns(len(SCAM_CATEGORIES)), enumerate(SCAM_CATEGORIES, 1),
                                          strict=True):
        if column.button(category, key=decision_key(f"k_{category}", shown), shortcut=str(number)):
            _save(store, post, mine, shown, category, "", "submitted")


def decision_key(name: str, shown: str) -> str:
    """The key of a decision widget drawn for what the page shows (``k_scam@1.4.0``)."""
    return f"{name}@{shown}"


def _save(store: PostStore, post: StoredPost, mine: Review | None, shown: str, label: str, note: str,
          status: str) -> None:
    decided: set[str] = state.get(state.DECIDED) or set()
    if shown in decided:  # a second key on a post this view already decided: ignored, never re-applied
        return
    try:
        store.review(post["id"], state.get(state.USER), label, note=note or (mine.note if mine else ""),
                     status=status, expected_version=mine.version if mine else 0, shown=post["shown"])
    except ConflictError as err:
        st.error(str(err))
        return
    state.set_(state.DECIDED, decided | {shown})
    _next(store, post["id"])


_FOCUS_JS = """
export default function () {
  // Choosing a page in the sidebar leaves the focus on its radio input, where Streamlit ignores
  // shortcut keys: the first decision key did nothing. The review page takes the focus back.
  const active = document.activeElement;
  if (active && active.closest && active.closest('[data-testid="stSidebar"]')) {
    active.blur();
  }
}
"""
_focus = st.components.v2.component("vigie_review_focus", js=_FOCUS_JS)


def _keep_keys_out_of_the_sidebar(shown: str) -> None:
    _focus(data={"shown": shown}, key="review_focus")


def _following(store: PostStore, current: int) -> int | None:
    rows = [r for r in store.queue(status="unreviewed", limit=2) if r["id"] != current]
    return rows[0]["id"] if rows else None


def _next(store: PostStore, current: int) -> None:
    state.set_(state.CURRENT_POST, _following(store, current))
    st.rerun()
