"""In-memory adapters for every port. Real code, held to the same contract tests as the SQL
adapter: unit tests run the use cases on them and embedding developers can use them as is.

A :class:`MemoryDatabase` is the shared committed state; each :class:`MemoryUnitOfWork`
works on a private copy and publishes it on ``commit()``, so rollback really discards.
"""

from __future__ import annotations

from deborg.adapters.memory.fakes import (
    CountingTokenSource,
    FixedClock,
    MemoryFileStore,
    MemoryMailer,
    PlainPasswordHasher,
)
from deborg.adapters.memory.store import MemoryDatabase
from deborg.adapters.memory.uow import MemoryUnitOfWork

__all__ = [
    "CountingTokenSource",
    "FixedClock",
    "MemoryDatabase",
    "MemoryFileStore",
    "MemoryMailer",
    "MemoryUnitOfWork",
    "PlainPasswordHasher",
]
