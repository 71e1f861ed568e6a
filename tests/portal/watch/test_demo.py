"""The demo's watch: two sources reading feeds the portal serves itself."""

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from observatories.models import ImportRun
from portal.models import WatchItem
from portal.watch.demo import create_demo_watch

pytestmark = pytest.mark.django_db


def test_the_demo_imports_thirty_items_from_two_sources_served_by_the_portal(client, settings):
    runs = create_demo_watch()
    assert [run.status for run in runs] == [ImportRun.Status.SUCCEEDED] * 2
    assert WatchItem.objects.published().count() == 30
    assert all(item.orientations.exists() for item in WatchItem.objects.all())
    for run in runs:
        assert run.source.url.startswith(settings.SITE_URL + "/veille/demo/")
        assert PeriodicTask.objects.filter(args=f"[{run.source.pk}]").exists()
        path = run.source.url.removeprefix(settings.SITE_URL)
        response = client.get(path)
        assert response.status_code == 200
        assert b"<?xml" in b"".join(response.streaming_content)
    # Run again: the same thirty, updated, not repeated.
    create_demo_watch()
    assert WatchItem.objects.count() == 30


def test_only_the_demo_feeds_are_served(client):
    assert client.get(reverse("watch:demo_feed", args=["passwd"])).status_code == 404


def test_the_demo_has_a_proposal_waiting_for_review_made_once():
    from portal.watch.demo import create_demo_proposal
    from tests.directory.factories import make_agent, make_curator, make_organisation

    make_curator()
    organisation = make_organisation("Syndicat de démonstration")
    agent = make_agent("agent@demo.scoran.invalid", organisation)
    first = create_demo_proposal(organisation=organisation, by=agent)
    assert first.state == WatchItem.State.SUBMITTED and first.created_by == agent
    assert create_demo_proposal(organisation=organisation, by=agent) == first
    assert WatchItem.objects.count() == 1
