"""Organisations are published and unpublished through the moderation
(``directory/organisations/moderation.py``): admin actions, the decision page, the
change form and the spreadsheet import all make the same moves, kept in the
history and told to the members."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from directory.models import Organisation, OrganisationEvent, User
from directory.organisations.spreadsheets import IMPORT_MESSAGE
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)
from tests.directory.organisations.test_directory import profile_data
from tests.directory.projects.test_import import (
    ORGANISATION_HEADER,
    confirm,
    csv_upload,
    preview,
)

pytestmark = pytest.mark.django_db
State = Organisation.State
Action = OrganisationEvent.Action
CHANGELIST = "admin:directory_organisation_changelist"


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def curator(client):
    user = make_curator()
    client.force_login(user)
    return user


def history(organisation) -> list[tuple[str, str]]:
    return list(organisation.events.order_by("at", "pk").values_list("action", "message"))


def test_bulk_publishing_publishes_the_drafts_and_reports_the_others(client, curator, committed):
    drafts = [make_organisation(f"Brouillon {n}", is_published=False) for n in range(2)]
    member = make_agent("agent@example.fr", drafts[0])
    already = make_organisation("Déjà publiée")
    selected = [o.pk for o in (*drafts, already)]
    with committed():
        response = client.post(
            reverse(CHANGELIST),
            {"action": "publish", "_selected_action": selected},
            follow=True,
        )
    html = response.content.decode()
    assert "2 structure(s) publiée(s)." in html
    assert "Déjà publiée : « Déjà publiée » est déjà publiée." in html
    assert set(Organisation.objects.published()) == {*drafts, already}
    assert history(drafts[0]) == [(Action.PUBLISHED, "")]
    assert drafts[0].events.get().by == curator
    assert not already.events.exists()
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_unpublishing_from_the_decision_page_with_a_reason(client, curator, committed):
    organisation = make_organisation("Syndicat", slug="syndicat")
    member = make_agent("agent@example.fr", organisation)
    change = reverse("admin:directory_organisation_change", args=[organisation.pk])
    unpublish = reverse(
        "admin:directory_organisation_moderate", args=[organisation.pk, "depublier"]
    )
    publish = reverse("admin:directory_organisation_moderate", args=[organisation.pk, "publier"])
    page = client.get(change).content.decode()
    assert unpublish in page and publish not in page
    assert "Raison (facultative)" in client.get(unpublish).content.decode()

    with committed():
        response = client.post(unpublish, {"message": "Structure dissoute."})
    assert response["Location"] == change
    organisation.refresh_from_db()
    assert organisation.state == State.DRAFT
    assert history(organisation) == [(Action.UNPUBLISHED, "Structure dissoute.")]
    assert mail.outbox[0].to == [member.email]
    assert "n'est plus publiée" in mail.outbox[0].subject
    assert "Structure dissoute." in mail.outbox[0].body
    assert client.logout() is None
    assert client.get(organisation.get_absolute_url()).status_code == 404

    # The change page shows the history; the decision that no longer fits is refused.
    client.force_login(curator)
    page = client.get(change).content.decode()
    assert "Dépubliée" in page and "Structure dissoute." in page and publish in page
    client.post(unpublish, {"message": "Encore"})
    assert organisation.events.count() == 1


@pytest.mark.parametrize("decision", ["publier", "n-importe-quoi"])
def test_a_decision_out_of_the_table_or_on_a_missing_object_changes_nothing(
    client, curator, decision
):
    organisation = make_organisation("Syndicat")
    url = reverse("admin:directory_organisation_moderate", args=[organisation.pk, decision])
    response = client.post(url)
    assert response.status_code == 302
    assert not organisation.events.exists()
    missing = reverse("admin:directory_organisation_moderate", args=["999999", "depublier"])
    assert client.post(missing).status_code == 404
    hostile = reverse("admin:directory_organisation_moderate", args=["1 OR 1=1", "depublier"])
    assert client.post(hostile).status_code == 404


def test_only_those_who_may_change_organisations_decide(client, committed):
    organisation = make_organisation("Syndicat")
    staff = make_user("staff@example.fr", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    client.force_login(staff)
    url = reverse("admin:directory_organisation_moderate", args=[organisation.pk, "depublier"])
    assert client.post(url, {"message": ""}).status_code == 403
    response = client.post(
        reverse(CHANGELIST), {"action": "unpublish", "_selected_action": [organisation.pk]}
    )
    assert response.status_code == 200  # the action is not offered: the list comes back
    organisation.refresh_from_db()
    assert organisation.state == State.PUBLISHED and not organisation.events.exists()


def form_data(organisation, **changes):
    """A complete POST of the organisation's change page."""
    data = {**profile_data(organisation), "slug": organisation.slug}
    for prefix in ("memberships", "changes"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_change_forms_checkbox_goes_through_the_moderation(client, curator):
    organisation = make_organisation("Syndicat", slug="syndicat")
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    form = client.get(url).context["adminform"].form
    assert form["is_published"].initial is True
    response = client.post(url, form_data(organisation, is_published=None))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.state == State.DRAFT
    assert history(organisation) == [(Action.UNPUBLISHED, "")]
    # Saved again unchanged: no move.
    client.post(url, form_data(organisation, is_published=None))
    assert organisation.events.count() == 1


def test_a_new_organisation_is_published_from_the_add_form_with_its_history(client, curator):
    data = {"name": "Nouvelle", "kind": "association", "slug": "nouvelle", "is_published": "on"}
    for prefix in ("memberships", "changes"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(reverse("admin:directory_organisation_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(slug="nouvelle")
    assert organisation.is_published and organisation.published_at is not None
    assert history(organisation) == [(Action.PUBLISHED, "")]


def test_the_spreadsheet_import_publishes_and_unpublishes_through_the_moderation(client):
    client.force_login(User.objects.create_superuser(email="admin@example.fr", password="x" * 16))
    known = make_organisation("Connue", slug="connue", kind="association")

    def row(slug, name, published):
        return [slug, name, "Association", "", "", "", "", "", "", "", "", published]

    rows = [row("nouvelle", "Nouvelle", "oui"), row("connue", "Connue", "non")]
    confirm(
        client,
        "organisation",
        preview(client, "organisation", csv_upload(ORGANISATION_HEADER, rows)),
    )
    new = Organisation.objects.get(slug="nouvelle")
    known.refresh_from_db()
    assert new.is_published and not known.is_published
    assert history(new) == [(Action.PUBLISHED, IMPORT_MESSAGE)]
    assert history(known) == [(Action.UNPUBLISHED, IMPORT_MESSAGE)]

    # Only the publication changes: the row is not skipped; empty: the state stays.
    rows = [row("nouvelle", "Nouvelle", ""), row("connue", "Connue", "oui")]
    confirm(
        client,
        "organisation",
        preview(client, "organisation", csv_upload(ORGANISATION_HEADER, rows)),
    )
    new.refresh_from_db()
    known.refresh_from_db()
    assert new.is_published and known.is_published
    assert len(history(new)) == 1 and len(history(known)) == 2


def test_the_histories_are_listed_in_the_admin_read_only(client, curator):
    organisation = make_organisation("Syndicat", is_published=False)
    client.post(reverse(CHANGELIST), {"action": "publish", "_selected_action": [organisation.pk]})
    event = organisation.events.get()
    for model in ("organisationevent", "placeevent"):
        assert client.get(reverse(f"admin:directory_{model}_changelist")).status_code == 200
    page = reverse("admin:directory_organisationevent_change", args=[event.pk])
    assert "Publiée" in client.get(page).content.decode()
    assert client.post(page, {"action": "unpublished"}).status_code == 403
    assert client.get(reverse("admin:directory_organisationevent_add")).status_code == 403
