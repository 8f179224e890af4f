"""Parent accounts (SPEC §3): invitation and activation, login and sessions, forgotten and
changed passwords, read-only accounts and login renames."""

from deborg.services.accounts.invitations import (
    InvitationTargets,
    activate_account,
    check_activation_link,
    invite_parent,
    parents_to_invite,
)
from deborg.services.accounts.login import (
    TOUCH_INTERVAL,
    ActiveSession,
    LoginResult,
    authenticate,
    end_all_sessions,
    end_session,
    list_sessions,
    log_in,
    log_out,
    resolve_session,
    resolve_signed_in,
    start_session,
)
from deborg.services.accounts.passwords import (
    change_password,
    check_reset_link,
    choose_password,
    confirm_password_reset,
    password_checklist,
    request_password_reset,
)
from deborg.services.accounts.staff import parent_by_login, rename_login, set_read_only

__all__ = [
    "TOUCH_INTERVAL",
    "ActiveSession",
    "InvitationTargets",
    "LoginResult",
    "activate_account",
    "authenticate",
    "change_password",
    "check_activation_link",
    "check_reset_link",
    "choose_password",
    "confirm_password_reset",
    "end_all_sessions",
    "end_session",
    "invite_parent",
    "list_sessions",
    "log_in",
    "log_out",
    "parent_by_login",
    "parents_to_invite",
    "password_checklist",
    "rename_login",
    "request_password_reset",
    "resolve_session",
    "resolve_signed_in",
    "set_read_only",
    "start_session",
]
