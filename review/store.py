"""`PostStore`: the one object the dashboard, the CLI and retraining hold. Each method hands over to
the module of its concern (`review.posts`, `review.queue`, `review.reviews`, `review.campaigns`,
`review.overview`, `review.accounts`, `review.audit`), which is where the work and its documentation are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from detector.readers import Post
from review import accounts as _accounts
from review import assignment as _assignment
from review import audit as _audit
from review import campaign_edits as _edits
from review import campaigns as _campaigns
from review import overview as _overview
from review import posts as _posts
from review import queue as _queue
from review import reviews as _reviews
from review.accounts import SESSION_HOURS, SignedIn, User
from review.assignment import Claim
from review.audit import AuditEntry
from review.campaign_edits import CampaignEdit, CampaignLabelled, LinkEvidence
from review.campaigns import Campaign, CampaignPost, CampaignPostInput, Run, StoredRun, TimelinePoint
from review.engine import Database
from review.overview import Overview
from review.posts import IngestResult, SourceSink
from review.queue import QueueItem, SimilarPost, StoredPost
from review.reviews import OwnReview, Review, SettledLabel


class PostStore(Database):
    """Posts, suggestions, reviews, adjudications, campaigns, accounts and the audit log behind one
    small interface.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL (``postgresql+psycopg://user@host/db``, ``sqlite:///path.db``); default
        `review.engine.default_url()`. The schema is migrated to the latest Alembic revision on opening.

    Example
    -------
    >>> store = PostStore("sqlite://")  # in memory
    >>> store.ingest([Post("fb-1", "Visa offert, frais 50 000 FCFA", 1)],
    ...              [{"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr",
    ...                "signals": [], "impersonates": None, "model": "default@1"}])
    IngestResult(added=1, duplicates=0, same_id=0, reposts=0, cleaned=0)
    """

    # -- posts and suggestions (review.posts, review.queue) ----------------------------------

    def ingest(self, posts: Sequence[Post], records: Sequence[Mapping[str, Any]], *,
               source: str = _posts.DEFAULT_SOURCE, platform: str | None = None, actor: str = "batch") -> IngestResult:
        """See `review.posts.ingest`."""
        return _posts.ingest(self, posts, records, source=source, platform=platform, actor=actor)

    def sink(self, source: str, *, platform: str | None = None, actor: str = "batch") -> SourceSink:
        """Where `score_file` puts the posts of one source (see `review.posts.SourceSink`)."""
        return SourceSink(self, source, platform=platform, actor=actor)

    def platforms(self) -> list[str]:
        """See `review.posts.platforms`."""
        return _posts.platforms(self)

    def post(self, post_id: int) -> StoredPost:
        """See `review.queue.post`."""
        return _queue.post(self, post_id)

    def queue(self, *, order: str = "score", flagged_only: bool = True, category: str | None = None,
              lang: str | None = None, platform: str | None = None, status: str | None = None,
              min_score: float = 0.0, max_score: float = 1.0, search: str | None = None,
              posted_from: date | None = None, posted_to: date | None = None,
              limit: int = 50, offset: int = 0) -> list[QueueItem]:
        """See `review.queue.queue`."""
        return _queue.queue(self, order=order, flagged_only=flagged_only, category=category, lang=lang,
                           platform=platform, status=status, min_score=min_score, max_score=max_score,
                           search=search, posted_from=posted_from, posted_to=posted_to, limit=limit, offset=offset)

    def similar(self, post_id: int, *, limit: int = 10) -> list[SimilarPost]:
        """See `review.queue.similar`."""
        return _queue.similar(self, post_id, limit=limit)

    # -- reviews (review.reviews) -------------------------------------------------------------

    def review(self, post_id: int, analyst: str, label: str, *, note: str = "", status: str = "submitted",
               expected_version: int | None = None, shown: str | None = None) -> Review:
        """See `review.reviews.review`."""
        return _reviews.review(self, post_id, analyst, label, note=note, status=status,
                              expected_version=expected_version, shown=shown)


    def agreement(self, post_id: int) -> str:
        """See `review.reviews.agreement`."""
        return _reviews.agreement(self, post_id)

    def conflicts(self) -> list[int]:
        """See `review.reviews.conflicts`."""
        return _reviews.conflicts(self)

    def adjudicate(self, post_id: int, admin: str, label: str, *, note: str = "") -> None:
        """See `review.reviews.adjudicate`."""
        _reviews.adjudicate(self, post_id, admin, label, note=note)

    def final_labels(self) -> list[SettledLabel]:
        """See `review.reviews.final_labels`."""
        return _reviews.final_labels(self)

    def reviews_by(self, analyst: str, *, status: str | None = None, label: str | None = None,
                   limit: int | None = None) -> list[OwnReview]:
        """See `review.reviews.reviews_by`."""
        return _reviews.reviews_by(self, analyst, status=status, label=label, limit=limit)

    # -- second opinions and claims (review.assignment) ----------------------------------------

    def next_post(self, analyst: str, *, skip: frozenset[int] | set[int] = frozenset(),
                  order: str = "score") -> int | None:
        """See `review.assignment.next_post`."""
        return _assignment.next_post(self, analyst, skip=skip, order=order)

    def claim(self, post_id: int, analyst: str) -> Claim:
        """See `review.assignment.claim`."""
        return _assignment.claim(self, post_id, analyst)

    def release(self, post_id: int, analyst: str) -> None:
        """See `review.assignment.release`."""
        _assignment.release(self, post_id, analyst)

    def second_opinion_share(self) -> float:
        """See `review.assignment.second_opinion_share`."""
        return _assignment.second_opinion_share(self)

    def set_second_opinion_share(self, share: float, *, admin: str) -> None:
        """See `review.assignment.set_second_opinion_share`."""
        _assignment.set_second_opinion_share(self, share, admin=admin)

    def progress(self) -> dict[str, Any]:
        """See `review.assignment.progress`."""
        return _assignment.progress(self)

    def waiting_count(self, analyst: str) -> int:
        """See `review.assignment.waiting_count`."""
        return _assignment.waiting_count(self, analyst)

    # -- campaigns (review.campaigns) and the overview (review.overview) -----------------------

    def posts_for_campaigns(self, *, flagged_only: bool = True) -> list[CampaignPostInput]:
        """See `review.campaigns.posts_for_campaigns`."""
        return _campaigns.posts_for_campaigns(self, flagged_only=flagged_only)

    def regroup_campaigns(self, *, actor: str = "vigie", threshold: float = 0.5, full: bool | None = None) -> Run:
        """See `review.campaigns.regroup`."""
        return _campaigns.regroup(self, actor=actor, threshold=threshold, full=full)

    def campaign_mentions(self, campaign: str) -> list[int]:
        """See `review.campaigns.mentions`."""
        return _campaigns.mentions(self, campaign)

    def campaign_run(self) -> StoredRun | None:
        """See `review.campaigns.last_run`."""
        return _campaigns.last_run(self)

    def campaigns(self, *, limit: int = 50, offset: int = 0) -> list[Campaign]:
        """See `review.campaigns.campaigns`."""
        return _campaigns.campaigns(self, limit=limit, offset=offset)

    def campaign_posts(self, campaign: str, *, limit: int | None = None) -> list[CampaignPost]:
        """See `review.campaigns.campaign_posts`."""
        return _campaigns.campaign_posts(self, campaign, limit=limit)

    def campaign_timeline(self, campaigns: Sequence[str]) -> list[TimelinePoint]:
        """See `review.campaigns.timeline`."""
        return _campaigns.timeline(self, campaigns)

    def campaign_links(self, campaign: str) -> list[LinkEvidence]:
        """See `review.campaign_edits.link_evidence`."""
        return _edits.link_evidence(self, campaign)

    def campaign_categories(self, campaign: str) -> dict[str, int]:
        """See `review.campaign_edits.suggested_categories`."""
        return _edits.suggested_categories(self, campaign)

    def label_campaign(self, campaign: str, analyst: str, label: str, *, note: str = "") -> CampaignLabelled:
        """See `review.campaign_edits.label_campaign`."""
        return _edits.label_campaign(self, campaign, analyst, label, note=note)

    def exclude_from_campaign(self, campaign: str, post_id: int, analyst: str) -> CampaignEdit:
        """See `review.campaign_edits.exclude_post`."""
        return _edits.exclude_post(self, campaign, post_id, analyst)

    def split_campaign(self, campaign: str, post_ids: Sequence[int], analyst: str) -> CampaignEdit:
        """See `review.campaign_edits.split_campaign`."""
        return _edits.split_campaign(self, campaign, post_ids, analyst)

    def merge_campaigns(self, into: str, other: str, analyst: str) -> CampaignEdit:
        """See `review.campaign_edits.merge_campaigns`."""
        return _edits.merge_campaigns(self, into, other, analyst)

    def overview(self) -> Overview:
        """See `review.overview.overview`."""
        return _overview.overview(self)

    # -- accounts (review.accounts) -----------------------------------------------------------

    def add_user(self, username: str, password: str, role: str, *, actor: str) -> None:
        """See `review.accounts.add_user`."""
        _accounts.add_user(self, username, password, role, actor=actor)

    def authenticate(self, username: str, password: str) -> str:
        """See `review.accounts.authenticate`."""
        return _accounts.authenticate(self, username, password)

    def open_session(self, username: str, *, hours: float = SESSION_HOURS) -> str:
        """See `review.accounts.open_session`."""
        return _accounts.open_session(self, username, hours=hours)

    def session_user(self, token: str) -> SignedIn | None:
        """See `review.accounts.session_user`."""
        return _accounts.session_user(self, token)

    def close_session(self, token: str) -> None:
        """See `review.accounts.close_session`."""
        _accounts.close_session(self, token)

    def users(self) -> list[User]:
        """See `review.accounts.users`."""
        return _accounts.users(self)

    # -- audit (review.audit) -----------------------------------------------------------------

    def audit_log(self, *, post_id: int | None = None, limit: int = 100) -> list[AuditEntry]:
        """See `review.audit.audit_log`."""
        return _audit.audit_log(self, post_id=post_id, limit=limit)

    def record(self, actor: str, action: str, *, post_id: int | None = None, **detail: Any) -> None:
        """See `review.audit.record`."""
        _audit.record(self, actor, action, post_id=post_id, **detail)
