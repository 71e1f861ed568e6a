"""The owner organisation's agents are e-mailed 30 days before a session's
deadline, once per session, for published aides only; the daily job is declared."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail

from portal.funding import services, tasks
from tests.directory.factories import make_agent, make_organisation
from tests.portal.funding.factories import day, make_funding

pytestmark = pytest.mark.django_db

D = day("2026-05-04")


@pytest.fixture
def owner():
    organisation = make_organisation("Conseil régional")
    make_agent("agent@example.fr", organisation)
    make_agent("autre-agent@example.fr", organisation)
    return organisation


def send(day, capture):
    with capture(execute=True):
        return services.send_deadline_reminders(day=day)


def test_agents_are_told_once_thirty_days_before_the_deadline(
    owner, django_capture_on_commit_callbacks
):
    funding = make_funding("Appel à projets", owner=owner, sessions=[(None, D + timedelta(30))])
    assert send(D - timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert send(D, django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["agent@example.fr", "autre-agent@example.fr"]]
    assert "Appel à projets" in mail.outbox[0].subject and "30 jours" in mail.outbox[0].subject
    assert send(D, django_capture_on_commit_callbacks) == 0  # the same day again
    assert send(D + timedelta(days=1), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    assert funding.sessions.get().reminder_sent_at is not None


def test_days_the_job_missed_are_caught_up_within_a_week(owner, django_capture_on_commit_callbacks):
    make_funding("Manquée deux jours", owner=owner, sessions=[(None, D + timedelta(28))])
    make_funding("Manquée huit jours", owner=owner, sessions=[(None, D + timedelta(22))])
    assert send(D, django_capture_on_commit_callbacks) == 1
    (sent,) = mail.outbox
    assert "Manquée deux jours" in sent.subject and "28 jours" in sent.subject
    assert send(D + timedelta(days=1), django_capture_on_commit_callbacks) == 0  # told once


def test_only_thirty_day_deadlines_of_published_aides_with_an_owner(
    owner, django_capture_on_commit_callbacks
):
    make_funding("Dans dix jours", owner=owner, sessions=[(None, D + timedelta(10))])
    make_funding("Dans soixante jours", owner=owner, sessions=[(None, D + timedelta(60))])
    make_funding("Brouillon", owner=owner, state="draft", sessions=[(None, D + timedelta(30))])
    make_funding("Importée", sessions=[(None, D + timedelta(30))])
    make_funding("Permanente", owner=owner)
    assert send(D, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_each_session_has_its_own_reminder(owner, django_capture_on_commit_callbacks):
    make_funding(
        "Deux sessions",
        owner=owner,
        sessions=[(None, D + timedelta(30)), (D + timedelta(31), D + timedelta(90))],
    )
    assert send(D, django_capture_on_commit_callbacks) == 1
    assert send(D + timedelta(days=60), django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


def test_an_agents_edit_keeps_the_reminder_of_an_unchanged_session(owner):
    agent = owner.memberships.first().user
    funding = make_funding("Aide", owner=owner, sessions=[(None, D + timedelta(30))])
    services.send_deadline_reminders(day=D)
    services.update_funding(
        funding=funding,
        by=agent,
        values={"name": "Aide renommée"},
        sessions=[{"opens_on": None, "deadline": D + timedelta(30)}],
    )
    assert services.send_deadline_reminders(day=D) == 0


def test_the_daily_job_is_declared_and_runs_the_service(owner):
    entry = settings.CELERY_BEAT_SCHEDULE["funding-deadline-reminders"]
    assert entry["task"] == tasks.send_deadline_reminders.name
    assert tasks.send_deadline_reminders.apply().get() == 0
