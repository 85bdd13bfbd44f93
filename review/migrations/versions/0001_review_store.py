"""Review store: posts, identifiers, suggestions, reviews, adjudications, append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "posts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.String(200), unique=True),
        sa.Column("text_key", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("lang", sa.String(8)),
        sa.Column("platform", sa.String(40)),
        sa.Column("author_handle", sa.String(200)),
        sa.Column("author_name", sa.String(200)),
        sa.Column("posted_at", sa.String(40), index=True),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_table(
        "identifiers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("key", sa.String(300), nullable=False, index=True),
    )
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("scam_score", sa.Float, nullable=False),
        sa.Column("flagged", sa.Boolean, nullable=False, index=True),
        sa.Column("category", sa.String(40), nullable=False, index=True),
        sa.Column("signals", sa.JSON, nullable=False),
        sa.Column("impersonates", sa.String(200)),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("post_id", "model"),
    )
    op.create_index("ix_suggestions_score", "suggestions", ["scam_score"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("analyst", sa.String(100), nullable=False, index=True),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.UniqueConstraint("post_id", "analyst"),
    )
    op.create_table(
        "adjudications",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("admin", sa.String(100), nullable=False),
        sa.Column("label", sa.String(40), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False, index=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("post_id", sa.Integer, index=True),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    # The audit log is append-only in the database itself, not only in the code that writes it.
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                   "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$")
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in ("audit_log", "adjudications", "reviews", "suggestions", "identifiers", "posts"):
        op.drop_table(table)
