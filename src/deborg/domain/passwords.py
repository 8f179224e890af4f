"""The password policy of the manual ("Wachtwoord wijzigen") plus a refusal of common passwords.

The five rules say what must be present, not what is allowed: any character a person can
type (letters of every script, spaces, emoji …) is accepted and nothing is truncated. Only
control characters and line breaks are refused: they cannot be typed into a password field
and usually mean a copy-paste accident.
"""

from __future__ import annotations

import datetime as dt
import string
import unicodedata
from collections.abc import Callable, Container, Sequence

import attrs

from deborg.domain.errors import PasswordTooWeak

SPECIAL_CHARACTERS = "!?@#$%^&[]()"
MAX_LENGTH = 1024  # far above any passphrase; bounds the work of one hash

#: A password the school mails (activation, "Wachtwoord vergeten") is one-time: it opens only
#: "Kies uw eigen wachtwoord", and only this long after it was mailed (ASVS 2.3.1).
ACTIVATION_PASSWORD_LIFETIME = dt.timedelta(days=14)
RESET_PASSWORD_LIFETIME = dt.timedelta(hours=2)

COMMON_PASSWORD_RULE = "Geen veelgebruikt wachtwoord"
TOO_LONG_RULE = f"Maximaal {MAX_LENGTH} tekens lang"
UNTYPEABLE_RULE = "Alleen tekens die u kunt typen (geen tabs of regeleinden)"

#: Unicode categories refused: control characters, surrogates, line and paragraph separators.
_UNTYPEABLE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def is_typeable(character: str) -> bool:
    return unicodedata.category(character) not in _UNTYPEABLE_CATEGORIES


@attrs.frozen
class PasswordRule:
    text: str
    holds: Callable[[str], bool]


RULES: tuple[PasswordRule, ...] = (
    PasswordRule("Minimaal 8 tekens lang", lambda p: len(p) >= 8),
    PasswordRule(
        "Minimaal 1 kleine letter [a-z]", lambda p: any(c in string.ascii_lowercase for c in p)
    ),
    PasswordRule(
        "Minimaal 1 hoofdletter [A-Z]", lambda p: any(c in string.ascii_uppercase for c in p)
    ),
    PasswordRule("Minimaal 1 cijfer [0-9]", lambda p: any(c in string.digits for c in p)),
    PasswordRule(
        "Minimaal 1 speciaal teken uit de rij " + SPECIAL_CHARACTERS,
        lambda p: any(c in SPECIAL_CHARACTERS for c in p),
    ),
)


@attrs.frozen
class RuleResult:
    text: str
    ok: bool


def check_password(password: str, common_passwords: Container[str]) -> list[RuleResult]:
    """Every rule with whether ``password`` meets it, in the manual's order."""
    results = [RuleResult(rule.text, rule.holds(password)) for rule in RULES]
    results.append(RuleResult(COMMON_PASSWORD_RULE, password.casefold() not in common_passwords))
    return results


def enforce_password_policy(password: str, common_passwords: Container[str]) -> None:
    """Raise :class:`PasswordTooWeak` naming every rule ``password`` breaks."""
    failed = [result.text for result in check_password(password, common_passwords) if not result.ok]
    if len(password) > MAX_LENGTH:
        failed.append(TOO_LONG_RULE)
    if not all(is_typeable(character) for character in password):
        failed.append(UNTYPEABLE_RULE)
    if failed:
        raise PasswordTooWeak(failed)


_CLASSES: Sequence[str] = (
    string.ascii_lowercase,
    string.ascii_uppercase,
    string.digits,
    SPECIAL_CHARACTERS,
)
# Letters and digits that are hard to confuse when a parent types the password from a mail.
_READABLE = "".join(c for c in string.ascii_letters + string.digits if c not in "Il1O0o")


def generate_password(randbelow: Callable[[int], int], length: int = 16) -> str:
    """A random password that meets every rule: one character of each class, the rest readable.
    ``randbelow(n)`` gives a uniform random integer in [0, n): the TokenSource port's."""
    characters = [cls[randbelow(len(cls))] for cls in _CLASSES]
    alphabet = _READABLE + SPECIAL_CHARACTERS
    characters += [alphabet[randbelow(len(alphabet))] for _ in range(length - len(_CLASSES))]
    # Fisher-Yates with the given randomness, so the class characters are not always first.
    for i in range(len(characters) - 1, 0, -1):
        j = randbelow(i + 1)
        characters[i], characters[j] = characters[j], characters[i]
    return "".join(characters)
