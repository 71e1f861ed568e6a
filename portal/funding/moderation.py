"""The moderation of aides, on ``scoran.lib.moderation``: agents of the owner
organisation submit a draft, curators publish it, ask for changes, refuse it, and
may unpublish a published one. An import publishes or unpublishes directly."""

from django.conf import settings
from django.urls import reverse

from directory.models import Membership
from directory.organisations.moderation import members
from scoran.lib.moderation import Mail, State, Step, Transition, Workflow, curators

from ..models import Funding, FundingEvent

Action = FundingEvent.Action
CURATORS = "portal.change_funding"
WAITING = {State.SUBMITTED}
NOT_WAITING = "« %(title)s » n'est pas en attente de relecture : elle ne peut pas être {verb}."
AGENT_MOVES = {"submit"}


def owners(funding: Funding) -> list[str]:
    """The addresses of the owner organisation's agents."""
    return members(funding.owner) if funding.owner_id else []


class FundingWorkflow(Workflow):
    def may(self, step: Step) -> bool:
        if step.transition.action in AGENT_MOVES:
            return Membership.objects.filter(
                organisation_id=step.obj.owner_id, user=step.by
            ).exists()
        return super().may(step)

    def forbidden(self, step: Step) -> str:
        if step.transition.action in AGENT_MOVES:
            return "Seuls les membres de la structure soumettent ses aides."
        return super().forbidden(step)

    def mail_context(self, step: Step) -> dict:
        context = super().mail_context(step)
        if step.transition.action not in AGENT_MOVES:
            # Agents follow the link to their list, not to the admin.
            context["url"] = settings.SITE_URL + reverse("funding_agents:list")
        return context


def _decision(action, *, target, history, verb, **admin) -> Transition:
    return Transition(
        action=action,
        sources=WAITING,
        target=target,
        history=history,
        refusal=NOT_WAITING.format(verb=verb),
        permission=CURATORS,
        **admin,
    )


WORKFLOW = FundingWorkflow(
    model=Funding,
    history=FundingEvent,
    history_object="funding",
    transitions=[
        Transition(
            action="submit",
            sources={State.DRAFT, State.CHANGES_REQUESTED},
            target=State.SUBMITTED,
            history=Action.SUBMITTED,
            refusal="« %(title)s » ne peut pas être soumise dans son état.",
            mail=Mail("portal/funding/emails/submitted.txt", to=curators(CURATORS)),
            label="Soumettre",
        ),
        Transition(
            action="publish",
            sources={State.DRAFT, State.SUBMITTED},
            target=State.PUBLISHED,
            history=Action.PUBLISHED,
            refusal="« %(title)s » n'est ni un brouillon ni en attente : elle ne peut pas "
            "être publiée.",
            permission=CURATORS,
            mail=Mail("portal/funding/emails/published.txt", to=owners),
            slug="publier",
            label="Publier",
            done="publiée(s)",
            bulk="Publier les aides sélectionnées",
        ),
        _decision(
            "request_changes",
            target=State.CHANGES_REQUESTED,
            history=Action.CHANGES_REQUESTED,
            verb="renvoyée pour modifications",
            mail=Mail("portal/funding/emails/changes_requested.txt", to=owners),
            slug="demander-modifications",
            label="Demander des modifications",
            done="renvoyée(s) pour modifications",
            bulk="Demander des modifications pour les aides sélectionnées",
            message_label="Ce qu'il faut modifier",
            message_required="Dites ce qu'il faut modifier : le message est obligatoire.",
        ),
        _decision(
            "refuse",
            target=State.REFUSED,
            history=Action.REFUSED,
            verb="refusée",
            mail=Mail("portal/funding/emails/refused.txt", to=owners),
            slug="refuser",
            label="Refuser",
            done="refusée(s)",
            bulk="Refuser les aides sélectionnées",
            message_label="Raison du refus",
            message_required="Donnez la raison du refus : elle est obligatoire.",
        ),
        Transition(
            action="unpublish",
            sources={State.PUBLISHED},
            target=State.DRAFT,
            history=Action.UNPUBLISHED,
            refusal="« %(title)s » n'est pas publiée : elle ne peut pas être dépubliée.",
            permission=CURATORS,
            mail=Mail("portal/funding/emails/unpublished.txt", to=owners),
            slug="depublier",
            label="Dépublier",
            done="dépubliée(s)",
            bulk="Dépublier les aides sélectionnées",
            message_label="Raison (facultative)",
        ),
        # An import (the pipeline) publishes or unpublishes directly, without e-mail.
        Transition(
            action="publish_by_import",
            sources=set(State) - {State.PUBLISHED},
            target=State.PUBLISHED,
            history=Action.PUBLISHED,
            refusal="« %(title)s » est déjà publiée.",
            permission=CURATORS,
        ),
        Transition(
            action="unpublish_by_import",
            sources={State.PUBLISHED},
            target=State.DRAFT,
            history=Action.UNPUBLISHED,
            refusal="« %(title)s » n'est pas publiée.",
            permission=CURATORS,
        ),
    ],
)
