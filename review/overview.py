"""Counts for the dashboard's overview page, computed in the database: flagged posts by day,
category and language, the most shared identifiers, review progress and agreement, and the model's
precision on the posts whose label is settled."""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy import func, select

from review.engine import Database
from review.posts import join_latest_suggestion
from review.reviews import final_labels, is_conflict, submitted
from review.tables import AdjudicationRow, IdentifierRow, PostRow, ReviewRow, SuggestionRow


class DayCount(TypedDict):
    day: str
    category: str
    posts: int
class LangCount(TypedDict):
    lang: str
    posts: int
class SharedIdentifier(TypedDict):
    identifier: str
    posts: int
# Shown as a table on the overview page: the keys are its row titles.
Agreement = TypedDict("Agreement", {"reviewed by 2+ analysts": int, "agree": int, "disagree": int,
                                    "adjudicated": int})


class Overview(TypedDict):
    by_day: list[DayCount]
    by_lang: list[LangCount]
    shared_identifiers: list[SharedIdentifier]
    flagged: int
    reviewed: int
    agreement: Agreement
    precision_on_reviewed: float | None
    settled_flagged: int


def overview(db: Database) -> Overview:
    """Counts for the overview page.

    ``agreement``: posts with two or more submitted reviews; of them, those whose reviews ``agree``
    (one label) and those in conflict (``disagree``: not adjudicated yet, as `review.reviews.state`
    defines a conflict); and how many posts an admin has ``adjudicated``. ``precision_on_reviewed``:
    of the flagged posts reviewed and settled, the share whose settled label is a scam.
    """
    flagged = (join_latest_suggestion(select(PostRow.id, PostRow.lang,
                                             func.substr(PostRow.posted_at, 1, 10).label("day"),
                                             SuggestionRow.category))
               .where(SuggestionRow.flagged.is_(True))).subquery()
    posts = func.count().label("posts")
    reviews = submitted()
    with db.session(write=False) as session:
        by_day = session.execute(select(flagged.c.day, flagged.c.category, posts)
                                 .group_by(flagged.c.day, flagged.c.category)
                                 .order_by(flagged.c.day.is_(None), flagged.c.day, flagged.c.category)).all()
        by_lang = session.execute(select(flagged.c.lang, posts).group_by(flagged.c.lang)
                                  .order_by(posts.desc())).all()
        shared = session.execute(
            select(IdentifierRow.key, func.count(func.distinct(IdentifierRow.post_id)).label("posts"))
            .group_by(IdentifierRow.key).having(func.count(func.distinct(IdentifierRow.post_id)) > 1)
            .order_by(func.count(func.distinct(IdentifierRow.post_id)).desc(), IdentifierRow.key).limit(15)).all()
        multi = session.execute(
            select(reviews.c.labels == 1, is_conflict(reviews.c.labels, AdjudicationRow.post_id))
            .outerjoin(AdjudicationRow, AdjudicationRow.post_id == reviews.c.post_id)
            .where(reviews.c.n > 1)).all()
        adjudicated = session.scalar(select(func.count()).select_from(AdjudicationRow)) or 0
        reviewed_flagged = set(session.scalars(
            select(flagged.c.id).join(ReviewRow, ReviewRow.post_id == flagged.c.id)
            .where(ReviewRow.status == "submitted").distinct()))
    settled = {r["post_id"]: r["scam"] for r in final_labels(db)}
    confirmed = [scam for post_id, scam in settled.items() if post_id in reviewed_flagged]
    return Overview(
        by_day=[{"day": day or "unknown", "category": category, "posts": n} for day, category, n in by_day],
        by_lang=[{"lang": lang or "?", "posts": n} for lang, n in by_lang],
        shared_identifiers=[{"identifier": k, "posts": n} for k, n in shared],
        flagged=sum(n for _, n in by_lang), reviewed=len(reviewed_flagged),
        agreement={"reviewed by 2+ analysts": len(multi), "agree": sum(1 for agree, _ in multi if agree),
                   "disagree": sum(1 for _, conflict in multi if conflict), "adjudicated": int(adjudicated)},
        precision_on_reviewed=(sum(confirmed) / len(confirmed)) if confirmed else None,
        settled_flagged=len(confirmed),
    )
