"""Staff look after their own password (issue #18): change it on /school/ (the current one is
asked again; the same policy and strength check as a parent's; every other session of theirs
ends) and "Wachtwoord vergeten" from the shared login page: a single-use link by mail,
throttled like a parent's request, and the page answers a staff name exactly as it answers a
parent's, whether the account can use the link or not."""

from __future__ import annotations

from deborg.domain.dutch import format_moment
from deborg.domain.errors import PasswordsDoNotMatch, TokenInvalid, WrongCurrentPassword
from deborg.domain.mail import MailCategory
from deborg.domain.model import School, StaffMember, StaffState, normalise_login
from deborg.domain.passwords import (
    STRENGTH_RULE,
    RuleResult,
    StrengthEstimate,
    check_password,
    enforce_password_policy,
    personal_words,
)
from deborg.domain.staff import (
    STAFF_PASSWORD_CHANGED_SUBJECT,
    STAFF_PASSWORD_CHANGED_TEXT,
    STAFF_RESET_LIFETIME,
    STAFF_RESET_SUBJECT,
    STAFF_RESET_TEXT,
    StaffToken,
    StaffTokenPurpose,
)
from deborg.domain.throttle import ThrottledAction
from deborg.domain.tokens import TOKEN_BYTES, digest
from deborg.ports.clock import Clock
from deborg.ports.hashing import CommonPasswords, PasswordHasher, PasswordStrength
from deborg.ports.links import Links
from deborg.ports.randomness import TokenSource
from deborg.ports.uow import UnitOfWork
from deborg.services.accounts.common import account_key
from deborg.services.accounts.login import check_throttle, record_attempt
from deborg.services.lookups import school_or_not_found, staff_or_not_found
from deborg.services.outbox import queue_mail
from deborg.services.staff.accounts import token_and_staff


def request_staff_password_reset(
    uow: UnitOfWork,
    clock: Clock,
    tokens: TokenSource,
    links: Links,
    *,
    login_name: str,
    client_key: str,
) -> bool:
    """Step one for a staff login name: ``False`` when the name is not a staff member's (the
    parents' request takes it from there). Throttled per name and per client like a parent's;
    an active account gets the link by mail, an invited or removed one nothing, and the
    answer is the same."""
    login = normalise_login(login_name)
    key = account_key(login)
    with uow:
        staff = uow.staff.get_by_login(login)
        if staff is None:
            return False
        check_throttle(uow, clock, ThrottledAction.PASSWORD_RESET, key, client_key)
        record_attempt(uow, clock, ThrottledAction.PASSWORD_RESET, key, client_key)
        if staff.state is StaffState.ACTIVE:
            school = school_or_not_found(uow, staff.school_id)
            token = tokens.token(TOKEN_BYTES)
            now = clock.now()
            stored = uow.staff_tokens.add(
                StaffToken(
                    school_id=staff.school_id,
                    staff_id=staff.id,
                    token_hash=digest(token),
                    created_at=now,
                    expires_at=now + STAFF_RESET_LIFETIME,
                    security_stamp=staff.security_stamp,
                    purpose=StaffTokenPurpose.PASSWORD_RESET,
                )
            )
            _mail(
                uow,
                clock,
                links,
                staff,
                school,
                STAFF_RESET_SUBJECT.format(school=school.name),
                STAFF_RESET_TEXT.format(
                    name=staff.name,
                    login=staff.email,
                    school=school.name,
                    link=links.staff_password_reset(token),
                    expires=format_moment(stored.expires_at, school.timezone),
                ),
            )
        uow.commit()
    return True


def check_staff_reset_link(uow: UnitOfWork, clock: Clock, *, token: str) -> StaffMember:
    """The staff member a reset link is for, while it can still be used; else TokenInvalid."""
    with uow:
        stored, staff = token_and_staff(uow, token, StaffTokenPurpose.PASSWORD_RESET)
        if staff.state is not StaffState.ACTIVE or not stored.is_usable(clock.now(), staff):
            raise TokenInvalid()
    return staff


def reset_staff_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    links: Links,
    *,
    strength: PasswordStrength,
    token: str,
    new_password: str,
    new_password_again: str,
) -> StaffMember:
    """Step two: the link's page sets the password the staff member chose (a refused one
    leaves the link usable). Whoever held the account is shut out: every session ends, and
    links issued before die."""
    with uow:
        stored, staff = token_and_staff(uow, token, StaffTokenPurpose.PASSWORD_RESET)
        if staff.state is not StaffState.ACTIVE:
            raise TokenInvalid()
        stored.use(clock.now(), staff)
        _set_password(
            uow, clock, hasher, common_passwords, strength, links, staff,
            new_password=new_password, new_password_again=new_password_again, keep=None,
        )  # fmt: skip
        uow.staff_tokens.update(stored)
        uow.commit()
    return staff


def change_staff_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    links: Links,
    *,
    strength: PasswordStrength,
    school_id: int,
    staff_id: int,
    current_password: str,
    new_password: str,
    new_password_again: str,
    keep_session_token: str | None,
) -> None:
    """Wachtwoord wijzigen on the school's side. The current password is throttled like the
    login (a borrowed session cannot guess it); every other session of the staff member
    ends, and a mail says the password changed."""
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        key = account_key(staff.email)
        client = f"staff:{staff.id}"
        check_throttle(uow, clock, ThrottledAction.LOGIN, key, client)
        if staff.password_hash is None or not hasher.verify(staff.password_hash, current_password):
            record_attempt(uow, clock, ThrottledAction.LOGIN, key, client)
            uow.commit()  # the failure counts for the throttle
            raise WrongCurrentPassword()
        keep = digest(keep_session_token) if keep_session_token else None
        _set_password(
            uow, clock, hasher, common_passwords, strength, links, staff,
            new_password=new_password, new_password_again=new_password_again, keep=keep,
        )  # fmt: skip
        uow.commit()


def _set_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    common_passwords: CommonPasswords,
    strength: PasswordStrength,
    links: Links,
    staff: StaffMember,
    *,
    new_password: str,
    new_password_again: str,
    keep: str | None,
) -> None:
    """The staff member's own new password, checked as a parent's is. Every session but
    ``keep`` (a session hash) ends and links issued before die; a mail tells them."""
    if new_password != new_password_again:
        raise PasswordsDoNotMatch()
    school = school_or_not_found(uow, staff.school_id)
    enforce_password_policy(
        new_password, common_passwords, _estimate(strength, staff, school, new_password)
    )
    staff.password_hash = hasher.hash(new_password)
    staff.security_stamp += 1
    uow.staff.update(staff)
    uow.staff_sessions.delete_for_staff(staff.id, except_hash=keep)
    _mail(
        uow,
        clock,
        links,
        staff,
        school,
        STAFF_PASSWORD_CHANGED_SUBJECT,
        STAFF_PASSWORD_CHANGED_TEXT.format(
            name=staff.name, login=staff.email, school=school.name, portal=links.portal()
        ),
    )


def staff_password_checklist(
    uow: UnitOfWork,
    common_passwords: CommonPasswords,
    strength: PasswordStrength,
    *,
    school_id: int,
    staff_id: int,
    password: str,
) -> list[RuleResult]:
    """The checklist of the password forms for what the staff member typed: the same rules
    and estimator as a parent's."""
    if not password:  # nothing typed yet: every rule still to meet
        return [*check_password(password, common_passwords), RuleResult(STRENGTH_RULE, ok=False)]
    with uow:
        staff = staff_or_not_found(uow, school_id, staff_id)
        school = school_or_not_found(uow, school_id)
    return check_password(password, common_passwords, _estimate(strength, staff, school, password))


def _estimate(
    strength: PasswordStrength, staff: StaffMember, school: School, password: str
) -> StrengthEstimate:
    """The estimator's verdict, knowing what anyone at school knows: the staff member's name
    and address and the school's name and town."""
    words = personal_words(staff.name, staff.email, school.name, school.city)
    return strength.estimate(password, words)


def _mail(
    uow: UnitOfWork,
    clock: Clock,
    links: Links,
    staff: StaffMember,
    school: School,
    subject: str,
    text: str,
) -> None:
    queue_mail(
        uow,
        clock,
        school_id=school.id,
        to=staff.email,
        subject=subject,
        text=text,
        category=MailCategory.ACCOUNT,
        links=links,
    )
