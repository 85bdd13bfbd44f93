"""Queue: flagged posts by score or by uncertainty, with filters and search."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.tables import show_table
from detector.lang import LANGUAGES
from detector.taxonomy import CATEGORIES
from review import StoreError
from review.queue import MAX_SEARCH_CHARS

PAGE_SIZE = 25


def render() -> None:
    st.header("Queue")
    store = state.store()
    cols = st.columns(4)
    order = cols[0].selectbox("Order", ["score", "uncertainty"], key="q_order", on_change=_first_page,
                              help="uncertainty: scores nearest 0.5 first (what a retrained model learns most from)")
    category = cols[1].selectbox("Category", ["", *CATEGORIES], key="q_category", on_change=_first_page)
    lang = cols[2].selectbox("Language", ["", *LANGUAGES], key="q_lang", on_change=_first_page)
    platform = cols[3].selectbox("Platform", ["", *_platforms(store.count_posts())], key="q_platform",
                                 on_change=_first_page)
    second = st.columns(3)
    status = second[0].selectbox("Review status", ["", "unreviewed", "reviewed", "conflict"], key="q_status",
                                 on_change=_first_page)
    low, high = second[1].slider("Score", 0.0, 1.0, (0.0, 1.0), key="q_score", on_change=_first_page)
    days = second[2].date_input("Posted between", value=[], key="q_days", on_change=_first_page)
    search = st.text_input("Search text, phone number, link or @handle", key="q_search", on_change=_first_page,
                           max_chars=MAX_SEARCH_CHARS)
    page = int(state.get(state.QUEUE_PAGE, 0))
    try:
        rows = store.queue(order=order, category=category or None, lang=lang or None, platform=platform or None,
                           status=status or None, min_score=low, max_score=high, search=search or None,
                           posted_from=days[0] if days else None, posted_to=days[-1] if days else None,
                           limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    except StoreError as err:  # a search the store refuses (a NUL byte)
        st.error(str(err))
        return
    st.caption(f"page {page + 1}")
    if not rows:
        st.info("No flagged post matches these filters.")
        return
    table = [{"post": r["id"], "score": round(r["scam_score"], 3), "category": r["category"], "lang": r["lang"],
              "platform": r["platform"], "reviews": r["reviews"], "conflict": r["conflict"],
              "text": r["text"][:140]} for r in rows]
    # A dataframe shows cells as text: nothing in a post is interpreted as markup.
    show_table(table)
    choice = st.selectbox("Open post", [r["id"] for r in rows], key="q_open")
    nav = st.columns(3)
    if nav[0].button("Review this post", key="q_review", type="primary"):
        state.set_(state.CURRENT_POST, int(choice))
        state.set_(state.DECIDED, set())  # a new review view: a post decided before may be decided again
        state.go_to("Review")
        st.rerun()
    if nav[1].button("Previous page", key="q_prev", disabled=page == 0):
        state.set_(state.QUEUE_PAGE, page - 1)
        st.rerun()
    if nav[2].button("Next page", key="q_next", disabled=len(rows) < PAGE_SIZE):
        state.set_(state.QUEUE_PAGE, page + 1)
        st.rerun()


@st.cache_data(ttl=60)
def _platforms(post_count: int) -> list[str]:
    """The stored posts' platforms (again when the store grows, or after a minute)."""
    return state.store().platforms()


def _first_page() -> None:
    """New filters, new results: back to page 1."""
    state.set_(state.QUEUE_PAGE, 0)

