"""Finding posts to review: the queue (filters, search, order), one post's page, and the posts that
share its phone numbers, links or handles."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypedDict

from sqlalchemy import func, or_, select

from detector.normalize import extract_identifiers
from review.engine import Database
from review.errors import StoreError
from review.posts import join_latest_suggestion, latest_suggestion
from review.reviews import Review, is_conflict, shown_token, submitted, to_review
from review.tables import AdjudicationRow, IdentifierRow, PostRow, ReviewRow, SuggestionRow

QUEUE_STATUSES = ("unreviewed", "reviewed", "conflict")
MAX_SEARCH_CHARS = 200  # longer than any phrase worth looking for; a pattern is scanned against every text


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


# The dashboard shows these keys as column titles, hence the space.
SimilarPost = TypedDict("SimilarPost", {"post": int, "shared identifiers": int, "text": str})


def queue(db: Database, *, order: str = "score", flagged_only: bool = True, category: str | None = None,
          lang: str | None = None, platform: str | None = None, status: str | None = None,
          min_score: float = 0.0, max_score: float = 1.0, search: str | None = None,
          posted_from: date | None = None, posted_to: date | None = None,
          limit: int = 50, offset: int = 0) -> list[QueueItem]:
    """One page of posts to review, with their latest suggestion and how many reviews they have.

    `order`: "score" (most likely lures first) or "uncertainty" (scores nearest 0.5 first: the
    reviews that teach a retrained model most). `status`: "unreviewed" (no submitted review),
    "reviewed" (one or more) or "conflict" (as `review.reviews.state` defines it: adjudicated posts are
    not). `search`: words of the text, or a phone number, link or @handle.
    `posted_from` / `posted_to`: the days posted, both included (posts without a date are left out).
    The search is literal: ``%``, ``_`` and a backslash match themselves.

    Raises
    ------
    StoreError
        A search longer than `MAX_SEARCH_CHARS` or holding a NUL byte, or a negative `limit` or `offset`.
    """
    _check_page(limit, offset)
    if search is not None:
        check_search(search)
    reviews = submitted()
    conflict = is_conflict(func.coalesce(reviews.c.labels, 0), AdjudicationRow.post_id)
    query = (join_latest_suggestion(select(PostRow, SuggestionRow, func.coalesce(reviews.c.n, 0), conflict))
             .outerjoin(reviews, reviews.c.post_id == PostRow.id)
             .outerjoin(AdjudicationRow, AdjudicationRow.post_id == PostRow.id)
             .where(SuggestionRow.scam_score >= min_score, SuggestionRow.scam_score <= max_score))
    if flagged_only:
        query = query.where(SuggestionRow.flagged.is_(True))
    for column, value in ((SuggestionRow.category, category), (PostRow.lang, lang), (PostRow.platform, platform)):
        if value:
            query = query.where(column == value)
    if posted_from:  # posted_at is ISO 8601 text: string order is time order
        query = query.where(PostRow.posted_at >= posted_from.isoformat())
    if posted_to:
        query = query.where(PostRow.posted_at < (posted_to + timedelta(days=1)).isoformat())
    if status == "unreviewed":
        query = query.where(reviews.c.n.is_(None))
    elif status == "reviewed":
        query = query.where(reviews.c.n > 0)
    elif status == "conflict":
        query = query.where(conflict)
    if search:
        ids = extract_identifiers(search).keys()
        by_identifier = select(IdentifierRow.post_id).where(IdentifierRow.key.in_(ids)) if ids else None
        words = PostRow.text.ilike(f"%{like_escaped(search)}%", escape="\\")
        query = query.where(or_(words, PostRow.id.in_(by_identifier)) if by_identifier is not None else words)
    if order == "uncertainty":
        query = query.order_by(func.abs(SuggestionRow.scam_score - 0.5), PostRow.id)
    else:
        query = query.order_by(SuggestionRow.scam_score.desc(), PostRow.id)
    with db.session(write=False) as session:
        rows = session.execute(query.limit(limit).offset(offset)).all()
        return [QueueItem(id=post.id, source=post.source, source_id=post.source_id, text=post.text, lang=post.lang,
                          platform=post.platform, author_handle=post.author_handle, posted_at=post.posted_at,
                          scam_score=sug.scam_score, category=sug.category, signals=sug.signals,
                          impersonates=sug.impersonates, model=sug.model, reviews=n, conflict=bool(in_conflict))
                for post, sug, n, in_conflict in rows]


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
