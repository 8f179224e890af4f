"""The Pillow image processor with real files: what is accepted, what comes back, what is
refused and why."""

from __future__ import annotations

import pytest

from deborg.adapters.images import PillowImageProcessor
from deborg.adapters.memory.images import MemoryImageProcessor
from deborg.domain.uploads import ImageRejected
from tests import images

TEN_MB = 10 * 1024 * 1024


def _truncated(content: bytes) -> bytes:
    return content[: len(content) * 2 // 3]


@pytest.fixture
def processor() -> PillowImageProcessor:
    return PillowImageProcessor(TEN_MB)


def test_the_test_jpeg_really_carries_gps(processor: PillowImageProcessor) -> None:
    original = images.open_image(images.jpeg_with_gps())
    assert original.getexif().get_ifd(images.GPS_IFD)
    assert b"Testcamera" in images.jpeg_with_gps()


def test_a_jpeg_with_gps_comes_back_without_any_metadata(processor: PillowImageProcessor) -> None:
    result = processor.process(images.jpeg_with_gps(), filename="vakantie.jpg")

    assert result.content_type == "image/jpeg"
    for content in (result.content, result.thumbnail):
        cleaned = images.open_image(content)
        assert cleaned.format == "JPEG"
        assert not cleaned.getexif()
        assert not cleaned.getexif().get_ifd(images.GPS_IFD)
        assert "exif" not in cleaned.info
        assert "comment" not in cleaned.info
        assert b"Testcamera" not in content
        assert b"secret comment" not in content


def test_the_exif_orientation_is_applied_before_it_is_stripped(
    processor: PillowImageProcessor,
) -> None:
    # Orientation 6: the camera was turned; the picture must be shown rotated 90 degrees.
    result = processor.process(images.jpeg_with_gps((40, 20), orientation=6))
    assert (result.width, result.height) == (20, 40)
    assert images.open_image(result.content).size == (20, 40)


def test_a_large_photo_gets_a_small_thumbnail(processor: PillowImageProcessor) -> None:
    result = processor.process(images.jpeg_with_gps((1600, 1200)))
    assert images.open_image(result.thumbnail).size == (400, 300)
    assert (result.width, result.height) == (1600, 1200)


def test_a_png_renamed_to_jpg_is_refused(processor: PillowImageProcessor) -> None:
    with pytest.raises(ImageRejected) as refused:
        processor.process(images.png(), filename="foto.jpg")
    assert "past niet bij de inhoud" in refused.value.message


def test_a_png_without_an_image_name_is_taken_for_what_it_is(
    processor: PillowImageProcessor,
) -> None:
    result = processor.process(images.png(), filename="upload")
    assert result.content_type == "image/png"
    reopened = images.open_image(result.content)
    assert reopened.format == "PNG"
    assert reopened.mode == "RGBA"  # transparency kept


def test_webp_is_accepted(processor: PillowImageProcessor) -> None:
    result = processor.process(images.webp())
    assert result.content_type == "image/webp"
    assert images.open_image(result.content).format == "WEBP"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"Dit is geen foto maar tekst.\n", "geen foto"),
        (images.gif(), "geen foto"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "geen foto"),
        (_truncated(images.jpeg_with_gps((300, 300))), "beschadigd"),
        (b"", "Kies eerst een foto"),
    ],
    ids=["text-named-jpg", "gif", "svg", "truncated-jpeg", "empty"],
)
def test_what_is_not_a_usable_photo_is_refused_in_dutch(
    processor: PillowImageProcessor, content: bytes, expected: str
) -> None:
    with pytest.raises(ImageRejected) as refused:
        processor.process(content, filename="foto.jpg")
    assert expected in refused.value.message
    assert refused.value.field == "photo"


def test_a_header_claiming_a_gigantic_image_is_refused_before_decoding(
    processor: PillowImageProcessor,
) -> None:
    with pytest.raises(ImageRejected) as refused:
        processor.process(images.png_claiming_size(60_000, 60_000))
    assert "megapixel" in refused.value.message


def test_a_small_file_that_decompresses_to_too_many_pixels_is_refused() -> None:
    bomb = images.compressed_bomb(3000)  # 9 megapixels in a few kilobytes
    assert len(bomb) < 50_000
    strict = PillowImageProcessor(TEN_MB, max_pixels=4_000_000)
    with pytest.raises(ImageRejected) as refused:
        strict.process(bomb)
    assert "megapixel" in refused.value.message


def test_a_file_over_the_size_limit_is_refused(processor: PillowImageProcessor) -> None:
    oversized = images.jpeg_with_gps() + b"\0" * TEN_MB
    with pytest.raises(ImageRejected) as refused:
        processor.process(oversized)
    assert refused.value.message == "De foto is te groot. Kies een foto van maximaal 10 MB."


def test_the_memory_fake_recognises_the_same_formats() -> None:
    fake = MemoryImageProcessor(TEN_MB)
    assert fake.process(images.png(), filename="x.png").content_type == "image/png"
    with pytest.raises(ImageRejected):
        fake.process(images.png(), filename="x.jpg")
    assert fake.process(images.webp()).content_type == "image/webp"
    assert fake.process(images.jpeg_with_gps()).content_type == "image/jpeg"
    with pytest.raises(ImageRejected):
        fake.process(b"tekst")
    with pytest.raises(ImageRejected):
        fake.process(b"\xff\xd8\xff" + b"\0" * TEN_MB)
