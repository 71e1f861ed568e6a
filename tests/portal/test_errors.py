"""The error pages with production settings (DEBUG off): French, in the portal's
layout, with a way back; 403 for a failed CSRF check, 429 for throttled forms."""

import re

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import path, reverse

from portal.errors import server_error
from scoran import urls as root_urls
from tests.conftest import h1_texts
from tests.directory.factories import PASSWORD, isolated_cache, make_organisation, make_user

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


def suspicious_view(request):
    raise SuspiciousOperation("a forged value")


# A URL list for these tests: the site's, plus views that fail, with its handlers.
urlpatterns = [
    *root_urls.urlpatterns,
    path("test-panne/", broken_view),
    path("test-suspect/", suspicious_view),
]
handler400 = root_urls.handler400
handler403 = root_urls.handler403
handler404 = root_urls.handler404
handler500 = root_urls.handler500


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = __name__


def assert_french_error_page(response, status: int, title: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert h1_texts(html) == [title]
    main = html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]
    assert f'href="{reverse("portal:home")}"' in main  # a way back
    assert f'href="{reverse("portal:site_map")}"' in main
    assert f"Code de l'erreur : {status}." in main
    assert '<footer class="footer">' in html  # the portal's layout
    for english in ("Not Found", "Server Error", "Bad Request", "Forbidden"):
        assert english not in html
    return html


def test_a_missing_commune_is_the_french_404_page(client, small_region):
    response = client.get(reverse("observatories:commune", args=["99999"]))
    html = assert_french_error_page(response, 404, "Page introuvable")
    assert "Mon compte" not in html and "Se connecter" in html  # the usual header


def test_an_unknown_address_is_the_french_404_page(client):
    assert_french_error_page(client.get("/pas-une-page/"), 404, "Page introuvable")


def test_a_view_that_fails_gives_the_french_500_page(client, failing_urls):
    client.raise_request_exception = False
    response = client.get("/test-panne/")
    assert_french_error_page(response, 500, "Erreur du service")


def test_the_500_page_needs_neither_the_database_nor_the_request(
    django_assert_num_queries, failing_urls
):
    request = RequestFactory().get("/test-panne/")  # no user, no session
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert h1_texts(response.content.decode()) == ["Erreur du service"]


def test_a_failed_csrf_check_is_the_french_403_page(settings):
    isolated_cache(settings)
    make_user("agent@example.fr")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "agent@example.fr", "password": PASSWORD}
    )
    html = assert_french_error_page(response, 403, "Formulaire non envoyé")
    assert "rechargez-la" in html
    assert "_auth_user_id" not in client.session


def test_a_refusal_says_why_in_french(client):
    """Our access rules' PermissionDenied shows its French reason."""
    client.force_login(make_user("agent@example.fr"))
    response = client.get(reverse("directory:edit", args=[make_organisation().slug]))
    html = assert_french_error_page(response, 403, "Accès refusé")
    assert "Seuls les membres de la structure peuvent modifier sa fiche." in html


def test_a_refusal_without_reason_gets_a_general_french_one(client):
    client.force_login(make_user("equipe@example.fr", is_staff=True))  # no permission
    response = client.get(reverse("admin:directory_project_changelist"))
    html = assert_french_error_page(response, 403, "Accès refusé")
    assert "Vous n&#x27;avez pas accès à cette page." in html


def test_a_bad_host_is_the_french_400_page(client):
    response = client.get(reverse("portal:home"), HTTP_HOST="evil.invalid")
    assert_french_error_page(response, 400, "Demande incorrecte")


def test_a_suspicious_operation_is_the_french_400_page(client, failing_urls):
    response = client.get("/test-suspect/")
    assert_french_error_page(response, 400, "Demande incorrecte")


def test_too_many_requests_is_the_french_429_page_with_a_link_back(client, settings):
    isolated_cache(settings)
    settings.PASSWORD_RESETS_PER_IP = 1
    url = reverse("accounts:password_reset")
    client.post(url, {"email": "a@example.fr"})
    response = client.post(url, {"email": "b@example.fr"})
    html = assert_french_error_page(response, 429, "Trop de demandes")
    assert "réessayez dans une heure" in html
    assert re.search(rf'href="{re.escape(url)}"[^>]*>Revenir à la page<', html)
    assert response["Retry-After"] == "3600"
