"""Campaigns stored at grouping time, so the dashboard reads them instead of grouping on each visit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.String(20), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False, index=True),
        sa.Column("first_posted", sa.String(40)),
        sa.Column("last_posted", sa.String(40)),
        sa.Column("shared", sa.JSON, nullable=False),
        sa.Column("template", sa.Boolean, nullable=False),
    )
    op.create_table(
        "campaign_members",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("campaign", sa.String(20), sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("links", sa.JSON, nullable=False),
    )
    op.create_table(
        "campaign_runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posts_in_store", sa.Integer, nullable=False),
        sa.Column("flagged", sa.Integer, nullable=False),
        sa.Column("campaigns", sa.Integer, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("campaign_runs")
    op.drop_table("campaign_members")
    op.drop_table("campaigns")
