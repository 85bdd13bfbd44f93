"""Mentions: the campaigns a grouped warning, debunk or report names (`detector.campaigns`), kept on
its campaign index row; such a post is never a campaign member.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaign_index") as batch:
        batch.add_column(sa.Column("mentions", sa.JSON, nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("campaign_index") as batch:
        batch.drop_column("mentions")
