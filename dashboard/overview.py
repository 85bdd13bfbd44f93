"""Overview: charts of what was flagged, what is shared, and how the review goes."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from dashboard import state


def render() -> None:
    st.header("Overview")
    stats = state.store().overview()
    cols = st.columns(4)
    cols[0].metric("Flagged posts", stats["flagged"])
    cols[1].metric("Reviewed", f"{stats['reviewed']} ({stats['reviewed'] / max(stats['flagged'], 1):.0%})")
    precision = stats["precision_on_reviewed"]
    cols[2].metric("Model precision on settled posts",
                   "-" if precision is None else f"{precision:.0%}", help=f"{stats['settled_flagged']} settled")
    cols[3].metric("Disagreements", stats["agreement"]["disagree"])
    by_day = Counter((r["day"], r["category"]) for r in stats["by_day"])
    if by_day:
        st.subheader("Flagged posts over time, by category")
        days = sorted({d for d, _ in by_day})
        categories = sorted({c for _, c in by_day})
        st.bar_chart({c: [by_day[(d, c)] for d in days] for c in categories} | {"day": days}, x="day",
                     y=categories, stack=True)
        st.subheader("By language")
        by_lang = Counter(r["lang"] for r in stats["by_day"])
        st.bar_chart({"language": list(by_lang), "posts": list(by_lang.values())}, x="language", y="posts")
    left, right = st.columns(2)
    with left:
        st.subheader("Most shared identifiers")
        st.dataframe(stats["shared_identifiers"] or [{"identifier": "-", "posts": 0}], hide_index=True,
                     width="stretch")
    with right:
        st.subheader("Agreement between analysts")
        st.dataframe([{"": k, "posts": v} for k, v in stats["agreement"].items()], hide_index=True, width="stretch")
