"""Throttling of guessable actions (login, password reset, app pairing) per account and per
client address, over a sliding window of recorded failures."""

from __future__ import annotations

import datetime as dt
import enum

import attrs


class ThrottledAction(enum.StrEnum):
    LOGIN = "login"
    PASSWORD_RESET = "password_reset"
    #: Every call of the app API, counted per paired device (account_key "device:<id>").
    API_CALL = "api_call"


@attrs.frozen
class Limit:
    per_account: int
    per_client: int
    window: dt.timedelta


LIMITS: dict[ThrottledAction, Limit] = {
    # Ten wrong passwords per account in 15 minutes; a client address gets more because a
    # school's parents may share one (a library, a workplace).
    ThrottledAction.LOGIN: Limit(per_account=10, per_client=50, window=dt.timedelta(minutes=15)),
    ThrottledAction.PASSWORD_RESET: Limit(
        per_account=5, per_client=20, window=dt.timedelta(hours=1)
    ),
    # An album of a few hundred thumbnails opens within the limit; a script hammering the
    # API with a stolen token does not get far. Phones behind one carrier address share it.
    ThrottledAction.API_CALL: Limit(
        per_account=300, per_client=3000, window=dt.timedelta(minutes=1)
    ),
}


@attrs.frozen
class Attempt:
    action: ThrottledAction
    account_key: str
    client_key: str
    at: dt.datetime
