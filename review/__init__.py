"""The review store: posts, the model's suggestions, analysts' reviews, adjudications, campaigns,
accounts and an append-only audit log, on SQLAlchemy 2 (SQLite in WAL mode by default, PostgreSQL by
URL), migrated with Alembic (`review/migrations/`).

A layer above the library core: `review` imports `detector`, never the reverse; `training`, the
dashboard and the `vigie` commands import `review`. One module per concern:

- `review.tables`     the ORM tables (the schema; the migrations make it)
- `review.engine`     URL, engine, transactions, SQLite settings, retries (`Database`)
- `review.posts`      ingest, post identity, a post's latest suggestion
- `review.queue`      the queue, search, a post's page, similar posts
- `review.reviews`    reviews, adjudication, and where a post stands (the one definition of a conflict)
- `review.campaigns`  campaigns grouped and stored
- `review.overview`   the overview page's counts
- `review.accounts`   users, password hashing, sign-in, lockout, sessions
- `review.audit`      the audit log
- `review.store`      `PostStore`, the one object that holds them together
"""

from review.accounts import LOGIN_WINDOW_S, MAX_FAILED_LOGINS, ROLES, SESSION_HOURS, hash_password, verify_password
from review.engine import Database, default_url
from review.errors import AuthError, ConflictError, StoreError
from review.posts import DEFAULT_SOURCE, IngestResult, SourceSink, text_key
from review.reviews import REVIEW_STATUSES, Review
from review.store import PostStore

__all__ = [
    "DEFAULT_SOURCE", "LOGIN_WINDOW_S", "MAX_FAILED_LOGINS", "REVIEW_STATUSES", "ROLES", "SESSION_HOURS",
    "AuthError", "ConflictError", "Database", "IngestResult", "PostStore", "Review", "SourceSink", "StoreError",
    "default_url", "hash_password", "text_key", "verify_password",
]
