"""pupil contacts: parents the administration lists for a pupil without custody ("Gezag:
nee"), stored as the pupil's contact without portal access to that pupil; and the higher
year of a combination group ("Groep 1/2")

Revision ID: 0010_pupil_contacts
Revises: 0009_account_security
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_pupil_contacts"
down_revision: str | Sequence[str] | None = "0009_account_security"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_year", sa.Integer(), nullable=True))
    op.create_table(
        "pupil_contacts",
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_pupil_contacts_child_id_children")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["parents.id"], name=op.f("fk_pupil_contacts_parent_id_parents")
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_pupil_contacts_school_id_schools")
        ),
        sa.PrimaryKeyConstraint("parent_id", "child_id", name=op.f("pk_pupil_contacts")),
    )
    with op.batch_alter_table("pupil_contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pupil_contacts_child_id"), ["child_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_pupil_contacts_school_id"), ["school_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("pupil_contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupil_contacts_school_id"))
        batch_op.drop_index(batch_op.f("ix_pupil_contacts_child_id"))
    op.drop_table("pupil_contacts")
    with op.batch_alter_table("groups", schema=None) as batch_op:
        batch_op.drop_column("last_year")
