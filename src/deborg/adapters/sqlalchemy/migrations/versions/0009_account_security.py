"""account security: a contact address waits for confirmation, mailed passwords are one-time
and expire, the last password change is known, tokens name what they confirm, and browser
sessions keep their user agent for "Actieve sessies"

Revision ID: 0009_account_security
Revises: 0008_drop_change_notifications
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_account_security"
down_revision: str | Sequence[str] | None = "0008_drop_change_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("parents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "pending_contact_email", sa.String(length=254), nullable=False, server_default=""
            )
        )
        batch_op.add_column(
            sa.Column("mailed_password_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("target", sa.String(length=254), nullable=False, server_default="")
        )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("user_agent", sa.String(length=300), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_column("user_agent")
    with op.batch_alter_table("account_tokens", schema=None) as batch_op:
        batch_op.drop_column("target")
    with op.batch_alter_table("parents", schema=None) as batch_op:
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("mailed_password_expires_at")
        batch_op.drop_column("pending_contact_email")
