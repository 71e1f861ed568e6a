"""The territory pages in a real headless Chromium: a visitor's way from the home
page's « Votre commune » to an open aide, and accessibility (axe-core, WCAG 2.1 A and
AA) of the four pages, on screen and printed, and of the resolver's answers. Shares
the browser fixtures of test_pages (skipped with it when Chromium is missing)."""

import pytest
from django.urls import reverse

from observatories.importing.pipeline import import_file
from observatories.models import Commune, ImportRun
from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.directory.factories import make_organisation, make_place
from tests.observatories.open_data.files import COMMUNE_SIRENS, DECEMBER
from tests.portal.agenda.factories import make_event
from tests.portal.factories import make_resource_row
from tests.portal.funding.factories import make_funding

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]

PAGES = [
    reverse("territories:commune", args=["21231"]),
    reverse("territories:epci", args=["242100410"]),
    reverse("territories:department", args=["21"]),
    reverse("territories:region"),
]


@pytest.fixture
def territory(small_region):
    Commune.objects.filter(code="21231").update(
        latitude=47.322, longitude=5.0415, postcodes=["21000"], population=156_000
    )
    Commune.objects.filter(code="25056").update(latitude=47.2378, longitude=6.0241)
    organisation = make_organisation("Syndicat de Dijon", commune_id="21231")
    make_place("Espace numérique de Dijon")
    make_event("Atelier à Dijon", organisation, commune_id="21231")
    make_resource_row("Guide dijonnais", organisation)
    # The open data's latest edition, and with it the indicator of orientation 13.
    for code, siren in COMMUNE_SIRENS.items():
        Commune.objects.filter(code=code).update(siren=siren)
    import_file(DECEMBER, trigger=ImportRun.Trigger.COMMAND)
    return make_funding("Appel à projets Territoires intelligents", regions=["27"])


def test_a_visitor_finds_their_commune_then_an_open_aide(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    territory,
):
    page.goto(live_server.url + reverse("portal:home"))
    field = page.get_by_role("combobox", name="Votre commune")
    field.fill("dijon")
    field.press("Enter")  # no suggestion chosen: the form is sent
    page.wait_for_url("**" + PAGES[0])
    assert page.get_by_role("heading", level=1, name="Dijon (21231)").is_visible()
    aides = page.locator("#aides")
    aides.get_by_role("link", name="Appel à projets Territoires intelligents").click()
    page.wait_for_url("**" + territory.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text().startswith("Appel à projets")
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_the_territory_pages_are_accessible_on_screen_and_printed(
    page,  # noqa: F811
    live_server,
    territory,
):
    for url in PAGES:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert_accessible(page, url)
    page.emulate_media(media="print")
    page.goto(live_server.url + PAGES[0])
    assert_accessible(page, PAGES[0] + " (imprimée)")
    assert page.locator("header.site-header").is_hidden()
    assert page.locator("footer.footer").is_hidden()
    assert page.get_by_role("heading", name="Aides ouvertes à ce territoire").is_visible()
    assert page.get_by_role("heading", name="Indicateurs de la stratégie").is_visible()
    platform = page.locator("#donnees-ouvertes a[href='https://data.dijon.fr']")
    written = platform.evaluate("link => getComputedStyle(link, '::after').content")
    assert written == '" (https://data.dijon.fr)"'
    page.emulate_media(media="screen")
    page.goto(live_server.url + reverse("portal:home"))
    page.get_by_role("combobox", name="Votre commune").press_sequentially("be")
    page.get_by_role("option", name="Besançon (Doubs, 25056)").wait_for()
    assert_accessible(page, "/ (suggestions de communes)")
    find = reverse("territories:find")
    for query in ("", "?q=B", "?q=Atlantide", "?q=" + "x" * 101):
        page.goto(live_server.url + find + query)
        assert_accessible(page, find + query)
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
