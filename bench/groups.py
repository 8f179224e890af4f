"""Privacy choices, phone numbers and photos at a scale, for the statement counts of the group
page: in the first group (the one the Groep page shows) every other pupil shares a photo with
the group, and every other parent a phone number and a photo. Photo rows only, no files."""

from __future__ import annotations

from bench.seed import SeededSchool
from deborg.bootstrap import Services
from deborg.domain.privacy import Audience, Field, SubjectKind
from deborg.domain.profiles.model import (
    ParentContact,
    Phone,
    PhoneLabel,
    ProfilePhoto,
    SubjectType,
)


def extend(services: Services, seeded: SeededSchool, factor: int) -> None:
    school_id = seeded.school.id
    now = services.clock.now()

    def photo(subject_type: SubjectType, subject_id: int, by: int) -> ProfilePhoto:
        key = f"photos/{school_id}/{subject_type.value}-{subject_id}"
        return ProfilePhoto(
            school_id=school_id,
            subject_type=subject_type,
            subject_id=subject_id,
            key=f"{key}.jpg",
            thumbnail_key=f"{key}-klein.jpg",
            content_type="image/jpeg",
            uploaded_at=now,
            uploaded_by=by,
        )

    with services.uow() as uow:
        pupils = uow.children.list_for_group(school_id, seeded.group_ids[0])
        guardians = uow.guardianships.parents_of(school_id, [c.id for c in pupils])
        parent_ids = sorted({p for ids in guardians.values() for p in ids})
        for child in pupils[::2]:
            settings = uow.privacy.get(school_id, SubjectKind.CHILD, child.id)
            uow.privacy.save(settings.with_choices({Field.PHOTO: Audience.GROUP}))
            uow.photos.save(photo(SubjectType.CHILD, child.id, guardians[child.id][0]))
        for parent_id in parent_ids[::2]:
            settings = uow.privacy.get(school_id, SubjectKind.PARENT, parent_id)
            uow.privacy.save(
                settings.with_choices({Field.PHONE: Audience.GROUP, Field.PHOTO: Audience.GROUP})
            )
            uow.parent_contacts.save(
                ParentContact(
                    school_id, parent_id, phones=(Phone(PhoneLabel.MOBILE, f"06 {parent_id:08d}"),)
                )
            )
            uow.photos.save(photo(SubjectType.PARENT, parent_id, parent_id))
        uow.commit()
