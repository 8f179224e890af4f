"""Why an uploaded image is refused, in the words a parent reads. The ImageProcessor port
raises these; the domain and the web show them beside the upload field."""

from __future__ import annotations

from deborg.domain.errors import InvalidInput


class ImageRejected(InvalidInput):
    code = "image_rejected"

    def __init__(self, message: str, field: str = "photo") -> None:
        super().__init__(message, field)


def empty_upload() -> ImageRejected:
    return ImageRejected("Kies eerst een foto om te uploaden.")


def not_an_image() -> ImageRejected:
    return ImageRejected(
        "Dit bestand is geen foto. Kies een afbeelding in JPEG-, PNG- of WebP-formaat."
    )


def too_large(max_bytes: int) -> ImageRejected:
    megabytes = max_bytes / (1024 * 1024)
    shown = f"{megabytes:.0f}" if megabytes >= 1 else f"{megabytes:.1f}".replace(".", ",")
    return ImageRejected(f"De foto is te groot. Kies een foto van maximaal {shown} MB.")


def too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        f"De foto is te groot (meer dan {max_pixels // 1_000_000} megapixel). "
        "Verklein de foto en probeer het opnieuw."
    )


def damaged() -> ImageRejected:
    return ImageRejected("De foto is beschadigd of onvolledig en kan niet worden gelezen.")
