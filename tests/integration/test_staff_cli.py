"""``deborg staff`` and the staff portal's use cases on the command line: the same functions
as /school/ (add with a role, invite, list, groups, remove; edit and withdraw news and
messages; answer a reply)."""

from __future__ import annotations

import json
import re

import pytest

from deborg.bootstrap import Services
from deborg.domain.errors import AccountNotActive, InvalidCredentials
from deborg.services.outbox import deliver_outbox
from deborg.services.staff import accounts as staff_accounts
from deborg.services.staff import login
from tests.integration import test_cli_accounts
from tests.staff_world import StaffWorld, build_staff_world
from tests.world import World


@pytest.fixture
def staff_world(sql_services: Services, world: World) -> StaffWorld:
    return build_staff_world(sql_services, world)


def ok(services: Services, *args: str) -> str:
    return test_cli_accounts.ok(services, "--school", "99XX00", *args)


def refused(services: Services, *args: str) -> str:
    return test_cli_accounts.refused(services, "--school", "99XX00", *args)


def log_in(services: Services, email: str, password: str) -> login.StaffLogin | None:
    return login.log_in_staff(
        services.uow(),
        services.clock,
        services.hasher,
        services.tokens,
        login_name=email,
        password=password,
        client_key="test",
    )


def test_staff_are_added_with_a_role_invited_listed_and_removed(
    sql_services: Services, world: World
) -> None:
    s = sql_services
    assert "toegevoegd als beheerder." in ok(
        s, "staff", "add", "Wendy", "wendy@deborg.nl", "--role", "beheerder"
    )
    ok(s, "staff", "add", "Meester Cor", "cor@deborg.nl", "--group", "Groep 2")
    assert "al de gebruikersnaam van een ouder" in refused(
        s, "staff", "add", "Alice", world.alice.login_name
    )
    assert "Uitnodiging voor cor@deborg.nl klaargezet." in ok(s, "staff", "invite", "cor@deborg.nl")
    deliver_outbox(s.uow(), s.mailer, s.clock)
    [mail] = [m for m in s.mailer.sent if m.to == "cor@deborg.nl"]  # type: ignore[attr-defined]
    password = re.search(r"Uw wachtwoord: (\S+)", mail.text).group(1)  # type: ignore[union-attr]
    # Not active before the activation link is opened.
    with pytest.raises(AccountNotActive):
        log_in(s, "cor@deborg.nl", password)

    rows = {r["email"]: r for r in json.loads(ok(s, "staff", "list", "--json"))}
    assert rows["cor@deborg.nl"]["role"] == "leerkracht"
    assert rows["cor@deborg.nl"]["groups"] == ["Groep 2"]
    assert rows["wendy@deborg.nl"]["role"] == "beheerder"
    assert "cor@deborg.nl: Groep 1, Groep 2" in ok(
        s, "staff", "groups", "cor@deborg.nl", "--set", "Groep 1", "--set", "Groep 2"
    )
    assert "Medewerker Meester Cor <cor@deborg.nl> verwijderd." in ok(
        s, "staff", "remove", "cor@deborg.nl"
    )
    assert "cor@deborg.nl" not in ok(s, "staff", "list")
    with pytest.raises(InvalidCredentials):
        log_in(s, "cor@deborg.nl", password)


def test_removing_a_staff_member_ends_their_sessions(
    sql_services: Services, world: World, staff_world: StaffWorld
) -> None:
    s = sql_services
    signed_in = log_in(s, "bas@deborg.nl", world.password)
    assert signed_in is not None
    assert login.resolve_staff_session(s.uow(), s.clock, session_token=signed_in.session_token)
    ok(s, "staff", "remove", "bas@deborg.nl")
    assert (
        login.resolve_staff_session(s.uow(), s.clock, session_token=signed_in.session_token) is None
    )


def test_news_and_messages_are_edited_withdrawn_and_replies_answered(
    sql_services: Services, world: World, staff_world: StaffWorld
) -> None:
    s = sql_services
    news_id = staff_world.group2_news.id
    assert "bijgewerkt: Kinderboerderij" in ok(
        s, "news", "edit", str(news_id), "--title", "Kinderboerderij", "--body", "**Leuk**"
    )
    with s.uow() as uow:
        item = uow.news.get(world.school.id, news_id)
    assert item is not None
    assert item.body.html.strip() == "<p><strong>Leuk</strong></p>"
    assert item.body.editable == "**Leuk**"
    ok(s, "news", "withdraw", str(news_id))
    assert refused(s, "news", "withdraw", str(news_id)) == (
        f"Fout: Geen nieuwsbericht met id {news_id}."
    )

    message_id, reply_id = staff_world.group1_message.id, staff_world.alice_reply.id
    ok(s, "message", "answer", str(reply_id), "Top, dank u!", "--as", "anja@deborg.nl")
    [reply] = json.loads(ok(s, "message", "replies", str(message_id), "--json"))
    assert reply["answer"] == "Top, dank u!"
    assert refused(s, "message", "answer", str(reply_id), "  ") == "Fout: Vul uw antwoord in."
    ok(s, "message", "edit", str(message_id), "--title", "Rijden", "--no-replies")
    assert "Rijden" in ok(s, "message", "list")
    ok(s, "message", "withdraw", str(message_id))
    with s.uow() as uow:
        assert uow.messages.get(world.school.id, message_id) is None
        assert uow.replies.get(world.school.id, reply_id) is None


def test_a_parent_login_is_not_renamed_to_a_staff_members_address(
    sql_services: Services, world: World, staff_world: StaffWorld
) -> None:
    s = sql_services
    assert refused(s, "parent", "rename-login", world.alice.login_name, "bas@deborg.nl") == (
        "Fout: Er bestaat al een account met deze gebruikersnaam."
    )
    assert "al de gebruikersnaam van een medewerker" in refused(
        s, "parent", "add", "wendy@deborg.nl", "--child", str(world.anna.id)
    )


def test_a_forgotten_password_means_inviting_an_active_teacher_again_on_purpose(
    sql_services: Services, world: World, staff_world: StaffWorld
) -> None:
    s = sql_services
    before = log_in(s, "bas@deborg.nl", world.password)
    assert before is not None
    assert "reeds geactiveerd" in refused(s, "staff", "invite", "bas@deborg.nl")
    ok(s, "staff", "invite", "bas@deborg.nl", "--again")
    assert login.resolve_staff_session(s.uow(), s.clock, session_token=before.session_token) is None
    with pytest.raises(InvalidCredentials):
        log_in(s, "bas@deborg.nl", world.password)
    deliver_outbox(s.uow(), s.mailer, s.clock)
    [mail] = [m for m in s.mailer.sent if m.to == "bas@deborg.nl"]  # type: ignore[attr-defined]
    password = re.search(r"Uw wachtwoord: (\S+)", mail.text).group(1)  # type: ignore[union-attr]
    token = re.search(r"/school/activeren/(\S+)", mail.text).group(1)  # type: ignore[union-attr]
    with pytest.raises(AccountNotActive):
        log_in(s, "bas@deborg.nl", password)
    staff_accounts.activate_staff(s.uow(), s.clock, token=token)
    assert log_in(s, "bas@deborg.nl", password) is not None
