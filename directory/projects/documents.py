"""Documents attached to projects: PDF, OpenDocument and Office files, CSV, checked
by extension and content by ``scoran.lib.documents`` (zip bombs and polyglot PDFs
refused in French), within the ``PROJECT_DOCUMENT_*`` settings."""

from scoran.lib.documents import (
    CSV,
    DOCX,
    ODS,
    ODT,
    PDF,
    SCAN_CHUNK_BYTES,
    XLSX,
    CheckedDocument,
    DocumentPolicy,
)

__all__ = ["ACCEPTED", "ACCEPT_ATTRIBUTE", "SCAN_CHUNK_BYTES", "CheckedDocument", "check_document"]

ACCEPTED = "PDF, ODT, ODS, DOCX, XLSX ou CSV"
POLICY = DocumentPolicy(
    extensions=(PDF, ODT, ODS, DOCX, XLSX, CSV),
    accepted=ACCEPTED,
    max_bytes_setting="PROJECT_DOCUMENT_MAX_BYTES",
    max_entries_setting="PROJECT_DOCUMENT_MAX_ENTRIES",
    max_unpacked_bytes_setting="PROJECT_DOCUMENT_MAX_UNPACKED_BYTES",
)
ACCEPT_ATTRIBUTE = POLICY.accept_attribute
check_document = POLICY.check
