"""Finding posts to review: the queue (filters, search, order), one post's page, and the posts that
share its phone numbers, links or handles; walking a slice of the queue (`Slice`: what is next for
an analyst, how many are left) and taking back one's own last decision (`undo_review`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from detector.normalize import extract_identifiers
from review.assignment import ranked_for_learning, second_opinion_share, waiting_for
from review.audit import audit
from review.engine import Database
from review.errors import ConflictError, StoreError
from review.posts import join_latest_suggestion, latest_suggestion, search_fold
from review.reviews import Review, is_conflict, shown_token, submitted, to_review
from review.tables import (
    AdjudicationRow,
    AuditRow,
    CampaignMemberRow,
    IdentifierRow,
    PostRow,
    ReviewRow,
    SuggestionRow,
    utcnow,
)

QUEUE_STATUSES = ("unreviewed", "reviewed", "conflict")
QUEUE_ORDERS = ("score", "uncertainty", "learning")
MAX_SEARCH_CHARS = 200  # longer than any phrase worth looking for; a pattern is scanned against every text


@dataclass(frozen=True)
class Slice:
    """The Queue's filters and order: the part of the queue an analyst works through (see `queue`
    for each field; None, the full score range and False filter nothing). `waiting`: only the posts
    waiting for the analyst who works through it (`review.assignment.waiting_for`: their first or
    second opinion).

    Example
    -------
    >>> Slice(lang="ar").lang, Slice().order
    ('ar', 'score')
    """

    order: str = "score"
    category: str | None = None
    lang: str | None = None
    platform: str | None = None
    status: str | None = None
    min_score: float = 0.0
    max_score: float = 1.0
    search: str | None = None
    posted_from: date | None = None
    posted_to: date | None = None
    waiting: bool = False


class QueueItem(TypedDict):
    """A post of the queue with its latest suggestion and its submitted reviews."""

    id: int
    source: str
    source_id: str | None
    text: str
    lang: str | None
    platform: str | None
    author_handle: str | None
    posted_at: str | None
    scam_score: float
    category: str
    signals: list[Any]
    impersonates: str | None
    model: str
    reviews: int
    conflict: bool


class SuggestionView(TypedDict):
    model: str
    scam_score: float
    flagged: bool
    category: str
    signals: list[Any]
    impersonates: str | None


class AdjudicationView(TypedDict):
    admin: str
    label: str
    note: str


class StoredPost(TypedDict):
    """A post with its latest suggestion, every review (drafts too) and its adjudication."""

    id: int
    source: str
    source_id: str | None
    text: str
    lang: str | None
    platform: str | None
    author_handle: str | None
    author_name: str | None
    posted_at: str | None
    suggestion: SuggestionView | None
    reviews: list[Review]
    adjudication: AdjudicationView | None
    # The post and its latest suggestion as this read shows them (`review.reviews.shown_token`): a
    # decision made on this read passes it to `review`, which refuses it once either has changed.
    shown: str


# A queue query's rows: post, latest suggestion, submitted reviews, in conflict.
_SliceQuery = Select[PostRow, SuggestionRow, Any, bool]

# The dashboard shows these keys as column titles, hence the space.
SimilarPost = TypedDict("SimilarPost", {"post": int, "shared identifiers": int, "text": str})


def queue(db: Database, *, order: str = "score", flagged_only: bool = True, category: str | None = None,
          lang: str | None = None, platform: str | None = None, status: str | None = None,
          min_score: float = 0.0, max_score: float = 1.0, search: str | None = None,
          posted_from: date | None = None, posted_to: date | None = None, waiting_for: str | None = None,
          limit: int = 50, offset: int = 0) -> list[QueueItem]:
    """One page of posts to review, with their latest suggestion and how many reviews they have.

    `order`: "score" (most likely lures first), "uncertainty" (scores nearest 0.5 first) or
    "learning" (alternately the most uncertain post and one in a fixed random order: the reviews
    that teach a retrained model most, `review.assignment.learning_order`). `status`: "unreviewed"
    (no submitted review), "reviewed" (one or more) or "conflict" (as `review.reviews.state` defines
    it: adjudicated posts are not). `search`: words of the text, whatever their case and accents
    (`review.posts.search_fold`: 'FEMMES DE MÉNAGE' finds 'Femmes de menage', 'dubai' finds 'Dubaï'),
    a phone number however written, a link with or without scheme and 'www.', an @handle, or the
    post's id in its source.
    `posted_from` / `posted_to`: the days posted, both included (posts without a date are left out).
    The search is literal: ``%``, ``_`` and a backslash match themselves. `waiting_for`: only the posts
    waiting for this analyst's first or second opinion (`review.assignment.waiting_for`).

    Raises
    ------
    StoreError
        A search longer than `MAX_SEARCH_CHARS` or holding a NUL byte, or a negative `limit` or `offset`.
    """
    _check_page(limit, offset)
    chosen = Slice(order=order, category=category, lang=lang, platform=platform, status=status, min_score=min_score,
                   max_score=max_score, search=search, posted_from=posted_from, posted_to=posted_to,
                   waiting=waiting_for is not None)
    query = _filtered(chosen, flagged_only=flagged_only)
    if waiting_for is not None:
        query = query.where(waiting_for_condition(db, waiting_for))
    with db.session(write=False) as session:
        if order == "learning":
            page = ranked_for_learning(session, query)[offset:offset + limit]
            position = {post_id: k for k, post_id in enumerate(page)}
            rows = sorted(session.execute(query.where(PostRow.id.in_(page))).all(), key=lambda r: position[r[0].id])
        else:
            rows = list(session.execute(query.order_by(*(
                (func.abs(SuggestionRow.scam_score - 0.5), PostRow.id) if order == "uncertainty"
                else (SuggestionRow.scam_score.desc(), PostRow.id))).limit(limit).offset(offset)))
        return [QueueItem(id=post.id, source=post.source, source_id=post.source_id, text=post.text, lang=post.lang,
                          platform=post.platform, author_handle=post.author_handle, posted_at=post.posted_at,
                          scam_score=sug.scam_score, category=sug.category, signals=sug.signals,
                          impersonates=sug.impersonates, model=sug.model, reviews=n, conflict=bool(in_conflict))
                for post, sug, n, in_conflict in rows]


def _filtered(chosen: Slice, *, flagged_only: bool = True) -> _SliceQuery:
    """The queue's query for a slice, unordered: (post, latest suggestion, submitted reviews, in conflict)."""
    if chosen.search is not None:
        check_search(chosen.search)
    reviews = submitted()
    conflict = is_conflict(func.coalesce(reviews.c.labels, 0), AdjudicationRow.post_id)
    query = (join_latest_suggestion(select(PostRow, SuggestionRow, func.coalesce(reviews.c.n, 0), conflict))
             .outerjoin(reviews, reviews.c.post_id == PostRow.id)
             .outerjoin(AdjudicationRow, AdjudicationRow.post_id == PostRow.id)
             .where(SuggestionRow.scam_score >= chosen.min_score, SuggestionRow.scam_score <= chosen.max_score))
    if flagged_only:
        query = query.where(SuggestionRow.flagged.is_(True))
    for column, value in ((SuggestionRow.category, chosen.category), (PostRow.lang, chosen.lang),
                          (PostRow.platform, chosen.platform)):
        if value:
            query = query.where(column == value)
    if chosen.posted_from:  # posted_at is ISO 8601 text: string order is time order
        query = query.where(PostRow.posted_at >= chosen.posted_from.isoformat())
    if chosen.posted_to:
        query = query.where(PostRow.posted_at < (chosen.posted_to + timedelta(days=1)).isoformat())
    if chosen.status == "unreviewed":
        query = query.where(reviews.c.n.is_(None))
    elif chosen.status == "reviewed":
        query = query.where(reviews.c.n > 0)
    elif chosen.status == "conflict":
        query = query.where(conflict)
    if chosen.search:
        ids = extract_identifiers(chosen.search).keys()
        by_identifier = select(IdentifierRow.post_id).where(IdentifierRow.key.in_(ids)) if ids else None
        words = PostRow.search_text.like(f"%{like_escaped(search_fold(chosen.search))}%", escape="\\")
        found = [words, PostRow.source_id == chosen.search.strip()]
        if by_identifier is not None:
            found.append(PostRow.id.in_(by_identifier))
        query = query.where(or_(*found))
    return query


def post(db: Database, post_id: int) -> StoredPost:
    """A post with its latest suggestion, its reviews and its adjudication.

    Raises
    ------
    StoreError
        No such post.
    """
    with db.session(write=False) as session:
        row = session.get(PostRow, post_id)
        if row is None:
            raise StoreError(f"no post {post_id} in the store")
        suggestion = latest_suggestion(session, post_id)
        adjudication = session.get(AdjudicationRow, post_id)
        return StoredPost(
            id=row.id, source=row.source, source_id=row.source_id, text=row.text, lang=row.lang, platform=row.platform,
            author_handle=row.author_handle, author_name=row.author_name, posted_at=row.posted_at,
            suggestion=None if suggestion is None else SuggestionView(
                model=suggestion.model, scam_score=suggestion.scam_score, flagged=suggestion.flagged,
                category=suggestion.category, signals=suggestion.signals, impersonates=suggestion.impersonates),
            reviews=[to_review(r) for r in session.scalars(
                select(ReviewRow).where(ReviewRow.post_id == post_id).order_by(ReviewRow.analyst))],
            adjudication=None if adjudication is None else AdjudicationView(
                admin=adjudication.admin, label=adjudication.label, note=adjudication.note),
            shown=shown_token(post_id, None if suggestion is None else suggestion.id))


def similar(db: Database, post_id: int, *, limit: int = 10) -> list[SimilarPost]:
    """Other posts sharing a phone number, link or handle with this one (most shared first)."""
    _check_page(limit, 0)
    keys = select(IdentifierRow.key).where(IdentifierRow.post_id == post_id)
    shared = func.count(func.distinct(IdentifierRow.key))
    query = (select(PostRow.id, PostRow.text, shared.label("shared"))
             .join(IdentifierRow, IdentifierRow.post_id == PostRow.id)
             .where(IdentifierRow.key.in_(keys), PostRow.id != post_id)
             .group_by(PostRow.id, PostRow.text).order_by(shared.desc(), PostRow.id).limit(limit))
    with db.session(write=False) as session:
        return [{"post": r[0], "shared identifiers": r[2], "text": r[1][:160]} for r in session.execute(query)]


def check_search(search: str) -> None:
    """Refuse a search the store cannot run as asked (see `queue`).

    Example
    -------
    >>> check_search("frais de dossier")
    >>> check_search("x" * 201)
    Traceback (most recent call last):
    ...
    review.errors.StoreError: a search of 201 characters; at most 200 (a phrase, a phone number, a link or a handle)
    """
    if "\x00" in search:
        raise StoreError("a search holding a NUL byte (\\x00): no stored text holds one; remove it")
    if len(search) > MAX_SEARCH_CHARS:
        raise StoreError(f"a search of {len(search)} characters; at most {MAX_SEARCH_CHARS} (a phrase, a phone "
                         "number, a link or a handle)")


def like_escaped(search: str) -> str:
    r"""`search` in a LIKE pattern with the escape character ``\``: ``%``, ``_`` and ``\`` match themselves.

    Example
    -------
    >>> like_escaped("100%_sûr")
    '100\\%\\_sûr'
    """
    return search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise StoreError(f"limit {limit} and offset {offset}: both must be 0 or more")


def waiting_for_condition(db: Database, analyst: str) -> ColumnElement[bool]:
    """`review.assignment.waiting_for` at the store's second-opinion share."""
    return waiting_for(analyst, second_opinion_share(db))


def _to_decide(db: Database, chosen: Slice, analyst: str, skipped: Collection[int],
               waiting: ColumnElement[bool] | None) -> _SliceQuery:
    """The slice's posts `analyst` still has to decide: with no submitted review of theirs, not
    skipped; and when the slice names no review status, only the posts `waiting` holds (a condition
    on `PostRow.id`, such as `review.assignment.waiting_for`), by default those nobody has reviewed
    (a second look at reviewed posts or conflicts is asked for with the status filter). A slice of
    the posts waiting for the analyst (`Slice.waiting`) keeps only those, whatever its status."""
    if chosen.waiting and waiting is None:
        waiting = waiting_for_condition(db, analyst)
    if chosen.status is None and waiting is None:
        chosen = replace(chosen, status="unreviewed")
    mine = exists().where(ReviewRow.post_id == PostRow.id, ReviewRow.analyst == analyst,
                          ReviewRow.status == "submitted")
    query = _filtered(chosen).where(~mine)
    if (chosen.status is None or chosen.waiting) and waiting is not None:
        query = query.where(waiting)
    if skipped:
        query = query.where(PostRow.id.not_in(list(skipped)))
    return query


def next_in_slice(db: Database, chosen: Slice, analyst: str, *, after: int | None = None,
                  skipped: Collection[int] = (), waiting: ColumnElement[bool] | None = None) -> int | None:
    """The post `analyst` decides next in a slice: the first one after post `after` in the slice's
    order that is still to decide (see `left_in_slice`), else the first from the top; None when
    none is left. `after` itself is never the answer; `skipped` posts are left out; `waiting`, see
    `left_in_slice`.

    Example
    -------
    >>> from review import PostStore
    >>> from detector.readers import Post
    >>> store = PostStore("sqlite://")
    >>> _ = store.ingest([Post(f"p{i}", f"Offre {i}, frais de dossier", i) for i in range(3)],
    ...                  [{"scam_score": s, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
    ...                    "impersonates": None, "model": "m@1"} for s in (0.9, 0.8, 0.7)])
    >>> next_in_slice(store, Slice(), "awa"), next_in_slice(store, Slice(), "awa", after=1, skipped={2})
    (1, 3)
    """
    query = _to_decide(db, chosen, analyst, skipped, waiting)
    if chosen.order == "learning":
        with db.session(write=False) as session:
            # Ranked over the whole slice, so that a post keeps its place as the others get decided.
            ranking = ranked_for_learning(session, _filtered(chosen))
            open_ids = set(session.scalars(query.with_only_columns(PostRow.id))) - {after}
        start = ranking.index(after) + 1 if after in ranking else 0
        return next((i for i in ranking[start:] + ranking[:start] if i in open_ids), None)
    key: ColumnElement[Any]
    order: tuple[Any, ...]
    if chosen.order == "uncertainty":
        key = func.abs(SuggestionRow.scam_score - 0.5)
        order = (key, PostRow.id)
    else:
        key = -SuggestionRow.scam_score
        order = (SuggestionRow.scam_score.desc(), PostRow.id)
    with db.session(write=False) as session:
        if after is not None:
            query = query.where(PostRow.id != after)
            at = join_latest_suggestion(select(key).select_from(PostRow)).where(PostRow.id == after)
            where = session.execute(at).first()
            if where is not None:
                later = or_(key > where[0], and_(key == where[0], PostRow.id > after))
                found = session.scalar(query.where(later).with_only_columns(PostRow.id).order_by(*order).limit(1))
                if found is not None:
                    return int(found)
        found = session.scalar(query.with_only_columns(PostRow.id).order_by(*order).limit(1))
        return None if found is None else int(found)


def left_in_slice(db: Database, chosen: Slice, analyst: str, *, skipped: Collection[int] = (),
                  waiting: ColumnElement[bool] | None = None) -> int:
    """How many posts of a slice `analyst` still has to decide: no submitted review of theirs and
    not in `skipped`; where the slice names no review status, those `waiting` holds (default: posts
    nobody has reviewed)."""
    query = _to_decide(db, chosen, analyst, skipped, waiting).with_only_columns(PostRow.id).subquery()
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(query)) or 0)


def post_campaign(db: Database, post_id: int) -> str | None:
    """The stored campaign a post belongs to (None where it is in none)."""
    with db.session(write=False) as session:
        return session.scalar(select(CampaignMemberRow.campaign).where(CampaignMemberRow.post_id == post_id).limit(1))


def undo_review(db: Database, post_id: int, analyst: str, *, version: int) -> Review:
    """Take back `analyst`'s last decision on a post: their review goes back to what it was before
    the change that made `version` (label, note and status), as a new version, audited as
    ``undo_review``. A decision that created the review leaves it a draft (drafts count nowhere: the
    post is unreviewed again, nothing is exported), so versions only grow and a page showing an
    older one is refused.

    Raises
    ------
    ConflictError
        The review is no longer at `version` (changed since, in another tab or session), or was never saved.
    StoreError
        No change of that version is in the audit log.
    """

    def work(session: Session) -> Review:
        row = session.scalar(select(ReviewRow).where(ReviewRow.post_id == post_id, ReviewRow.analyst == analyst)
                             .with_for_update())
        if row is None:
            raise ConflictError(f"post {post_id}: {analyst} has no review to undo")
        if row.version != version:
            raise ConflictError(f"post {post_id}: {analyst}'s review is at version {row.version}, not {version}: "
                                "it changed since that decision, which is not undone; reload the post")
        entries = session.scalars(select(AuditRow).where(AuditRow.post_id == post_id, AuditRow.actor == analyst,
                                                         AuditRow.action.in_(("review", "undo_review")))
                                  .order_by(AuditRow.id.desc()).limit(50))
        change = next((e for e in entries if e.detail.get("version") == version), None)
        if change is None:
            raise StoreError(f"post {post_id}: no audited change made version {version} of {analyst}'s review")
        now = {"label": row.label, "status": row.status, "note": row.note}
        before = change.detail.get("before") or {"label": row.label, "status": "draft", "note": row.note}
        row.label, row.status, row.note = before["label"], before["status"], before["note"]
        row.version += 1
        row.updated_at = utcnow()
        session.flush()
        audit(session, analyst, "undo_review",
              {"undone": version, "before": now, "after": before, "version": row.version}, post_id=post_id)
        return to_review(row)

    return db.retry(work)
