"""Reading the CSV export of a pupil administration: the encoding (UTF-8 with or without BOM,
else Windows-1252 / Latin-1), the separator (``;`` as Dutch Excel writes it, ``,`` or tab)
and the lines, each with its line number in the file."""

from __future__ import annotations

import csv
import io

import attrs

from deborg.domain.pupil_import import ImportFileInvalid, RawLine

_SEPARATORS = (";", ",", "\t")


@attrs.frozen
class ExportFile:
    header: list[str]
    lines: list[RawLine]
    encoding: str  # for the report: "UTF-8", "UTF-8 (BOM)", "Windows-1252", "Latin-1"
    separator: str


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return data.decode("latin-1"), "Latin-1"


def sniff_separator(text: str) -> str:
    """The separator that splits the header line into the most columns (outside quotes)."""
    first = text.split("\n", 1)[0]
    counts = {}
    for separator in _SEPARATORS:
        row = next(csv.reader([first], delimiter=separator), [])
        counts[separator] = len(row)
    best = max(_SEPARATORS, key=lambda s: counts[s])
    if counts[best] < 2:
        raise ImportFileInvalid(
            "De eerste regel van het bestand moet de kolomnamen bevatten, gescheiden door ; of ,."
        )
    return best


def read_export(data: bytes) -> ExportFile:
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileInvalid("Het bestand is leeg.")
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = [h.strip() for h in next(reader)]
        lines: list[RawLine] = []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                values = {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}
                lines.append(RawLine(number=start, values=values))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileInvalid(
            f"Het bestand is geen geldige CSV (regel {reader.line_num}): {error}."
        ) from error
    return ExportFile(header=header, lines=lines, encoding=encoding, separator=separator)
