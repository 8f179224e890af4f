"""The password policy of the manual ("Wachtwoord wijzigen"), a refusal of common passwords and,
where a use case passes one, the verdict of a strength estimator (zxcvbn behind the
PasswordStrength port): a password must not be easy to guess (score 3 of 4 or more), and the
checklist says why it is, in Dutch.

The five rules say what must be present, not what is allowed: any character a person can
type (letters of every script, spaces, emoji …) is accepted and nothing is truncated. Only
control characters and line breaks are refused: they cannot be typed into a password field
and usually mean a copy-paste accident.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
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


class Weakness(enum.Enum):
    """Why an estimator finds a password easy to guess."""

    PERSONAL = "personal"
    COMMON = "common"
    WORD = "word"
    KEYBOARD = "keyboard"
    REPEAT = "repeat"
    SEQUENCE = "sequence"
    DATE = "date"
    PREDICTABLE = "predictable"


WEAKNESS_TEXTS = {
    Weakness.PERSONAL: "het bevat uw naam, uw e-mailadres, de naam van uw kind of van de school",
    Weakness.COMMON: "het lijkt op een veelgebruikt wachtwoord",
    Weakness.WORD: "het is een bekend woord met een paar tekens erbij",
    Weakness.KEYBOARD: "het is een rij toetsen die naast elkaar liggen (zoals qwerty)",
    Weakness.REPEAT: "het herhaalt dezelfde tekens of stukjes",
    Weakness.SEQUENCE: "het bevat een reeks zoals abc of 1234",
    Weakness.DATE: "het bevat een jaartal of een datum",
    Weakness.PREDICTABLE: (
        "het is te voorspelbaar; maak het langer, bijvoorbeeld met een paar losse woorden"
    ),
}
STRENGTH_RULE = "Niet makkelijk te raden"
#: zxcvbn's scale: 0 to 4; 3 is "safely unguessable" (about 10^10 guesses).
MIN_STRENGTH_SCORE = 3


@attrs.frozen
class StrengthEstimate:
    """An estimator's verdict: ``score`` 0-4 and, below :data:`MIN_STRENGTH_SCORE`, why."""

    score: int
    weakness: Weakness | None = None

    @property
    def ok(self) -> bool:
        return self.score >= MIN_STRENGTH_SCORE

    @property
    def text(self) -> str:
        if self.ok:
            return STRENGTH_RULE
        return f"{STRENGTH_RULE}: {WEAKNESS_TEXTS[self.weakness or Weakness.PREDICTABLE]}"


def personal_words(*values: str) -> tuple[str, ...]:
    """What a parent's password should not be made of: each value (names, e-mail addresses, the
    children's and the school's names) whole and in its words, lower-cased."""
    words: list[str] = []
    for value in values:
        text = value.strip().casefold()
        if not text:
            continue
        pieces = "".join(c if c.isalnum() else " " for c in text).split()
        # "Kindcentrum De Borg" is also typed "deborg": neighbouring words joined count too.
        joined = [a + b for a, b in itertools.pairwise(pieces)]
        for part in (text, *pieces, *joined):
            if len(part) >= 3 and part not in words:
                words.append(part)
    return tuple(words)


def check_password(
    password: str, common_passwords: Container[str], estimate: StrengthEstimate | None = None
) -> list[RuleResult]:
    """Every rule with whether ``password`` meets it, in the manual's order; with an
    ``estimate`` (from the PasswordStrength port) the strength rule and its reason last."""
    results = [RuleResult(rule.text, rule.holds(password)) for rule in RULES]
    results.append(RuleResult(COMMON_PASSWORD_RULE, password.casefold() not in common_passwords))
    if estimate is not None:
        results.append(RuleResult(estimate.text, estimate.ok))
    return results


def enforce_password_policy(
    password: str, common_passwords: Container[str], estimate: StrengthEstimate | None = None
) -> None:
    """Raise :class:`PasswordTooWeak` naming every rule ``password`` breaks."""
    failed = [
        result.text
        for result in check_password(password, common_passwords, estimate)
        if not result.ok
    ]
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
