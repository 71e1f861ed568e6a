"""Places in a real headless Chromium: accessibility of the list, a place and its
error form (axe-core), the map's markers, keyboard use, CSP. Shares the browser
fixtures of test_browser (skipped with it when Chromium is missing)."""

import pytest
from django.core.cache import cache
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
def places(small_region, settings):
    from directory.models import Place
    from observatories.importing.pipeline import import_file
    from observatories.models import ImportRun
    from tests.directory.places.test_places import SAMPLE, complete_small_region

    complete_small_region()
    cache.clear()  # the error form's throttle
    settings.IMPORT_MAX_REJECT_RATE = 0.5
    run = import_file(SAMPLE, trigger=ImportRun.Trigger.COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return Place.objects.all()


def test_the_list_and_its_map_are_accessible_and_markers_open_with_the_keyboard(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    places,
):
    url = reverse("places:list")
    page.goto(live_server.url + url)
    markers = page.locator("#carte .map-marker")
    markers.nth(3).wait_for()  # drawn from the fetched GeoJSON
    assert markers.count() == 4
    assert_accessible(page, url)

    # Tab from the map reaches the markers; Enter opens one and says where it is.
    page.locator("#carte").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "map-marker" in focused
    name = page.evaluate("document.activeElement.title")
    page.keyboard.press("Enter")
    info = page.get_by_role("status").filter(has_text=name)
    info.wait_for()
    assert "Fiche de " + name in info.inner_text()
    # Once faded in (axe would measure the contrast of a half-transparent popup).
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('#carte .leaflet-popup')).opacity === '1'"
    )
    assert_accessible(page, url + " (popup)")

    # The filters apply to the map too.
    page.get_by_label("Département").select_option(label="Doubs (25)")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**departement=25**")
    page.locator("#carte .map-marker").first.wait_for()
    assert page.locator("#carte .map-marker").count() == 1
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_a_place_and_its_error_form_are_accessible_and_errors_are_announced(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    places,
):
    place = places.get(external_id="bfc-dijon-1")
    url = place.get_absolute_url()
    page.goto(live_server.url + url)
    assert page.get_by_role("heading", level=1).text_content() == place.name
    assert_accessible(page, url)

    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_role("alert").wait_for()
    field = page.get_by_label("Quelle erreur avez-vous vue ?")
    assert field.get_attribute("aria-invalid") == "true"
    assert "Décrivez l'erreur constatée." in page.locator("#id_message_error").inner_text()
    assert_accessible(page, url + " (erreurs)")

    field.fill("Le lieu ferme à 17 h le vendredi.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_role("status").filter(has_text="votre signalement a été transmis").wait_for()
    assert_accessible(page, url + " (envoyé)")
    assert page.watch.console_errors == []
