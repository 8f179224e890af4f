"""Real image files for photo tests, made with Pillow in the test itself."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image

GPS_IFD = ExifTags.IFD.GPSInfo


def jpeg_with_gps(size: tuple[int, int] = (40, 20), orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF holds a GPS position in Assen, the camera make and an orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Testcamera"
    exif[GPS_IFD] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 59.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (6.0, 33.0, 50.0),
    }
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=b"secret comment")
    return buffer.getvalue()


def camera_files(folder: Path, stem: str, count: int) -> list[str]:
    """``count`` JPEG files as a camera names them (``stem-01.jpg`` …) in ``folder``: what a
    teacher picks in an upload form."""
    paths = []
    for number in range(1, count + 1):
        path = folder / f"{stem}-{number:02}.jpg"
        path.write_bytes(jpeg_with_gps())
        paths.append(str(path))
    return paths


def png(size: tuple[int, int] = (30, 30), mode: str = "RGBA") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 10, 128) if mode == "RGBA" else 90).save(buffer, "PNG")
    return buffer.getvalue()


def webp(size: tuple[int, int] = (30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(buffer, "WEBP")
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (10, 10)).save(buffer, "GIF")
    return buffer.getvalue()


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG made by Pillow whose header is then rewritten to claim a huge size: a
    decompression bomb that a decoder would try to allocate width x height pixels for."""
    original = png((8, 8), mode="L")
    ihdr_start = 8  # after the signature: length(4) type(4) data(13) crc(4)
    data = bytearray(original[ihdr_start + 8 : ihdr_start + 8 + 13])
    data[0:8] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(data)) & 0xFFFFFFFF)
    return original[: ihdr_start + 8] + bytes(data) + crc + original[ihdr_start + 8 + 13 + 4 :]


def compressed_bomb(side: int) -> bytes:
    """A real, fully valid PNG of side x side black pixels: a few kilobytes on disk."""
    buffer = io.BytesIO()
    Image.new("L", (side, side), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def open_image(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image
