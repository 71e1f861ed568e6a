"""Invitations and join requests when the mail server is down: the row is committed,
the page answers as usual and an English error is logged, never a 500. Who hears of
a join request: the curators holding the permission to decide it."""

import logging

import pytest
from django.urls import reverse

from directory.models import Invitation, JoinRequest, Membership
from directory.organisations import services
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)
from tests.directory.outages import mail_errors, unreachable_smtp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def logs(caplog):
    caplog.set_level(logging.INFO)


def test_an_invitation_is_kept_when_the_mail_server_is_down(
    client, settings, caplog, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Syndicat")
    client.force_login(make_agent("admin@example.fr", organisation, Membership.Role.ADMIN))
    unreachable_smtp(settings)
    url = reverse("directory:members", args=[organisation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "nouveau@example.fr", "role": "member"})
    assert response["Location"] == url
    assert Invitation.objects.filter(email="nouveau@example.fr").exists()
    (error,) = mail_errors(caplog)
    assert "directory/emails/invitation.txt" in error and "not sent" in error


def test_a_join_request_and_its_decision_are_kept_when_the_mail_server_is_down(
    client, settings, caplog, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Syndicat")
    curator = make_curator()
    person = make_user("agent@example.fr")
    unreachable_smtp(settings)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directory:join", args=[organisation.slug]), {})
    assert response["Location"] == reverse("accounts:account")
    join_request = JoinRequest.objects.get()
    assert "join_request_to_curators.txt" in mail_errors(caplog)[-1]

    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:directory_joinrequest_changelist"),
            {"action": "approve", "_selected_action": [join_request.pk]},
        )
    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert Membership.objects.filter(user=person, organisation=organisation).exists()
    assert "join_request_decided.txt" in mail_errors(caplog)[-1]
    assert len(mail_errors(caplog)) == 2


def test_join_requests_reach_only_active_staff_allowed_to_decide_them(
    mailoutbox, django_capture_on_commit_callbacks
):
    make_curator("curatrice@example.fr")
    make_user("equipe-sans-droit@example.fr", is_staff=True)
    gone = make_curator("partie@example.fr")
    gone.is_active = False
    gone.save()
    make_user("visiteur@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_to_join(
            organisation=make_organisation("Syndicat"), user=make_user("agent@example.fr")
        )
    (message,) = mailoutbox
    assert message.to == ["curatrice@example.fr"]
    assert message.subject == "[SCORAN BFC] Demande d'adhésion à Syndicat"


def test_invitation_and_decision_emails_carry_the_subject_prefix(
    mailoutbox, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Syndicat")
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    person = make_user("agent@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(organisation=organisation, email="x@example.fr", role="member", by=admin)
        join_request = services.request_to_join(organisation=organisation, user=person)
        services.refuse_join_request(join_request=join_request, by=make_curator())
    assert [message.subject for message in mailoutbox] == [
        "[SCORAN BFC] Invitation à rejoindre Syndicat sur l'espace SCORAN BFC",
        "[SCORAN BFC] Votre demande pour rejoindre Syndicat",
    ]
