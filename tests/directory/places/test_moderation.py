"""Places are unpublished and published again through the moderation
(``directory/places/moderation.py``): admin actions, the decision page and the
change form make the same moves, kept in the history, and recompute the
indicators once per decision. Imported places are published and the import never
changes what curators decided."""

import shutil

import pytest
from django.urls import reverse

from directory.models import Place, PlaceEvent, PlaceIndicator
from directory.places import moderation
from observatories.importing.pipeline import import_file
from observatories.models import ImportRun
from scoran.lib.moderation import transition
from tests.directory.factories import make_curator
from tests.directory.places.test_places import SAMPLE, complete_small_region

pytestmark = pytest.mark.django_db
State = Place.State
Action = PlaceEvent.Action
CHANGELIST = "admin:directory_place_changelist"


@pytest.fixture
def imported(small_region, settings):
    """The sample file imported, as in ``test_places``."""
    complete_small_region()
    settings.IMPORT_MAX_REJECT_RATE = 0.5  # the sample has one bad row of five
    run = import_file(SAMPLE, trigger=ImportRun.Trigger.COMMAND)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return run


@pytest.fixture
def curator(client):
    user = make_curator()
    client.force_login(user)
    return user


@pytest.fixture
def recomputed(monkeypatch):
    """Counts the recomputations of the indicators by the moderation."""
    calls = []
    original = moderation.refresh_place_indicators

    def counted():
        calls.append(1)
        return original()

    monkeypatch.setattr(moderation, "refresh_place_indicators", counted)
    return calls


def published_places() -> int:
    return PlaceIndicator.objects.get(level="region").places


def test_imported_places_are_published_without_a_history(imported):
    assert set(Place.objects.published()) == set(Place.objects.all())
    assert not PlaceEvent.objects.exists()


def test_bulk_unpublishing_records_each_place_and_recomputes_the_indicators_once(
    client, imported, curator, recomputed
):
    places = list(Place.objects.filter(commune_id="21231"))
    assert published_places() == 4 and len(places) == 2
    response = client.post(
        reverse(CHANGELIST),
        {"action": "unpublish", "_selected_action": [p.pk for p in places]},
        follow=True,
    )
    assert "2 lieu(x) dépublié(s)." in response.content.decode()
    assert recomputed == [1]
    assert published_places() == 2
    for place in places:
        event = place.events.get()
        assert (event.action, event.by) == (Action.UNPUBLISHED, curator)
    assert not any(p in Place.objects.published() for p in places)
    assert client.get(reverse("places:list")).context["page"].paginator.count == 2

    # Again: refused one by one, nothing recomputed.
    response = client.post(
        reverse(CHANGELIST),
        {"action": "unpublish", "_selected_action": [places[0].pk]},
        follow=True,
    )
    assert "n&#x27;est pas publié : il ne peut pas être dépublié." in response.content.decode()
    assert recomputed == [1] and places[0].events.count() == 1


def test_a_place_is_published_again_from_its_decision_page(client, imported, curator):
    place = Place.objects.get(external_id="bfc-besancon-1")
    client.post(reverse(CHANGELIST), {"action": "unpublish", "_selected_action": [place.pk]})
    change = reverse("admin:directory_place_change", args=[place.pk])
    publish = reverse("admin:directory_place_moderate", args=[place.pk, "publier"])
    page = client.get(change).content.decode()
    assert publish in page and "Dépublié" in page
    assert client.post(publish)["Location"] == change
    place.refresh_from_db()
    assert place.is_published and place.events.first().action == Action.PUBLISHED
    assert published_places() == 4
    assert client.get(place.get_absolute_url()).status_code == 200


def test_the_change_forms_checkbox_goes_through_the_moderation(client, imported, curator):
    place = Place.objects.get(external_id="bfc-dijon-1")
    url = reverse("admin:directory_place_change", args=[place.pk])
    form = client.get(url).context["adminform"].form
    assert form["is_published"].initial is True
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name in form.fields
    }
    data.update(
        {
            "emails": ",".join(place.emails),
            "websites": "|".join(place.websites),
            "typologies": ",".join(place.typologies),
            "name": "Nouveau nom",
            "error_reports-TOTAL_FORMS": 0,
            "error_reports-INITIAL_FORMS": 0,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    place.refresh_from_db()
    assert place.name == "Nouveau nom" and place.state == State.DRAFT
    assert place.events.get().action == Action.UNPUBLISHED
    assert published_places() == 3


def test_the_import_keeps_what_curators_decided(imported, curator, tmp_path):
    place = Place.objects.get(external_id="bfc-dijon-1")
    transition(obj=place, action="unpublish", by=curator, message="Fermé définitivement.")
    copy = tmp_path / "lieux-copie.csv"
    shutil.copy(SAMPLE, copy)
    with open(copy, "a", encoding="utf-8") as handle:
        handle.write("\n")
    again = import_file(copy, trigger=ImportRun.Trigger.COMMAND)
    assert again.status == ImportRun.Status.SUCCEEDED, again.error
    place.refresh_from_db()
    assert place.state == State.DRAFT
    assert list(place.events.values_list("message", flat=True)) == ["Fermé définitivement."]
