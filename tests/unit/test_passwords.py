"""The password policy of the manual plus the common-password refusal (hypothesis)."""

from __future__ import annotations

import string

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from deborg.adapters.memory import CountingTokenSource
from deborg.adapters.system import SecretsTokenSource
from deborg.domain.errors import PasswordTooWeak
from deborg.domain.passwords import (
    COMMON_PASSWORD_RULE,
    MAX_LENGTH,
    SPECIAL_CHARACTERS,
    check_password,
    enforce_password_policy,
    generate_password,
)
from tests.strategies import password_candidates

COMMON = frozenset({"p@ssw0rd", "welkom01", "wachtwoord"})


def rules_that_fail(password: str, common: frozenset[str]) -> list[str]:
    """The policy restated independently of the implementation."""
    failed = []
    if len(password) < 8:
        failed.append("Minimaal 8 tekens lang")
    if not any(c in string.ascii_lowercase for c in password):
        failed.append("Minimaal 1 kleine letter [a-z]")
    if not any(c in string.ascii_uppercase for c in password):
        failed.append("Minimaal 1 hoofdletter [A-Z]")
    if not any(c in string.digits for c in password):
        failed.append("Minimaal 1 cijfer [0-9]")
    if not any(c in "!?@#$%^&[]()" for c in password):
        failed.append("Minimaal 1 speciaal teken uit de rij !?@#$%^&[]()")
    if password.lower() in common:
        failed.append(COMMON_PASSWORD_RULE)
    return failed


@given(password_candidates)
@example("Aa1!aaaa")
@example("Aa1!aaa")
@example("P@SSW0RD")
@example("correct horse Battery staple 1!")
@example("Wïnter wönderland 2026 (thuis)")
def test_a_password_passes_exactly_when_every_rule_holds(password: str) -> None:
    expected = rules_that_fail(password, COMMON)
    results = check_password(password, COMMON)
    assert [r.text for r in results if not r.ok] == expected
    if expected:
        with pytest.raises(PasswordTooWeak) as refused:
            enforce_password_policy(password, COMMON)
        assert refused.value.failed_rules == expected
    else:
        enforce_password_policy(password, COMMON)


def test_the_checklist_lists_the_manuals_five_rules_and_the_common_password_rule() -> None:
    assert [r.text for r in check_password("", COMMON)] == [
        "Minimaal 8 tekens lang",
        "Minimaal 1 kleine letter [a-z]",
        "Minimaal 1 hoofdletter [A-Z]",
        "Minimaal 1 cijfer [0-9]",
        "Minimaal 1 speciaal teken uit de rij !?@#$%^&[]()",
        "Geen veelgebruikt wachtwoord",
    ]


@pytest.mark.parametrize("variant", ["P@ssw0rd", "P@SSW0Rd", "p@SSw0rD"])
def test_a_common_password_is_refused_in_any_case(
    variant: str, common_passwords: frozenset[str]
) -> None:
    """'p@ssw0rd' is on zxcvbn's list; capitalised it meets the five rules, yet is refused."""
    with pytest.raises(PasswordTooWeak) as refused:
        enforce_password_policy(variant, common_passwords)
    assert refused.value.failed_rules == [COMMON_PASSWORD_RULE]


@pytest.mark.parametrize(
    "password",
    [
        "Zomer in Assen 2026!",  # spaces
        "Ééntje-Twee 3 (drie)",  # accents
        "Kat😀Hond 12 #",  # emoji
        "Familie 👨\u200d👩\u200d👧 A1!",  # joined emoji contain a format character
        "Aa1!" + "x" * 200,  # long passphrases are welcome
        "Aa1!" + "y" * (MAX_LENGTH - 4),
    ],
)
def test_any_typeable_character_is_accepted(password: str) -> None:
    enforce_password_policy(password, COMMON)


@pytest.mark.parametrize(
    "password", ["Aa1!bbbb\tc", "Aa1!bbbb\nc", "Aa1!bbbb\x00", "Aa1!b\u2028bb"]
)
def test_control_characters_and_line_breaks_are_refused(password: str) -> None:
    with pytest.raises(PasswordTooWeak):
        enforce_password_policy(password, COMMON)


def test_an_absurdly_long_password_is_refused_rather_than_truncated() -> None:
    with pytest.raises(PasswordTooWeak):
        enforce_password_policy("Aa1!" + "z" * MAX_LENGTH, COMMON)


@given(st.integers(min_value=0, max_value=2**64 - 1))
def test_a_generated_password_always_meets_the_policy(seed: int) -> None:
    password = generate_password(CountingTokenSource(seed).randbelow)
    assert len(password) == 16
    enforce_password_policy(password, COMMON)


def test_generated_passwords_from_real_randomness_meet_the_policy_and_differ(
    common_passwords: frozenset[str],
) -> None:
    passwords = {generate_password(SecretsTokenSource().randbelow) for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        enforce_password_policy(password, common_passwords)
        assert set(password) <= set(string.ascii_letters + string.digits + SPECIAL_CHARACTERS)
