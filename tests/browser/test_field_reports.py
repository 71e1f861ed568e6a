"""Field reports in a real headless Chromium: accessibility (axe-core, WCAG 2.1 A and
AA) of the public counts, of the form (empty, with errors, with the map open), of a
report's page and of an agent's list; an agent reports a zone placing the point on the
map with the keyboard only (the map opens on the commune typed), a curator validates
it in the admin, and it is in the CSV export. No console error, no request leaving the
site."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import FieldReport
from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.browser.test_project_workflow import sign_in
from tests.directory.factories import PASSWORD, make_agent, make_curator, make_organisation
from tests.portal.field_reports.factories import make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


def test_the_public_counts_are_accessible(page, live_server, small_region):  # noqa: F811
    url = reverse("field_reports:home")
    page.goto(live_server.url + url)
    assert_accessible(page, url + " (vide)")
    organisation = make_organisation("Communauté de communes")
    kept = make_report(organisation, state="validated", operators=["20801", "20810"])
    make_report(organisation, state="merged", duplicate_of=kept)
    make_report(organisation, commune="25056", state="validated")
    page.goto(live_server.url + url)
    assert page.get_by_role("table", name="Côte-d'Or (21) : 1 remontée validée").is_visible()
    assert_accessible(page, url)
    assert page.get_by_role("link", name="Connectez-vous").is_visible()
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def _fill_the_zone(page) -> None:  # noqa: F811
    page.get_by_label("Commune").fill("Dijon")
    page.get_by_label("Adresse ou lieu-dit").fill("Route de Beaune, sortie sud")
    page.get_by_label("Orange").check()
    page.get_by_label("SFR").check()
    page.get_by_label("4G").check()
    page.get_by_label("Axe routier").check()
    page.get_by_label("Constatée le").fill(str(timezone.localdate() - timedelta(days=2)))
    page.get_by_label("Description").fill("Appels coupés sur deux kilomètres.")
    page.get_by_label("Niveau de signal (dBm)").fill("-117")


def _place_the_point_with_the_keyboard(page, url) -> tuple[float, float]:  # noqa: F811
    opener = page.get_by_role("button", name="Choisir le point sur la carte")
    opener.focus()
    page.keyboard.press("Enter")
    page.get_by_role("region", name="Carte pour placer la zone").wait_for()
    assert page.evaluate("document.activeElement.id") == "carte-point-carte"
    page.locator(".point-picker__commune").first.wait_for(state="attached")
    for key in ("ArrowRight", "ArrowUp", "Equal"):
        page.keyboard.press(key)
    page.wait_for_timeout(400)  # Leaflet's pan animation
    centre = page.get_by_role("button", name="Placer le point au centre de la carte")
    centre.focus()
    page.keyboard.press("Enter")
    assert "Point placé au centre de la carte" in page.locator("#carte-point-info").inner_text()
    latitude = float(page.get_by_label("Latitude").input_value())
    longitude = float(page.get_by_label("Longitude").input_value())
    # The map opened on the commune typed (Dijon's square), so the point is in it.
    assert 47.3 < latitude < 47.4 and 5.0 < longitude < 5.1
    assert_accessible(page, url + " (carte ouverte)")
    page.keyboard.press("Escape")
    return latitude, longitude


def _validate_in_the_admin(browser, live_server, report) -> str:  # noqa: F811
    """The curator validates the report in the admin; returns the CSV export."""
    make_curator("curatrice@region.fr")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(live_server.url + reverse("admin:login"))
    tab.get_by_label("Adresse électronique").fill("curatrice@region.fr")
    tab.get_by_label("Mot de passe").fill(PASSWORD)
    tab.get_by_role("button", name="Connexion").click()
    tab.wait_for_url(live_server.url + reverse("admin:index"))
    tab.goto(live_server.url + reverse("admin:portal_fieldreport_change", args=[report.pk]))
    tab.get_by_role("link", name="Valider", exact=True).click()
    tab.get_by_label("Message à la personne qui l'a signalée (facultatif)").fill("Merci.")
    tab.get_by_role("button", name="Valider").click()
    tab.get_by_text("1 remontée(s) validée(s).").wait_for()
    export = tab.request.get(live_server.url + reverse("field_reports:export_csv"))
    assert export.status == 200
    body = export.body().decode("utf-8-sig")
    context.close()
    return body


def test_an_agent_reports_a_zone_a_curator_validates_it_and_it_is_exported(
    page,  # noqa: F811
    browser,  # noqa: F811
    live_server,
    commune_outlines,
):
    """Long because it follows the report from the agent's form to the curators'
    export, each step depending on the one before."""
    make_agent("agent@val.fr", make_organisation("Communauté de communes du Val"))
    url = reverse("field_reports:create")
    sign_in(page, live_server, url, "agent@val.fr")
    page.wait_for_url(f"**{url}")
    assert_accessible(page, url)
    page.get_by_role("button", name="Envoyer la remontée").click()
    assert page.get_by_text("le formulaire contient des erreurs").is_visible()
    assert_accessible(page, url + " (erreurs)")

    _fill_the_zone(page)
    latitude, _ = _place_the_point_with_the_keyboard(page, url)
    page.get_by_role("button", name="Envoyer la remontée").click()
    page.get_by_text("est enregistrée").wait_for()
    report = FieldReport.objects.get()
    assert page.url == live_server.url + report.get_absolute_url()
    assert (report.commune_id, report.operators) == ("21231", ["20801", "20810"])
    assert round(report.latitude, 5) == latitude and report.state == "new"
    assert_accessible(page, report.get_absolute_url())
    page.goto(live_server.url + reverse("field_reports:mine"))
    assert_accessible(page, reverse("field_reports:mine"))

    rows = list(csv.DictReader(io.StringIO(_validate_in_the_admin(browser, live_server, report))))
    assert [row["Remontée n°"] for row in rows] == [str(report.pk)]
    assert rows[0]["Opérateurs"] == "Orange, SFR" and rows[0]["Signal (dBm)"] == "-117"
    report.refresh_from_db()
    assert report.state == "validated"
    page.reload()
    assert page.get_by_text("Validée").first.is_visible()
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
