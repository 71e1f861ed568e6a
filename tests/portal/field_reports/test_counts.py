"""What the public sees of the field reports: the validated ones counted per
department, commune and operator on ``/remontees-terrain/`` and per operator on the
observatory's commune page (a merged report counted once, in its target; new and
rejected ones not counted; no person's data), live on a cached commune page, in a
constant number of queries."""

import pytest
from django.urls import reverse

from observatories.caching import bump_data_version
from portal.field_reports import selectors, services
from portal.models import FieldReport
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.field_reports.factories import make_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]

HOME = reverse("field_reports:home")
PAGE = reverse("observatories:commune", args=["21231"])
ORANGE, SFR, FREE, BOUYGUES = FieldReport.Operator.values


def section(client) -> str:
    """The commune page's « Remontées terrain » section ("" without it)."""
    html = client.get(PAGE).content.decode()
    if 'id="remontees-terrain"' not in html:
        return ""
    return html.split('id="remontees-terrain"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def reports():
    """In Dijon: two validated (one naming Orange and SFR, with a duplicate merged into
    it), a new one and a rejected one; in Besançon a validated one."""
    org = make_organisation("Communauté de communes")
    reporter = make_agent("agent@val.fr", org)
    kept = make_report(org, by=reporter, operators=[ORANGE, SFR], state="validated")
    make_report(org, operators=[ORANGE], state="merged", duplicate_of=kept)
    make_report(org, operators=[FREE], state="validated")
    make_report(org, operators=[BOUYGUES], state="new")
    make_report(org, operators=[BOUYGUES], state="rejected")
    make_report(org, commune="25056", operators=[ORANGE], state="validated")
    return kept


def test_validated_reports_are_counted_per_commune_and_operator(reports):
    departments = {d.name: d for d in selectors.public_counts()}
    assert list(departments) == ["Côte-d'Or (21)", "Doubs (25)"]
    (dijon,) = departments["Côte-d'Or (21)"].communes
    assert (dijon.name, dijon.by_operator, dijon.reports) == ("Dijon", [1, 1, 1, 0], 2)
    assert departments["Doubs (25)"].by_operator == [1, 0, 0, 0]
    assert selectors.commune_counts("21231") == [
        ("Orange", 1, 0),
        ("SFR", 1, 0),
        ("Free Mobile", 1, 0),
        ("Bouygues Telecom", 0, 0),
    ]


def test_the_public_page_shows_the_counts_and_no_person(client, reports):
    page = client.get(HOME).content.decode()
    cells = "".join(f'<td class="num">{n}</td>' for n in (1, 1, 1, 0, 2))
    row = '<a href="/observatoire/communes/21231/">Dijon</a></th>' + cells
    assert row in page.replace("\n", "")
    assert "Besançon" in page and "Belleneuve" not in page
    assert "agent@val.fr" not in page and "Appels coupés" not in page


def test_a_merge_counts_once_and_a_rejection_drops_the_count(reports):
    org, curator = reports.organisation, make_curator()
    other = make_report(org, operators=[BOUYGUES], state="validated")
    assert selectors.commune_counts("21231")[3] == ("Bouygues Telecom", 1, 0)
    services.merge_report(report=other, into=reports, by=curator)
    assert selectors.commune_counts("21231")[3] == ("Bouygues Telecom", 0, 0)
    services.move_report(report=reports, action="reject", by=curator, message="Couvert.")
    assert selectors.commune_counts("21231") == [
        ("Orange", 0, 0),
        ("SFR", 0, 0),
        ("Free Mobile", 1, 0),
        ("Bouygues Telecom", 0, 0),
    ]


def test_the_commune_page_shows_its_counts_beside_the_figures(client, reports):
    shown = section(client)
    assert "Remontées terrain validées à Dijon" in shown
    assert '<th scope="row">SFR</th><td class="num">1</td>' in shown
    assert 'href="/remontees-terrain/"' in shown


def test_a_commune_without_validated_reports_has_no_such_section(client):
    make_report(commune="21231", state="new")
    make_report(commune="21231", state="rejected")
    assert section(client) == ""


def test_an_empty_public_page(client):
    assert "Aucune remontée validée pour l" in client.get(HOME).content.decode()


@pytest.mark.parametrize("count", [1, 15])
def test_the_public_page_and_the_commune_section_cost_fixed_queries(
    client, count, django_assert_num_queries
):
    org = make_organisation("Syndicat")
    for number in range(count):
        make_report(org, commune=("21231", "25056", "21060")[number % 3], state="validated")
    with django_assert_num_queries(1):  # the counts (anonymous: no session)
        assert client.get(HOME).status_code == 200
    # The commune, its figures (none imported: 3 queries, 4 for the mobile networks),
    # its events, its reports.
    with django_assert_num_queries(10):
        assert client.get(PAGE).status_code == 200


def test_the_counts_are_live_on_a_page_whose_figures_are_cached(
    client, settings, django_assert_num_queries
):
    settings.OBSERVATORY_PAGE_CACHE_SECONDS = 60
    bump_data_version()
    report = make_report(commune="21231")
    assert section(client) == ""
    services.move_report(report=report, action="validate", by=make_curator())
    with django_assert_num_queries(3):  # the commune, its events, its reports
        assert "Remontées terrain validées" in section(client)


def test_the_demonstrations_reports_are_marked_in_the_counts(client):
    org = make_organisation("Syndicat")
    make_report(org, state="validated")
    make_report(org, state="validated", is_demo=True)
    make_report(org, commune="25056", state="validated")
    page = client.get(HOME).content.decode().replace("\n", "")
    assert 'Dijon</a> <span class="tag">dont 1 de démonstration</span></th>' in page
    assert page.count("de démonstration</span>") == 1  # Besançon's is not one
    shown = section(client)
    assert '<th scope="row">Orange</th><td class="num">2 <span class="tag">dont 1 de' in shown
    assert shown.count("de démonstration</span>") == 1
