"""Nieuws, Berichten and Documenten read a bounded number of rows per page whatever the
school's history: after three and after five years of content (a news item and a message
every school day, documents three days a week), the list page, a search and page 10 run the
same statements and read the same number of rows, and the list's own query reads at most one
page and one row more."""

from __future__ import annotations

import re

from deborg.adapters.sqlalchemy.diagnostics import count_statements, rows_returned
from deborg.bootstrap import Services
from deborg.domain.content.listing import PAGE_SIZE
from tests.conftest import Browser
from tests.content_history import add_history
from tests.world import World

PAGES = [
    f"/{name}{query}"
    for name in ("nieuws", "berichten", "documenten")
    for query in ("", "?zoek=schoolreisje", "?pagina=10")
]
LISTED = re.compile(r"FROM (news_items|messages|documents)\s+WHERE .*json_array_length", re.S)


def _measure(browser: Browser, services: Services) -> dict[str, tuple[int, int, int]]:
    """Per page: (statements, rows read in all, rows read by the list's own query)."""
    assert services.engine is not None
    measured = {}
    for path in PAGES:
        with count_statements(services.engine) as counted:
            response = browser.get(path)
        assert response.status_code == 200, path
        assert response.get_data(as_text=True).count('<li class="item') == PAGE_SIZE, path
        rows = rows_returned(services.engine, counted)
        (listed,) = [n for statement, n in rows if LISTED.search(statement)]
        measured[path] = (counted.count, sum(n for _, n in rows), listed)
    return measured


def test_a_page_reads_the_same_rows_after_three_and_after_five_years(
    browser: Browser, world: World, sql_services: Services
) -> None:
    school_days = add_history(sql_services, world, years=3)
    browser.login(world.alice.login_name, world.password)
    for path in PAGES:
        browser.get(path)  # the session and caches settle
    after_three = _measure(browser, sql_services)
    add_history(sql_services, world, years=2, start_day=school_days)
    after_five = _measure(browser, sql_services)

    assert after_five == after_three
    assert {listed for _, _, listed in after_five.values()} == {PAGE_SIZE + 1}


def test_home_and_the_header_read_no_more_rows_the_more_a_parent_has_opened(
    browser: Browser, world: World, sql_services: Services
) -> None:
    """A parent's read state grows with every item they open; the header (every page) and
    Home read only what they show of it, so a year of opened items adds no rows."""
    from deborg.domain.content.model import ContentKind
    from deborg.services.content import reads

    add_history(sql_services, world, years=1)
    browser.login(world.alice.login_name, world.password)
    pages = ["/", "/agenda", "/fotoalbums"]
    engine = sql_services.engine
    assert engine is not None

    def rows_read() -> dict[str, int]:
        measured = {}
        for path in pages:
            browser.get(path)  # the session settles
            with count_statements(engine) as counted:
                assert browser.get(path).status_code == 200
            measured[path] = sum(n for _, n in rows_returned(engine, counted))
        return measured

    before = rows_read()
    with sql_services.uow() as uow:
        opened = [
            (kind, item.id)
            for kind, items in (
                (ContentKind.NEWS, uow.news.list(world.school.id)),
                (ContentKind.MESSAGE, uow.messages.list(world.school.id)),
            )
            for item in items[20:]  # older than anything Home shows
        ]
    for kind, item_id in opened:
        reads.mark_read(
            sql_services.uow(),
            sql_services.clock,
            school_id=world.school.id,
            parent_id=world.alice.id,
            kind=kind,
            item_id=item_id,
        )
    after = rows_read()

    assert len(opened) > 300
    assert {path: after[path] <= rows for path, rows in before.items()} == dict.fromkeys(
        pages, True
    )
