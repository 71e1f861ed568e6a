"""The moderation mechanism (``scoran.lib.moderation``) on its own: the declared
table, the one ``transition()`` service (checks, history, e-mail after commit,
failure policy), batches, the registry. Tried on organisations, and on a table of
its own registered for the test."""

import logging
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from directory.models import Organisation, OrganisationEvent, User
from scoran.lib import moderation
from scoran.lib.moderation import Mail, State, Transition, Workflow, curators, transition
from scoran.lib.registry import AlreadyRegistered
from tests.directory.factories import (
    make_agent,
    make_curator,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.django_db
Action = OrganisationEvent.Action
PERMISSION = "directory.change_organisation"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def draft():
    return make_organisation("Syndicat", slug="syndicat", is_published=False)


@pytest.fixture
def curator():
    return make_curator()


def steps(organisation) -> list[tuple[str, str]]:
    return list(organisation.events.order_by("at", "pk").values_list("action", "message"))


class ReviewedWorkflow(Workflow):
    finished: list

    def finish(self, rows):
        self.finished.append([row.pk for row in rows])


def reviewed_table() -> ReviewedWorkflow:
    """A table of its own on organisations: agents submit, curators send back with a
    required message, e-mails to curators."""
    workflow = ReviewedWorkflow(
        model=Organisation,
        history=OrganisationEvent,
        history_object="organisation",
        transitions=[
            Transition(
                action="submit",
                sources={State.DRAFT, State.CHANGES_REQUESTED},
                target=State.SUBMITTED,
                history=Action.PUBLISHED,
                refusal="« %(title)s » attend déjà.",
                permission=PERMISSION,
                mail=Mail("directory/emails/organisation_published.txt", to=curators(PERMISSION)),
            ),
            Transition(
                action="send_back",
                sources={State.SUBMITTED},
                target=State.CHANGES_REQUESTED,
                history=Action.UNPUBLISHED,
                refusal="« %(title)s » n'attend rien.",
                permission=PERMISSION,
                message_required="Dites pourquoi.",
            ),
        ],
    )
    workflow.finished = []
    return workflow


@pytest.fixture
def reviewed():
    workflow = reviewed_table()
    with moderation.WORKFLOWS.replaced("directory.organisation", workflow):
        yield workflow


# ---------- transition() ----------


def test_a_move_changes_the_state_records_the_step_and_mails_after_commit(
    draft, curator, committed
):
    agent = make_agent("agent@example.fr", draft)
    mail.outbox.clear()
    with committed(), pytest.raises(ValidationError), transaction.atomic():
        transition(obj=draft, action="publish", by=curator)
        raise ValidationError("the transaction fails: nothing is sent")
    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not draft.events.exists()

    with committed():
        published = transition(obj=draft, action="publish", by=curator, message="  Bienvenue. ")
    assert published.state == State.PUBLISHED and published.published_at is not None
    assert list(Organisation.objects.published()) == [draft]
    event = draft.events.get()
    assert (event.action, event.by, event.message) == (Action.PUBLISHED, curator, "Bienvenue.")
    assert [m.to for m in mail.outbox] == [[agent.email]]
    assert mail.outbox[0].subject == "[SCORAN BFC] Votre structure « Syndicat » est publiée"
    assert "Bienvenue." in mail.outbox[0].body
    assert draft.get_absolute_url() in mail.outbox[0].body


def test_the_first_publication_date_is_kept(draft, curator):
    first = transition(obj=draft, action="publish", by=curator).published_at
    transition(obj=draft, action="unpublish", by=curator)
    again = transition(obj=draft, action="publish", by=curator)
    assert again.published_at == first
    assert [action for action, _ in steps(draft)] == [
        Action.PUBLISHED,
        Action.UNPUBLISHED,
        Action.PUBLISHED,
    ]


def test_a_move_the_state_does_not_allow_is_refused_in_french_and_changes_nothing(
    draft, curator, committed
):
    with committed(), pytest.raises(ValidationError) as refused:
        transition(obj=draft, action="unpublish", by=curator)
    assert refused.value.messages == [
        "« Syndicat » n'est pas publiée : elle ne peut pas être dépubliée."
    ]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not draft.events.exists() and mail.outbox == []


@pytest.mark.parametrize("who", ["agent", "staff without the permission", "inactive curator"])
def test_who_may_not_take_a_move_is_refused_and_nothing_changes(draft, who):
    if who == "agent":
        by = make_agent("agent@example.fr", draft)
    elif who == "staff without the permission":
        by = make_user("staff@example.fr", is_staff=True)
    else:
        by = make_curator()
        User.objects.filter(pk=by.pk).update(is_active=False)
        by.refresh_from_db()
    with pytest.raises(PermissionDenied, match="Vous ne pouvez pas prendre cette décision"):
        transition(obj=draft, action="publish", by=by)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not draft.events.exists()


def test_an_unknown_move_is_a_programming_error(draft, curator):
    with pytest.raises(ValueError, match="no transition 'supprimer'"):
        transition(obj=draft, action="supprimer", by=curator)


def test_a_committed_move_survives_a_mail_server_that_refuses(
    settings, draft, curator, committed, caplog
):
    make_agent("agent@example.fr", draft)
    settings.EMAIL_BACKEND = "tests.scoran.test_moderation.RefusingBackend"
    with caplog.at_level(logging.ERROR, logger="scoran.lib.mail"), committed():
        transition(obj=draft, action="publish", by=curator)
    draft.refresh_from_db()
    assert draft.state == State.PUBLISHED and draft.events.count() == 1
    assert "organisation_published.txt" in caplog.text and "not sent" in caplog.text


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("the mail server went away")


# ---------- A table of one's own ----------


def test_submitting_stamps_the_date_and_mails_the_curators(reviewed, draft, curator, committed):
    make_user("sans-droits@example.fr", is_staff=True)
    with committed():
        row = transition(obj=draft, action="submit", by=curator)
    assert row.state == State.SUBMITTED and row.submitted_at is not None
    assert reviewed.queue_state == State.SUBMITTED
    assert [m.to for m in mail.outbox] == [[curator.email]]
    assert reviewed.finished == [[draft.pk]]


def test_a_required_message_is_asked_before_anything(reviewed, draft, curator):
    transition(obj=draft, action="submit", by=curator)
    with pytest.raises(ValidationError) as refused:
        transition(obj=draft, action="send_back", by=curator, message="   ")
    assert refused.value.message_dict == {"message": ["Dites pourquoi."]}
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    transition(obj=draft, action="send_back", by=curator, message="Il manque le SIREN.")
    draft.refresh_from_db()
    assert draft.state == State.CHANGES_REQUESTED
    assert steps(draft)[-1] == (Action.UNPUBLISHED, "Il manque le SIREN.")


def test_a_batch_shares_one_transaction_and_finishes_once(reviewed, curator):
    rows = [make_organisation(f"S{n}", is_published=False) for n in range(3)]
    transition(obj=rows[1], action="submit", by=curator)
    reviewed.finished.clear()
    refused = []
    with moderation.batch():
        for row in rows:
            try:
                transition(obj=row, action="submit", by=curator)
            except ValidationError as error:
                refused.append((row, error.messages))
        assert reviewed.finished == []  # not yet: once, at the end
    assert reviewed.finished == [[rows[0].pk, rows[2].pk]]
    assert refused == [(rows[1], ["« S1 » attend déjà."])]


def test_a_table_is_declared_once_per_kind():
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(
            model=Organisation,
            history=OrganisationEvent,
            history_object="organisation",
            transitions=[reviewed_table().get("submit"), reviewed_table().get("submit")],
        )
    with pytest.raises(AlreadyRegistered):
        moderation.register(reviewed_table())
    with pytest.raises(LookupError, match="no moderation workflow"):
        moderation.workflow_of(User)


def test_the_kinds_that_are_moderated_declare_their_table():
    assert set(moderation.WORKFLOWS.keys()) == {
        "directory.organisation",
        "directory.place",
        "directory.project",
        "portal.event",
        "portal.funding",
        "portal.fieldreport",
        "portal.interconnectionrequest",
        "portal.resource",
        "portal.watchitem",
    }
    for workflow in moderation.WORKFLOWS:
        # The shared vocabulary, or the kind's own (the interconnection requests' and the
        # field reports' steps).
        states = set(dict(workflow.model._meta.get_field("state").choices))
        for move in workflow.transitions.values():
            assert move.sources and move.sources <= states and move.target in states, move
            # Without a permission, the workflow's may() decides: an agent's move (a
            # submission, an interconnection request withdrawn by its organisation).
            assert move.permission or move.action in {"submit", "withdraw"}, move
            assert move.refusal or move.action == "submit", move
