"""With the cache (Redis) unreachable, observatory pages and the map's GeoJSON are
served uncached, with a warning in the logs, never an error page."""

import gzip
import json
import logging

import pytest
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.models import ImportRun, ImportUpload
from tests.conftest import h1_texts
from tests.observatories.factories import SAMPLE_FIXED_STATS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def cache_down(settings):
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_PORT,
        }
    }


@pytest.fixture
def imported(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the version bump fails quietly
        return import_file(SAMPLE_FIXED_STATS, trigger=ImportRun.Trigger.COMMAND)


@pytest.mark.usefixtures("cache_down")
def test_observatory_pages_are_rendered_uncached(client, imported, caplog):
    caplog.set_level(logging.WARNING, logger="observatories.caching")
    home = client.get(reverse("observatories:home"))
    assert home.status_code == 200
    assert h1_texts(home.content.decode()) == ["Observatoire du haut et très haut débit fixe"]
    commune = client.get(reverse("observatories:commune", args=["21231"]))
    assert commune.status_code == 200
    assert h1_texts(commune.content.decode()) == ["Dijon (21231)"]
    assert "Éligibilité des locaux" in commune.content.decode()
    assert "cache unreachable, page rendered uncached" in caplog.text


@pytest.mark.usefixtures("cache_down")
def test_the_map_geojson_is_built_uncached(client, commune_outlines, ftth_deployed, caplog):
    caplog.set_level(logging.WARNING, logger="observatories.caching")
    response = client.get(reverse("observatories:map_geojson"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    features = json.loads(gzip.decompress(response.content))["features"]
    assert {f["properties"]["code"] for f in features} == {"21231", "21060", "25056"}
    assert "computed uncached" in caplog.text


@pytest.mark.usefixtures("cache_down")
def test_the_progress_of_an_upload_shows_the_stored_count(admin_client):
    item = ImportUpload.objects.create(
        file="imports/x.csv", status=ImportUpload.Status.RUNNING, rows_done=12
    )
    response = admin_client.get(reverse("observatories:upload_progress", kwargs={"pk": item.pk}))
    assert response.json()["rows_done"] == 12
