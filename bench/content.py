"""Content at a scale, for the constant-queries test and the benchmark: per factor, news,
messages, agenda items, albums with a photo row and documents, half school-wide and half
for one group. Written straight through the repositories (no files, no mail)."""

from __future__ import annotations

import datetime as dt

from bench.seed import SeededSchool
from deborg.bootstrap import Services
from deborg.domain.content.model import (
    AgendaItem,
    Album,
    Audience,
    Document,
    Message,
    NewsItem,
    Photo,
    RichText,
)


def seed_content(services: Services, seeded: SeededSchool, factor: int) -> None:
    now = services.clock.now()
    school_id = seeded.school.id
    body = RichText("<p>Tekst</p>", "Tekst")
    with services.uow() as uow:
        for n in range(4 * factor):
            audience = (
                Audience()
                if n % 2
                else Audience.groups({seeded.group_ids[n % len(seeded.group_ids)]})
            )
            at = now - dt.timedelta(hours=n + 1)
            uow.news.add(NewsItem(school_id, f"Nieuws {n}", body, audience, at))
            uow.messages.add(Message(school_id, f"Bericht {n}", body, audience, at, urgent=n == 0))
            start = now + dt.timedelta(days=n + 1)
            uow.agenda.add(
                AgendaItem(school_id, f"Activiteit {n}", body, audience, start, None, at)
            )
            album = uow.albums.add(Album(school_id, f"Album {n}", "", audience, at))
            photo = uow.album_photos.add(
                Photo(school_id, album.id, f"k/{n}.jpg", f"k/{n}-t.jpg", "image/jpeg", 8, 8, at)
            )
            album.photo_count, album.cover_photo_id = 1, photo.id
            uow.albums.update(album)
            uow.documents.add(_document(school_id, n, audience, at))
        uow.commit()


def seed_school_year(services: Services, seeded: SeededSchool) -> None:
    """What a school publishes in a year, for the benchmark's Home: a news item and a message
    every other day (one spoedbericht this week), two agenda items a week (half of them still
    to come), albums and documents; three in five school-wide, the rest for one group."""
    now = services.clock.now()
    school_id = seeded.school.id
    groups = seeded.group_ids
    body = RichText(
        "<p>Beste ouders,</p><p>" + "Een alinea tekst over het schoolleven. " * 12 + "</p>",
        "Beste ouders, " + "Een alinea tekst over het schoolleven. " * 12,
    )

    def audience(n: int) -> Audience:
        return Audience() if n % 5 < 3 else Audience.groups({groups[n % len(groups)]})

    with services.uow() as uow:
        for n in range(100):
            at = now - dt.timedelta(days=2 * n, hours=3)
            uow.news.add(NewsItem(school_id, f"Nieuws uit de school {n}", body, audience(n), at))
            uow.messages.add(
                Message(school_id, f"Bericht {n}", body, audience(n + 1), at, urgent=n == 1)
            )
            start = now + dt.timedelta(days=3 * (n - 50) + 1)
            uow.agenda.add(
                AgendaItem(school_id, f"Activiteit {n}", body, audience(n + 2), start, None, at)
            )
        for n in range(20):
            at = now - dt.timedelta(days=10 * n)
            uow.albums.add(Album(school_id, f"Album {n}", "", audience(n), at))
            uow.documents.add(_document(school_id, n, audience(n + 3), at))
        uow.commit()


def _document(school_id: int, n: int, audience: Audience, at: dt.datetime) -> Document:
    return Document(
        school_id, f"Document {n}", "", audience, f"d{n}.pdf", "application/pdf", 10,
        f"d/{n}.pdf", at,
    )  # fmt: skip
