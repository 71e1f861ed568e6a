"""The agents' project pages in a real headless Chromium: axe-core (WCAG 2.1 A/AA) on
the list, the new-project form with its errors, the edit page, the history and the
follow-up; no CSP error. Shares the browser fixtures of test_browser (skipped with
it when Chromium is missing)."""

import pytest
from django.urls import reverse

from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.directory.factories import (
    PASSWORD,
    make_agent,
    make_curator,
    make_organisation,
    make_project,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


def test_an_agent_writes_submits_and_follows_a_project_on_accessible_pages(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    settings,
    tmp_path,
):
    """Long because it follows one person's journey step by step, each step
    depending on the one before: split, it would repeat the set-up of each."""
    from directory.models import Project

    settings.MEDIA_ROOT = tmp_path
    organisation = make_organisation("Syndicat du numérique", slug="syndicat")
    agent = make_agent("agent@example.fr", organisation)
    curator = make_curator()
    action = make_project(
        organisation, by=agent, title="Action suivie", state="changes_requested", curator=curator
    )
    Project.objects.filter(pk=action.pk).update(is_scoran_action=True)

    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Adresse électronique").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url(live_server.url + reverse("accounts:account"))

    page.get_by_role("link", name="Les projets de mes structures").click()
    mine = reverse("project_agents:mine")
    page.wait_for_url(live_server.url + mine)
    assert_accessible(page, mine)

    page.get_by_role("link", name="Proposer un projet").click()
    create = reverse("project_agents:create")
    page.wait_for_url(live_server.url + create)
    assert_accessible(page, create)
    page.get_by_label("Communes concernées").fill("Atlantis")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_role("alert").first.wait_for()
    communes = page.get_by_label("Communes concernées")
    assert communes.get_attribute("aria-invalid") == "true"
    assert "id_communes_error" in communes.get_attribute("aria-describedby")
    assert_accessible(page, create + " (erreurs)")

    page.get_by_label("Communes concernées").fill("")
    page.get_by_label("Titre (obligatoire)").fill("Tiers-lieu numérique")
    page.get_by_label("Résumé (obligatoire)").fill("Un lieu pour tous.")
    page.get_by_label("Description (obligatoire)").fill("Ouvert en 2026.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    edit = reverse("project_agents:edit", args=["tiers-lieu-numerique"])
    page.wait_for_url(live_server.url + edit)
    assert_accessible(page, edit)
    page.get_by_role("button", name="Soumettre à la relecture").click()
    page.wait_for_url(live_server.url + mine)
    page.get_by_role("status").filter(has_text="transmis").wait_for()
    assert_accessible(page, mine + " (soumis)")

    for url in (
        reverse("project_agents:edit", args=[action.slug]),
        reverse("project_agents:history", args=[action.slug]),
        reverse("project_agents:follow_up", args=[action.slug]),
    ):
        page.goto(live_server.url + url)
        assert_accessible(page, url)
    page.get_by_label("Avancement (%)").fill("150")
    page.get_by_role("button", name="Enregistrer le suivi").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page, "suivi (erreurs)")
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []
