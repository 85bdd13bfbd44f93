"""The search column: each post's text folded as the queue's search reads it (`review.posts.search_fold`:
lower case, accents dropped, Arabic letter variants folded), so 'FEMMES DE MÉNAGE' finds 'Femmes de
menage' and 'dubai' finds 'Dubaï' on SQLite and PostgreSQL alike; and an index on the posts' source
ids (a search by the id a post has in its source). Every stored post's column is filled here.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 1000
_POSTS = sa.table("posts", sa.column("id", sa.Integer), sa.column("text", sa.Text),
                  sa.column("search_text", sa.Text))


def upgrade() -> None:
    from review.posts import search_fold

    op.add_column("posts", sa.Column("search_text", sa.Text, nullable=True))
    op.create_index("ix_posts_source_id", "posts", ["source_id"])
    bind = op.get_bind()
    last = -1
    while True:
        rows = bind.execute(sa.select(_POSTS.c.id, _POSTS.c.text).where(_POSTS.c.id > last)
                            .order_by(_POSTS.c.id).limit(BATCH)).all()
        if not rows:
            return
        bind.execute(sa.update(_POSTS).where(_POSTS.c.id == sa.bindparam("pid"))
                     .values(search_text=sa.bindparam("folded")),
                     [{"pid": pid, "folded": search_fold(text)} for pid, text in rows])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_posts_source_id", table_name="posts")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("search_text")
