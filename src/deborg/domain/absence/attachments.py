"""An attachment to a message for the teacher follows the portal's upload rules: a photo
(JPEG, PNG, WebP: verified and re-encoded by the image port, location metadata stripped) or
a document (PDF, Office, OpenDocument: recognised by its content), within the upload limit."""

from __future__ import annotations

from deborg.domain.errors import InvalidInput

_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def looks_like_image(content: bytes) -> bool:
    """Whether the content claims to be a photo (the image port then verifies it)."""
    if content.startswith(_IMAGE_MAGIC):
        return True
    return content[:4] == b"RIFF" and content[8:12] == b"WEBP"


def check_size(content: bytes, max_bytes: int) -> None:
    if len(content) > max_bytes:
        megabytes = max(1, max_bytes // (1024 * 1024))
        raise InvalidInput(f"De bijlage is te groot (hoogstens {megabytes} MB).", "attachment")
