"""Observatory pages kept per data version for visitors without a session."""

import pytest
from django.urls import reverse

from directory.models import User
from observatories.caching import bump_data_version
from observatories.importing.pipeline import import_file
from observatories.models import Commune, ImportRun
from observatories.referential.sections import COMMUNE_SECTIONS
from tests.conftest import h1_texts
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]
PAGE = reverse("observatories:commune", args=["21231"])
EPCI = reverse("observatories:epci", args=["242100410"])
# A cached commune page still reads the commune and its sections of other apps (the
# agenda's events), which change without any import.
LIVE = 1 + len(COMMUNE_SECTIONS)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    bump_data_version()  # nothing cached by another test is seen here


def test_a_page_is_served_again_without_a_query_until_data_is_imported(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get(PAGE).content.decode()
    assert "Aucune donnée de déploiement" in first
    with django_assert_num_queries(LIVE):
        assert client.get(PAGE).content.decode() == first
    epci = client.get(EPCI).content.decode()
    with django_assert_num_queries(0):
        assert client.get(EPCI).content.decode() == epci
    with django_capture_on_commit_callbacks(execute=True):
        import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    fresh = client.get(PAGE).content.decode()
    assert "Aucune donnée de déploiement" not in fresh and "Éligibilité des locaux" in fresh


def test_a_skipped_import_keeps_the_cached_pages(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    client.get(PAGE)
    with django_capture_on_commit_callbacks() as callbacks:
        again = import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)
    assert again.status == ImportRun.Status.SKIPPED and callbacks == []


def test_signed_in_visitors_and_other_addresses_are_not_served_from_the_cache(
    client, django_assert_num_queries
):
    client.get(PAGE)
    with django_assert_num_queries(LIVE):
        client.get(PAGE)
    assert client.get(reverse("observatories:commune", args=["25056"])).status_code == 200
    client.force_login(User.objects.create_user(email="agent@example.fr", password="x" * 16))
    page = client.get(PAGE)
    assert page.status_code == 200 and "Se déconnecter" in page.content.decode()


def test_only_pages_that_were_found_are_kept(client):
    url = reverse("observatories:commune", args=["21001"])
    assert client.get(url).status_code == 404
    Commune.objects.create(code="21001", name="Agencourt", department_id="21")
    page = client.get(url)
    assert page.status_code == 200 and h1_texts(page.content.decode()) == ["Agencourt (21001)"]
