"""Documents attached to projects: a zip bomb (an office document that would unpack
into too much, or hold too many entries) and a polyglot PDF (also an archive or a
web page) are refused in French; documents are served as downloads, never sniffed."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import ProjectDocument
from directory.projects.agent_forms import DocumentForm
from directory.projects.documents import SCAN_CHUNK_BYTES, check_document
from tests.directory.factories import make_project_row, office_upload, pdf_upload

DOCX_SKELETON = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def bomb(name: str, entries: dict[str, bytes], *, zeros_entry: str, zeros: int):
    """A small zip holding ``entries`` and one entry of ``zeros`` zero bytes, which
    deflate packs a thousandfold."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
        with archive.open(zeros_entry, "w") as inflated:
            chunk = bytes(1024 * 1024)
            for _ in range(zeros // len(chunk)):
                inflated.write(chunk)
    return SimpleUploadedFile(name, buffer.getvalue())


def refused(upload, message: str) -> ValidationError:
    """The French refusal of ``upload``, which holds ``message``."""
    with pytest.raises(ValidationError) as error:
        check_document(upload)
    assert message in error.value.messages[0]
    return error.value


# ---------- Zip bombs ----------


def test_a_docx_that_would_unpack_beyond_the_limit_is_refused_in_french(settings):
    upload = bomb(
        "note.docx",
        DOCX_SKELETON,
        zeros_entry="word/media/vide.bin",
        zeros=settings.PROJECT_DOCUMENT_MAX_UNPACKED_BYTES + 1024 * 1024,
    )
    assert upload.size < 200 * 1024  # what the agent uploads is small
    error = refused(upload, "Document refusé : il occuperait 101,0\xa0Mio une fois décompressé")
    assert error.code == "document_archive"
    assert "la limite est de 100,0\xa0Mio" in error.messages[0]


def test_an_odt_bomb_is_refused_before_its_type_is_even_read(settings):
    settings.PROJECT_DOCUMENT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    upload = bomb(
        "note.odt", {"mimetype": ODT_MIMETYPE}, zeros_entry="content.xml", zeros=3 * 1024 * 1024
    )
    refused(upload, "Document refusé : il occuperait 3,0\xa0Mio")


@pytest.mark.parametrize(
    ("name", "skeleton"),
    [
        ("tableur.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
        ("note.docx", DOCX_SKELETON),
    ],
)
def test_an_office_document_with_too_many_entries_is_refused(settings, name, skeleton):
    entries = {**skeleton, **{f"media/{n}.xml": b"" for n in range(1000)}}
    error = refused(office_upload(name, entries), "1002 éléments dans l'archive")
    assert "la limite est de 1000" in error.messages[0]


def test_office_documents_within_the_limits_are_accepted(settings):
    settings.PROJECT_DOCUMENT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    upload = bomb("note.docx", DOCX_SKELETON, zeros_entry="word/media/a.bin", zeros=1024 * 1024)
    assert check_document(upload).extension == "docx"
    odt = office_upload("note.odt", {"mimetype": ODT_MIMETYPE, "content.xml": b"<x/>"})
    assert check_document(odt).extension == "odt"


def test_a_file_named_docx_that_is_no_zip_is_refused_by_the_type_check():
    refused(SimpleUploadedFile("note.docx", b"PK\x03\x04 pas une archive"), "ne correspond pas")


# ---------- Polyglot PDFs ----------


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n",
        b"%PDF-1.4\n<!DOCTYPE html><BODY onload=alert(1)>\n%%EOF",
        b"%PDF-1.4\n" + b"\x00" * 5000 + b"<IfRaMe src=//evil.invalid>",
        PDF + zipped({"page.html": b"<p>x</p>"}),
        PDF + zipped(DOCX_SKELETON) + b"\n",
    ],
    ids=["html", "doctype-upper-case", "iframe-deep", "zip-appended", "docx-appended"],
)
def test_a_pdf_that_is_also_a_web_page_or_an_archive_is_refused_in_french(content):
    error = refused(pdf_upload(content=content), "Ce PDF contient aussi autre chose")
    assert error.code == "document_polyglot"


def test_web_page_markup_cut_between_two_reads_is_found():
    content = PDF + b"\x00" * (SCAN_CHUNK_BYTES - len(PDF) - 3) + b"<script>alert(1)</script>"
    refused(pdf_upload(content=content), "Ce PDF contient aussi autre chose")


def test_ordinary_pdfs_are_accepted():
    binary_stream = bytes(range(256)) * 64  # compressed streams: any byte, « < » included
    content = PDF[:-6] + b"stream\n" + binary_stream + b"\nendstream\n<</Type /Page>>\n%%EOF\n"
    for upload in (pdf_upload(), pdf_upload(content=PDF), pdf_upload(content=content)):
        assert check_document(upload).extension == "pdf"


def test_the_document_form_shows_the_refusal_next_to_the_file():
    form = DocumentForm(
        data={"title": "Page piégée"},
        files={"file": pdf_upload(content=b"%PDF-1.7\n<script>alert(1)</script>")},
    )
    assert not form.is_valid()
    assert "Ce PDF contient aussi autre chose" in form.errors["file"][0]


# ---------- Served as downloads ----------


@pytest.mark.django_db
def test_documents_are_served_as_attachments_that_browsers_do_not_sniff(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = make_project_row("Fibre des hameaux")
    document = ProjectDocument.objects.create(
        project=project,
        title="Bilan 2025",
        file=ContentFile(PDF, name="bilan.pdf"),
        content_type="application/pdf",
        size=len(PDF),
    )
    response = client.get(reverse("projects:document", args=[project.slug, document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bilan-2025.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
