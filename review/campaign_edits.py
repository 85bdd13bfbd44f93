"""What analysts do with a stored campaign: see why its posts are linked, exclude a post, split it,
merge two, and label it. Every edit is audited and kept (`campaign_edits`, migration 0010): the
incremental grouping never puts an excluded post back, and a full regrouping
(`review.campaigns.regroup`) keeps exclusions, splits and merges (`review.campaigns.edits`).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from typing import TypedDict

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from detector.campaign_index import estimated_jaccard, signature_values
from detector.campaigns import MIN_SHINGLES, campaign_id, handle_key
from review.audit import audit
from review.campaigns import summaries
from review.engine import Database
from review.errors import ConflictError, StoreError
from review.posts import join_latest_suggestion
from review.reviews import _set_review, check_label  # one review written and audited as `review` writes it
from review.tables import (
    CampaignEditRow,
    CampaignIndexRow,
    CampaignMemberRow,
    CampaignRow,
    IdentifierRow,
    PostRow,
    ReviewRow,
    SuggestionRow,
    utcnow,
)

log = logging.getLogger(__name__)

# Pairs of posts compared to tell why they are linked: the first EVIDENCE_POSTS members of a campaign.
EVIDENCE_POSTS = 80
_KINDS = {"phone": "same phone number", "url": "same link", "handle": "same handle", "email": "same e-mail address"}


class LinkEvidence(TypedDict):
    """Why two posts of a campaign are linked: their text's estimated similarity (None when either
    is too short to compare) and what they share, each item a sentence (``same phone number
    +237690112233``, ``same author account @agent``, ``near-duplicate text (similarity 0.82)``)."""

    first: int
    second: int
    similarity: float | None
    shared: list[str]


class CampaignEdit(TypedDict):
    """An edit of the grouping: the campaign it started from, the one its posts went to (None: excluded)."""

    action: str
    campaign: str
    into: str | None
    posts: list[int]


class CampaignLabelled(TypedDict):
    """A campaign labelled (`label_campaign`): the posts labelled, those whose earlier note was kept."""

    campaign: str
    label: str
    posts: list[int]
    notes_kept: list[int]


def _members(session: Session, campaign: str) -> list[int]:
    return list(session.scalars(select(CampaignMemberRow.post_id).where(CampaignMemberRow.campaign == campaign)
                                .order_by(CampaignMemberRow.post_id)))


def _existing(session: Session, campaign: str) -> list[int]:
    members = _members(session, campaign)
    if not members:
        raise StoreError(f"no campaign {campaign!r} in the store (the posts were grouped again?); reload the page")
    return members


def _refresh(session: Session, campaigns: Sequence[str]) -> None:
    """Each campaign's size, dates and shared keys again from its members; a campaign left with none goes."""
    for cid in campaigns:
        rows = session.execute(select(CampaignMemberRow.post_id, PostRow.posted_at, CampaignMemberRow.links)
                               .join(PostRow, PostRow.id == CampaignMemberRow.post_id)
                               .where(CampaignMemberRow.campaign == cid)).all()
        if not rows:
            session.execute(delete(CampaignRow).where(CampaignRow.id == cid))
            continue
        [summary] = summaries({cid: [(r[0], r[1], list(r[2] or [])) for r in rows]})
        session.execute(update(CampaignRow).where(CampaignRow.id == cid).values(
            **{k: v for k, v in summary.items() if k != "id"}))


def _keep(session: Session, posts: Sequence[int], campaign: str | None, action: str, analyst: str,
          excluded_from: str | None = None) -> None:
    for post in posts:
        row = session.get(CampaignEditRow, post)
        if row is None:
            session.add(CampaignEditRow(post_id=post, campaign=campaign, excluded_from=excluded_from, action=action,
                                        analyst=analyst))
        else:
            row.campaign, row.excluded_from, row.action, row.analyst, row.at = (
                campaign, excluded_from, action, analyst, utcnow())


def exclude_post(db: Database, campaign: str, post_id: int, analyst: str) -> CampaignEdit:
    """Take a post out of its campaign for good: no later grouping puts it in a campaign again, and
    labelling the campaign leaves it out. Audited (``exclude_from_campaign``).

    Raises
    ------
    StoreError
        No such campaign, or the post is not one of its members.
    """
    def work(session: Session) -> CampaignEdit:
        if post_id not in _existing(session, campaign):
            raise StoreError(f"post {post_id} is not in campaign {campaign!r}; reload the page")
        session.execute(delete(CampaignMemberRow).where(CampaignMemberRow.post_id == post_id))
        _keep(session, [post_id], None, "exclude", analyst, excluded_from=campaign)
        _refresh(session, [campaign])
        audit(session, analyst, "exclude_from_campaign", {"campaign": campaign}, post_id=post_id)
        return CampaignEdit(action="exclude", campaign=campaign, into=None, posts=[post_id])

    return db.retry(work)


def split_campaign(db: Database, campaign: str, post_ids: Sequence[int], analyst: str) -> CampaignEdit:
    """Move some of a campaign's posts to a new campaign (its id derived from its first post), kept
    there by later groupings. Audited (``split_campaign``).

    Raises
    ------
    StoreError
        No such campaign, a post that is not its member, or no post or every post chosen.
    """
    chosen = sorted(set(post_ids))

    def work(session: Session) -> CampaignEdit:
        members = _existing(session, campaign)
        if not chosen or len(chosen) >= len(members) or set(chosen) - set(members):
            raise StoreError(f"a split takes some, not all, of campaign {campaign}'s {len(members)} posts; "
                             f"got {chosen}")
        taken = set(session.scalars(select(CampaignRow.id))) | {
            c for c in session.scalars(select(CampaignEditRow.campaign)) if c}
        new = campaign_id(str(chosen[0]))
        while new in taken:
            new = campaign_id(new)
        session.add(CampaignRow(id=new, size=0, first_posted=None, last_posted=None, shared=[], template=False))
        session.flush()
        session.execute(update(CampaignMemberRow).where(CampaignMemberRow.post_id.in_(chosen))
                        .values(campaign=new))
        _keep(session, chosen, new, "split", analyst)
        _refresh(session, [campaign, new])
        audit(session, analyst, "split_campaign", {"campaign": campaign, "into": new, "posts": chosen})
        return CampaignEdit(action="split", campaign=campaign, into=new, posts=chosen)

    return db.retry(work)


def merge_campaigns(db: Database, into: str, other: str, analyst: str) -> CampaignEdit:
    """Move every post of `other` into `into` (which keeps its id; `other` goes), kept there by later
    groupings. Audited (``merge_campaigns``).

    Raises
    ------
    StoreError
        Either campaign missing, or both the same.
    """
    if into == other:
        raise StoreError(f"campaign {into} cannot be merged with itself; choose another campaign")

    def work(session: Session) -> CampaignEdit:
        _existing(session, into)
        moved = _existing(session, other)
        session.execute(update(CampaignMemberRow).where(CampaignMemberRow.campaign == other).values(campaign=into))
        _keep(session, moved, into, "merge", analyst)
        session.execute(update(CampaignEditRow).where(CampaignEditRow.campaign == other).values(campaign=into))
        # A warning that named the merged campaign names the one it went into.
        for row in session.scalars(select(CampaignIndexRow).where(CampaignIndexRow.framed.is_(True))):
            if other in (row.mentions or []):
                row.mentions = sorted({into if c == other else c for c in row.mentions})
        _refresh(session, [into, other])
        audit(session, analyst, "merge_campaigns", {"campaign": other, "into": into, "posts": moved})
        return CampaignEdit(action="merge", campaign=other, into=into, posts=moved)

    return db.retry(work)


def suggested_categories(db: Database, campaign: str) -> dict[str, int]:
    """How many of a campaign's posts the model suggests each category for, most frequent first
    (the first is what labelling the campaign offers)."""
    query = (join_latest_suggestion(select(SuggestionRow.category).select_from(PostRow))
             .join(CampaignMemberRow, CampaignMemberRow.post_id == PostRow.id)
             .where(CampaignMemberRow.campaign == campaign))
    with db.session(write=False) as session:
        counts = Counter(session.scalars(query))
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def label_campaign(db: Database, campaign: str, analyst: str, label: str, *, note: str = "") -> CampaignLabelled:
    """Submit `analyst`'s review with `label` for every member of a campaign, in one transaction.

    Posts an analyst excluded are no members, so they are left out. A post's earlier note (this
    analyst's, on that post) is kept as it was; `note` (default ``campaign <id>``) goes only to the
    posts without one. Each review is audited as one review is, and the whole as ``label_campaign``.

    Raises
    ------
    StoreError
        Unknown label or campaign.
    """
    check_label(label)

    def work(session: Session) -> CampaignLabelled:
        posts = _existing(session, campaign)
        mine = {r.post_id: r for r in session.scalars(
            select(ReviewRow).where(ReviewRow.analyst == analyst, ReviewRow.post_id.in_(posts)).with_for_update())}
        kept = []
        for post in posts:
            row = mine.get(post)
            earlier = row.note if row is not None else ""
            if earlier:
                kept.append(post)
            _set_review(session, row, post, analyst, label, earlier or note or f"campaign {campaign}", "submitted")
        audit(session, analyst, "label_campaign", {"campaign": campaign, "label": label, "posts": posts,
                                                   "notes_kept": kept})
        return CampaignLabelled(campaign=campaign, label=label, posts=posts, notes_kept=kept)

    try:
        return db.retry(work)
    except IntegrityError as err:  # this analyst's first review of a member saved meanwhile
        raise ConflictError(f"campaign {campaign}: a review by {analyst} was saved meanwhile; try again") from err


def _describe(key: str, authors: bool) -> str:
    kind, _, value = key.partition(":")
    if kind == "handle" and authors:
        return f"same author account @{value}"
    return f"{_KINDS.get(kind, 'same ' + kind)} {value}"


def link_evidence(db: Database, campaign: str, *, threshold: float = 0.5,
                  limit: int = EVIDENCE_POSTS) -> list[LinkEvidence]:
    """Why the posts of a campaign are linked: each pair of its first `limit` members that repeat one
    template (estimated Jaccard similarity of their stored MinHash signatures at least `threshold`,
    as the grouping compares them) or share an identifier (phone number, link, handle, e-mail, the
    author's account), strongest first. Read from the campaign index and `identifiers`; no text is
    hashed again.
    """
    with db.session(write=False) as session:
        posts = _members(session, campaign)[:limit]
        keys: dict[int, set[str]] = defaultdict(set)
        for post, key in session.execute(select(IdentifierRow.post_id, IdentifierRow.key)
                                         .where(IdentifierRow.post_id.in_(posts))):
            keys[post].add(key)
        author = {post: handle_key(h) for post, h in session.execute(
            select(PostRow.id, PostRow.author_handle).where(PostRow.id.in_(posts))) if h}
        sigs = {post: signature_values(data) for post, data, size in session.execute(
            select(CampaignIndexRow.post_id, CampaignIndexRow.signature, CampaignIndexRow.shingles)
            .where(CampaignIndexRow.post_id.in_(posts))) if size >= MIN_SHINGLES}
    out = []
    for a, b in combinations(posts, 2):
        similarity = round(estimated_jaccard(sigs[a], sigs[b]), 2) if a in sigs and b in sigs else None
        shared = [_describe(k, author.get(a) == author.get(b) == k) for k in sorted(keys[a] & keys[b])]
        if similarity is not None and similarity >= threshold:
            shared.insert(0, f"near-duplicate text (similarity {similarity:.2f})")
        if shared:
            out.append(LinkEvidence(first=a, second=b, similarity=similarity, shared=shared))
    out.sort(key=lambda e: (-len(e["shared"]), -(e["similarity"] or 0.0), e["first"], e["second"]))
    return out
