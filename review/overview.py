"""Counts for the dashboard's overview page, computed in the database: flagged posts by week (or
day), category and language, the most shared identifiers, review progress and agreement (with
Krippendorff's alpha and Cohen's kappa between analysts), and the model's precision on the posts
whose label is settled."""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from datetime import date, timedelta
from itertools import combinations
from typing import TypedDict

import krippendorff
import numpy as np
from sqlalchemy import func, select

from detector.taxonomy import CATEGORIES, SCAM_CATEGORIES
from review.engine import Database
from review.posts import join_latest_suggestion
from review.reviews import final_labels, is_conflict, submitted
from review.tables import AdjudicationRow, IdentifierRow, PostRow, ReviewRow, SuggestionRow

# A timeline longer than this many days is drawn by week (daily bars became hair-thin at ~170 days),
# one longer than MONTHLY_AFTER_DAYS by month.
WEEKLY_AFTER_DAYS = 56
MONTHLY_AFTER_DAYS = 420


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


class PairAgreement(TypedDict):
    analysts: str
    posts: int
    kappa: float | None


class InterRater(TypedDict):
    """Agreement between analysts on the posts two or more of them reviewed (submitted reviews).

    ``alpha``: Krippendorff's alpha (nominal) over the labels; ``alpha_scam``: the same over lure or
    not; both None where it is undefined (fewer than two posts, or one value only: everyone gave every
    post the same label). ``observed``: the share of pairs of reviews of one post that agree.
    ``pairs``: Cohen's kappa per pair of analysts over the posts both reviewed."""

    posts: int
    alpha: float | None
    alpha_scam: float | None
    observed: float | None
    pairs: list[PairAgreement]


class Overview(TypedDict):
    by_day: list[DayCount]
    # by_day binned for the chart (`bin_size`: "day", "week" or "month"), undated posts left out
    bins: str
    by_period: list[DayCount]
    # Every bin from the first dated post's to the last's, empty ones too: the chart's axis, no gap hidden
    periods: list[str]
    by_lang: list[LangCount]
    shared_identifiers: list[SharedIdentifier]
    flagged: int
    reviewed: int
    agreement: Agreement
    inter_rater: InterRater
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
        pairs = session.execute(select(ReviewRow.post_id, ReviewRow.analyst, ReviewRow.label)
                                .join(reviews, reviews.c.post_id == ReviewRow.post_id)
                                .where(ReviewRow.status == "submitted", reviews.c.n > 1)).all()
    days: list[DayCount] = [{"day": day or "unknown", "category": category, "posts": n} for day, category, n in by_day]
    bins = bin_size(days)
    settled = {r["post_id"]: r["scam"] for r in final_labels(db)}
    confirmed = [scam for post_id, scam in settled.items() if post_id in reviewed_flagged]
    return Overview(
        by_day=days,
        bins=bins,
        by_period=binned(days, bins),
        periods=periods(days, bins),
        by_lang=[{"lang": lang or "?", "posts": n} for lang, n in by_lang],
        shared_identifiers=[{"identifier": k, "posts": n} for k, n in shared],
        flagged=sum(n for _, n in by_lang), reviewed=len(reviewed_flagged),
        agreement={"reviewed by 2+ analysts": len(multi), "agree": sum(1 for agree, _ in multi if agree),
                   "disagree": sum(1 for _, conflict in multi if conflict), "adjudicated": int(adjudicated)},
        inter_rater=inter_rater([(post_id, analyst, label) for post_id, analyst, label in pairs]),
        precision_on_reviewed=(sum(confirmed) / len(confirmed)) if confirmed else None,
        settled_flagged=len(confirmed),
    )


def bin_size(days: list[DayCount]) -> str:
    """The bins of the timeline: "day" when the dated posts span at most `WEEKLY_AFTER_DAYS` days,
    "week" up to `MONTHLY_AFTER_DAYS`, "month" beyond (at most ~60 bars, each wide enough to see)."""
    dated = sorted(d for r in days if (d := _day(r["day"])) is not None)
    if not dated:
        return "day"
    span = (dated[-1] - dated[0]).days
    return "day" if span <= WEEKLY_AFTER_DAYS else "week" if span <= MONTHLY_AFTER_DAYS else "month"


def binned(days: list[DayCount], bins: str) -> list[DayCount]:
    """The dated counts summed per category and per day, ISO week (its Monday, ``2026-11-02``) or
    month (``2026-11``); undated posts left out.

    Example
    -------
    >>> rows = [{"day": "2026-11-04", "category": "fake_job", "posts": 2},
    ...         {"day": "2026-11-08", "category": "fake_job", "posts": 1},
    ...         {"day": "unknown", "category": "fake_job", "posts": 5}]
    >>> binned(rows, "week"), binned(rows, "month")[0]["day"]
    ([{'day': '2026-11-02', 'category': 'fake_job', 'posts': 3}], '2026-11')
    """
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for row in days:
        day = _day(row["day"])
        if day is None:
            continue
        start = ((day - timedelta(days=day.weekday())).isoformat() if bins == "week"
                 else day.isoformat()[:7] if bins == "month" else day.isoformat())
        sums[(start, row["category"])] += row["posts"]
    return [{"day": d, "category": c, "posts": n} for (d, c), n in sorted(sums.items())]


def periods(days: list[DayCount], bins: str) -> list[str]:
    """Every bin (as `binned` names them) from the first dated post's to the last's.

    Example
    -------
    >>> periods([{"day": "2026-11-30", "category": "fake_job", "posts": 1},
    ...          {"day": "2027-01-02", "category": "fake_job", "posts": 1}], "month")
    ['2026-11', '2026-12', '2027-01']
    """
    named = sorted({r["day"] for r in binned(days, bins)})
    if not named:
        return []
    out = [named[0]]
    while out[-1] < named[-1]:
        if bins == "month":
            year, month = map(int, out[-1].split("-"))
            out.append(f"{year + month // 12}-{month % 12 + 1:02d}")
        else:
            step = timedelta(days=7 if bins == "week" else 1)
            out.append((date.fromisoformat(out[-1]) + step).isoformat())
    return out


def _day(text: str) -> date | None:
    """The day a ``posted_at`` prefix names (None: "unknown", or not an ISO date)."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def inter_rater(reviews: list[tuple[int, str, str]]) -> InterRater:
    """Agreement between analysts from ``(post id, analyst, label)`` submitted reviews of posts with two
    reviews or more (see `InterRater`).

    Example
    -------
    >>> r = inter_rater([(1, "a", "fake_job"), (1, "b", "fake_job"), (2, "a", "legit_job"),
    ...                  (2, "b", "legit_job"), (3, "a", "fake_job"), (3, "b", "other_scam")])
    >>> r["posts"], round(r["alpha"], 3), r["alpha_scam"], round(r["observed"], 3)
    (3, 0.545, 1.0, 0.667)
    """
    from sklearn.metrics import cohen_kappa_score  # here: the store's other users never pay for sklearn

    by_post: dict[int, dict[str, str]] = defaultdict(dict)
    for post_id, analyst, label in reviews:
        by_post[post_id][analyst] = label
    by_post = {p: labels for p, labels in by_post.items() if len(labels) > 1}
    analysts = sorted({a for labels in by_post.values() for a in labels})
    posts = sorted(by_post)
    code = {label: i for i, label in enumerate(CATEGORIES)}

    def alpha(value: dict[str, int]) -> float | None:
        data = np.array([[value.get(by_post[p].get(a, ""), np.nan) for p in posts] for a in analysts], dtype=float)
        try:
            result = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
        except ValueError:  # one value only, or too few posts: undefined
            return None
        return None if math.isnan(result) else result

    agree = total = 0
    for labels in by_post.values():
        for x, y in combinations(labels.values(), 2):
            total += 1
            agree += x == y
    pairs: list[PairAgreement] = []
    for a, b in combinations(analysts, 2):
        both = [p for p in posts if a in by_post[p] and b in by_post[p]]
        if not both:
            continue
        with warnings.catch_warnings():  # one label only on both sides: kappa is undefined (NaN)
            warnings.simplefilter("ignore")
            kappa = float(cohen_kappa_score([by_post[p][a] for p in both], [by_post[p][b] for p in both],
                                            labels=list(CATEGORIES)))
        pairs.append({"analysts": f"{a} / {b}", "posts": len(both), "kappa": None if math.isnan(kappa) else kappa})
    return InterRater(posts=len(posts), alpha=alpha(code) if posts else None,
                      alpha_scam=alpha({c: int(c in SCAM_CATEGORIES) for c in CATEGORIES}) if posts else None,
                      observed=agree / total if total else None, pairs=pairs)
