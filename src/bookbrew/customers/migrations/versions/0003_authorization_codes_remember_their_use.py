"""authorization codes remember their use (reuse revokes the sign-in it started)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import bookbrew.platform.db

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("authorization_codes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("used_at", bookbrew.platform.db.UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("family_id", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("authorization_codes", schema=None) as batch_op:
        batch_op.drop_column("family_id")
        batch_op.drop_column("used_at")
