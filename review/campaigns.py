"""Campaigns in the store: the flagged posts grouped (`detector.campaigns.find_campaigns`) and the
result stored, so the dashboard reads campaigns instead of grouping them on each visit."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypedDict

import numpy as np
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from detector.campaign_index import (
    band_buckets,
    estimated_jaccard,
    join_communities,
    lsh_shape,
    signature_bytes,
    signature_values,
    stable_ids,
)
from detector.campaigns import HUB_TEMPLATES, campaign_id, group_posts
from review.audit import audit
from review.engine import Database
from review.posts import join_latest_suggestion
from review.tables import (
    CampaignBandRow,
    CampaignEditRow,
    CampaignIndexRow,
    CampaignMemberRow,
    CampaignRow,
    CampaignRunRow,
    IdentifierRow,
    PostRow,
    SuggestionRow,
)

log = logging.getLogger(__name__)


class CampaignPostInput(TypedDict):
    """What grouping a post into campaigns needs."""

    id: int
    text: str
    author_handle: str | None
    posted_at: str | None
    scam_score: float
    category: str


class Run(TypedDict):
    """One grouping: over how many posts, how many campaigns came out, how long it took."""

    posts_in_store: int
    flagged: int
    campaigns: int
    seconds: float


class StoredRun(Run):
    at: datetime


class Campaign(TypedDict):
    campaign: str
    posts: int
    first: str | None
    last: str | None
    shared: list[Any]
    template: bool


class CampaignPost(TypedDict):
    post: int
    date: str | None
    author: str | None
    text: str
    score: float
    category: str
    links: list[Any]


class TimelinePoint(TypedDict):
    campaign: str
    day: str
    posts: int


def edits(db: Database) -> dict[int, str | None]:
    """Analysts' edits of the grouping (`review.campaign_edits`): each edited post and the campaign
    they put it in, None where they excluded it from any."""
    with db.session(write=False) as session:
        return {post: campaign for post, campaign in session.execute(
            select(CampaignEditRow.post_id, CampaignEditRow.campaign))}


def posts_for_campaigns(db: Database, *, flagged_only: bool = True) -> list[CampaignPostInput]:
    """Every (flagged) post with what grouping into campaigns needs: text, author, date, score."""
    query = join_latest_suggestion(select(PostRow.id, PostRow.text, PostRow.author_handle, PostRow.posted_at,
                                          SuggestionRow.scam_score, SuggestionRow.category)).order_by(PostRow.id)
    if flagged_only:
        query = query.where(SuggestionRow.flagged.is_(True))
    with db.session(write=False) as session:
        return [CampaignPostInput(id=r[0], text=r[1], author_handle=r[2], posted_at=r[3], scam_score=r[4],
                                  category=r[5]) for r in session.execute(query)]


def regroup(db: Database, *, actor: str = "vigie", threshold: float = 0.5, full: bool | None = None) -> Run:
    """Group the flagged posts into campaigns and store the result.

    Two ways: the whole store regrouped (`detector.campaigns.group_posts`, author handles included),
    stored in place of the last grouping, each stored campaign's id going to the new campaign that
    holds most of its posts (`detector.campaign_index.stable_ids`); or only the flagged posts not yet
    grouped, added to the stored campaigns through the campaign index (`add_new`).

    Parameters
    ----------
    full : bool or None
        True: regroup everything; False: add the new posts; None (default): add them when the store
        was grouped before and fewer posts are new than grouped, else regroup everything.

    Returns
    -------
    Run
        ``posts_in_store``, ``flagged``, ``campaigns``, ``seconds``.
    """
    if full is None:
        with db.session(write=False) as session:
            indexed = session.scalar(select(func.count()).select_from(CampaignIndexRow)) or 0
        full = indexed == 0 or len(_new_posts(db, ids_only=True)) >= indexed
    return _regroup_all(db, actor=actor, threshold=threshold) if full else add_new(db, actor=actor,
                                                                                    threshold=threshold)


def _index_rows(post_ids: Sequence[int], sigs: Sequence[Any], sizes: Sequence[int] | np.ndarray,
                framed: Sequence[bool], threshold: float,
                mentions: Sequence[list[str]] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The campaign_index and campaign_bands rows of these posts."""
    bands, rows = lsh_shape(threshold)
    index, buckets = [], []
    for k, (post, sig, size, frame) in enumerate(zip(post_ids, sigs, sizes, framed, strict=True)):
        data = signature_bytes(sig)
        index.append({"post_id": post, "signature": data, "shingles": int(size), "framed": bool(frame),
                      "mentions": list(mentions[k]) if mentions else []})
        buckets += [{"band": b, "bucket": bucket, "post_id": post}
                    for b, bucket in enumerate(band_buckets(signature_values(data), bands, rows))]
    return index, buckets


def summaries(groups: dict[str, list[tuple[int, str | None, list[str]]]]) -> list[dict[str, Any]]:
    """The `campaigns` rows (size, dates, shared keys, template) from each campaign's (post, date, links)."""
    out = []
    for campaign, group in groups.items():
        dates = sorted(d for _, d, _ in group if d)
        keys = {k for _, _, post_keys in group for k in post_keys}
        out.append({"id": campaign, "size": len(group), "first_posted": dates[0] if dates else None,
                    "last_posted": dates[-1] if dates else None,
                    "shared": sorted(k for k in keys if not k.startswith("template:")),
                    "template": any(k.startswith("template:") for k in keys)})
    return out


def _lock(db: Database, session: Session) -> None:
    if db.engine.dialect.name == "postgresql":
        # Two groupings at once: the second waits, then sees the first's rows instead of colliding with them.
        session.execute(text_sql("LOCK TABLE campaign_runs IN EXCLUSIVE MODE"))


def _regroup_all(db: Database, *, actor: str, threshold: float) -> Run:
    started = time.perf_counter()
    posts_in_store = db.count_posts()
    posts = posts_for_campaigns(db)
    links, graph, sigs = group_posts([str(p["id"]) for p in posts], [p["text"] for p in posts], threshold=threshold,
                                     author_handles=[p["author_handle"] for p in posts])
    # Ids carried over from the stored grouping: a campaign keeps its id when it keeps most of its posts.
    with db.session(write=False) as session:
        previous = {str(post): campaign for post, campaign in
                    session.execute(select(CampaignMemberRow.post_id, CampaignMemberRow.campaign))}
    # Analysts' edits stand: an excluded post stays out, a post split or merged stays where they put it.
    edited = edits(db)
    rename = stable_ids(previous, {link.id: link.campaign for link in links
                                   if link.campaign and int(link.id) not in edited})
    groups: dict[str, list[tuple[int, str | None, list[str]]]] = defaultdict(list)
    for post, link in zip(posts, links, strict=True):
        if link.campaign and post["id"] not in edited:
            campaign = rename[link.campaign]
            shared = [f"template:{campaign}" if k.startswith("template:") else k for k in link.links]
            groups[campaign].append((post["id"], post["posted_at"], shared))
    pinned = {i for i, post in enumerate(posts) if edited.get(post["id"])}
    for i in sorted(pinned):
        campaign = str(edited[posts[i]["id"]])
        others = {k for _, _, shared in groups[campaign] for k in shared}
        groups[campaign].append((posts[i]["id"], posts[i]["posted_at"], sorted(graph.keys_of[i] & others)))
    pinned_campaigns = {str(edited[posts[i]["id"]]) for i in pinned}
    groups = defaultdict(list, {c: g for c, g in groups.items() if len(g) > 1 or c in pinned_campaigns})
    campaigns = summaries(groups)
    members = [{"post_id": p, "campaign": c, "links": k} for c, group in groups.items() for p, _, k in group]
    index, buckets = _index_rows([p["id"] for p in posts], sigs, graph.sizes, graph.framed, threshold,
                                 [sorted(rename.get(c, c) for c in link.mentions) for link in links])
    run = Run(posts_in_store=posts_in_store, flagged=len(posts), campaigns=len(campaigns),
              seconds=round(time.perf_counter() - started, 3))

    def work(session: Session) -> None:
        _lock(db, session)
        for table in (CampaignMemberRow, CampaignRow, CampaignBandRow, CampaignIndexRow):
            session.execute(delete(table))
        if campaigns:
            session.execute(insert(CampaignRow), campaigns)
            session.execute(insert(CampaignMemberRow), members)
        if index:
            session.execute(insert(CampaignIndexRow), index)
            session.execute(insert(CampaignBandRow), buckets)
        session.add(CampaignRunRow(**run))
        audit(session, actor, "regroup_campaigns", {**run, "mode": "full"})

    db.retry(work)
    log.info("campaigns regrouped: %s", run)
    return run


def _new_posts(db: Database, *, ids_only: bool = False) -> list[CampaignPostInput]:
    """The flagged posts not in the campaign index (not grouped yet), oldest id first."""
    columns = (PostRow.id,) if ids_only else (PostRow.id, PostRow.text, PostRow.author_handle, PostRow.posted_at,
                                              SuggestionRow.scam_score, SuggestionRow.category)
    query = (join_latest_suggestion(select(*columns)).where(SuggestionRow.flagged.is_(True))
             .where(~PostRow.id.in_(select(CampaignIndexRow.post_id))).order_by(PostRow.id))
    with db.session(write=False) as session:
        rows = session.execute(query).all()
    if ids_only:
        return [CampaignPostInput(id=r[0], text="", author_handle=None, posted_at=None, scam_score=0.0, category="")
                for r in rows]
    return [CampaignPostInput(id=r[0], text=r[1], author_handle=r[2], posted_at=r[3], scam_score=r[4],
                              category=r[5]) for r in rows]


def _chunks(items: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [items[k:k + size] for k in range(0, len(items), size)]


def add_new(db: Database, *, actor: str = "vigie", threshold: float = 0.5) -> Run:
    """Add the flagged posts not grouped yet to the stored campaigns, without regrouping the store.

    Their candidates are read from the campaign index: the stored posts in one of their LSH buckets
    (`campaign_bands`, the banding of `detector.campaign_index.lsh_shape`) and those sharing one of their
    identifiers (`identifiers`). A key found on the members of more than `HUB_TEMPLATES` stored
    campaigns is a hub and links nothing; any other weighs 1 / (the campaigns it is found on). Then
    Leiden (`detector.campaign_index.join_communities`) with the stored campaigns' members fixed: a new
    post joins the campaign it has most evidence for, or forms a new campaign with other posts
    (stored posts that were alone included). Warnings and reports join nothing (the next full
    regrouping names the campaign they mention). Stored campaigns never merge nor split here: a
    full regrouping (`regroup(full=True)`) does that.
    """
    started = time.perf_counter()
    posts_in_store = db.count_posts()
    new = _new_posts(db)
    _, graph, sigs = group_posts([str(p["id"]) for p in new], [p["text"] for p in new], threshold=threshold,
                                 author_handles=[p["author_handle"] for p in new], framed=None)
    index, buckets = _index_rows([p["id"] for p in new], sigs, graph.sizes, graph.framed, threshold)
    new_ids = [p["id"] for p in new]
    values = {p["id"]: signature_values(row["signature"]) for p, row in zip(new, index, strict=True)}
    keys_of = {p["id"]: graph.keys_of[k] for k, p in enumerate(new)}
    with db.session(write=False) as session:
        candidates: set[int] = set()
        buckets_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for row in buckets:
            buckets_of[row["post_id"]].append((row["band"], row["bucket"]))
        bucket_posts: dict[tuple[int, int], list[int]] = defaultdict(list)
        wanted = {(row["band"], row["bucket"]) for row in buckets}
        for chunk in _chunks(sorted({bucket for _, bucket in wanted})):
            for post, band, bucket in session.execute(
                    select(CampaignBandRow.post_id, CampaignBandRow.band, CampaignBandRow.bucket)
                    .where(CampaignBandRow.bucket.in_(chunk))):
                if (band, bucket) in wanted:
                    candidates.add(post)
                    bucket_posts[(band, bucket)].append(post)
        all_keys = sorted({k for keys in keys_of.values() for k in keys})
        key_posts: dict[str, set[int]] = defaultdict(set)
        for chunk in _chunks(all_keys):
            for post, key in session.execute(select(IdentifierRow.post_id, IdentifierRow.key)
                                             .join(CampaignIndexRow, CampaignIndexRow.post_id == IdentifierRow.post_id)
                                             .where(IdentifierRow.key.in_(chunk))):
                key_posts[key].add(post)
        old = sorted((candidates | {p for posts in key_posts.values() for p in posts}) - set(new_ids))
        stored: dict[int, tuple[np.ndarray, bool]] = {}
        campaign_of: dict[int, str] = {}
        for chunk in _chunks(old):
            for post, data, framed in session.execute(
                    select(CampaignIndexRow.post_id, CampaignIndexRow.signature, CampaignIndexRow.framed)
                    .where(CampaignIndexRow.post_id.in_(chunk))):
                stored[post] = (signature_values(data), framed)
            campaign_of.update((post, campaign) for post, campaign in session.execute(
                select(CampaignMemberRow.post_id, CampaignMemberRow.campaign)
                .where(CampaignMemberRow.post_id.in_(chunk))))
        existing_ids = set(session.scalars(select(CampaignRow.id)))
    # Key weights: spread over the stored campaigns of the posts that carry the key.
    weight: dict[str, float] = {}
    for key in all_keys:
        spread = len({campaign_of.get(p, f"alone:{p}") for p in key_posts.get(key, ())})
        weight[key] = 0.0 if spread > HUB_TEMPLATES else 1.0 / max(1, spread)
    nodes = [p for p, row in zip(new_ids, index, strict=True) if not row["framed"]]
    excluded = {p for p, campaign in edits(db).items() if campaign is None}
    nodes += [p for p in old if not stored[p][1] and p not in excluded]  # an excluded post joins nothing
    place = {p: k for k, p in enumerate(nodes)}
    weights: dict[tuple[int, int], float] = defaultdict(float)
    template: set[tuple[int, int]] = set()
    new_nodes = [p for p in nodes if p in values]
    order = {p: k for k, p in enumerate(new_ids)}
    new_by_key: dict[str, set[int]] = defaultdict(set)
    for p in new_nodes:
        for key in keys_of[p]:
            new_by_key[key].add(p)

    def link(a: int, b: int, w: float, *, is_template: bool = False) -> None:
        pair = (min(place[a], place[b]), max(place[a], place[b]))
        weights[pair] += w
        if is_template:
            template.add(pair)

    for i, j in graph.template_pairs:  # new posts that repeat one another (found by group_posts)
        if new_ids[i] in place and new_ids[j] in place:
            link(new_ids[i], new_ids[j], graph.template_pairs[(i, j)], is_template=True)
    for a in new_nodes:
        # Stored posts in one of its LSH buckets: compared by their stored signatures.
        for b in {q for bucket in buckets_of[a] for q in bucket_posts.get(bucket, ())}:
            if b in place and b not in values:
                similarity = estimated_jaccard(values[a], stored[b][0])
                if similarity >= threshold:
                    link(a, b, similarity, is_template=True)
        for key in keys_of[a]:
            if weight.get(key, 0) > 0:
                for b in key_posts.get(key, set()) | new_by_key[key]:
                    if b in place and b != a and (b not in order or order[b] > order[a]):
                        link(a, b, weight[key])
    labels = {c: k for k, c in enumerate(sorted(set(campaign_of.values())))}
    initial = [labels[campaign_of[p]] if p in campaign_of else len(labels) + k for k, p in enumerate(nodes)]
    fixed = [p in campaign_of for p in nodes]
    membership = join_communities(len(nodes), weights, initial, fixed) if nodes else []
    communities: dict[int, list[int]] = defaultdict(list)
    for p, label in zip(nodes, membership, strict=True):
        communities[label].append(p)
    joined: dict[int, str] = {}
    for posts in communities.values():
        free = [p for p in posts if p not in campaign_of]
        stored_campaign = next((campaign_of[p] for p in posts if p in campaign_of), None)
        if stored_campaign is not None:
            joined.update((p, stored_campaign) for p in free)
        elif len(posts) > 1:
            cid = campaign_id(str(min(posts)))
            while cid in existing_ids:
                cid = campaign_id(cid)
            existing_ids.add(cid)
            joined.update((p, cid) for p in posts)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in template:
        neighbours[nodes[a]].add(nodes[b])
        neighbours[nodes[b]].add(nodes[a])
    member_of = {**campaign_of, **joined}
    members = []
    for p, cid in joined.items():
        keys = keys_of.get(p, set())
        shared = sorted(k for k in keys if weight.get(k, 0) > 0 and any(
            q != p and member_of.get(q) == cid for q in key_posts.get(k, set()) | new_by_key[k]))
        if any(member_of.get(q) == cid for q in neighbours[p]):
            shared.append(f"template:{cid}")
        members.append({"post_id": p, "campaign": cid, "links": shared})
    # A new warning or report names the campaigns of the posts it shares a specific key with.
    for row in index:
        if row["framed"]:
            row["mentions"] = sorted({member_of[q] for k in keys_of[row["post_id"]] if weight.get(k, 0) > 0
                                      for q in key_posts.get(k, set()) | new_by_key[k] if q in member_of})
    touched = sorted(set(joined.values()))
    run_holder: dict[str, Run] = {}

    def work(session: Session) -> None:
        _lock(db, session)
        if session.scalar(select(func.count()).select_from(CampaignIndexRow)
                          .where(CampaignIndexRow.post_id.in_(new_ids[:500]))):
            # Another grouping indexed these posts meanwhile: its result stands.
            run_holder["run"] = Run(posts_in_store=posts_in_store, flagged=len(new), campaigns=0,
                                    seconds=round(time.perf_counter() - started, 3))
            return
        for chunk in _chunks(index):
            session.execute(insert(CampaignIndexRow), list(chunk))
        for chunk in _chunks(buckets, 5000):
            session.execute(insert(CampaignBandRow), list(chunk))
        fresh = [c for c in touched if session.get(CampaignRow, c) is None]
        if fresh:
            session.execute(insert(CampaignRow), [{"id": c, "size": 0, "first_posted": None, "last_posted": None,
                                                   "shared": [], "template": False} for c in fresh])
        if members:
            session.execute(delete(CampaignMemberRow).where(CampaignMemberRow.post_id.in_([m["post_id"]
                                                                                          for m in members])))
            session.execute(insert(CampaignMemberRow), members)
        groups: dict[str, list[tuple[int, str | None, list[str]]]] = defaultdict(list)
        for chunk in _chunks(touched):
            for post, cid, post_links, posted in session.execute(
                    select(CampaignMemberRow.post_id, CampaignMemberRow.campaign, CampaignMemberRow.links,
                           PostRow.posted_at).join(PostRow, PostRow.id == CampaignMemberRow.post_id)
                    .where(CampaignMemberRow.campaign.in_(chunk))):
                groups[cid].append((post, posted, post_links))
        for summary in summaries(groups):
            session.execute(update(CampaignRow).where(CampaignRow.id == summary["id"]).values(
                **{k: v for k, v in summary.items() if k != "id"}))
        total = session.scalar(select(func.count()).select_from(CampaignRow)) or 0
        flagged = session.scalar(select(func.count()).select_from(CampaignIndexRow)) or 0
        run = Run(posts_in_store=posts_in_store, flagged=flagged, campaigns=total,
                  seconds=round(time.perf_counter() - started, 3))
        session.add(CampaignRunRow(**run))
        audit(session, actor, "regroup_campaigns", {**run, "mode": "incremental", "new": len(new),
                                                    "joined": len(members)})
        run_holder["run"] = run

    db.retry(work)
    log.info("campaigns: %d new posts added: %s", len(new), run_holder["run"])
    return run_holder["run"]


def mentions(db: Database, campaign: str) -> list[int]:
    """The posts (warnings, debunks, reports) that name this campaign without being its members."""
    query = select(CampaignIndexRow.post_id, CampaignIndexRow.mentions).where(CampaignIndexRow.framed.is_(True))
    with db.session(write=False) as session:
        return sorted(post for post, named in session.execute(query) if campaign in (named or []))


def last_run(db: Database) -> StoredRun | None:
    """The last grouping into campaigns (when, over how many posts), or None if never grouped."""
    with db.session(write=False) as session:
        row = session.scalars(select(CampaignRunRow).order_by(CampaignRunRow.id.desc()).limit(1)).first()
        return None if row is None else StoredRun(at=row.at, posts_in_store=row.posts_in_store, flagged=row.flagged,
                                                  campaigns=row.campaigns, seconds=row.seconds)


def campaigns(db: Database, *, limit: int = 50, offset: int = 0) -> list[Campaign]:
    """Stored campaigns, largest first."""
    query = select(CampaignRow).order_by(CampaignRow.size.desc(), CampaignRow.id).limit(limit).offset(offset)
    with db.session(write=False) as session:
        return [Campaign(campaign=r.id, posts=r.size, first=r.first_posted, last=r.last_posted, shared=r.shared,
                         template=r.template) for r in session.scalars(query)]


def campaign_posts(db: Database, campaign: str, *, limit: int | None = None) -> list[CampaignPost]:
    """The posts of one stored campaign (the first `limit`), oldest first, with their suggestion
    and what they share."""
    query = (join_latest_suggestion(select(PostRow.id, PostRow.posted_at, PostRow.author_handle, PostRow.text,
                                           SuggestionRow.scam_score, SuggestionRow.category,
                                           CampaignMemberRow.links))
             .join(CampaignMemberRow, CampaignMemberRow.post_id == PostRow.id)
             .where(CampaignMemberRow.campaign == campaign).order_by(PostRow.posted_at, PostRow.id).limit(limit))
    with db.session(write=False) as session:
        return [CampaignPost(post=r[0], date=r[1], author=r[2], text=r[3], score=r[4], category=r[5], links=r[6])
                for r in session.execute(query)]


def timeline(db: Database, campaigns: Sequence[str]) -> list[TimelinePoint]:
    """Posts per day of each of these campaigns (posts without a date left out)."""
    day = func.substr(PostRow.posted_at, 1, 10)
    query = (select(CampaignMemberRow.campaign, day, func.count())
             .join(PostRow, PostRow.id == CampaignMemberRow.post_id)
             .where(CampaignMemberRow.campaign.in_(list(campaigns)), PostRow.posted_at.is_not(None))
             .group_by(CampaignMemberRow.campaign, day).order_by(day))
    with db.session(write=False) as session:
        return [TimelinePoint(campaign=r[0], day=r[1], posts=r[2]) for r in session.execute(query)]
