"""E-mail addresses are checked by the maintained email-validator library behind the
EmailAddresses port, offline, wherever a parent or staff member types one."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from deborg.adapters.email_addresses import EmailValidatorAddresses
from deborg.bootstrap import Services
from deborg.domain.errors import InvalidInput, ValidationFailed
from deborg.entrypoints.cli.context import CliContext
from deborg.entrypoints.cli.main import cli
from deborg.services import directory
from deborg.services.profiles import personal

REFUSED = [
    "a$(id)@example.nl",  # the shell injection of the review: parentheses are no address
    "jan@@example.nl",
    "jan@example",
    "jan@localhost",
    "jan@school.test",  # a reserved name
    "jan..piet@example.nl",
    ".jan@example.nl",
    "jan@-example.nl",
    "jan @example.nl",
    "a" * 65 + "@example.nl",  # the part before the @ is 64 characters at most
    "jan\u202e@example.nl",
]
ACCEPTED = {
    " Alice@Example.NL ": "alice@example.nl",
    "o'brien+school@ouders.example.nl": "o'brien+school@ouders.example.nl",
    "juf.anna@kcdeborg.nl": "juf.anna@kcdeborg.nl",
}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an e-mail check must not look anything up")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)


@pytest.mark.parametrize("address", REFUSED)
def test_a_malformed_address_is_refused_by_the_library(no_network: None, address: str) -> None:
    assert EmailValidatorAddresses().normalise(address) is None


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED.items())
def test_a_real_address_is_kept_in_lower_case(no_network: None, typed: str, stored: str) -> None:
    assert EmailValidatorAddresses().normalise(typed) == stored


def test_the_contact_form_refuses_shell_syntax_in_dutch(memory_services: Services) -> None:
    s = memory_services
    with pytest.raises(ValidationFailed) as refused:
        personal.validate_contact(
            s.phones,
            s.emails,
            personal.ContactData("a$(id)@example.nl", extra_emails=("b`id`(x)@example.nl",)),
        )
    assert refused.value.errors == {
        "contact_email": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
        "extra_email-0": "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.",
    }


def test_staff_cannot_add_a_parent_with_a_malformed_address(memory_services: Services) -> None:
    s = memory_services
    school = directory.create_school(s.uow(), name="Kindcentrum De Borg", code="99XX00")
    with pytest.raises(InvalidInput):
        directory.add_parent(
            s.uow(),
            s.clock,
            emails=s.emails,
            school_id=school.id,
            data=directory.ParentInput(email="jan@school.test", roepnaam="Jan"),
        )
    result = CliRunner().invoke(
        cli,
        ["staff", "add", "Meester Bas", "a$(id)@example.nl"],
        obj=CliContext(services_factory=lambda: s),
    )
    assert result.exit_code == 1
    assert "Vul een geldig e-mailadres in" in result.output
