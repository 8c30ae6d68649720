"""payments: who asked for each payment (the caller's subject: a customer or a service)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 08:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        # Nullable: payments made before it was recorded keep NULL (and settle no order).
        batch_op.add_column(sa.Column("requested_by", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("requested_by")
