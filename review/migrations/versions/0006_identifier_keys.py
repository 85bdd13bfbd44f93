"""Identifier keys in one form per real-world identifier (`detector.normalize.Identifiers.keys`):
``phone:+237699004127`` in E.164 (was the digits as written, so '699004127' and '+237 699 004 127'
were two keys, and '2026-2027' a phone), a WhatsApp link as the number it opens, ``handle:name``
without '@' (a t.me link as its handle), ``url:`` canonical addresses (was ``link:`` lower-cased),
``email:``. Every post's keys are computed again from its text and author handle. Stored campaigns
keep the keys they were grouped with until the next regrouping.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Callable, Iterable

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 1000
_POSTS = sa.table("posts", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                  sa.column("author_handle", sa.String))
_IDENTIFIERS = sa.table("identifiers", sa.column("post_id", sa.Integer), sa.column("key", sa.String))


def _rekey(keys: Callable[[str, str | None], Iterable[str]]) -> None:
    bind = op.get_bind()
    bind.execute(sa.delete(_IDENTIFIERS))
    last = -1
    while True:
        rows = bind.execute(sa.select(_POSTS.c.id, _POSTS.c.text, _POSTS.c.author_handle)
                            .where(_POSTS.c.id > last).order_by(_POSTS.c.id).limit(BATCH)).all()
        if not rows:
            return
        values = [{"post_id": post_id, "key": key} for post_id, text, handle in rows for key in keys(text, handle)]
        if values:
            bind.execute(sa.insert(_IDENTIFIERS), values)
        last = rows[-1][0]


def upgrade() -> None:
    from review.posts import identifier_keys

    _rekey(identifier_keys)


def _legacy_keys(text: str, handle: str | None) -> list[str]:
    """The keys as revision 0005's code wrote them (digits as written, ``link:``, ``handle:@``)."""
    from detector.normalize import extract_identifiers

    ids = extract_identifiers(text)
    keys = {f"phone:{p}" for p in ids.phones} | {f"link:{u.lower()}" for u in ids.whatsapp + ids.telegram + ids.urls}
    keys |= {f"handle:{h.lower()}" for h in ids.handles}
    if handle:
        keys.add(f"handle:@{handle.lstrip('@').lower()}")
    return sorted({k[:300] for k in keys})


def downgrade() -> None:
    _rekey(_legacy_keys)
