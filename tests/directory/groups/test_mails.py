"""E-mails of the working groups, sent once the step is committed: the leads on a
request, the person on the decision, the invited person on an invitation. Nothing
leaves when the step is refused or rolled back; what people typed stays plain text."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from directory.groups import services
from directory.models import GroupMembership, User
from tests.directory.groups.factories import add_member, make_group, make_person

pytestmark = pytest.mark.django_db

Status, Role = GroupMembership.Status, GroupMembership.Role


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def world(settings):
    settings.SITE_URL = "https://scoran.example.fr"
    group = make_group("Ouverture des données", slug="ouverture")
    leads = [make_person("lead@example.fr"), make_person("colead@example.fr")]
    for lead in leads:
        add_member(group, lead, role=Role.LEAD)
    add_member(group, make_person("membre@example.fr"))
    return {"group": group, "lead": leads[0]}


def test_the_leads_hear_of_a_request_after_commit(world, committed):
    agent = make_person("agent@example.fr", first_name="Hugo", last_name="Petit")
    organisation = agent.memberships.get().organisation
    with committed(), transaction.atomic():
        services.request_to_join(
            group=world["group"],
            user=agent,
            organisation=organisation,
            message="<script>alert(1)</script>",
        )
        assert mail.outbox == []
    (sent,) = mail.outbox
    assert sorted(sent.to) == ["colead@example.fr", "lead@example.fr"]  # not the member
    assert sent.subject == "[SCORAN BFC] Demande pour rejoindre le groupe Ouverture des données"
    assert "Hugo Petit (agent@example.fr)" in sent.body and organisation.name in sent.body
    assert "<script>alert(1)</script>" in sent.body  # plain text, never HTML
    assert "https://scoran.example.fr" + reverse("groups:members", args=["ouverture"]) in sent.body


def test_a_lead_who_left_the_account_hears_nothing(world, committed):
    User.objects.filter(email="colead@example.fr").update(is_active=False)
    agent = make_person("agent@example.fr")
    with committed():
        services.request_to_join(
            group=world["group"], user=agent, organisation=agent.memberships.get().organisation
        )
    assert mail.outbox[0].to == ["lead@example.fr"]


@pytest.mark.parametrize("approve", [True, False])
def test_the_requester_hears_of_the_decision(world, committed, approve):
    agent = make_person("agent@example.fr")
    request = add_member(world["group"], agent, status=Status.REQUESTED)
    service = services.approve_request if approve else services.decline_request
    with committed():
        service(membership=request, by=world["lead"])
    (sent,) = mail.outbox
    assert sent.to == ["agent@example.fr"]
    if approve:
        assert sent.subject == "[SCORAN BFC] Vous avez rejoint le groupe Ouverture des données"
        assert "https://scoran.example.fr" + reverse("groups:mine") in sent.body
    else:
        assert "n'a pas été acceptée" in sent.body


def test_the_invited_person_is_told_where_to_answer(world, committed):
    make_person("invitee@example.fr")
    with committed():
        services.invite(
            group=world["group"], email="invitee@example.fr", by=world["lead"], message="Viens"
        )
    (sent,) = mail.outbox
    assert sent.to == ["invitee@example.fr"]
    assert sent.subject.startswith("[SCORAN BFC] Invitation à rejoindre le groupe de travail")
    assert "lead@example.fr vous invite" in sent.body and "Viens" in sent.body
    assert "https://scoran.example.fr" + reverse("groups:group", args=["ouverture"]) in sent.body


def test_nothing_leaves_when_the_step_is_refused_or_rolled_back(world, committed):
    agent = make_person("agent@example.fr")
    organisation = agent.memberships.get().organisation
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.request_to_join(group=world["group"], user=agent, organisation=organisation)
        raise RuntimeError("rolled back")
    world["group"].is_open = False
    world["group"].save()
    with committed(), pytest.raises(ValidationError):
        services.request_to_join(group=world["group"], user=agent, organisation=organisation)
    with committed(), pytest.raises(ValidationError):
        services.invite(group=world["group"], email="inconnu@example.fr", by=world["lead"])
    assert mail.outbox == []
    assert not GroupMembership.objects.filter(user=agent).exists()


def test_a_name_with_line_breaks_stays_on_the_subject_line(world, committed):
    world["group"].name = "Données\r\nBcc: tous@example.fr"
    world["group"].save()
    make_person("invitee@example.fr")
    with committed():
        services.invite(group=world["group"], email="invitee@example.fr", by=world["lead"])
    (sent,) = mail.outbox
    assert "\n" not in sent.subject and "\r" not in sent.subject
    assert sent.to == ["invitee@example.fr"] and not sent.bcc
