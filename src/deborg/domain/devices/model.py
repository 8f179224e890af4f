"""Paired phones: the entity, the values the use cases return, and the errors of pairing."""

from __future__ import annotations

import datetime as dt

import attrs

from deborg.domain.errors import DeborgError, InvalidInput, NotFound, TooManyAttempts
from deborg.domain.model import NEW, Parent, School

DEVICE_NAME_MAX = 100

# ---------------------------------------------------------------------------------------------
# Errors


class PairingTokenInvalid(DeborgError):
    code = "pairing_token_invalid"
    message = (
        "Deze QR-code is ongeldig, al gebruikt of verlopen. Vraag in het portaal bij Mijn account "
        "> App een nieuwe QR-code aan."
    )


class TooManyApiCalls(TooManyAttempts):
    code = "too_many_requests"
    message = "Te veel verzoeken van deze app. Probeer het over een minuut opnieuw."
    retry_after_seconds = 60


class WrongSchoolCode(DeborgError):
    code = "wrong_school_code"
    message = (
        "Deze schoolcode hoort niet bij uw account. Controleer de schoolcode op het tabblad App "
        "in het portaal."
    )


class DeviceNotPaired(DeborgError):
    """No device token, or one that is unknown or revoked: the app must pair again."""

    code = "device_not_paired"
    message = "Deze telefoon is niet (meer) gekoppeld. Koppel de app opnieuw via het portaal."


class PairedBeforePasswordChange(DeborgError):
    """The phone was paired before the account's password last changed: it may still show
    news, but it does not open a browser session any more."""

    code = "paired_before_password_change"
    message = (
        "Het wachtwoord van uw account is gewijzigd nadat deze telefoon werd gekoppeld. Koppel "
        "de app opnieuw om vanuit de app naar het ouderportaal te gaan."
    )


class DeviceNotFound(NotFound):
    code = "device_not_found"
    message = "Dit apparaat is niet (meer) aan uw account gekoppeld."


# ---------------------------------------------------------------------------------------------
# The model


@attrs.define
class PairedDevice:
    school_id: int
    parent_id: int
    name: str
    token_hash: str
    paired_at: dt.datetime
    last_used_at: dt.datetime
    id: int = NEW


@attrs.frozen
class Pairing:
    """The answer to a successful pairing: the token the app keeps (shown once, never stored)."""

    device_token: str
    device: PairedDevice
    parent: Parent


@attrs.frozen
class OneTimeLink:
    token: str
    expires_at: dt.datetime


@attrs.frozen
class DeviceContext:
    """Who is calling the API: the device and its parent (active, of a known school)."""

    device: PairedDevice
    parent: Parent
    school: School


def validate_device_name(value: str) -> str:
    name = " ".join(value.split())
    if not name:
        raise InvalidInput("Geef het apparaat een naam.", "device_name")
    if len(name) > DEVICE_NAME_MAX:
        raise InvalidInput(
            f"Een apparaatnaam is hoogstens {DEVICE_NAME_MAX} tekens lang.", "device_name"
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise InvalidInput("De apparaatnaam bevat ongeldige tekens.", "device_name")
    return name
