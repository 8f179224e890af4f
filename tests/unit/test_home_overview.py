"""Home reads its lists in windows (the newest few, more only when those show too little):
whatever the mix of audiences, spoedberichten, dates and items already opened, it shows
exactly what filtering the whole lists would show, and marks exactly the unread ones."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deborg.adapters.memory import MemoryDatabase, MemoryUnitOfWork
from deborg.bootstrap import Services
from deborg.domain.content.audience import can_see
from deborg.domain.content.model import AgendaItem, Audience, Message, NewsItem, RichText
from deborg.services import overview
from deborg.services.content.audience import viewer_for
from tests.world import World, build_world

BODY = RichText("<p>Tekst</p>", "Tekst")

#: (kind, audience: None for the whole school or a group number 1/2, urgent, hours from now,
#: opened by the parent)
items = st.lists(
    st.tuples(
        st.sampled_from(["news", "message", "agenda"]),
        st.sampled_from([None, 1, 2]),
        st.booleans(),
        st.integers(min_value=-400, max_value=400),
        st.booleans(),
    ),
    max_size=30,
)


Spec = list[tuple[str, int | None, bool, int, bool]]


def _publish(services: Services, world: World, spec: Spec, parent_id: int) -> set[str]:
    """The items of ``spec``; returns the titles of those the parent opened."""
    now = services.clock.now()
    groups = {1: world.group1.id, 2: world.group2.id}
    opened: set[str] = set()
    with services.uow() as uow:
        for n, (kind, group, urgent, hours, read) in enumerate(spec):
            audience = Audience() if group is None else Audience.groups({groups[group]})
            moment = now + dt.timedelta(hours=hours)
            published = min(moment, now)
            item: NewsItem | Message
            if kind == "news":
                item = uow.news.add(NewsItem(world.school.id, f"N{n}", BODY, audience, published))
            elif kind == "message":
                item = uow.messages.add(
                    Message(world.school.id, f"M{n}", BODY, audience, published, urgent=urgent)
                )
            else:
                uow.agenda.add(
                    AgendaItem(world.school.id, f"A{n}", BODY, audience, moment, None, published)
                )
                continue
            if read:
                uow.reads.mark_read(world.school.id, parent_id, item.kind, item.id, now)
                opened.add(item.title)
        uow.commit()
    return opened


def _by_filtering_everything(services: Services, world: World, parent_id: int) -> tuple:  # type: ignore[type-arg]
    """Home as the rule reads: everything, filtered."""
    now = services.clock.now()
    with services.uow() as uow:
        viewer = viewer_for(uow, world.school.id, parent_id)
        messages = [m for m in uow.messages.list(world.school.id) if can_see(viewer, m)]
        urgent = [
            m for m in messages if m.urgent and now - m.published_at <= overview.URGENT_ON_HOME
        ]
        others = [m for m in messages if m not in urgent][: overview.HOME_ITEMS]
        agenda = [
            a for a in uow.agenda.list(world.school.id, ending_after=now) if can_see(viewer, a)
        ][: overview.HOME_ITEMS]
        news = [n for n in uow.news.list(world.school.id) if can_see(viewer, n)][
            : overview.HOME_ITEMS
        ]
    return (
        [m.id for m in urgent],
        [m.id for m in others],
        [a.id for a in agenda],
        [n.id for n in news],
    )


@pytest.mark.parametrize("windows", [(2, 3), (1,), (15, 150)])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=items, who=st.sampled_from(["alice", "carla"]))
def test_home_shows_what_filtering_every_item_shows(
    memory_services: Services,
    monkeypatch: pytest.MonkeyPatch,
    windows: tuple[int, ...],
    spec: Spec,
    who: str,
) -> None:
    monkeypatch.setattr(overview, "HOME_WINDOWS", windows)
    database = MemoryDatabase()
    services = attrs.evolve(memory_services, uow_factory=lambda: MemoryUnitOfWork(database))
    world = build_world(services)
    parent = getattr(world, who)
    opened = _publish(services, world, spec, parent.id)

    home = overview.home_overview(
        services.uow(),
        school_id=world.school.id,
        parent_id=parent.id,
        now=services.clock.now(),
        timezone=world.school.timezone,
    )

    shown = (
        [m.id for m in home.urgent],
        [m.id for m in home.messages],
        [e.item.id for e in home.agenda],
        [n.id for n in home.news],
    )
    assert shown == _by_filtering_everything(services, world, parent.id)
    # "Nieuw" on exactly the items shown that the parent has not opened, also on those only a
    # second window brought
    berichten = [*home.urgent, *home.messages]
    assert home.unread_messages == {m.id for m in berichten if m.title not in opened}
    assert home.unread_news == {n.id for n in home.news if n.title not in opened}
