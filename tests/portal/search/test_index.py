"""Keeping the index true: only public items, re-indexed after the transaction that
changes them commits (never on rollback), rebuilt by the nightly job and the
command, filled by the demo."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from directory.models import Visibility
from portal.models import Resource, SearchEntry
from portal.search import services
from portal.search.tasks import rebuild_search_index
from scoran.lib.catalogues import SEARCHABLE_KINDS
from scoran.lib.moderation import transition
from strategy.models import ActionTrack, Indicator, Orientation
from tests.directory.factories import make_curator, make_organisation
from tests.directory.groups.factories import make_group
from tests.portal.factories import make_resource_row

pytestmark = pytest.mark.django_db


def indexed(kind: str) -> dict[str, str]:
    return dict(SearchEntry.objects.filter(kind=kind).values_list("key", "title"))


@pytest.fixture
def author(small_region):
    return make_organisation("Syndicat auteur")


def test_the_rebuild_indexes_every_public_item_of_every_kind_and_nothing_else(author):
    public = make_resource_row(
        "Guide public", author, orientations=[Orientation.objects.get(number=2)]
    )
    make_resource_row("Brouillon", author, state="draft")
    group = make_group("Groupe ouvert")
    make_resource_row("Réservé", author, working_group=group, visibility=Visibility.MEMBERS)
    SearchEntry.objects.create(kind="disparu", key="1", title="Un type retiré", url="/")
    counts = services.rebuild_index()
    assert set(counts) == set(SEARCHABLE_KINDS.keys())
    assert indexed("ressources") == {str(public.pk): "Guide public"}
    entry = SearchEntry.objects.get(kind="ressources")
    assert entry.orientations == ["2"] and entry.url == public.get_absolute_url()
    assert not SearchEntry.objects.filter(kind="disparu").exists()
    # The strategy: its orientations, pistes and indicators; the communes.
    assert counts["orientations"] == Orientation.objects.count() == 15
    assert counts["pistes"] == ActionTrack.objects.count() > 0
    assert counts["indicateurs"] == Indicator.objects.count() > 0
    assert indexed("communes") == {"21231": "Dijon", "21060": "Belleneuve", "25056": "Besançon"}
    dijon = SearchEntry.objects.get(kind="communes", key="21231")
    assert dijon.url == "/territoires/communes/21231/" and dijon.departments == ["21"]
    assert SearchEntry.objects.count() == sum(counts.values())


def test_a_rebuild_twice_gives_the_same_index(author):
    make_resource_row("Guide public", author)
    first = services.rebuild_index()
    assert services.rebuild_index() == first


def test_an_item_is_reindexed_when_its_transaction_commits(
    author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resource = make_resource_row("Guide des réseaux", author)
    assert callbacks and indexed("ressources") == {str(resource.pk): "Guide des réseaux"}
    with django_capture_on_commit_callbacks(execute=True):
        resource.title = "Guide des réseaux d'initiative publique"
        resource.save()
    assert indexed("ressources") == {str(resource.pk): "Guide des réseaux d'initiative publique"}
    with django_capture_on_commit_callbacks(execute=True):
        resource.delete()
    assert indexed("ressources") == {}


def test_nothing_is_indexed_when_the_transaction_rolls_back(author):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_resource_row("Guide annulé", author)
        raise RuntimeError
    # The test's transaction never commits either: run what was left to run.
    assert indexed("ressources") == {}


def test_the_callbacks_of_a_rolled_back_savepoint_are_dropped(
    author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                make_resource_row("Guide annulé", author)
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and indexed("ressources") == {}


def test_unpublishing_or_making_members_only_removes_it_at_once(
    author, django_capture_on_commit_callbacks
):
    curator = make_curator()
    with django_capture_on_commit_callbacks(execute=True):
        resource = make_resource_row("Guide publié", author)
    assert str(resource.pk) in indexed("ressources")
    with django_capture_on_commit_callbacks(execute=True):
        transition(obj=resource, action="unpublish", by=curator, message="À revoir.")
    resource.refresh_from_db()
    assert resource.state != "published" and indexed("ressources") == {}
    with django_capture_on_commit_callbacks(execute=True):
        Resource.objects.filter(pk=resource.pk).update(state="published")
        resource.refresh_from_db()
        resource.save()
    assert str(resource.pk) in indexed("ressources")
    with django_capture_on_commit_callbacks(execute=True):
        resource.working_group = make_group("Groupe")
        resource.visibility = Visibility.MEMBERS
        resource.save()
    assert indexed("ressources") == {}


def test_an_orientation_linked_afterwards_reaches_the_facets(
    author, django_capture_on_commit_callbacks
):
    resource = make_resource_row("Guide", author)
    with django_capture_on_commit_callbacks(execute=True):
        resource.orientations.add(Orientation.objects.get(number=5))
    assert SearchEntry.objects.get(kind="ressources").orientations == ["5"]


def test_hostile_markers_are_taken_out_of_the_indexed_text(author):
    make_resource_row("Guide \ue000piégé\ue001", author, summary="\ue001")
    services.rebuild_kind(kind="ressources")
    entry = SearchEntry.objects.get(kind="ressources")
    assert entry.title == "Guide piégé" and entry.summary == ""


def test_the_command_and_the_nightly_job_rebuild_it(author):
    make_resource_row("Guide public", author)
    call_command("rebuild_search_index", stdout=(out := __import__("io").StringIO()))
    assert "ressources : 1" in out.getvalue() and indexed("ressources")
    SearchEntry.objects.all().delete()
    assert rebuild_search_index()["ressources"] == 1
    entry = settings.CELERY_BEAT_SCHEDULE["rebuild-search-index"]
    assert entry["task"] == "portal.search.tasks.rebuild_search_index"
