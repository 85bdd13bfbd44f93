"""Campaigns: flagged posts grouped by near-duplicate text and shared contacts, labelled at once."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import streamlit as st

from dashboard import state
from detector.campaigns import find_campaigns, handle_key
from detector.classifiers import BENIGN_CATEGORIES, SCAM_CATEGORIES


@st.cache_data(ttl=300, show_spinner="grouping posts into campaigns")
def _campaigns(post_count: int) -> list[dict[str, Any]]:
    """Campaigns of the store's flagged posts (recomputed when the store grows, or after 5 minutes)."""
    posts = state.store().posts_for_campaigns()
    handles = [[handle_key(p["author_handle"])] if p["author_handle"] else [] for p in posts]
    links = find_campaigns([str(p["id"]) for p in posts], [p["text"] for p in posts], extra_keys=handles)
    groups: dict[str, list[tuple[dict[str, Any], list[str]]]] = defaultdict(list)
    for post, link in zip(posts, links, strict=True):
        if link.campaign:
            groups[link.campaign].append((post, link.links))
    out = []
    for campaign, members in groups.items():
        dates = sorted(p["posted_at"] for p, _ in members if p["posted_at"])
        shared = sorted({k for _, keys in members for k in keys if not k.startswith("template:")})
        out.append({"campaign": campaign, "members": [p for p, _ in members], "shared": shared,
                    "template": any(k.startswith("template:") for _, keys in members for k in keys),
                    "first": dates[0] if dates else None, "last": dates[-1] if dates else None})
    return sorted(out, key=lambda c: (-len(c["members"]), c["campaign"]))


def render() -> None:
    st.header("Campaigns")
    store = state.store()
    campaigns = _campaigns(store.count_posts())
    if not campaigns:
        st.info("No campaign among the flagged posts yet.")
        return
    st.caption(f"{len(campaigns)} campaigns, {sum(len(c['members']) for c in campaigns)} flagged posts")
    for c in campaigns[:50]:
        title = (f"{c['campaign']}: {len(c['members'])} posts"
                 + (f", {c['first'][:10]} → {c['last'][:10]}" if c["first"] else "")
                 + (" · same template" if c["template"] else ""))
        with st.expander(title):
            st.text("Shared: " + (", ".join(c["shared"]) or "near-duplicate text only"))
            st.dataframe([{"post": p["id"], "date": p["posted_at"], "score": round(p["scam_score"], 3),
                           "category": p["category"], "text": p["text"][:160]} for p in c["members"]],
                         hide_index=True, width="stretch")
            with st.form(f"label_{c['campaign']}"):
                label = st.selectbox("Label every post of this campaign", list(SCAM_CATEGORIES)
                                     + list(BENIGN_CATEGORIES), key=f"clabel_{c['campaign']}")
                if st.form_submit_button("Label the campaign", key=f"csubmit_{c['campaign']}"):
                    user = str(state.get(state.USER))
                    for post in c["members"]:
                        store.review(post["id"], user, label, note=f"campaign {c['campaign']}")
                    store.record(user, "label_campaign", campaign=c["campaign"], label=label,
                                 posts=[p["id"] for p in c["members"]])
                    st.success(f"{len(c['members'])} posts labelled {label}")
