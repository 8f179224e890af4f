"""Every table of the product, for Alembic and for tests that need the full metadata.
Each area's rows live in their own module; import it here."""

from __future__ import annotations

from deborg.adapters.sqlalchemy import (
    conferences,  # noqa: F401 - oudergesprekken
    content,  # noqa: F401 - news, messages, agenda, albums, documents, notifications
    devices,  # noqa: F401 - paired phones (the app)
    privacy,  # noqa: F401 - privacy choices
    profiles,  # noqa: F401 - Mijn account, Mijn kinderen
    tables,  # noqa: F401 - registers the core tables
)
from deborg.adapters.sqlalchemy.tables import Base

metadata = Base.metadata
