"""Staff's directory work: schools, groups, staff, children, parents and guardianships."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import attrs

from deborg.domain.errors import Conflict, InvalidInput, NotFound
from deborg.domain.model import (
    Address,
    Child,
    Group,
    Guardianship,
    Parent,
    School,
    StaffMember,
    StaffRole,
    normalise_login,
)
from deborg.domain.validation import (
    validate_email,
    validate_house_number,
    validate_house_number_suffix,
    validate_postcode,
    validate_text,
    validate_timezone,
    validate_web_address,
)
from deborg.ports.clock import Clock
from deborg.ports.emails import EmailAddresses
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import school_or_not_found

_SCHOOL_CODE = re.compile(r"^[0-9]{2}[A-Z]{2}[0-9]{2}$")  # BRIN-like, e.g. 99XX00


def create_school(
    uow: UnitOfWork, *, name: str, code: str, timezone: str = "Europe/Amsterdam", city: str = ""
) -> School:
    code = code.strip().upper()
    if not _SCHOOL_CODE.match(code):
        raise InvalidInput("Een schoolcode heeft de vorm 99XX00.", "code")
    name = validate_text(name, field="name", required=True)
    timezone = validate_timezone(timezone)
    with uow:
        if uow.schools.get_by_code(code) is not None:
            raise Conflict(f"Er bestaat al een school met schoolcode {code}.")
        school = uow.schools.add(School(name=name, code=code, timezone=timezone, city=city))
        uow.commit()
    return school


def change_school(
    uow: UnitOfWork,
    *,
    school_id: int,
    name: str | None = None,
    city: str | None = None,
    uses_results: bool | None = None,
    website_url: str | None = None,
    teachers_post_school_wide: bool | None = None,
) -> School:
    """Change a school's name, city or settings; what is not given stays. The portal reads
    the school with every request's session, so the next page shows the change."""
    with uow:
        school = school_or_not_found(uow, school_id)
        if name is not None:
            school.name = validate_text(name, field="name", required=True)
        if city is not None:
            school.city = validate_text(city, field="city")
        settings = school.settings
        if uses_results is not None:
            settings = attrs.evolve(settings, uses_results=uses_results)
        if website_url is not None:
            settings = attrs.evolve(settings, website_url=validate_web_address(website_url))
        if teachers_post_school_wide is not None:
            settings = attrs.evolve(settings, teachers_post_school_wide=teachers_post_school_wide)
        school.settings = settings
        uow.schools.update(school)
        uow.commit()
    return school


def school_by_code(uow: UnitOfWork, code: str) -> School:
    with uow:
        school = uow.schools.get_by_code(code)
    if school is None:
        raise NotFound(f"Geen school met schoolcode {code.strip().upper()}.")
    return school


def add_group(
    uow: UnitOfWork, *, school_id: int, name: str, year: int | None = None, description: str = ""
) -> Group:
    name = validate_text(name, field="name", required=True)
    with uow:
        if uow.groups.get_by_name(school_id, name) is not None:
            raise Conflict(f"De groep {name} bestaat al.")
        group = uow.groups.add(
            Group(school_id=school_id, name=name, year=year, description=description.strip())
        )
        uow.commit()
    return group


def group_by_name(uow: UnitOfWork, school_id: int, name: str) -> Group:
    group = uow.groups.get_by_name(school_id, name)
    if group is None:
        raise NotFound(f"Onbekende groep: {name}.")
    return group


def require_free_login(uow: UnitOfWork, email: str) -> None:
    """A login name is a parent's or a staff member's, never both, in the whole deployment."""
    login = normalise_login(email)
    if uow.staff.get_by_login(login) is not None:
        raise Conflict(f"Er is al een medewerker met e-mailadres {email}.")
    if uow.parents.get_by_login(login) is not None:
        raise Conflict(
            f"Het e-mailadres {email} is al de gebruikersnaam van een ouder. Een medewerker "
            "logt in met een ander e-mailadres (bijvoorbeeld dat van school)."
        )


def add_staff(
    uow: UnitOfWork,
    *,
    emails: EmailAddresses,
    school_id: int,
    name: str,
    email: str,
    group_names: Iterable[str] = (),
    role: StaffRole = StaffRole.LEERKRACHT,
) -> StaffMember:
    """A staff member; their e-mail address is their login name on the school's side of the
    portal, so no other staff member and no parent of any school may have it."""
    email = validate_email(email, normalise=emails.normalise)
    name = validate_text(name, field="name", required=True)
    with uow:
        require_free_login(uow, email)
        group_ids = tuple(group_by_name(uow, school_id, g).id for g in group_names)
        staff = uow.staff.add(
            StaffMember(school_id=school_id, name=name, email=email, group_ids=group_ids, role=role)
        )
        uow.commit()
    return staff


@attrs.frozen
class ChildInput:
    roepnaam: str
    achternaam: str
    group_name: str
    tussenvoegsel: str = ""
    voorletters: str = ""
    date_of_birth: dt.date | None = None
    pupil_number: str | None = None
    address: Address = attrs.field(factory=Address)


def add_child(uow: UnitOfWork, *, school_id: int, data: ChildInput) -> Child:
    roepnaam = validate_text(data.roepnaam, field="roepnaam", required=True)
    achternaam = validate_text(data.achternaam, field="achternaam", required=True)
    address = attrs.evolve(
        data.address,
        postcode=validate_postcode(data.address.postcode),
        house_number=validate_house_number(data.address.house_number),
        house_number_suffix=validate_house_number_suffix(data.address.house_number_suffix),
    )
    with uow:
        group = group_by_name(uow, school_id, data.group_name)
        if data.pupil_number and uow.children.get_by_pupil_number(school_id, data.pupil_number):
            raise Conflict(f"Leerlingnummer {data.pupil_number} bestaat al.")
        child = uow.children.add(
            Child(
                school_id=school_id,
                group_id=group.id,
                roepnaam=roepnaam,
                achternaam=achternaam,
                tussenvoegsel=data.tussenvoegsel.strip(),
                voorletters=data.voorletters.strip(),
                date_of_birth=data.date_of_birth,
                pupil_number=data.pupil_number,
                address=address,
            )
        )
        uow.commit()
    return child


@attrs.frozen
class ParentInput:
    email: str
    roepnaam: str = ""
    achternaam: str = ""
    tussenvoegsel: str = ""
    voorletters: str = ""
    address: Address = attrs.field(factory=Address)


@attrs.frozen
class AddedParent:
    parent: Parent
    created: bool


def add_parent(
    uow: UnitOfWork,
    clock: Clock,
    *,
    emails: EmailAddresses,
    school_id: int,
    data: ParentInput,
    child_ids: Iterable[int] = (),
) -> AddedParent:
    """Add a parent linked to children. An e-mail address the school already knows means the
    same account (the manual's FAQ): the children are linked to it and nothing else changes."""
    email = validate_email(data.email, normalise=emails.normalise)
    with uow:
        parent = uow.parents.get_by_login(normalise_login(email))
        created = parent is None
        if parent is None and uow.staff.get_by_login(email) is not None:
            raise Conflict(
                f"Het e-mailadres {email} is al de gebruikersnaam van een medewerker. Gebruik "
                "een ander e-mailadres."
            )
        if parent is None:
            parent = uow.parents.add(
                Parent(
                    school_id=school_id,
                    login_name=email,
                    contact_email=email,
                    roepnaam=validate_text(data.roepnaam, field="roepnaam"),
                    achternaam=validate_text(data.achternaam, field="achternaam"),
                    tussenvoegsel=data.tussenvoegsel.strip(),
                    voorletters=data.voorletters.strip(),
                    address=data.address,
                    created_at=clock.now(),
                )
            )
        elif parent.school_id != school_id:
            raise Conflict(
                f"Het e-mailadres {email} is al de gebruikersnaam van een ouder op een andere "
                "school. Gebruik een ander e-mailadres."
            )
        for child_id in child_ids:
            if uow.children.get(school_id, child_id) is None:
                raise NotFound(f"Onbekende leerling: {child_id}.")
            uow.guardianships.add(Guardianship(school_id, parent.id, child_id))
        uow.commit()
    return AddedParent(parent=parent, created=created)
