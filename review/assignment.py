"""Who reviews what: second opinions and claims.

**Overlap.** A share of the flagged posts (the review setting ``second_opinion_share``, 0 to 1, default
`DEFAULT_SHARE`; 1 gives every flagged post to two analysts) needs two submitted reviews by two
analysts; the others need one. Which posts are in that share is fixed by the post's id (a
permutation of its last three digits), so every server process, every analyst and every later run
agree on it without storing anything, and the share spreads evenly over time, scores and sources.

**Claims.** The post an analyst has open in Review is theirs for `LEASE_MINUTES` (a lease in the
store, renewed while they stay on it): `next_post` never gives it to anyone else meanwhile, so two
analysts never review one post at the same moment, and the second opinion comes from someone who did
not watch the first being given. Submitting one's review releases the claim (`review.reviews.review`);
a claim left behind (a closed tab) expires.

A post *waits for* an analyst (`waiting_for`) when it is flagged, not adjudicated, not claimed by
someone else, the analyst has not submitted a review of it, and it has fewer submitted reviews than
it needs (one, or two in the overlap).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, cast, delete, func, not_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from review.audit import audit
from review.engine import Database
from review.errors import StoreError
from review.posts import join_latest_suggestion
from review.tables import AdjudicationRow, ClaimRow, PostRow, ReviewRow, SettingRow, SuggestionRow, utcnow

LEASE_MINUTES = 15
SHARE_SETTING = "second_opinion_share"
DEFAULT_SHARE = 0.2
# The post id's place in the overlap: a permutation of 0..999 (379 and 1000 are coprime).
_SPREAD, _MODULUS = 379, 1000


@dataclass(frozen=True)
class Claim:
    """Who holds a post, until when."""

    post_id: int
    analyst: str
    expires_at: datetime


def aware(moment: datetime) -> datetime:
    """A stored time as UTC-aware (SQLite gives times back without their zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def second_opinion_share(db: Database) -> float:
    """The share of flagged posts given to two analysts (the review setting, else `DEFAULT_SHARE`)."""
    with db.session(write=False) as session:
        row = session.get(SettingRow, SHARE_SETTING)
    return DEFAULT_SHARE if row is None else float(row.value)


def set_second_opinion_share(db: Database, share: float, *, admin: str) -> None:
    """Change the share of flagged posts given to two analysts (0 to 1); audited.

    Raises
    ------
    StoreError
        `share` outside 0..1.
    """
    if not 0.0 <= share <= 1.0:
        raise StoreError(f"a second-opinion share of {share}; expected 0 (none) to 1 (every flagged post)")

    def work(session: Session) -> None:
        row = session.get(SettingRow, SHARE_SETTING)
        before = None if row is None else row.value
        if row is None:
            session.add(SettingRow(name=SHARE_SETTING, value=repr(share), updated_by=admin))
        else:
            row.value, row.updated_by, row.updated_at = repr(share), admin, utcnow()
        audit(session, admin, "set_setting", {"name": SHARE_SETTING, "before": before, "after": repr(share)})

    db.retry(work)


def in_overlap(post_id: int, share: float) -> bool:
    """Whether a post needs a second opinion at this share (`overlap_clause` in Python).

    Example
    -------
    >>> [in_overlap(i, 0.2) for i in range(1, 11)].count(True), in_overlap(7, 1.0), in_overlap(7, 0.0)
    (2, True, False)
    """
    return (post_id * _SPREAD) % _MODULUS < round(share * _MODULUS)


def overlap_clause(share: float) -> ColumnElement[bool]:
    """`in_overlap` of `PostRow.id`, in SQL (64-bit arithmetic: no overflow on PostgreSQL's integers)."""
    return (cast(PostRow.id, BigInteger) * _SPREAD) % _MODULUS < round(share * _MODULUS)


def reviews_needed(post_id: int, share: float) -> int:
    """Submitted reviews a post needs before it is settled or in conflict: 2 in the overlap, else 1."""
    return 2 if in_overlap(post_id, share) else 1


def _standing(analyst: str) -> tuple[Any, ColumnElement[bool], ColumnElement[bool]]:
    """SQL terms on `PostRow.id`: its submitted reviews, whether `analyst` submitted one, whether it
    is adjudicated."""
    # Aliases: the query these join may itself hold reviews and adjudications (the queue's), which
    # these subqueries must not correlate with.
    review, adjudication = aliased(ReviewRow), aliased(AdjudicationRow)
    reviews = (select(func.count()).select_from(review)
               .where(review.post_id == PostRow.id, review.status == "submitted").correlate(PostRow).scalar_subquery())
    mine = (select(review.id).where(review.post_id == PostRow.id, review.analyst == analyst,
                                    review.status == "submitted").correlate(PostRow).exists())
    settled = select(adjudication.post_id).where(adjudication.post_id == PostRow.id).correlate(PostRow).exists()
    return reviews, mine, settled


def waiting_for(analyst: str, share: float, *, now: datetime | None = None) -> ColumnElement[bool]:
    """SQL condition on `PostRow.id`: the post waits for `analyst` (see the module docstring); to be
    added to a query of flagged posts (the Review page's next post, the queue's "waiting for me")."""
    now = now or utcnow()
    reviews, mine, settled = _standing(analyst)
    claim_row = aliased(ClaimRow)
    held = (select(claim_row.post_id).where(claim_row.post_id == PostRow.id, claim_row.analyst != analyst,
                                            claim_row.expires_at > now).correlate(PostRow).exists())
    return and_(not_(mine), not_(held), not_(settled),
                or_(reviews == 0, and_(reviews == 1, overlap_clause(share))))


def second_opinion_due(db: Database, post_id: int, analyst: str, *, share: float | None = None) -> bool:
    """Whether `analyst`'s review of a post would be its second opinion: it is flagged, in the
    overlap, not adjudicated, has one submitted review, not theirs (`waiting_for`, whoever holds
    it). The Review page hides the other analysts' reviews of such a post until they submit theirs."""
    share = second_opinion_share(db) if share is None else share
    reviews, mine, settled = _standing(analyst)
    query = (join_latest_suggestion(select(PostRow.id))
             .where(PostRow.id == post_id, SuggestionRow.flagged.is_(True), not_(mine), not_(settled),
                    reviews == 1, overlap_clause(share)))
    with db.session(write=False) as session:
        return session.scalar(query) is not None


def claim(db: Database, post_id: int, analyst: str, *, minutes: float = LEASE_MINUTES) -> Claim:
    """Take (or renew) `analyst`'s claim on a post; returns the claim that holds it now: theirs, or
    another analyst's live claim (then nothing changed: check ``claim(...).analyst``).

    Raises
    ------
    StoreError
        No such post.
    """
    def work(session: Session) -> Claim:
        if session.get(PostRow, post_id) is None:
            raise StoreError(f"no post {post_id} in the store")
        now = utcnow()
        row = session.scalar(select(ClaimRow).where(ClaimRow.post_id == post_id).with_for_update())
        if row is not None and row.analyst != analyst and aware(row.expires_at) > now:
            return Claim(post_id, row.analyst, aware(row.expires_at))
        until = now + timedelta(minutes=minutes)
        if row is None:
            session.add(ClaimRow(post_id=post_id, analyst=analyst, claimed_at=now, expires_at=until))
        else:
            if row.analyst != analyst:
                row.claimed_at = now
            row.analyst, row.expires_at = analyst, until
        session.flush()
        return Claim(post_id, analyst, until)

    try:
        return db.retry(work)
    except IntegrityError:  # another analyst's first claim on this post committed meanwhile: theirs
        return db.retry(work)


def release(db: Database, post_id: int, analyst: str) -> None:
    """Drop `analyst`'s claim on a post (skipping it, leaving Review); another's claim is untouched."""
    db.retry(lambda session: release_in(session, post_id, analyst))


def release_in(session: Session, post_id: int, analyst: str) -> None:
    """`release` inside a running transaction (`review.reviews.review` when a review is submitted)."""
    session.execute(delete(ClaimRow).where(ClaimRow.post_id == post_id, ClaimRow.analyst == analyst))


def holder(db: Database, post_id: int) -> Claim | None:
    """The live claim on a post, if any."""
    with db.session(write=False) as session:
        row = session.scalar(select(ClaimRow).where(ClaimRow.post_id == post_id, ClaimRow.expires_at > utcnow()))
        return None if row is None else Claim(row.post_id, row.analyst, aware(row.expires_at))


def _shuffled(post_id: int) -> int:
    """A fixed pseudo-random rank of a post (Fibonacci hashing of its id): the same every time, so
    the "learning" order does not move when posts are added or decided."""
    return (post_id * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF


def interleave(*rankings: Iterable[int]) -> list[int]:
    """The ids of several rankings taken in turn, each time that ranking's next id not yet taken.

    Example
    -------
    >>> interleave([1, 2, 3, 4], [4, 3, 2, 1])
    [1, 4, 2, 3]
    """
    queues = [iter(ranking) for ranking in rankings]
    taken: set[int] = set()
    out: list[int] = []
    while queues:
        for queue in list(queues):
            for post_id in queue:
                if post_id not in taken:
                    taken.add(post_id)
                    out.append(post_id)
                    break
            else:
                queues.remove(queue)
    return out


def learning_order(scored: Iterable[tuple[int, float]]) -> list[int]:
    """Post ids in the "learning" order: alternately the most uncertain post not yet taken (score
    nearest 0.5, then id) and the next in a fixed pseudo-random order (`_shuffled`). The uncertain
    posts teach a retrained model most; the random ones keep the reviewed sample like the domain, so
    that the model is not calibrated for the uncertain posts alone (`benchmarks/learning_curve.py`,
    order ``hybrid``: ahead of random order at 50, 100 and 500 reviews, level at 200).

    Example
    -------
    >>> learning_order([(1, 0.95), (2, 0.52), (3, 0.2), (4, 0.4), (5, 0.9)])
    [2, 5, 4, 1, 3]
    """
    pairs = list(scored)
    return interleave([i for i, _ in sorted(pairs, key=lambda p: (abs(p[1] - 0.5), p[0]))],
                      sorted((i for i, _ in pairs), key=lambda i: (_shuffled(i), i)))


def ranked_for_learning(session: Session, query: Any) -> list[int]:
    """The posts a query selects (it joins their latest suggestion) in `learning_order`."""
    scored = session.execute(query.with_only_columns(PostRow.id, SuggestionRow.scam_score))
    return learning_order((int(i), float(s)) for i, s in scored)


def next_post(db: Database, analyst: str, *, skip: frozenset[int] | set[int] = frozenset(),
              order: str = "score", share: float | None = None) -> int | None:
    """The next post for `analyst`, claimed for them: the one they still hold (a reload goes back to
    it), else the first flagged post waiting for them (`waiting_for`) by `order` ("score": most likely
    lures first; "uncertainty": scores nearest 0.5 first; "learning": `learning_order`), leaving out
    `skip`. None when nothing waits."""
    share = second_opinion_share(db) if share is None else share
    now = utcnow()
    query = (join_latest_suggestion(select(PostRow.id)).where(SuggestionRow.flagged.is_(True),
                                                              waiting_for(analyst, share, now=now)))
    if skip:
        query = query.where(PostRow.id.not_in(skip))
    held_now = (select(ClaimRow.post_id).where(ClaimRow.analyst == analyst, ClaimRow.expires_at > now)
                .order_by(ClaimRow.claimed_at))
    ordered: Any = (func.abs(SuggestionRow.scam_score - 0.5) if order == "uncertainty"
                    else SuggestionRow.scam_score.desc())
    with db.session(write=False) as session:
        mine = list(session.scalars(query.where(PostRow.id.in_(held_now)).limit(1)))
        if order == "learning":
            candidates = mine + ranked_for_learning(session, query)[:20]
        else:
            candidates = mine + list(session.scalars(query.order_by(ordered, PostRow.id).limit(20)))
    for post_id in candidates:
        if claim(db, post_id, analyst).analyst == analyst:
            return post_id
    return None


def progress(db: Database, *, share: float | None = None) -> dict[str, Any]:
    """How the review of the flagged posts goes, overall and per analyst.

    Returns
    -------
    dict
        ``share``; ``flagged``; ``settled_or_done`` (flagged posts with every review they need, or
        adjudicated); ``second_opinions_needed`` / ``second_opinions_done`` (flagged posts in the
        overlap, and of them those with two submitted reviews or more); ``analysts``: one row per
        analyst (``analyst``, ``submitted``, ``drafts``, ``second opinions`` (their submitted reviews
        of a post someone else reviewed first), ``last review``).
    """
    share = second_opinion_share(db) if share is None else share
    counts = (select(ReviewRow.post_id, func.count().label("n")).where(ReviewRow.status == "submitted")
              .group_by(ReviewRow.post_id).subquery())
    flagged = join_latest_suggestion(select(PostRow.id)).where(SuggestionRow.flagged.is_(True)).subquery()
    with db.session(write=False) as session:
        rows = session.execute(select(flagged.c.id, func.coalesce(counts.c.n, 0), AdjudicationRow.post_id)
                               .outerjoin(counts, counts.c.post_id == flagged.c.id)
                               .outerjoin(AdjudicationRow, AdjudicationRow.post_id == flagged.c.id)).all()
        reviews = session.execute(select(ReviewRow.post_id, ReviewRow.analyst, ReviewRow.status,
                                         ReviewRow.updated_at, ReviewRow.id)
                                  .order_by(ReviewRow.post_id, ReviewRow.id)).all()
    overlap = [(n, adjudicated) for post_id, n, adjudicated in rows if in_overlap(post_id, share)]
    done = sum(1 for post_id, n, adjudicated in rows if adjudicated is not None or n >= reviews_needed(post_id, share))
    firsts: dict[int, str] = {}
    analysts: dict[str, dict[str, Any]] = {}
    for post_id, analyst, status, at, _ in reviews:
        row = analysts.setdefault(analyst, {"analyst": analyst, "submitted": 0, "drafts": 0,
                                            "second opinions": 0, "last review": None})
        if status == "submitted":
            row["submitted"] += 1
            if firsts.setdefault(post_id, analyst) != analyst:
                row["second opinions"] += 1
        else:
            row["drafts"] += 1
        row["last review"] = max(filter(None, [row["last review"], aware(at)]))
    return {"share": share, "flagged": len(rows), "settled_or_done": done,
            "second_opinions_needed": len(overlap),
            "second_opinions_done": sum(1 for n, _ in overlap if n >= 2),
            "analysts": [analysts[a] for a in sorted(analysts)]}


def waiting_count(db: Database, analyst: str, *, share: float | None = None) -> int:
    """How many flagged posts wait for `analyst` now."""
    share = second_opinion_share(db) if share is None else share
    query = (join_latest_suggestion(select(func.count(PostRow.id)))
             .where(SuggestionRow.flagged.is_(True), waiting_for(analyst, share)))
    with db.session(write=False) as session:
        return int(session.scalar(query) or 0)


def find_in_slice(db: Database, chosen: Any, analyst: str, *, after: int | None = None,
                  skipped: Collection[int] = (), waiting: ColumnElement[bool] | None = None) -> int | None:
    """`review.queue.next_in_slice` over the posts waiting for `analyst` (`waiting_for`: a first or a
    second opinion, nobody else's claim on it), claiming nothing: the Review page's look-ahead finds
    the post that follows the one on screen with it, and claims it only once it shows it."""
    from review import queue  # here: review.queue imports review.reviews, which imports this module

    waiting = waiting_for(analyst, second_opinion_share(db)) if waiting is None else waiting
    return queue.next_in_slice(db, chosen, analyst, after=after, skipped=skipped, waiting=waiting)


def next_in_slice(db: Database, chosen: Any, analyst: str, *, after: int | None = None,
                  skipped: Collection[int] = (), waiting: ColumnElement[bool] | None = None) -> int | None:
    """`find_in_slice`, the post found claimed for `analyst`; a post another analyst claimed a moment
    earlier is passed over. The Review page walks a slice with it."""
    waiting = waiting_for(analyst, second_opinion_share(db)) if waiting is None else waiting
    passed = set(skipped)
    for _ in range(20):
        found = find_in_slice(db, chosen, analyst, after=after, skipped=passed, waiting=waiting)
        if found is None or claim(db, found, analyst).analyst == analyst:
            return found
        passed.add(found)
    return None


def claims_of(db: Database, analyst: str) -> list[int]:
    """The posts `analyst` holds a live claim on, oldest claim first."""
    with db.session(write=False) as session:
        return list(session.scalars(select(ClaimRow.post_id).where(ClaimRow.analyst == analyst,
                                                                   ClaimRow.expires_at > utcnow())
                                    .order_by(ClaimRow.claimed_at, ClaimRow.post_id)))


def left_in_slice(db: Database, chosen: Any, analyst: str, *, skipped: Collection[int] = (),
                  waiting: ColumnElement[bool] | None = None) -> int:
    """`review.queue.left_in_slice` over the posts waiting for `analyst` (`waiting_for`)."""
    from review import queue

    waiting = waiting_for(analyst, second_opinion_share(db)) if waiting is None else waiting
    return queue.left_in_slice(db, chosen, analyst, skipped=skipped, waiting=waiting)
