"""The public pages of the funding guide: list, page, exports and feed, with their
query counts pinned (the same for 1 and 20 aides), hostile input kept inert."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from observatories.models import DataSource
from strategy.models import Orientation
from tests.conftest import h1_texts
from tests.directory.factories import make_organisation
from tests.portal.funding.factories import make_funding

pytestmark = pytest.mark.django_db


def many(count: int):
    funder = make_organisation("Banque des territoires")
    orientation = Orientation.objects.get(number=1)
    today = timezone.localdate()
    return [
        make_funding(
            f"Aide {number:02d}",
            funders=[funder],
            funder_names="Union européenne",
            orientations=[orientation],
            departments=["21"],
            communes=["21231"],
            sessions=[(None, today + timedelta(days=10)), (None, today + timedelta(days=100))],
        )
        for number in range(count)
    ]


def exported_csv(client, query) -> list[dict]:
    response = client.get(reverse("funding:list"), {**query, "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="aides-scoran-bfc.csv"'
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_constant_queries(client, small_region, count, django_assert_num_queries):
    many(count)
    # count, rows, funders, sessions, choices of orientation and funder filters
    with django_assert_num_queries(6):
        response = client.get(reverse("funding:list"))
    html = response.content.decode()
    assert h1_texts(html) == ["Aides et financements"]
    assert f"{count} aide" in html
    assert "Clôture dans moins de 30 jours" in html
    # a commune: one more query, for its keys
    with django_assert_num_queries(7):
        response = client.get(reverse("funding:list"), {"territoire": "21231"})
    assert f"{count} aide" in response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_costs_constant_queries(client, small_region, count, django_assert_num_queries):
    funding = many(1)[0]
    funding.communes.set(["21231", "21060", "25056"][: 1 + count % 3])
    # the aide, funders, sessions, orientations, regions, departments, EPCIs, communes
    with django_assert_num_queries(8):
        response = client.get(funding.get_absolute_url())
    html = response.content.decode()
    assert h1_texts(html) == [funding.name]
    assert "Banque des territoires" in html and "Union européenne" in html


@pytest.mark.parametrize("count", [1, 20])
def test_exports_cost_constant_queries(client, small_region, count, django_assert_num_queries):
    many(count)
    with django_assert_num_queries(5):  # rows, funders, sessions, orientations, their choices
        rows = exported_csv(client, {"orientation": "1"})
    assert len(rows) == count
    assert rows[0]["financeurs"] == "Banque des territoires, Union européenne"
    assert rows[0]["orientations"] == "1"


def test_exports_hold_exactly_the_filtered_list(client, small_region):
    make_funding("Dijon", communes=["21231"], kinds=["pret"])
    make_funding("Besançon", communes=["25056"], kinds=["pret"])
    make_funding("Subvention de Dijon", communes=["21231"])
    make_funding(
        "Close",
        communes=["21231"],
        kinds=["pret"],
        sessions=[(None, timezone.localdate() - timedelta(days=1))],
    )
    query = {"territoire": "21231", "nature": "pret"}
    (row,) = exported_csv(client, query)
    assert row["nom"] == "Dijon"
    column = "territoire (FR national, R région, D département, E EPCI, C commune)"
    assert row[column] == "C21231"  # codes that other tools can join on
    response = client.get(reverse("funding:list"), {**query, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in list(sheet.values)[1:]] == ["Dijon"]
    # a wrong filter exports nothing, never everything: the page says what is wrong
    response = client.get(reverse("funding:list"), {"territoire": "00000", "format": "csv"})
    assert "Content-Disposition" not in response
    assert "n&#x27;est ni un code INSEE" in response.content.decode()


def test_formulas_are_data_in_exports(client, small_region):
    make_funding('=HYPERLINK("http://evil.example","x")', summary="+1+1", contact="@SUM(A1)")
    row = exported_csv(client, {})[0]
    assert row["nom"].startswith("'=") and row["résumé"] == "'+1+1"
    assert row["contact"] == "'@SUM(A1)"
    response = client.get(reverse("funding:list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_scripts_stay_text_on_every_surface(client, small_region):
    funding = make_funding(
        "<script>alert('nom')</script>",
        summary="<img src=x onerror=alert(1)>",
        description="<script>alert('md')</script> [lien](javascript:alert(1))",
        contact="<script>alert('c')</script>",
        funder_names="<b>gras</b>",
    )
    for url in (reverse("funding:list"), funding.get_absolute_url(), reverse("funding:feed")):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert 'href="javascript:' not in body


def test_imported_html_is_sanitised_again_on_the_page(client, small_region):
    source = DataSource.objects.create(
        slug="aides-territoires",
        name="Aides-territoires",
        publisher="ANCT",
        licence="ODbL",
        format="x",
    )
    funding = make_funding(
        "Importée",
        source=source,
        external_id="42",
        description='<p onclick="x()">Texte <a href="javascript:alert(1)">lien</a>'
        '<a href="https://ok.example/">bon</a></p><script>alert(1)</script>',
    )
    html = client.get(funding.get_absolute_url()).content.decode()
    assert "<p>Texte" in html and 'href="https://ok.example/"' in html
    assert "onclick" not in html and "javascript:" not in html and "<script>alert" not in html


def test_forged_slugs_and_parameters_are_refused_quietly(client, small_region):
    make_funding("Aide")
    assert client.get(reverse("funding:detail", args=["n-existe-pas"])).status_code == 404
    for query in ({"orientation": "999"}, {"financeur": "inconnu"}, {"nature": "don"},
                  {"statut": "demain"}, {"beneficiaire": "martiens"}):  # fmt: skip
        response = client.get(reverse("funding:list"), query)
        assert response.status_code == 200 and "0 aide" in response.content.decode(), query


def test_the_feed_follows_the_lists_filters(client, small_region):
    make_funding("Prêt de Dijon", communes=["21231"], kinds=["pret"])
    make_funding("Subvention de Besançon", communes=["25056"])
    xml = client.get(reverse("funding:feed"), {"territoire": "Dijon"}).content.decode()
    assert "<title>Prêt de Dijon</title>" in xml and "Subvention de Besançon" not in xml


def test_the_site_section_is_in_the_menu(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("funding:list")}"' in html


def test_the_calendar_reads_as_french_for_every_kind_of_session(client, small_region):
    """A session with a deadline and no opening date is "jusqu'au", not "Dès
    maintenant au" (wrong for a closed one); one with an opening and no deadline is
    "à partir du"."""
    funding = make_funding(
        "Aide",
        sessions=[
            (None, timezone.datetime(2020, 3, 2).date()),
            (timezone.datetime(2020, 1, 6).date(), None),
        ],
    )
    html = " ".join(client.get(funding.get_absolute_url()).content.decode().split())
    assert "Jusqu'au 2 mars 2020" in html
    assert "À partir du 6 janvier 2020, sans date limite" in html
    assert "Dès maintenant" not in html


def test_an_imported_descriptions_headings_sit_under_its_section(client, small_region):
    """The page's "Description" is an h2: the parts of an imported description
    (eligibility, examples) are h3 beneath it, not h2 beside it."""
    from portal.funding.imports import description

    funding = make_funding(
        "Importée",
        source=DataSource.objects.create(slug="at", name="Aides-Territoires"),
        external_id="1",
        description=description({"description": "<p>Texte</p>", "eligibility": "<p>Qui</p>"}),
    )
    html = client.get(funding.get_absolute_url()).content.decode()
    assert "<h3>Conditions d'éligibilité</h3>" in html
    assert "<h2>Conditions" not in html


def test_an_organisations_page_lists_its_open_aides_before_its_closed_ones(client, small_region):
    from portal.funding.selectors import organisation_fundings

    owner = make_organisation("Conseil régional")
    past = timezone.localdate() - timedelta(days=1)
    make_funding("A clôturée", owner=owner, sessions=[(None, past)])
    make_funding("B ouverte", owner=owner)
    make_funding("C ouverte", funders=[owner])
    assert [f.name for f in organisation_fundings(owner)] == [
        "B ouverte",
        "C ouverte",
        "A clôturée",
    ]
