"""Pairing, unpairing, "me" and the link into the portal."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from deborg.domain.devices.model import PairedDevice
from deborg.domain.errors import InvalidInput
from deborg.entrypoints.web.api.base import (
    bp,
    current,
    device_required,
    iso,
    json_body,
    string_field,
)
from deborg.entrypoints.web.security import client_key, services
from deborg.services.devices import pairing
from deborg.services.overview import children_of

PAIRED = "Koppeling geslaagd"


def device_json(device: PairedDevice) -> dict[str, Any]:
    return {
        "id": device.id,
        "name": device.name,
        "paired_at": iso(device.paired_at),
        "last_used_at": iso(device.last_used_at),
    }


@bp.post("/devices")
def pair() -> tuple[Response, int]:
    """Pair with the QR code's token, or with school code, username and password."""
    body = json_body()
    s = services()
    device_name = string_field(body, "device_name")
    if "pairing_token" in body:
        result = pairing.pair_with_token(
            s.uow(),
            s.clock,
            s.tokens,
            pairing_token=string_field(body, "pairing_token"),
            device_name=device_name,
        )
    elif {"school_code", "username", "password"} & body.keys():
        result = pairing.pair_with_password(
            s.uow(),
            s.clock,
            s.hasher,
            s.tokens,
            school_code=string_field(body, "school_code"),
            username=string_field(body, "username"),
            password=string_field(body, "password"),
            device_name=device_name,
            client_key=client_key(),
        )
    else:
        raise InvalidInput(
            "Stuur de code uit de QR-code (pairing_token), of schoolcode, gebruikersnaam en "
            "wachtwoord.",
            "pairing_token",
        )
    return jsonify(
        {
            "device_token": result.device_token,
            "token_type": "Bearer",
            "device": device_json(result.device),
            "parent": {"id": result.parent.id, "name": result.parent.name},
            "message": PAIRED,
        }
    ), 201


@bp.delete("/devices/current")
@device_required
def unpair() -> Response:
    """ "Ontkoppelen": this device's token stops working at once."""
    context = current()
    pairing.unpair(services().uow(), school_id=context.school.id, device_id=context.device.id)
    return jsonify({"message": "Ontkoppeld"})


@bp.get("/me")
@device_required
def me() -> Response:
    context = current()
    parent, school = context.parent, context.school
    with services().uow() as uow:
        children = children_of(uow, school.id, parent.id)
    return jsonify(
        {
            "parent": {
                "id": parent.id,
                "name": parent.name,
                "login_name": parent.login_name,
                "read_only": parent.read_only,
            },
            "school": {"name": school.name, "code": school.code},
            "children": [
                {
                    "id": item.child.id,
                    "name": item.child.name,
                    "group": {"id": item.group.id, "name": item.group.name},
                }
                for item in children
            ],
            "device": device_json(context.device),
        }
    )


@bp.post("/portal-link")
@device_required
def portal_link() -> tuple[Response, int]:
    """ "Naar het ouderportaal": a link that logs this parent in once, within two minutes."""
    context = current()
    s = services()
    link = pairing.issue_portal_link(
        s.uow(), s.clock, s.tokens, school_id=context.school.id, device_id=context.device.id
    )
    return jsonify({"url": s.links.app_login(link.token), "expires_at": iso(link.expires_at)}), 201
