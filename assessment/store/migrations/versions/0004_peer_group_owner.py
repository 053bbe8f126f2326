"""Peer groups remember who defined them, so that only they (or an administrator) change them.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("peer_groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=200), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("peer_groups", schema=None) as batch_op:
        batch_op.drop_column("owner")
