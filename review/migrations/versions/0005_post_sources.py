"""A post's identity is its source (file, channel or crawl) and its id there: `posts.source`, unique
with `source_id` (was `source_id` alone, so a second file's line 1 was taken for the first's). Posts
stored before get the source "legacy". The audit log also refuses TRUNCATE on PostgreSQL, where the
row triggers of revision 0001 do not fire for it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

LEGACY_SOURCE = "legacy"
# SQLite reflects 0001's inline UNIQUE without a name: this names it so that it can be dropped.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("posts", sa.Column("source", sa.String(200)))
    op.execute(sa.text("UPDATE posts SET source = :legacy").bindparams(legacy=LEGACY_SOURCE))
    if dialect == "sqlite":  # a new table copied from the old one (`review.migrations` turns foreign keys off)
        with op.batch_alter_table("posts", recreate="always", naming_convention=NAMING) as batch:
            batch.alter_column("source", existing_type=sa.String(200), nullable=False)
            batch.drop_constraint("uq_posts_source_id", type_="unique")
            batch.create_unique_constraint("uq_posts_source_source_id", ["source", "source_id"])
    else:
        op.alter_column("posts", "source", existing_type=sa.String(200), nullable=False)
        op.drop_constraint("posts_source_id_key", "posts", type_="unique")
        op.create_unique_constraint("uq_posts_source_source_id", "posts", ["source", "source_id"])
    if dialect == "postgresql":
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    """Back to one source: fails where two sources share an id (the rows would then be ambiguous)."""
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    if dialect == "sqlite":
        with op.batch_alter_table("posts", recreate="always", naming_convention=NAMING) as batch:
            batch.drop_constraint("uq_posts_source_source_id", type_="unique")
            batch.drop_column("source")
            batch.create_unique_constraint("uq_posts_source_id", ["source_id"])
    else:
        op.drop_constraint("uq_posts_source_source_id", "posts", type_="unique")
        op.drop_column("posts", "source")
        op.create_unique_constraint("posts_source_id_key", "posts", ["source_id"])
