"""Analysts' edits of the grouping: a post excluded from its campaign, or placed in a campaign by a
split or a merge (`review.campaign_edits`); a later grouping keeps them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_edits",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("campaign", sa.String(20), nullable=True),
        sa.Column("excluded_from", sa.String(20), nullable=True),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("analyst", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("campaign_edits")
