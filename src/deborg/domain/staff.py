"""The school's side of the portal: staff sessions and activation links, and who of the staff
may work on what (SPEC: the staff portal, issue #18).

A leerkracht works on their own groups: they reach an item whose audience lies within their
groups, or that they posted themselves, and they post to their own groups (to the whole school
only when the school allows it). A beheerder works on the whole school and on accounts.
Anything out of reach reads as missing (404), so a guessed id confirms nothing.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs

from deborg.domain.content.model import Audience
from deborg.domain.errors import AccessDenied, InvalidInput, NotFound, TokenInvalid
from deborg.domain.model import NEW, Child, StaffMember

#: Staff sessions end sooner than parents': a classroom laptop is shared.
STAFF_IDLE_TIMEOUT = dt.timedelta(minutes=15)
STAFF_ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)
STAFF_ACTIVATION_LIFETIME = dt.timedelta(days=14)
#: A "Wachtwoord vergeten" link of a staff account lives as long as a parent's.
STAFF_RESET_LIFETIME = dt.timedelta(hours=2)


class StaffTokenPurpose(enum.StrEnum):
    ACTIVATION = "activation"
    PASSWORD_RESET = "password_reset"


@attrs.define
class StaffSession:
    session_hash: str
    school_id: int
    staff_id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime

    def is_alive(
        self,
        now: dt.datetime,
        idle: dt.timedelta = STAFF_IDLE_TIMEOUT,
        absolute: dt.timedelta = STAFF_ABSOLUTE_TIMEOUT,
    ) -> bool:
        return now - self.last_seen_at < idle and now - self.created_at < absolute


@attrs.define
class StaffToken:
    """A single-use link of a staff account, to activate it or to choose a new password
    (only its digest is kept)."""

    school_id: int
    staff_id: int
    token_hash: str
    created_at: dt.datetime
    expires_at: dt.datetime
    security_stamp: int
    used_at: dt.datetime | None = None
    purpose: StaffTokenPurpose = StaffTokenPurpose.ACTIVATION
    id: int = NEW

    def is_usable(self, now: dt.datetime, staff: StaffMember) -> bool:
        return (
            self.used_at is None
            and now < self.expires_at
            and self.security_stamp == staff.security_stamp
            and staff.id == self.staff_id
        )

    def use(self, now: dt.datetime, staff: StaffMember) -> None:
        if not self.is_usable(now, staff):
            raise TokenInvalid()
        self.used_at = now


class OutOfReach(AccessDenied):
    """Something a staff member may not work on; shown as "not found" (404)."""

    code = "not_found"
    message = "Niet gevonden, of niet van uw groepen."


class BeheerderOnly(AccessDenied):
    code = "not_found"
    message = "Deze pagina is alleen voor beheerders."


class GroupNotOwn(InvalidInput):
    code = "group_not_own"

    def __init__(self, name: str) -> None:
        super().__init__(
            f"U kunt alleen plaatsen voor uw eigen groepen; {name} is dat niet.", "groups"
        )


class SchoolWideNotAllowed(InvalidInput):
    code = "school_wide_not_allowed"

    def __init__(self) -> None:
        super().__init__(
            "Kies een of meer van uw groepen. Berichten aan de hele school plaatst de beheerder.",
            "groups",
        )


def reaches(staff: StaffMember, audience: Audience, author_id: int | None = None) -> bool:
    """May this staff member open (and change) an item with this audience and author?"""
    if staff.is_beheerder:
        return True
    if author_id is not None and author_id == staff.id:
        return True
    return bool(audience.group_ids) and audience.group_ids <= set(staff.group_ids)


def require_reach(staff: StaffMember, audience: Audience, author_id: int | None = None) -> None:
    if not reaches(staff, audience, author_id):
        raise OutOfReach()


def reaches_group(staff: StaffMember, group_id: int) -> bool:
    return staff.is_beheerder or group_id in staff.group_ids


def require_group(staff: StaffMember, group_id: int) -> None:
    if not reaches_group(staff, group_id):
        raise OutOfReach()


def require_child(staff: StaffMember, child: Child | None) -> Child:
    """The child, if it is in one of the staff member's groups (any child for a beheerder)."""
    if child is None or not reaches_group(staff, child.group_id):
        raise NotFound("Onbekende leerling.")
    return child


def require_beheerder(staff: StaffMember) -> None:
    if not staff.is_beheerder:
        raise BeheerderOnly()


def check_audience(
    staff: StaffMember,
    audience: Audience,
    group_names: dict[int, str],
    *,
    school_wide_allowed: bool,
) -> None:
    """May this staff member post to this audience? ``group_names`` names the groups in the
    refusal. A beheerder posts anywhere; a leerkracht to their own groups, and to the whole
    school only when the school allows it."""
    if staff.is_beheerder:
        return
    if audience.school_wide:
        if not school_wide_allowed:
            raise SchoolWideNotAllowed()
        return
    for group_id in sorted(audience.group_ids):
        if group_id not in staff.group_ids:
            raise GroupNotOwn(group_names.get(group_id, str(group_id)))


def visible_groups(staff: StaffMember, group_ids: Iterable[int]) -> list[int]:
    """Of these groups, the ones the staff member works on."""
    return [g for g in group_ids if reaches_group(staff, g)]


STAFF_ACTIVATION_SUBJECT = "Uw account voor de schoolkant van het ouderportaal van {school}"
STAFF_ACTIVATION_TEXT = """Beste {name},

Voor u is een account aangemaakt op het ouderportaal van {school}, om als {role} nieuws,
berichten, de agenda en oudergesprekken te beheren.

Uw gebruikersnaam: {login}
Uw wachtwoord: {password}

Activeer uw account via deze link (geldig tot {expires}):
{link}

Daarna logt u in op {portal} met uw gebruikersnaam en wachtwoord; u komt dan op de
schoolkant van het portaal. Na een kwartier zonder activiteit wordt u automatisch uitgelogd.

Met vriendelijke groet,
{school}
"""

STAFF_RESET_SUBJECT = "Nieuw wachtwoord voor de schoolkant van {school}"
STAFF_RESET_TEXT = """Beste {name},

Er is een nieuw wachtwoord aangevraagd voor uw account {login} op de schoolkant van het
ouderportaal van {school}.

Stuur mij een nieuw wachtwoord: via deze link kiest u zelf uw nieuwe wachtwoord (geldig
tot {expires}, één keer te gebruiken):
{link}

Heeft u niets aangevraagd? Dan kunt u deze e-mail negeren; uw huidige wachtwoord blijft
gewoon werken.

Met vriendelijke groet,
{school}
"""

STAFF_PASSWORD_CHANGED_SUBJECT = "Uw wachtwoord is gewijzigd"
STAFF_PASSWORD_CHANGED_TEXT = """Beste {name},

Het wachtwoord van uw account {login} op de schoolkant van het ouderportaal van {school} is
zojuist gewijzigd. Andere ingelogde browsers zijn afgemeld.

Heeft u dit niet zelf gedaan? Vraag dan direct een nieuw wachtwoord aan via
"Wachtwoord vergeten?" op {portal} en meld het bij de beheerder van de school.

Met vriendelijke groet,
{school}
"""

ROLE_LABELS = {"leerkracht": "leerkracht", "beheerder": "beheerder"}


def reaches_planning(staff: StaffMember, group_ids: Iterable[int]) -> bool:
    """A conference planning is a leerkracht's when all its groups are theirs."""
    return reaches(staff, Audience.groups(tuple(group_ids)))
