"""Fakes of the other ports for tests and embedding: a clock, tokens, a password hasher, a
mailer and a file store."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
from collections.abc import Iterator

import attrs

from deborg.domain.mail import OutgoingMail
from deborg.ports.mail import MailServerUnavailable


@attrs.define
class FixedClock:
    """A clock that stands still until a test moves it."""

    current: dt.datetime = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, delta: dt.timedelta) -> None:
        self.current += delta

    def set(self, moment: dt.datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.current = moment


class CountingTokenSource:
    """Predictable, unique tokens for tests ("token-1", "token-2" …) and seeded choices."""

    def __init__(self, seed: int = 0) -> None:
        self._counter = itertools.count(1)
        self._state = seed

    def token(self, nbytes: int = 32) -> str:
        return f"token-{next(self._counter)}-{'x' * max(0, nbytes - 8)}"

    def randbelow(self, n: int) -> int:
        # A linear congruential generator: deterministic, good enough to spread choices.
        self._state = (self._state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self._state >> 33) % n


class PlainPasswordHasher:
    """A reversible-looking but honest fake for unit tests: fast, and it checks exactly."""

    def __init__(self, version: int = 1) -> None:
        self.version = version

    def hash(self, password: str) -> str:
        salt = secrets.token_hex(4)
        return f"plain${self.version}${salt}${password}"

    def verify(self, password_hash: str, password: str) -> bool:
        parts = password_hash.split("$", 3)
        return (
            len(parts) == 4 and parts[0] == "plain" and secrets.compare_digest(parts[3], password)
        )

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"plain${self.version}$")


@attrs.define
class MemoryMailer:
    """Collects mails; ``down`` makes it refuse like an SMTP server that is not there."""

    sent: list[OutgoingMail] = attrs.field(factory=list)
    down: bool = False

    def send(self, mail: OutgoingMail) -> None:
        if self.down:
            raise MailServerUnavailable("mail server unreachable")
        self.sent.append(mail)

    def to(self, address: str) -> list[OutgoingMail]:
        return [mail for mail in self.sent if mail.to == address]


@attrs.define
class MemoryFileStore:
    files: dict[str, bytes] = attrs.field(factory=dict)

    def put(self, key: str, content: bytes) -> None:
        self.files[key] = bytes(content)

    def get(self, key: str) -> bytes:
        return self.files[key]

    def delete(self, key: str) -> None:
        self.files.pop(key, None)

    def entries(self) -> Iterator[tuple[str, int]]:
        return iter([(key, len(content)) for key, content in sorted(self.files.items())])

    def link(self, key: str, *, content_type: str, disposition: str) -> str | None:
        return None

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)
