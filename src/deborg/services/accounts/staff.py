"""What staff do to accounts: read-only accounts and login renames."""

from __future__ import annotations

from deborg.domain import mailtexts
from deborg.domain.errors import (
    InvalidInput,
    LoginNameTaken,
    NotFound,
)
from deborg.domain.mail import MailCategory
from deborg.domain.model import Parent, normalise_login
from deborg.domain.validation import validate_email
from deborg.ports.clock import Clock
from deborg.ports.emails import EmailAddresses
from deborg.ports.links import Links
from deborg.ports.uow import UnitOfWork
from deborg.services.lookups import school_or_not_found
from deborg.services.outbox import queue_mail


def parent_by_login(uow: UnitOfWork, school_id: int, login_name: str) -> Parent:
    parent = uow.parents.get_by_login(normalise_login(login_name))
    if parent is None or parent.school_id != school_id:
        raise NotFound(f"Geen ouder met gebruikersnaam {login_name.strip()} op deze school.")
    return parent


def set_read_only(uow: UnitOfWork, *, school_id: int, login_name: str, read_only: bool) -> Parent:
    with uow:
        parent = parent_by_login(uow, school_id, login_name)
        parent.read_only = read_only
        uow.parents.update(parent)
        uow.commit()
    return parent


def rename_login(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    *,
    emails: EmailAddresses,
    school_id: int,
    old_login: str,
    new_login: str,
) -> Parent:
    """Staff follow a reported change of contact e-mail: the parent now logs in with it.
    Links issued for the old name die; the parent is mailed at the new address and at the
    old ones."""
    new = validate_email(new_login, field="new_login", normalise=emails.normalise)
    with uow:
        parent = parent_by_login(uow, school_id, old_login)
        if new == parent.login_name:
            raise InvalidInput("De nieuwe inlognaam is gelijk aan de huidige.", field="new_login")
        if uow.parents.get_by_login(new) is not None or uow.staff.get_by_login(new) is not None:
            raise LoginNameTaken()
        old_login, old_addresses = parent.login_name, parent.account_mail_addresses
        parent.login_name = new
        parent.contact_email = new
        if parent.pending_contact_email == new:
            parent.pending_contact_email = ""
        parent.security_stamp += 1
        uow.parents.update(parent)
        school = school_or_not_found(uow, school_id)
        # The new address and the old ones: had someone else asked for the rename, the parent
        # still hears of it where they read their mail.
        for address in dict.fromkeys((new, *old_addresses)):
            queue_mail(
                uow,
                clock,
                school_id=school_id,
                to=address,
                subject=mailtexts.LOGIN_RENAMED_SUBJECT,
                text=mailtexts.LOGIN_RENAMED_TEXT.format(
                    school=school.name, login=new, old_login=old_login, portal=links.portal()
                ),
                category=MailCategory.ACCOUNT,
                links=links,
            )
        uow.commit()
    return parent
