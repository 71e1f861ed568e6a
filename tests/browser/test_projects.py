"""Projects and the organisations map in a real headless Chromium: accessibility
(axe-core, WCAG 2.1 A and AA) of the list of projects with its map, a project's page,
and the directory with its map; markers drawn and opened with the keyboard. Shares
the browser fixtures of test_browser (skipped with it when Chromium is missing)."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
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
def projects(small_region, settings, tmp_path):
    from directory.models import Organisation, ProjectDocument, ProjectFunding, ProjectImage
    from strategy.models import ActionTrack, Orientation
    from tests.directory.factories import image_upload, make_organisation, make_project_row
    from tests.directory.places.test_places import complete_small_region

    settings.MEDIA_ROOT = tmp_path
    complete_small_region()
    dijon = make_organisation("Ville de Dijon", kind=Organisation.Kind.COMMUNE, commune_id="21231")
    doubs = make_organisation("Doubs Numérique", commune_id="25056")
    one = Orientation.objects.get(number=1)
    main = make_project_row(
        "Fibre des hameaux",
        dijon,
        partners=[doubs],
        communes=["21231"],
        orientations=[one],
        action_tracks=[ActionTrack.objects.get(orientation=one, position=2)],
        department_codes=["21"],
        description="Raccorder **les hameaux** isolés.\n\n- étape 1\n- étape 2",
        results="Trois hameaux raccordés.",
        budget=Decimal("250000"),
        contact_email="fibre@example.fr",
        is_scoran_action=True,
        progress=40,
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2027, 12, 31),
        evaluation="extend",
        evaluated_on=datetime.date(2025, 11, 20),
        evaluation_comment="À étendre.",
    )
    ProjectFunding.objects.create(project=main, funder="Région", amount=Decimal("100000"))
    image = ProjectImage(project=main, alt_text="Tranchée ouverte le long d'un chemin")
    image.image.save("photo.png", image_upload("photo.png"), save=True)
    document = ProjectDocument(
        project=main, title="Bilan 2025", content_type="application/pdf", size=14
    )
    document.file.save("bilan.pdf", ContentFile(b"%PDF-1.4 bilan"), save=True)
    make_project_row("Capteurs de rivière", doubs, department_codes=["25"])
    make_project_row("Wifi des écoles", doubs, communes=["21060"], department_codes=["21"])
    return main


def open_a_marker_with_the_keyboard(tab, url: str) -> None:
    tab.locator("#carte").focus()
    tab.keyboard.press("Tab")
    assert "map-marker" in tab.evaluate("document.activeElement.className")
    name = tab.evaluate("document.activeElement.title")
    tab.keyboard.press("Enter")
    info = tab.get_by_role("status").filter(has_text=name)
    info.wait_for()
    assert "Fiche de " + name in info.inner_text()
    tab.wait_for_function(
        "() => getComputedStyle(document.querySelector('#carte .leaflet-popup')).opacity === '1'"
    )
    assert_accessible(tab, url + " (popup)")


def test_the_list_of_projects_and_its_map_are_accessible(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    projects,
):
    url = reverse("projects:list")
    page.goto(live_server.url + url)
    markers = page.locator("#carte .map-marker")
    markers.nth(2).wait_for()
    assert markers.count() == 3
    assert_accessible(page, url)
    open_a_marker_with_the_keyboard(page, url)

    page.get_by_label("Département").select_option(label="Doubs (25)")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**departement=25**")
    page.locator("#carte .map-marker").first.wait_for()
    assert page.locator("#carte .map-marker").count() == 1
    assert_accessible(page, url + " (filtrée)")
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_a_project_page_is_accessible_and_its_image_loads(
    page,  # noqa: F811
    live_server,
    projects,
):
    url = projects.get_absolute_url()
    response = page.goto(live_server.url + url)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).text_content() == "Fibre des hameaux"
    image = page.get_by_role("img", name="Tranchée ouverte le long d'un chemin")
    image.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('main img').naturalWidth > 0")
    assert image.is_visible()
    assert_accessible(page, url)
    assert page.watch.console_errors == []


def test_the_directory_map_is_accessible_and_opens_with_the_keyboard(
    page,  # noqa: F811
    live_server,
    projects,
):
    url = reverse("directory:list")
    page.goto(live_server.url + url)
    page.locator("#carte .map-marker").nth(1).wait_for()
    assert page.locator("#carte .map-marker").count() == 2
    assert_accessible(page, url)
    open_a_marker_with_the_keyboard(page, url)
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
