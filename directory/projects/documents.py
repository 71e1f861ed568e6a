"""Documents attached to projects: their type checked by extension AND content.

The browser's word (Content-Type) is never trusted: the extension says what the
file claims to be, its first bytes (or, for office files, the zip's table of
contents, read without unpacking anything) must agree. The content type stored
and served is ours, always as a download (``nosniff``, ``attachment``).

Then what the type does not show: an office document (a zip) with too many entries
or too large once unpacked (a zip bomb, ``scoran.lib.archives``), and a PDF that is
also something else (a polyglot: an archive appended, or web page markup that a
browser would run). Both are refused in French.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from scoran.lib.archives import ArchiveRefused, check_zip

PDF, ODT, ODS, DOCX, XLSX, CSV = "pdf", "odt", "ods", "docx", "xlsx", "csv"
CONTENT_TYPES = {
    PDF: "application/pdf",
    ODT: "application/vnd.oasis.opendocument.text",
    ODS: "application/vnd.oasis.opendocument.spreadsheet",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv",
}
ZIPPED = {ODT, ODS, DOCX, XLSX}
ACCEPTED = "PDF, ODT, ODS, DOCX, XLSX ou CSV"
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in CONTENT_TYPES)
CSV_SAMPLE_BYTES = 64 * 1024
# Markup that makes a file a web page a browser runs. None can be PDF syntax (there,
# « < » is followed by « < » or a hex digit), and they are long enough not to occur by
# chance in a PDF's compressed streams; a PDF holding one was made to be read as HTML.
HTML_MARKERS = (
    b"<!doctype html", b"<html", b"<body", b"<script", b"<iframe", b"<object", b"<embed",
)  # fmt: skip
SCAN_CHUNK_BYTES = 1024 * 1024


@dataclass
class CheckedDocument:
    """A file that passed ``check_document``: what services store."""

    file: File
    extension: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


def _zip_names(upload) -> list[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _opendocument_mimetype(upload) -> str:
    """OpenDocument files begin with a stored ``mimetype`` entry holding their type."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return ""
            return archive.read(info).decode("ascii", "replace").strip()
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return ""


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(CSV_SAMPLE_BYTES if extension == CSV else 8)
    if extension == PDF:
        return head.startswith(b"%PDF-")
    if extension in {ODT, ODS}:
        return (
            head.startswith(b"PK\x03\x04")
            and _opendocument_mimetype(upload) == (CONTENT_TYPES[extension])
        )
    if extension in {DOCX, XLSX}:
        names = head.startswith(b"PK\x03\x04") and _zip_names(upload)
        folder = "word/" if extension == DOCX else "xl/"
        return (
            bool(names)
            and "[Content_Types].xml" in names
            and any(name.startswith(folder) for name in names)
        )
    # CSV: text, in UTF-8 or the Windows encoding spreadsheets export.
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut by the sample's end
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return not any(byte < 32 and byte not in b"\t\r\n\x0c" for byte in head)


def _check_archive(upload) -> None:
    """An office document that would unpack into too much is refused; one that is no
    zip at all is left to the type check, which says so."""
    try:
        check_zip(
            upload,
            max_entries=settings.PROJECT_DOCUMENT_MAX_ENTRIES,
            max_unpacked_bytes=settings.PROJECT_DOCUMENT_MAX_UNPACKED_BYTES,
        )
    except ArchiveRefused as exc:
        if exc.code != "unreadable":
            raise ValidationError(
                "Document refusé : %(reason)s Enregistrez-le de nouveau depuis votre "
                "logiciel, en réduisant ses images, ou déposez-en un extrait.",
                code="document_archive",
                params={"reason": str(exc)},
            ) from exc


def _is_polyglot_pdf(upload) -> bool:
    """True for a PDF that is also a zip (its directory found at the end) or holds
    web page markup anywhere (read in chunks, a marker cut between two found)."""
    upload.seek(0)
    if zipfile.is_zipfile(upload):
        return True
    upload.seek(0)
    overlap = max(len(marker) for marker in HTML_MARKERS) - 1
    tail = b""
    while chunk := upload.read(SCAN_CHUNK_BYTES):
        window = tail + chunk.lower()
        if any(marker in window for marker in HTML_MARKERS):
            return True
        tail = window[-overlap:]
    return False


def check_document(upload) -> CheckedDocument:
    """The upload as a ``CheckedDocument``, or a French ValidationError."""
    if isinstance(upload, CheckedDocument):
        return upload
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in CONTENT_TYPES:
        raise ValidationError(
            "Ce type de fichier n'est pas accepté : déposez un document %(accepted)s.",
            code="document_extension",
            params={"accepted": ACCEPTED},
        )
    if upload.size > settings.PROJECT_DOCUMENT_MAX_BYTES:
        raise ValidationError(
            "Le document pèse plus de %(max)d Mo : réduisez-le ou déposez-en un extrait.",
            code="document_too_heavy",
            params={"max": settings.PROJECT_DOCUMENT_MAX_BYTES // (1024 * 1024)},
        )
    if upload.size == 0:
        raise ValidationError("Ce fichier est vide.", code="document_empty")
    if extension in ZIPPED:
        _check_archive(upload)
    if not _content_matches(upload, extension):
        raise ValidationError(
            "Le contenu de ce fichier ne correspond pas à son extension « .%(extension)s » : "
            "il n'est pas accepté. Enregistrez-le de nouveau depuis votre logiciel au format "
            "%(accepted)s.",
            code="document_content",
            params={"extension": extension, "accepted": ACCEPTED},
        )
    if extension == PDF and _is_polyglot_pdf(upload):
        raise ValidationError(
            "Ce PDF contient aussi autre chose qu'un document (une archive ou une page "
            "web) : il n'est pas accepté. Enregistrez-le de nouveau depuis votre logiciel "
            "avec « Exporter en PDF » ou « Imprimer en PDF ».",
            code="document_polyglot",
        )
    upload.seek(0)
    return CheckedDocument(file=upload, extension=extension)
