"""Campaigns: flagged posts grouped by near-duplicate text and shared contacts, labelled at once.

The grouping is stored (`PostStore.regroup_campaigns`, run by `vigie ingest`, `vigie score --store`
and the button here), so the page reads tables instead of grouping every post on each visit.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st

from dashboard import state
from dashboard.tables import show_table
from detector.taxonomy import BENIGN_CATEGORIES, SCAM_CATEGORIES
from review import PostStore, StoreError
from review.campaign_edits import EVIDENCE_POSTS, CampaignEdit
from review.campaigns import Campaign

TIMELINE_CAMPAIGNS = 20
SHOWN_POSTS = 500
NOTICE = "c_notice"  # what the last edit did, shown after the page is drawn again


def render() -> None:
    st.header("Campaigns")
    if notice := st.session_state.pop(NOTICE, None):
        st.success(notice)
    store = state.store()
    run = store.campaign_run()
    new_posts = store.count_posts() - (run["posts_in_store"] if run else 0)
    if run:
        st.caption(f"Grouped {run['at']:%Y-%m-%d %H:%M} UTC over {run['flagged']} flagged posts in "
                   f"{run['seconds']:.1f} s" + (f" · {new_posts} posts stored since" if new_posts else ""))
    if (not run or new_posts) and st.button("Group the flagged posts again", key="c_regroup"):
        with st.spinner("grouping flagged posts into campaigns"):
            store.regroup_campaigns(actor=str(state.get(state.USER)))
        st.rerun()
    if state.is_admin():
        _full_regrouping(store)
    campaigns = store.campaigns(limit=200)
    if not campaigns:
        st.info("No campaign among the flagged posts yet." if run else "The flagged posts were never grouped.")
        return
    show_table([{**c, "shared": ", ".join(c["shared"]) or "near-duplicate text only"} for c in campaigns])
    largest = [c["campaign"] for c in campaigns[:TIMELINE_CAMPAIGNS]]
    timeline = store.campaign_timeline(largest)
    if timeline:
        st.subheader(f"Timeline of the {len(largest)} largest campaigns")
        if undated := len(largest) - len({t["campaign"] for t in timeline}):
            st.caption(f"{undated} of them have no dated post")
        chart = alt.Chart(alt.Data(values=timeline)).mark_circle().encode(
            x=alt.X("day:T", title="day posted", axis=alt.Axis(format="%Y-%m-%d", tickCount="day", labelOverlap=True)),
            y=alt.Y("campaign:N", sort=largest, title=None),
            size=alt.Size("posts:Q", title="posts that day", scale=alt.Scale(domainMin=1),
                          legend=alt.Legend(format="d", tickMinStep=1)),
            tooltip=["campaign:N", alt.Tooltip("day:T", format="%Y-%m-%d"), "posts:Q"],
        ).properties(height=max(120, 28 * len({t["campaign"] for t in timeline})))
        st.altair_chart(chart, width="stretch")
    chosen = st.selectbox("Open a campaign", [c["campaign"] for c in campaigns], key="c_open",
                          format_func=lambda cid: next(f"{cid}: {c['posts']} posts" for c in campaigns
                                                       if c["campaign"] == cid))
    _campaign(store, next(c for c in campaigns if c["campaign"] == chosen), [c["campaign"] for c in campaigns])


def _campaign(store: PostStore, campaign: Campaign, listed: list[str]) -> None:
    """One campaign: what its posts share, its posts, why they are linked, editing the grouping, and
    labelling every post at once."""
    cid = campaign["campaign"]
    posts = store.campaign_posts(cid, limit=SHOWN_POSTS)
    st.subheader(f"{cid}: {campaign['posts']} posts"
                 + (f", {campaign['first'][:10]} → {(campaign['last'] or '')[:10]}" if campaign["first"] else ""))
    st.text("Shared: " + (", ".join(campaign["shared"]) or "near-duplicate text only")
            + (" · same template" if campaign["template"] else ""))
    show_table([{**p, "score": round(p["score"], 3), "text": p["text"][:160], "links": ", ".join(p["links"])}
                for p in posts])
    if campaign["posts"] > len(posts):
        st.caption(f"the first {len(posts)} posts are shown; labelling applies to all {campaign['posts']}")
    _links(store, cid)
    _edit(store, cid, [p["post"] for p in posts], [c for c in listed if c != cid])
    _label(store, campaign)
    if state.is_admin():
        _indicators(store, cid)


def _links(store: PostStore, cid: str) -> None:
    """Why the posts are linked: each pair's shared evidence, as table cells (never markup)."""
    links = store.campaign_links(cid)
    st.subheader("Why these posts are linked")
    if not links:
        st.caption("no pair of posts shares a template or an identifier directly (linked through other posts)")
        return
    show_table([{"post": e["first"], "with post": e["second"],
                 "text similarity": e["similarity"], "evidence": "; ".join(e["shared"])} for e in links])
    st.caption(f"pairs among the first {EVIDENCE_POSTS} posts")


def _edit(store: PostStore, cid: str, members: list[int], others: list[str]) -> None:
    """Exclude a post, split some posts off, merge another campaign in: every analyst may, each audited
    and kept by later groupings (`review.campaign_edits`)."""
    user = str(state.get(state.USER))
    with st.expander("Correct this campaign (exclude, split, merge)"):
        post = st.selectbox("Post that is not part of this campaign", members, key=f"cexclude_post_{cid}")
        if st.button("Exclude this post from the campaign", key=f"cexclude_{cid}") and post is not None:
            _apply(lambda: store.exclude_from_campaign(cid, int(post), user), f"post {post} excluded from {cid}")
        chosen = st.multiselect("Posts to move to a new campaign", members, key=f"csplit_posts_{cid}")
        if st.button("Split them off", key=f"csplit_{cid}"):
            _apply(lambda: store.split_campaign(cid, [int(p) for p in chosen], user), "posts moved to a new campaign")
        other = st.selectbox("Campaign to merge into this one", others, key=f"cmerge_other_{cid}")
        if st.button("Merge it into this campaign", key=f"cmerge_{cid}") and other is not None:
            _apply(lambda: store.merge_campaigns(cid, str(other), user), f"{other} merged into {cid}")


def _apply(action: Callable[[], CampaignEdit], done: str) -> None:
    try:
        action()
    except StoreError as err:
        st.error(str(err))
        return
    st.session_state[NOTICE] = done
    st.rerun()


def _label(store: PostStore, campaign: Campaign) -> None:
    """Label every member at once, after confirmation; the majority suggested category is offered first."""
    cid = campaign["campaign"]
    labels = list(SCAM_CATEGORIES) + list(BENIGN_CATEGORIES)
    suggested = store.campaign_categories(cid)
    majority = next((c for c in suggested if c in labels), labels[0])
    with st.form(f"label_{cid}"):
        label = st.selectbox("Label every post of this campaign", labels, index=labels.index(majority),
                             key=f"clabel_{cid}")
        st.caption("suggested by the model: " + ", ".join(f"{c} ({n})" for c, n in suggested.items())
                   + " · posts excluded from the campaign are left out; earlier notes are kept")
        confirmed = st.checkbox(f"Yes, label all {campaign['posts']} posts of {cid} with the chosen label",
                                key=f"cconfirm_{cid}")
        if st.form_submit_button("Label the campaign", key=f"csubmit_{cid}"):
            if not confirmed:
                st.warning("Tick the confirmation first: nothing was labelled.")
                return
            try:
                done = store.label_campaign(cid, str(state.get(state.USER)), label)
            except StoreError as err:
                st.error(str(err))
                return
            kept = f" ({len(done['notes_kept'])} earlier notes kept)" if done["notes_kept"] else ""
            st.success(f"{len(done['posts'])} posts labelled {label}{kept}")


def _indicators(store: PostStore, cid: str) -> None:
    """Admins only: the campaign's indicators as a STIX 2.1 bundle without post text, as `vigie
    export-indicators --campaign` writes it (`review.indicators`); prepared on demand and audited."""
    if st.button("Prepare this campaign's indicators (STIX 2.1, no post text)", key=f"cstix_{cid}"):
        from review.indicators import export_bundle

        bundle = export_bundle(store, [cid], actor=str(state.get(state.USER))).serialize(pretty=True)
        st.download_button("Download the STIX bundle", bundle, file_name=f"vigie-campaign-{cid}.stix.json",
                           mime="application/json", key=f"cstix_get_{cid}")


def _full_regrouping(store: PostStore) -> None:
    """Admins only: group every flagged post again from scratch (new posts otherwise only join the
    stored campaigns, which are never merged or split by themselves). Analysts' exclusions, splits
    and merges are kept, and stored ids follow the most of their posts."""
    with st.expander("Regroup every flagged post (admins)"):
        sure = st.checkbox("Yes, regroup all stored flagged posts from scratch", key="c_full_sure")
        if st.button("Regroup all", key="c_full_regroup", disabled=not sure):
            with st.spinner("grouping every flagged post again"):
                done = store.regroup_campaigns(actor=str(state.get(state.USER)), full=True)
            st.session_state[NOTICE] = (f"Regrouped {done['flagged']} flagged posts into {done['campaigns']} "
                                        f"campaigns in {done['seconds']:.1f} s.")
            st.rerun()
