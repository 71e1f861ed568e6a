"""The projects' text search (``/projets/?q=``) has the bounds of every list."""

import pytest
from django.urls import reverse

from tests.directory.factories import make_project_row
from tests.directory.searching import (
    assert_a_search_is_cut_to_its_first_words,
    assert_a_too_long_search_gives_an_empty_list,
)

pytestmark = pytest.mark.django_db


def test_a_too_long_search_gives_an_empty_project_list_with_a_french_error(client):
    make_project_row("Fibre pour les écoles")
    make_project_row("Tiers-lieu numérique")
    assert_a_too_long_search_gives_an_empty_list(
        client, reverse("projects:list"), ["Fibre pour les écoles", "Tiers-lieu numérique"]
    )


def test_a_project_search_is_cut_to_its_first_ten_words(client):
    make_project_row("Fibre pour les écoles")
    assert_a_search_is_cut_to_its_first_words(client, reverse("projects:list"))


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_an_export_of_a_too_long_search_holds_no_row(client, export, django_assert_max_num_queries):
    make_project_row("Fibre pour les écoles")
    with django_assert_max_num_queries(3):
        response = client.get(
            reverse("projects:list"), {"q": " ".join(["fibre"] * 2000), "format": export}
        )
    assert response.status_code == 200
    assert "Fibre pour les écoles".encode() not in response.content
