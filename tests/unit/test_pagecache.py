"""The in-process cache: nothing before the listener is in place, nothing kept that was read
while a change landed, everything dropped on a change, entries for a minute at most."""

from __future__ import annotations

import datetime as dt

from deborg.domain.model import Parent, School
from deborg.domain.sessions import SignedIn, WebSession
from deborg.entrypoints.web.pagecache import ENTRY_LIFETIME, PageCache

T0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def signed_in() -> SignedIn:
    school = School(name="De Borg", code="99XX00", id=1)
    parent = Parent(school_id=1, login_name="alice@example.nl", roepnaam="Alice", id=7)
    return SignedIn(WebSession("h", 1, 7, T0, T0), parent, school)


def listening_cache() -> PageCache:
    cache = PageCache(max_pages=2)
    cache.listening()
    return cache


def test_nothing_is_kept_until_the_listener_is_in_place() -> None:
    cache = PageCache()
    cache.put_page("k", "<p>Home</p>", T0, cache.version, school_id=1)
    assert cache.get_page("k", T0) is None
    cache.listening()
    cache.put_page("k", "<p>Home</p>", T0, cache.version, school_id=1)
    assert cache.get_page("k", T0) == "<p>Home</p>"


def test_a_page_read_while_its_school_changed_is_not_kept() -> None:
    cache = listening_cache()
    version = cache.version  # the request starts reading
    cache.changed(1)  # a change at its school is announced meanwhile
    cache.put_page("k", "<p>old</p>", T0, version, school_id=1)
    assert cache.get_page("k", T0) is None
    version = cache.version
    cache.changed(2)  # another school's change does not matter
    cache.put_page("k", "<p>new</p>", T0, version, school_id=1)
    assert cache.get_page("k", T0) == "<p>new</p>"


def test_a_change_drops_only_its_schools_entries() -> None:
    cache = listening_cache()
    cache.put_page("a", "<p>School 1</p>", T0, cache.version, school_id=1)
    cache.put_page("b", "<p>School 2</p>", T0, cache.version, school_id=2)
    cache.changed(2)
    assert cache.get_page("a", T0) == "<p>School 1</p>"
    assert cache.get_page("b", T0) is None
    cache.changed(None)  # a change that belongs to no school
    assert cache.get_page("a", T0) is None


def test_a_request_that_read_longer_than_the_cache_remembers_is_not_kept() -> None:
    cache = listening_cache()
    version = cache.version
    for _ in range(2_000):  # more announcements than are remembered, all elsewhere
        cache.changed(2)
    cache.put_page("k", "<p>Home</p>", T0, version, school_id=1)
    assert cache.get_page("k", T0) is None


def test_a_change_or_a_lost_listener_drops_everything() -> None:
    cache = listening_cache()
    cache.put_page("k", "<p>Home</p>", T0, cache.version, school_id=1)
    cache.put_session("s", signed_in(), T0, cache.version)
    cache.changed(1)
    assert cache.get_page("k", T0) is None
    assert cache.get_session("s", T0) is None
    cache.put_page("k", "<p>Home</p>", T0, cache.version, school_id=1)
    cache.lost()
    assert cache.get_page("k", T0) is None
    cache.put_page("k", "<p>Home</p>", T0, cache.version, school_id=1)
    assert cache.get_page("k", T0) is None  # off until the listener is back


def test_entries_live_a_minute_and_the_oldest_page_goes_first() -> None:
    cache = listening_cache()
    for key in ("a", "b", "c"):
        cache.put_page(key, key, T0, cache.version, school_id=1)
    assert cache.get_page("a", T0) is None  # only two pages are kept
    assert cache.get_page("c", T0 + ENTRY_LIFETIME - dt.timedelta(seconds=1)) == "c"
    assert cache.get_page("c", T0 + ENTRY_LIFETIME) is None


def test_a_kept_session_is_handed_out_as_a_copy() -> None:
    cache = listening_cache()
    cache.put_session("s", signed_in(), T0, cache.version)
    first = cache.get_session("s", T0)
    assert first is not None
    first.parent.roepnaam = "Changed by a view"
    again = cache.get_session("s", T0)
    assert again is not None
    assert again.parent.roepnaam == "Alice"


def test_ending_a_session_forgets_its_pages() -> None:
    cache = listening_cache()
    cache.put_session("s", signed_in(), T0, cache.version)
    cache.put_page("s|csrf", "<p>Home</p>", T0, cache.version, school_id=1)
    cache.put_page("t|csrf", "<p>Other</p>", T0, cache.version, school_id=1)
    cache.forget_session("s")
    assert cache.get_session("s", T0) is None
    assert cache.get_page("s|csrf", T0) is None
    assert cache.get_page("t|csrf", T0) == "<p>Other</p>"
