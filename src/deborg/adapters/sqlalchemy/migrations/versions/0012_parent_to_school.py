"""parent to school: absence reports, the cut-off mail runs, leave requests, the school's
settings for them, and conversations with teachers (threads, posts, read markers)

Revision ID: 0012_parent_to_school
Revises: 0011_mail
Create Date: 2026-12-03 09:51:52.044529
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_parent_to_school"
down_revision: str | Sequence[str] | None = "0011_mail"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "absence_cutoff_runs",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_absence_cutoff_runs_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("school_id", "day", name=op.f("pk_absence_cutoff_runs")),
    )
    op.create_table(
        "absence_settings",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("cutoff", sa.Time(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("reachable", sa.JSON(), nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_absence_settings_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("school_id", name=op.f("pk_absence_settings")),
    )
    op.create_table(
        "absence_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("reported_by", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_absence_reports_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["reported_by"], ["parents.id"], name=op.f("fk_absence_reports_reported_by_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_absence_reports_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_absence_reports")),
    )
    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_absence_reports_school_id_child_id"),
            ["school_id", "child_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_absence_reports_school_id_first_day"),
            ["school_id", "first_day"],
            unique=False,
        )

    op.create_table(
        "leave_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_leave_requests_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["parents.id"], name=op.f("fk_leave_requests_requested_by_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_leave_requests_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leave_requests")),
    )
    with op.batch_alter_table("leave_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_leave_requests_school_id_child_id"),
            ["school_id", "child_id"],
            unique=False,
        )

    op.create_table(
        "teacher_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("started_by", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=150), nullable=False),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_post_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_teacher_threads_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_teacher_threads_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_teacher_threads_staff_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["started_by"], ["parents.id"], name=op.f("fk_teacher_threads_started_by_parents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_threads")),
    )
    with op.batch_alter_table("teacher_threads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teacher_threads_school_id_child_id"),
            ["school_id", "child_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_teacher_threads_school_id_staff_id"),
            ["school_id", "staff_id"],
            unique=False,
        )

    op.create_table(
        "teacher_posts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_key", sa.String(length=200), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=True),
        sa.Column("content_type", sa.String(length=120), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_teacher_posts_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["teacher_threads.id"],
            name=op.f("fk_teacher_posts_thread_id_teacher_threads"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_posts")),
    )
    with op.batch_alter_table("teacher_posts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teacher_posts_thread_id_posted_at"),
            ["thread_id", "posted_at"],
            unique=False,
        )

    op.create_table(
        "teacher_thread_reads",
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_teacher_thread_reads_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["teacher_threads.id"],
            name=op.f("fk_teacher_thread_reads_thread_id_teacher_threads"),
        ),
        sa.PrimaryKeyConstraint(
            "thread_id", "side", "reader_id", name=op.f("pk_teacher_thread_reads")
        ),
    )


def downgrade() -> None:
    op.drop_table("teacher_thread_reads")
    with op.batch_alter_table("teacher_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_posts_thread_id_posted_at"))

    op.drop_table("teacher_posts")
    with op.batch_alter_table("teacher_threads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teacher_threads_school_id_staff_id"))
        batch_op.drop_index(batch_op.f("ix_teacher_threads_school_id_child_id"))

    op.drop_table("teacher_threads")
    with op.batch_alter_table("leave_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_leave_requests_school_id_child_id"))

    op.drop_table("leave_requests")
    with op.batch_alter_table("absence_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_reports_school_id_first_day"))
        batch_op.drop_index(batch_op.f("ix_absence_reports_school_id_child_id"))

    op.drop_table("absence_reports")
    op.drop_table("absence_settings")
    op.drop_table("absence_cutoff_runs")
