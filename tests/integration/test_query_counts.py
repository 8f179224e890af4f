"""Every main page runs the same number of SQL statements whatever the size of the school."""

from __future__ import annotations

from bench import querycount
from bench.seed import BENCH_PASSWORD

from deborg.bootstrap import Services


def test_main_pages_run_a_constant_number_of_statements(sql_services: Services) -> None:
    from deborg.entrypoints.web import create_app

    app = create_app(services=sql_services)
    password_hash = sql_services.hasher.hash(BENCH_PASSWORD)
    small = querycount.seed_for_scale(sql_services, 1, password_hash, pupils_per_group=3)
    large = querycount.seed_for_scale(sql_services, 10, password_hash, pupils_per_group=3)

    at_1x = querycount.statements_per_page(app, sql_services, small, BENCH_PASSWORD)
    at_10x = querycount.statements_per_page(app, sql_services, large, BENCH_PASSWORD)

    assert set(at_1x) == {name for name, _ in querycount.MAIN_PAGES}
    assert at_10x == at_1x
