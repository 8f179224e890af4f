"""content recipients: the parents who had an item or were told of it when its audience
changed, so that a parent who gains an item hears of it at most once; and what a staff link
is for (activation or a forgotten password)

Revision ID: 0018_content_recipients
Revises: 0017_content_search
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_content_recipients"
down_revision: str | Sequence[str] | None = "0017_content_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_recipients",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("parent_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_content_recipients_school_id_schools")
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "kind", "item_id", "parent_id", name=op.f("pk_content_recipients")
        ),
    )
    with op.batch_alter_table("staff_tokens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=24), server_default="activation", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_tokens", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    op.drop_table("content_recipients")
