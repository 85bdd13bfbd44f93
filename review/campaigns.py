"""Campaigns in the store: the flagged posts grouped (`detector.campaigns.find_campaigns`) and the
result stored, so the dashboard reads campaigns instead of grouping them on each visit."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import delete, func, insert, select
from sqlalchemy import text as text_sql
from sqlalchemy.orm import Session

from detector.campaigns import find_campaigns, stable_ids
from review.audit import audit
from review.engine import Database
from review.posts import join_latest_suggestion
from review.tables import CampaignMemberRow, CampaignRow, CampaignRunRow, PostRow, SuggestionRow

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


def posts_for_campaigns(db: Database, *, flagged_only: bool = True) -> list[CampaignPostInput]:
    """Every (flagged) post with what grouping into campaigns needs: text, author, date, score."""
    query = join_latest_suggestion(select(PostRow.id, PostRow.text, PostRow.author_handle, PostRow.posted_at,
                                          SuggestionRow.scam_score, SuggestionRow.category)).order_by(PostRow.id)
    if flagged_only:
        query = query.where(SuggestionRow.flagged.is_(True))
    with db.session(write=False) as session:
        return [CampaignPostInput(id=r[0], text=r[1], author_handle=r[2], posted_at=r[3], scam_score=r[4],
                                  category=r[5]) for r in session.execute(query)]


def regroup(db: Database, *, actor: str = "vigie", threshold: float = 0.5) -> Run:
    """Group the flagged posts into campaigns (`detector.campaigns.find_campaigns`, author handles
    included) and store the result in place of the last grouping; each stored campaign's id goes to
    the new campaign that holds most of its posts (`detector.campaigns.stable_ids`).

    Returns
    -------
    Run
        ``posts_in_store``, ``flagged``, ``campaigns``, ``seconds``.
    """
    started = time.perf_counter()
    posts_in_store = db.count_posts()
    posts = posts_for_campaigns(db)
    links = find_campaigns([str(p["id"]) for p in posts], [p["text"] for p in posts], threshold=threshold,
                           author_handles=[p["author_handle"] for p in posts])
    # Ids carried over from the stored grouping: a campaign keeps its id when it keeps most of its posts.
    with db.session(write=False) as session:
        previous = {str(post): campaign for post, campaign in
                    session.execute(select(CampaignMemberRow.post_id, CampaignMemberRow.campaign))}
    rename = stable_ids(previous, {link.id: link.campaign for link in links if link.campaign})
    groups: dict[str, list[tuple[CampaignPostInput, list[str]]]] = defaultdict(list)
    for post, link in zip(posts, links, strict=True):
        if link.campaign:
            campaign = rename[link.campaign]
            shared = [f"template:{campaign}" if k.startswith("template:") else k for k in link.links]
            groups[campaign].append((post, shared))
    campaigns, members = [], []
    for campaign, group in groups.items():
        dates = sorted(p["posted_at"] for p, _ in group if p["posted_at"])
        keys = {k for _, post_keys in group for k in post_keys}
        campaigns.append({"id": campaign, "size": len(group), "first_posted": dates[0] if dates else None,
                          "last_posted": dates[-1] if dates else None,
                          "shared": sorted(k for k in keys if not k.startswith("template:")),
                          "template": any(k.startswith("template:") for k in keys)})
        members += [{"post_id": p["id"], "campaign": campaign, "links": post_keys} for p, post_keys in group]
    run = Run(posts_in_store=posts_in_store, flagged=len(posts), campaigns=len(campaigns),
              seconds=round(time.perf_counter() - started, 3))

    def work(session: Session) -> None:
        if db.engine.dialect.name == "postgresql":
            # Two regroupings at once: the second waits, then replaces the first's rows (each
            # statement then sees them) instead of colliding with them.
            session.execute(text_sql("LOCK TABLE campaign_runs IN EXCLUSIVE MODE"))
        session.execute(delete(CampaignMemberRow))
        session.execute(delete(CampaignRow))
        if campaigns:
            session.execute(insert(CampaignRow), campaigns)
            session.execute(insert(CampaignMemberRow), members)
        session.add(CampaignRunRow(**run))
        audit(session, actor, "regroup_campaigns", dict(run))

    db.retry(work)
    log.info("campaigns regrouped: %s", run)
    return run


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
