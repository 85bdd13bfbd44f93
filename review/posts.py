"""Posts and the model's suggestions coming in: ingest, post identity (a post is stored once), and
which suggestion of a post is its latest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from detector.campaigns import handle_key
from detector.normalize import extract_identifiers, normalize
from detector.readers import Post
from review.audit import audit
from review.engine import Database
from review.tables import IdentifierRow, PostRow, SuggestionRow

SelectT = TypeVar("SelectT", bound=Select)  # a select of any row shape


@dataclass(frozen=True)
class IngestResult:
    """How many posts of a batch were new, and how many were stored before (same id or same text)."""

    added: int
    duplicates: int


def text_key(text: str) -> str:
    """The dedup key of a post: the hash of its normalized, whitespace-collapsed, lower-cased text."""
    return hashlib.sha256(" ".join(normalize(text).lower().split()).encode("utf-8")).hexdigest()


# A post's *latest* suggestion is the one stored last: the highest suggestion id. Not the newest
# `created_at`: that is the clock of whichever process ingested (two servers' clocks can disagree, and a
# batch shares one instant), while ids only grow; and the id is the primary key, so the queue's join on
# it stays cheap at 100,000 posts (benchmarks/bench_queue.py). The queue, a post's page, campaigns, the
# overview and the exported labels all use this one definition.
def latest_suggestion_ids() -> Select[Any]:
    """The id of each post's latest suggestion."""
    return select(func.max(SuggestionRow.id).label("id")).group_by(SuggestionRow.post_id)


def join_latest_suggestion(query: SelectT) -> SelectT:
    """`query` (on posts) joined to each post's latest suggestion."""
    latest = latest_suggestion_ids().subquery()
    return query.join(SuggestionRow, SuggestionRow.post_id == PostRow.id).join(latest, latest.c.id == SuggestionRow.id)


def latest_suggestion(session: Session, post_id: int) -> SuggestionRow | None:
    """One post's latest suggestion (None if it has none)."""
    return session.scalar(select(SuggestionRow).where(SuggestionRow.post_id == post_id)
                          .order_by(SuggestionRow.id.desc()).limit(1))


def ingest(db: Database, posts: Sequence[Post], records: Sequence[dict[str, Any]], *, platform: str | None = None,
           actor: str = "batch") -> IngestResult:
    """Store posts and the model's suggestion for each (`records`: `vigie score` output lines).

    A post already stored (same source id, or same normalized text) is not stored again; its
    suggestion from a model version not yet seen is added to it.
    """
    def work(session: Session) -> IngestResult:
        try:
            with session.begin_nested():
                result = _ingest_batch(session, posts, records, platform)
        except IntegrityError:  # a concurrent ingest stored some of these posts a moment ago
            result = _ingest_one_by_one(session, posts, records, platform)
        audit(session, actor, "ingest", {"added": result.added, "duplicates": result.duplicates})
        return result

    result = db.retry(work)
    db.added(result.added)
    return result


def platforms(db: Database) -> list[str]:
    """The platforms the stored posts come from."""
    with db.session(write=False) as session:
        return sorted(p for p in session.scalars(select(PostRow.platform).distinct()) if p)


def _new_post(post: Post, key: str, record: dict[str, Any], platform: str | None) -> PostRow:
    return PostRow(source_id=post.id, text_key=key, text=post.text, lang=record.get("lang"),
                   platform=platform or post.author.get("platform"), author_handle=post.author.get("author_handle"),
                   author_name=post.author.get("author_name"), posted_at=post.date)


def _identifiers(session: Session, post: Post, post_id: int) -> None:
    keys = extract_identifiers(post.text).keys()
    if handle := post.author.get("author_handle"):
        keys.add(handle_key(handle))
    session.add_all(IdentifierRow(post_id=post_id, key=k[:300]) for k in sorted(keys))


def _suggestion(record: dict[str, Any], post_id: int) -> SuggestionRow:
    return SuggestionRow(post_id=post_id, model=record["model"], scam_score=float(record["scam_score"]),
                         flagged=bool(record["flagged"]), category=record["category"], signals=record["signals"],
                         impersonates=record.get("impersonates"))


def _ingest_batch(session: Session, posts: Sequence[Post], records: Sequence[dict[str, Any]],
                  platform: str | None) -> IngestResult:
    """The whole batch in a few statements: one lookup of what is stored, bulk inserts."""
    keys = [text_key(p.text) for p in posts]
    stored: dict[tuple[str, str | None], int] = {}
    for start in range(0, len(posts), 500):
        ids, chunk = [p.id for p in posts[start:start + 500]], keys[start:start + 500]
        for pid, source_id, key in session.execute(select(PostRow.id, PostRow.source_id, PostRow.text_key).where(
                or_(PostRow.source_id.in_(ids), PostRow.text_key.in_(chunk)))):
            stored[("s", source_id)], stored[("k", key)] = pid, pid
    new: dict[tuple[str, str], PostRow] = {}
    targets: list[int | PostRow] = []
    fresh: list[tuple[Post, PostRow]] = []
    for post, key, record in zip(posts, keys, records, strict=True):
        found = stored.get(("s", post.id)) or stored.get(("k", key)) or new.get(("s", post.id)) \
            or new.get(("k", key))
        if found is None:
            row = _new_post(post, key, record, platform)
            new[("s", post.id)] = new[("k", key)] = row
            fresh.append((post, row))
            found = row
        targets.append(found)
    session.add_all(row for _, row in fresh)
    session.flush()
    for post, row in fresh:
        _identifiers(session, post, row.id)
    post_ids = [t if isinstance(t, int) else t.id for t in targets]
    seen = {(pid, model) for pid, model in session.execute(select(SuggestionRow.post_id, SuggestionRow.model)
                                                           .where(SuggestionRow.post_id.in_(set(post_ids))))}
    for post_id, record in zip(post_ids, records, strict=True):
        if (post_id, record["model"]) not in seen:
            seen.add((post_id, record["model"]))
            session.add(_suggestion(record, post_id))
    return IngestResult(len(fresh), len(posts) - len(fresh))


def _ingest_one_by_one(session: Session, posts: Sequence[Post], records: Sequence[dict[str, Any]],
                       platform: str | None) -> IngestResult:
    """Post by post, each insert in a savepoint: for a batch a concurrent ingest overlaps."""
    added = duplicates = 0
    for post, record in zip(posts, records, strict=True):
        key = text_key(post.text)
        lookup = select(PostRow.id).where(or_(PostRow.source_id == post.id, PostRow.text_key == key))
        post_id = session.scalar(lookup)
        if post_id is None:
            try:
                with session.begin_nested():
                    row = _new_post(post, key, record, platform)
                    session.add(row)
                    session.flush()
                    post_id = row.id
            except IntegrityError:  # stored by the concurrent ingest meanwhile
                post_id = session.scalar(lookup)
                assert post_id is not None
                duplicates += 1
            else:
                added += 1
                _identifiers(session, post, post_id)
        else:
            duplicates += 1
        if session.scalar(select(SuggestionRow.id).where(SuggestionRow.post_id == post_id,
                                                         SuggestionRow.model == record["model"])) is None:
            session.add(_suggestion(record, post_id))
            session.flush()
    return IngestResult(added, duplicates)
