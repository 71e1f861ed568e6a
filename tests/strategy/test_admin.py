"""Curators manage the whole strategy in the Django admin."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from directory.models import User
from strategy.models import ActionTrack, Axis, Challenge, Indicator, Orientation, Principle

pytestmark = pytest.mark.django_db

STRATEGY_MODELS = [Principle, Axis, Challenge, Orientation, ActionTrack, Indicator]


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    client.force_login(user)
    return client


def test_every_model_of_our_apps_has_an_admin():
    """Registered, or edited inline in the page of a registered model."""
    ours = {"strategy", "directory", "observatories", "portal"}
    inline = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in ours
        and not admin.site.is_registered(model)
        and model not in inline
    ]
    assert missing == []


@pytest.mark.parametrize("model", STRATEGY_MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages_work(admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "données"}).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


def test_orientation_change_page_edits_its_pistes_inline(admin_client):
    orientation = Orientation.objects.get(number=14)
    url = reverse("admin:strategy_orientation_change", args=[orientation.pk])
    html = admin_client.get(url).content.decode()
    assert "Mettre en place une gouvernance de la donnée" in html
    assert 'name="action_tracks-TOTAL_FORMS" value="1"' in html


def test_a_curator_can_edit_a_piste_inline_and_the_page_shows_it(admin_client, client):
    orientation = Orientation.objects.get(number=14)
    track = orientation.action_tracks.get()
    url = reverse("admin:strategy_orientation_change", args=[orientation.pk])
    data = {
        "number": 14,
        "challenge": orientation.challenge_id,
        "title": orientation.title,
        "context": orientation.context,
        "key_figures_label": "",
        "key_figures": "",
        "consultation_feedback": "",
        "notes": "",
        "action_tracks-TOTAL_FORMS": 1,
        "action_tracks-INITIAL_FORMS": 1,
        "action_tracks-MIN_NUM_FORMS": 0,
        "action_tracks-MAX_NUM_FORMS": 1000,
        "action_tracks-0-id": track.pk,
        "action_tracks-0-orientation": orientation.pk,
        "action_tracks-0-position": 1,
        "action_tracks-0-title": "Mettre en place une gouvernance régionale de la donnée",
        "action_tracks-0-detail": "",
        "action_tracks-0-sub_actions": "Un groupe de travail\nUne charte",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    track.refresh_from_db()
    assert track.sub_action_list == ["Un groupe de travail", "Une charte"]
    page = client.get(orientation.get_absolute_url()).content.decode()
    assert "14.1 – Mettre en place une gouvernance régionale de la donnée" in page
    assert "<li>Une charte</li>" in page


def test_two_pistes_cannot_share_a_position_in_an_orientation(admin_client):
    orientation = Orientation.objects.get(number=13)
    url = reverse("admin:strategy_actiontrack_add")
    response = admin_client.post(
        url, {"orientation": orientation.pk, "position": 1, "title": "Doublon", "sub_actions": ""}
    )
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    assert orientation.action_tracks.count() == 2
