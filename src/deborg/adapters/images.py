"""The ImageProcessor port with Pillow: verify, re-encode, strip metadata, thumbnail.

Only JPEG, PNG and WebP are opened (Pillow's other decoders are never tried). The type is
decided by the content; a file name with an image ending that contradicts the content (a PNG
called photo.jpg) is refused. Every accepted image is decoded and rebuilt from its pixels
alone, so nothing of the original file survives: no EXIF (GPS location included), XMP, ICC,
comments or trailing data.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from deborg.domain import uploads
from deborg.ports.images import ProcessedImage

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
#: Modes each output format can hold; anything else is converted to the first one that fits.
_MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGB", "RGBA", "L", "LA"), "WEBP": ("RGB", "RGBA")}


class PillowImageProcessor:
    def __init__(
        self,
        max_bytes: int,
        *,
        max_pixels: int = 40_000_000,
        max_dimension: int = 2560,
        thumbnail_size: int = 400,
    ) -> None:
        self.max_bytes = max_bytes
        # Never more than Pillow's own bomb limit, whatever the caller asks.
        self.max_pixels = min(max_pixels, Image.MAX_IMAGE_PIXELS or max_pixels)
        self.max_dimension = max_dimension
        self.thumbnail_size = thumbnail_size

    def process(self, content: bytes, *, filename: str = "") -> ProcessedImage:
        if not content:
            raise uploads.empty_upload()
        if len(content) > self.max_bytes:
            raise uploads.too_large(self.max_bytes)
        with warnings.catch_warnings():
            # Pillow warns (rather than refuses) between 1x and 2x its limit: refuse too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image_format = self._verify(content)
                picture = self._decode(content, image_format)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise uploads.too_many_pixels(self.max_pixels) from None
            except UnidentifiedImageError:
                raise uploads.not_an_image() from None
            except (OSError, SyntaxError, ValueError, EOFError, IndexError):
                raise uploads.damaged() from None
        uploads.check_name_matches(filename, CONTENT_TYPES[image_format])
        if max(picture.size) > self.max_dimension:
            picture.thumbnail((self.max_dimension, self.max_dimension), Image.Resampling.LANCZOS)
        thumbnail = picture.copy()
        thumbnail.thumbnail((self.thumbnail_size, self.thumbnail_size), Image.Resampling.LANCZOS)
        return ProcessedImage(
            content=_encode(picture, image_format),
            thumbnail=_encode(thumbnail, image_format),
            content_type=CONTENT_TYPES[image_format],
            width=picture.width,
            height=picture.height,
        )

    def _verify(self, content: bytes) -> str:
        """The format, after checking the header and the file's structure, before decoding
        a single pixel (so a bomb is refused by its declared size)."""
        with Image.open(io.BytesIO(content), formats=list(CONTENT_TYPES)) as probe:
            image_format = str(probe.format)
            width, height = probe.size
            if width < 1 or height < 1:
                raise ValueError("empty image")
            if width * height > self.max_pixels:
                raise Image.DecompressionBombError("too many pixels")
            probe.verify()
        return image_format

    def _decode(self, content: bytes, image_format: str) -> Image.Image:
        """The first frame, turned upright by its EXIF orientation, rebuilt from pixels only."""
        with Image.open(io.BytesIO(content), formats=[image_format]) as opened:
            opened.seek(0)
            opened.load()
            upright = ImageOps.exif_transpose(opened)
            converted = _convert(upright, image_format)
            # A new image from the raw pixels: no info dict, no EXIF, no ICC, no palette.
            return Image.frombytes(converted.mode, converted.size, converted.tobytes())


def _convert(image: Image.Image, image_format: str) -> Image.Image:
    allowed = _MODES[image_format]
    if image.mode in allowed:
        return image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha and "RGBA" in allowed:
        return image.convert("RGBA")
    return image.convert("RGB")


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=85, optimize=True)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=85)
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue()
