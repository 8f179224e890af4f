"""The real clock and randomness."""

from __future__ import annotations

import datetime as dt
import secrets


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class SecretsTokenSource:
    def token(self, nbytes: int = 32) -> str:
        return secrets.token_urlsafe(nbytes)

    def randbelow(self, n: int) -> int:
        return secrets.randbelow(n)
