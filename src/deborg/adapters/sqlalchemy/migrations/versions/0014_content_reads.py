"""content reads: what each parent has read of the news and the berichten (unread markers)

Revision ID: 0014_content_reads
Revises: 0013_staff_portal
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_content_reads"
down_revision: str | Sequence[str] | None = "0013_staff_portal"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "content_reads",
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["parents.id"], name=op.f("fk_content_reads_parent_id_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_content_reads_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("parent_id", "kind", "item_id", name=op.f("pk_content_reads")),
    )


def downgrade() -> None:
    op.drop_table("content_reads")
