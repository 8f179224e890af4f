"""What an uploaded document really is, judged by its content (magic bytes), not its name:
PDF, the Office formats (docx/xlsx/pptx and the old doc/xls/ppt) and OpenDocument."""

from __future__ import annotations

import io
import zipfile

import attrs

from deborg.domain.errors import InvalidInput


@attrs.frozen
class DocumentType:
    content_type: str
    extension: str
    label: str  # "PDF", "Word" …


PDF = DocumentType("application/pdf", "pdf", "PDF")
OOXML = {
    "word/": DocumentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word"
    ),
    "xl/": DocumentType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel"
    ),
    "ppt/": DocumentType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        "PowerPoint",
    ),
}
ODF = {
    "application/vnd.oasis.opendocument.text": DocumentType(
        "application/vnd.oasis.opendocument.text", "odt", "OpenDocument-tekst"
    ),
    "application/vnd.oasis.opendocument.spreadsheet": DocumentType(
        "application/vnd.oasis.opendocument.spreadsheet", "ods", "OpenDocument-rekenblad"
    ),
    "application/vnd.oasis.opendocument.presentation": DocumentType(
        "application/vnd.oasis.opendocument.presentation", "odp", "OpenDocument-presentatie"
    ),
}
LEGACY_OFFICE = {
    "doc": DocumentType("application/msword", "doc", "Word"),
    "xls": DocumentType("application/vnd.ms-excel", "xls", "Excel"),
    "ppt": DocumentType("application/vnd.ms-powerpoint", "ppt", "PowerPoint"),
}
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")

REFUSED = (
    "Dit bestand is geen PDF- of Office-document (Word, Excel, PowerPoint of OpenDocument), "
    "of het is beschadigd."
)


def _zip_type(content: bytes) -> DocumentType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODF.get(declared)
            if "[Content_Types].xml" in names:
                for prefix, found in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return found
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    return None


def detect_document_type(content: bytes, filename: str) -> DocumentType:
    """The type the content proves, provided the file name's extension agrees."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    found: DocumentType | None = None
    if content.startswith(b"%PDF-"):
        found = PDF
    elif content.startswith(b"PK\x03\x04"):
        found = _zip_type(content)
    elif content.startswith(_OLE):
        found = LEGACY_OFFICE.get(extension)  # the OLE container does not say which
    if found is None:
        raise InvalidInput(REFUSED, "file")
    if extension != found.extension:
        raise InvalidInput(
            f"De bestandsnaam eindigt niet op .{found.extension}, maar het bestand is een "
            f"{found.label}-bestand.",
            "file",
        )
    return found


def safe_filename(filename: str, extension: str) -> str:
    """A download name without paths or odd characters: 'Schoolgids 2026.pdf'."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    kept = "".join(ch if ch.isalnum() or ch in " -_()" else "_" for ch in stem).strip(" ._")
    return f"{(kept or 'document')[:120]}.{extension}"
