"""What the content area gives the weekly digest: how to find the item a digest line is about."""

from __future__ import annotations

from collections.abc import Mapping

from deborg.domain.content.model import ContentKind
from deborg.services.notifications.digest import ItemLookup


def content_lookups() -> Mapping[str, ItemLookup]:
    """How the digest finds the content item a line is about, by the line's kind, to re-check
    that it still exists and is visible to the parent."""
    return {
        ContentKind.NEWS.value: lambda uow, school_id, item_id: uow.news.get(school_id, item_id),
        ContentKind.MESSAGE.value: (
            lambda uow, school_id, item_id: uow.messages.get(school_id, item_id)
        ),
        ContentKind.AGENDA.value: lambda uow, school_id, item_id: uow.agenda.get(
            school_id, item_id
        ),
        ContentKind.ALBUM.value: lambda uow, school_id, item_id: uow.albums.get(school_id, item_id),
        ContentKind.DOCUMENT.value: (
            lambda uow, school_id, item_id: uow.documents.get(school_id, item_id)
        ),
    }
