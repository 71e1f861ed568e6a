"""The pages of the working groups in a real headless Chromium: axe-core (WCAG 2.1 A
and AA), no CSP error, no request leaving the site, for the public, a member, an
agent asking to join and a lead (their members page, the news form with its
errors). The lead's journey through both branches is another test. Shares the
browser fixtures of test_pages (skipped with it when Chromium is missing)."""

import pytest
from django.urls import reverse

from strategy.models import Orientation
from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.browser.test_project_workflow import sign_in
from tests.directory.factories import make_organisation
from tests.directory.groups.factories import add_member, make_group, make_news, make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]


@pytest.fixture
def group():
    group = make_group(
        "Ouverture des données",
        slug="ouverture",
        description="Un **groupe** de travail sur l'ouverture des données.",
        rhythm="trimestriel",
        orientations=[Orientation.objects.get(number=14)],
    )
    syndicate = make_organisation("Syndicat du numérique")
    add_member(
        group,
        make_person("lead@example.fr", syndicate, first_name="Claire", last_name="Fontaine"),
        role="lead",
    )
    add_member(group, make_person("membre@example.fr", first_name="Hugo", last_name="Petit"))
    add_member(group, make_person("demande@example.fr"), status="requested", message="Bonjour")
    add_member(group, make_person("invite@example.fr"), status="invited")
    make_news(group, "Compte rendu public")
    make_news(group, "Relevé réservé", visibility="membres")
    make_person("agent@example.fr")
    return group


def sweep(tab, live_server, urls) -> None:
    for url in urls:
        response = tab.goto(live_server.url + url)
        assert response.status == 200, url
        assert_accessible(tab, url)
    assert tab.watch.console_errors == []
    assert tab.watch.foreign_requests == []


def test_the_public_pages_of_the_groups_are_accessible(
    page,  # noqa: F811  (the fixture imported above)
    live_server,
    group,
):
    news = group.news.get(visibility="public")
    sweep(
        page,
        live_server,
        [
            reverse("groups:list"),
            reverse("groups:list") + "?q=" + "x" * 101,  # a refused filter, its error
            group.get_absolute_url(),
            reverse("groups:news_list", args=[group.slug]),
            news.get_absolute_url(),
        ],
    )


@pytest.mark.parametrize(
    "email", ["membre@example.fr", "agent@example.fr", "invite@example.fr", "demande@example.fr"]
)
def test_a_readers_pages_are_accessible_at_each_step(
    page,  # noqa: F811
    live_server,
    group,
    email,
):
    sign_in(page, live_server, reverse("accounts:login"), email)
    page.wait_for_url(live_server.url + reverse("accounts:account"))
    urls = [group.get_absolute_url(), reverse("groups:mine")]
    if email == "agent@example.fr":
        urls.append(reverse("groups:join", args=[group.slug]))
    if email == "membre@example.fr":
        urls.append(group.news.get(visibility="membres").get_absolute_url())
    sweep(page, live_server, urls)


def test_the_leads_pages_are_accessible_errors_included(
    page,  # noqa: F811
    live_server,
    group,
):
    sign_in(page, live_server, reverse("accounts:login"), "lead@example.fr")
    page.wait_for_url(live_server.url + reverse("accounts:account"))
    members = reverse("groups:members", args=[group.slug])
    create = reverse("groups:news_create", args=[group.slug])
    sweep(page, live_server, [group.get_absolute_url(), members, create])
    page.goto(live_server.url + members)
    page.get_by_label("Adresse électronique du compte de la personne").fill("inconnu@example.fr")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page, members + " (erreur)")
    page.goto(live_server.url + create)
    page.get_by_role("button", name="Publier la nouvelle").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(page, create + " (erreurs)")
    assert page.watch.console_errors == []
