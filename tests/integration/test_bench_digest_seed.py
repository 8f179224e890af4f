"""The digest benchmark's seeding keeps the same digest lines as publishing the week's items
through the use cases to every parent does: it publishes to a few families and copies each
item's line to the other parents its audience reaches, so what the digest then reads must
not differ (on SQLite, and on PostgreSQL where the benchmark runs)."""

from __future__ import annotations

from bench import digest as bench_digest
from sqlalchemy import select

from deborg.adapters.sqlalchemy.notifications import DigestEntryRow
from deborg.adapters.sqlalchemy.tables import ParentRow
from deborg.bootstrap import Services


def lines_of(services: Services, school_id: int, code: str) -> list[tuple[object, ...]]:
    """Each digest line as what the parent reads, with the parent named without the school."""
    assert services.engine is not None
    lines, parents = DigestEntryRow.__table__.c, ParentRow.__table__.c
    with services.engine.connect() as connection:
        rows = connection.execute(
            select(
                parents.login_name, lines.category, lines.title, lines.summary, lines.ref_kind,
                lines.created_at, lines.included_at,
            )
            .join_from(DigestEntryRow, ParentRow, parents.id == lines.parent_id)
            .where(lines.school_id == school_id)
        ).all()  # fmt: skip
    return sorted((row[0].replace(code.lower(), ""), *row[1:]) for row in rows)


def test_the_seeded_lines_are_the_lines_publishing_to_everyone_keeps(
    sql_services: Services,
) -> None:
    s = sql_services
    password_hash = "not-a-real-hash"
    copied, later = bench_digest.seed_school_in_bulk(
        s, code="97BE01", pupils_per_group=4, password_hash=password_hash
    )
    published = bench_digest.publish_week(s, copied.school)
    with s.uow() as uow:
        uow.guardianships.add_many(later)
        uow.commit()
    total = bench_digest.copy_lines_to_everyone(s, copied.school, published)

    reference, all_later = bench_digest.seed_school_in_bulk(
        s, code="97BE02", pupils_per_group=4, password_hash=password_hash
    )
    with s.uow() as uow:
        uow.guardianships.add_many(all_later)
        uow.commit()
    bench_digest.publish_week(s, reference.school)

    seeded = lines_of(s, copied.school.id, "97BE01")
    expected = lines_of(s, reference.school.id, "97BE02")
    assert seeded == expected
    assert total == len(seeded)
    parents = len(copied.parent_logins)
    # Six items for everyone and one message for Groep 2.
    assert parents * 6 < total < parents * 7
