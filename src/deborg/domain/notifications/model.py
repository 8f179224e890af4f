"""What waits for the weekly digest, and how far each school's digest has run."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from deborg.domain.errors import InvalidInput
from deborg.domain.mail import MailCategory
from deborg.domain.model import NEW


@attrs.define
class DigestEntry:
    """One line of a parent's next weekly digest. ``ref_kind``/``ref_id`` name the item it is
    about (e.g. "news", 12), so the digest can leave out what was removed or is no longer
    visible to the parent."""

    school_id: int
    parent_id: int
    category: MailCategory
    title: str
    summary: str
    link: str
    created_at: dt.datetime
    ref_kind: str = ""
    ref_id: int | None = None
    included_at: dt.datetime | None = None
    id: int = NEW


@attrs.define
class DigestState:
    """The scheduled digest moment (UTC) a school's digests were last made for."""

    school_id: int
    last_digest_at: dt.datetime | None = None


class Delivery(enum.StrEnum):
    DIRECT = "direct"
    DIGEST = "digest"
    OFF = "off"


#: The categories a parent chooses for, in the order of the Notificaties tab.
CHOOSABLE: tuple[MailCategory, ...] = (
    MailCategory.TEACHER_MESSAGES,
    MailCategory.CONVERSATIONS,
    MailCategory.REMINDERS,
    MailCategory.NEWS,
    MailCategory.MESSAGES,
    MailCategory.AGENDA,
    MailCategory.ALBUMS,
    MailCategory.DOCUMENTS,
)

#: SPEC §8: conferences at once, the rest in the weekly digest.
DEFAULTS: Mapping[MailCategory, Delivery] = {
    MailCategory.TEACHER_MESSAGES: Delivery.DIRECT,
    MailCategory.CONVERSATIONS: Delivery.DIRECT,
    MailCategory.REMINDERS: Delivery.DIRECT,
    MailCategory.NEWS: Delivery.DIGEST,
    MailCategory.MESSAGES: Delivery.DIGEST,
    MailCategory.AGENDA: Delivery.DIGEST,
    MailCategory.ALBUMS: Delivery.DIGEST,
    MailCategory.DOCUMENTS: Delivery.DIGEST,
}


#: What a parent may choose per category: a reminder for tomorrow in next Friday's weekmail
#: would come too late, so reminders are "direct" or "uit".
OPTIONS: Mapping[MailCategory, tuple[Delivery, ...]] = {
    category: (Delivery.DIRECT, Delivery.OFF)
    if category is MailCategory.REMINDERS
    else (Delivery.DIRECT, Delivery.DIGEST, Delivery.OFF)
    for category in CHOOSABLE
}


@attrs.frozen
class NotificationPreferences:
    school_id: int
    parent_id: int
    choices: Mapping[MailCategory, Delivery] = attrs.field(factory=dict)

    def delivery(self, category: MailCategory) -> Delivery:
        """Account mail and spoedberichten are always sent at once."""
        if not category.can_be_switched_off:
            return Delivery.DIRECT
        return self.choices.get(category, DEFAULTS.get(category, Delivery.DIRECT))

    def all_choices(self) -> dict[MailCategory, Delivery]:
        return {category: self.delivery(category) for category in CHOOSABLE}


def parse_choices(form: Mapping[str, str]) -> dict[MailCategory, Delivery]:
    """The Notificaties form: one field per choosable category, named after it."""
    choices = {}
    for category in CHOOSABLE:
        raw = form.get(category.value, "")
        allowed = OPTIONS[category]
        try:
            choice = Delivery(raw)
        except ValueError:
            choice = None
        if choice not in allowed:
            message = (
                "Kies direct, in de weekmail of uit."
                if len(allowed) == 3
                else "Kies direct of uit."
            )
            raise InvalidInput(message, category.value)
        choices[category] = choice
    return choices


#: The one-click unsubscribe kind of the weekly digest (weekmail): every category it carries.
WEEKMAIL = "weekmail"


def unsubscribe_kind(category: MailCategory) -> str:
    """The kind a mail of ``category`` offers to switch off with one click."""
    return category.value


def unsubscribe_choices(
    preferences: NotificationPreferences, kind: str
) -> dict[MailCategory, Delivery]:
    """What one click on a mail's unsubscribe link sets to "uit": the mail's category, or
    for the weekmail every category that now goes in it. InvalidInput for another kind."""
    if kind == WEEKMAIL:
        return {
            category: Delivery.OFF
            for category, choice in preferences.all_choices().items()
            if choice is Delivery.DIGEST
        }
    for category in CHOOSABLE:
        if unsubscribe_kind(category) == kind:
            return {category: Delivery.OFF}
    raise InvalidInput("Deze afmeldlink is ongeldig.", "kind")
