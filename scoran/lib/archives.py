"""Zip archives received from people (workbooks to import, office documents attached
to projects): their table of contents is bounded before anything opens them, so
that a small file cannot unpack into gigabytes (zip bomb).

Only the central directory is read, nothing is unpacked. Python's zipfile never
unpacks more than an entry's declared size, so bounding the declared sizes bounds
what opening the archive here can unpack; the bound also spares the people who
download the file.
"""

import zipfile

from django.template.defaultfilters import filesizeformat

ZIP_MAGIC = b"PK\x03\x04"


class ArchiveRefused(Exception):
    """Why an archive is refused: ``str()`` is French, to follow the caller's own
    words (« Classeur refusé : … »); ``code`` says which rule refused it."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


def check_zip(source, *, max_entries: int, max_unpacked_bytes: int) -> list[zipfile.ZipInfo]:
    """The entries of the zip ``source`` (a path or a file, read from its start and
    left at its start), or ``ArchiveRefused``: not a zip (``unreadable``), more than
    ``max_entries`` entries (``too_many_entries``), more than ``max_unpacked_bytes``
    once unpacked (``too_large``)."""
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveRefused(str(exc), code="unreadable") from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    if len(entries) > max_entries:
        raise ArchiveRefused(
            f"{len(entries)} éléments dans l'archive, la limite est de {max_entries}.",
            code="too_many_entries",
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked_bytes:
        raise ArchiveRefused(
            f"il occuperait {filesizeformat(unpacked)} une fois décompressé, "
            f"la limite est de {filesizeformat(max_unpacked_bytes)}.",
            code="too_large",
        )
    return entries
