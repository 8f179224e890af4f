"""A fake ImageProcessor for unit tests of the use cases: it recognises the three formats by
their first bytes and enforces the size limit, but does not decode, so it strips nothing.
Use PillowImageProcessor wherever the image itself matters."""

from __future__ import annotations

from deborg.domain import uploads
from deborg.ports.images import ProcessedImage

_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


class MemoryImageProcessor:
    def __init__(self, max_bytes: int = 10 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.processed: list[str] = []  # the file names it accepted, for tests to look at

    def process(self, content: bytes, *, filename: str = "") -> ProcessedImage:
        if not content:
            raise uploads.empty_upload()
        if len(content) > self.max_bytes:
            raise uploads.too_large(self.max_bytes)
        content_type = next((kind for magic, kind in _MAGIC if content.startswith(magic)), None)
        if content_type is None and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
            content_type = "image/webp"
        if content_type is None:
            raise uploads.not_an_image()
        uploads.check_name_matches(filename, content_type)
        self.processed.append(filename)
        return ProcessedImage(
            content=content, thumbnail=content, content_type=content_type, width=1, height=1
        )
