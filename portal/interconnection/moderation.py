"""The steps of an interconnection request, on the shared moderation mechanism
(``scoran.lib.moderation``): its ``Transition`` s, its ``transition()`` service (one
transaction, the row locked, the history row, the e-mail after commit) and its admin
mixin (buttons on the change page, a decision page asking the message).

A request is not content to publish: its states are its own (reçue, à l'étude, devis
envoyé, raccordée, refusée), not the publication vocabulary of ``Moderated``; the
mechanism takes any ``state`` values, so only the table is new. The request is
created « reçue » by ``services.file_request`` (not a move: nothing is left); then
curators, and only they, move it:

    reçue ──study──▶ à l'étude ──send_quote──▶ devis envoyé ──connect──▶ raccordée
      └──────────────────┴──────────refuse (reason required)──────────▶ refusée
      └──────────────────┴──────────withdraw (an agent, reason optional)──▶ retirée

The one move curators do not make: ``withdraw``, by an agent of the requesting
organisation, while the request is open (``access.acts_for``, from the request's
page); the curators are told, besides the followers.

Each move is e-mailed to the request's followers (``followers``): its requester
while they are an active agent of the organisation, and its contact. The whole
organisation sees the request on the site, but only those two are written to: an
organisation such as a department has many agents, and the contact is the person
the network operators deal with.
"""

from django.conf import settings
from django.urls import reverse

from scoran.lib.mail import send_after_commit, staff_emails
from scoran.lib.moderation import Mail, Step, Transition, Workflow

from ..models import InterconnectionRequest, InterconnectionStep
from .access import NOT_AN_AGENT, acts_for

CURATORS = "portal.change_interconnectionrequest"
State = InterconnectionRequest.State
Action = InterconnectionStep.Action
STEP_MAIL = "portal/interconnection/emails/step.txt"
WITHDRAWN_MAIL = "portal/interconnection/emails/withdrawn.txt"


def followers(request: InterconnectionRequest) -> list[str]:
    """The addresses a request's steps are e-mailed to: its requester, while they are an
    active agent of the requesting organisation, and its contact (once each, whatever
    the case)."""
    addresses: dict[str, str] = {}
    requester = request.requested_by
    if requester is not None and requester.email and acts_for(requester, request):
        addresses[requester.email.lower()] = requester.email
    if request.contact_email:
        addresses.setdefault(request.contact_email.lower(), request.contact_email)
    return sorted(addresses.values())


def _move(action, *, sources, target, impossible, **admin) -> Transition:
    """A curator's move; ``impossible``: what the refusal says cannot be done."""
    return Transition(
        action=action,
        sources=frozenset(sources),
        target=target,
        history=target,  # the history's action names the step reached
        refusal=f"« %(title)s » est à l'étape « %(state)s » : {impossible}.",
        permission=CURATORS,
        mail=Mail(STEP_MAIL, to=followers),
        **admin,
    )


TRANSITIONS = [
    _move(
        "study",
        sources={State.RECEIVED},
        target=State.STUDYING,
        impossible="elle ne peut pas être mise à l'étude",
        slug="mettre-a-l-etude",
        label="Mettre à l'étude",
        done="mise(s) à l'étude",
        bulk="Mettre à l'étude les demandes sélectionnées",
        message_label="Message au demandeur (facultatif)",
    ),
    _move(
        "send_quote",
        sources={State.STUDYING},
        target=State.QUOTE_SENT,
        impossible="un devis ne suit que l'étude de la demande",
        slug="devis-envoye",
        label="Devis envoyé",
        done="passée(s) à « devis envoyé »",
        message_label="Message au demandeur (facultatif : référence du devis, délais…)",
    ),
    _move(
        "connect",
        sources={State.QUOTE_SENT},
        target=State.CONNECTED,
        impossible="seule une demande dont le devis est envoyé peut être raccordée",
        slug="raccordee",
        label="Raccordée",
        done="raccordée(s)",
        message_label="Message au demandeur (facultatif)",
    ),
    _move(
        "refuse",
        sources={State.RECEIVED, State.STUDYING, State.QUOTE_SENT},
        target=State.REFUSED,
        impossible="elle est close et ne peut plus être refusée",
        slug="refuser",
        label="Refuser",
        done="refusée(s)",
        message_label="Raison du refus",
        message_required="Donnez la raison du refus : elle est obligatoire.",
    ),
    Transition(
        action="withdraw",
        sources=InterconnectionRequest.OPEN_STATES,
        target=State.WITHDRAWN,
        history=Action.WITHDRAWN,
        refusal=(
            "« %(title)s » est à l'étape « %(state)s » : elle est close et ne peut plus "
            "être retirée."
        ),
        permission=None,  # the organisation's agents: InterconnectionWorkflow.may()
        mail=Mail(STEP_MAIL, to=followers),
        label="Retirer la demande",
    ),
]


def _refusal(move: Transition, request: InterconnectionRequest) -> str | None:
    """Why the request's step does not allow ``move`` (French, naming the step), or None."""
    if request.state in move.sources:
        return None
    return move.refusal % {"title": request, "state": request.get_state_display()}


def withdrawal_refusal(request: InterconnectionRequest) -> str | None:
    """Why the request can no longer be withdrawn (its page says so), or None."""
    return _refusal(WORKFLOW.get("withdraw"), request)


class InterconnectionWorkflow(Workflow):
    """The shared mechanism; refusals name the request's step, and the e-mails link to
    the request's page rather than to the admin."""

    def begin(self, obj, move: Transition, by, message: str) -> Step:
        step = super().begin(obj, move, by, message)
        step.extra["previous_state"] = step.obj.get_state_display()  # the curators' e-mail
        return step

    def may(self, step: Step) -> bool:
        if step.transition.action == "withdraw":
            return acts_for(step.by, step.obj)
        return super().may(step)

    def forbidden(self, step: Step) -> str:
        if step.transition.action == "withdraw":
            return NOT_AN_AGENT
        return super().forbidden(step)

    def notify(self, step: Step) -> None:
        """The followers, as for every step; for a withdrawal the curators as well, in
        an e-mail of their own linking to the admin (the two lists never share one)."""
        super().notify(step)
        if step.transition.action == "withdraw":
            admin = reverse("admin:portal_interconnectionrequest_change", args=[step.obj.pk])
            send_after_commit(
                template=WITHDRAWN_MAIL,
                to=staff_emails(permission=CURATORS),
                context={**self.mail_context(step), "url": settings.SITE_URL + admin},
            )

    def refusal(self, step: Step) -> str | None:
        return _refusal(step.transition, step.obj)

    def mail_context(self, step: Step) -> dict:
        return {
            **super().mail_context(step),
            "interconnection": step.subject,
            "url": settings.SITE_URL + step.subject.get_absolute_url(),
        }


WORKFLOW = InterconnectionWorkflow(
    model=InterconnectionRequest,
    history=InterconnectionStep,
    history_object="request",
    transitions=TRANSITIONS,
)
