"""An agent of the requesting organisation withdraws an open request, after a
confirmation page with an optional reason: « retirée » in the history with who and
why, the followers and the curators told (each in their own e-mail, after commit); a
closed request cannot be withdrawn; curators, former agents and other organisations'
agents cannot withdraw one; hostile reasons and forged identifiers change nothing."""

import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from directory.models import Membership
from portal.interconnection import services
from portal.models import InterconnectionRequest
from tests.directory.factories import make_agent, make_curator, make_organisation

pytestmark = pytest.mark.django_db
State = InterconnectionRequest.State


@pytest.fixture
def curator():
    return make_curator("curatrice@region.fr")


def withdraw_url(request_row) -> str:
    return reverse("interconnection:withdraw", args=[request_row.uuid])


def set_state(request_row, state: str) -> None:
    InterconnectionRequest.objects.filter(pk=request_row.pk).update(state=state)


@pytest.mark.parametrize("state", sorted(InterconnectionRequest.OPEN_STATES))
@pytest.mark.parametrize("who", ["requester", "colleague"])
def test_an_agent_withdraws_an_open_request(
    client, org, requester, request_row, curator, committed, state, who
):
    set_state(request_row, state)
    agent = requester
    if who == "colleague":
        agent = make_agent("collegue@departement.fr", org, Membership.Role.ADMIN)
    client.force_login(agent)
    page = client.get(request_row.get_absolute_url()).content.decode()
    assert f'href="{withdraw_url(request_row)}">Retirer cette demande</a>' in page
    confirmation = client.get(withdraw_url(request_row)).content.decode()
    assert "Raison du retrait (facultatif)" in confirmation
    with committed():
        response = client.post(withdraw_url(request_row), {"reason": "Sites déjà raccordés."})
    assert response.status_code == 302
    assert response.url == request_row.get_absolute_url()
    request_row.refresh_from_db()
    assert request_row.state == State.WITHDRAWN
    step = request_row.steps.get(action="withdrawn")
    assert (step.by, step.message) == (agent, "Sites déjà raccordés.")

    followers, curators = mail.outbox
    assert followers.to == ["contact@departement.fr", "demandeur@departement.fr"]
    assert followers.subject.endswith(f"n° {request_row.pk} : retirée")
    assert f"retirée par {agent.email}" in followers.body
    assert "Raison du retrait :\nSites déjà raccordés." in followers.body
    assert "/admin/" not in followers.body
    assert curators.to == ["curatrice@region.fr"]
    label = dict(State.choices)[state].lower()
    assert f"qui était à l'étape : {label}" in curators.body
    admin = reverse("admin:portal_interconnectionrequest_change", args=[request_row.pk])
    assert settings.SITE_URL + admin in curators.body

    page = client.get(response.url).content.decode()
    assert f"Votre demande n° {request_row.pk} est retirée" in page
    assert f"Retirée, par {agent.email}" in page and "Sites déjà raccordés." in page
    assert "Retirer cette demande" not in page  # closed now


def test_the_reason_is_optional(client, requester, request_row, committed):
    client.force_login(requester)
    with committed():
        client.post(withdraw_url(request_row), {"reason": ""})
    request_row.refresh_from_db()
    assert request_row.state == State.WITHDRAWN
    assert "Raison du retrait" not in mail.outbox[0].body


@pytest.mark.parametrize("state", [State.CONNECTED, State.REFUSED, State.WITHDRAWN])
def test_a_closed_request_cannot_be_withdrawn(client, requester, request_row, state):
    set_state(request_row, state)
    client.force_login(requester)
    page = client.get(request_row.get_absolute_url()).content.decode()
    assert "Retirer cette demande" not in page
    label = dict(State.choices)[state]
    refusal = (
        f"« {request_row} » est à l&#x27;étape « {label} » : elle est close et ne peut plus "
        "être retirée."
    )
    for response in (
        client.get(withdraw_url(request_row), follow=True),
        client.post(withdraw_url(request_row), {"reason": "Trop tard."}, follow=True),
    ):
        assert response.redirect_chain == [(request_row.get_absolute_url(), 302)]
        assert refusal in response.content.decode()
    request_row.refresh_from_db()
    assert request_row.state == state
    assert request_row.steps.count() == 1 and not mail.outbox


def test_curators_refuse_but_do_not_withdraw(client, request_row, curator):
    client.force_login(curator)
    page = client.get(request_row.get_absolute_url()).content.decode()
    assert "Retirer cette demande" not in page
    response = client.post(withdraw_url(request_row), {"reason": "À la place du demandeur."})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match="Seuls les agents de la structure demandeuse"):
        services.withdraw_request(request=request_row, by=curator)
    change = reverse("admin:portal_interconnectionrequest_change", args=[request_row.pk])
    assert "Retirer la demande" not in client.get(change).content.decode()  # not a decision
    request_row.refresh_from_db()
    assert request_row.state == State.RECEIVED and not mail.outbox


def test_a_former_or_inactive_agent_cannot_withdraw(client, requester, request_row):
    requester.is_active = False
    requester.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        services.withdraw_request(request=request_row, by=requester)
    requester.is_active = True
    requester.save(update_fields=["is_active"])
    Membership.objects.filter(user=requester).delete()
    with pytest.raises(PermissionDenied):
        services.withdraw_request(request=request_row, by=requester)
    client.force_login(requester)
    assert client.post(withdraw_url(request_row)).status_code == 404  # no longer sees it
    request_row.refresh_from_db()
    assert request_row.state == State.RECEIVED


def test_another_organisation_and_forged_identifiers_get_404(client, request_row, small_region):
    other = make_agent("agent@commune.fr", make_organisation("Commune", kind="commune"))
    client.force_login(other)
    assert client.post(withdraw_url(request_row), {"reason": "x"}).status_code == 404
    forged = reverse("interconnection:withdraw", args=[uuid.uuid4()])
    assert client.post(forged).status_code == 404
    for path in (f"/dorsale/{request_row.pk}/retirer/", "/dorsale/%00/retirer/"):
        assert client.post(path).status_code == 404
    request_row.refresh_from_db()
    assert request_row.state == State.RECEIVED


def test_hostile_reasons_are_refused_or_shown_as_text(client, requester, request_row, committed):
    client.force_login(requester)
    too_long = client.post(withdraw_url(request_row), {"reason": "x" * 2001})
    assert "au plus 2000 caractères" in too_long.content.decode()
    nul = client.post(withdraw_url(request_row), {"reason": "a\x00b"})
    assert "Le caractère nul n’est pas autorisé." in nul.content.decode()
    request_row.refresh_from_db()
    assert request_row.state == State.RECEIVED
    script = '<script>alert("x")</script>'
    with committed():
        client.post(withdraw_url(request_row), {"reason": script})
    page = client.get(request_row.get_absolute_url()).content.decode()
    assert script not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_withdrawal_needs_the_csrf_token(requester, request_row):
    client = Client(enforce_csrf_checks=True)
    client.force_login(requester)
    assert client.post(withdraw_url(request_row), {"reason": ""}).status_code == 403
    request_row.refresh_from_db()
    assert request_row.state == State.RECEIVED


def test_a_second_withdrawal_is_refused_in_french(requester, request_row):
    services.withdraw_request(request=request_row, by=requester, reason="Une fois.")
    with pytest.raises(ValidationError, match="elle est close et ne peut plus être retirée"):
        services.withdraw_request(request=request_row, by=requester, reason="Deux fois.")
    assert list(request_row.steps.values_list("action", flat=True).order_by("at", "pk")) == [
        "received",
        "withdrawn",
    ]
