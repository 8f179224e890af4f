from __future__ import annotations

from typing import Protocol

import attrs


@attrs.frozen
class ProcessedImage:
    """An uploaded image after verification: re-encoded, all metadata (location included)
    stripped, with a thumbnail."""

    content: bytes
    thumbnail: bytes
    content_type: str  # "image/jpeg", "image/png" or "image/webp"
    width: int
    height: int


class ImageProcessor(Protocol):
    def process(self, content: bytes, *, filename: str = "") -> ProcessedImage:
        """Verify and re-encode an upload. Raises deborg.domain.errors.InvalidInput (field
        "photo") with a Dutch message for anything that is not a JPEG, PNG or WebP within the
        configured size and pixel limits (decompression bombs included)."""
        ...
