"""The core model: schools, groups, children, parents, guardianships and staff.

Entities are ``attrs.define`` classes with an ``id`` that the repository assigns on ``add``
(``id == 0`` until then). Every entity but the school carries ``school_id``: nothing exists
outside a school, and repositories never answer across schools.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

NEW = 0  # the id of an entity that has not been added to a repository yet


class Weekday(enum.IntEnum):
    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


@attrs.frozen
class SchoolSettings:
    """Per-school choices. De Borg mails its weekly digest on Friday at 16:00 and does not use
    Resultaten."""

    digest_weekday: Weekday = Weekday.FRIDAY
    digest_time: dt.time = dt.time(16, 0)
    uses_results: bool = False
    website_url: str = ""
    #: May a leerkracht post to the whole school (not only to their own groups)?
    teachers_post_school_wide: bool = False


@attrs.define
class School:
    name: str
    code: str
    timezone: str = "Europe/Amsterdam"
    settings: SchoolSettings = attrs.field(factory=SchoolSettings)
    city: str = ""
    id: int = NEW


@attrs.define
class Group:
    school_id: int
    name: str
    year: int | None = None
    description: str = ""
    id: int = NEW
    #: The higher year of a combination group ("Groep 1/2": year 1, last_year 2); None for
    #: a group of one year.
    last_year: int | None = None


@attrs.frozen
class Address:
    street: str = ""
    house_number: str = ""
    house_number_suffix: str = ""
    postcode: str = ""
    city: str = ""


def full_name(roepnaam: str, tussenvoegsel: str, achternaam: str) -> str:
    """'Mila', 'van', 'Dijk' -> 'Mila van Dijk' (empty parts left out)."""
    return " ".join(part for part in (roepnaam, tussenvoegsel, achternaam) if part)


def sort_key(roepnaam: str, tussenvoegsel: str, achternaam: str) -> tuple[str, str, str]:
    """Dutch sorting: by surname without its tussenvoegsel, then first name."""
    return (achternaam.casefold(), roepnaam.casefold(), tussenvoegsel.casefold())


@attrs.define
class Child:
    school_id: int
    group_id: int
    roepnaam: str
    achternaam: str
    tussenvoegsel: str = ""
    voorletters: str = ""
    date_of_birth: dt.date | None = None
    address: Address = attrs.field(factory=Address)
    pupil_number: str | None = None
    archived: bool = False
    id: int = NEW

    @property
    def name(self) -> str:
        return full_name(self.roepnaam, self.tussenvoegsel, self.achternaam)

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return sort_key(self.roepnaam, self.tussenvoegsel, self.achternaam)


class ParentState(enum.StrEnum):
    INVITED = "invited"  # created by staff, possibly invited, not yet activated
    ACTIVE = "active"
    BLOCKED = "blocked"


@attrs.define
class Parent:
    """A parent account. ``login_name`` is an e-mail address, kept lower-case and trimmed."""

    school_id: int
    login_name: str
    roepnaam: str = ""
    achternaam: str = ""
    tussenvoegsel: str = ""
    voorletters: str = ""
    address: Address = attrs.field(factory=Address)
    #: The confirmed contact address: account mail goes here besides the login name.
    contact_email: str = ""
    #: An address the parent asked to use, waiting for its confirmation link to be followed.
    pending_contact_email: str = ""
    password_hash: str | None = None
    #: Set while the password is one the school mailed (activation, "Wachtwoord vergeten"):
    #: it works until then, once, to reach "Kies uw eigen wachtwoord".
    mailed_password_expires_at: dt.datetime | None = None
    #: The last time the password changed; phones paired before it get no portal link.
    password_changed_at: dt.datetime | None = None
    state: ParentState = ParentState.INVITED
    read_only: bool = False
    #: Raised whenever the password or the login name changes; tokens issued under an
    #: older stamp are dead.
    security_stamp: int = 0
    created_at: dt.datetime | None = None
    activated_at: dt.datetime | None = None
    id: int = NEW

    @property
    def name(self) -> str:
        return full_name(self.roepnaam, self.tussenvoegsel, self.achternaam) or self.login_name

    @property
    def is_active(self) -> bool:
        return self.state is ParentState.ACTIVE

    @property
    def must_choose_password(self) -> bool:
        """The password is a mailed one: nothing opens before the parent chose their own."""
        return self.mailed_password_expires_at is not None

    @property
    def account_mail_addresses(self) -> tuple[str, ...]:
        """Where account mail (reset links, notices) goes: the login name and the confirmed
        contact address, never an unconfirmed one."""
        if self.contact_email and self.contact_email != self.login_name:
            return (self.login_name, self.contact_email)
        return (self.login_name,)


@attrs.frozen
class Guardianship:
    school_id: int
    parent_id: int
    child_id: int


@attrs.frozen
class PupilContact:
    """A parent the administration lists for a pupil without custody ("Gezag: nee", a
    grandparent, a childminder): a contact of the pupil, without portal access to that
    pupil (only a :class:`Guardianship` gives access)."""

    school_id: int
    parent_id: int
    child_id: int


class StaffRole(enum.StrEnum):
    """A leerkracht works on their own groups; a beheerder on the whole school and accounts."""

    LEERKRACHT = "leerkracht"
    BEHEERDER = "beheerder"


class StaffState(enum.StrEnum):
    INVITED = "invited"  # added, possibly invited, cannot log in yet
    ACTIVE = "active"
    REMOVED = "removed"  # kept so that what they posted keeps its author; cannot log in


@attrs.define
class StaffMember:
    """A staff member. ``email`` is also the login name of the staff portal, unique in the
    whole deployment and never the login name of a parent."""

    school_id: int
    name: str
    email: str
    group_ids: tuple[int, ...] = ()
    role: StaffRole = StaffRole.LEERKRACHT
    state: StaffState = StaffState.INVITED
    password_hash: str | None = None
    #: Raised whenever the password changes; activation links under an older stamp are dead.
    security_stamp: int = 0
    activated_at: dt.datetime | None = None
    id: int = NEW

    @property
    def is_beheerder(self) -> bool:
        return self.role is StaffRole.BEHEERDER

    @property
    def is_active(self) -> bool:
        return self.state is StaffState.ACTIVE


def normalise_login(login_name: str) -> str:
    """Login names are e-mail addresses, compared case-insensitively and without spaces."""
    return login_name.strip().lower()
