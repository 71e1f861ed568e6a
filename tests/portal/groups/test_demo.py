"""The demo meetings and documents of the demo working groups: made for the groups
that exist (none otherwise), meetings of each group upcoming and past, public and
members-only, a members-only document with its PDF; a later run moves the meetings
around the day of the run (same calendar UIDs) and adds no document."""

import datetime

import pytest
from django.utils import timezone

from directory.models import Visibility
from portal.groups.demo import create_demo_group_items
from portal.models import Event, Resource
from tests.directory.factories import make_curator, make_organisation
from tests.portal.groups.factories import make_group

pytestmark = pytest.mark.django_db

SLUGS = ["ouverture-des-donnees", "couverture-mobile", "inclusion-numerique"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_without_the_demo_groups_it_makes_nothing(small_region):
    make_organisation("Syndicat mixte du numérique (démonstration)")
    make_group("Un autre groupe", "autre-groupe")
    assert create_demo_group_items(make_curator()) == {"meetings": [], "documents": []}
    assert not Event.objects.exists() and not Resource.objects.exists()


def test_each_demo_group_gets_its_meetings_and_documents(small_region):
    make_organisation("Syndicat mixte du numérique (démonstration)")
    groups = [make_group(slug.replace("-", " ").capitalize(), slug) for slug in SLUGS]
    made = create_demo_group_items(make_curator())
    meetings, documents = made["meetings"], made["documents"]
    for group in groups:
        assert 1 <= group.meetings.count() <= 2 and 1 <= group.documents.count() <= 2
        assert group.meetings.upcoming().exists()
    for event in meetings:
        event.full_clean()
        assert event.is_published and event.is_demo and "démonstration" in event.title
        assert event.kind == Event.Kind.WORKING_GROUP
    assert {event.visibility for event in meetings} == set(Visibility.values)
    assert Event.objects.filter(visibility=Visibility.MEMBERS).upcoming().exists()
    assert all(resource.is_published and resource.is_demo for resource in documents)
    secret = Resource.objects.get(
        working_group__slug="ouverture-des-donnees", visibility=Visibility.MEMBERS
    )
    stored = secret.versions.get().files.get()
    assert stored.content_type == "application/pdf"
    with stored.file.open("rb") as opened:
        assert opened.read().startswith(b"%PDF")


def test_a_later_run_moves_the_meetings_and_adds_no_document(small_region):
    make_organisation("Syndicat mixte du numérique (démonstration)")
    make_group("Ouverture des données", "ouverture-des-donnees")
    curator = make_curator()
    create_demo_group_items(curator)
    uids = set(Event.objects.values_list("uid", flat=True))
    starts = dict(Event.objects.values_list("slug", "start"))
    again = create_demo_group_items(curator, timezone.localdate() + datetime.timedelta(days=30))
    assert again["documents"] == [] and Resource.objects.count() == 2
    assert set(Event.objects.values_list("uid", flat=True)) == uids
    for slug, start in Event.objects.values_list("slug", "start"):
        assert start - starts[slug] == datetime.timedelta(days=30)
