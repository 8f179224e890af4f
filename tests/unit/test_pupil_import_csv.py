"""Reading the export file: encodings and separators that pupil administrations write."""

from __future__ import annotations

import pytest

from deborg.adapters.csv_export import read_export
from deborg.domain.pupil_import import ImportFileInvalid
from tests.pupil_export import HEADERS, generate, to_csv


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 (BOM)"),
        ("cp1252", "Windows-1252"),
        ("latin-1", "Windows-1252"),  # the same bytes for every Dutch letter
    ],
)
@pytest.mark.parametrize("separator", [";", ","])
def test_every_encoding_and_separator_gives_the_same_lines(
    encoding: str, named: str, separator: str
) -> None:
    rows = generate()[:40]

    export = read_export(to_csv(rows, encoding=encoding, separator=separator))

    assert export.header == HEADERS
    assert export.encoding == named
    assert export.separator == separator
    assert [line.values for line in export.lines] == rows
    assert [line.number for line in export.lines] == list(range(2, 42))
    assert any("ë" in line.values["Roepnaam"] for line in export.lines)


def test_bytes_windows_1252_does_not_define_fall_back_to_latin_1() -> None:
    data = "Leerlingnummer;Roepnaam\n1;A\x81b\n".encode("latin-1")

    export = read_export(data)

    assert export.encoding == "Latin-1"
    assert export.lines[0].values["Roepnaam"] == "A\x81b"


def test_line_numbers_count_physical_lines_and_skip_empty_ones() -> None:
    data = b'Leerlingnummer;Roepnaam;Achternaam\r\n1;"Anna\r\nMaria";Jansen\r\n\r\n2;Bram;Vos\r\n'

    export = read_export(data)

    assert [(line.number, line.values["Roepnaam"]) for line in export.lines] == [
        (2, "Anna\nMaria"),
        (5, "Bram"),
    ]


def test_a_short_line_gets_empty_fields() -> None:
    export = read_export(b"Leerlingnummer,Roepnaam,Achternaam\n1,Anna\n")

    assert export.lines[0].values == {"Leerlingnummer": "1", "Roepnaam": "Anna", "Achternaam": ""}


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf\r\n", b"alleen-een-kolom\n1\n"])
def test_an_empty_or_headerless_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportFileInvalid):
        read_export(data)
