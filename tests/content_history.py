"""Years of a school's content, written straight into the repositories (no mail, no
notifications): a news item and a message every school day and documents three days a week, one in
three for Groep 2 only (not alice's group). Every fifth item is about the schoolreisje; those
for Groep 2 carry a word of their own, so that a search shows whether they leak."""

from __future__ import annotations

import datetime as dt

from deborg.bootstrap import Services
from deborg.domain.content.model import Audience, Document, Message, NewsItem, RichText
from tests.world import World

#: School days in a year (the Dutch school year has about 190).
SCHOOL_DAYS = 190
#: The word only Groep 2's items hold.
GROUP2_WORD = "turnwedstrijd"


def _text(n: int, for_group2: bool) -> str:
    about = "het schoolreisje naar de Efteling" if n % 5 == 0 else "de week in de klas"
    extra = f" en de {GROUP2_WORD}" if for_group2 else ""
    return f"Beste ouders, dit gaat over {about}{extra}."


def add_history(services: Services, world: World, *, years: int, start_day: int = 0) -> int:
    """``years`` of content ending before the clock's now, continuing after ``start_day``
    school days written earlier; returns the school days written so far."""
    days = years * SCHOOL_DAYS
    first = services.clock.now() - dt.timedelta(days=400 * 6)
    school = world.school.id
    with services.uow() as uow:
        for n in range(start_day, start_day + days):
            for_group2 = n % 3 == 0
            audience = Audience.groups({world.group2.id}) if for_group2 else Audience()
            at = first + dt.timedelta(days=n * 7 / 5)
            text = _text(n, for_group2)
            body = RichText(f"<p>{text}</p>", text)
            uow.news.add(NewsItem(school, f"Nieuws {n}", body, audience, at))
            uow.messages.add(Message(school, f"Bericht {n}", body, audience, at))
            if n % 5 in (0, 2, 3):
                uow.documents.add(
                    Document(
                        school,
                        f"Document {n}",
                        text,
                        audience,
                        f"document-{n}.pdf",
                        "application/pdf",
                        1024,
                        f"documents/{n}.pdf",
                        at,
                    )
                )
        uow.commit()
    return start_day + days
