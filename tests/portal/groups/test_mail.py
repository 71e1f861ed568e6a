"""A working group's members are e-mailed when one of its meetings is scheduled
(published), cancelled, postponed or moved, and when one of its documents is added
(published): one message each (nobody sees another's address), after commit, only
to the active members who did not turn them off; never when the transaction rolls
back. The moderation's e-mails on a members-only item reach only those who may see
it."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse

from directory.models import Visibility
from portal.agenda import services as agenda
from portal.models import Event
from portal.resources import services as resources
from scoran.lib import moderation
from tests.directory.factories import make_agent, make_curator, make_organisation, make_user
from tests.portal.agenda.factories import in_a_week, make_event
from tests.portal.factories import make_resource_row
from tests.portal.groups.factories import join, make_group

pytestmark = pytest.mark.django_db

UNSUBSCRIBE = "Pour ne plus recevoir ces courriels : http"


class Rollback(Exception):
    pass


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def org():
    return make_organisation("Syndicat organisateur", slug="organisateur")


@pytest.fixture
def group(org):
    """Two members who receive the e-mails, a lead, one who turned them off, one
    who asked to join, one invited, an inactive account."""
    group = make_group()
    for email in ("b.membre@exemple.fr", "a.membre@exemple.fr"):
        join(group, make_user(email))
    join(group, make_user("animatrice@exemple.fr"), role="lead")
    join(group, make_user("silencieux@exemple.fr"), notify=False)
    join(group, make_user("demande@exemple.fr"), status="requested")
    join(group, make_user("invite@exemple.fr"), status="invited")
    join(group, make_user("parti@exemple.fr", is_active=False))
    make_user("personne@exemple.fr")
    return group


TOLD = [["a.membre@exemple.fr"], ["animatrice@exemple.fr"], ["b.membre@exemple.fr"]]


def group_mails(group) -> list:
    return [m for m in mail.outbox if f"[{group.name}]" in m.subject]


def later(days=7):
    return in_a_week(days)


def submitted_meeting(org, group, **extra):
    return make_event(
        "Réunion de rentrée", org, state="submitted", working_group=group, start=later(), **extra
    )


def test_a_published_meeting_is_told_to_each_member_after_commit(org, group, committed):
    event = submitted_meeting(org, group, commune_id=None)
    with committed():
        moderation.transition(obj=event, action="publish", by=make_curator())
    told = group_mails(group)
    assert sorted(m.to for m in told) == TOLD  # one each, nobody else's address
    assert all(m.cc == [] and m.bcc == [] for m in told)
    message = told[0]
    assert message.subject == (
        f"{settings.EMAIL_SUBJECT_PREFIX}[Ouverture des données] Réunion programmée : "
        "Réunion de rentrée"
    )
    assert settings.SITE_URL + event.get_absolute_url() in message.body
    assert settings.SITE_URL + group.get_absolute_url() in message.body
    assert f"{UNSUBSCRIBE.removesuffix('http')}{settings.SITE_URL}/groupes/mes-groupes/" in (
        message.body
    )
    assert "Quand : le " in message.body and "réservée aux membres" not in message.body


def test_a_members_only_meeting_says_so_and_decisions_reach_only_its_members(org, group, committed):
    member = make_agent("agent.membre@organisateur.fr", org)
    join(group, member)
    make_agent("agent.collegue@organisateur.fr", org)  # not a member of the group
    event = submitted_meeting(org, group, visibility=Visibility.MEMBERS)
    with committed():
        moderation.transition(obj=event, action="publish", by=make_curator())
    decision = [m for m in mail.outbox if m not in group_mails(group)]
    assert [m.to for m in decision] == [["agent.membre@organisateur.fr"]]
    told = group_mails(group)
    assert len(told) == 4 and "réservée aux membres du groupe" in told[0].body


def test_curators_publishing_directly_tell_the_members_too(org, group, committed):
    event = make_event("Réunion", org, state="draft", working_group=group, start=later())
    with committed():
        moderation.transition(obj=event, action="publish_directly", by=make_curator())
    assert sorted(m.to for m in group_mails(group)) == TOLD


def test_nothing_is_sent_when_the_transaction_rolls_back(
    org, group, django_capture_on_commit_callbacks
):
    event = submitted_meeting(org, group)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        moderation.transition(obj=event, action="publish", by=make_curator())
        raise Rollback
    assert callbacks == [] and mail.outbox == []
    event.refresh_from_db()
    assert event.state == "submitted"


def test_no_mail_for_an_event_of_no_group_nor_a_past_meeting(org, group, committed):
    curator = make_curator()
    events = [
        make_event("Atelier", org, state="submitted", start=later()),
        make_event("Réunion passée", org, state="submitted", working_group=group, start=later(-9)),
    ]
    with committed():
        for event in events:
            moderation.transition(obj=event, action="publish", by=curator)
    assert group_mails(group) == []


@pytest.mark.parametrize(
    ("values", "subject"),
    [
        (lambda: {"status": Event.Status.CANCELLED}, "Réunion annulée"),
        (lambda: {"status": Event.Status.POSTPONED}, "Réunion reportée"),
        (
            lambda: {"start": later(8), "end": later(8) + datetime.timedelta(hours=2)},
            "Réunion déplacée",
        ),
        (lambda: {"title": "Réunion renommée"}, None),
        (lambda: {"description": "L'ordre du jour."}, None),
    ],
    ids=["annulee", "reportee", "deplacee", "renommee", "ordre-du-jour"],
)
def test_a_published_meeting_changed_by_its_organiser_is_told(
    org, group, committed, values, subject
):
    # The new values are computed when the test runs, as the meeting's start is: a
    # suite collected before midnight in Paris and run after it moves neither.
    agent = make_agent("agent@organisateur.fr", org)
    event = make_event("Réunion de rentrée", org, working_group=group, start=later())
    with committed():
        agenda.update_event(event=event, by=agent, values=values())
    told = group_mails(group)
    if subject is None:
        assert told == []
    else:
        assert sorted(m.to for m in told) == TOLD
        assert f"] {subject} : " in told[0].subject


def test_a_change_of_a_draft_meeting_is_told_to_nobody(org, group, committed):
    agent = make_agent("agent@organisateur.fr", org)
    event = make_event("Réunion", org, state="draft", working_group=group, start=later())
    with committed():
        agenda.update_event(event=event, by=agent, values={"status": Event.Status.CANCELLED})
    assert group_mails(group) == []


def test_a_curator_cancelling_a_meeting_in_the_admin_tells_the_members(
    org, group, client, committed
):
    event = make_event("Réunion de rentrée", org, working_group=group, start=later())
    client.force_login(make_curator(email="curatrice@exemple.fr"))
    start, end = event.local_start, event.local_end
    data = {
        "title": event.title,
        "slug": event.slug,
        "organisation": org.pk,
        "kind": event.kind,
        "status": Event.Status.CANCELLED,
        "description": "",
        "start_0": start.strftime("%d/%m/%Y"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%d/%m/%Y"),
        "end_1": end.strftime("%H:%M:%S"),
        "audiences": ["collectivites"],
        "address": event.address,
        "working_group": group.pk,
        "visibility": "public",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    with committed():
        response = client.post(reverse("admin:portal_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(m.to for m in group_mails(group)) == TOLD
    assert "Réunion annulée" in group_mails(group)[0].subject


def test_a_published_document_is_told_to_each_member(org, group, committed):
    resource = make_resource_row(
        "Compte rendu <b>de</b> la réunion", org, state="draft", working_group=group
    )
    with committed():
        resources.publish_directly(resource=resource, by=make_curator())
    told = group_mails(group)
    assert sorted(m.to for m in told) == TOLD
    assert told[0].subject.endswith("[Ouverture des données] Document ajouté : "
                                     "Compte rendu <b>de</b> la réunion")  # fmt: skip
    assert settings.SITE_URL + resource.get_absolute_url() in told[0].body
    assert settings.SITE_URL + group.get_absolute_url() in told[0].body
    assert UNSUBSCRIBE in told[0].body


def test_a_document_of_no_group_is_told_to_nobody(org, group, committed):
    resource = make_resource_row("Guide", org, state="draft")
    with committed():
        resources.publish_directly(resource=resource, by=make_curator())
    assert group_mails(group) == []


def test_a_title_with_line_breaks_stays_one_subject_line(org, group, committed):
    event = submitted_meeting(org, group)
    Event.objects.filter(pk=event.pk).update(title="Réunion\r\nBcc: espion@exemple.fr")
    event.refresh_from_db()
    with committed():
        moderation.transition(obj=event, action="publish", by=make_curator())
    told = group_mails(group)
    assert len(told) == 3 and all("\n" not in m.subject for m in told)
    assert all(m.bcc == [] for m in told)
