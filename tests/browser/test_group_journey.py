"""A working group's journey in a real headless Chromium (issue 11): an agent asks to
join a group, the lead accepts, the agent then sees the members-only document (its
page, its file) and the members-only meeting in the group's iCal, while a visitor
gets 404 on the document and only the public meeting. axe-core on each page, no
console error, no request leaving the site. Shares the browser fixtures of
test_pages (skipped with it when Chromium is missing)."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from directory.models import GroupMembership, Visibility
from portal.models import Event
from tests.browser.test_pages import (  # noqa: F401  (fixtures)
    PageWatch,
    assert_accessible,
    browser,
    page,
    unhashed_static_files,
)
from tests.browser.test_project_workflow import sign_in
from tests.directory.factories import isolated_cache, make_organisation
from tests.directory.groups.factories import add_member, make_group, make_person
from tests.portal.agenda.factories import PARIS, make_event
from tests.portal.groups.factories import make_document

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("strategy"),
]

DOCUMENT = "Relevé de décisions réservé"
PUBLIC_MEETING = "Réunion plénière ouverte"
PRIVATE_MEETING = "Réunion restreinte des membres"


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    isolated_cache(settings)  # the throttle of the group's e-mails starts afresh
    group = make_group("Ouverture des données", slug="ouverture")
    syndicate = make_organisation("Syndicat du numérique")
    lead = make_person("lead@example.fr", syndicate, first_name="Claire", last_name="Fontaine")
    add_member(group, lead, role="lead")
    agent = make_person("agent@example.fr", first_name="Hugo", last_name="Petit")
    document = make_document(DOCUMENT, syndicate, group)
    start = datetime.datetime.now(PARIS).replace(microsecond=0) + datetime.timedelta(days=7)
    meetings = {
        "public": make_event(
            PUBLIC_MEETING,
            syndicate,
            kind=Event.Kind.WORKING_GROUP,
            working_group=group,
            start=start,
        ),
        "members": make_event(
            PRIVATE_MEETING,
            syndicate,
            kind=Event.Kind.WORKING_GROUP,
            working_group=group,
            visibility=Visibility.MEMBERS,
            start=start + datetime.timedelta(days=1),
        ),
    }
    return {"group": group, "lead": lead, "agent": agent, "document": document, **meetings}


def new_tab(browser, live_server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.watch = PageWatch(tab, live_server.url)
    return tab


def visit(tab, live_server, url: str, status: int = 200):
    response = tab.goto(live_server.url + url)
    assert response.status == status, url
    assert_accessible(tab, url)
    return response


def calendar_summaries(tab, live_server, world) -> dict[str, str]:
    """The group's iCal through the link of its page, with the tab's session."""
    link = tab.get_by_role("link", name="télécharger (iCal)")
    assert link.get_attribute("href") == reverse("agenda:group_ical", args=[world["group"].slug])
    response = tab.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.body())
    return {str(vevent["UID"]): str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")}


def uid(event) -> str:
    return f"{event.uid}@scoran-bfc"


def assert_clean(tab) -> None:
    assert tab.watch.console_errors == []
    assert tab.watch.foreign_requests == []


def test_an_agent_joins_a_group_then_reaches_its_members_only_document_and_meetings(
    page,  # noqa: F811  (the fixture imported above): the agent's tab
    browser,  # noqa: F811
    live_server,
    world,
):
    """Long because it follows one journey, each step depending on the one before."""
    group, document = world["group"], world["document"]
    group_url = group.get_absolute_url()

    # 1. The agent, not in the group, sees neither the document nor the private
    # meeting, and asks to join through the group page's button and form.
    sign_in(page, live_server, reverse("accounts:login"), "agent@example.fr")
    page.wait_for_url(live_server.url + reverse("accounts:account"))
    visit(page, live_server, group_url)
    assert page.get_by_text(PUBLIC_MEETING).count() == 1
    assert page.get_by_text(DOCUMENT).count() == 0
    assert page.get_by_text(PRIVATE_MEETING).count() == 0
    page.get_by_role("link", name="Demander à rejoindre").click()
    page.wait_for_url(live_server.url + reverse("groups:join", args=[group.slug]))
    assert_accessible(page, "join form")
    page.get_by_label("Votre message aux animateurs").fill(
        "Bonjour, <script>alert(1)</script> je souhaite contribuer."
    )
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url(live_server.url + group_url)
    page.get_by_text("Votre demande est envoyée aux animateurs du groupe").wait_for()
    assert page.get_by_text("attend la réponse d'un animateur").count() == 1
    assert page.get_by_text(DOCUMENT).count() == 0
    request = GroupMembership.objects.get(group=group, user=world["agent"])
    assert request.status == GroupMembership.Status.REQUESTED

    # 2. The lead, in a browser of their own, accepts the request from the members page.
    lead = new_tab(browser, live_server)
    sign_in(lead, live_server, reverse("accounts:login"), "lead@example.fr")
    lead.wait_for_url(live_server.url + reverse("accounts:account"))
    visit(lead, live_server, group_url)
    lead.get_by_role("link", name="Gérer les membres").click()
    lead.wait_for_url(live_server.url + reverse("groups:members", args=[group.slug]))
    assert_accessible(lead, "members page with a request")
    # The message is shown as text, never run.
    assert lead.get_by_text("<script>alert(1)</script>", exact=False).count() == 1
    accept = lead.get_by_role("button", name="Accepter la demande de agent@example.fr")
    accept.focus()
    lead.keyboard.press("Enter")
    lead.get_by_text("a rejoint le groupe.").wait_for()
    assert lead.get_by_text("Aucune demande en attente.").count() == 1
    request.refresh_from_db()
    assert request.status == GroupMembership.Status.ACTIVE
    assert_clean(lead)
    lead.context.close()

    # 3. The agent, now a member, finds the document on the group page, opens it and
    # downloads its file; the group's calendar holds both meetings.
    page.reload()
    assert_accessible(page, "group page as a member")
    assert page.get_by_text("Vous êtes membre de ce groupe").count() == 1
    page.get_by_role("link", name=DOCUMENT).click()
    page.wait_for_url(live_server.url + document.get_absolute_url())
    assert_accessible(page, "members-only document")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger la version 1.0").click()
    download = download_info.value
    assert download.suggested_filename == f"{document.slug}.pdf"
    assert download.path().read_bytes().startswith(b"%PDF")
    page.goto(live_server.url + group_url)
    assert calendar_summaries(page, live_server, world) == {
        uid(world["public"]): PUBLIC_MEETING,
        uid(world["members"]): PRIVATE_MEETING,
    }
    assert_clean(page)

    # 4. A visitor gets 404 on the document's page and file, does not see it on the
    # group page, and the group's calendar holds the public meeting only.
    visitor = new_tab(browser, live_server)
    visit(visitor, live_server, document.get_absolute_url(), status=404)
    file_url = reverse("resources:latest", args=[document.slug])
    assert visitor.request.get(live_server.url + file_url).status == 404
    visit(visitor, live_server, group_url)
    assert visitor.get_by_text(DOCUMENT).count() == 0
    assert visitor.get_by_text(PRIVATE_MEETING).count() == 0
    assert visitor.get_by_text(PUBLIC_MEETING).count() == 1
    assert calendar_summaries(visitor, live_server, world) == {uid(world["public"]): PUBLIC_MEETING}
    # Chromium logs the 404 of the document's page: the only error allowed here.
    not_found = "Failed to load resource: the server responded with a status of 404 (Not Found)"
    assert visitor.watch.console_errors == [not_found]
    assert visitor.watch.foreign_requests == []
    visitor.context.close()
