"""With a thousand schools' rows in the same tables, no main page reads a big table from end
to end: every statement the pages run (with its real parameters) is EXPLAINed on PostgreSQL,
and a sequential scan of a table of more than BIG rows fails the test, naming the statement."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from bench import querycount
from bench.seed import BENCH_PASSWORD
from bench.tenants import Shape, add_schools
from sqlalchemy import Engine, event, text

from deborg.bootstrap import Services

#: A table of more rows than this is big: reading it whole for one page is a bug at scale.
BIG = 5_000
SCHOOLS = 1_000
#: Small schools, so the test writes its rows in seconds: still 16,000 pupils, 25,000+
#: parents, 20,000 agenda items; a year of news and berichten each (180,000 rows apiece), as
#: in the benchmark: with 30 a school the planner still chose the index for the unread count of
#: berichten that, at 180, it planned as a parallel scan of all messages on every page.
SHAPE = Shape(
    groups=4, pupils_per_group=4, news=180, messages=180, agenda=20, albums=4, documents=4
)


@contextmanager
def captured(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def before(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def sequential_scans(plan: dict[str, Any]) -> Iterator[str]:
    if plan.get("Node Type") == "Seq Scan":
        yield plan["Relation Name"]
    for child in plan.get("Plans", []):
        yield from sequential_scans(child)


@pytest.mark.postgresql
@pytest.mark.parametrize("sql_engine", ["postgresql"], indirect=True)
def test_no_main_page_scans_a_big_table_with_a_thousand_schools(
    sql_services: Services, sql_engine: Engine
) -> None:
    from deborg.entrypoints.web import create_app

    s = sql_services
    seeded = querycount.seed_for_scale(s, 1, s.hasher.hash(BENCH_PASSWORD), pupils_per_group=3)
    add_schools(sql_engine, SCHOOLS, SHAPE)
    with sql_engine.connect() as connection:
        found = connection.execute(text("SELECT relname, reltuples FROM pg_class"))
        sizes: dict[str, float] = {name: rows for name, rows in found}  # noqa: C416
    big = {name for name, rows in sizes.items() if rows > BIG}
    assert {"parents", "children", "news_items", "messages", "agenda_items"} <= big
    app = create_app(services=s)
    client = app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    login = {"username": seeded.parent_logins[0], "password": BENCH_PASSWORD}
    assert client.post("/inloggen", data={**login, "csrf_token": token.group(1)}).status_code == 302
    scans: list[str] = []
    for name, path_for in querycount.MAIN_PAGES:
        with captured(sql_engine) as statements:
            assert client.get(path_for(seeded)).status_code == 200, name
        with sql_engine.connect() as connection:
            for statement, parameters in statements:
                plan = connection.exec_driver_sql(
                    f"EXPLAIN (FORMAT JSON) {statement}", parameters
                ).scalar_one()
                plan = plan if isinstance(plan, list) else json.loads(plan)
                for table in sequential_scans(plan[0]["Plan"]):
                    if table in big:
                        scans.append(f"{name}: {table} ({int(sizes[table])} rows) in {statement}")
    assert not scans, "\n\n".join(scans)
