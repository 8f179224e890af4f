"""The one rule for text that a parent, a staff member or a program supplies.

Every value that comes in through a form, a query string, a JSON body or a command-line
argument passes :func:`clean_text` at the entry point that reads it: Unicode NFC, no control
or format characters (categories Cc and Cf, so also the bidi overrides such as U+202E that
turn a name around), line breaks and tabs only where the field has several lines, and a length
limit.
:func:`printable` is the same rule for output: what a terminal shows of a stored value.

Three exceptions keep real text intact: a zero-width joiner between two emoji (the family
emoji 👨‍👩‍👧 is one, and a parent may type it in a message); the format characters outside the
Basic Multilingual Plane (the tags of a flag emoji such as Scotland's, musical notation), none of
which turns text around or hides in it; and password fields, which are compared as typed (see
:mod:`deborg.domain.passwords`) and only refuse the control characters, which cannot be typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from deborg.domain.content.rules import MAX_BODY
from deborg.domain.errors import InvalidInput

#: Far above any name, address or e-mail address; below any page one would echo back.
SINGLE_LINE_MAX = 1000
#: A text area or a staff body: the longest text the portal keeps (a news body) is this long.
MULTI_LINE_MAX = MAX_BODY

CONTROL_MESSAGE = (
    "Een veld bevat een onzichtbaar stuurteken (zoals een tab, een regeleinde of een teken dat "
    "de tekstrichting omdraait). Haal het weg en probeer het opnieuw."
)

_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_ZERO_WIDTH_JOINER = "\u200d"
_LAST_BMP = 0xFFFF
#: A terminal escape sequence (ECMA-48): CSI with its parameters, or an escape and one byte.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?")


def is_refused(character: str) -> bool:
    """Whether the rule refuses ``character`` (before the line-break and joiner exceptions)."""
    category = unicodedata.category(character)
    if category == "Cf":
        return ord(character) <= _LAST_BMP
    return category in _REFUSED_CATEGORIES


@functools.cache
def refused_ranges() -> tuple[tuple[int, int], ...]:
    """The refused code points as ranges (first, last), for a schema to state the rule. All of
    them are in the Basic Multilingual Plane (Cc, Cs, Zl and Zp have no others)."""
    ranges: list[tuple[int, int]] = []
    for code in range(_LAST_BMP + 1):
        if not is_refused(chr(code)):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return tuple(ranges)


def too_long_message(limit: int) -> str:
    return (
        f"Wat u invulde is te lang: maximaal {limit} tekens. Maak het korter en probeer het "
        "opnieuw."
    )


def _joins_emoji(text: str, index: int) -> bool:
    """A zero-width joiner between two emoji (the symbols of category So, or after U+FE0F)."""
    if index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return (before == "\ufe0f" or unicodedata.category(before) in {"So", "Sk"}) and (
        unicodedata.category(after) in {"So", "Sk"}
    )


def unsafe_positions(text: str, *, multiline: bool = False) -> list[int]:
    """Where ``text`` holds a character the rule refuses (line breaks allowed when
    ``multiline``)."""
    found = []
    for index, character in enumerate(text):
        if multiline and character in "\n\t":
            continue
        if not is_refused(character):
            continue
        if character == _ZERO_WIDTH_JOINER and _joins_emoji(text, index):
            continue
        found.append(index)
    return found


def clean_text(
    value: str, *, field: str, multiline: bool = False, max_length: int | None = None
) -> str:
    """``value`` in NFC with Windows and old Mac line ends made ``\\n``; raises
    :class:`InvalidInput` (for ``field``) when it holds a refused character or is longer than
    ``max_length`` (default: :data:`SINGLE_LINE_MAX` or :data:`MULTI_LINE_MAX`)."""
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    limit = (
        max_length if max_length is not None else (MULTI_LINE_MAX if multiline else SINGLE_LINE_MAX)
    )
    if len(text) > limit:
        raise InvalidInput(too_long_message(limit), field)
    if unsafe_positions(text, multiline=multiline):
        raise InvalidInput(CONTROL_MESSAGE, field)
    return text


def clean_password(value: str, *, field: str, max_length: int) -> str:
    """A password as typed (no normalisation: it must match its hash), without control
    characters and within ``max_length``."""
    if len(value) > max_length:
        raise InvalidInput(too_long_message(max_length), field)
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise InvalidInput(CONTROL_MESSAGE, field)
    return value


def printable(text: str) -> str:
    """``text`` without what :func:`clean_text` refuses in a multi-line field (terminal escape
    sequences as a whole), tabs kept: safe to print on a staff member's terminal, also for
    values stored before the rule existed."""
    text = _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n"))
    drop = set(unsafe_positions(text, multiline=True))
    return "".join(c for i, c in enumerate(text) if i not in drop or c == "\t")
