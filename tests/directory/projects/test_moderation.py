"""The projects on the shared moderation (``directory/projects/moderation.py``): who
may take each move, and the spreadsheet import going through the services."""

import pytest
from django.core.exceptions import PermissionDenied

from directory.models import Project, ProjectEvent, User
from directory.projects import services
from scoran.lib.moderation import transition, workflow_of
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_project,
    make_user,
)
from tests.directory.projects.test_import import (
    PROJECT_HEADER,
    confirm,
    csv_upload,
    preview,
    project_row,
)

pytestmark = pytest.mark.django_db
State = Project.State
Action = ProjectEvent.Action


@pytest.fixture(autouse=True)
def setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def org():
    return make_organisation("Syndicat", slug="syndicat", siren="732829320")


@pytest.fixture
def agent(org):
    return make_agent("agent@example.fr", org)


@pytest.mark.parametrize(
    "decide",
    [
        lambda p, by: services.publish_project(project=p, by=by),
        lambda p, by: services.request_changes(project=p, by=by, message="x"),
        lambda p, by: services.refuse_project(project=p, by=by, reason="x"),
        lambda p, by: transition(obj=p, action="publish_by_import", by=by),
    ],
    ids=["publish", "request_changes", "refuse", "publish_by_import"],
)
def test_only_curators_decide_not_the_agents_nor_other_staff(org, agent, decide):
    project = make_project(org, by=agent, state=State.SUBMITTED)
    staff = make_user("staff@example.fr", is_staff=True)
    for who in (agent, staff):
        with pytest.raises(PermissionDenied):
            decide(project, who)
    project.refresh_from_db()
    assert project.state == State.SUBMITTED
    assert project.events.filter(by__in=[agent, staff]).count() == 2  # created, submitted


def test_only_the_carriers_agents_submit(org, agent):
    project = make_project(org, by=agent)
    for who in (make_curator(), make_agent("autre@example.fr", make_organisation("Autre"))):
        with pytest.raises(PermissionDenied, match="Seuls les membres de la structure porteuse"):
            services.submit_project(project=project, by=who)
    project.refresh_from_db()
    assert project.state == State.DRAFT


def test_the_admin_offers_the_decisions_of_the_table():
    workflow = workflow_of(Project)
    assert [move.slug for move in workflow.decisions()] == [
        "publier",
        "demander-modifications",
        "refuser",
        "depublier",
    ]
    assert workflow.queue_state == State.SUBMITTED


def test_an_import_that_drafts_a_published_project_discards_its_revision(client, org, agent):
    curator = make_curator()
    published = make_project(org, by=agent, state=State.PUBLISHED, curator=curator)
    services.update_project(project=published, by=agent, values={"title": "En cours"})
    superuser = User.objects.create_superuser(email="admin@example.fr", password="x" * 16)
    client.force_login(superuser)
    row = project_row(
        identifiant=published.slug,
        **{
            "publié": "non",
            "partenaires (identifiants ou SIREN)": "",
            "communes (codes INSEE)": "",
            "pistes d'action (ex. 4.2)": "",
            "orientations (numéros)": "",
        },
    )
    response = confirm(
        client, "project", preview(client, "project", csv_upload(PROJECT_HEADER, [row]))
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.state == State.DRAFT
    assert not Project.objects.filter(revision_of=published).exists()
    last = published.events.first()
    assert (last.action, last.by) == (Action.UNPUBLISHED, superuser)
    assert not Project.objects.published().exists()
