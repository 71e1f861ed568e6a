"""Checks on a file uploaded by a curator, before it is stored and queued."""

import io
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from .documents import check_document
from .reading import CHUNK, GZIP_MAGIC, ImportRefused, Scanner, Unpacked
from .workbook import ZIP_MAGIC, check_archive

ACCEPTED_SUFFIXES = (".csv", ".csv.gz", ".gz", ".txt", ".xlsx", ".json", ".json.gz")


def check_upload(upload) -> None:
    """Refuse, with a French message, a file that is too large, of the wrong kind,
    or whose content does not match its name (gzip magic, readable text), or that
    the import would refuse as it streams (see ``reading``)."""
    name = PurePath(upload.name).name.lower()
    if not name.endswith(ACCEPTED_SUFFIXES):
        raise ValidationError(
            "Extension non acceptée : déposez un fichier CSV, éventuellement compressé "
            "(.csv.gz), un classeur XLSX ou un export JSON (.json, .json.gz)."
        )
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"Fichier trop volumineux ({filesizeformat(upload.size)}) : "
            f"la limite est de {filesizeformat(limit)}."
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if name.endswith(".xlsx"):
        _check_workbook(upload, head)
        return
    if name.endswith(".gz") and head[:2] != GZIP_MAGIC:
        raise ValidationError("Ce fichier porte l'extension .gz mais n'est pas compressé en gzip.")
    if name.endswith((".json", ".json.gz")):
        _check_json(upload)
        return
    _check_text(upload)


def _check_json(upload) -> None:
    """A JSON document is one value, on one line as APIs send it: read whole within
    IMPORT_MAX_JSON_BYTES and parsed as the import will (``documents``)."""
    try:
        check_document(upload)
    except ImportRefused as exc:
        raise ValidationError(f"Fichier refusé. {exc}") from exc


def _check_text(upload) -> None:
    """Read the whole file, decompressed, with the checks the import makes as it
    streams (size once unpacked, length of lines, NUL bytes, encoding): a gzip
    bomb is refused after a bounded read, before it is stored or queued."""
    scanner = Scanner(decode=True)
    blank = True
    try:
        with io.BufferedReader(Unpacked(upload, close_handle=False), CHUNK) as handle:
            while chunk := scanner.read(handle):
                blank = blank and not chunk.strip()
        scanner.finish()
    except ImportRefused as exc:
        raise ValidationError(f"Fichier refusé. {exc}") from exc
    finally:
        upload.seek(0)
    if blank:
        raise ValidationError("Ce fichier n'est pas un fichier texte CSV (il est vide).")


def _check_workbook(upload, head: bytes) -> None:
    """An XLSX is a zip: check its magic bytes, then its entries and unpacked size
    (the zip's central directory is read, nothing is unpacked)."""
    if not head.startswith(ZIP_MAGIC):
        raise ValidationError("Ce fichier porte l'extension .xlsx mais n'est pas un classeur XLSX.")
    try:
        check_archive(upload)
    except ImportRefused as exc:
        raise ValidationError(str(exc)) from exc
    finally:
        upload.seek(0)
