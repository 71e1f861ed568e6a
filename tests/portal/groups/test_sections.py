"""A working group's page shows its meetings (upcoming first, then the last past
ones) and its documents, with its calendar (download and webcal); the group's
calendar holds its published meetings of the last year, and none of another group.
The sections' rows cost the same queries whatever their number."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from directory.groups.sections import GroupViewing
from directory.models import Visibility
from portal.agenda.selectors import group_meetings
from portal.agenda.services import unique_slug
from portal.resources.selectors import group_documents
from tests.directory.factories import make_agent, make_organisation
from tests.portal.agenda.factories import PARIS, make_event
from tests.portal.groups.factories import join, make_document, make_group

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def group():
    return make_group()


@pytest.fixture
def organiser():
    return make_organisation("Syndicat organisateur")


def now():
    return datetime.datetime.now(PARIS).replace(microsecond=0)


def meeting(title, organiser, group, *, days: int, **extra):
    return make_event(title, organiser, start=now() + days * DAY, working_group=group, **extra)


def test_the_page_shows_meetings_then_documents_upcoming_first(client, group, organiser):
    meeting("Réunion lointaine", organiser, group, days=30)
    meeting("Réunion prochaine", organiser, group, days=3)
    meeting("Réunion passée", organiser, group, days=-20)
    meeting("Réunion brouillon", organiser, group, days=5, state="draft")
    make_event("Atelier d'un autre groupe", organiser, working_group=make_group("Autre", "autre"))
    make_document("Feuille de route", organiser, group, visibility=Visibility.PUBLIC)
    body = client.get(group.get_absolute_url()).content.decode()
    assert body.index('id="reunions"') < body.index('id="documents"')
    upcoming, past = body.index("Prochaines réunions"), body.index("Réunions passées")
    assert upcoming < body.index("Réunion prochaine") < body.index("Réunion lointaine") < past
    assert past < body.index("Réunion passée")
    assert "Réunion brouillon" not in body and "Atelier d'un autre groupe" not in body
    assert "Feuille de route" in body
    ical = reverse("agenda:group_ical", args=[group.slug])
    assert f'href="{ical}"' in body
    assert f'href="webcal://testserver{ical}"' in body


def test_a_group_without_meetings_keeps_its_calendar_and_has_no_documents_section(client, group):
    body = client.get(group.get_absolute_url()).content.decode()
    assert "Aucune réunion n'est encore programmée." in body
    assert "webcal://testserver/agenda/groupe/ouverture-des-donnees/calendrier.ics" in body
    assert 'id="documents"' not in body


def test_the_group_calendar_holds_its_published_meetings_of_the_last_year(client, group):
    organiser = make_organisation("Syndicat")
    kept = [
        meeting("Réunion prochaine", organiser, group, days=3),
        meeting("Réunion annulée", organiser, group, days=4, status="annule"),
        meeting("Réunion de l'an dernier", organiser, group, days=-300),
    ]
    meeting("Réunion trop ancienne", organiser, group, days=-400)
    meeting("Réunion proposée", organiser, group, days=5, state="submitted")
    make_event("Réunion d'un autre groupe", organiser, working_group=make_group("Autre", "autre"))
    make_event("Atelier sans groupe", organiser)
    response = client.get(reverse("agenda:group_ical", args=[group.slug]))
    calendar = Calendar.from_ical(response.content)
    assert calendar["X-WR-CALNAME"] == "Ouverture des données – réunions"
    assert sorted(str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")) == sorted(
        event.title for event in kept
    )
    assert 'filename="groupe-ouverture-des-donnees.ics"' in response["Content-Disposition"]


def test_an_unknown_group_has_no_calendar(client):
    assert client.get(reverse("agenda:group_ical", args=["inconnu"])).status_code == 404


def test_groupe_is_a_reserved_event_address(organiser):
    event = make_event("Groupe", organiser)
    event.slug = "groupe"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "adresse réservée" in str(error.value)
    assert unique_slug("Groupe") == "groupe-evenement"


def viewing(group, user, is_member):
    return GroupViewing(group=group, user=user, is_member=is_member)


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_sections_rows_cost_the_same_queries_whatever_their_number(
    group, organiser, count, who, django_assert_num_queries
):
    user = AnonymousUser()
    if who == "member":
        user = make_agent("membre@exemple.fr", organiser)
        join(group, user)
    for number in range(count):
        visibility = Visibility.MEMBERS if number % 2 else Visibility.PUBLIC
        days = number - count // 2
        meeting(f"Réunion {number}", organiser, group, days=days, visibility=visibility)
        make_document(f"Document {number}", organiser, group, visibility=visibility)
    with django_assert_num_queries(2):  # upcoming, past (with organiser, commune, group)
        meetings = group_meetings(viewing(group, user, who == "member"))
    with django_assert_num_queries(1):  # with their author
        documents = group_documents(viewing(group, user, who == "member"))
    with django_assert_num_queries(0):
        assert [event.organisation.name for event in meetings]
        assert [resource.organisation.name for resource in documents]
    seen = [n - count // 2 for n in range(count) if who == "member" or n % 2 == 0]  # days
    assert len(documents) == len(seen)
    upcoming, past = sum(days >= 0 for days in seen), sum(days < 0 for days in seen)
    assert len(meetings) == min(upcoming, 10) + min(past, 5)
