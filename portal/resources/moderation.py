"""The moderation of resources, on ``scoran.lib.moderation``: an agent of the author
organisation submits a draft (or one sent back for changes); a curator publishes it,
asks for changes or refuses it, and may unpublish a published one. Curators may also
publish or draft directly (the admin, the spreadsheet import): no review, no e-mail.

Editing a published resource (a new version, a corrected summary) is public at
once and kept in the history: its files are checked as any upload.

A working group's document, once published (reviewed or directly), is told to the
group's members (``services.notify_document``); the decisions on a members-only
document reach only the author's agents who may see it."""

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
from ..models import Resource, ResourceEvent
from .services import notify_document

CURATORS = "portal.change_resource"
EDITABLE_STATES = {State.DRAFT, State.CHANGES_REQUESTED}
AGENT_MOVES = {"submit"}


def agents(resource: Resource) -> list[str]:
    """The addresses of the author organisation's agents (who may see the resource)."""
    users = User.objects.filter(
        is_active=True, memberships__organisation_id=resource.organisation_id
    )
    return list(
        seeing(users, resource).order_by("email").values_list("email", flat=True).distinct()
    )


class ResourceWorkflow(Workflow):
    """The shared mechanism; agents (members of the author organisation) submit, and
    a resource without any version cannot be submitted."""

    def may(self, step: Step) -> bool:
        if step.transition.action in AGENT_MOVES:
            return Membership.objects.filter(
                organisation_id=step.obj.organisation_id, user=step.by
            ).exists()
        return super().may(step)

    def forbidden(self, step: Step) -> str:
        if step.transition.action in AGENT_MOVES:
            return "Seuls les membres de la structure autrice soumettent ses ressources."
        return super().forbidden(step)

    def refusal(self, step: Step) -> str | None:
        if step.transition.action == "submit":
            if step.obj.state == State.SUBMITTED:
                return "Cette ressource est déjà en attente de relecture."
            if step.obj.state not in EDITABLE_STATES:
                return "Cette ressource n'est pas un brouillon : elle ne peut pas être soumise."
        if step.transition.target == State.PUBLISHED and not step.obj.versions.exists():
            return f"« {step.obj} » n'a encore aucune version : déposez un fichier ou un lien."
        return super().refusal(step)

    def mail_context(self, step: Step) -> dict:
        context = super().mail_context(step)
        if step.transition.action not in AGENT_MOVES:
            # Agents follow the link to their resource, not to the admin.
            url = reverse("resource_agents:edit", args=[step.obj.slug])
            context["url"] = settings.SITE_URL + url
        return context

    def notify(self, step: Step) -> None:
        super().notify(step)
        if step.transition.target == State.PUBLISHED:
            notify_document(resource=step.subject)


WORKFLOW = ResourceWorkflow(
    model=Resource,
    history=ResourceEvent,
    history_object="resource",
    transitions=[
        # The submit refusal is said by ResourceWorkflow.refusal, by state.
        *review_transitions(
            permission=CURATORS,
            feminine=True,
            selected="les ressources sélectionnées",
            submit_sources=EDITABLE_STATES,
            mails={
                "submit": Mail("portal/emails/resource_submitted.txt", to=curators(CURATORS)),
                **dict.fromkeys(
                    ["publish", "request_changes", "refuse", "unpublish"],
                    Mail("portal/emails/resource_decided.txt", to=agents),
                ),
            },
        ),
        # A curator publishes directly (the admin's button, the spreadsheet import).
        direct_publication(
            "publish_directly",
            permission=CURATORS,
            feminine=True,
            slug="publier-directement",
            label="Publier directement",
            done="publiée(s)",
            bulk="Publier directement les ressources sélectionnées (sans relecture)",
        ),
        direct_draft("draft_directly", permission=CURATORS),
    ],
)
