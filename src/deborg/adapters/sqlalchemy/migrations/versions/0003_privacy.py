"""privacy: who may see the fields of a child or a parent

Revision ID: 0003_privacy
Revises: 0002_conversations
Create Date: 2026-11-29 13:41:10.557234
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_privacy"
down_revision: str | Sequence[str] | None = "0002_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "privacy_choices",
        sa.Column("subject_type", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_privacy_choices_school_id_schools")
        ),
        sa.PrimaryKeyConstraint(
            "subject_type", "subject_id", "field", name=op.f("pk_privacy_choices")
        ),
    )


def downgrade() -> None:
    op.drop_table("privacy_choices")
