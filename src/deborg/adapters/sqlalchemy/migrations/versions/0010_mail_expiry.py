"""mail expiry: an outbox mail fails for good at a deadline (its lifetime after it was queued,
or after ``deborg mail retry`` requeued it), no longer after a number of attempts; rows
without one use their category's lifetime after created_at

Revision ID: 0010_mail_expiry
Revises: 0008_drop_change_notifications
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_mail_expiry"
down_revision: str | Sequence[str] | None = "0008_drop_change_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("expires_at")
