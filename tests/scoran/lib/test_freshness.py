"""Freshness of curated items (``scoran.lib.freshness``): "mis à jour le" on their
pages, "à vérifier" for curators, and the review date set when an owner confirms or
edits an item, or a curator saves it."""

from datetime import timedelta

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from directory.models import Organisation, Project
from directory.organisations.services import confirm_organisation, update_organisation_profile
from directory.projects.services import confirm_project, update_follow_up, update_project
from scoran.lib.freshness import mark_reviewed
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_project,
    make_user,
)

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=400)


@pytest.fixture
def org():
    return make_organisation("Syndicat", slug="syndicat", website="https://syndicat.example.fr")


@pytest.fixture
def agent(org):
    return make_agent("agent@example.fr", org)


@pytest.fixture
def project(org, agent):
    return make_project(org, by=agent, state="published", title="Fibre des écoles")


def _aged(obj):
    type(obj).objects.filter(pk=obj.pk).update(reviewed_at=LONG_AGO, updated_at=LONG_AGO)
    obj.refresh_from_db()
    return obj


def test_an_item_not_confirmed_for_the_set_time_is_due_for_review(org, settings):
    settings.REVIEW_AFTER_DAYS = 30
    assert not org.needs_review
    Organisation.objects.filter(pk=org.pk).update(reviewed_at=timezone.now() - timedelta(days=31))
    org.refresh_from_db()
    assert org.needs_review
    assert list(Organisation.objects.due_for_review()) == [org]
    settings.REVIEW_AFTER_DAYS = 60
    assert not Organisation.objects.due_for_review().exists()


def test_a_confirmation_changes_the_review_date_only(org):
    _aged(org)
    mark_reviewed(obj=org)
    org.refresh_from_db()
    assert org.reviewed_at > LONG_AGO and org.updated_at == LONG_AGO


def test_an_agent_saving_the_profile_confirms_it(org, agent):
    _aged(org)
    update_organisation_profile(organisation=org, by=agent, values={"name": "Syndicat"})
    org.refresh_from_db()
    assert not org.needs_review


def test_an_agent_editing_a_project_confirms_it_even_when_the_edit_awaits_review(
    project, agent, settings
):
    settings.PROJECTS_REVIEW_UPDATES = True
    _aged(project)
    update_project(project=project, by=agent, values={"title": "Fibre des collèges"})
    project.refresh_from_db()
    assert project.title == "Fibre des écoles"  # the revision waits for a curator
    assert not project.needs_review


def test_the_follow_up_of_an_action_confirms_it(project, agent):
    Project.objects.filter(pk=project.pk).update(is_scoran_action=True)
    _aged(project)
    update_follow_up(project=project, by=agent, values={"progress": 40})
    project.refresh_from_db()
    assert not project.needs_review


def test_agents_confirm_their_items_and_nobody_else_does(org, agent, project):
    stranger = make_user("autre@example.fr")
    _aged(org), _aged(project)
    with pytest.raises(PermissionDenied):
        confirm_organisation(organisation=org, by=stranger)
    with pytest.raises(PermissionDenied):
        confirm_project(project=project, by=stranger)
    confirm_organisation(organisation=org, by=agent)
    confirm_project(project=project, by=agent)
    for item in (org, project):
        item.refresh_from_db()
        assert not item.needs_review and item.updated_at == LONG_AGO


def test_the_confirm_buttons_post_and_answer_agents_only(client, org, agent, project):
    _aged(org), _aged(project)
    urls = [
        reverse("directory:confirm", args=[org.slug]),
        reverse("project_agents:confirm", args=[project.slug]),
    ]
    client.force_login(make_user("autre@example.fr"))
    for url in urls:
        assert client.post(url).status_code == 403
    client.force_login(agent)
    edit = client.get(reverse("directory:edit", args=[org.slug])).content.decode()
    assert "à vérifier" in edit and urls[0] in edit
    assert (
        urls[1] in client.get(reverse("project_agents:edit", args=[project.slug])).content.decode()
    )
    for url in urls:
        assert client.get(url).status_code == 405
        assert client.post(url).status_code == 302
    org.refresh_from_db(), project.refresh_from_db()
    assert not org.needs_review and not project.needs_review


def test_pages_show_when_the_item_was_last_updated(client, org, project):
    _aged(org), _aged(project)
    assert "mise à jour le</dt><dd>" in client.get(org.get_absolute_url()).content.decode()
    html = client.get(project.get_absolute_url()).content.decode()
    # The day in Paris, as the page writes it (not UTC's: they differ after 23:00).
    assert f"Mis à jour le</dt><dd>{timezone.localtime(LONG_AGO).day} " in html


# --- Curators ------------------------------------------------------------------------


def _values(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value, key = form[name].value(), form[name].html_name
        if value is None or isinstance(field, forms.FileField):
            continue
        if hasattr(field.widget, "widgets"):  # split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{key}_{index}"] = part or ""
        elif isinstance(value, list | tuple):
            data[key] = [v.pk if hasattr(v, "pk") else v for v in value]
        elif value is not False:
            data[key] = value
    return data


def _change_form_data(response) -> dict:
    """What the admin's change page would post back unchanged: the main form's
    values and the inlines' (management forms included)."""
    data = _values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(_values(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_values(form))
    return data


@pytest.mark.parametrize("model", ["organisation", "project"])
def test_a_curators_save_in_the_admin_confirms_the_item(client, org, project, model):
    item = _aged(org if model == "organisation" else project)
    client.force_login(make_curator())
    url = reverse(f"admin:directory_{model}_change", args=[item.pk])
    response = client.post(url, _change_form_data(client.get(url)))
    if response.status_code != 302:
        errors = [f.formset.errors for f in response.context["inline_admin_formsets"]]
        pytest.fail(f"{response.context['adminform'].form.errors} {errors}")
    item.refresh_from_db()
    assert not item.needs_review


@pytest.mark.parametrize("model", ["organisation", "project"])
def test_curators_filter_the_items_to_review(client, org, project, model):
    item = org if model == "organisation" else project
    fresh = (
        make_organisation("Récente")
        if model == "organisation"
        else make_project(org, by=org.memberships.get().user, state="published", title="Neuf")
    )
    _aged(item)
    client.force_login(make_curator())
    url = reverse(f"admin:directory_{model}_changelist")
    every = {"etat": "tous"} if model == "project" else {}  # not only the queue
    due = client.get(url, {**every, "verification": "a-verifier"}).context["cl"].result_list
    assert list(due) == [item]
    reviewed = client.get(url, {**every, "verification": "verifie"}).context["cl"].result_list
    assert list(reviewed) == [fresh]
    assert "À vérifier" in client.get(url).content.decode()
