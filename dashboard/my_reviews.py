"""My reviews: what waits for me, my reviews (filtered by status and label) and their download
(CSV that a spreadsheet cannot run, JSONL), and every analyst's progress.

An analyst sees and downloads only their own reviews; an admin may pick any analyst.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboard import state
from dashboard.tables import safe_rows, show_table
from detector.taxonomy import CATEGORIES
from review import REVIEW_STATUSES
from review.reviews import OwnReview

SHOWN = 200  # reviews listed on the page (the downloads hold them all)


def render() -> None:
    st.header("My reviews")
    store = state.store()
    me = str(state.get(state.USER))
    progress = store.progress()
    analysts = {row["analyst"]: row for row in progress["analysts"]}
    mine = analysts.get(me, {"submitted": 0, "drafts": 0, "second opinions": 0})
    cols = st.columns(4)
    cols[0].metric("Waiting for you", store.waiting_count(me),
                   help="flagged posts nobody else has open that still need your review (a first or second opinion)")
    cols[1].metric("Submitted", mine["submitted"])
    cols[2].metric("Second opinions", mine["second opinions"])
    cols[3].metric("Drafts", mine["drafts"])

    who = me
    if state.is_admin():
        who = st.selectbox("Analyst", sorted(set(analysts) | {me}), index=sorted(set(analysts) | {me}).index(me),
                           key="mine_analyst")
    filters = st.columns(2)
    status = filters[0].selectbox("Status", ["", *REVIEW_STATUSES], key="mine_status")
    label = filters[1].selectbox("Label", ["", *CATEGORIES], key="mine_label")
    rows = store.reviews_by(who, status=status or None, label=label or None)
    st.caption(f"{len(rows)} reviews by {who}" + (f" (the latest {SHOWN} listed)" if len(rows) > SHOWN else ""))
    if rows:
        show_table([{"post": r["post_id"], "label": r["label"], "status": r["status"], "now": r["state"],
                     "at": r["updated_at"], "note": r["note"], "text": r["text"][:120]} for r in rows[:SHOWN]])
        downloads = st.columns(2)
        downloads[0].download_button("Download these reviews (CSV)", data=reviews_csv(rows),
                                     file_name=f"reviews-{who}.csv", mime="text/csv", key="mine_csv")
        downloads[1].download_button("Download these reviews (JSONL)", data=reviews_jsonl(rows),
                                     file_name=f"reviews-{who}.jsonl", mime="application/jsonl", key="mine_jsonl")

    st.subheader("Progress by analyst")
    st.text(f"{progress['settled_or_done']} of {progress['flagged']} flagged posts have every review they need; "
            f"{progress['second_opinions_done']} of {progress['second_opinions_needed']} second opinions given "
            f"({progress['share']:.0%} of flagged posts go to two analysts)")
    show_table([{**row, "last review": row["last review"].isoformat(timespec="minutes") if row["last review"] else ""}
                for row in progress["analysts"]] or [{"analyst": "—", "submitted": 0}])


def reviews_csv(rows: Sequence[OwnReview]) -> bytes:
    """The reviews as CSV (UTF-8 with a BOM, for spreadsheets), every cell safe to open (`safe_rows`).

    Example
    -------
    >>> reviews_csv([{"post_id": 1, "label": "fake_job", "note": "=1+1"}]).decode("utf-8-sig").splitlines()
    ['post_id,label,note', "1,fake_job,'=1+1"]
    """
    out = io.StringIO()
    safe = safe_rows(rows)
    if safe:
        writer = csv.DictWriter(out, fieldnames=list(safe[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(safe)
    return out.getvalue().encode("utf-8-sig")


def reviews_jsonl(rows: Sequence[OwnReview] | Sequence[dict[str, Any]]) -> bytes:
    """The reviews as JSON Lines (the text as written: JSON is never run by a spreadsheet)."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
