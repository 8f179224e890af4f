"""content search: GIN indexes of the Dutch full text of news, messages and documents
(PostgreSQL; on SQLite the search reads title and text with LIKE and needs no index)

Revision ID: 0017_content_search
Revises: 0016_reply_reads
Create Date: 2026-12-03 16:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017_content_search"
down_revision: str | Sequence[str] | None = "0016_reply_reads"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: (table, column with the text). The expression was the one the search wrote then; 0020
#: replaced these indexes with a stored column (search_document) and its index.
SEARCHED = (("news_items", "body_text"), ("messages", "body_text"), ("documents", "description"))


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, text in SEARCHED:
        op.execute(
            f"CREATE INDEX ix_{table}_search ON {table} "
            f"USING gin (to_tsvector('dutch', title || ' ' || {text}))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, _ in SEARCHED:
        op.execute(f"DROP INDEX ix_{table}_search")
