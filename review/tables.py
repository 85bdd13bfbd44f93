"""The review store's tables (SQLAlchemy 2 ORM). The schema itself is made by the Alembic revisions
in `review/migrations/`; `tests/test_schema.py` checks that these models and the revisions agree.

A model's *suggestion* (`SuggestionRow`) is never mixed with an analyst's *review* (`ReviewRow`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Now, timezone-aware (UTC): every timestamp of the store."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class PostRow(Base):
    """A post, stored once: one row per (`source`, `source_id`), the file, channel or crawl it came from
    and its id there, and one per `text_key` (the same text again is a repost, not a new post)."""

    __tablename__ = "posts"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_posts_source_source_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(200))
    source_id: Mapped[str | None] = mapped_column(String(200), index=True)
    text_key: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    # `text` as the search reads it (`review.posts.search_fold`: lower case, accents dropped), written at ingest.
    search_text: Mapped[str | None] = mapped_column(Text)
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
    """A campaign as last grouped (`review.campaigns.regroup`): its size, dates and what its posts share."""

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


class CampaignIndexRow(Base):
    """A grouped post's MinHash signature (`detector.campaigns.signatures`, little-endian uint32) and
    shingle count: what a later post is compared with, without reading and hashing every text again."""

    __tablename__ = "campaign_index"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    shingles: Mapped[int] = mapped_column(Integer)
    framed: Mapped[bool] = mapped_column(Boolean)
    # A warning or report: the campaigns it names (it is no member of them).
    mentions: Mapped[list[Any]] = mapped_column(JSON, default=list)


class CampaignBandRow(Base):
    """The LSH bands of the indexed posts: a new post's (band, bucket) pairs find the posts it may repeat."""

    __tablename__ = "campaign_bands"
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("campaign_index.post_id", ondelete="CASCADE"), primary_key=True,
                                         index=True)


class CampaignEditRow(Base):
    """An analyst's edit of the grouping, kept by every later grouping: the post excluded from its
    campaign (`campaign` None, `excluded_from` the campaign), or placed in `campaign` by a split or a
    merge (`review.campaign_edits`)."""

    __tablename__ = "campaign_edits"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    campaign: Mapped[str | None] = mapped_column(String(20))
    excluded_from: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(12))
    analyst: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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


class ClaimRow(Base):
    """A post an analyst has open in Review: nobody else is given it until `expires_at` (a lease,
    renewed while the analyst stays on it, released when their review is submitted)."""

    __tablename__ = "claims"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    analyst: Mapped[str] = mapped_column(String(100), index=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SettingRow(Base):
    """A review setting an admin changes from the dashboard (e.g. the share of flagged posts given to
    a second analyst), the same for every server process."""

    __tablename__ = "review_settings"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
