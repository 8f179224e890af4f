"""Nieuws and Berichten in pages of 20 (?pagina=): each page shows what filtering the whole
history would show, and reads a number of rows that depends on the page, not on how much the
school posted (five years of content here)."""

from __future__ import annotations

import datetime as dt

import pytest

from deborg.adapters.memory.content import MemoryMessageRepository, MemoryNewsRepository
from deborg.bootstrap import Services
from deborg.domain.content.model import Audience, Message, NewsItem, RichText
from deborg.services.content import queries
from tests.world import build_world

BODY = RichText("<p>Tekst</p>", "Tekst")
FIVE_YEARS = 5 * 190  # school days


def test_pages_of_twenty_read_rows_bounded_by_the_page_whatever_the_history(
    memory_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = memory_services
    world = build_world(s)
    start = s.clock.now() - dt.timedelta(days=5 * 365)
    with s.uow() as uow:
        for n in range(FIVE_YEARS):
            # two in three for the whole school, the rest for Groep 2 (not alice's)
            audience = Audience() if n % 3 else Audience.groups({world.group2.id})
            at = start + dt.timedelta(days=n * 365 * 5 / FIVE_YEARS)
            uow.news.add(NewsItem(world.school.id, f"Nieuws {n}", BODY, audience, at))
            uow.messages.add(Message(world.school.id, f"Bericht {n}", BODY, audience, at))
        uow.commit()
    read: list[int] = []
    for repository in (MemoryNewsRepository, MemoryMessageRepository):
        original = repository.list

        def counting(self, school_id, *, limit=None, _original=original):  # type: ignore[no-untyped-def]
            rows = _original(self, school_id, limit=limit)
            read.append(len(rows))
            return rows

        monkeypatch.setattr(repository, "list", counting)

    with s.uow() as uow:
        everything = [n.title for n in uow.news.list(world.school.id) if n.audience.school_wide]
    read.clear()
    for page in (1, 2, 3):
        listed = queries.news_list(
            s.uow(), school_id=world.school.id, parent_id=world.alice.id, page=page
        )
        assert [n.title for n in listed.items] == everything[(page - 1) * 20 : page * 20]
        assert listed.has_next
        assert sum(read) <= 2 * (page * 20 + 1) * 4  # bounded by the page asked for
        read.clear()
    messages = queries.messages_list(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id, page=1
    )
    assert len(messages.items) == 20
    assert sum(read) <= 2 * 21 * 4
    last = queries.news_list(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id, page=len(everything) // 20 + 1
    )
    assert [n.title for n in last.items] == everything[len(everything) // 20 * 20 :]
    assert not last.has_next
