"""drop change notifications: the page cache that listened to them is gone (its hit rate under
realistic visits did not pay for a trigger on every written row; bench/README.md), so no
table announces its changes any more

Revision ID: 0008_drop_change_notifications
Revises: 0007_change_notifications
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0008_drop_change_notifications"
down_revision: str | Sequence[str] | None = "0007_change_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # 0007 made nothing on SQLite
    # Every trigger that calls the function goes with it (CASCADE), then the function.
    op.execute("DROP FUNCTION IF EXISTS deborg_notify_change() CASCADE")


def downgrade() -> None:
    # Back to 0007's state: its own (frozen) statements, read from its file.
    spec = importlib.util.spec_from_file_location(
        "deborg_migration_0007", Path(__file__).with_name("0007_change_notifications.py")
    )
    assert spec is not None
    assert spec.loader is not None
    previous = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(previous)
    previous.upgrade()
