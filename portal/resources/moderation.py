"""The moderation of resources, on ``scoran.lib.moderation``: an agent of the author
organisation submits a draft (or one sent back for changes); a curator publishes it,
asks for changes or refuses it, and may unpublish a published one. Curators may also
publish or draft directly (the admin, the spreadsheet import): no review, no e-mail.

Editing a published resource (a new version, a corrected summary) is public at
once and kept in the history: its files are checked as any upload."""

from django.conf import settings
from django.urls import reverse

from directory.models import Membership, User
from scoran.lib.moderation import Mail, State, Step, Transition, Workflow, curators

from ..models import Resource, ResourceEvent

Action = ResourceEvent.Action
CURATORS = "portal.change_resource"
WAITING = {State.SUBMITTED}
EDITABLE_STATES = {State.DRAFT, State.CHANGES_REQUESTED}
NOT_WAITING = "« %(title)s » n'est pas en attente de relecture : elle ne peut pas être {verb}."
AGENT_MOVES = {"submit"}


def agents(resource: Resource) -> list[str]:
    """The addresses of the author organisation's agents."""
    return list(
        User.objects.filter(is_active=True, memberships__organisation_id=resource.organisation_id)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
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


def _decision(action, *, sources=WAITING, target, history, verb, **admin) -> Transition:
    """A curator's decision on what waits for review."""
    return Transition(
        action=action,
        sources=sources,
        target=target,
        history=history,
        refusal=NOT_WAITING.format(verb=verb),
        permission=CURATORS,
        **admin,
    )


WORKFLOW = ResourceWorkflow(
    model=Resource,
    history=ResourceEvent,
    history_object="resource",
    transitions=[
        Transition(
            action="submit",
            sources=EDITABLE_STATES,
            target=State.SUBMITTED,
            history=Action.SUBMITTED,
            refusal="",  # said by ResourceWorkflow.refusal, by state
            mail=Mail("portal/emails/resource_submitted.txt", to=curators(CURATORS)),
            label="Soumettre",
        ),
        _decision(
            "publish",
            target=State.PUBLISHED,
            history=Action.PUBLISHED,
            verb="publiée",
            mail=Mail("portal/emails/resource_decided.txt", to=agents),
            slug="publier",
            label="Publier",
            done="publiée(s)",
            bulk="Publier les ressources sélectionnées",
        ),
        _decision(
            "request_changes",
            target=State.CHANGES_REQUESTED,
            history=Action.CHANGES_REQUESTED,
            verb="renvoyée pour modifications",
            mail=Mail("portal/emails/resource_decided.txt", to=agents),
            slug="demander-modifications",
            label="Demander des modifications",
            done="renvoyée(s) pour modifications",
            bulk="Demander des modifications pour les ressources sélectionnées",
            message_label="Ce qu'il faut modifier",
            message_required="Dites ce qu'il faut modifier : le message est obligatoire.",
        ),
        _decision(
            "refuse",
            target=State.REFUSED,
            history=Action.REFUSED,
            verb="refusée",
            mail=Mail("portal/emails/resource_decided.txt", to=agents),
            slug="refuser",
            label="Refuser",
            done="refusée(s)",
            bulk="Refuser les ressources sélectionnées",
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
            mail=Mail("portal/emails/resource_decided.txt", to=agents),
            slug="depublier",
            label="Dépublier",
            done="dépubliée(s)",
            message_label="Raison (facultative)",
        ),
        # A curator publishes directly (the admin's button, the spreadsheet import).
        Transition(
            action="publish_directly",
            sources=set(State) - {State.PUBLISHED},
            target=State.PUBLISHED,
            history=Action.PUBLISHED,
            refusal="« %(title)s » est déjà publiée.",
            permission=CURATORS,
            slug="publier-directement",
            label="Publier directement",
            done="publiée(s)",
            bulk="Publier directement les ressources sélectionnées (sans relecture)",
        ),
        Transition(
            action="draft_directly",
            sources=set(State) - {State.DRAFT},
            target=State.DRAFT,
            history=Action.UNPUBLISHED,
            refusal="« %(title)s » est déjà un brouillon.",
            permission=CURATORS,
        ),
    ],
)
