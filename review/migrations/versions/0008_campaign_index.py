"""The campaign index: each grouped post's MinHash signature and LSH bands, so that posts ingested
later join the stored campaigns without regrouping the whole store (`review.campaigns.regroup`).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_index",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("framed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "campaign_bands",
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("bucket", sa.BigInteger, primary_key=True),
        sa.Column("post_id", sa.Integer, sa.ForeignKey("campaign_index.post_id", ondelete="CASCADE"),
                  primary_key=True, index=True),
    )


def downgrade() -> None:
    op.drop_table("campaign_bands")
    op.drop_table("campaign_index")
