"""Nothing unpublished is ever visible to the public or to other organisations: drafts,
submitted, changes requested and refused projects, and revisions of published ones,
appear in no list, search, map, feed, export, sitemap, orientation or organisation
page, and their page is a 404, for anonymous visitors and for agents of other
organisations (partners included)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from strategy.models import Orientation
from tests.directory.factories import (
    UNPUBLISHED_STATES,
    make_agent,
    make_organisation,
    make_project_row,
    make_revision_row,
)
from tests.directory.places.test_places import complete_small_region

pytestmark = pytest.mark.django_db

SECRET = "Confidentiel"  # in every hidden project's title, summary and description
# What would show the hidden project (the words searched are echoed in the form).
SHOWN = ["Confidentiel draft", "Confidentiel submitted", "Confidentiel changes_requested",
         "Confidentiel refused", "Confidentiel révision"]  # fmt: skip


def shows_hidden(text: str) -> bool:
    return any(title in text for title in SHOWN)


@pytest.fixture(params=[*UNPUBLISHED_STATES, "revision"])
def hidden(request, small_region):
    """A project nobody outside its carrier may see, beside a published one of the
    same carrier, orientation, territory and partner."""
    complete_small_region()
    carrier = make_organisation("Syndicat porteur", commune_id="21231")
    partner = make_organisation("Partenaire")
    common = {
        "orientations": [Orientation.objects.get(number=1)],
        "communes": ["21231"],
        "department_codes": ["21"],
        "partners": [partner],
    }
    published = make_project_row("Projet public", carrier, **common)
    if request.param == "revision":
        hidden = make_revision_row(
            published, title=f"{SECRET} révision", summary=SECRET, description=SECRET
        )
    else:
        hidden = make_project_row(
            f"{SECRET} {request.param}",
            carrier,
            state=request.param,
            summary=SECRET,
            description=SECRET,
            **common,
        )
    return {"published": published, "hidden": hidden, "carrier": carrier, "partner": partner}


@pytest.fixture(params=["anonymous", "other organisation", "partner organisation"])
def outsider(request, client, hidden):
    if request.param == "other organisation":
        client.force_login(make_agent("autre@example.fr", make_organisation("Autre")))
    elif request.param == "partner organisation":
        client.force_login(make_agent("partenaire@example.fr", hidden["partner"]))
    return client


def test_not_in_the_list_nor_its_search(outsider, hidden):
    for query in ({}, {"q": SECRET}, {"orientation": "1"}, {"departement": "21"}):
        html = outsider.get(reverse("projects:list"), query).content.decode()
        assert not shows_hidden(html), query
    assert "Projet public" in outsider.get(reverse("projects:list")).content.decode()


def test_not_on_the_map(outsider, hidden):
    features = outsider.get(reverse("projects:geojson")).json()["features"]
    assert [f["properties"]["nom"] for f in features] == ["Projet public"]
    assert outsider.get(reverse("projects:geojson"), {"q": SECRET}).json()["features"] == []


def test_not_in_the_feed(outsider, hidden):
    xml = outsider.get(reverse("projects:feed")).content.decode()
    assert "Projet public" in xml and SECRET not in xml


def test_not_in_the_exports(outsider, hidden):
    text = outsider.get(reverse("projects:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert [row["titre"] for row in csv.DictReader(io.StringIO(text))] == ["Projet public"]
    response = outsider.get(reverse("projects:list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in list(sheet.values)[1:]] == ["Projet public"]


def test_not_in_the_sitemap(outsider, hidden):
    xml = outsider.get(reverse("sitemap")).content.decode()
    assert hidden["published"].get_absolute_url() in xml
    if hidden["hidden"].revision_of_id is None:
        assert hidden["hidden"].get_absolute_url() not in xml
    assert xml.count(f"/projets/{hidden['published'].slug}/") == 1


def test_not_on_the_orientation_page(outsider, hidden):
    html = outsider.get(Orientation.objects.get(number=1).get_absolute_url()).content.decode()
    assert "Projet public" in html and SECRET not in html


def test_not_on_the_carriers_nor_the_partners_page(outsider, hidden):
    for organisation in (hidden["carrier"], hidden["partner"]):
        html = outsider.get(organisation.get_absolute_url()).content.decode()
        assert "Projet public" in html and SECRET not in html


def test_its_page_and_files_are_404(outsider, hidden):
    project = hidden["hidden"]
    if project.revision_of_id:
        # A revision has no page of its own: its address shows the published original.
        html = outsider.get(project.get_absolute_url()).content.decode()
        assert "Projet public" in html and SECRET not in html
    else:
        assert outsider.get(project.get_absolute_url()).status_code == 404
        assert outsider.get(reverse("projects:image", args=[project.slug, 1])).status_code == 404
        document = reverse("projects:document", args=[project.slug, 1])
        assert outsider.get(document).status_code == 404


def test_the_carriers_agents_see_their_own_unpublished_project_only_on_its_page(client, hidden):
    """Previews are for the page itself: the public lists stay public for them too."""
    client.force_login(make_agent("membre@example.fr", hidden["carrier"]))
    project = hidden["hidden"]
    if project.revision_of_id is None:
        assert client.get(project.get_absolute_url()).status_code == 200
    assert not shows_hidden(client.get(reverse("projects:list"), {"q": SECRET}).content.decode())
    assert not shows_hidden(client.get(hidden["carrier"].get_absolute_url()).content.decode())
