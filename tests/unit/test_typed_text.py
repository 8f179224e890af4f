"""The one input rule (deborg.domain.typed_text), over any text hypothesis can make."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from deborg.domain.errors import InvalidInput
from deborg.domain.typed_text import (
    MULTI_LINE_MAX,
    SINGLE_LINE_MAX,
    clean_password,
    clean_text,
    printable,
    refused_ranges,
    unsafe_positions,
)

HIDDEN = ["\x00", "\x1b", "\x7f", "\u202e", "\u202d", "\u2066", "\u200b", "\ufeff", "\u00ad"]


def _refused(character: str) -> bool:
    return any(first <= ord(character) <= last for first, last in refused_ranges())


@given(st.text(max_size=60))
@example("Jan\x00sen")
@example("Jansen\u202egpj.exe")
@example("Cafe\u0301")  # e + combining accent: stored as é
@example("Mama 👩\u200d👧")
def test_a_line_is_kept_in_nfc_or_refused_for_a_hidden_character(text: str) -> None:
    hidden = [c for c in unicodedata.normalize("NFC", text) if _refused(c)]
    kept_joiners = all(c == "\u200d" for c in hidden) and "\u200d" not in unsafe_positions_of(text)
    if hidden and not kept_joiners:
        with pytest.raises(InvalidInput) as refused:
            clean_text(text, field="naam")
        assert refused.value.field == "naam"
        return
    cleaned = clean_text(text, field="naam")
    assert cleaned == unicodedata.normalize("NFC", text)
    assert clean_text(cleaned, field="naam") == cleaned


def unsafe_positions_of(text: str) -> str:
    """The refused characters the rule finds in ``text`` (after NFC)."""
    normal = unicodedata.normalize("NFC", text)
    return "".join(normal[i] for i in unsafe_positions(normal))


@given(st.text(max_size=60))
def test_printed_text_holds_nothing_a_terminal_would_interpret(text: str) -> None:
    shown = printable(text)
    assert not unsafe_positions(shown, multiline=True)
    if "\x1b" not in text:
        assert all(c in shown for c in text if not _refused(c) or c in "\n\t")


def test_an_escape_sequence_is_dropped_whole() -> None:
    assert printable("\x1b[31m\x1b[1mWARNING\x1b[0m: Anna\u202e\x1b]0;x\x07") == (
        "WARNING: Anna0;x"
    )


@pytest.mark.parametrize("character", HIDDEN)
def test_every_hidden_character_is_refused_in_lines_and_text_areas(character: str) -> None:
    for multiline in (False, True):
        with pytest.raises(InvalidInput, match="onzichtbaar stuurteken"):
            clean_text(f"Anna{character}Jansen", field="naam", multiline=multiline)


def test_line_breaks_and_tabs_belong_in_text_areas_only() -> None:
    assert clean_text("Beste juf,\r\n\tDank!\r", field="text", multiline=True) == (
        "Beste juf,\n\tDank!\n"
    )
    for character in "\n\t\r\u2028":
        with pytest.raises(InvalidInput):
            clean_text(f"Anna{character}Jansen", field="naam")


def test_length_limits() -> None:
    assert clean_text("a" * SINGLE_LINE_MAX, field="naam")
    with pytest.raises(InvalidInput, match="te lang"):
        clean_text("a" * (SINGLE_LINE_MAX + 1), field="naam")
    with pytest.raises(InvalidInput, match="te lang"):
        clean_text("a" * (MULTI_LINE_MAX + 1), field="text", multiline=True)
    with pytest.raises(InvalidInput, match="maximaal 20 tekens"):
        clean_text("a" * 21, field="naam", max_length=20)


def test_a_password_is_kept_as_typed_but_without_control_characters() -> None:
    decomposed = "Cafe\u0301-Ter-1!"
    assert clean_password(decomposed, field="password", max_length=100) == decomposed
    assert clean_password("Familie 👨\u200d👩\u200d👧 A1!", field="password", max_length=100)
    with pytest.raises(InvalidInput):
        clean_password("Geheim\x00", field="password", max_length=100)
