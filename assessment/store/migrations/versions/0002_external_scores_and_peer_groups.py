"""external scores and peer groups

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "external_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instrument", sa.String(length=80), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("instrument", "country", "year"),
    )
    with op.batch_alter_table("external_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_external_scores_country"), ["country"], unique=False)

    op.create_table(
        "peer_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("peer_groups")
    with op.batch_alter_table("external_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_external_scores_country"))

    op.drop_table("external_scores")
