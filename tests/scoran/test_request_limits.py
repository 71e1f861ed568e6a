"""Request bodies are bounded in settings: a form posted with too much data, too many
fields or too many files gets a 400 (never a 500, never the view's work)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from directory.models import User

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "email": "nouvelle@example.fr",
    "password1": "velo-prairie-lanterne-7",
    "password2": "velo-prairie-lanterne-7",
}


def test_the_limits_are_set_deliberately(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 50


@pytest.mark.parametrize("csrf_checks", [False, True], ids=["view", "csrf-middleware"])
def test_an_oversized_form_body_gets_a_400(settings, csrf_checks):
    client = Client(enforce_csrf_checks=csrf_checks)
    client.get(reverse("accounts:sign_up"))  # sets the CSRF cookie, as a browser has it
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    padding = "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(
        reverse("accounts:sign_up"),
        {**SIGN_UP, "first_name": padding, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 400
    assert not User.objects.exists()


def test_a_form_with_too_many_fields_gets_a_400(client, settings):
    fields = {f"champ{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    response = client.post(reverse("accounts:sign_up"), {**SIGN_UP, **fields})
    assert response.status_code == 400
    assert not User.objects.exists()


def test_a_form_with_too_many_files_gets_a_400(client, settings):
    files = {
        f"fichier{n}": SimpleUploadedFile(f"{n}.txt", b"x")
        for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    response = client.post(reverse("accounts:sign_up"), {**SIGN_UP, **files})
    assert response.status_code == 400
    assert not User.objects.exists()
