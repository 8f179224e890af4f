"""account: parent phone numbers and e-mail addresses, emergency numbers, teacher notes,
reported changes, profile photos

Revision ID: 0005_account
Revises: 0004_devices
Create Date: 2026-11-29 13:43:11.462927
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_account"
down_revision: str | Sequence[str] | None = "0004_devices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("subject_name", sa.String(length=300), nullable=False),
        sa.Column("reported_by", sa.Integer(), nullable=False),
        sa.Column("reporter_name", sa.String(length=300), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["reported_by"], ["parents.id"], name=op.f("fk_change_reports_reported_by_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_change_reports_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_reports")),
    )
    with op.batch_alter_table("change_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_change_reports_school_id_handled_at"),
            ["school_id", "handled_at"],
            unique=False,
        )

    op.create_table(
        "parent_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["parents.id"], name=op.f("fk_parent_emails_parent_id_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_parent_emails_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parent_emails")),
    )
    with op.batch_alter_table("parent_emails", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parent_emails_school_id_parent_id"),
            ["school_id", "parent_id"],
            unique=False,
        )

    op.create_table(
        "parent_phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["parents.id"], name=op.f("fk_parent_phones_parent_id_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_parent_phones_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parent_phones")),
    )
    with op.batch_alter_table("parent_phones", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_parent_phones_school_id_parent_id"),
            ["school_id", "parent_id"],
            unique=False,
        )

    op.create_table(
        "profile_photos",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_profile_photos_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["parents.id"], name=op.f("fk_profile_photos_uploaded_by_parents")
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "subject_type", "subject_id", name=op.f("pk_profile_photos")
        ),
    )
    op.create_table(
        "emergency_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("relation", sa.String(length=60), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_emergency_numbers_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_emergency_numbers_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_numbers")),
    )
    with op.batch_alter_table("emergency_numbers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_emergency_numbers_school_id_child_id"),
            ["school_id", "child_id"],
            unique=False,
        )

    op.create_table(
        "teacher_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_teacher_notes_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_teacher_notes_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_teacher_notes_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_notes")),
    )
    with op.batch_alter_table("teacher_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teacher_notes_school_id_child_id_created_at"),
            ["school_id", "child_id", "created_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("teacher_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_notes_school_id_child_id_created_at"))

    op.drop_table("teacher_notes")
    with op.batch_alter_table("emergency_numbers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_emergency_numbers_school_id_child_id"))

    op.drop_table("emergency_numbers")
    op.drop_table("profile_photos")
    with op.batch_alter_table("parent_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parent_phones_school_id_parent_id"))

    op.drop_table("parent_phones")
    with op.batch_alter_table("parent_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parent_emails_school_id_parent_id"))

    op.drop_table("parent_emails")
    with op.batch_alter_table("change_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_reports_school_id_handled_at"))

    op.drop_table("change_reports")
