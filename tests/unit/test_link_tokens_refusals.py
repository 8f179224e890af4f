"""Every single-use link (activation, password reset, QR pairing, portal link) works only for
what it was issued for: used anywhere else it is refused and stays unspent. A link of an
account that was blocked after it was mailed no longer works. Another school's parent is not
there to invite, to pair or to change a password for."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from deborg.bootstrap import Services
from deborg.domain.devices.model import DeviceNotPaired, PairingTokenInvalid
from deborg.domain.errors import AccountNotActive, AlreadyActivated, NotFound, TokenInvalid
from deborg.domain.model import ParentState
from deborg.services import accounts, directory
from deborg.services.devices import pairing
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def last_mail_link(s: Services, path: str) -> str:
    with s.uow() as uow:
        text = max(uow.outbox.list(limit=1000), key=lambda e: e.id).mail.text
    found = re.search(re.escape(s.links.portal().rstrip("/")) + path + r"(\S+)", text)
    assert found, text
    return found.group(1)


def invited_nina(s: Services, w: World) -> tuple[int, str]:
    """A new parent of Bram, invited: her id and the activation token from the mail."""
    nina = directory.add_parent(
        s.uow(),
        s.clock,
        emails=s.emails,
        school_id=w.school.id,
        data=directory.ParentInput("nina@example.nl", "Nina", "Vries"),
        child_ids=(w.bram.id,),
    ).parent
    accounts.invite_parent(
        s.uow(), s.clock, s.tokens, s.hasher, s.links, school_id=w.school.id, parent_id=nina.id
    )
    return nina.id, last_mail_link(s, "/activeren/")


def reset_link(s: Services, w: World) -> str:
    accounts.request_password_reset(
        s.uow(), s.clock, s.tokens, s.links, login_name=w.alice.login_name, client_key="10.0.0.1"
    )
    return last_mail_link(s, "/wachtwoord/")


def issue(s: Services, w: World, kind: str) -> str:
    if kind == "activation":
        return invited_nina(s, w)[1]
    if kind == "reset":
        return reset_link(s, w)
    if kind == "pairing":
        return pairing.issue_pairing_token(
            s.uow(), s.clock, s.tokens, school_id=w.school.id, parent_id=w.alice.id
        ).token
    return portal_link(s, w.school.id, w.alice.id)


def portal_link(s: Services, school_id: int, parent_id: int, *, ask_at: int | None = None) -> str:
    """A portal link asked for by a phone the parent paired just now, from the school
    ``ask_at`` (the phone's own school unless given)."""
    qr = pairing.issue_pairing_token(
        s.uow(), s.clock, s.tokens, school_id=school_id, parent_id=parent_id
    ).token
    paired = pairing.pair_with_token(s.uow(), s.clock, s.tokens, pairing_token=qr, device_name="A")
    return pairing.issue_portal_link(
        s.uow(),
        s.clock,
        s.tokens,
        school_id=school_id if ask_at is None else ask_at,
        device_id=paired.device.id,
    ).token


Use = Callable[[Services, str], object]

#: What each kind of link is for, and every place a link is opened.
USES: dict[str, list[Use]] = {
    "activation": [
        lambda s, t: accounts.check_activation_link(s.uow(), s.clock, token=t),
        lambda s, t: accounts.activate_account(s.uow(), s.clock, token=t),
    ],
    "reset": [
        lambda s, t: accounts.check_reset_link(s.uow(), s.clock, token=t),
        lambda s, t: accounts.confirm_password_reset(
            s.uow(), s.clock, s.tokens, s.hasher, s.links, token=t
        ),
    ],
    "pairing": [
        lambda s, t: pairing.pair_with_token(
            s.uow(), s.clock, s.tokens, pairing_token=t, device_name="Telefoon"
        ),
    ],
    "portal": [
        lambda s, t: pairing.check_portal_link(s.uow(), s.clock, token=t),
        lambda s, t: pairing.use_portal_link(s.uow(), s.clock, s.tokens, token=t),
    ],
}


@pytest.mark.parametrize("kind", sorted(USES))
def test_a_link_is_refused_everywhere_but_where_it_belongs_and_stays_unspent(
    memory_services: Services, world: World, kind: str
) -> None:
    s = memory_services
    token = issue(s, world, kind)
    for other, uses in USES.items():
        if other == kind:
            continue
        for use in uses:
            with pytest.raises((TokenInvalid, PairingTokenInvalid)):
                use(s, token)
    *checks, spend = USES[kind]
    for check in checks:
        check(s, token)
    spend(s, token)  # still unspent: it works where it belongs, once
    with pytest.raises((TokenInvalid, PairingTokenInvalid, AlreadyActivated)):
        spend(s, token)


def block(s: Services, school_id: int, parent_id: int) -> None:
    with s.uow() as uow:
        parent = uow.parents.get(school_id, parent_id)
        assert parent is not None
        parent.state = ParentState.BLOCKED
        uow.parents.update(parent)
        uow.commit()


def state_and_hash(s: Services, school_id: int, parent_id: int) -> tuple[ParentState, str | None]:
    with s.uow() as uow:
        parent = uow.parents.get(school_id, parent_id)
    assert parent is not None
    return parent.state, parent.password_hash


def mails(s: Services) -> int:
    with s.uow() as uow:
        return len(uow.outbox.list(limit=1000))


def test_a_reset_link_of_an_account_blocked_since_is_refused(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    token = reset_link(s, world)
    block(s, world.school.id, world.alice.id)
    before, sent = state_and_hash(s, world.school.id, world.alice.id), mails(s)
    for use in USES["reset"]:
        with pytest.raises(TokenInvalid) as refused:
            use(s, token)
        assert refused.value.message == (
            "Deze link is ongeldig of verlopen. Vraag zo nodig een nieuwe aan."
        )
    assert state_and_hash(s, world.school.id, world.alice.id) == before
    assert mails(s) == sent  # no new password was mailed


def test_an_activation_link_of_an_account_blocked_since_does_not_activate(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    nina_id, token = invited_nina(s, world)
    block(s, world.school.id, nina_id)
    with pytest.raises(AccountNotActive):
        accounts.activate_account(s.uow(), s.clock, token=token)
    assert state_and_hash(s, world.school.id, nina_id)[0] is ParentState.BLOCKED


def test_a_qr_code_of_an_account_blocked_since_pairs_nothing(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    token = issue(s, world, "pairing")
    block(s, world.school.id, world.alice.id)
    with pytest.raises(AccountNotActive):
        USES["pairing"][0](s, token)
    assert pairing.list_devices(s.uow(), school_id=world.school.id, parent_id=world.alice.id) == []


# --- another school's parent ------------------------------------------------------------------


def test_another_schools_parent_cannot_be_invited_from_here(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(NotFound, match=re.escape("Onbekende ouder.")):
        accounts.invite_parent(
            s.uow(),
            s.clock,
            s.tokens,
            s.hasher,
            s.links,
            school_id=world.school.id,
            parent_id=world.erik.id,
        )
    with pytest.raises(NotFound, match=re.escape("Onbekende school.")):
        accounts.invite_parent(
            s.uow(), s.clock, s.tokens, s.hasher, s.links, school_id=9999, parent_id=world.erik.id
        )
    assert mails(s) == 0
    assert state_and_hash(s, world.other_school.id, world.erik.id)[0] is ParentState.ACTIVE


def test_another_schools_parent_gets_no_qr_code_or_portal_link(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    with pytest.raises(NotFound):
        pairing.issue_pairing_token(
            s.uow(), s.clock, s.tokens, school_id=world.school.id, parent_id=world.erik.id
        )
    with pytest.raises(DeviceNotPaired):
        portal_link(s, world.other_school.id, world.erik.id, ask_at=world.school.id)


def test_another_schools_parent_cannot_change_a_password_here(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    before = state_and_hash(s, world.other_school.id, world.erik.id)
    with pytest.raises(NotFound):
        accounts.change_password(
            s.uow(),
            s.clock,
            s.hasher,
            s.common_passwords,
            s.links,
            strength=s.password_strength,
            school_id=world.school.id,
            parent_id=world.erik.id,
            current_password=world.password,
            new_password="Nieuw-geheim-42!",
            new_password_again="Nieuw-geheim-42!",
            keep_session_token=None,
        )
    assert state_and_hash(s, world.other_school.id, world.erik.id) == before


def test_a_device_of_another_school_cannot_unpair_itself_here(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    token = issue(s, world, "pairing")
    device = pairing.pair_with_token(
        s.uow(), s.clock, s.tokens, pairing_token=token, device_name="Telefoon"
    ).device
    for school_id, device_id in ((world.other_school.id, device.id), (world.school.id, 9999)):
        with pytest.raises(DeviceNotPaired):
            pairing.unpair(s.uow(), school_id=school_id, device_id=device_id)
    assert [
        d.id
        for d in pairing.list_devices(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
    ] == [device.id]
