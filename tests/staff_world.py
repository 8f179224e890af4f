"""The school's side of the small world (tests/world.py), for the staff portal's tests:

juf Anja  (anja@deborg.nl)     leerkracht of Groep 1, active
meester Bas (bas@deborg.nl)    leerkracht of Groep 2, active
Wendy (wendy@deborg.nl)        beheerder of De Borg, active
Olga (olga@esch.nl)            beheerder of De Esch, active
group1_message  a bericht of juf Anja to Groep 1, open for replies; alice replied
group2_news     a news item of meester Bas for Groep 2
group2_message  a bericht of meester Bas to Groep 2, open for replies
cees_change     a change carla (Groep 2) reported about Cees, waiting
alice_thread    alice wrote juf Anja about Anna (Berichten van ouders), with a PDF attached
                (alice_post); unread by juf Anja
anna_leave      alice asked leave for Anna (family event), waiting for the beheerder
group2_photos_album  an album for Groep 2 with two photos; group2_photo is the first
group2_document a PDF for Groep 2
"""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.bootstrap import Services
from deborg.domain.absence.leave import LeaveReason, LeaveRequest
from deborg.domain.absence.threads import Post, PostAttachment, Side, Thread
from deborg.domain.conferences import Planning, PlanningDay
from deborg.domain.content.model import (
    AgendaItem,
    Album,
    Audience,
    Document,
    Message,
    NewsItem,
    Photo,
    Reply,
    RichText,
)
from deborg.domain.model import StaffMember, StaffRole, StaffState
from deborg.domain.profiles.model import ChangeReport, FieldChange, SubjectType
from deborg.ports.uow import UnitOfWork
from tests import images
from tests.world import World

REPLY_PLEASE = "Graag uw reactie."


@attrs.frozen
class StaffWorld:
    anja: StaffMember
    bas: StaffMember
    wendy: StaffMember
    olga: StaffMember
    group1_message: Message
    alice_reply: Reply
    group2_news: NewsItem
    group2_message: Message
    cees_change: ChangeReport
    group2_album: Album
    group1_planning: Planning
    group2_agenda: AgendaItem
    alice_thread: Thread
    alice_post: Post
    anna_leave: LeaveRequest
    group2_photos_album: Album
    group2_photo: Photo
    group2_document: Document


def build_staff_world(services: Services, world: World) -> StaffWorld:
    now = services.clock.now()
    password_hash = services.hasher.hash(world.password)
    active = {"state": StaffState.ACTIVE, "password_hash": password_hash, "activated_at": now}
    with services.uow() as uow:
        anja = uow.staff.get(world.school.id, world.teacher.id)
        assert anja is not None
        anja = attrs.evolve(anja, **active)  # type: ignore[arg-type]
        uow.staff.update(anja)

        def staff(school_id: int, name: str, email: str, **kw: object) -> StaffMember:
            return uow.staff.add(
                StaffMember(school_id=school_id, name=name, email=email, **active, **kw)  # type: ignore[arg-type]
            )

        bas = staff(world.school.id, "Meester Bas", "bas@deborg.nl", group_ids=(world.group2.id,))
        wendy = staff(
            world.school.id, "Wendy de Beheerder", "wendy@deborg.nl", role=StaffRole.BEHEERDER
        )
        olga = staff(world.other_school.id, "Olga", "olga@esch.nl", role=StaffRole.BEHEERDER)

        def message(author: StaffMember, group_id: int, title: str) -> Message:
            return uow.messages.add(
                Message(
                    school_id=world.school.id,
                    title=title,
                    body=RichText(
                        "<p>Graag uw reactie.</p>", "Graag uw reactie.", "Graag uw reactie."
                    ),
                    audience=Audience.groups({group_id}),
                    published_at=now - dt.timedelta(hours=1),
                    allow_replies=True,
                    author_id=author.id,
                )
            )

        group1_message = message(anja, world.group1.id, "Wie rijdt mee naar het bos?")
        alice_reply = uow.replies.add(
            Reply(
                school_id=world.school.id,
                message_id=group1_message.id,
                parent_id=world.alice.id,
                text="Ik kan rijden, vier plekken.",
                created_at=now - dt.timedelta(minutes=30),
            )
        )
        group2_message = message(bas, world.group2.id, "Gymkleding mee")
        group2_news = uow.news.add(
            NewsItem(
                school_id=world.school.id,
                title="Groep 2 bezoekt de kinderboerderij",
                body=RichText("<p>Wat een dag!</p>", "Wat een dag!", "Wat een dag!"),
                audience=Audience.groups({world.group2.id}),
                published_at=now - dt.timedelta(hours=2),
                author_id=bas.id,
            )
        )
        cees_change = uow.change_reports.add(
            ChangeReport(
                school_id=world.school.id,
                subject_type=SubjectType.CHILD,
                subject_id=world.cees.id,
                subject_name=world.cees.name,
                reported_by=world.carla.id,
                reporter_name=world.carla.name,
                changes=(FieldChange("street", "Straat", "Oud", "Nieuwstraat"),),
                reported_at=now - dt.timedelta(days=1),
            )
        )
        group2_album = uow.albums.add(
            Album(
                school_id=world.school.id,
                title="Herfstwandeling",
                description="",
                audience=Audience.groups({world.group2.id}),
                published_at=now,
            )
        )
        group1_planning = uow.plannings.add(
            Planning(
                school_id=world.school.id,
                title="Rapportgesprekken Groep 1",
                group_ids=(world.group1.id,),
                days=(PlanningDay(dt.date(2026, 12, 10), dt.time(15, 0), dt.time(16, 0)),),
                slot_minutes=10,
                timezone=world.school.timezone,
                created_at=now,
            )
        )
        group2_agenda = uow.agenda.add(
            AgendaItem(
                school_id=world.school.id,
                title="Gymles buiten",
                description=RichText(),
                audience=Audience.groups({world.group2.id}),
                starts_at=now + dt.timedelta(days=7),
                ends_at=now + dt.timedelta(days=7, hours=1),
                published_at=now,
            )
        )
        alice_thread = uow.threads.add(
            Thread(
                school_id=world.school.id,
                child_id=world.anna.id,
                staff_id=anja.id,
                started_by=world.alice.id,
                subject="Zwemles dinsdag",
                started_at=now - dt.timedelta(minutes=20),
                last_post_at=now - dt.timedelta(minutes=20),
            )
        )
        attachment = PostAttachment(
            "conversations/test/zwembrief.pdf", "zwembrief.pdf", "application/pdf", 9
        )
        services.files.put(attachment.file_key, b"%PDF-1.4\n")
        alice_post = uow.thread_posts.add(
            Post(
                school_id=world.school.id,
                thread_id=alice_thread.id,
                side=Side.PARENT,
                author_id=world.alice.id,
                text="Anna mag dinsdag niet zwemmen, zie de brief van de huisarts.",
                posted_at=now - dt.timedelta(minutes=20),
                attachment=attachment,
            )
        )
        anna_leave = uow.leave_requests.add(
            LeaveRequest(
                school_id=world.school.id,
                child_id=world.anna.id,
                requested_by=world.alice.id,
                reason=LeaveReason.FAMILY,
                first_day=dt.date(2027, 3, 4),
                last_day=dt.date(2027, 3, 5),
                requested_at=now,
                note="Bruiloft van haar oom in Groningen.",
            )
        )
        group2_photos_album, group2_photo, group2_document = _group2_files(
            services, uow, world, now
        )
        uow.commit()
    return StaffWorld(
        anja=anja,
        bas=bas,
        wendy=wendy,
        olga=olga,
        group1_message=group1_message,
        alice_reply=alice_reply,
        group2_news=group2_news,
        group2_message=group2_message,
        cees_change=cees_change,
        group2_album=group2_album,
        group1_planning=group1_planning,
        group2_agenda=group2_agenda,
        alice_thread=alice_thread,
        alice_post=alice_post,
        anna_leave=anna_leave,
        group2_photos_album=group2_photos_album,
        group2_photo=group2_photo,
        group2_document=group2_document,
    )


def _group2_files(
    services: Services, uow: UnitOfWork, world: World, now: dt.datetime
) -> tuple[Album, Photo, Document]:
    """An album of two photos and a document for Groep 2, their files in the store."""
    album = uow.albums.add(
        Album(
            school_id=world.school.id,
            title="Sinterklaas",
            description="",
            audience=Audience.groups({world.group2.id}),
            published_at=now,
        )
    )
    photos = []
    for n in (1, 2):
        key = f"albums/{world.school.id}/{album.id}/sint{n}"
        for stored in (f"{key}.png", f"{key}-klein.png"):
            services.files.put(stored, images.png())
        photos.append(
            uow.album_photos.add(
                Photo(
                    school_id=world.school.id,
                    album_id=album.id,
                    file_key=f"{key}.png",
                    thumbnail_key=f"{key}-klein.png",
                    content_type="image/png",
                    width=30,
                    height=30,
                    added_at=now,
                )
            )
        )
    album.photo_count, album.cover_photo_id = 2, photos[0].id
    uow.albums.update(album)
    services.files.put(f"documents/{world.school.id}/gymrooster.pdf", b"%PDF-1.4\n%%EOF\n")
    document = uow.documents.add(
        Document(
            school_id=world.school.id,
            title="Gymrooster",
            description="",
            audience=Audience.groups({world.group2.id}),
            filename="gymrooster.pdf",
            content_type="application/pdf",
            size=14,
            file_key=f"documents/{world.school.id}/gymrooster.pdf",
            published_at=now,
        )
    )
    return album, photos[0], document
