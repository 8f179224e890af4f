"""reply reads: up to when each staff member read the parents' replies to a bericht; an index
to find the answers to a parent's replies

Existing replies count as read by every staff member of their school (the dashboard's "wacht
op antwoord" still shows the ones without an answer), so the first dashboard after the upgrade
does not call the whole history new.

Revision ID: 0016_reply_reads
Revises: 0015_agenda_over_at
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_reply_reads"
down_revision: str | Sequence[str] | None = "0015_agenda_over_at"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reply_reads",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_reply_reads_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_reply_reads_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_reply_reads_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("staff_id", "message_id", name=op.f("pk_reply_reads")),
    )
    op.execute(
        "INSERT INTO reply_reads (staff_id, message_id, school_id, read_at) "
        "SELECT staff.id, message_replies.message_id, message_replies.school_id, "
        "max(message_replies.created_at) "
        "FROM message_replies JOIN staff ON staff.school_id = message_replies.school_id "
        "GROUP BY staff.id, message_replies.message_id, message_replies.school_id"
    )
    with op.batch_alter_table("message_replies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_message_replies_parent_id_answered_at"),
            ["parent_id", "answered_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("message_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_replies_parent_id_answered_at"))
    op.drop_table("reply_reads")
