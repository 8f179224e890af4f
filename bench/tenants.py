"""A platform's worth of other schools in the same tables: ``add_schools`` writes the rows of
many schools (groups, pupils, parents, guardianships, a year of news, messages and agenda,
albums, documents, live sessions) with one INSERT … SELECT over generate_series per table, in
PostgreSQL itself, so 1,000 schools take seconds, not the hours the use cases would. The rows
are plain but complete: every NOT NULL column is filled, every foreign key points at a row.

Used by the benchmark (pages built with 1,000 schools around the big one) and by
tests/integration/test_query_plans.py (no sequential scan of a big table on a main page)."""

from __future__ import annotations

import time

import attrs
from sqlalchemy import Engine, text


@attrs.frozen
class Shape:
    """What one generated school holds."""

    groups: int = 8
    pupils_per_group: int = 25
    #: Every pupil has a parent; this many in ten have a second one (about 1.6 per pupil).
    second_parent_in_ten: int = 6
    news: int = 180
    messages: int = 180
    agenda: int = 100
    albums: int = 20
    documents: int = 20
    #: Parents with a live session, in a hundred.
    sessions_in_hundred: int = 10


def add_schools(engine: Engine, count: int, shape: Shape = Shape()) -> dict[str, float]:
    """Add ``count`` schools of ``shape``; returns the seconds taken and the rows per table.
    PostgreSQL only (generate_series, setval); VACUUM (ANALYZE) at the end so that plans see
    the rows and no autovacuum runs during the measurement."""
    began = time.perf_counter()
    rows: dict[str, float] = {}
    p = {
        "n": count,
        "groups": shape.groups,
        "per_group": shape.pupils_per_group,
        "second": shape.second_parent_in_ten,
        "news": shape.news,
        "messages": shape.messages,
        "agenda": shape.agenda,
        "albums": shape.albums,
        "documents": shape.documents,
        "sessions": shape.sessions_in_hundred,
    }
    with engine.begin() as connection:

        def base(table: str) -> int:
            maximum = f"SELECT COALESCE(MAX(id), 0) FROM {table}"  # noqa: S608 - our names
            value = connection.execute(text(maximum))
            return int(value.scalar_one()) + 1

        p |= {
            "s0": base("schools"),
            "g0": base("groups"),
            "c0": base("children"),
            "p0": base("parents"),
        }
        tag = f"MT{p['s0']}"
        p["tag"] = tag
        statements = {
            "schools": """
                INSERT INTO schools (id, name, code, timezone, city, digest_weekday, digest_time,
                                     uses_results, website_url)
                SELECT :s0 + i, 'School ' || i, :tag || '-' || i, 'Europe/Amsterdam', 'Assen',
                       4, TIME '16:00', false, ''
                FROM generate_series(0, :n - 1) AS i""",
            "groups": """
                INSERT INTO groups (id, school_id, name, year, description)
                SELECT :g0 + i * :groups + g, :s0 + i, 'Groep ' || (g + 1), LEAST(g + 1, 8), ''
                FROM generate_series(0, :n - 1) AS i, generate_series(0, :groups - 1) AS g""",
            "children": """
                INSERT INTO children (id, school_id, group_id, pupil_number, roepnaam,
                    voorletters, tussenvoegsel, achternaam, date_of_birth, street, house_number,
                    house_number_suffix, postcode, city, archived)
                SELECT :c0 + gi * :per_group + k, :s0 + gi / :groups, :g0 + gi,
                       (10000 + gi % :groups * :per_group + k)::text, 'Kind' || k, 'K.', '',
                       'Familie' || gi,
                       DATE '2016-01-01' + (k * 37 % 2500), 'Brink', (k % 300 + 1)::text, '',
                       '9401 AB', 'Assen', false
                FROM generate_series(0, :n * :groups - 1) AS gi,
                     generate_series(0, :per_group - 1) AS k""",
            "parents": """
                INSERT INTO parents (id, school_id, login_name, roepnaam, voorletters,
                    tussenvoegsel, achternaam, street, house_number, house_number_suffix,
                    postcode, city, contact_email, password_hash, state, read_only,
                    security_stamp, created_at, activated_at)
                SELECT :p0 + 2 * (c.id - :c0) + second, c.school_id,
                       'ouder' || c.id || '-' || second || '@' || lower(:tag) || '.example',
                       'Ouder', 'O.', '', c.achternaam, 'Brink', '1', '', '9401 AB', 'Assen',
                       '', NULL, 'active', false, 0, now() - interval '400 days',
                       now() - interval '400 days'
                FROM children c, generate_series(0, 1) AS second
                WHERE c.id >= :c0 AND (second = 0 OR (c.id - :c0) % 10 < :second)""",
            "guardianships": """
                INSERT INTO guardianships (parent_id, child_id, school_id)
                SELECT p.id, :c0 + (p.id - :p0) / 2, p.school_id FROM parents p
                WHERE p.id >= :p0""",
            "news_items": """
                INSERT INTO news_items (school_id, title, body_html, body_text, group_ids,
                                        published_at, author_id)
                SELECT :s0 + i, 'Nieuws ' || j, '<p>Bericht ' || j || '</p>', 'Bericht ' || j,
                       CASE WHEN j % 3 = 0 THEN CAST('[]' AS json)
                            ELSE CAST('[' || (:g0 + i * :groups + j % :groups) || ']' AS json) END,
                       now() - j * interval '2 days', NULL
                FROM generate_series(0, :n - 1) AS i, generate_series(0, :news - 1) AS j""",
            "messages": """
                INSERT INTO messages (school_id, title, body_html, body_text, group_ids,
                                      published_at, urgent, allow_replies, author_id)
                SELECT :s0 + i, 'Bericht ' || j, '<p>Bericht ' || j || '</p>', 'Bericht ' || j,
                       CAST('[' || (:g0 + i * :groups + j % :groups) || ']' AS json),
                       now() - j * interval '2 days', j = 1, j % 4 = 0, NULL
                FROM generate_series(0, :n - 1) AS i, generate_series(0, :messages - 1) AS j""",
            "agenda_items": """
                INSERT INTO agenda_items (school_id, title, description_html, description_text,
                    group_ids, starts_at, ends_at, over_at, all_day, location, published_at,
                    changed_at, revision)
                SELECT :s0 + i, 'Activiteit ' || j, '', '', CAST('[]' AS json),
                       now() + (j - :agenda / 2) * interval '3 days',
                       now() + (j - :agenda / 2) * interval '3 days' + interval '1 hour',
                       now() + (j - :agenda / 2) * interval '3 days' + interval '1 hour',
                       false, 'School', now() - interval '200 days', NULL, 1
                FROM generate_series(0, :n - 1) AS i, generate_series(0, :agenda - 1) AS j""",
            "albums": """
                INSERT INTO albums (school_id, title, description, group_ids, published_at,
                                    photo_count, cover_photo_id)
                SELECT :s0 + i, 'Album ' || j, '', CAST('[]' AS json),
                       now() - j * interval '10 days', 0, NULL
                FROM generate_series(0, :n - 1) AS i, generate_series(0, :albums - 1) AS j""",
            "documents": """
                INSERT INTO documents (school_id, title, description, group_ids, filename,
                                       content_type, size, file_key, published_at)
                SELECT :s0 + i, 'Document ' || j, '', CAST('[]' AS json), 'brief.pdf',
                       'application/pdf', 1000, 'documents/' || (:s0 + i) || '/d' || j || '.pdf',
                       now() - j * interval '10 days'
                FROM generate_series(0, :n - 1) AS i, generate_series(0, :documents - 1) AS j""",
            "web_sessions": """
                INSERT INTO web_sessions (session_hash, school_id, parent_id, created_at,
                                          last_seen_at)
                SELECT md5(:tag || p.id), p.school_id, p.id, now(), now() FROM parents p
                WHERE p.id >= :p0 AND p.id % 100 < :sessions""",
        }
        for table, statement in statements.items():
            rows[table] = connection.execute(text(statement), p).rowcount
        for table in ("schools", "groups", "children", "parents"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            follow = f"SELECT setval({sequence}, MAX(id)) FROM {table}"  # noqa: S608 - ours
            connection.execute(text(follow))
    # VACUUM as well as ANALYZE: a platform's tables are vacuumed in their steady state, and
    # without it autovacuum works through the 1.6 million new rows during the measured rounds
    # (PostgreSQL's CPU per page rose by some 10 ms on every page, Privacy's two statements
    # included, in the first run).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE)"))
    rows["seconds"] = round(time.perf_counter() - began, 1)
    return rows
