"""conversations: plannings, requirements, bookings and one row per booked slot

Revision ID: 0002_conversations
Revises: 0001_core
Create Date: 2026-11-29 13:42:56.931921
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_conversations"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation_plannings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("info", sa.Text(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("breaks", sa.JSON(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opens_for_all_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_conversation_plannings_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_plannings")),
    )
    op.create_index(
        op.f("ix_conversation_plannings_school_id"), "conversation_plannings", ["school_id"]
    )

    op.create_table(
        "conversation_planning_groups",
        sa.Column("planning_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_conversation_planning_groups_group_id_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["planning_id"],
            ["conversation_plannings.id"],
            name=op.f("fk_conversation_planning_groups_planning_id_conversation_plannings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "planning_id", "group_id", name=op.f("pk_conversation_planning_groups")
        ),
    )
    op.create_table(
        "conversation_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("planning_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_staff", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_conversation_bookings_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["planning_id"],
            ["conversation_plannings.id"],
            name=op.f("fk_conversation_bookings_planning_id_conversation_plannings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_conversation_bookings_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_bookings")),
        sa.UniqueConstraint(
            "planning_id", "child_id", name=op.f("uq_conversation_bookings_planning_id_child_id")
        ),
    )
    op.create_index(
        op.f("ix_conversation_bookings_child_id"), "conversation_bookings", ["child_id"]
    )

    op.create_table(
        "conversation_requirements",
        sa.Column("planning_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("slots_needed", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"],
            ["children.id"],
            name=op.f("fk_conversation_requirements_child_id_children"),
        ),
        sa.ForeignKeyConstraint(
            ["planning_id"],
            ["conversation_plannings.id"],
            name=op.f("fk_conversation_requirements_planning_id_conversation_plannings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_conversation_requirements_school_id_schools"),
        ),
        sa.PrimaryKeyConstraint(
            "planning_id", "child_id", name=op.f("pk_conversation_requirements")
        ),
    )
    op.create_index(
        op.f("ix_conversation_requirements_child_id"), "conversation_requirements", ["child_id"]
    )

    op.create_table(
        "conversation_booked_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("planning_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        # The database keeps a slot in one booking: see adapters/sqlalchemy/conversations.py.
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["conversation_bookings.id"],
            name=op.f("fk_conversation_booked_slots_booking_id_conversation_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["planning_id"],
            ["conversation_plannings.id"],
            name=op.f("fk_conversation_booked_slots_planning_id_conversation_plannings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_booked_slots")),
        sa.UniqueConstraint(
            "planning_id",
            "starts_at",
            name=op.f("uq_conversation_booked_slots_planning_id_starts_at"),
        ),
    )
    op.create_index(
        op.f("ix_conversation_booked_slots_booking_id"), "conversation_booked_slots", ["booking_id"]
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_conversation_booked_slots_booking_id"), table_name="conversation_booked_slots"
    )
    op.drop_table("conversation_booked_slots")
    op.drop_index(
        op.f("ix_conversation_requirements_child_id"), table_name="conversation_requirements"
    )
    op.drop_table("conversation_requirements")
    op.drop_index(op.f("ix_conversation_bookings_child_id"), table_name="conversation_bookings")
    op.drop_table("conversation_bookings")
    op.drop_table("conversation_planning_groups")
    op.drop_index(op.f("ix_conversation_plannings_school_id"), table_name="conversation_plannings")
    op.drop_table("conversation_plannings")
