"""What each area contributes to the others, listed in one place and passed in by the
composition root (:func:`deborg.bootstrap.bootstrap`), never appended to another module's list.

Home shows the conferences area's invitations; the private calendar feed carries the agenda and
the parent's conference times; the data export is made of every area's section; the weekly
digest re-checks content items through the content area's lookups. A developer embedding the
services gets the same product as the portal by passing :func:`area_contributions`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from deborg.services.absence.export import absences_section
from deborg.services.absence.leave import leave_events
from deborg.services.conferences.export import bookings_section
from deborg.services.conferences.views import booking_events, open_invitations_in
from deborg.services.content.export import replies_section
from deborg.services.content.feed import EventSource, agenda_events
from deborg.services.content.lookups import content_lookups
from deborg.services.devices.export import devices_section
from deborg.services.notifications.digest import ItemLookup
from deborg.services.notifications.export import notifications_section
from deborg.services.overview import HomeInvitations
from deborg.services.privacy.export import (
    ExportSection,
    account_section,
    audit_section,
    children_section,
    contact_of_section,
    privacy_section,
)
from deborg.services.profiles.export import (
    change_reports_section,
    children_data_section,
    contact_section,
)


@attrs.frozen
class AreaContributions:
    #: Shown on Home after the news.
    home_invitations: tuple[HomeInvitations, ...]
    #: The events of a parent's private calendar feed.
    calendar_sources: tuple[EventSource, ...]
    #: The sections of "Mijn gegevens downloaden", in order.
    export_sections: tuple[ExportSection, ...]
    #: How the digest finds the item a line is about, by the line's kind.
    digest_lookups: Mapping[str, ItemLookup]


def area_contributions() -> AreaContributions:
    return AreaContributions(
        home_invitations=(open_invitations_in,),
        calendar_sources=(agenda_events, booking_events, leave_events),
        export_sections=(
            account_section,
            contact_section,
            children_section,
            contact_of_section,
            children_data_section,
            privacy_section,
            notifications_section,
            devices_section,
            bookings_section,
            absences_section,
            replies_section,
            change_reports_section,
            audit_section,
        ),
        digest_lookups=content_lookups(),
    )
