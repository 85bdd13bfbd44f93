"""Queue: flagged posts by score, by uncertainty or in the learning order, with filters and search.
The filters and order are the session's slice (`state.SLICE`), kept when another page is shown, put
in the address bar, and worked through by Review."""

from __future__ import annotations

from typing import Any, cast

import streamlit as st

from dashboard import state
from dashboard.tables import show_table
from detector.lang import LANGUAGES
from detector.taxonomy import CATEGORIES
from review import StoreError
from review.queue import MAX_SEARCH_CHARS, QUEUE_ORDERS, QUEUE_STATUSES, Slice, queue

PAGE_SIZE = 25


def render() -> None:
    st.header("Queue")
    store = state.store()
    platforms = _platforms(store.count_posts())
    _restore(state.current_slice(), platforms)
    cols = st.columns(4)
    order = cols[0].selectbox("Order", list(QUEUE_ORDERS), key="q_order", on_change=_first_page,
                              help="uncertainty: scores nearest 0.5 first; learning: alternately the most uncertain "
                                   "post and a random one (what a retrained model learns most from)")
    category = cols[1].selectbox("Category", ["", *CATEGORIES], key="q_category", on_change=_first_page)
    lang = cols[2].selectbox("Language", ["", *LANGUAGES], key="q_lang", on_change=_first_page)
    platform = cols[3].selectbox("Platform", ["", *platforms], key="q_platform", on_change=_first_page)
    second = st.columns([3, 3, 3, 2])
    status = second[0].selectbox("Review status", ["", *QUEUE_STATUSES], key="q_status", on_change=_first_page)
    # Their values come from the session (`_restore`): a range for both.
    low, high = cast(tuple[float, float], second[1].slider("Score", 0.0, 1.0, key="q_score", on_change=_first_page))
    picked: Any = second[2].date_input("Posted between", key="q_days", on_change=_first_page)
    waiting = second[3].checkbox("Waiting for me", key="q_waiting", on_change=_first_page,
                                 help="posts waiting for my first or second opinion (none another analyst has open)")
    search = st.text_input("Search text, phone number, link, @handle or post id", key="q_search", on_change=_first_page,
                           help="Any case, with or without accents; a number however it is written.",
                           max_chars=MAX_SEARCH_CHARS)
    days = list(picked) if isinstance(picked, list | tuple) else [picked] if picked else []
    chosen = Slice(order=order, category=category or None, lang=lang or None, platform=platform or None,
                   status=status or None, min_score=low, max_score=high, search=search or None,
                   posted_from=days[0] if days else None, posted_to=days[-1] if days else None, waiting=waiting)
    state.set_(state.SLICE, chosen)
    state.show_in_url("Queue")
    page = int(state.get(state.QUEUE_PAGE, 0))
    try:
        rows = queue(store, order=chosen.order, category=chosen.category, lang=chosen.lang, platform=chosen.platform,
                     status=chosen.status, min_score=low, max_score=high, search=chosen.search,
                     posted_from=chosen.posted_from, posted_to=chosen.posted_to,
                     waiting_for=str(state.get(state.USER)) if waiting else None,
                     limit=PAGE_SIZE, offset=page * PAGE_SIZE)
    except StoreError as err:  # a search the store refuses (a NUL byte)
        st.error(str(err))
        return
    st.caption(f"page {page + 1}")
    if st.button("Review this slice", key="q_review_slice", help="Review works through these posts in this order"):
        _open_review(None)
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
        _open_review(int(choice))
    if nav[1].button("Previous page", key="q_prev", disabled=page == 0):
        state.set_(state.QUEUE_PAGE, page - 1)
        st.rerun()
    if nav[2].button("Next page", key="q_next", disabled=len(rows) < PAGE_SIZE):
        state.set_(state.QUEUE_PAGE, page + 1)
        st.rerun()


def _restore(chosen: Slice, platforms: list[str]) -> None:
    """Give the filter widgets the session's slice where they have no value (Streamlit forgets a
    widget's value when a run does not draw it: coming back from Review)."""
    values: dict[str, Any] = {
        "q_order": chosen.order, "q_category": chosen.category or "", "q_lang": chosen.lang or "",
        "q_platform": chosen.platform if chosen.platform in platforms else "", "q_status": chosen.status or "",
        "q_score": (chosen.min_score, chosen.max_score),
        "q_days": [d for d in (chosen.posted_from, chosen.posted_to) if d is not None],
        "q_search": chosen.search or "", "q_waiting": chosen.waiting}
    for key, value in values.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _open_review(post_id: int | None) -> None:
    """Review, on `post_id` (None: the slice's next post), in a new view of the page."""
    state.set_(state.CURRENT_POST, post_id)
    state.new_view()
    state.go_to("Review")
    st.rerun()


@st.cache_data(ttl=60)
def _platforms(post_count: int) -> list[str]:
    """The stored posts' platforms (again when the store grows, or after a minute)."""
    return state.store().platforms()


def _first_page() -> None:
    """New filters, new results: back to page 1."""
    state.set_(state.QUEUE_PAGE, 0)
