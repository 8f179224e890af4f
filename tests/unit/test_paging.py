"""Nieuws, Berichten and Documenten in pages of 20 (?pagina=) with a search (?zoek=): the
rules of a page number and a search, and the pages on the in-memory adapters, which must
show what filtering the school's whole history would show."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deborg.bootstrap import Services
from deborg.domain.content.listing import MAX_PAGE, SEARCH_MAX, PageRequest, Search
from deborg.services.content import queries
from tests.content_history import GROUP2_WORD, add_history
from tests.world import build_world


@given(st.text())
def test_any_typed_page_number_is_a_page_from_1_to_the_last_that_may_be_asked_for(
    typed: str,
) -> None:
    page = PageRequest.typed(typed)
    assert 1 <= page.number <= MAX_PAGE
    assert page.offset == (page.number - 1) * 20


@given(st.integers(min_value=1, max_value=MAX_PAGE))
def test_a_page_number_is_taken_as_typed(number: int) -> None:
    assert PageRequest.typed(str(number)).number == number
    assert PageRequest.typed(f"00{number}").number == number


@pytest.mark.parametrize(
    ("typed", "number"),
    [("", 1), ("0", 1), ("-3", 1), ("2.5", 1), ("²", 1), ("٣", 1), ("9" * 5000, MAX_PAGE)],
)
def test_a_page_number_that_is_no_number_is_the_first_page(typed: str, number: int) -> None:
    assert PageRequest.typed(typed).number == number


@given(st.text())
def test_a_search_is_what_was_typed_tidied(typed: str) -> None:
    search = Search.typed(typed)
    assert len(search.text) <= SEARCH_MAX
    assert search.text == search.text.strip()
    assert "  " not in search.text
    assert bool(search) == bool(typed.split())


def test_a_search_finds_an_item_with_every_word_in_title_or_text_ignoring_case() -> None:
    search = Search.typed("  Schoolreisje   EFTELING ")
    assert search.text == "Schoolreisje EFTELING"
    assert search.words == ("schoolreisje", "efteling")
    assert search.finds("Het schoolreisje", "We gaan naar de Efteling.")
    assert not search.finds("Het schoolreisje", "We gaan naar het strand.")


@pytest.mark.parametrize("typed", ["'", "%", '"', ":*", "&|!", "' OR 1=1 --"])
def test_punctuation_is_no_word(typed: str) -> None:
    search = Search.typed(typed)
    if search.words:  # "' OR 1=1 --" has words: it is searched for as text
        assert search.words == ("or", "1", "1")
    else:
        assert search.finds_nothing
        assert not search.finds(typed, typed)


def test_pages_show_what_the_whole_history_shows_for_the_parent(
    memory_services: Services,
) -> None:
    s = memory_services
    world = build_world(s)
    add_history(s, world, years=2)
    with s.uow() as uow:
        everything = [n.title for n in uow.news.list(world.school.id) if n.audience.school_wide]
    for number in (1, 2, 10):
        page = queries.list_page(
            s.uow(), queries.NEWS, school_id=world.school.id, parent_id=world.alice.id, page=number
        )
        assert [n.title for n in page.items] == everything[(number - 1) * 20 : number * 20]
        assert page.has_next
        assert page.unread == {n.id for n in page.items}  # nothing opened yet
    last_number = (len(everything) - 1) // 20 + 1
    last = queries.list_page(
        s.uow(), queries.NEWS, school_id=world.school.id, parent_id=world.alice.id, page=last_number
    )
    assert [n.title for n in last.items] == everything[(last_number - 1) * 20 :]
    assert not last.has_next
    counted = queries.list_page(
        s.uow(),
        queries.MESSAGES,
        school_id=world.school.id,
        parent_id=world.alice.id,
        per_page=7,
        count=True,
    )
    assert len(counted.items) == 7
    assert counted.total == len(everything)


def test_a_search_finds_only_what_the_parent_may_see(memory_services: Services) -> None:
    s = memory_services
    world = build_world(s)
    add_history(s, world, years=1)
    school = world.school.id

    found = queries.list_page(
        s.uow(),
        queries.DOCUMENTS,
        school_id=school,
        parent_id=world.alice.id,
        search="schoolreisje",
    )
    assert found.items
    assert found.search == "schoolreisje"
    assert all("schoolreisje" in d.description for d in found.items)
    assert all(d.audience.school_wide for d in found.items)
    for parent, sees in ((world.alice, False), (world.carla, True)):
        hidden = queries.list_page(
            s.uow(),
            queries.MESSAGES,
            school_id=school,
            parent_id=parent.id,
            search=GROUP2_WORD,
            count=True,
        )
        assert bool(hidden.items) is sees
        assert ((hidden.total or 0) > 0) is sees
    erik = queries.list_page(
        s.uow(),
        queries.NEWS,
        school_id=world.other_school.id,
        parent_id=world.erik.id,
        search="schoolreisje",
    )
    assert erik.items == ()
    for hostile in ("'", "%", '"', ":*", "&|!"):
        nothing = queries.list_page(
            s.uow(), queries.NEWS, school_id=school, parent_id=world.alice.id, search=hostile
        )
        assert nothing.items == ()
        assert nothing.search == hostile
