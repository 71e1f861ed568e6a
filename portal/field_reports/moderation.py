"""The steps of a field report, on the shared moderation mechanism
(``scoran.lib.moderation``): its ``Transition`` s, its ``transition()`` service (one
transaction, the row locked, the history row, the e-mail after commit) and its admin
mixin (buttons on the change page, a decision page asking the reason).

A report is not content to publish: its states are its own (nouvelle, validée,
fusionnée, rejetée), as the interconnection requests' are. It is created « nouvelle »
by ``services.file_report``; then curators, and only they, move it:

    nouvelle ──validate──▶ validée
      │  └───────merge (``services.merge_report``: the kept report named)───▶ fusionnée
      └──────────reject (reason required)──────────────────────────────────▶ rejetée

A validated report may still be merged into another or rejected (a duplicate found
later, a zone since covered). Each move is e-mailed to the reporter, while they are an
active agent of the report's organisation.
"""

from django.conf import settings

from directory.models import Membership
from scoran.lib.moderation import Mail, Step, Transition, Workflow

from ..models import FieldReport, FieldReportStep

CURATORS = "portal.change_fieldreport"
State = FieldReport.State
Action = FieldReportStep.Action
STEP_MAIL = "portal/field_reports/emails/step.txt"
OPEN = {State.NEW, State.VALIDATED}


def reporters(report: FieldReport) -> list[str]:
    """The address a report's steps are e-mailed to: its reporter, while they are an
    active agent of the report's organisation (none else)."""
    person = report.reported_by
    if (
        person is not None
        and person.is_active
        and person.email
        and Membership.objects.filter(user=person, organisation_id=report.organisation_id).exists()
    ):
        return [person.email]
    return []


def _move(action, *, sources, target, impossible, **admin) -> Transition:
    """A curator's move; ``impossible``: what the refusal says cannot be done."""
    return Transition(
        action=action,
        sources=frozenset(sources),
        target=target,
        history=target,  # the history's action names the state reached
        refusal=f"« %(title)s » est « %(state)s » : {impossible}.",
        permission=CURATORS,
        mail=Mail(STEP_MAIL, to=reporters),
        **admin,
    )


TRANSITIONS = [
    _move(
        "validate",
        sources={State.NEW},
        target=State.VALIDATED,
        impossible="seule une remontée nouvelle peut être validée",
        slug="valider",
        label="Valider",
        done="validée(s)",
        bulk="Valider les remontées sélectionnées",
        message_label="Message à la personne qui l'a signalée (facultatif)",
    ),
    # Taken by ``services.merge_report`` (which names the report kept), from the admin's
    # « Fusionner avec un doublon » page: no decision page of its own.
    _move(
        "merge",
        sources=OPEN,
        target=State.MERGED,
        impossible="elle ne peut plus être fusionnée",
        label="Fusionner avec un doublon",
        done="fusionnée(s)",
    ),
    _move(
        "reject",
        sources=OPEN,
        target=State.REJECTED,
        impossible="elle ne peut plus être rejetée",
        slug="rejeter",
        label="Rejeter",
        done="rejetée(s)",
        bulk="Rejeter les remontées sélectionnées",
        message_label="Motif du rejet",
        message_required="Donnez le motif du rejet : il est obligatoire.",
    ),
]


class FieldReportWorkflow(Workflow):
    """The shared mechanism; refusals name the report's state, and the e-mails link to
    the report's page rather than to the admin."""

    def refusal(self, step: Step) -> str | None:
        if step.obj.state in step.transition.sources:
            return None
        return step.transition.refusal % {
            "title": step.obj,
            "state": step.obj.get_state_display().lower(),
        }

    def mail_context(self, step: Step) -> dict:
        return {
            **super().mail_context(step),
            "report": step.subject,
            "url": settings.SITE_URL + step.subject.get_absolute_url(),
        }


WORKFLOW = FieldReportWorkflow(
    model=FieldReport, history=FieldReportStep, history_object="report", transitions=TRANSITIONS
)
