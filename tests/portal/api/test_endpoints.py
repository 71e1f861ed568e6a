"""Every list and detail of the API: constant queries whatever the number of rows,
members-only and unpublished items never served, each detail by its key."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Visibility
from strategy.models import Orientation
from tests.directory.factories import isolated_cache, make_organisation, make_project_row
from tests.portal.agenda.factories import make_event
from tests.portal.factories import make_resource_row
from tests.portal.funding.factories import make_funding
from tests.portal.groups.factories import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_counters(settings):
    isolated_cache(settings)


def _rows(kind: str, count: int) -> None:
    orientation = Orientation.objects.get(number=2)
    carrier = make_organisation("Porteur")
    for n in range(count):
        if kind == "projects":
            make_project_row(f"Projet {n}", carrier, orientations=[orientation])
        elif kind == "resources":
            make_resource_row(f"Ressource {n}", carrier, orientations=[orientation])
        elif kind == "fundings":
            make_funding(f"Aide {n}", funders=[carrier], orientations=[orientation])
        elif kind == "events":
            make_event(f"Atelier {n}", carrier, orientations=[orientation])


# Queries of a page of each list: count, rows (joined), then one per prefetch.
LIST_QUERIES = {"projects": 3, "resources": 3, "fundings": 4, "events": 2}


@pytest.mark.parametrize("kind", sorted(LIST_QUERIES))
def test_each_list_costs_the_same_queries_for_1_and_25_rows(client, kind):
    counts = []
    for total in (1, 25):
        _rows(kind, total - (1 if counts else 0))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"api:{kind}"))
        assert response.json()["count"] == total
        counts.append(len(queries))
    assert counts == [LIST_QUERIES[kind]] * 2


def test_members_only_items_are_never_served(client):
    group = make_group()
    author = make_organisation("Auteur")
    hidden_doc = make_resource_row(
        "Réservée", author, working_group=group, visibility=Visibility.MEMBERS
    )
    make_resource_row("Publique", author)
    hidden_event = make_event(
        "Réunion du groupe", author, working_group=group, visibility=Visibility.MEMBERS
    )
    make_event("Atelier ouvert", author)
    titles = [row["titre"] for row in client.get(reverse("api:resources")).json()["results"]]
    assert titles == ["Publique"]
    titles = [row["titre"] for row in client.get(reverse("api:events")).json()["results"]]
    assert titles == ["Atelier ouvert"]
    assert client.get(reverse("api:resource", args=[hidden_doc.slug])).status_code == 404
    assert client.get(reverse("api:event", args=[hidden_event.slug])).status_code == 404
    csv_body = client.get(reverse("api:resources"), {"format": "csv"}).content.decode()
    assert "Réservée" not in csv_body


def test_unpublished_projects_and_aides_are_never_served(client):
    carrier = make_organisation("Porteur")
    draft = make_project_row("Brouillon", carrier, state="draft")
    make_project_row("Publié", carrier)
    hidden = make_funding("Aide en attente", state="submitted")
    titles = [row["titre"] for row in client.get(reverse("api:projects")).json()["results"]]
    assert titles == ["Publié"]
    assert client.get(reverse("api:project", args=[draft.slug])).status_code == 404
    assert client.get(reverse("api:fundings")).json()["count"] == 0
    assert client.get(reverse("api:funding", args=[hidden.slug])).status_code == 404


def test_each_detail_by_its_key(client):
    carrier = make_organisation("Porteur", slug="porteur")
    project = make_project_row("Fibre", carrier)
    resource = make_resource_row("Guide", carrier)
    funding = make_funding("Aide", funders=[carrier])
    event = make_event("Atelier", carrier)
    assert client.get(reverse("api:project", args=[project.slug])).json()["structure"] == {
        "slug": "porteur",
        "nom": "Porteur",
    }
    assert client.get(reverse("api:resource", args=[resource.slug])).json()["titre"] == "Guide"
    body = client.get(reverse("api:funding", args=[funding.slug])).json()
    assert body["financeurs"] == [{"slug": "porteur", "nom": "Porteur"}]
    assert client.get(reverse("api:event", args=[event.slug])).json()["titre"] == "Atelier"
    assert client.get(reverse("api:organisation", args=["porteur"])).json()["nom"] == "Porteur"


def test_filters_of_the_pages_apply(client):
    carrier = make_organisation("Porteur")
    make_project_row("Fibre", carrier, orientations=[Orientation.objects.get(number=2)])
    make_project_row("Usages", carrier)
    rows = client.get(reverse("api:projects"), {"orientation": "2"}).json()["results"]
    assert [row["titre"] for row in rows] == ["Fibre"]
    response = client.get(reverse("api:projects"), {"avancement": "<script>"})
    assert response.status_code == 400
    assert "avancement" in response.json()["champs"]


def test_each_detail_costs_a_fixed_number_of_queries(client, small_region):
    carrier = make_organisation("Porteur", slug="porteur", commune_id="21231")
    orientations = list(Orientation.objects.filter(number__in=[1, 2]))
    project = make_project_row("Fibre", carrier, orientations=orientations)
    resource = make_resource_row("Guide", carrier, orientations=orientations)
    funding = make_funding("Aide", funders=[carrier], orientations=orientations)
    event = make_event("Atelier", carrier, orientations=orientations)
    expected = {
        reverse("api:project", args=[project.slug]): DETAIL_QUERIES["project"],
        reverse("api:resource", args=[resource.slug]): 2,  # the item, its orientations
        reverse("api:funding", args=[funding.slug]): 3,  # the item, funders, sessions
        reverse("api:event", args=[event.slug]): 2,  # the item, its orientations
        reverse("api:organisation", args=["porteur"]): 2,  # the item, its themes
    }
    for url, count in expected.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) == count, url


# A project's page preloads its carrier, partners, territory, strategy, images,
# documents and fundings (``for_page()``), which the API reuses.
DETAIL_QUERIES = {"project": 10}
