"""Unread markers on the memory adapters (the SQL ones: tests/integration/test_unread.py)."""

from __future__ import annotations

import datetime as dt

from deborg.bootstrap import Services
from deborg.domain.content.model import ContentKind
from deborg.services.content import publishing, reads
from tests.world import build_world


def test_opening_and_alles_gelezen_on_the_memory_adapters(memory_services: Services) -> None:
    s = memory_services
    world = build_world(s)
    ids = [
        publishing.post_news(
            s.uow(), s.clock, s.links, s.richtext,
            school_id=world.school.id, title=f"Nieuws {n}", body="Tekst.", notify=False,
        ).item.id
        for n in range(3)
    ]  # fmt: skip

    def counts() -> tuple[str, str]:
        found = reads.unread_counts(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
        return found.news.label, found.messages.label

    assert counts() == ("3", "")
    for _ in range(2):  # opening twice changes nothing more
        reads.mark_read(
            s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
            kind=ContentKind.NEWS, item_id=ids[0],
        )  # fmt: skip
    assert counts() == ("2", "")
    reads.mark_all_read(
        s.uow(), s.clock, school_id=world.school.id, parent_id=world.alice.id,
        kind=ContentKind.NEWS,
    )  # fmt: skip
    assert counts() == ("", "")
    s.clock.advance(dt.timedelta(minutes=1))  # type: ignore[attr-defined]
    publishing.post_message(
        s.uow(), s.clock, s.links, s.richtext,
        school_id=world.school.id, title="Oproep", body="Tekst.", notify=False,
    )  # fmt: skip
    assert counts() == ("", "1")
    other = reads.unread_counts(s.uow(), school_id=world.school.id, parent_id=world.bob.id)
    assert (other.news.label, other.messages.label) == ("3", "1")
