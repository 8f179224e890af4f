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


#: The file name endings that belong to each accepted image type.
EXTENSIONS = {
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}
_ALL_EXTENSIONS = tuple(ext for endings in EXTENSIONS.values() for ext in endings)


def check_name_matches(filename: str, content_type: str) -> None:
    """A file that claims to be one image type but is another (a PNG renamed to .jpg) is
    refused: it is what a broken or tampered upload looks like. A name without a known image
    ending says nothing, and the content decides."""
    name = filename.strip().lower()
    if name.endswith(_ALL_EXTENSIONS) and not name.endswith(EXTENSIONS[content_type]):
        raise ImageRejected(
            "De bestandsnaam past niet bij de inhoud van het bestand (bijvoorbeeld een "
            "PNG-afbeelding met de naam .jpg). Sla de foto opnieuw op en probeer het nog eens."
        )
