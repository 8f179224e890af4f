"""The rules of the list pages (Nieuws, Berichten, Documenten): pages of twenty, asked for
by number, and a search over title and text.

A search is what the parent typed, tidied: spaces collapsed and at most :data:`SEARCH_MAX`
characters. It finds an item when every word of it occurs in the item's title or text
(ignoring case); PostgreSQL searches the same text with its Dutch full-text configuration
instead, which also finds other forms of a word ("gesprekken" finds "gesprek")."""

from __future__ import annotations

import re

import attrs

from deborg.domain.content.model import Document, Message, NewsItem

#: Items per page.
PAGE_SIZE = 20
#: The portal asks for no page above this (a parent never pages this far; it bounds the
#: offset a query is given).
MAX_PAGE = 10_000
#: The longest search kept; the rest of what was typed is left off.
SEARCH_MAX = 100

_WORD = re.compile(r"\w+")


@attrs.frozen
class Search:
    """What to look for; the empty search finds everything."""

    text: str = ""

    @classmethod
    def typed(cls, typed: str) -> Search:
        return cls(" ".join(typed.split())[:SEARCH_MAX].strip())

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def words(self) -> tuple[str, ...]:
        """The words searched for, in lower case; punctuation is not a word."""
        return tuple(_WORD.findall(self.text.casefold()))

    @property
    def finds_nothing(self) -> bool:
        """A search of only punctuation (``'``, ``&|!``) has no word to find."""
        return bool(self.text) and not self.words

    def finds(self, *texts: str) -> bool:
        """Whether every word occurs in one of ``texts`` (ignoring case)."""
        haystacks = [text.casefold() for text in texts]
        return not self.finds_nothing and all(
            any(word in haystack for haystack in haystacks) for word in self.words
        )


@attrs.frozen
class PageRequest:
    """Page ``number`` (from 1) of ``size`` items."""

    number: int = 1
    size: int = PAGE_SIZE

    @classmethod
    def asked(cls, number: int, size: int = PAGE_SIZE) -> PageRequest:
        """Any number becomes a page from 1."""
        return cls(max(1, number), max(1, size))

    @classmethod
    def typed(cls, typed: str) -> PageRequest:
        """``?pagina=``: a number from 1 (a larger one is the last page that may be asked
        for); anything else is the first page."""
        if not (typed.isascii() and typed.isdigit()):
            return cls()
        digits = typed.lstrip("0")
        if len(digits) > len(str(MAX_PAGE)):
            return cls(MAX_PAGE)
        return cls.asked(min(int(digits or "0"), MAX_PAGE))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def searched_text(item: NewsItem | Message | Document) -> tuple[str, str]:
    """The title and the text a search looks in."""
    if isinstance(item, Document):
        return item.title, item.description
    return item.title, item.body.text
