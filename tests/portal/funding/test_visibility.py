"""Nothing unpublished reaches the public nor other organisations: drafts, submitted,
changes requested and refused aides appear in no list, search, feed, export,
sitemap, orientation or organisation page, and their page is a 404, for anonymous
visitors and agents of other organisations (a funder of the aide included)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from scoran.lib import catalogues
from strategy.models import Orientation
from tests.directory.factories import UNPUBLISHED_STATES, make_agent, make_organisation
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db

SECRET = "Confidentiel"


@pytest.fixture(params=UNPUBLISHED_STATES)
def hidden(request, small_region):
    owner = make_organisation("Conseil départemental")
    funder = make_organisation("Banque des territoires")
    common = {
        "orientations": [Orientation.objects.get(number=1)],
        "departments": ["21"],
        "funders": [funder],
        "owner": owner,
    }
    published = make_funding("Aide publique", **common)
    hidden = make_funding(
        f"{SECRET} {request.param}",
        state=request.param,
        summary=SECRET,
        description=SECRET,
        **common,
    )
    return {"published": published, "hidden": hidden, "owner": owner, "funder": funder}


@pytest.fixture(params=["anonymous", "other organisation", "funder organisation"])
def outsider(request, client, hidden):
    if request.param == "other organisation":
        client.force_login(make_agent("autre@example.fr", make_organisation("Autre")))
    elif request.param == "funder organisation":
        client.force_login(make_agent("financeur@example.fr", hidden["funder"]))
    return client


def test_not_in_the_list_nor_its_filters(outsider, hidden):
    for query in (
        {},
        {"q": SECRET},
        {"orientation": "1"},
        {"territoire": "21231"},
        {"statut": "toutes"},
        {"financeur": hidden["funder"].slug},
    ):
        html = outsider.get(reverse("funding:list"), query).content.decode()
        assert f"{SECRET} " not in html, query
    assert "Aide publique" in outsider.get(reverse("funding:list")).content.decode()


def test_not_in_the_sites_search(hidden):
    assert [r.title for r in catalogues.search("aides", SECRET)] == []
    assert [r.title for r in catalogues.search("aides", "publique")] == ["Aide publique"]


def test_not_in_the_feed(outsider, hidden):
    xml = outsider.get(reverse("funding:feed")).content.decode()
    assert "Aide publique" in xml and SECRET not in xml


def test_not_in_the_exports(outsider, hidden):
    text = outsider.get(reverse("funding:list"), {"format": "csv"}).content.decode("utf-8-sig")
    assert [row["nom"] for row in csv.DictReader(io.StringIO(text))] == ["Aide publique"]
    response = outsider.get(reverse("funding:list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in list(sheet.values)[1:]] == ["Aide publique"]


def test_not_in_the_sitemap(outsider, hidden):
    xml = outsider.get(reverse("sitemap")).content.decode()
    assert hidden["published"].get_absolute_url() in xml
    assert hidden["hidden"].get_absolute_url() not in xml


def test_not_on_the_orientation_page(outsider, hidden):
    html = outsider.get(Orientation.objects.get(number=1).get_absolute_url()).content.decode()
    assert "Aide publique" in html and SECRET not in html


def test_not_on_the_owners_nor_the_funders_page(outsider, hidden):
    for organisation in (hidden["owner"], hidden["funder"]):
        html = outsider.get(organisation.get_absolute_url()).content.decode()
        assert "Aides financées" in html
        assert "Aide publique" in html and SECRET not in html


def test_its_page_is_404(outsider, hidden):
    assert outsider.get(hidden["hidden"].get_absolute_url()).status_code == 404


def test_the_owners_agents_preview_it_on_its_page_only(client, hidden):
    client.force_login(make_agent("membre@example.fr", hidden["owner"]))
    response = client.get(hidden["hidden"].get_absolute_url())
    assert response.status_code == 200
    assert "non visible du public" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = client.get(reverse("funding:list"), {"q": SECRET}).content.decode()
    assert f"{SECRET} " not in html


def test_an_unpublished_organisation_is_not_named_on_a_published_aide(client, small_region):
    """A draft organisation of the directory (an agent's, not yet reviewed) may own or
    fund a published aide: its name appears nowhere the public reads the aide."""
    owner = make_organisation(f"{SECRET} propriétaire", is_published=False)
    funder = make_organisation(f"{SECRET} financeur", is_published=False)
    funding = make_funding("Aide publique", owner=owner, funders=[funder])
    pages = {
        "page": client.get(funding.get_absolute_url()),
        "list": client.get(reverse("funding:list")),
        "feed": client.get(reverse("funding:feed")),
        "csv": client.get(reverse("funding:list"), {"format": "csv"}),
    }
    for where, response in pages.items():
        assert response.status_code == 200, where
        text = response.content.decode()
        assert "Aide publique" in text, where
        assert SECRET not in text, where
        assert owner.get_absolute_url() not in text, where
