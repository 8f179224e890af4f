"""mail expiry and conference reminders: an outbox mail fails for good at a deadline (its
lifetime after it was queued, or after ``deborg mail retry`` requeued it), no longer after a
number of attempts (rows without one use their category's lifetime after created_at); and
conference_reminders records the reminder sent the day before a booked conference

Revision ID: 0011_mail
Revises: 0010_pupil_contacts
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_mail"
down_revision: str | Sequence[str] | None = "0010_pupil_contacts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "conference_reminders",
        sa.Column("planning_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_conference_reminders_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["planning_id"],
            ["conversation_plannings.id"],
            name=op.f("fk_conference_reminders_planning_id_conversation_plannings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_conference_reminders_school_id_schools")
        ),
        sa.PrimaryKeyConstraint(
            "planning_id", "child_id", "starts_at", name=op.f("pk_conference_reminders")
        ),
    )


def downgrade() -> None:
    op.drop_table("conference_reminders")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("expires_at")
