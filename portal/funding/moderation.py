"""The moderation of aides, on ``scoran.lib.moderation``: agents of the owner
organisation submit a draft, curators publish it, ask for changes, refuse it, and
may unpublish a published one. An import (``imports.py``) publishes or withdraws the
aides of its source itself, with a history row and no e-mail, as a scheduled job has
no curator to act as."""

from django.conf import settings
from django.urls import reverse

from directory.models import Membership
from directory.organisations.moderation import members
from scoran.lib.moderation import (
    Mail,
    State,
    Step,
    Workflow,
    curators,
    review_transitions,
)

from ..models import Funding, FundingEvent

Action = FundingEvent.Action
CURATORS = "portal.change_funding"
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


WORKFLOW = FundingWorkflow(
    model=Funding,
    history=FundingEvent,
    history_object="funding",
    transitions=[
        *review_transitions(
            permission=CURATORS,
            feminine=True,
            selected="les aides sélectionnées",
            publish_sources={State.DRAFT, State.SUBMITTED},
            publish_refusal="« %(title)s » n'est ni un brouillon ni en attente : elle ne peut "
            "pas être publiée.",
            bulk_unpublish=True,
            mails={
                "submit": Mail("portal/funding/emails/submitted.txt", to=curators(CURATORS)),
                "publish": Mail("portal/funding/emails/published.txt", to=owners),
                "request_changes": Mail("portal/funding/emails/changes_requested.txt", to=owners),
                "refuse": Mail("portal/funding/emails/refused.txt", to=owners),
                "unpublish": Mail("portal/funding/emails/unpublished.txt", to=owners),
            },
        ),
    ],
)
