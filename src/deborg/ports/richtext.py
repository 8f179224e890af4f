from __future__ import annotations

from typing import Protocol

from deborg.domain.content.model import RichText


class RichTextRenderer(Protocol):
    """Turns a staff member's body text (Markdown, HTML allowed within it) into sanitised HTML
    and plain text."""

    def render(self, source: str) -> RichText: ...

    def clean(self, html: str) -> str:
        """Sanitise HTML again (what is shown is cleaned on the way out too)."""
        ...
