"""The Dorsale in a real headless Chromium: accessibility (axe-core, WCAG 2.1 A and
AA) of the explanation page, of the form (empty, with errors, with the map open) and
of a request's page and of its withdrawal; an agent files a request with the keyboard
only: the commune's fibre appears under the site when the commune is typed, the map
places the point under its centre cross; then withdraws it. No console error, no
request leaving the site."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from observatories.models import CommuneFtth
from portal.models import InterconnectionRequest
from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.browser.test_project_workflow import sign_in
from tests.directory.factories import make_agent, make_organisation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


@pytest.fixture
def agent(ftth_deployed, commune_outlines):
    CommuneFtth.objects.filter(commune_id="21231").update(operators="Orange")
    department = make_organisation("Département de la Côte-d'Or", kind="department")
    return make_agent("agent@cotedor.fr", department)


def test_the_public_page_is_accessible(page, live_server):  # noqa: F811
    url = reverse("interconnection:home")
    page.goto(live_server.url + url)
    assert_accessible(page, url)
    assert page.get_by_role("link", name="Connectez-vous").is_visible()


def test_an_agent_files_a_request_with_the_keyboard(page, live_server, agent):  # noqa: F811
    """Long because it follows one agent through the form, each step depending on the
    one before: the figures of the commune, the map, the point, the request's page."""
    url = reverse("interconnection:create")
    sign_in(page, live_server, url, "agent@cotedor.fr")
    page.wait_for_url(f"**{url}")
    assert_accessible(page, url)

    page.get_by_role("button", name="Déposer la demande").click()
    assert page.get_by_text("le formulaire contient des erreurs").is_visible()
    assert_accessible(page, url + " (erreurs)")

    page.get_by_label("Objet de la demande").fill("Raccordement du collège")
    page.get_by_label("GFU (groupe fermé d'utilisateurs)").check()
    page.get_by_label("Débit souhaité (Mbit/s)").fill("1000")
    page.get_by_label("Date de raccordement souhaitée").fill(
        str(timezone.localdate() + timedelta(days=200))
    )
    page.get_by_label("Nom du contact").fill("Dominique Contact")
    page.get_by_label("Nom du site").fill("Collège Jean-Moulin")
    commune = page.get_by_label("Commune")
    commune.fill("Dijon")
    commune.press("Tab")  # the change fetches the commune's fibre
    figures = page.locator("#sites-0-fibre")
    figures.get_by_text("91,8 % des locaux raccordables au FttH").wait_for()
    assert "Opérateurs d'infrastructure : Orange" in figures.inner_text()

    # The map, with the keyboard only: open it, pan, place the point at the centre.
    opener = page.get_by_role("button", name="Choisir le point sur la carte pour le site 1")
    opener.focus()
    page.keyboard.press("Enter")
    map_region = page.get_by_role("region", name="Carte pour placer le site")
    map_region.wait_for()
    assert page.evaluate("document.activeElement.id") == "carte-point-carte"
    page.locator(".point-picker__commune").first.wait_for(state="attached")
    for key in ("ArrowRight", "ArrowUp", "Equal"):
        page.keyboard.press(key)
    page.wait_for_timeout(400)  # Leaflet's pan animation
    centre = page.get_by_role("button", name="Placer le point au centre de la carte")
    centre.focus()
    page.keyboard.press("Enter")
    status = page.locator("#carte-point-info")
    assert "Point placé au centre de la carte : latitude 47.3" in status.inner_text()
    latitude = float(page.get_by_label("Latitude").input_value())
    longitude = float(page.get_by_label("Longitude").input_value())
    assert 47.3 < latitude < 47.4 and 5.0 < longitude < 5.1  # in Dijon's square
    assert_accessible(page, url + " (carte ouverte)")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.textContent").startswith("Choisir le point")

    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_text("est reçue").wait_for()
    request = InterconnectionRequest.objects.get()
    assert page.url == live_server.url + request.get_absolute_url()
    site = request.sites.get()
    assert (site.commune_id, round(site.latitude, 5)) == ("21231", latitude)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Demande n°")
    assert_accessible(page, request.get_absolute_url())

    # Then withdraws it, from its page, with the reason.
    page.get_by_role("link", name="Retirer cette demande").click()
    withdraw = reverse("interconnection:withdraw", args=[request.uuid])
    page.wait_for_url(f"**{withdraw}")
    assert_accessible(page, withdraw)
    page.get_by_label("Raison du retrait (facultatif)").fill("Sites raccordés autrement.")
    page.get_by_role("button", name="Retirer la demande").click()
    page.get_by_text("est retirée").wait_for()
    request.refresh_from_db()
    assert request.state == InterconnectionRequest.State.WITHDRAWN
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
