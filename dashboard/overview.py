"""Overview: charts of what was flagged, what is shared, and how the review goes.

Charts are drawn to be read: the timeline in days, weeks or months (whichever gives at most ~60
bars, `review.overview.bin_size`), categories in the Okabe-Ito palette (told apart with any of the
common colour-vision deficiencies) in a fixed order, and every axis label shown (one band per label,
never thinned out for lack of room).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import streamlit as st

from dashboard import state
from dashboard.tables import show_table
from detector.taxonomy import CATEGORIES

COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
# Okabe & Ito (2008), "Color Universal Design": one colour per category, in the taxonomy's order.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442", "#000000")
CATEGORY_COLOURS = alt.Scale(domain=list(CATEGORIES), range=list(OKABE_ITO[:len(CATEGORIES)]))
BIN_TITLES = {"day": "day posted", "week": "week posted (from Monday)", "month": "month posted"}


def timeline(rows: Sequence[Mapping[str, Any]], bins: str, periods: Sequence[str]) -> alt.Chart:
    """Stacked bars of flagged posts per bin and category; one labelled band per bin of `periods`
    (empty bins too: a quiet week shows as a gap, not as nothing)."""
    return alt.Chart(alt.Data(values=list(rows))).mark_bar().encode(
        x=alt.X("day:O", title=BIN_TITLES[bins], scale=alt.Scale(domain=list(periods)),
                axis=alt.Axis(labelOverlap=False, labelAngle=-45 if len(rows) > 8 else 0, labelLimit=0)),
        y=alt.Y("sum(posts):Q", title="flagged posts", axis=COUNT_AXIS),
        color=alt.Color("category:N", scale=CATEGORY_COLOURS, title="category"),
        order=alt.Order("category:N"),
        tooltip=[alt.Tooltip("day:O", title=bins), "category:N", "posts:Q"])


def by_language(rows: Sequence[Mapping[str, Any]]) -> alt.Chart:
    """Horizontal bars of flagged posts per language, one 28-pixel band (and its label) per language."""
    return alt.Chart(alt.Data(values=list(rows))).mark_bar(color=OKABE_ITO[4]).encode(
        x=alt.X("posts:Q", title="flagged posts", axis=COUNT_AXIS),
        y=alt.Y("lang:N", sort="-x", title="language", axis=alt.Axis(labelOverlap=False, labelLimit=0)),
        tooltip=["lang:N", "posts:Q"]).properties(height=alt.Step(28))


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
    undated = sum(r["posts"] for r in stats["by_day"] if r["day"] == "unknown")
    if stats["by_period"]:
        st.subheader(f"Flagged posts per {stats['bins']}, by category")
        st.altair_chart(timeline(stats["by_period"], stats["bins"], stats["periods"]), width="stretch")
    if undated:
        st.caption(f"{undated} flagged posts have no date")
    if stats["by_lang"]:
        st.subheader("Flagged posts by language")
        st.altair_chart(by_language(stats["by_lang"]), width="stretch")
    left, right = st.columns(2)
    with left:
        st.subheader("Most shared identifiers")
        show_table(stats["shared_identifiers"] or [{"identifier": "—", "posts": 0}])
    with right:
        st.subheader("Agreement between analysts")
        show_table([{"": k, "posts": v} for k, v in stats["agreement"].items()])
        agreement = stats["inter_rater"]
        figures = st.columns(3)
        figures[0].metric("Krippendorff's α (labels)", _figure(agreement["alpha"]),
                          help="nominal, over the posts two analysts or more reviewed; 1 = perfect, 0 = chance")
        figures[1].metric("α (lure or not)", _figure(agreement["alpha_scam"]))
        observed = agreement["observed"]
        figures[2].metric("Observed agreement", "-" if observed is None else f"{observed:.0%}")
        if agreement["pairs"]:
            show_table([{"analysts": p["analysts"], "posts": p["posts"], "Cohen's κ": _figure(p["kappa"])}
                        for p in agreement["pairs"]])
        st.caption(f"{agreement['posts']} posts reviewed by two analysts or more; α and κ are undefined "
                   "(shown -) until the labels vary")


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
