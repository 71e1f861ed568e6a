"""Hostile and malformed Aides-Territoires exports: HTML made safe, and a file that
is not a complete, well-formed export refused whole in French, the data unchanged."""

import gzip
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.importing.reading import ImportRefused
from observatories.models import ImportRun, ImportUpload
from portal.models import Funding, FundingEvent
from tests.directory.factories import make_curator
from tests.observatories.imports.test_curator_upload import eager_tasks  # noqa: F401

from .conftest import EXPORT, HOSTILE, aids_of, write_export

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("referential")]


def run_import(path, source=None) -> ImportRun:
    return import_file(path, trigger=ImportRun.Trigger.COMMAND, source=source)


# --- HTML -------------------------------------------------------------------------


def test_hostile_html_is_sanitised_and_a_javascript_link_rejects_its_aid(settings):
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    run = run_import(HOSTILE)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert (run.rows_created, run.rows_rejected) == (1, 1)  # application_url javascript:
    funding = Funding.objects.get()
    text = funding.description.lower()
    for forbidden in (
        "<script", "alert(", "onerror", "onclick", "onload", "style", "javascript:", "data:",
        "<iframe", "<svg", "<img", "<form", "<input", "evil.example", "position:fixed",
    ):  # fmt: skip
        assert forbidden not in text, forbidden
    link = '<a href="https://www.cotedor.fr/" rel="noopener nofollow">sûr</a>'
    assert link in funding.description
    assert "target" not in text
    assert funding.contact == "Service\ncontact@example.fr"
    # What the page shows of it is as clean.
    assert "<script" not in str(funding.description_html).lower()


# --- Malformed files --------------------------------------------------------------


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


EXPORT_BYTES = EXPORT.read_bytes()
COMPLETE = json.loads(EXPORT_BYTES)


def without_id() -> bytes:
    aids = aids_of(EXPORT)
    del aids[3]["id"]
    return json.dumps({**COMPLETE, "results": aids}).encode()


def nested(depth: int) -> bytes:
    aids = aids_of(EXPORT)
    aids[0]["programs"] = "NESTED"
    text = json.dumps({**COMPLETE, "results": aids})
    return text.replace('"NESTED"', "[" * depth + "]" * depth).encode()


MALFORMED = {
    "not JSON": (b'{"count": 7, "results": [}', "JSON invalide ou tronqué"),
    "truncated": (EXPORT_BYTES[: len(EXPORT_BYTES) // 2], "JSON invalide ou tronqué"),
    "results not a list": (
        json.dumps({**COMPLETE, "results": {"id": 1}}).encode(),
        "« results » n'est pas une liste",
    ),
    "an aid that is not an object": (
        json.dumps({**COMPLETE, "count": 8, "results": [*COMPLETE["results"], "x"]}).encode(),
        "Élément n° 8 : ce n'est pas un objet JSON",
    ),
    "an aid missing its id": (without_id(), "Aide n° 4 : sans « id »"),
    "nesting past the limit": (nested(40), "imbrication de plus de 32 niveaux"),
    "nesting past the parser": (nested(100_000), "imbrication de plus de 32 niveaux"),
    "not UTF-8": (EXPORT_BYTES.decode().encode("cp1252", "replace"), "doit être en UTF-8"),
    "count inconsistent": (
        json.dumps({**COMPLETE, "count": 9}).encode(),
        "« count » annonce 9 éléments, « results » en contient 7",
    ),
    "one page of several": (
        json.dumps(
            {**COMPLETE, "next": "https://aides-territoires.beta.gouv.fr/api/aids/?page=2"}
        ).encode(),
        "n'est qu'une page de la liste",
    ),
    "no aid": (json.dumps({**COMPLETE, "count": 0, "results": []}).encode(), "aucun élément"),
    "NaN": (EXPORT_BYTES.replace(b'"loan_amount": 150000', b'"loan_amount": NaN'), "NaN"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_export_is_refused_whole_and_changes_nothing(tmp_path, case):
    first = run_import(EXPORT)
    before = list(Funding.objects.order_by("pk").values_list("pk", "name", "state", "updated_at"))
    data, reason = MALFORMED[case]
    path = _write(tmp_path, "aides.json", data)

    run = run_import(path, source=first.source)
    assert run.status == ImportRun.Status.FAILED
    assert reason in run.error, run.error
    after = list(Funding.objects.order_by("pk").values_list("pk", "name", "state", "updated_at"))
    assert after == before
    assert not FundingEvent.objects.exclude(action=FundingEvent.Action.IMPORTED).exists()


def test_a_malformed_export_without_a_source_is_refused_with_its_reason(tmp_path):
    with pytest.raises(ImportRefused, match="JSON invalide ou tronqué"):
        run_import(_write(tmp_path, "aides.json", b'{"results": ['))
    assert not ImportRun.objects.exists()


def test_an_export_larger_than_the_limit_is_refused_before_it_is_parsed(tmp_path, settings):
    source = run_import(EXPORT).source
    settings.IMPORT_MAX_JSON_BYTES = 10_000
    padded = write_export(tmp_path / "aides.json", aids_of(EXPORT) * 2, count=14)
    run = run_import(padded, source=source)
    assert run.status == ImportRun.Status.FAILED
    assert "Fichier JSON refusé : il dépasse 9,8\xa0Kio une fois décompressé" in run.error
    # A gzip bomb: a small file, a huge document once unpacked.
    bomb = gzip.compress(b'{"count": 0, "results": [' + b" " * 50_000_000 + b"]}")
    assert len(bomb) < 100_000
    run = run_import(_write(tmp_path, "bombe.json.gz", bomb), source=source)
    assert run.status == ImportRun.Status.FAILED and "dépasse" in run.error
    assert Funding.objects.count() == 7


def test_a_gzipped_export_is_read(tmp_path):
    run = run_import(_write(tmp_path, "aides.json.gz", gzip.compress(EXPORT_BYTES)))
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert Funding.objects.count() == 7


# --- The admin upload -------------------------------------------------------------


@pytest.mark.usefixtures("eager_tasks")
def test_a_curator_uploads_an_export_and_it_is_imported(client, django_capture_on_commit_callbacks):
    user = make_curator()
    client.force_login(user)
    add = reverse("admin:observatories_importupload_add")
    upload = SimpleUploadedFile("aides.json", EXPORT_BYTES)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add, {"file": upload, "source": ""})
    assert response.status_code == 302
    item = ImportUpload.objects.get()
    assert item.run.status == ImportRun.Status.SUCCEEDED, item.run.error
    assert item.run.triggered_by == user and item.run.trigger == ImportRun.Trigger.UPLOAD
    assert Funding.objects.published().count() == 7


@pytest.mark.usefixtures("eager_tasks")
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"results": [', "JSON invalide ou tronqué"),
        (json.dumps({**COMPLETE, "count": 3}).encode(), "« count » annonce 3"),
    ],
)
def test_a_malformed_export_is_refused_at_upload(client, data, reason):
    client.force_login(make_curator())
    upload = SimpleUploadedFile("aides.json", data)
    response = client.post(reverse("admin:observatories_importupload_add"), {"file": upload})
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not ImportUpload.objects.exists()


def test_a_long_single_line_export_is_accepted_at_upload(tmp_path):
    """APIs send JSON on one line: the CSV line limit does not apply."""
    from observatories.importing.uploads import check_upload

    compact = write_export(tmp_path / "aides.json", aids_of(EXPORT) * 1).read_bytes()
    assert b"\n" not in compact
    upload = SimpleUploadedFile("aides.json", compact)
    with pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        patch.setattr(settings, "IMPORT_MAX_LINE_BYTES", 1000)
        check_upload(upload)  # no ValidationError


def test_a_bare_list_of_aids_is_read_too(tmp_path):
    data = json.dumps(aids_of(EXPORT), ensure_ascii=False).encode()
    run = run_import(_write(tmp_path, "aides.json", b"\xef\xbb\xbf\n  " + data))  # BOM, spaces
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert run.rows_created == 7
