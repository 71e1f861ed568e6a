"""Projects, the curators' side in the admin: the moderation queue, decisions one by
one or in bulk, the follow-up and its steering view, the Curateurs group."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from directory.models import Project, ProjectEvent
from directory.projects import services
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_project,
)

pytestmark = pytest.mark.django_db
State = Project.State
CHANGELIST = "admin:directory_project_changelist"


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def org():
    return make_organisation("Syndicat du numérique", slug="syndicat")


@pytest.fixture
def agent(org):
    return make_agent("agent@example.fr", org)


@pytest.fixture
def curator(client):
    user = make_curator()
    client.force_login(user)
    return user


def waiting(org, agent, title: str, days: int) -> Project:
    project = make_project(org, by=agent, title=title, state=State.SUBMITTED)
    Project.objects.filter(pk=project.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )
    return project


def test_the_curators_group_holds_the_directory_and_strategy_permissions():
    group = Group.objects.get(name="Curateurs")
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("directory", "change_project") in codenames
    assert ("directory", "delete_organisation") in codenames
    assert ("strategy", "change_orientation") in codenames
    assert not any(app == "auth" for app, _ in codenames)


def test_the_queue_shows_what_waits_oldest_first_with_the_waiting_time(client, org, agent, curator):
    waiting(org, agent, "Récent", days=1)
    waiting(org, agent, "Ancien", days=12)
    make_project(org, by=agent, title="Brouillon invisible")
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert html.index("Ancien") < html.index("Récent")
    assert "Brouillon invisible" not in html
    assert "1\xa0semaine<" in html and "1\xa0jour<" in html
    assert "en attente depuis" in html.lower()
    every = client.get(reverse(CHANGELIST), {"etat": "tous"}).content.decode()
    assert "Brouillon invisible" in every
    assert reverse("admin:directory_project_steering") in html


def test_bulk_publishing_publishes_the_waiting_ones_and_reports_the_others(
    client, org, agent, curator, django_capture_on_commit_callbacks
):
    first, second = waiting(org, agent, "Un", 2), waiting(org, agent, "Deux", 1)
    draft = make_project(org, by=agent, title="Brouillon")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(CHANGELIST) + "?etat=tous",
            {"action": "publish", "_selected_action": [first.pk, second.pk, draft.pk]},
            follow=True,
        )
    html = response.content.decode()
    assert "2 projet(s) publié(s)." in html
    assert "Brouillon : « Brouillon » n&#x27;est pas en attente de relecture" in html
    assert set(Project.objects.published()) == {first, second}
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("action", "state", "word"),
    [("request_changes", State.CHANGES_REQUESTED, "modifier"), ("refuse", State.REFUSED, "refus")],
)
def test_bulk_decisions_ask_for_the_message_first_and_require_it(
    client, org, agent, curator, action, state, word, django_capture_on_commit_callbacks
):
    projects = [waiting(org, agent, "Un", 2), waiting(org, agent, "Deux", 1)]
    selected = {"action": action, "_selected_action": [p.pk for p in projects]}
    page = client.post(reverse(CHANGELIST), selected)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Un (Syndicat du numérique" in html and "Deux (Syndicat du numérique" in html
    assert word in html.lower()
    # Without a message: asked again, nothing changes.
    again = client.post(reverse(CHANGELIST), {**selected, "apply": "1", "message": " "})
    assert again.status_code == 200 and "Ce champ est obligatoire." in again.content.decode()
    assert set(Project.objects.values_list("state", flat=True)) == {State.SUBMITTED}

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse(CHANGELIST), {**selected, "apply": "1", "message": "Le budget manque."}
        )
    assert done.status_code == 302
    assert set(Project.objects.values_list("state", flat=True)) == {state}
    assert len(mail.outbox) == 2 and "Le budget manque." in mail.outbox[0].body
    assert ProjectEvent.objects.filter(message="Le budget manque.").count() == 2


def test_the_change_page_offers_the_decisions_of_the_projects_state(client, org, agent, curator):
    project = waiting(org, agent, "En attente", 1)
    url = reverse("admin:directory_project_change", args=[project.pk])
    html = client.get(url).content.decode()
    for decision in ("publier", "demander-modifications", "refuser"):
        assert reverse("admin:directory_project_moderate", args=[project.pk, decision]) in html
    assert "Soumis à relecture" in html  # the history inline

    refuse = reverse("admin:directory_project_moderate", args=[project.pk, "refuser"])
    assert "Raison du refus" in client.get(refuse).content.decode()
    assert client.post(refuse, {"message": ""}).status_code == 200
    response = client.post(refuse, {"message": "Doublon."})
    assert response["Location"] == url
    project.refresh_from_db()
    assert project.state == State.REFUSED
    # A decision that does not fit the state is not offered, nor taken.
    publish = reverse("admin:directory_project_moderate", args=[project.pk, "publier"])
    assert publish not in client.get(url).content.decode()
    client.post(publish)
    project.refresh_from_db()
    assert project.state == State.REFUSED


def test_a_revision_is_moderated_from_its_own_page_and_links_its_original(
    client, org, agent, curator
):
    published = make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    services.update_project(project=published, by=agent, values={"title": "Titre revu"})
    services.submit_project(project=published, by=agent)
    revision = Project.objects.get(revision_of=published)
    queue = client.get(reverse(CHANGELIST)).content.decode()
    assert "Titre revu" in queue and "Modification du projet publié" in queue
    original_page = client.get(reverse("admin:directory_project_change", args=[published.pk]))
    revision_url = reverse("admin:directory_project_change", args=[revision.pk])
    assert revision_url in original_page.content.decode()
    publish = reverse("admin:directory_project_moderate", args=[revision.pk, "publier"])
    response = client.post(publish)
    assert response["Location"] == reverse("admin:directory_project_change", args=[published.pk])
    published.refresh_from_db()
    assert published.title == "Titre revu"
    assert not Project.objects.filter(pk=revision.pk).exists()


def test_unpublishing_from_the_change_page(client, org, agent, curator):
    project = make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    url = reverse("admin:directory_project_moderate", args=[project.pk, "depublier"])
    assert client.post(url, {"message": ""}).status_code == 302  # the reason is optional
    project.refresh_from_db()
    assert project.state == State.DRAFT


def test_a_curators_follow_up_edit_in_the_admin_is_recorded(client, org, agent, curator):
    project = make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    url = reverse("admin:directory_project_change", args=[project.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"partners", "communes", "epcis", "departments"}
    }
    data.update(
        {
            "orientations": [],
            "action_tracks": [],
            "is_scoran_action": "on",
            "progress": "60",
            "budget_planned": "1000",
            "budget_spent": "1500",
        }
    )
    for prefix in ("fundings", "images", "documents", "events"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.is_scoran_action and project.progress == 60
    event = project.events.first()
    assert event.action == ProjectEvent.Action.FOLLOW_UP and event.by == curator
    assert "dépenses engagées" in event.message


def test_the_steering_view_lists_late_and_over_budget_actions_only(
    client, org, agent, curator, django_assert_num_queries
):
    today = timezone.localdate()
    rows = {
        "En retard": {"planned_end": today - datetime.timedelta(days=3), "progress": 70},
        "Trop chère": {"budget_planned": Decimal(100), "budget_spent": Decimal(150)},
        "Terminée": {"planned_end": today - datetime.timedelta(days=3), "status": "done"},
        "Dans les temps": {"planned_end": today + datetime.timedelta(days=3)},
    }
    for title, values in rows.items():
        project = make_project(org, by=agent, title=title, state=State.PUBLISHED, curator=curator)
        Project.objects.filter(pk=project.pk).update(
            is_scoran_action=True, evaluation="maintain", **values
        )
    url = reverse("admin:directory_project_steering")
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert "En retard" in html and "70 %" in html
    assert "Trop chère" in html and "Dépassement" in html
    assert "Terminée" not in html and "Dans les temps" not in html
    assert "2 action(s) à surveiller" in html and "Maintenir" in html
