"""Every table of the product, for Alembic and for tests that need the full metadata.
Each area's rows live in their own module; import it here."""

from __future__ import annotations

from deborg.adapters.sqlalchemy import (
    absence,  # noqa: F401 - absences, leave, conversations with teachers
    albums,  # noqa: F401 - albums, photos, documents
    conferences,  # noqa: F401 - oudergesprekken
    devices,  # noqa: F401 - paired phones (the app)
    news,  # noqa: F401 - news, messages and replies, agenda
    notifications,  # noqa: F401 - preferences, digest, calendar feeds
    privacy,  # noqa: F401 - privacy choices
    profiles,  # noqa: F401 - Mijn account, Mijn kinderen
    tables,  # noqa: F401 - registers the core tables
)
from deborg.adapters.sqlalchemy.tables import Base

metadata = Base.metadata
