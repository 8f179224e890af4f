"""devices: phones paired with a parent account (the app)

Revision ID: 0004_devices
Revises: 0003_privacy
Create Date: 2026-11-29 13:41:15.651994
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_devices"
down_revision: str | Sequence[str] | None = "0003_privacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "paired_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("paired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["parents.id"], name=op.f("fk_paired_devices_parent_id_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_paired_devices_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paired_devices")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_paired_devices_token_hash")),
    )
    with op.batch_alter_table("paired_devices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paired_devices_school_id_parent_id"),
            ["school_id", "parent_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("paired_devices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paired_devices_school_id_parent_id"))
    op.drop_table("paired_devices")
