"""Analysts' reviews, reviewing a whole campaign at once, the admin's adjudication, and where a post
stands: unreviewed, agreed, in conflict, or adjudicated.

A model's *suggestion* is never mixed with an analyst's *review* (label, analyst, time, note, status
draft/submitted): several analysts may review one post, each keeps one review that they can edit;
where submitted reviews disagree, an admin adjudicates. Concurrent edits of one review are detected
(a version number), never silently overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql import Subquery

from detector.taxonomy import CATEGORIES, SCAM_CATEGORIES
from review.assignment import release_in
from review.audit import audit
from review.engine import Database
from review.errors import ConflictError, StoreError
from review.posts import latest_suggestion
from review.tables import AdjudicationRow, PostRow, ReviewRow, utcnow

REVIEW_STATUSES = ("draft", "submitted")

# Where a post stands: ONE definition, used by the queue's status filter and conflict column,
# `agreement`, `conflicts`, `final_labels` (what retraining learns from) and the overview.
#   adjudicated: an admin gave the final label (it overrides the reviews, whatever they say);
#   conflict:    no adjudication, and the submitted reviews carry two labels or more;
#   agreed:      no adjudication, and the submitted reviews carry one label (settled, as adjudicated is);
#   unreviewed:  no adjudication and no submitted review (drafts do not count).
# "Two labels", not "scam against not scam" (what `agreement`'s docstring once said): a settled post
# is exported with ONE label to retrain the category model, so fake_job against other_scam has to be
# settled too, as `final_labels` always required; and an adjudicated post is no longer a conflict
# anywhere (the queue and the overview used to keep counting it). The tests (fake_job against
# legit_job, then adjudicated) hold under this reading.
STATES = ("unreviewed", "agreed", "conflict", "adjudicated")


def state(labels: int, *, adjudicated: bool) -> str:
    """Where a post stands, from the number of distinct labels its submitted reviews carry."""
    if adjudicated:
        return "adjudicated"
    return "unreviewed" if labels == 0 else "conflict" if labels > 1 else "agreed"


def is_conflict(labels: ColumnElement[Any],
                adjudication: ColumnElement[Any] | QueryableAttribute[Any]) -> ColumnElement[bool]:
    """`state(...) == "conflict"` in SQL: `labels` from `submitted()`, `adjudication` an outer-joined
    `AdjudicationRow.post_id` (NULL where none)."""
    return (labels > 1) & adjudication.is_(None)


def submitted() -> Subquery:
    """Per post with submitted reviews: their number (`n`) and their distinct labels (`labels`)."""
    return (select(ReviewRow.post_id, func.count().label("n"),
                   func.count(func.distinct(ReviewRow.label)).label("labels"))
            .where(ReviewRow.status == "submitted").group_by(ReviewRow.post_id).subquery())


@dataclass(frozen=True)
class Review:
    """An analyst's review of a post, as read from the store."""

    post_id: int
    analyst: str
    label: str
    note: str
    status: str
    version: int
    updated_at: datetime


class SettledLabel(TypedDict):
    """A post with a settled label (`final_labels`), as retraining reads it."""

    post_id: int
    source_id: str | None
    text: str
    lang: str | None
    platform: str | None
    label: str
    scam: int
    suggested: str | None
    reviewers: list[str]
    at: datetime
    # When the label was settled: the adjudication's time, else the latest agreeing review's (`at`).
    settled_at: datetime


def shown_token(post_id: int, suggestion_id: int | None) -> str:
    """What a page showed of a post: its id and its latest suggestion's (0 where none), as
    ``"<post id>.<suggestion id>"``; `review.queue.post` returns it as ``shown``.

    Example
    -------
    >>> shown_token(12, 40)
    '12.40'
    """
    return f"{post_id}.{suggestion_id or 0}"


def review(db: Database, post_id: int, analyst: str, label: str, *, note: str = "", status: str = "submitted",
           expected_version: int | None = None, shown: str | None = None) -> Review:
    """Create or change `analyst`'s review of a post.

    A decision is bound to what the analyst saw: `shown` (the ``shown`` token of the `post` read the
    decision was made on) names the post and its latest suggestion, `expected_version` their review's
    version (0: none yet). A decision made on another post, or on a suggestion the post no longer has
    as its latest, is refused and nothing is written: a key pressed while the page moved on must
    never label the next post, nor confirm a suggestion nobody saw.

    Raises
    ------
    ConflictError
        `shown` names another post or an older suggestion, or `expected_version` is given and the
        review changed since (another tab, another session).
    StoreError
        Unknown post, label or status; `shown` is not a token `shown_token` makes.
    """
    check_label(label)
    if status not in REVIEW_STATUSES:
        raise StoreError(f"status {status!r} is not one of {list(REVIEW_STATUSES)}")
    if shown is not None and not re.fullmatch(r"[0-9]+\.[0-9]+", shown):
        raise StoreError(f"shown={shown!r} is not a '<post id>.<suggestion id>' token; pass the post's "
                         f"'shown' value as read from the store")

    def work(session: Session) -> Review:
        if session.get(PostRow, post_id) is None:
            raise StoreError(f"no post {post_id} in the store")
        if shown is not None:
            seen_post = int(shown.split(".")[0])
            if seen_post != post_id:
                raise ConflictError(f"a decision made on post {seen_post} was sent for post {post_id}; "
                                    f"nothing saved: show post {post_id} and decide again")
            latest = latest_suggestion(session, post_id)
            if shown != shown_token(post_id, None if latest is None else latest.id):
                raise ConflictError(f"post {post_id} was scored again since it was shown (suggestion "
                                    f"{shown.split('.')[1]}, now {0 if latest is None else latest.id}); "
                                    f"nothing saved: reload it and decide again")
        row = session.scalar(select(ReviewRow).where(ReviewRow.post_id == post_id, ReviewRow.analyst == analyst)
                             .with_for_update())
        if row is None and expected_version not in (None, 0):
            raise ConflictError(f"post {post_id}: {analyst}'s review was removed or never saved; reload it")
        if row is not None and expected_version is not None and row.version != expected_version:
            raise ConflictError(f"post {post_id}: {analyst}'s review is at version {row.version}, "
                                f"not {expected_version}; reload it and apply the change again")
        saved = to_review(_set_review(session, row, post_id, analyst, label, note, status))
        if status == "submitted":  # done with it: another analyst may be given it (a second opinion)
            release_in(session, post_id, analyst)
        return saved

    try:
        return db.retry(work)
    except IntegrityError as err:  # two first reviews by one analyst at the same moment
        raise ConflictError(f"post {post_id}: {analyst}'s review was saved meanwhile; reload it") from err


def agreement(db: Database, post_id: int) -> str:
    """Where a post stands: `unreviewed`, `agreed`, `conflict` or `adjudicated` (see `state`)."""
    with db.session(write=False) as session:
        adjudicated = session.get(AdjudicationRow, post_id) is not None
        labels = session.scalar(select(func.count(func.distinct(ReviewRow.label))).where(
            ReviewRow.post_id == post_id, ReviewRow.status == "submitted")) or 0
    return state(labels, adjudicated=adjudicated)


def conflicts(db: Database) -> list[int]:
    """Posts in conflict: their submitted reviews disagree and no admin has adjudicated them."""
    reviews = submitted()
    query = (select(reviews.c.post_id).outerjoin(AdjudicationRow, AdjudicationRow.post_id == reviews.c.post_id)
             .where(is_conflict(reviews.c.labels, AdjudicationRow.post_id)).order_by(reviews.c.post_id))
    with db.session(write=False) as session:
        return list(session.scalars(query))


def adjudicate(db: Database, post_id: int, admin: str, label: str, *, note: str = "") -> None:
    """The admin's final label for a post whose reviews disagree (re-adjudicating replaces it)."""
    check_label(label)

    def work(session: Session) -> None:
        if session.get(PostRow, post_id) is None:
            raise StoreError(f"no post {post_id} in the store")
        row = session.get(AdjudicationRow, post_id)
        before = None if row is None else {"label": row.label, "admin": row.admin}
        if row is None:
            session.add(AdjudicationRow(post_id=post_id, admin=admin, label=label, note=note))
        else:
            row.admin, row.label, row.note, row.at = admin, label, note, utcnow()
        audit(session, admin, "adjudicate", {"before": before, "after": {"label": label, "note": note}},
              post_id=post_id)

    db.retry(work)


def final_labels(db: Database) -> list[SettledLabel]:
    """Posts with a settled label (`adjudicated` or `agreed`, see `state`), with the category of the
    post's latest suggestion."""
    out = []
    with db.session(write=False) as session:
        adjudicated = {r.post_id: r for r in session.scalars(select(AdjudicationRow))}
        by_post: dict[int, list[ReviewRow]] = {}
        for row in session.scalars(select(ReviewRow).where(ReviewRow.status == "submitted")):
            by_post.setdefault(row.post_id, []).append(row)
        for post_id in sorted(set(by_post) | set(adjudicated)):
            reviews = by_post.get(post_id, [])
            standing = state(len({r.label for r in reviews}), adjudicated=post_id in adjudicated)
            if standing == "adjudicated":
                label, who = adjudicated[post_id].label, [adjudicated[post_id].admin]
            elif standing == "agreed":
                label, who = reviews[0].label, sorted(r.analyst for r in reviews)
            else:
                continue
            post = session.get(PostRow, post_id)
            assert post is not None
            suggestion = latest_suggestion(session, post_id)
            at = max([r.updated_at for r in reviews] or [utcnow()])
            out.append(SettledLabel(post_id=post_id, source_id=post.source_id, text=post.text, lang=post.lang,
                                    platform=post.platform, label=label, scam=int(label in SCAM_CATEGORIES),
                                    suggested=None if suggestion is None else suggestion.category, reviewers=who,
                                    at=at, settled_at=adjudicated[post_id].at if standing == "adjudicated" else at))
    return out


class OwnReview(TypedDict):
    """One analyst's review as they download it (`reviews_by`)."""

    post_id: int
    source: str
    source_id: str | None
    label: str
    status: str
    note: str
    version: int
    updated_at: str
    state: str
    text: str


def reviews_by(db: Database, analyst: str, *, status: str | None = None, label: str | None = None,
               limit: int | None = None) -> list[OwnReview]:
    """`analyst`'s reviews, newest first, with the post's source, id and text and where the post
    stands now (`state`): what an analyst downloads of their own work, and the "mine" list.

    Raises
    ------
    StoreError
        Unknown `status` or `label`.
    """
    if status is not None and status not in REVIEW_STATUSES:
        raise StoreError(f"status {status!r} is not one of {list(REVIEW_STATUSES)}")
    if label is not None:
        check_label(label)
    reviews = submitted()
    query = (select(ReviewRow, PostRow.source, PostRow.source_id, PostRow.text,
                    func.coalesce(reviews.c.labels, 0), AdjudicationRow.post_id)
             .join(PostRow, PostRow.id == ReviewRow.post_id)
             .outerjoin(reviews, reviews.c.post_id == ReviewRow.post_id)
             .outerjoin(AdjudicationRow, AdjudicationRow.post_id == ReviewRow.post_id)
             .where(ReviewRow.analyst == analyst).order_by(ReviewRow.updated_at.desc(), ReviewRow.id.desc()))
    if status:
        query = query.where(ReviewRow.status == status)
    if label:
        query = query.where(ReviewRow.label == label)
    with db.session(write=False) as session:
        rows = session.execute(query.limit(limit)).all()
    return [OwnReview(post_id=r.post_id, source=source, source_id=source_id, label=r.label, status=r.status,
                      note=r.note, version=r.version, updated_at=r.updated_at.isoformat(timespec="seconds"),
                      state=state(labels, adjudicated=adjudicated is not None), text=text)
            for r, source, source_id, text, labels, adjudicated in rows]


def check_label(label: str) -> None:
    if label not in CATEGORIES:
        raise StoreError(f"label {label!r} is not one of {list(CATEGORIES)}")


def to_review(row: ReviewRow) -> Review:
    return Review(row.post_id, row.analyst, row.label, row.note, row.status, row.version, row.updated_at)


def _set_review(session: Session, row: ReviewRow | None, post_id: int, analyst: str, label: str, note: str,
                status: str) -> ReviewRow:
    """Create (row None) or change one analyst's review of a post, and audit the change."""
    before = None if row is None else {"label": row.label, "status": row.status, "note": row.note}
    if row is None:
        row = ReviewRow(post_id=post_id, analyst=analyst, label=label, note=note, status=status, version=1)
        session.add(row)
    else:
        row.label, row.note, row.status = label, note, status
        row.version += 1
        row.updated_at = utcnow()
    session.flush()
    audit(session, analyst, "review",
          {"before": before, "after": {"label": label, "status": status, "note": note}, "version": row.version},
          post_id=post_id)
    return row
