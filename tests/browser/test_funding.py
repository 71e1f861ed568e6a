"""The funding guide in a real headless Chromium: accessibility (axe-core, WCAG 2.1
A and AA) of the list of aides filtered by a commune, of a closed aide's page and of
the agents' form. Shares the browser fixtures of test_browser (skipped with it when
Chromium is missing)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.browser.test_project_workflow import sign_in
from tests.directory.factories import make_agent, make_organisation
from tests.portal.funding.factories import make_funding

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


@pytest.fixture
def aides(small_region):
    today = timezone.localdate()
    owner = make_organisation("Conseil régional")
    make_agent("agent@example.fr", owner)
    return {
        "soon": make_funding(
            "Appel à projets Territoires intelligents",
            regions=["27"],
            owner=owner,
            funders=[owner],
            sessions=[(None, today + timedelta(days=10))],
        ),
        "closed": make_funding(
            "Aide close", communes=["21231"], sessions=[(None, today - timedelta(days=3))]
        ),
        "national": make_funding("Fonds national", is_national=True),
    }


def test_the_list_and_pages_of_aides_are_accessible(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    aides,
):
    url = reverse("funding:list")
    page.goto(live_server.url + url)
    assert_accessible(page, url)
    page.get_by_label("Territoire (commune, intercommunalité, département : nom ou code)").fill(
        "Dijon"
    )
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**territoire=Dijon**")
    assert page.get_by_role("heading", level=2, name="2 aides").is_visible()
    assert_accessible(page, url + " (filtrée)")
    page.get_by_label("Territoire (commune, intercommunalité, département : nom ou code)").fill(
        "Atlantide"
    )
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**territoire=Atlantide**")
    assert_accessible(page, url + " (erreur)")
    for funding in (aides["soon"], aides["closed"]):
        page.goto(live_server.url + funding.get_absolute_url())
        assert_accessible(page, funding.get_absolute_url())
    assert page.get_by_text("Aide clôturée.").is_visible()
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_the_agents_form_is_accessible(page, live_server, aides):  # noqa: F811
    url = reverse("funding_agents:create")
    sign_in(page, live_server, url, "agent@example.fr")
    page.wait_for_url(f"**{url}")
    assert_accessible(page, url)
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    assert_accessible(page, url + " (erreurs)")
