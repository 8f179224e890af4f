"""Pairing, unpairing and the portal link, on the memory adapters."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deborg.adapters.memory import FixedClock
from deborg.bootstrap import Services
from deborg.domain.devices.model import (
    DeviceNotFound,
    DeviceNotPaired,
    PairingTokenInvalid,
    WrongSchoolCode,
    validate_device_name,
)
from deborg.domain.errors import InvalidCredentials, InvalidInput, TokenInvalid, TooManyAttempts
from deborg.domain.model import ParentState
from deborg.services import accounts
from deborg.services.devices import pairing
from tests.world import World, build_world


@pytest.fixture
def world(memory_services: Services) -> World:
    return build_world(memory_services)


def _qr(services: Services, parent_id: int, school_id: int) -> str:
    return pairing.issue_pairing_token(
        services.uow(), services.clock, services.tokens, school_id=school_id, parent_id=parent_id
    ).token


def _pair_by_qr(services: Services, world: World, name: str = "iPhone van Alice") -> str:
    token = _qr(services, world.alice.id, world.school.id)
    return pairing.pair_with_token(
        services.uow(), services.clock, services.tokens, pairing_token=token, device_name=name
    ).device_token


def _portal_link(services: Services, world: World) -> pairing.OneTimeLink:
    """A portal link asked for by a phone of Alice's paired just now."""
    device_token = _pair_by_qr(services, world)
    device = pairing.resolve_device(
        services.uow(), services.clock, device_token=device_token
    ).device
    return pairing.issue_portal_link(
        services.uow(),
        services.clock,
        services.tokens,
        school_id=world.school.id,
        device_id=device.id,
    )


def _pair_by_password(
    services: Services, world: World, *, code: str = "99XX00", login: str = "", password: str = ""
) -> pairing.Pairing:
    return pairing.pair_with_password(
        services.uow(),
        services.clock,
        services.hasher,
        services.tokens,
        school_code=code,
        username=login or world.alice.login_name,
        password=password or world.password,
        device_name="Telefoon",
        client_key="203.0.113.7",
    )


def test_a_qr_token_pairs_a_device_that_then_resolves_to_its_parent(
    memory_services: Services, world: World
) -> None:
    device_token = _pair_by_qr(memory_services, world)
    context = pairing.resolve_device(
        memory_services.uow(), memory_services.clock, device_token=device_token
    )
    assert context.parent.id == world.alice.id
    assert context.device.name == "iPhone van Alice"
    listed = pairing.list_devices(
        memory_services.uow(), school_id=world.school.id, parent_id=world.alice.id
    )
    assert [d.name for d in listed] == ["iPhone van Alice"]


def test_only_a_hash_of_the_device_token_is_stored(memory_services: Services, world: World) -> None:
    device_token = _pair_by_qr(memory_services, world)
    with memory_services.uow() as uow:
        (device,) = uow.devices.list_for_parent(world.school.id, world.alice.id)
    assert device.token_hash != device_token
    assert device_token not in repr(uow.database.tables)  # type: ignore[attr-defined]


def test_a_qr_token_works_once(memory_services: Services, world: World) -> None:
    token = _qr(memory_services, world.alice.id, world.school.id)
    s = memory_services
    pairing.pair_with_token(s.uow(), s.clock, s.tokens, pairing_token=token, device_name="A")
    with pytest.raises(PairingTokenInvalid):
        pairing.pair_with_token(s.uow(), s.clock, s.tokens, pairing_token=token, device_name="B")


def test_a_qr_token_expires_after_ten_minutes(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    token = _qr(memory_services, world.alice.id, world.school.id)
    clock.advance(dt.timedelta(minutes=10))
    s = memory_services
    with pytest.raises(PairingTokenInvalid):
        pairing.pair_with_token(s.uow(), s.clock, s.tokens, pairing_token=token, device_name="A")


def test_other_kinds_of_tokens_do_not_pair(memory_services: Services, world: World) -> None:
    s = memory_services
    link = _portal_link(s, world)
    with pytest.raises(PairingTokenInvalid):
        pairing.pair_with_token(
            s.uow(), s.clock, s.tokens, pairing_token=link.token, device_name="A"
        )


def test_password_pairing_needs_the_right_school_code_and_password(
    memory_services: Services, world: World
) -> None:
    with pytest.raises(WrongSchoolCode):
        _pair_by_password(memory_services, world, code="00ZZ00")
    with pytest.raises(WrongSchoolCode):
        _pair_by_password(memory_services, world, code="98YY11")
    with pytest.raises(InvalidCredentials):  # not "unknown school code": no enumeration
        _pair_by_password(memory_services, world, code="00ZZ00", password="Verkeerd-1!")
    with pytest.raises(InvalidCredentials):
        _pair_by_password(memory_services, world, password="Verkeerd-1!")
    with pytest.raises(InvalidCredentials):
        _pair_by_password(memory_services, world, login="niemand@example.nl")
    result = _pair_by_password(memory_services, world, code=" 99xx00 ")
    assert result.parent.id == world.alice.id


def test_a_read_only_account_may_pair(memory_services: Services, world: World) -> None:
    result = _pair_by_password(memory_services, world, login=world.dirk.login_name)
    assert result.parent.read_only


def test_password_pairing_is_throttled_like_login(memory_services: Services, world: World) -> None:
    for _ in range(10):
        with pytest.raises(InvalidCredentials):
            _pair_by_password(memory_services, world, password="Verkeerd-1!")
    with pytest.raises(TooManyAttempts):
        _pair_by_password(memory_services, world)


def test_removing_a_device_kills_its_token_at_once(memory_services: Services, world: World) -> None:
    s = memory_services
    device_token = _pair_by_qr(s, world)
    (device,) = pairing.list_devices(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
    with pytest.raises(DeviceNotFound):  # not carla's to remove
        pairing.remove_device(
            s.uow(), school_id=world.school.id, parent_id=world.carla.id, device_id=device.id
        )
    pairing.remove_device(
        s.uow(), school_id=world.school.id, parent_id=world.alice.id, device_id=device.id
    )
    with pytest.raises(DeviceNotPaired):
        pairing.resolve_device(s.uow(), s.clock, device_token=device_token)


def test_unpairing_from_the_app_kills_its_token(memory_services: Services, world: World) -> None:
    s = memory_services
    device_token = _pair_by_qr(s, world)
    context = pairing.resolve_device(s.uow(), s.clock, device_token=device_token)
    pairing.unpair(s.uow(), school_id=world.school.id, device_id=context.device.id)
    with pytest.raises(DeviceNotPaired):
        pairing.resolve_device(s.uow(), s.clock, device_token=device_token)


def test_a_password_change_keeps_phones_paired(memory_services: Services, world: World) -> None:
    s = memory_services
    device_token = _pair_by_qr(s, world)
    accounts.change_password(
        s.uow(),
        s.clock,
        s.hasher,
        s.common_passwords,
        s.links,
        strength=s.password_strength,
        school_id=world.school.id,
        parent_id=world.alice.id,
        current_password=world.password,
        new_password="Nieuw-wachtw00rd!",
        new_password_again="Nieuw-wachtw00rd!",
        keep_session_token=None,
    )
    assert pairing.resolve_device(s.uow(), s.clock, device_token=device_token).parent.id == (
        world.alice.id
    )


def test_blocking_the_account_makes_its_devices_useless(
    memory_services: Services, world: World
) -> None:
    s = memory_services
    device_token = _pair_by_qr(s, world)
    with s.uow() as uow:
        alice = uow.parents.get(world.school.id, world.alice.id)
        assert alice is not None
        alice.state = ParentState.BLOCKED
        uow.parents.update(alice)
        uow.commit()
    with pytest.raises(DeviceNotPaired):
        pairing.resolve_device(s.uow(), s.clock, device_token=device_token)


def test_unknown_and_empty_device_tokens_are_refused(memory_services: Services) -> None:
    for token in ("", "nonsense"):
        with pytest.raises(DeviceNotPaired):
            pairing.resolve_device(memory_services.uow(), memory_services.clock, device_token=token)


def test_last_used_is_written_at_most_once_a_minute(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    device_token = _pair_by_qr(s, world)
    paired_at = clock.now()
    clock.advance(dt.timedelta(seconds=30))
    assert pairing.resolve_device(
        s.uow(), s.clock, device_token=device_token
    ).device.last_used_at == (paired_at)
    clock.advance(dt.timedelta(seconds=31))
    pairing.resolve_device(s.uow(), s.clock, device_token=device_token)
    (device,) = pairing.list_devices(s.uow(), school_id=world.school.id, parent_id=world.alice.id)
    assert device.last_used_at == clock.now()


def test_the_portal_link_logs_in_once(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    link = _portal_link(s, world)
    assert pairing.check_portal_link(s.uow(), s.clock, token=link.token).id == world.alice.id
    result = pairing.use_portal_link(s.uow(), s.clock, s.tokens, token=link.token)
    assert result.parent.id == world.alice.id
    with pytest.raises(TokenInvalid):
        pairing.use_portal_link(s.uow(), s.clock, s.tokens, token=link.token)


def test_the_portal_link_expires_after_two_minutes(
    memory_services: Services, world: World, clock: FixedClock
) -> None:
    s = memory_services
    link = _portal_link(s, world)
    clock.advance(dt.timedelta(minutes=2))
    with pytest.raises(TokenInvalid):
        pairing.check_portal_link(s.uow(), s.clock, token=link.token)


def _acceptable(name: str) -> bool:
    collapsed = " ".join(name.split())
    return 1 <= len(collapsed) <= 100 and all(ord(c) >= 32 and ord(c) != 127 for c in collapsed)


@given(st.text(max_size=150))
def test_device_names_are_trimmed_printable_and_short(name: str) -> None:
    if not _acceptable(name):
        with pytest.raises(InvalidInput) as refused:
            validate_device_name(name)
        assert refused.value.field == "device_name"
        return
    cleaned = validate_device_name(name)
    assert cleaned == " ".join(name.split())
    assert _acceptable(cleaned)
