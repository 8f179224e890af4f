"""staff portal: staff accounts (role, state, password), staff sessions and activation links,
answers to replies, the Markdown source of news and messages (to edit them again), and whether
teachers may post to the whole school

Revision ID: 0013_staff_portal
Revises: 0012_parent_to_school
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_staff_portal"
down_revision: str | Sequence[str] | None = "0012_parent_to_school"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "teachers_post_school_wide", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=16), nullable=False, server_default="leerkracht")
        )
        batch_op.add_column(
            sa.Column("state", sa.String(length=16), nullable=False, server_default="invited")
        )
        batch_op.add_column(sa.Column("password_hash", sa.String(length=300), nullable=True))
        batch_op.add_column(
            sa.Column("security_stamp", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_staff_email"), ["email"], unique=False)
    for table in ("news_items", "messages"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("body_source", sa.Text(), nullable=False, server_default="")
            )
    with op.batch_alter_table("message_replies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answered_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_message_replies_answered_by_staff"), "staff", ["answered_by"], ["id"]
        )

    op.create_table(
        "staff_sessions",
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_staff_sessions_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_sessions_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("session_hash", name=op.f("pk_staff_sessions")),
    )
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_sessions_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "staff_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("security_stamp", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_staff_tokens_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_staff_tokens_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_tokens_token_hash")),
    )
    with op.batch_alter_table("staff_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_tokens_staff_id"), ["staff_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("staff_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_tokens_staff_id"))
    op.drop_table("staff_tokens")
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_sessions_staff_id"))
    op.drop_table("staff_sessions")
    with op.batch_alter_table("message_replies", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_message_replies_answered_by_staff"), type_="foreignkey"
        )
        batch_op.drop_column("answered_by")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("answer")
    for table in ("messages", "news_items"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("body_source")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_email"))
        batch_op.drop_column("activated_at")
        batch_op.drop_column("security_stamp")
        batch_op.drop_column("password_hash")
        batch_op.drop_column("state")
        batch_op.drop_column("role")
    with op.batch_alter_table("schools", schema=None) as batch_op:
        batch_op.drop_column("teachers_post_school_wide")
