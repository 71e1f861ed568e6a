"""The public pages of the library: the list and its filters (kind, orientation,
audience, licence, organisation, words), its exports (a cell is never a formula),
the page of a resource (versions, licence, author, orientations, "mis à jour le"),
in a number of queries that does not grow with the rows."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portal.models import Resource, ResourceVersion
from strategy.models import ActionTrack, Orientation
from tests.directory.factories import make_organisation
from tests.portal.factories import make_resource_row

pytestmark = pytest.mark.django_db

LIST = reverse("resources:list")


def titles(response) -> list[str]:
    return [resource.title for resource in response.context["page"].object_list]


@pytest.fixture
def library(small_region):
    region = make_organisation("Région Bourgogne-Franche-Comté", slug="region-bfc")
    syndicate = make_organisation("Syndicat mixte numérique", slug="syndicat")
    one, four = Orientation.objects.get(number=1), Orientation.objects.get(number=4)
    return {
        "cctp": make_resource_row(
            "Modèle de CCTP pour un réseau de fibre",
            region,
            kind=Resource.Kind.CONTRACT,
            contract_kind=Resource.ContractKind.CCTP,
            licence=Resource.Licence.CC_BY,
            orientations=[one],
        ),
        "guide": make_resource_row(
            "Guide de la médiation numérique",
            syndicate,
            licence=Resource.Licence.OPEN,
            audiences=[Resource.Audience.ASSOCIATIONS, Resource.Audience.PUBLIC],
            orientations=[four],
        ),
        "draft": make_resource_row("Brouillon de guide", syndicate, state="draft"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Guide de la médiation numérique", "Modèle de CCTP pour un réseau de fibre"]),
        ({"type": "modele"}, ["Modèle de CCTP pour un réseau de fibre"]),
        ({"orientation": "4"}, ["Guide de la médiation numérique"]),
        ({"public": "grand-public"}, ["Guide de la médiation numérique"]),
        ({"licence": "cc-by-4.0"}, ["Modèle de CCTP pour un réseau de fibre"]),
        ({"structure": "region-bfc"}, ["Modèle de CCTP pour un réseau de fibre"]),
        ({"q": "cctp fibre"}, ["Modèle de CCTP pour un réseau de fibre"]),
        ({"q": "syndicat"}, ["Guide de la médiation numérique"]),  # the author's name
        ({"q": "brouillon"}, []),
        ({"type": "inconnu"}, []),  # a wrong filter: no row, never the unfiltered list
    ],
)
def test_the_list_filters_published_resources(client, library, query, expected):
    response = client.get(LIST, query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_the_list_shows_kind_author_licence_and_update(client, library):
    html = client.get(LIST).content.decode()
    assert html.count("<h1>") == 1
    assert (
        "Modèle de contrat ou de cahier des charges - CCTP · Région Bourgogne-Franche-Comté" in html
    )
    assert "CC BY 4.0" in html
    assert "mis à jour le" in html
    assert "Brouillon de guide" not in html
    assert reverse("resources:feed") in html


def make_many(count: int):
    author = make_organisation("Autrice")
    orientations = list(Orientation.objects.all()[:3])
    for n in range(count):
        make_resource_row(f"Ressource {n:02}", author, orientations=orientations)


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries_for_one_or_many(
    client, small_region, count, django_assert_num_queries
):
    make_many(count)
    # session-less visitor: the count, the page of rows, their orientations, the
    # organisations of the filter, the orientations of the filter
    with django_assert_num_queries(5):
        response = client.get(LIST)
    assert len(titles(response)) == count


@pytest.mark.parametrize("count", [1, 5])
def test_a_page_costs_the_same_queries_whatever_its_versions(
    client, small_region, count, django_assert_num_queries
):
    resource = make_resource_row(orientations=list(Orientation.objects.all()[:count]))
    resource.action_tracks.set(ActionTrack.objects.all()[:count])
    resource.departments.set(["21", "25"][: min(count, 2)])
    for n in range(count):
        ResourceVersion.objects.create(
            resource=resource,
            label=f"2.{n}",
            date=datetime.date(2025, 4, 1 + n),
            external_url=f"https://exemple.fr/v{n}",
        )
    # resource with author, orientations, pistes, departments, EPCI, versions, files
    with django_assert_num_queries(7):
        response = client.get(resource.get_absolute_url())
    assert response.status_code == 200


def test_a_page_shows_versions_licence_author_orientations_and_update(client, library):
    resource = library["cctp"]
    ResourceVersion.objects.create(
        resource=resource, label="2.0", date=datetime.date(2025, 9, 1), notes="Clauses RGPD."
    )
    html = client.get(resource.get_absolute_url()).content.decode()
    assert html.count("<h1>") == 1
    assert "Version actuelle : 2.0, du 1 septembre 2025" in html
    assert "Clauses RGPD." in html
    assert "Versions précédentes" in html and "Version 1.0" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.fr" rel="license' in html
    assert resource.organisation.get_absolute_url() in html
    assert "Orientation 1 –" in html
    assert "Mis à jour le" in html
    assert f"http://testserver/ressources/{resource.slug}/telecharger/" in html


def test_the_exports_hold_the_filtered_list_and_never_a_formula(client, library):
    Resource.objects.filter(pk=library["guide"].pk).update(
        title='=HYPERLINK("https://evil.invalid","clic")', summary="+33 1 23"
    )
    response = client.get(LIST, {"format": "csv", "public": "grand-public"})
    assert response["Content-Disposition"] == 'attachment; filename="ressources-scoran-bfc.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["titre", "résumé", "type"]
    assert len(rows) == 2
    assert rows[1][0] == '\'=HYPERLINK("https://evil.invalid","clic")'
    assert rows[1][1] == "'+33 1 23"
    assert rows[1][-1].endswith(f"/ressources/{library['guide'].slug}/telecharger/")
    workbook = load_workbook(io.BytesIO(client.get(LIST, {"format": "xlsx"}).content))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    formula = next(cell for cell in cells if str(cell.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"  # a text cell, not a formula
