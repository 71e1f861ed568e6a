"""Files received from people (documents of projects, files of resources): their
type checked by extension AND content.

The browser's word (Content-Type) is never trusted: the extension says what the
file claims to be, its first bytes (or, for zips, the archive's table of contents,
read without unpacking anything) must agree. The content type stored and served
is ours, always as a download (``nosniff``, ``attachment``).

Then what the type does not show: a zip (an office document or an archive) with too
many entries or too large once unpacked (a zip bomb, ``scoran.lib.archives``), and
a PDF or an image that is also something else (a polyglot: an archive appended, or
web page markup that a browser would run). Both are refused in French.

A feature declares its ``DocumentPolicy`` (the types it accepts, the settings that
bound them) and calls ``policy.check(upload)``.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

from .archives import ArchiveRefused, check_zip

PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV = (
    "pdf",
    "odt",
    "ods",
    "odp",
    "docx",
    "xlsx",
    "pptx",
    "csv",
)
PNG, JPEG, JPG, WEBP, ZIP = "png", "jpeg", "jpg", "webp", "zip"
CONTENT_TYPES = {
    PDF: "application/pdf",
    ODT: "application/vnd.oasis.opendocument.text",
    ODS: "application/vnd.oasis.opendocument.spreadsheet",
    ODP: "application/vnd.oasis.opendocument.presentation",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    CSV: "text/csv",
    PNG: "image/png",
    JPEG: "image/jpeg",
    JPG: "image/jpeg",
    WEBP: "image/webp",
    ZIP: "application/zip",
}
# What a stored content type is, for a link ("PDF, 1,2 Mo").
KINDS = {content_type: extension.upper() for extension, content_type in CONTENT_TYPES.items()} | {
    "image/jpeg": "JPEG"
}
OPENDOCUMENT = {ODT, ODS, ODP}
OOXML_FOLDERS = {DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
ZIPPED = OPENDOCUMENT | set(OOXML_FOLDERS) | {ZIP}
IMAGES = {PNG, JPEG, JPG, WEBP}
# Files a browser would show rather than save if it were asked to: a web page
# hidden in them is refused.
SCANNED = {PDF} | IMAGES
ZIP_MAGIC = b"PK\x03\x04"
CSV_SAMPLE_BYTES = 64 * 1024
# Markup that makes a file a web page a browser runs. None can be PDF syntax (there,
# « < » is followed by « < » or a hex digit), and they are long enough not to occur by
# chance in a PDF's compressed streams; a PDF holding one was made to be read as HTML.
HTML_MARKERS = (
    b"<!doctype html", b"<html", b"<body", b"<script", b"<iframe", b"<object", b"<embed",
)  # fmt: skip
SCAN_CHUNK_BYTES = 1024 * 1024
POLYGLOT_PDF = (
    "Ce PDF contient aussi autre chose qu'un document (une archive ou une page web) : "
    "il n'est pas accepté. Enregistrez-le de nouveau depuis votre logiciel avec "
    "« Exporter en PDF » ou « Imprimer en PDF »."
)
POLYGLOT_IMAGE = (
    "Cette image contient aussi autre chose qu'une image (une archive ou une page web) : "
    "elle n'est pas acceptée. Enregistrez-la de nouveau depuis votre logiciel d'images."
)


@dataclass
class CheckedDocument:
    """A file that passed a policy's ``check``: what services store."""

    file: File
    extension: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]

    @property
    def original_name(self) -> str:
        return (getattr(self.file, "name", "") or "").rsplit("/", 1)[-1]

    @property
    def size(self) -> int:
        return self.file.size


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


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


def _is_text(head: bytes) -> bool:
    """Text, in UTF-8 or the Windows encoding spreadsheets export."""
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


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(CSV_SAMPLE_BYTES if extension == CSV else 16)
    if extension == PDF:
        return head.startswith(b"%PDF-")
    if extension == PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {JPEG, JPG}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == WEBP:
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension == ZIP:
        return head.startswith(ZIP_MAGIC) and _zip_names(upload) is not None
    if extension in OPENDOCUMENT:
        return head.startswith(ZIP_MAGIC) and (
            _opendocument_mimetype(upload) == CONTENT_TYPES[extension]
        )
    if extension in OOXML_FOLDERS:
        names = head.startswith(ZIP_MAGIC) and _zip_names(upload)
        return (
            bool(names)
            and "[Content_Types].xml" in names
            and any(name.startswith(OOXML_FOLDERS[extension]) for name in names)
        )
    return extension == CSV and _is_text(head)


def _is_polyglot(upload) -> bool:
    """True for a file that is also a zip (its directory found at the end) or holds
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


@dataclass(frozen=True)
class DocumentPolicy:
    """What a feature accepts: ``extensions``, said to people as ``accepted``
    (« PDF, ODT ou CSV »), within the sizes of three settings read at each check
    (bytes of the file; entries and unpacked bytes of a zip). ``noun`` starts the
    refusal of a zip bomb (« Document refusé : … »)."""

    extensions: tuple[str, ...]
    accepted: str
    max_bytes_setting: str
    max_entries_setting: str
    max_unpacked_bytes_setting: str
    noun: str = "Document"

    @property
    def accept_attribute(self) -> str:
        """The ``accept`` attribute of the file input."""
        return ",".join(f".{extension}" for extension in self.extensions)

    def _setting(self, name: str) -> int:
        return getattr(settings, name)

    def _check_archive(self, upload) -> None:
        """A zip that would unpack into too much is refused; one that is no zip at
        all is left to the type check, which says so."""
        try:
            check_zip(
                upload,
                max_entries=self._setting(self.max_entries_setting),
                max_unpacked_bytes=self._setting(self.max_unpacked_bytes_setting),
            )
        except ArchiveRefused as exc:
            if exc.code != "unreadable":
                raise ValidationError(
                    "%(noun)s refusé : %(reason)s Enregistrez-le de nouveau depuis votre "
                    "logiciel, en réduisant ses images, ou déposez-en un extrait.",
                    code="document_archive",
                    params={"noun": self.noun, "reason": str(exc)},
                ) from exc

    def check(self, upload) -> CheckedDocument:
        """The upload as a ``CheckedDocument``, or a French ValidationError."""
        if isinstance(upload, CheckedDocument):
            return upload
        extension = extension_of(getattr(upload, "name", "") or "")
        if extension not in self.extensions:
            raise ValidationError(
                "Ce type de fichier n'est pas accepté : déposez un document %(accepted)s.",
                code="document_extension",
                params={"accepted": self.accepted},
            )
        max_bytes = self._setting(self.max_bytes_setting)
        if upload.size > max_bytes:
            raise ValidationError(
                "Le document pèse plus de %(max)d Mo : réduisez-le ou déposez-en un extrait.",
                code="document_too_heavy",
                params={"max": max_bytes // (1024 * 1024)},
            )
        if upload.size == 0:
            raise ValidationError("Ce fichier est vide.", code="document_empty")
        if extension in ZIPPED:
            self._check_archive(upload)
        if not _content_matches(upload, extension):
            raise ValidationError(
                "Le contenu de ce fichier ne correspond pas à son extension "
                "« .%(extension)s » : il n'est pas accepté. Enregistrez-le de nouveau "
                "depuis votre logiciel au format %(accepted)s.",
                code="document_content",
                params={"extension": extension, "accepted": self.accepted},
            )
        if extension in SCANNED and _is_polyglot(upload):
            raise ValidationError(
                POLYGLOT_PDF if extension == PDF else POLYGLOT_IMAGE, code="document_polyglot"
            )
        upload.seek(0)
        return CheckedDocument(file=upload, extension=extension)
