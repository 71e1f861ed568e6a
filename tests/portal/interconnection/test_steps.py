"""The steps of a request, moved by curators in the admin on the shared moderation:
reçue → à l'étude → devis envoyé → raccordée, or refusée with a reason; each step in
the history with who and when, e-mailed after commit to the requester and the
contact; the impossible moves refused in French; agents never move a request; the
curators' CSV export, formulas neutralised."""

import csv
import io

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from directory.models import Membership
from portal.interconnection import services
from portal.models import InterconnectionRequest, InterconnectionStep
from tests.directory.factories import make_agent, make_curator, make_user
from tests.portal.interconnection.factories import make_request

pytestmark = pytest.mark.django_db
State = InterconnectionRequest.State


@pytest.fixture
def curator(client):
    user = make_curator("curatrice@region.fr")
    client.force_login(user)
    return user


def decide(client, request_row, slug, message=""):
    url = reverse("admin:portal_interconnectionrequest_moderate", args=[request_row.pk, slug])
    return client.post(url, {"message": message})


def test_a_curator_moves_a_request_to_connected(client, request_row, curator, committed):
    change = reverse("admin:portal_interconnectionrequest_change", args=[request_row.pk])
    assert "Mettre à l&#x27;étude</a>" in client.get(change).content.decode()
    with committed():
        decide(client, request_row, "mettre-a-l-etude")
        decide(client, request_row, "devis-envoye", "Devis n° 2026-12 envoyé.")
        decide(client, request_row, "raccordee")
    request_row.refresh_from_db()
    assert request_row.state == State.CONNECTED
    steps = list(request_row.steps.order_by("at", "pk").values_list("action", "by", "message"))
    assert steps == [
        ("received", request_row.requested_by_id, ""),
        ("studying", curator.pk, ""),
        ("quote_sent", curator.pk, "Devis n° 2026-12 envoyé."),
        ("connected", curator.pk, ""),
    ]
    assert [message.to for message in mail.outbox] == [
        ["contact@departement.fr", "demandeur@departement.fr"]
    ] * 3
    studied, quoted, connected = mail.outbox
    assert studied.subject.endswith(f"n° {request_row.pk} : à l'étude")
    assert "Message de l'équipe d'animation :\nDevis n° 2026-12 envoyé." in quoted.body
    assert f"{settings.SITE_URL}{request_row.get_absolute_url()}" in connected.body
    assert "/admin/" not in connected.body
    # The requester reads the history; the curator's address is not shown.
    client.force_login(request_row.requested_by)
    page = client.get(request_row.get_absolute_url()).content.decode()
    assert "Raccordée" in page and "Devis n° 2026-12 envoyé." in page
    assert "par l'équipe d'animation" in page and "curatrice@region.fr" not in page


def test_a_refusal_needs_its_reason(client, request_row, curator, committed):
    response = decide(client, request_row, "refuser")
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    with pytest.raises(ValidationError, match="Donnez la raison du refus"):
        services.move_request(request=request_row, action="refuse", by=curator, message="  ")
    request_row.refresh_from_db()
    assert request_row.state == State.RECEIVED
    with committed():
        decide(client, request_row, "refuser", "Site hors du tracé de la Dorsale.")
    request_row.refresh_from_db()
    assert request_row.state == State.REFUSED
    (sent,) = mail.outbox
    assert "Raison du refus :\nSite hors du tracé de la Dorsale." in sent.body
    step = request_row.steps.get(action="refused")
    assert (step.by, step.message) == (curator, "Site hors du tracé de la Dorsale.")


@pytest.mark.parametrize(
    ("state", "action", "refusal"),
    [
        ("received", "connect", "seule une demande dont le devis est envoyé peut être raccordée"),
        ("received", "send_quote", "un devis ne suit que l'étude de la demande"),
        ("studying", "study", "elle ne peut pas être mise à l'étude"),
        ("connected", "refuse", "elle est close et ne peut plus être refusée"),
        ("refused", "study", "elle ne peut pas être mise à l'étude"),
    ],
)
def test_impossible_moves_are_refused_in_french(request_row, curator, state, action, refusal):
    InterconnectionRequest.objects.filter(pk=request_row.pk).update(state=state)
    with pytest.raises(ValidationError) as error:
        services.move_request(request=request_row, action=action, by=curator, message="Non.")
    label = dict(State.choices)[state]
    assert error.value.messages == [f"« {request_row} » est à l'étape « {label} » : {refusal}."]
    assert request_row.steps.count() == 1 and not mail.outbox


def test_the_change_page_offers_only_the_possible_moves(client, request_row, curator):
    InterconnectionRequest.objects.filter(pk=request_row.pk).update(state=State.QUOTE_SENT)
    change = reverse("admin:portal_interconnectionrequest_change", args=[request_row.pk])
    page = client.get(change).content.decode()
    assert "Raccordée</a>" in page and "Refuser</a>" in page
    assert "Mettre à l&#x27;étude</a>" not in page and "Devis envoyé</a>" not in page
    response = decide(client, request_row, "mettre-a-l-etude")
    assert response.status_code == 302
    request_row.refresh_from_db()
    assert request_row.state == State.QUOTE_SENT


def test_requests_are_put_under_study_in_bulk(client, org, request_row, curator):
    other = make_request(org, subject="Autre")
    done = make_request(org, subject="Close", state=State.CONNECTED)
    response = client.post(
        reverse("admin:portal_interconnectionrequest_changelist"),
        {"action": "study", ACTION_CHECKBOX_NAME: [request_row.pk, other.pk, done.pk]},
        follow=True,
    )
    assert "2 demande(s) mise(s) à l&#x27;étude." in response.content.decode()
    states = dict(InterconnectionRequest.objects.values_list("subject", "state"))
    assert states == {"Fibre des collèges": "studying", "Autre": "studying", "Close": "connected"}


@pytest.mark.parametrize("who", ["requester", "colleague", "staff_without_permission"])
def test_only_curators_move_a_request(request_row, org, requester, who):
    users = {
        "requester": lambda: requester,
        "colleague": lambda: make_agent("admin@departement.fr", org, Membership.Role.ADMIN),
        "staff_without_permission": lambda: make_user("equipe@region.fr", is_staff=True),
    }
    with pytest.raises(PermissionDenied):
        services.move_request(request=request_row, action="study", by=users[who]())
    request_row.refresh_from_db()
    assert request_row.state == State.RECEIVED


def test_curators_cannot_add_or_rewrite_a_request(client, request_row, curator):
    assert client.get(reverse("admin:portal_interconnectionrequest_add")).status_code == 403
    change = reverse("admin:portal_interconnectionrequest_change", args=[request_row.pk])
    client.post(change, {"subject": "Réécrite", "state": "connected", "is_demo": "on"})
    request_row.refresh_from_db()
    assert (request_row.subject, request_row.state) == ("Fibre des collèges", State.RECEIVED)


def test_the_requester_who_left_is_no_longer_emailed(request_row, requester, curator, committed):
    Membership.objects.filter(user=requester).delete()
    with committed():
        services.move_request(request=request_row, action="study", by=curator)
    assert [message.to for message in mail.outbox] == [["contact@departement.fr"]]


def test_no_email_leaves_when_the_move_is_rolled_back(request_row, curator, committed):
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        services.move_request(request=request_row, action="study", by=curator)
        raise RuntimeError("after the move, before the commit")
    assert not mail.outbox
    assert InterconnectionStep.objects.filter(action="studying").count() == 0


def test_the_csv_export_has_one_line_per_site_and_no_formula(client, org, curator, small_region):
    formula = '=HYPERLINK("http://x","y")'
    make_request(
        org,
        subject=formula,
        sites=(("Mairie", "+1 rue", "21231"), ("@école", "2 rue", "25056")),
        contact_name="-2+3",
    )
    response = client.post(
        reverse("admin:portal_interconnectionrequest_changelist"),
        {
            "action": "export_csv",
            ACTION_CHECKBOX_NAME: InterconnectionRequest.objects.values_list("pk", flat=True),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Demande n°", "Déposée le", "Structure", "Objet"]
    assert [row[11] for row in rows[1:]] == ["Mairie", "'@école"]
    assert {row[3] for row in rows[1:]} == {"'" + formula}
    assert rows[1][8] == "'-2+3" and rows[1][12] == "'+1 rue"
    assert [row[14] for row in rows[1:]] == ["21231", "25056"]
