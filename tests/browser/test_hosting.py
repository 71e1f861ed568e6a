"""Wholesale offers and data centres in a real headless Chromium: accessibility of the
pages (axe-core), the map of data centres used with the keyboard, its filters, the
strict CSP and no request leaving the site (no tiles unless configured)."""

import pytest
from django.urls import reverse

from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


@pytest.fixture
def listed(small_region):
    from observatories.models import Commune
    from tests.observatories.operators.factories import make_network, make_offer
    from tests.portal.hosting.factories import make_data_centre

    Commune.objects.filter(code="25056").update(latitude=47.24, longitude=6.02)
    network = make_network(
        "RIP du Doubs", slug="rip-doubs", authority="Syndicat mixte Doubs THD", departments=["25"]
    )
    make_offer(network, "Délégataire", role="infrastructure", markets=["ftth-passif", "ftto"])
    make_offer(network, "FAI", role="fai", markets=["ftth-active"], note="Offre aux FAI locaux")
    make_network("Zone privée", slug="zone-privee", zone="AMII", communes=["21231"])
    make_data_centre(
        "Centre de Dijon",
        sector="public",
        latitude=47.32,
        longitude=5.04,
        certifications=["iso27001"],
        tier=3,
        url="https://centre.example.fr/",
    )
    make_data_centre(
        "Cloud comtois", kind="offre", commune_id="25056", services=["cloud"], is_demo=True
    )
    return network


def test_the_wholesale_offers_pages_are_accessible(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    listed,
):
    for url in (
        reverse("observatories:operators"),
        reverse("observatories:operators") + "?commune=Atlantide",  # a filter's error
        listed.get_absolute_url(),
    ):
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert_accessible(page, url)
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_the_data_centres_map_is_used_with_the_keyboard_and_follows_the_filters(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    listed,
):
    url = reverse("hosting:list")
    page.goto(live_server.url + url)
    markers = page.locator("#carte .map-marker")
    markers.nth(1).wait_for()  # drawn from the fetched GeoJSON
    assert markers.count() == 2
    assert_accessible(page, url)

    page.locator("#carte").focus()
    page.keyboard.press("Tab")
    assert "map-marker" in page.evaluate("document.activeElement.className")
    name = page.evaluate("document.activeElement.title")
    page.keyboard.press("Enter")
    info = page.get_by_role("status").filter(has_text=name)
    info.wait_for()
    assert "Fiche de " + name in info.inner_text()

    page.get_by_label("Service").select_option(label="Cloud")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**service=cloud**")
    page.locator("#carte .map-marker").first.wait_for()
    assert page.locator("#carte .map-marker").count() == 1
    assert page.locator("#tableau-hebergement ~ tbody tr").count() == 1  # the table too
    assert_accessible(page, url + "?service=cloud")

    page.get_by_role("link", name="Cloud comtois").click()
    page.wait_for_url("**/observatoire/hebergement/**/")
    assert page.get_by_role("heading", level=1).text_content() == "Cloud comtois"
    assert_accessible(page, "page d'une offre")
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []  # no tiles unless configured
