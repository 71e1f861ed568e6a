"""The directory's text search (``/annuaire/?q=``) has the bounds of every list:
a search cannot hold a worker's CPU (2,000 words once took 7 s)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.directory.factories import make_organisation
from tests.directory.searching import (
    assert_a_search_is_cut_to_its_first_words,
    assert_a_too_long_search_gives_an_empty_list,
)

pytestmark = pytest.mark.django_db


def test_a_too_long_search_gives_an_empty_directory_with_a_french_error(client):
    make_organisation("Syndicat de la fibre")
    make_organisation("Mairie numérique")
    assert_a_too_long_search_gives_an_empty_list(
        client, reverse("directory:list"), ["Syndicat de la fibre", "Mairie numérique"]
    )


def test_a_directory_search_is_cut_to_its_first_ten_words(client):
    make_organisation("Syndicat de la fibre")
    assert_a_search_is_cut_to_its_first_words(client, reverse("directory:list"))


def test_the_map_of_the_directory_has_the_same_bounds(client, small_region):
    from observatories.models import Commune

    Commune.objects.filter(code="21231").update(latitude=47.32, longitude=5.04)
    make_organisation("Syndicat de la fibre", commune_id="21231")
    url = reverse("directory:geojson")
    assert len(client.get(url, {"q": "fibre"}).json()["features"]) == 1
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": " ".join(["fibre"] * 2000)})
    assert response.json()["features"] == []
    assert not any(" LIKE " in query["sql"] for query in queries)
