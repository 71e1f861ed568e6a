"""The moderation of events, on ``scoran.lib.moderation``: an agent of the organiser
organisation submits a draft; a curator publishes it, asks for changes or refuses
it, and may unpublish a published one (the admin's queue).

A working group's meeting, once published (reviewed or directly), is told to the
group's members (``services.notify_meeting``); the decisions on a members-only
meeting reach only the organiser's agents who may see it."""

from django.conf import settings
from django.urls import reverse

from directory.models import Membership, User
from scoran.lib.moderation import (
    Mail,
    State,
    Step,
    Workflow,
    curators,
    direct_draft,
    direct_publication,
    review_transitions,
)

from ..groups.recipients import seeing
from ..models import Event, EventStep
from .services import notify_meeting

CURATORS = "portal.change_event"
EDITABLE_STATES = {State.DRAFT, State.CHANGES_REQUESTED}
AGENT_MOVES = {"submit"}


def agents(event: Event) -> list[str]:
    """The addresses of the organiser organisation's agents (who may see the event)."""
    users = User.objects.filter(is_active=True, memberships__organisation_id=event.organisation_id)
    return list(seeing(users, event).order_by("email").values_list("email", flat=True).distinct())


class EventWorkflow(Workflow):
    """The shared mechanism; agents (members of the organiser) submit."""

    def may(self, step: Step) -> bool:
        if step.transition.action in AGENT_MOVES:
            return Membership.objects.filter(
                organisation_id=step.obj.organisation_id, user=step.by
            ).exists()
        return super().may(step)

    def forbidden(self, step: Step) -> str:
        if step.transition.action in AGENT_MOVES:
            return "Seuls les membres de la structure organisatrice soumettent ses évènements."
        return super().forbidden(step)

    def refusal(self, step: Step) -> str | None:
        if step.transition.action == "submit":
            if step.obj.state == State.SUBMITTED:
                return "Cet évènement est déjà en attente de relecture."
            if step.obj.state not in EDITABLE_STATES:
                return "Cet évènement n'est pas un brouillon : il ne peut pas être soumis."
        return super().refusal(step)

    def mail_context(self, step: Step) -> dict:
        context = super().mail_context(step)
        if step.transition.action not in AGENT_MOVES:
            # Agents follow the link to their event, not to the admin.
            context["url"] = settings.SITE_URL + reverse(
                "agenda_agents:edit", kwargs={"slug": step.obj.slug}
            )
        return context

    def notify(self, step: Step) -> None:
        super().notify(step)
        if step.transition.target == State.PUBLISHED:
            notify_meeting(event=step.subject, change="scheduled")


WORKFLOW = EventWorkflow(
    model=Event,
    history=EventStep,
    history_object="event",
    transitions=[
        *review_transitions(
            permission=CURATORS,
            feminine=False,
            selected="les évènements sélectionnés",
            submit_sources=EDITABLE_STATES,
            mails={
                "submit": Mail("portal/agenda/emails/submitted.txt", to=curators(CURATORS)),
                **dict.fromkeys(
                    ["publish", "request_changes", "refuse", "unpublish"],
                    Mail("portal/agenda/emails/decided.txt", to=agents),
                ),
            },
        ),
        direct_publication(
            "publish_directly",
            permission=CURATORS,
            feminine=False,
            slug="publier-directement",
            label="Publier directement",
            done="publié(s)",
            bulk="Publier directement les évènements sélectionnés (sans relecture)",
        ),
        direct_draft("draft_directly", permission=CURATORS),
    ],
)
