"""Changing the contact e-mail address, which receives account mail (reset links among it):
the current password is asked, the new address must be confirmed by a link mailed to it, and
the addresses that receive account mail now are told. Only a confirmed address is used."""

from __future__ import annotations

import attrs

from deborg.domain import mailtexts
from deborg.domain.dutch import format_moment
from deborg.domain.errors import TokenInvalid
from deborg.domain.mail import MailCategory
from deborg.domain.model import Parent, ParentState
from deborg.domain.profiles.model import SubjectType
from deborg.domain.tokens import AccountToken, TokenPurpose
from deborg.ports.clock import Clock
from deborg.ports.hashing import PasswordHasher
from deborg.ports.links import Links
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.accounts.common import mail_account
from deborg.services.accounts.login import verify_current_password
from deborg.services.lookups import school_or_not_found
from deborg.services.outbox import queue_mail
from deborg.services.profiles.changes import Reporter, field_changes, record_and_report
from deborg.services.tokens import issue_token, token_and_parent

PASSWORD_NEEDED = "Vul uw huidige wachtwoord in om uw e-mailadres te wijzigen."


@attrs.frozen
class EmailChange:
    """What a change of the contact e-mail needs besides the form: the typed current
    password, and the ports that check it and mail the confirmation link."""

    current_password: str
    hasher: PasswordHasher
    tokens: TokenSource
    links: Links

    def password_holds(self, uow: UnitOfWork, clock: Clock, parent: Parent) -> bool:
        """Throttled like the login; a wrong password is recorded for the caller's commit."""
        return verify_current_password(uow, clock, self.hasher, parent, self.current_password)


def start_email_change(
    uow: UnitOfWork, clock: Clock, change: EmailChange, parent: Parent, new_email: str
) -> str | None:
    """Inside the caller's unit of work, after the password was checked: the login name
    itself is taken at once (it receives account mail already); any other address waits for
    its confirmation link. The addresses that receive account mail now get a notice. Returns
    the address a confirmation link was mailed to, or None."""
    school = school_or_not_found(uow, parent.school_id)
    links = change.links
    mail_account(
        uow,
        clock,
        links,
        parent,
        subject=mailtexts.EMAIL_CHANGE_NOTICE_SUBJECT,
        text=mailtexts.EMAIL_CHANGE_NOTICE_TEXT.format(
            school=school.name, login=parent.login_name, email=new_email, portal=links.portal()
        ),
    )
    if new_email == parent.login_name:
        parent.contact_email = new_email
        parent.pending_contact_email = ""
        uow.parents.update(parent)
        return None
    parent.pending_contact_email = new_email
    uow.parents.update(parent)
    token, stored = issue_token(
        uow, clock, change.tokens, parent, TokenPurpose.EMAIL_CONFIRMATION, target=new_email
    )
    queue_mail(
        uow,
        clock,
        school_id=parent.school_id,
        to=new_email,
        subject=mailtexts.EMAIL_CONFIRMATION_SUBJECT,
        text=mailtexts.EMAIL_CONFIRMATION_TEXT.format(
            school=school.name,
            login=parent.login_name,
            email=new_email,
            link=links.email_confirmation(token),
            expires=format_moment(stored.expires_at, school.timezone),
        ),
        category=MailCategory.ACCOUNT,
        links=links,
    )
    return new_email


def _confirmable(uow: UnitOfWork, clock: Clock, token: str) -> tuple[AccountToken, Parent]:
    stored, parent = token_and_parent(uow, token, TokenPurpose.EMAIL_CONFIRMATION)
    if (
        parent.state is ParentState.BLOCKED
        or not stored.is_usable(clock.now(), parent)
        or not stored.target
        or stored.target != parent.pending_contact_email
    ):
        # A link for an address asked for before another one, or already used, is dead.
        raise TokenInvalid()
    return stored, parent


def check_email_confirmation(uow: UnitOfWork, clock: Clock, *, token: str) -> str:
    """The address a confirmation link would confirm, without confirming it."""
    with uow:
        stored, _ = _confirmable(uow, clock, token)
    return stored.target


def confirm_email(uow: UnitOfWork, clock: Clock, *, token: str) -> Parent:
    """The link in the confirmation mail: the address becomes the contact address, and the
    change is reported to staff (who then rename the login, ``deborg parent rename-login``)."""
    with uow:
        stored, parent = _confirmable(uow, clock, token)
        stored.use(clock.now(), parent)
        uow.tokens.update(stored)
        old, address = parent.contact_email, stored.target
        parent.contact_email = address
        parent.pending_contact_email = ""
        uow.parents.update(parent)
        record_and_report(
            uow,
            clock,
            school_id=parent.school_id,
            reporter=Reporter(parent.id, parent.name),
            subject_type=SubjectType.PARENT,
            subject_id=parent.id,
            subject_name=parent.name,
            changes=field_changes({"contact_email": old}, {"contact_email": address}),
        )
        uow.commit()
    return parent
