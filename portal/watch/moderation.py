"""The moderation of watch items, on ``scoran.lib.moderation``: an agent of the
proposing organisation submits a draft (or one sent back for changes); a curator
publishes it, asks for changes or refuses it, and may unpublish a published one.
Curators also publish or draft directly (an item they write in the admin): no
review, no e-mail. Items read from feeds are published by the import itself
(``imports.load_items``): their source is curated, not each item."""

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

from ..models import WatchItem, WatchItemStep

CURATORS = "portal.change_watchitem"
EDITABLE_STATES = {State.DRAFT, State.CHANGES_REQUESTED}
AGENT_MOVES = {"submit"}


def agents(item: WatchItem) -> list[str]:
    """The addresses of the proposing organisation's agents (none for an item of
    the curators or of a feed)."""
    if item.organisation_id is None:
        return []
    return list(
        User.objects.filter(is_active=True, memberships__organisation_id=item.organisation_id)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


class WatchWorkflow(Workflow):
    """The shared mechanism; agents (members of the proposing organisation) submit."""

    def may(self, step: Step) -> bool:
        if step.transition.action in AGENT_MOVES:
            return (
                step.obj.organisation_id is not None
                and Membership.objects.filter(
                    organisation_id=step.obj.organisation_id, user=step.by
                ).exists()
            )
        return super().may(step)

    def forbidden(self, step: Step) -> str:
        if step.transition.action in AGENT_MOVES:
            return "Seuls les membres de la structure qui la propose soumettent cette information."
        return super().forbidden(step)

    def refusal(self, step: Step) -> str | None:
        if step.transition.action == "submit":
            if step.obj.state == State.SUBMITTED:
                return "Cette information est déjà en attente de relecture."
            if step.obj.state not in EDITABLE_STATES:
                return "Cette information n'est pas un brouillon : elle ne peut pas être soumise."
        return super().refusal(step)

    def mail_context(self, step: Step) -> dict:
        context = super().mail_context(step)
        if step.transition.action not in AGENT_MOVES:
            # Agents follow the link to their proposal, not to the admin.
            url = reverse("watch_agents:edit", kwargs={"pk": step.obj.pk})
            context["url"] = settings.SITE_URL + url
        return context


WORKFLOW = WatchWorkflow(
    model=WatchItem,
    history=WatchItemStep,
    history_object="item",
    transitions=[
        # The submit refusal is said by WatchWorkflow.refusal, by state.
        *review_transitions(
            permission=CURATORS,
            feminine=True,
            selected="les informations sélectionnées",
            submit_sources=EDITABLE_STATES,
            bulk_unpublish=True,
            mails={
                "submit": Mail("portal/watch/emails/submitted.txt", to=curators(CURATORS)),
                **dict.fromkeys(
                    ["publish", "request_changes", "refuse", "unpublish"],
                    Mail("portal/watch/emails/decided.txt", to=agents),
                ),
            },
        ),
        # A curator publishes directly what the team writes in the admin.
        direct_publication(
            "publish_directly",
            permission=CURATORS,
            feminine=True,
            slug="publier-directement",
            label="Publier directement",
            done="publiée(s)",
            bulk="Publier directement les informations sélectionnées (sans relecture)",
        ),
        direct_draft("draft_directly", permission=CURATORS),
    ],
)
