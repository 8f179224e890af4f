"""Reading the CSV export of a pupil administration: the encoding (UTF-8 with or without BOM,
else Windows-1252 / Latin-1), the separator (``;`` as Dutch Excel writes it, ``,`` or tab),
the line with the column names (title and empty lines above it are skipped) and the lines,
each with its physical line number in the file. A line that is too long is handed on with
its problem, so that it is rejected on its own; it never stops the file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import attrs

from deborg.domain.pupil_import import MAX_LINE_CHARS, ColumnMapping, ImportFileInvalid, RawLine

_SEPARATORS = (";", ",", "\t")


@attrs.frozen
class ExportFile:
    header: list[str]
    lines: list[RawLine]
    encoding: str  # for the report: "UTF-8", "UTF-8 (BOM)", "Windows-1252", "Latin-1"
    separator: str
    #: Physical lines in the file (the header and any lines above it included).
    line_count: int = 0
    header_line: int = 1
    #: What the reader did that staff should know (lines skipped above the header).
    notes: tuple[str, ...] = ()


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


#: How many lines from the top the column names are looked for.
HEADER_SEARCH = 20
#: What is kept of each cell of an over-long line (enough to know whose line it was).
_KEPT_OF_LONG_CELL = 200


def sniff_separator(text: str) -> str:
    """The separator that splits one of the first lines into the most columns (outside
    quotes): title lines above the header have none."""
    first_lines = text.split("\n", HEADER_SEARCH)[:HEADER_SEARCH]
    counts = dict.fromkeys(_SEPARATORS, 0)
    for line in first_lines:
        for separator in _SEPARATORS:
            row = next(csv.reader([line[:MAX_LINE_CHARS]], delimiter=separator), [])
            counts[separator] = max(counts[separator], len(row))
    best = max(_SEPARATORS, key=lambda s: counts[s])
    if counts[best] < 2:
        raise ImportFileInvalid(
            "Het bestand heeft geen regel met kolomnamen, gescheiden door ; of , (of tab)."
        )
    return best


@attrs.frozen
class _Record:
    number: int
    cells: list[str]
    too_long: int = 0  # its length in characters when over MAX_LINE_CHARS


def _records(text: str, separator: str) -> Iterator[_Record]:
    """The file's records with the physical line each starts on. The csv module's field-size
    limit is lifted while reading (the whole file is in memory anyway); over-long records
    are marked, not refused."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        start = 1
        try:
            for row in reader:
                length = sum(len(cell) for cell in row)
                if length > MAX_LINE_CHARS:
                    row = [cell[:_KEPT_OF_LONG_CELL] for cell in row]
                    yield _Record(start, row, length)
                else:
                    yield _Record(start, row)
                start = reader.line_num + 1
        except csv.Error as error:
            raise ImportFileInvalid(
                f"Het bestand is geen geldige CSV (regel {reader.line_num}): {error}."
            ) from error
    finally:
        csv.field_size_limit(previous)


def _header_index(records: list[_Record], mapping: ColumnMapping) -> int:
    """The first of the first lines with every required column; else the first line that is
    not empty (the import then names the missing columns)."""
    filled = [i for i, r in enumerate(records[:HEADER_SEARCH]) if any(c.strip() for c in r.cells)]
    for index in filled:
        if not records[index].too_long and mapping.is_header(records[index].cells):
            return index
    if not filled:
        raise ImportFileInvalid("Het bestand is leeg.")
    return filled[0]


def read_export(data: bytes, mapping: ColumnMapping | None = None) -> ExportFile:
    """The file's header and lines. ``mapping`` tells which line holds the column names."""
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileInvalid("Het bestand is leeg.")
    separator = sniff_separator(text)
    records = list(_records(text, separator))
    at = _header_index(records, mapping or ColumnMapping())
    header_record = records[at]
    if header_record.too_long:
        raise ImportFileInvalid(
            f"De regel met de kolomnamen (regel {header_record.number}) is te lang "
            f"({header_record.too_long} tekens): dit is geen export van een "
            "leerlingenadministratie."
        )
    header = [h.strip() for h in header_record.cells]
    notes: list[str] = []
    if header_record.number > 1:
        skipped = header_record.number - 1
        notes.append(
            f"De kolomnamen staan op regel {header_record.number}; "
            + (
                "regel 1 (titel of leeg) is"
                if skipped == 1
                else f"regel 1–{skipped} (titel of leeg) zijn"
            )
            + " overgeslagen."
        )
    lines: list[RawLine] = []
    for record in records[at + 1 :]:
        if not any(cell.strip() for cell in record.cells):
            continue
        values = {
            h: (record.cells[i] if i < len(record.cells) else "") for i, h in enumerate(header) if h
        }
        problem = (
            f"De regel is te lang ({record.too_long} tekens; hoogstens {MAX_LINE_CHARS}) en is "
            "niet ingelezen."
            if record.too_long
            else None
        )
        lines.append(RawLine(number=record.number, values=values, problem=problem))
    line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    return ExportFile(
        header=header,
        lines=lines,
        encoding=encoding,
        separator=separator,
        line_count=line_count,
        header_line=header_record.number,
        notes=tuple(notes),
    )
