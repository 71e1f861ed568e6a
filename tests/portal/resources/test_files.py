"""The files of the resources are checked by extension AND content
(``scoran.lib.documents``, the projects' checker generalised): office documents,
PDF, CSV, images and zip archives are accepted; a wrong extension, an executable
renamed, SVG, a polyglot PDF or image, a zip bomb, a file too heavy are refused in
French and write nothing."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.resources.services import FILES
from tests.portal.factories import PDF

DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
PPTX = {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p:presentation/>"}
ODP = {"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<x/>"}


def zipped(entries: dict[str, bytes], *, method=zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return buffer.getvalue()


def image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (31, 58, 147)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refused(file, message: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        FILES.check(file)
    assert message in error.value.messages[0], error.value.messages
    return error.value


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("guide.pdf", PDF, "application/pdf"),
        ("donnees.csv", "commune;débit\nDijon;1000\n".encode("cp1252"), "text/csv"),
        ("plan.png", image("PNG"), "image/png"),
        ("photo.jpg", image("JPEG"), "image/jpeg"),
        ("photo.jpeg", image("JPEG"), "image/jpeg"),
        ("carte.webp", image("WEBP"), "image/webp"),
        ("kit.zip", zipped({"lisez-moi.txt": b"Kit", "modele.odt": b"x"}), "application/zip"),
        ("cctp.docx", zipped(DOCX), None),
        ("formation.pptx", zipped(PPTX), None),
        ("formation.odp", zipped(ODP), "application/vnd.oasis.opendocument.presentation"),
    ],
)
def test_accepted_files_get_our_content_type(name, content, content_type):
    checked = FILES.check(upload(name, content, "text/html"))  # the browser's word: ignored
    assert checked.extension == name.rsplit(".", 1)[1]
    if content_type:
        assert checked.content_type == content_type
    assert checked.original_name == name
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
         "Ce type de fichier n'est pas accepté"),
        ("page.html", b"<html></html>", "Ce type de fichier n'est pas accepté"),
        ("outil.exe", b"MZ\x90\x00", "Ce type de fichier n'est pas accepté"),
        ("sans-extension", PDF, "Ce type de fichier n'est pas accepté"),
        ("guide.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64,
         "ne correspond pas à son extension « .pdf »"),
        ("plan.png", b"<html><script>alert(1)</script></html>",
         "ne correspond pas à son extension « .png »"),
        ("photo.jpg", image("PNG"), "ne correspond pas à son extension « .jpg »"),
        ("kit.zip", b"PK\x03\x04 pas une archive", "ne correspond pas à son extension « .zip »"),
        ("donnees.csv", b"\x00\x01\x02binaire", "ne correspond pas à son extension « .csv »"),
        ("vide.pdf", b"", "Ce fichier est vide."),
    ],
    ids=["svg", "html", "exe", "no-extension", "exe-as-pdf", "html-as-png", "png-as-jpg",
         "broken-zip", "binary-csv", "empty"],
)  # fmt: skip
def test_hostile_or_wrong_files_are_refused_in_french(name, content, message):
    refused(upload(name, content), message)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.pdf", PDF + b"<html><body onload=alert(1)>", "Ce PDF contient aussi autre chose"),
        ("guide.pdf", PDF + zipped({"page.html": b"<p>x</p>"}), "Ce PDF contient aussi"),
        ("plan.png", image("PNG") + b"<script>alert(1)</script>",
         "Cette image contient aussi autre chose"),
        ("photo.jpg", image("JPEG") + zipped({"a.html": b"x"}), "Cette image contient aussi"),
    ],
    ids=["pdf-html", "pdf-zip", "png-html", "jpeg-zip"],
)  # fmt: skip
def test_polyglot_pdfs_and_images_are_refused(name, content, message):
    error = refused(upload(name, content), message)
    assert error.code == "document_polyglot"


def test_a_zip_bomb_is_refused_before_it_is_accepted(settings):
    settings.RESOURCE_FILE_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w") as inflated,
    ):
        for _ in range(3):
            inflated.write(bytes(1024 * 1024))
    bomb = upload("kit.zip", buffer.getvalue())
    assert bomb.size < 20 * 1024
    error = refused(bomb, "Fichier refusé : il occuperait 3,0\xa0Mio une fois décompressé")
    assert error.code == "document_archive"


def test_a_zip_with_too_many_entries_is_refused(settings):
    settings.RESOURCE_FILE_MAX_ENTRIES = 10
    many = zipped({f"fiche-{n}.txt": b"x" for n in range(11)})
    refused(upload("kit.zip", many), "11 éléments dans l'archive, la limite est de 10")


def test_the_size_limit_comes_from_the_setting(settings):
    settings.RESOURCE_FILE_MAX_BYTES = 1024 * 1024
    heavy = upload("guide.pdf", PDF + b"0" * (1024 * 1024))
    error = refused(heavy, "Le document pèse plus de 1 Mo")
    assert error.code == "document_too_heavy"


def test_the_accept_attribute_lists_every_accepted_extension():
    assert FILES.accept_attribute.split(",") == [f".{e}" for e in FILES.extensions]
    assert ".svg" not in FILES.accept_attribute
