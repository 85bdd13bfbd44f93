"""Overview: charts of what was flagged, what is shared, and how the review goes."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard import state
from dashboard.tables import show_table

COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)


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
    dated = [r for r in stats["by_day"] if r["day"] != "unknown"]
    undated = sum(r["posts"] for r in stats["by_day"] if r["day"] == "unknown")
    if dated:
        st.subheader("Flagged posts over time, by category")
        st.altair_chart(alt.Chart(alt.Data(values=dated)).mark_bar().encode(
            x=alt.X("day:T", timeUnit="yearmonthdate", title="day posted",
                    axis=alt.Axis(format="%Y-%m-%d", tickCount="day", labelOverlap=True)),
            y=alt.Y("sum(posts):Q", title="flagged posts", axis=COUNT_AXIS), color=alt.Color("category:N"),
            tooltip=[alt.Tooltip("day:T", format="%Y-%m-%d"), "category:N", "posts:Q"]), width="stretch")
    if undated:
        st.caption(f"{undated} flagged posts have no date")
    if stats["by_lang"]:
        st.subheader("Flagged posts by language")
        st.altair_chart(alt.Chart(alt.Data(values=stats["by_lang"])).mark_bar().encode(
            x=alt.X("posts:Q", title="flagged posts", axis=COUNT_AXIS), y=alt.Y("lang:N", sort="-x", title="language"),
            tooltip=["lang:N", "posts:Q"]).properties(height=max(120, 30 * len(stats["by_lang"]))), width="stretch")
    left, right = st.columns(2)
    with left:
        st.subheader("Most shared identifiers")
        show_table(stats["shared_identifiers"] or [{"identifier": "—", "posts": 0}])
    with right:
        st.subheader("Agreement between analysts")
        show_table([{"": k, "posts": v} for k, v in stats["agreement"].items()])
