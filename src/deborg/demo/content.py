"""A school year of content for the demo: news, messages (one urgent, one open for replies),
agenda items, photo albums with generated photos and documents (hand-made PDFs). Historical
items are written without notices, so the demo's outbox is not flooded."""

from __future__ import annotations

import datetime as dt
import io
import random
import zlib

from PIL import Image, ImageDraw

from deborg.bootstrap import Services
from deborg.domain import dutch
from deborg.domain.model import School
from deborg.services.content import files, publishing
from deborg.services.content.publishing import AgendaInput

NEWS = [
    (
        "Welkom in het nieuwe schooljaar!",
        "We hebben er zin in! Alle groepen zijn weer begonnen. Kijk in de **agenda** voor de "
        "informatieavonden van de groepen.",
        (),
    ),
    (
        "Kinderboekenmarkt op het schoolplein!",
        '"Vriendschap" thema van de kinderboekenweek\n\n{Kinderboekenmarkt} van 14.30 uur - '
        "15.15 uur. Kinderen mogen hun oude boeken verkopen; neem wat kleingeld mee.",
        (),
    ),
    (
        "Nieuwe gymtijden",
        "Vanaf deze week gymmen de groepen 3 tot en met 8 op dinsdag en vrijdag.",
        (),
    ),
    (
        "Groep 8 wint het schoolvoetbaltoernooi",
        "Wat een prestatie: de meiden én jongens van groep 8 zijn kampioen van Assen!",
        ("Groep 8",),
    ),
    (
        "Sinterklaas bezoekt De Borg",
        "Op {sinterklaasfeest} komt Sinterklaas met zijn pieten op bezoek. De kinderen worden "
        "om 8.30 uur op het schoolplein verwacht.",
        (),
    ),
    (
        "Groep 1 en 2: thema 'de herfst'",
        "Deze weken werken we over de herfst. Neemt uw kind iets mee uit het bos? "
        "Kastanjes, eikels en mooie bladeren zijn welkom.",
        ("Groep 1", "Groep 2"),
    ),
    (
        "Luizencontrole na de vakantie",
        "Na elke vakantie controleren de luizenouders alle kinderen. Wilt u op die dag geen "
        "gel of vlechten in het haar doen?",
        (),
    ),
]

MESSAGES = [
    (
        "Hulp gezocht bij de kinderboekenmarkt",
        "Wie kan er op {kinderboekenmarkt} 's middags helpen met opbouwen? Reageer hieronder, "
        "dan nemen we contact met u op.",
        (),
        True,
    ),
    (
        "Gevonden voorwerpen",
        "De bak met gevonden voorwerpen staat tot de kerstvakantie bij de ingang. "
        "Wat daarna over is, gaat naar een goed doel.",
        (),
        False,
    ),
    (
        "Schoolreis groep 5: toestemmingsformulier",
        "Wilt u het formulier uit de **Documenten** ingevuld meegeven?",
        ("Groep 5",),
        False,
    ),
]

# (title, month, day, start, end, end (month, day) for multi-day, location, groups)
AGENDA: list[
    tuple[str, int, int, str | None, str | None, tuple[int, int] | None, str, tuple[str, ...]]
] = [
    ("Informatieavond groepen 1 t/m 4", 9, 15, "19:00", "20:30", None, "De Borg", ()),
    ("Informatieavond groepen 5 t/m 8", 9, 17, "19:00", "20:30", None, "De Borg", ()),
    ("Kinderboekenmarkt", 10, 11, "14:30", "15:15", None, "Schoolplein", ()),
    ("Herfstvakantie", 10, 19, None, None, (10, 23), "", ()),
    ("Studiedag: alle kinderen vrij", 11, 13, None, None, None, "", ()),
    ("Sinterklaasfeest", 12, 5, "08:30", "12:00", None, "De Borg", ()),
    ("Kerstdiner", 12, 18, "17:00", "18:30", None, "In de klas", ()),
    ("Kerstvakantie", 12, 21, None, None, (1, 1), "", ()),
    ("Voorjaarsvakantie", 2, 15, None, None, (2, 19), "", ()),
    ("Schoolreis groep 5", 5, 20, "08:30", "16:00", None, "Wildlands Emmen", ("Groep 5",)),
    ("Sportdag", 4, 17, "09:00", "14:00", None, "Sportpark Marsdijk", ()),
    ("Meivakantie", 4, 26, None, None, (5, 7), "", ()),
    ("Musical groep 8", 7, 7, "19:00", "21:00", None, "Aula", ("Groep 8",)),
    ("Laatste schooldag: om 12.00 uur vrij", 7, 10, None, None, None, "", ()),
    ("Zomervakantie", 7, 11, None, None, (8, 23), "", ()),
]

ALBUMS = [
    ("Kinderboekenweek", "De kinderboekenmarkt op het schoolplein.", (), 4),
    (
        "Herfstwandeling groep 1 en 2",
        "Op zoek naar kastanjes in het Asserbos.",
        ("Groep 1", "Groep 2"),
        4,
    ),
    ("Sinterklaas", "Sinterklaas en zijn pieten op De Borg.", (), 4),
    ("Schoolvoetbal groep 8", "Kampioen van Assen!", ("Groep 8",), 3),
]

DOCUMENTS = [
    ("Schoolgids 2026-2027", "schoolgids-2026-2027.pdf", "Alles over De Borg in één gids.", ()),
    (
        "Vakantierooster",
        "vakantierooster.pdf",
        "De vakanties en studiedagen van dit schooljaar.",
        (),
    ),
    (
        "Toestemmingsformulier schoolreis",
        "toestemming-schoolreis.pdf",
        "Graag ingevuld meegeven.",
        ("Groep 5",),
    ),
]


def minimal_pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF written by hand (with a correct cross-reference table)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content_lines = [f"BT /F1 20 Tf 72 770 Td ({escape(title)}) Tj ET"]
    y = 730
    for line in lines:
        content_lines.append(f"BT /F1 12 Tf 72 {y} Td ({escape(line)}) Tj ET")
        y -= 18
    stream = zlib.compress("\n".join(content_lines).encode("latin-1", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def drawn_photo(rng: random.Random, width: int = 640, height: int = 480) -> bytes:
    """A cheerful generated 'photo': sky, grass, sun, and a few children-like figures."""
    image = Image.new("RGB", (width, height), (120 + rng.randrange(60), 180, 235))
    draw = ImageDraw.Draw(image)
    horizon = int(height * (0.55 + rng.random() * 0.15))
    draw.rectangle((0, horizon, width, height), fill=(70 + rng.randrange(40), 160, 70))
    sun_x = rng.randrange(80, width - 80)
    draw.ellipse((sun_x - 50, 40, sun_x + 50, 140), fill=(255, 215, 60))
    for _ in range(rng.randrange(3, 7)):
        x = rng.randrange(60, width - 60)
        body = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        top = horizon - rng.randrange(80, 140)
        draw.ellipse((x - 22, top - 46, x + 22, top - 2), fill=(240, 200, 170))
        draw.rectangle((x - 28, top, x + 28, top + 90), fill=body)
        draw.rectangle((x - 24, top + 90, x - 6, top + 150), fill=(40, 50, 90))
        draw.rectangle((x + 6, top + 90, x + 24, top + 150), fill=(40, 50, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def seed(services: Services, school: School) -> None:
    s = services
    rng = random.Random(2026)  # noqa: S311 - deterministic demo data
    now = s.clock.now()
    local_now = dutch.local(now, school.timezone)
    year = local_now.year if local_now.month >= 8 else local_now.year - 1
    start = dutch.to_utc(dt.date(year, 9, 1), dt.time(8, 0), school.timezone)
    span = max((now - start).total_seconds(), 3600.0)

    def moment(index: int, total: int) -> dt.datetime:
        return start + dt.timedelta(seconds=span * (index + 1) / (total + 1))

    with s.uow() as uow:
        teachers = {
            g.name: st.email
            for st in uow.staff.list(school.id)
            for g in uow.groups.list(school.id)
            if g.id in st.group_ids
        }
    days = _agenda_days(year)
    # News and messages name their events by the agenda's dates (weekday included).
    dates = {title.split()[0].lower(): dutch.format_date(days[title][0]) for title in days}
    dates |= {key.capitalize(): value.capitalize() for key, value in dates.items()}
    for index, (title, body, groups) in enumerate(NEWS):
        publishing.post_news(
            s.uow(), s.clock, s.links, s.richtext,
            school_id=school.id, title=title, body=body.format_map(dates), group_names=groups,
            notify=False, published_at=moment(index, len(NEWS)),
        )  # fmt: skip
    for index, (title, body, groups, replies) in enumerate(MESSAGES):
        publishing.post_message(
            s.uow(), s.clock, s.links, s.richtext,
            school_id=school.id, title=title, body=body.format_map(dates), group_names=groups,
            allow_replies=replies, author_email=teachers.get("Groep 5") if replies else None,
            notify=False, published_at=moment(index, len(MESSAGES)),
        )  # fmt: skip
    # One spoedbericht, now: it is mailed at once to the guardians of its group. It is about
    # today while the morning lasts, else about the next school day.
    when = urgent_day(local_now)
    publishing.post_message(
        s.uow(), s.clock, s.links, s.richtext,
        school_id=school.id,
        title=f"Groep 3 {when} om 12.00 uur uit",
        body=f"Door ziekte van de leerkracht is groep 3 {when} **om 12.00 uur** uit. "
        "Kunt u uw kind ophalen of opvang regelen? Excuses voor het ongemak.",
        group_names=["Groep 3"], urgent=True,
    )  # fmt: skip
    for title, _month, _day, begin, end, _until, location, groups in AGENDA:
        first, last = days[title]
        publishing.add_agenda_item(
            s.uow(), s.clock, s.links, s.richtext,
            school_id=school.id,
            data=AgendaInput(
                title=title, day=first, start_time=_time(begin), end_time=_time(end),
                end_day=last, location=location,
            ),
            group_names=groups, notify=False,
        )  # fmt: skip
    for index, (title, description, groups, count) in enumerate(ALBUMS):
        album = files.create_album(
            s.uow(), s.clock, school_id=school.id, title=title, description=description,
            group_names=groups, published_at=moment(index, len(ALBUMS)),
        )  # fmt: skip
        for number in range(count):
            files.add_photo(
                s.uow(), s.clock, s.links, s.files, s.images, s.tokens,
                school_id=school.id, album_id=album.id, content=drawn_photo(rng),
                filename=f"foto-{number + 1}.jpg", notify=False,
            )  # fmt: skip
    for index, (title, filename, description, groups) in enumerate(DOCUMENTS):
        pdf = minimal_pdf(title, [school.name, description, f"Schooljaar {year}-{year + 1}"])
        files.add_document(
            s.uow(), s.clock, s.links, s.files, s.tokens,
            school_id=school.id, title=title, filename=filename, content=pdf,
            max_bytes=s.settings.max_upload_bytes, description=description,
            group_names=groups, notify=False, published_at=moment(index, len(DOCUMENTS)),
        )  # fmt: skip


def _agenda_days(year: int) -> dict[str, tuple[dt.date, dt.date | None]]:
    """The first (and for a holiday the last) day of every agenda item of the school year
    that starts in ``year``; a one-day item on a weekend moves to the Friday before."""
    days = {}
    for title, month, day, _begin, _end, until, _location, _groups in AGENDA:
        first = dt.date(year if month >= 8 else year + 1, month, day)
        if until is None and first.weekday() >= 5:  # a school day, not a weekend
            first -= dt.timedelta(days=first.weekday() - 4)
        last = None
        if until is not None:
            last = dt.date(first.year, *until)
            if last < first:
                last = dt.date(first.year + 1, *until)
        days[title] = (first, last)
    return days


def urgent_day(local_now: dt.datetime) -> str:
    """The school day a spoedbericht sent at ``local_now`` is about: "vandaag" on a school
    morning, else "morgen" or the next school day's name ("maandag")."""
    if local_now.weekday() < 5 and local_now.hour < 11:
        return "vandaag"
    day = local_now.date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    if day == local_now.date() + dt.timedelta(days=1):
        return "morgen"
    return dutch.WEEKDAYS[day.weekday()]


def _time(text: str | None) -> dt.time | None:
    if text is None:
        return None
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))
