"""The append-only audit log: who did what, when, to which post (the database refuses UPDATE and
DELETE on it: triggers added by revision 0001)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.engine import Database
from review.tables import AuditRow


class AuditEntry(TypedDict):
    """One entry of the audit log, newest first in `audit_log`."""

    id: int
    at: datetime
    actor: str
    action: str
    post_id: int | None
    detail: dict[str, Any]


def audit(session: Session, actor: str, action: str, detail: dict[str, Any], *, post_id: int | None = None) -> None:
    """Add an entry to the log in `session`'s transaction: it is kept only if the change it records is."""
    session.add(AuditRow(actor=actor, action=action, post_id=post_id, detail=detail))


def audit_log(db: Database, *, post_id: int | None = None, limit: int = 100) -> list[AuditEntry]:
    """The latest `limit` entries (of one post, with `post_id`), newest first."""
    with db.session(write=False) as session:
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if post_id is not None:
            query = query.where(AuditRow.post_id == post_id)
        return [AuditEntry(id=r.id, at=r.at, actor=r.actor, action=r.action, post_id=r.post_id, detail=r.detail)
                for r in session.scalars(query)]


def record(db: Database, actor: str, action: str, *, post_id: int | None = None, **detail: Any) -> None:
    """Add an entry to the audit log in its own transaction (exports, retraining, sign-ins); the
    detail is stored as JSON (what JSON cannot hold, as its `str`)."""
    db.retry(lambda s: audit(s, actor, action, json.loads(json.dumps(detail, default=str)), post_id=post_id))
