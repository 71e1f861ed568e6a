"""Curators create a working group in the admin and name its first leads; a reserved
address is refused; news are corrected there too."""

import pytest
from django.urls import reverse

from directory.models import GroupMembership, WorkingGroup
from strategy.models import Orientation
from tests.directory.factories import make_curator
from tests.directory.groups.factories import make_group, make_news, make_person

pytestmark = pytest.mark.django_db

INLINE = "memberships"


def group_form(**changes) -> dict:
    return {
        "slug": "ouverture",
        "name": "Ouverture des données",
        "theme": "Ouvrir les données",
        "description": "",
        "rhythm": "trimestriel",
        "is_open": "on",
        "orientations": [Orientation.objects.get(number=14).pk],
        f"{INLINE}-TOTAL_FORMS": "1",
        f"{INLINE}-INITIAL_FORMS": "0",
        f"{INLINE}-MIN_NUM_FORMS": "0",
        f"{INLINE}-MAX_NUM_FORMS": "1000",
        **changes,
    }


def lead_row(user, **changes) -> dict:
    return {
        f"{INLINE}-0-user": user.pk,
        f"{INLINE}-0-organisation": user.memberships.get().organisation_id,
        f"{INLINE}-0-role": "lead",
        f"{INLINE}-0-status": "active",
        f"{INLINE}-0-notify": "on",
        **changes,
    }


def test_a_curator_creates_a_group_and_names_its_first_lead(client):
    client.force_login(make_curator())
    lead = make_person("lead@example.fr")
    response = client.post(
        reverse("admin:directory_workinggroup_add"), group_form(**lead_row(lead))
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    group = WorkingGroup.objects.get(slug="ouverture")
    assert group.is_lead(lead)
    assert group.memberships.get().joined_at is not None
    assert client.get(reverse("admin:directory_workinggroup_changelist")).status_code == 200


def test_a_lead_must_be_an_active_member(client):
    client.force_login(make_curator())
    lead = make_person("lead@example.fr")
    response = client.post(
        reverse("admin:directory_workinggroup_add"),
        group_form(**lead_row(lead, **{f"{INLINE}-0-status": "invited"})),
    )
    assert response.status_code == 200
    assert "Un animateur est un membre actif du groupe." in response.content.decode()
    assert not GroupMembership.objects.exists()


def test_a_reserved_address_is_refused(client):
    client.force_login(make_curator())
    response = client.post(reverse("admin:directory_workinggroup_add"), group_form(slug="flux"))
    assert response.status_code == 200
    assert "adresse réservée" in response.content.decode()
    assert not WorkingGroup.objects.exists()


def test_curators_see_and_correct_news(client):
    client.force_login(make_curator())
    news = make_news(make_group(), "Relevé")
    assert client.get(reverse("admin:directory_groupnews_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:directory_groupnews_change", args=[news.pk])).status_code == 200
    )
