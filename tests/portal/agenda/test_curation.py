"""Events take part in the curation every curated kind shares: "Signaler une
erreur", the organisers' reminder of those « à vérifier », an organiser's edit that
confirms, and the check of their links."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from directory.freshness.services import check_links, send_review_reminders
from directory.models import LinkCheck
from portal.agenda import services
from portal.models import Event
from tests.directory.factories import make_agent, make_organisation
from tests.directory.freshness.conftest import site  # noqa: F401 (the loopback site)
from tests.portal.agenda.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


@pytest.fixture
def owner():
    return make_organisation("Syndicat organisateur", slug="syndicat")


def _report_url(event) -> str:
    return reverse("reports:report", kwargs={"kind": "agenda", "key": str(event.pk)})


def test_a_published_event_links_to_its_report_form(client, owner):
    event = make_event("Atelier", owner)
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'<a href="{_report_url(event)}" rel="nofollow">Signaler une erreur</a>' in page
    assert client.get(_report_url(event)).status_code == 200


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested", "refused"])
def test_unpublished_events_cannot_be_reported(client, owner, state):
    event = make_event("Brouillon", owner, state=state)
    assert client.get(_report_url(event)).status_code == 404


def test_organisers_are_reminded_and_their_edit_confirms(owner, settings):
    settings.REVIEW_AFTER_DAYS = 30
    agent = make_agent("agente@example.fr", owner)
    event = make_event("Atelier <b>x</b>", owner)
    Event.objects.filter(pk=event.pk).update(reviewed_at=timezone.now() - timedelta(days=31))
    assert send_review_reminders() == 1
    (sent,) = mail.outbox
    assert sent.to == ["agente@example.fr"]
    assert "Évènements :\n- Atelier <b>x</b> : http" in sent.body
    assert f"/agenda/{event.slug}/modifier/" in sent.body
    services.update_event(event=event, by=agent, values={"capacity": 20})
    event.refresh_from_db()
    assert not event.needs_review


def test_links_of_published_events_are_checked(owner, site, settings):  # noqa: F811
    settings.LINK_CHECK_BROKEN_AFTER = 1
    make_event("En ligne", owner, online_url=site.base + "/ok", registration_url=site.base + "/x")
    make_event("Brouillon", owner, state="draft", registration_url=site.base + "/cachee")
    check_links()
    assert set(LinkCheck.objects.values_list("kind", "url", "consecutive_failures")) == {
        ("agenda", site.base + "/ok", 0),
        ("agenda", site.base + "/x", 1),
    }
    assert ("HEAD", "/cachee") not in site.hits
