"""change notifications: PostgreSQL announces every committed change with its school (NOTIFY
deborg_changes) so that app processes can drop what they keep in memory for that school

Revision ID: 0007_change_notifications
Revises: 0006_content
Create Date: 2026-11-29 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from deborg.adapters.sqlalchemy.changes import install_sql

revision: str = "0007_change_notifications"
down_revision: str | Sequence[str] | None = "0006_content"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite serves one process: nothing to tell
    for statement in install_sql(op.get_bind()):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS deborg_notify_change() CASCADE")
