"""change notifications: PostgreSQL announces every committed change with its school (NOTIFY
deborg_changes) so that app processes can drop what they keep in memory for that school

Frozen: the statements below are the ones this revision ran (produced once, at revision
0006's schema, by the adapter code of that time), written out so that the migration does not
depend on live code. The page cache that listened was removed; 0008 drops these again.

Revision ID: 0007_change_notifications
Revises: 0006_content
Create Date: 2026-11-29 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007_change_notifications"
down_revision: str | Sequence[str] | None = "0006_content"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE OR REPLACE FUNCTION deborg_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed jsonb;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := to_jsonb(OLD);
    ELSE
        changed := to_jsonb(NEW);
    END IF;
    IF TG_TABLE_NAME = 'schools' THEN
        PERFORM pg_notify('deborg_changes', changed->>'id');
    ELSE
        PERFORM pg_notify('deborg_changes', COALESCE(changed->>'school_id', '*'));
    END IF;
    RETURN NULL;
END
$$
"""

TRIGGERS = (
    'DROP TRIGGER IF EXISTS deborg_changes ON "agenda_items"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"agenda_items" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "albums"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"albums" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "change_reports"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"change_reports" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "children"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"children" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "conversation_booked_slots"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"conversation_booked_slots" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "conversation_bookings"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"conversation_bookings" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "conversation_planning_groups"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"conversation_planning_groups" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "conversation_plannings"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"conversation_plannings" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "conversation_requirements"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"conversation_requirements" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "documents"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"documents" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "emergency_numbers"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"emergency_numbers" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "groups"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"groups" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "guardianships"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"guardianships" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "message_replies"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"message_replies" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "messages"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"messages" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "news_items"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"news_items" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "notification_preferences"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"notification_preferences" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "parent_emails"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"parent_emails" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "parent_phones"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"parent_phones" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "parents"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"parents" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "photos"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"photos" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "privacy_choices"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"privacy_choices" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "profile_photos"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"profile_photos" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "schools"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"schools" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "staff"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"staff" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "staff_groups"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"staff_groups" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "teacher_notes"',
    (
        "CREATE TRIGGER deborg_changes AFTER INSERT OR UPDATE OR DELETE ON "
        '"teacher_notes" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
    'DROP TRIGGER IF EXISTS deborg_changes ON "web_sessions"',
    (
        "CREATE TRIGGER deborg_changes AFTER DELETE ON "
        '"web_sessions" '
        "FOR EACH ROW EXECUTE FUNCTION deborg_notify_change()"
    ),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite serves one process: nothing to tell
    op.execute(FUNCTION)
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS deborg_notify_change() CASCADE")
