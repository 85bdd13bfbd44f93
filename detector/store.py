"""The review store: posts, model suggestions, analysts' reviews, adjudications and an append-only
audit log, on SQLAlchemy 2 (SQLite in WAL mode by default, PostgreSQL by URL), migrated with Alembic.

A model's *suggestion* (category, score, model version) is never mixed with an analyst's *review*
(label, analyst, time, note, status draft/submitted): several analysts may review one post, each
keeps one review that they can edit; where submitted reviews disagree, an admin adjudicates.
Concurrent edits of one review are detected (a version number), never silently overwritten.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy import text as text_sql
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.sql import Select

from detector.campaigns import find_campaigns, handle_key
from detector.classifiers import CATEGORIES, SCAM_CATEGORIES
from detector.errors import VigieError
from detector.normalize import extract_identifiers, normalize
from detector.readers import Post

log = logging.getLogger(__name__)

DEFAULT_DATA_DIR = Path(os.environ.get("VIGIE_DATA_DIR", "vigie-data"))
REVIEW_STATUSES = ("draft", "submitted")
ROLES = ("analyst", "admin")
# Brute force: after MAX_FAILED_LOGINS failures within LOGIN_WINDOW_S, a username is locked until
# the oldest failure leaves the window (counted in the database, so every server process agrees).
MAX_FAILED_LOGINS = 5
LOGIN_WINDOW_S = 15 * 60
# A sign-in lasts a working day; signing out, a password reset or a role change ends it sooner.
SESSION_HOURS = 10
T = TypeVar("T")
SelectT = TypeVar("SelectT", bound=Select)  # a select of any row shape


class StoreError(VigieError, RuntimeError):
    """The store cannot do what was asked (unknown post, invalid label...)."""


class AuthError(StoreError):
    """Login refused: unknown user, wrong password, or too many failed attempts."""


class ConflictError(StoreError):
    """Someone changed the review since it was read: reload it, then apply the change again."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def text_key(text: str) -> str:
    """The dedup key of a post: the hash of its normalized, whitespace-collapsed, lower-cased text."""
    return hashlib.sha256(" ".join(normalize(text).lower().split()).encode("utf-8")).hexdigest()


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class PostRow(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    text_key: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(8))
    platform: Mapped[str | None] = mapped_column(String(40))
    author_handle: Mapped[str | None] = mapped_column(String(200))
    author_name: Mapped[str | None] = mapped_column(String(200))
    posted_at: Mapped[str | None] = mapped_column(String(40), index=True)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IdentifierRow(Base):
    """Phone numbers, links and handles of a post: search, and the links between a campaign's posts."""

    __tablename__ = "identifiers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(300), index=True)


class SuggestionRow(Base):
    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("post_id", "model"), Index("ix_suggestions_score", "scam_score"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    model: Mapped[str] = mapped_column(String(200))
    scam_score: Mapped[float] = mapped_column(Float)
    flagged: Mapped[bool] = mapped_column(Boolean, index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    signals: Mapped[list[Any]] = mapped_column(JSON)
    impersonates: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("post_id", "analyst"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    analyst: Mapped[str] = mapped_column(String(100), index=True)
    label: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CampaignRow(Base):
    """A campaign as last grouped (`PostStore.regroup_campaigns`): its size, dates and what its posts share."""

    __tablename__ = "campaigns"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, index=True)
    first_posted: Mapped[str | None] = mapped_column(String(40))
    last_posted: Mapped[str | None] = mapped_column(String(40))
    shared: Mapped[list[Any]] = mapped_column(JSON)
    template: Mapped[bool] = mapped_column(Boolean)


class CampaignMemberRow(Base):
    __tablename__ = "campaign_members"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    campaign: Mapped[str] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    links: Mapped[list[Any]] = mapped_column(JSON)


class CampaignRunRow(Base):
    __tablename__ = "campaign_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    posts_in_store: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    campaigns: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float] = mapped_column(Float)


class AdjudicationRow(Base):
    __tablename__ = "adjudications"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    admin: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditRow(Base):
    """Append-only (the migration adds triggers that refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    post_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class UserRow(Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SessionRow(Base):
    """A signed-in browser: the SHA-256 of its random token (the token itself is only in its cookie)."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("users.username", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class FailedLoginRow(Base):
    __tablename__ = "failed_logins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """scrypt (memory-hard) with a random salt, as `scrypt$n$r$p$salt$hash` (hex)."""
    salt = salt or os.urandom(16)
    n, r, p = 2**14, 8, 1
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


@functools.cache
def _dummy_hash() -> str:
    return hash_password(os.urandom(16).hex())


def verify_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        actual = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(digest) // 2)
    except ValueError:
        return False
    return hmac.compare_digest(actual.hex(), digest)


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


@dataclass(frozen=True)
class IngestResult:
    added: int
    duplicates: int


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by `_sqlite_begin`, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; busy_timeout: a second writer waits instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A writer's IMMEDIATE takes the write lock at the start (waiting up to busy_timeout): two
    # writers queue instead of both reading a version and one failing at its first write. Readers
    # begin DEFERRED and, in WAL mode, never wait for a writer.
    read_only = connection.get_execution_options().get("vigie_read_only", False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def default_url(data_dir: str | Path = DEFAULT_DATA_DIR) -> str:
    """SQLite in `data_dir` (created if needed), unless VIGIE_DATABASE_URL says otherwise."""
    if url := os.environ.get("VIGIE_DATABASE_URL"):
        return url
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(data_dir).resolve() / 'vigie.db'}"


class PostStore:
    """Posts, suggestions, reviews, adjudications and the audit log behind one small interface.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL (``postgresql+psycopg://user@host/db``, ``sqlite:///path.db``); default
        `default_url()`. The schema is migrated to the latest Alembic revision on opening.

    Example
    -------
    >>> store = PostStore("sqlite://")  # in memory
    >>> store.ingest([Post("fb-1", "Visa offert, frais 50 000 FCFA", 1)],
    ...              [{"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr",
    ...                "signals": [], "impersonates": None, "model": "default@1"}])
    IngestResult(added=1, duplicates=0)
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine: Engine = create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.engine.execution_options(vigie_read_only=True), expire_on_commit=False)
        from detector.migrations import upgrade

        upgrade(self.engine)
        self._added_since_analyze, self._analyzed_at_count = 0, 0

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A transaction, committed at the end of the block (rolled back on an exception)."""
        with (self._writer if write else self._reader).begin() as session:
            yield session

    def _retry(self, work: Callable[[Session], T], attempts: int = 8) -> T:
        """Run `work` in a transaction, again when the database reports a transient lock or
        serialization failure (two writers at the same moment)."""
        for attempt in range(attempts):
            try:
                with self.session() as session:
                    return work(session)
            except OperationalError as err:
                if attempt == attempts - 1 or not _transient(err):
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    # -- posts and suggestions -------------------------------------------------------------

    def ingest(self, posts: Sequence[Post], records: Sequence[dict[str, Any]], *, platform: str | None = None,
               actor: str = "batch") -> IngestResult:
        """Store posts and the model's suggestion for each (`records`: `vigie score` output lines).

        A post already stored (same source id, or same normalized text) is not stored again; its
        suggestion from a model version not yet seen is added to it.
        """
        def work(session: Session) -> IngestResult:
            try:
                with session.begin_nested():
                    result = self._ingest_batch(session, posts, records, platform)
            except IntegrityError:  # a concurrent ingest stored some of these posts a moment ago
                result = self._ingest_one_by_one(session, posts, records, platform)
            session.add(AuditRow(actor=actor, action="ingest", post_id=None,
                                 detail={"added": result.added, "duplicates": result.duplicates}))
            return result

        result = self._retry(work)
        self._added_since_analyze += result.added
        if self._added_since_analyze >= max(1000, self._analyzed_at_count // 5):
            self.analyze()
        return result

    def analyze(self) -> None:
        """Refresh the query planner's statistics. After a bulk load they are stale, and PostgreSQL
        then picked plans that took minutes for a queue page (measured: 100,000 posts, > 60 s before,
        56 ms after). Run by `ingest` each time the posts grew by a fifth (at least 1,000)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("ANALYZE")
        self._added_since_analyze, self._analyzed_at_count = 0, self.count_posts()

    @staticmethod
    def _new_post(post: Post, key: str, record: dict[str, Any], platform: str | None) -> PostRow:
        return PostRow(source_id=post.id, text_key=key, text=post.text, lang=record.get("lang"),
                       platform=platform or post.author.get("platform"), author_handle=post.author.get("author_handle"),
                       author_name=post.author.get("author_name"), posted_at=post.date)

    @staticmethod
    def _identifiers(session: Session, post: Post, post_id: int) -> None:
        keys = extract_identifiers(post.text).keys()
        if handle := post.author.get("author_handle"):
            keys.add(handle_key(handle))
        session.add_all(IdentifierRow(post_id=post_id, key=k[:300]) for k in sorted(keys))

    @staticmethod
    def _suggestion(record: dict[str, Any], post_id: int) -> SuggestionRow:
        return SuggestionRow(post_id=post_id, model=record["model"], scam_score=float(record["scam_score"]),
                             flagged=bool(record["flagged"]), category=record["category"], signals=record["signals"],
                             impersonates=record.get("impersonates"))

    def _ingest_batch(self, session: Session, posts: Sequence[Post], records: Sequence[dict[str, Any]],
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
                row = self._new_post(post, key, record, platform)
                new[("s", post.id)] = new[("k", key)] = row
                fresh.append((post, row))
                found = row
            targets.append(found)
        session.add_all(row for _, row in fresh)
        session.flush()
        for post, row in fresh:
            self._identifiers(session, post, row.id)
        post_ids = [t if isinstance(t, int) else t.id for t in targets]
        seen = {(pid, model) for pid, model in session.execute(select(SuggestionRow.post_id, SuggestionRow.model)
                                                               .where(SuggestionRow.post_id.in_(set(post_ids))))}
        for post_id, record in zip(post_ids, records, strict=True):
            if (post_id, record["model"]) not in seen:
                seen.add((post_id, record["model"]))
                session.add(self._suggestion(record, post_id))
        return IngestResult(len(fresh), len(posts) - len(fresh))

    def _ingest_one_by_one(self, session: Session, posts: Sequence[Post], records: Sequence[dict[str, Any]],
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
                        row = self._new_post(post, key, record, platform)
                        session.add(row)
                        session.flush()
                        post_id = row.id
                except IntegrityError:  # stored by the concurrent ingest meanwhile
                    post_id = session.scalar(lookup)
                    assert post_id is not None
                    duplicates += 1
                else:
                    added += 1
                    self._identifiers(session, post, post_id)
            else:
                duplicates += 1
            if session.scalar(select(SuggestionRow.id).where(SuggestionRow.post_id == post_id,
                                                             SuggestionRow.model == record["model"])) is None:
                session.add(self._suggestion(record, post_id))
                session.flush()
        return IngestResult(added, duplicates)

    def post(self, post_id: int) -> dict[str, Any]:
        """A post with its latest suggestion, its reviews and its adjudication."""
        with self.session(write=False) as session:
            row = session.get(PostRow, post_id)
            if row is None:
                raise StoreError(f"no post {post_id} in the store")
            suggestion = session.scalar(select(SuggestionRow).where(SuggestionRow.post_id == post_id)
                                        .order_by(SuggestionRow.created_at.desc(), SuggestionRow.id.desc()))
            adjudication = session.get(AdjudicationRow, post_id)
            return {"id": row.id, "source_id": row.source_id, "text": row.text, "lang": row.lang,
                    "platform": row.platform, "author_handle": row.author_handle, "author_name": row.author_name,
                    "posted_at": row.posted_at,
                    "suggestion": None if suggestion is None else {
                        "model": suggestion.model, "scam_score": suggestion.scam_score, "flagged": suggestion.flagged,
                        "category": suggestion.category, "signals": suggestion.signals,
                        "impersonates": suggestion.impersonates},
                    "reviews": [_review(r) for r in session.scalars(
                        select(ReviewRow).where(ReviewRow.post_id == post_id).order_by(ReviewRow.analyst))],
                    "adjudication": None if adjudication is None else {
                        "admin": adjudication.admin, "label": adjudication.label, "note": adjudication.note}}

    def queue(self, *, order: str = "score", flagged_only: bool = True, category: str | None = None,
              lang: str | None = None, platform: str | None = None, status: str | None = None,
              min_score: float = 0.0, max_score: float = 1.0, search: str | None = None,
              posted_from: date | None = None, posted_to: date | None = None,
              limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """One page of posts to review, with their latest suggestion and how many reviews they have.

        `order`: "score" (most likely lures first) or "uncertainty" (scores nearest 0.5 first: the
        reviews that teach a retrained model most). `status`: "unreviewed", "reviewed" or
        "conflict". `search`: words of the text, or a phone number, link or @handle.
        `posted_from` / `posted_to`: the days posted, both included (posts without a date are left out).
        """
        reviews = (select(ReviewRow.post_id, func.count().label("n"),
                          func.count(func.distinct(ReviewRow.label)).label("labels"))
                   .where(ReviewRow.status == "submitted").group_by(ReviewRow.post_id).subquery())
        query = (_join_latest_suggestion(select(PostRow, SuggestionRow, func.coalesce(reviews.c.n, 0),
                                                func.coalesce(reviews.c.labels, 0)))
                 .outerjoin(reviews, reviews.c.post_id == PostRow.id)
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
            query = query.where(reviews.c.labels > 1)
        if search:
            ids = extract_identifiers(search).keys()
            by_identifier = select(IdentifierRow.post_id).where(IdentifierRow.key.in_(ids)) if ids else None
            words = PostRow.text.ilike(f"%{search}%")
            query = query.where(or_(words, PostRow.id.in_(by_identifier)) if by_identifier is not None else words)
        if order == "uncertainty":
            query = query.order_by(func.abs(SuggestionRow.scam_score - 0.5), PostRow.id)
        else:
            query = query.order_by(SuggestionRow.scam_score.desc(), PostRow.id)
        with self.session(write=False) as session:
            rows = session.execute(query.limit(limit).offset(offset)).all()
            return [{"id": post.id, "source_id": post.source_id, "text": post.text, "lang": post.lang,
                     "platform": post.platform, "author_handle": post.author_handle, "posted_at": post.posted_at,
                     "scam_score": sug.scam_score, "category": sug.category, "signals": sug.signals,
                     "impersonates": sug.impersonates, "model": sug.model, "reviews": n, "conflict": labels > 1}
                    for post, sug, n, labels in rows]

    def platforms(self) -> list[str]:
        """The platforms the stored posts come from."""
        with self.session(write=False) as session:
            return sorted(p for p in session.scalars(select(PostRow.platform).distinct()) if p)

    def posts_for_campaigns(self, *, flagged_only: bool = True) -> list[dict[str, Any]]:
        """Every (flagged) post with what grouping into campaigns needs: text, author, date, score."""
        query = _join_latest_suggestion(select(PostRow.id, PostRow.text, PostRow.author_handle, PostRow.posted_at,
                                               SuggestionRow.scam_score, SuggestionRow.category)).order_by(PostRow.id)
        if flagged_only:
            query = query.where(SuggestionRow.flagged.is_(True))
        with self.session(write=False) as session:
            return [{"id": r[0], "text": r[1], "author_handle": r[2], "posted_at": r[3], "scam_score": r[4],
                     "category": r[5]} for r in session.execute(query)]

    def regroup_campaigns(self, *, actor: str = "vigie", threshold: float = 0.5) -> dict[str, Any]:
        """Group the flagged posts into campaigns (`detector.campaigns.find_campaigns`, author handles
        included) and store the result in place of the last grouping.

        Returns
        -------
        dict
            The run: ``posts_in_store``, ``flagged``, ``campaigns``, ``seconds``.
        """
        started = time.perf_counter()
        posts_in_store = self.count_posts()
        posts = self.posts_for_campaigns()
        links = find_campaigns([str(p["id"]) for p in posts], [p["text"] for p in posts], threshold=threshold,
                               author_handles=[p["author_handle"] for p in posts])
        groups: dict[str, list[tuple[dict[str, Any], list[str]]]] = defaultdict(list)
        for post, link in zip(posts, links, strict=True):
            if link.campaign:
                groups[link.campaign].append((post, link.links))
        campaigns, members = [], []
        for campaign, group in groups.items():
            dates = sorted(p["posted_at"] for p, _ in group if p["posted_at"])
            keys = {k for _, post_keys in group for k in post_keys}
            campaigns.append({"id": campaign, "size": len(group), "first_posted": dates[0] if dates else None,
                              "last_posted": dates[-1] if dates else None,
                              "shared": sorted(k for k in keys if not k.startswith("template:")),
                              "template": any(k.startswith("template:") for k in keys)})
            members += [{"post_id": p["id"], "campaign": campaign, "links": post_keys} for p, post_keys in group]
        run = {"posts_in_store": posts_in_store, "flagged": len(posts), "campaigns": len(campaigns),
               "seconds": round(time.perf_counter() - started, 3)}

        def work(session: Session) -> None:
            if self.engine.dialect.name == "postgresql":
                # Two regroupings at once: the second waits, then replaces the first's rows (each
                # statement then sees them) instead of colliding with them.
                session.execute(text_sql("LOCK TABLE campaign_runs IN EXCLUSIVE MODE"))
            session.execute(delete(CampaignMemberRow))
            session.execute(delete(CampaignRow))
            if campaigns:
                session.execute(insert(CampaignRow), campaigns)
                session.execute(insert(CampaignMemberRow), members)
            session.add(CampaignRunRow(**run))
            session.add(AuditRow(actor=actor, action="regroup_campaigns", post_id=None, detail=run))

        self._retry(work)
        log.info("campaigns regrouped: %s", run)
        return run

    def campaign_run(self) -> dict[str, Any] | None:
        """The last grouping into campaigns (when, over how many posts), or None if never grouped."""
        with self.session(write=False) as session:
            row = session.scalars(select(CampaignRunRow).order_by(CampaignRunRow.id.desc()).limit(1)).first()
            return None if row is None else {"at": row.at, "posts_in_store": row.posts_in_store,
                                             "flagged": row.flagged, "campaigns": row.campaigns,
                                             "seconds": row.seconds}

    def campaigns(self, *, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stored campaigns, largest first."""
        query = (select(CampaignRow).order_by(CampaignRow.size.desc(), CampaignRow.id).limit(limit).offset(offset))
        with self.session(write=False) as session:
            return [{"campaign": r.id, "posts": r.size, "first": r.first_posted, "last": r.last_posted,
                     "shared": r.shared, "template": r.template} for r in session.scalars(query)]

    def campaign_posts(self, campaign: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        """The posts of one stored campaign (the first `limit`), oldest first, with their suggestion
        and what they share."""
        query = (_join_latest_suggestion(select(PostRow.id, PostRow.posted_at, PostRow.author_handle, PostRow.text,
                                                SuggestionRow.scam_score, SuggestionRow.category,
                                                CampaignMemberRow.links))
                 .join(CampaignMemberRow, CampaignMemberRow.post_id == PostRow.id)
                 .where(CampaignMemberRow.campaign == campaign).order_by(PostRow.posted_at, PostRow.id).limit(limit))
        with self.session(write=False) as session:
            return [{"post": r[0], "date": r[1], "author": r[2], "text": r[3], "score": r[4], "category": r[5],
                     "links": r[6]} for r in session.execute(query)]

    def campaign_timeline(self, campaigns: Sequence[str]) -> list[dict[str, Any]]:
        """Posts per day of each of these campaigns (posts without a date left out)."""
        day = func.substr(PostRow.posted_at, 1, 10)
        query = (select(CampaignMemberRow.campaign, day, func.count())
                 .join(PostRow, PostRow.id == CampaignMemberRow.post_id)
                 .where(CampaignMemberRow.campaign.in_(list(campaigns)), PostRow.posted_at.is_not(None))
                 .group_by(CampaignMemberRow.campaign, day).order_by(day))
        with self.session(write=False) as session:
            return [{"campaign": r[0], "day": r[1], "posts": r[2]} for r in session.execute(query)]

    def overview(self) -> dict[str, Any]:
        """Counts for the overview page: flagged posts by day, category and language, the most
        shared identifiers, review progress, agreement, and the model's precision on settled posts."""
        flagged = (_join_latest_suggestion(select(PostRow.id, PostRow.lang,
                                                  func.substr(PostRow.posted_at, 1, 10).label("day"),
                                                  SuggestionRow.category))
                   .where(SuggestionRow.flagged.is_(True))).subquery()
        posts = func.count().label("posts")
        with self.session(write=False) as session:
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
                select(ReviewRow.post_id, func.count(func.distinct(ReviewRow.label)))
                .where(ReviewRow.status == "submitted").group_by(ReviewRow.post_id)
                .having(func.count() > 1)).all()
            adjudicated = session.scalar(select(func.count()).select_from(AdjudicationRow)) or 0
            reviewed_flagged = set(session.scalars(
                select(flagged.c.id).join(ReviewRow, ReviewRow.post_id == flagged.c.id)
                .where(ReviewRow.status == "submitted").distinct()))
        settled = {r["post_id"]: r["scam"] for r in self.final_labels()}
        confirmed = [scam for post_id, scam in settled.items() if post_id in reviewed_flagged]
        return {
            "by_day": [{"day": day or "unknown", "category": category, "posts": n} for day, category, n in by_day],
            "by_lang": [{"lang": lang or "?", "posts": n} for lang, n in by_lang],
            "shared_identifiers": [{"identifier": k, "posts": n} for k, n in shared],
            "flagged": sum(n for _, n in by_lang), "reviewed": len(reviewed_flagged),
            "agreement": {"reviewed by 2+ analysts": len(multi), "agree": sum(1 for _, n in multi if n == 1),
                          "disagree": sum(1 for _, n in multi if n > 1), "adjudicated": int(adjudicated)},
            "precision_on_reviewed": (sum(confirmed) / len(confirmed)) if confirmed else None,
            "settled_flagged": len(confirmed),
        }

    def similar(self, post_id: int, *, limit: int = 10) -> list[dict[str, Any]]:
        """Other posts sharing a phone number, link or handle with this one (most shared first)."""
        keys = select(IdentifierRow.key).where(IdentifierRow.post_id == post_id)
        shared = func.count(func.distinct(IdentifierRow.key))
        query = (select(PostRow.id, PostRow.text, shared.label("shared"))
                 .join(IdentifierRow, IdentifierRow.post_id == PostRow.id)
                 .where(IdentifierRow.key.in_(keys), PostRow.id != post_id)
                 .group_by(PostRow.id, PostRow.text).order_by(shared.desc(), PostRow.id).limit(limit))
        with self.session(write=False) as session:
            return [{"post": r[0], "shared identifiers": r[2], "text": r[1][:160]} for r in session.execute(query)]

    def count_posts(self) -> int:
        with self.session(write=False) as session:
            return int(session.scalar(select(func.count()).select_from(PostRow)) or 0)

    # -- reviews ---------------------------------------------------------------------------

    def review(self, post_id: int, analyst: str, label: str, *, note: str = "", status: str = "submitted",
               expected_version: int | None = None) -> Review:
        """Create or change `analyst`'s review of a post.

        Raises
        ------
        ConflictError
            `expected_version` is given and the review changed since (another tab, another session).
        StoreError
            Unknown post, label or status.
        """
        _check_label(label)
        if status not in REVIEW_STATUSES:
            raise StoreError(f"status {status!r} is not one of {list(REVIEW_STATUSES)}")

        def work(session: Session) -> Review:
            if session.get(PostRow, post_id) is None:
                raise StoreError(f"no post {post_id} in the store")
            row = session.scalar(select(ReviewRow).where(ReviewRow.post_id == post_id, ReviewRow.analyst == analyst)
                                 .with_for_update())
            if row is None and expected_version not in (None, 0):
                raise ConflictError(f"post {post_id}: {analyst}'s review was removed or never saved; reload it")
            if row is not None and expected_version is not None and row.version != expected_version:
                raise ConflictError(f"post {post_id}: {analyst}'s review is at version {row.version}, "
                                    f"not {expected_version}; reload it and apply the change again")
            return _review(_set_review(session, row, post_id, analyst, label, note, status))

        try:
            return self._retry(work)
        except IntegrityError as err:  # two first reviews by one analyst at the same moment
            raise ConflictError(f"post {post_id}: {analyst}'s review was saved meanwhile; reload it") from err

    def review_campaign(self, campaign: str, analyst: str, label: str, *, note: str = "") -> int:
        """Submit `analyst`'s review with `label` for every post of a stored campaign, in one
        transaction (each post's review audited as usual); returns how many posts."""
        _check_label(label)
        members = select(CampaignMemberRow.post_id).where(CampaignMemberRow.campaign == campaign)

        def work(session: Session) -> int:
            post_ids = list(session.scalars(members.order_by(CampaignMemberRow.post_id)))
            if not post_ids:
                raise StoreError(f"no campaign {campaign!r} in the store (the posts were grouped again?)")
            mine = {r.post_id: r for r in session.scalars(
                select(ReviewRow).where(ReviewRow.analyst == analyst, ReviewRow.post_id.in_(members))
                .with_for_update())}
            for post_id in post_ids:
                _set_review(session, mine.get(post_id), post_id, analyst, label, note or f"campaign {campaign}",
                            "submitted")
            session.add(AuditRow(actor=analyst, action="label_campaign", post_id=None,
                                 detail={"campaign": campaign, "label": label, "posts": post_ids}))
            return len(post_ids)

        try:
            return self._retry(work)
        except IntegrityError as err:
            raise ConflictError(f"campaign {campaign}: a review by {analyst} was saved meanwhile; try again") from err

    def agreement(self, post_id: int) -> str:
        """`unreviewed`, `agreed`, `conflict` (submitted reviews differ on scam or not) or `adjudicated`."""
        with self.session(write=False) as session:
            if session.get(AdjudicationRow, post_id) is not None:
                return "adjudicated"
            labels = set(session.scalars(select(ReviewRow.label).where(
                ReviewRow.post_id == post_id, ReviewRow.status == "submitted")))
        if not labels:
            return "unreviewed"
        return "conflict" if len(labels) > 1 else "agreed"

    def conflicts(self) -> list[int]:
        """Posts whose submitted reviews disagree and that no admin has adjudicated."""
        with self.session(write=False) as session:
            rows = session.execute(
                select(ReviewRow.post_id).where(ReviewRow.status == "submitted")
                .group_by(ReviewRow.post_id).having(func.count(func.distinct(ReviewRow.label)) > 1)
                .except_(select(AdjudicationRow.post_id)))
            return sorted(r[0] for r in rows)

    def adjudicate(self, post_id: int, admin: str, label: str, *, note: str = "") -> None:
        """The admin's final label for a post whose reviews disagree (re-adjudicating replaces it)."""
        _check_label(label)

        def work(session: Session) -> None:
            if session.get(PostRow, post_id) is None:
                raise StoreError(f"no post {post_id} in the store")
            row = session.get(AdjudicationRow, post_id)
            before = None if row is None else {"label": row.label, "admin": row.admin}
            if row is None:
                session.add(AdjudicationRow(post_id=post_id, admin=admin, label=label, note=note))
            else:
                row.admin, row.label, row.note, row.at = admin, label, note, utcnow()
            session.add(AuditRow(actor=admin, action="adjudicate", post_id=post_id,
                                 detail={"before": before, "after": {"label": label, "note": note}}))

        self._retry(work)

    def final_labels(self) -> list[dict[str, Any]]:
        """Posts with a settled label (adjudicated, or all submitted reviews agreeing), with the
        category the latest model suggested."""
        out = []
        with self.session(write=False) as session:
            adjudicated = {r.post_id: r for r in session.scalars(select(AdjudicationRow))}
            by_post: dict[int, list[ReviewRow]] = {}
            for review in session.scalars(select(ReviewRow).where(ReviewRow.status == "submitted")):
                by_post.setdefault(review.post_id, []).append(review)
            for post_id in sorted(set(by_post) | set(adjudicated)):
                reviews = by_post.get(post_id, [])
                if post_id in adjudicated:
                    label, who = adjudicated[post_id].label, [adjudicated[post_id].admin]
                elif len({r.label for r in reviews}) == 1:
                    label, who = reviews[0].label, sorted(r.analyst for r in reviews)
                else:
                    continue
                post = session.get(PostRow, post_id)
                assert post is not None
                suggested = session.scalar(select(SuggestionRow.category).where(SuggestionRow.post_id == post_id)
                                           .order_by(SuggestionRow.created_at.desc(), SuggestionRow.id.desc()))
                out.append({"post_id": post_id, "source_id": post.source_id, "text": post.text, "lang": post.lang,
                            "platform": post.platform, "label": label, "scam": int(label in SCAM_CATEGORIES),
                            "suggested": suggested, "reviewers": who,
                            "at": max([r.updated_at for r in reviews] or [utcnow()])})
        return out

    # -- accounts --------------------------------------------------------------------------

    def add_user(self, username: str, password: str, role: str, *, actor: str) -> None:
        """Create or reset an account (the password is stored hashed, never in clear)."""
        if role not in ROLES:
            raise StoreError(f"role {role!r} is not one of {list(ROLES)}")
        if len(password) < 10:
            raise StoreError("a password needs at least 10 characters")
        if not re.fullmatch(r"[\w.-]{1,100}", username):
            raise StoreError(f"username {username!r}: letters, digits, '_', '-' and '.' only, at most 100")

        def work(session: Session) -> None:
            row = session.get(UserRow, username)
            if row is None:
                session.add(UserRow(username=username, password_hash=hash_password(password), role=role))
            else:
                row.password_hash, row.role = hash_password(password), role
                # A reset password or a changed role signs the account out everywhere.
                session.execute(delete(SessionRow).where(SessionRow.username == username))
            session.add(AuditRow(actor=actor, action="user", post_id=None,
                                 detail={"username": username, "role": role, "new": row is None}))

        self._retry(work)

    def authenticate(self, username: str, password: str) -> str:
        """The user's role if the password is right.

        Raises
        ------
        AuthError
            Wrong username or password (one message for both), or the username is locked after
            `MAX_FAILED_LOGINS` failures within `LOGIN_WINDOW_S`.
        """
        def work(session: Session) -> str | None:
            since = utcnow() - timedelta(seconds=LOGIN_WINDOW_S)
            failures = session.scalar(select(func.count()).select_from(FailedLoginRow).where(
                FailedLoginRow.username == username, FailedLoginRow.at >= since)) or 0
            if failures >= MAX_FAILED_LOGINS:
                return "locked"
            row = session.get(UserRow, username)
            # Verify even for an unknown user, against a stored dummy hash: one scrypt either way, so
            # the time taken does not say which usernames exist.
            ok = verify_password(password, row.password_hash if row else _dummy_hash())
            if row is None or not ok:
                session.add(FailedLoginRow(username=username))
                return None
            return row.role

        result = self._retry(work)
        if result == "locked":
            raise AuthError(f"too many failed logins for {username!r}; try again in {LOGIN_WINDOW_S // 60} minutes")
        if result is None:
            raise AuthError("wrong username or password")
        return result

    def open_session(self, username: str, *, hours: float = SESSION_HOURS) -> str:
        """A new sign-in session for an authenticated user: returns its token, for the browser's
        cookie; the store keeps only the token's hash."""
        token = secrets.token_urlsafe(32)

        def work(session: Session) -> None:
            now = utcnow()
            session.execute(delete(SessionRow).where(SessionRow.expires_at < now))  # the expired ones, in passing
            session.add(SessionRow(token_hash=_token_hash(token), username=username, created_at=now,
                                   expires_at=now + timedelta(hours=hours)))

        self._retry(work)
        return token

    def session_user(self, token: str) -> tuple[str, str] | None:
        """(username, role) of a live session token; None for an unknown, expired or closed one."""
        with self.session(write=False) as session:
            row = session.execute(select(UserRow.username, UserRow.role)
                                  .join(SessionRow, SessionRow.username == UserRow.username)
                                  .where(SessionRow.token_hash == _token_hash(token),
                                         SessionRow.expires_at > utcnow())).first()
            return None if row is None else (row[0], row[1])

    def close_session(self, token: str) -> None:
        """Sign a browser out: its token is worth nothing from now on."""
        self._retry(lambda session: session.execute(delete(SessionRow).where(
            SessionRow.token_hash == _token_hash(token))))

    def users(self) -> list[dict[str, Any]]:
        with self.session(write=False) as session:
            return [{"username": u.username, "role": u.role, "created_at": u.created_at}
                    for u in session.scalars(select(UserRow).order_by(UserRow.username))]

    # -- audit -----------------------------------------------------------------------------

    def audit_log(self, *, post_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        with self.session(write=False) as session:
            query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
            if post_id is not None:
                query = query.where(AuditRow.post_id == post_id)
            return [{"id": r.id, "at": r.at, "actor": r.actor, "action": r.action, "post_id": r.post_id,
                     "detail": r.detail} for r in session.scalars(query)]

    def record(self, actor: str, action: str, *, post_id: int | None = None, **detail: Any) -> None:
        """Add an entry to the audit log (exports, retraining, account changes)."""
        self._retry(lambda s: s.add(AuditRow(actor=actor, action=action, post_id=post_id,
                                             detail=json.loads(json.dumps(detail, default=str)))))


def _join_latest_suggestion(query: SelectT) -> SelectT:
    """`query` (on posts) joined to each post's latest suggestion (the newest model's)."""
    latest = select(func.max(SuggestionRow.id).label("id")).group_by(SuggestionRow.post_id).subquery()
    return query.join(SuggestionRow, SuggestionRow.post_id == PostRow.id).join(latest, latest.c.id == SuggestionRow.id)


def _check_label(label: str) -> None:
    if label not in CATEGORIES:
        raise StoreError(f"label {label!r} is not one of {list(CATEGORIES)}")


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
    session.add(AuditRow(actor=analyst, action="review", post_id=post_id,
                         detail={"before": before, "after": {"label": label, "status": status, "note": note},
                                 "version": row.version}))
    return row


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _review(row: ReviewRow) -> Review:
    return Review(row.post_id, row.analyst, row.label, row.note, row.status, row.version, row.updated_at)


def _transient(err: OperationalError) -> bool:
    text = str(err.orig).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text or "deadlock" in text
