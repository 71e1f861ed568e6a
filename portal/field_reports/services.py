"""Writes of the field reports, keyword-only: an agent reports a poorly covered zone
for one of their organisations, curators validate, merge or reject it (the shared
moderation, ``moderation.py``). E-mails leave after commit."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from directory.models import Membership, Organisation
from scoran.lib import moderation, throttling
from scoran.lib.mail import send_after_commit, staff_emails

from ..models import FieldReport, FieldReportStep
from .moderation import CURATORS, OPEN, STEP_MAIL, reporters

logger = logging.getLogger(__name__)

# Reports one person may file in a day: a field day along a valley, not a flood.
REPORTS_PER_DAY = 20
NOT_AGENT = (
    "Seuls les agents d'une structure de l'annuaire signalent des zones mal couvertes : "
    "demandez à rejoindre la vôtre depuis votre compte."
)


def filing_allowed(user) -> bool:
    """Counts one filing by ``user``; False beyond ``REPORTS_PER_DAY`` in the day.
    Raises ``throttling.ThrottleUnavailable`` when the counters cannot be reached."""
    return throttling.allow("field-report", str(user.pk), limit=REPORTS_PER_DAY, window=86400)


@transaction.atomic
def file_report(*, organisation: Organisation, by, values: dict) -> FieldReport:
    """A report of ``organisation`` (of which ``by`` is an agent), « nouvelle »; the
    curators are told and the reporter gets an acknowledgment."""
    if not Membership.objects.filter(organisation=organisation, user=by).exists():
        raise PermissionDenied("Seuls les membres de la structure signalent en son nom.")
    report = FieldReport(organisation=organisation, reported_by=by, **values)
    report.full_clean()
    report.save()
    FieldReportStep.objects.create(report=report, action=FieldReportStep.Action.FILED, by=by)
    context = {
        "report": report,
        "message": "",
        "url": settings.SITE_URL + report.get_absolute_url(),
    }
    send_after_commit(template=STEP_MAIL, to=reporters(report), context=context)
    admin = reverse("admin:portal_fieldreport_change", args=[report.pk])
    send_after_commit(
        template="portal/field_reports/emails/received.txt",
        to=staff_emails(permission=CURATORS),
        context={**context, "url": settings.SITE_URL + admin},
    )
    logger.info("field report %s filed by user %s", report.pk, by.pk)
    return report


def move_report(*, report: FieldReport, action: str, by, message: str = "") -> FieldReport:
    """A curator's move (``validate``, ``reject``: a reason required), recorded and
    e-mailed to the reporter."""
    return moderation.transition(obj=report, action=action, by=by, message=message)


@transaction.atomic
def merge_report(*, report: FieldReport, into: FieldReport, by, message: str = "") -> FieldReport:
    """``report`` merged into ``into``, the report kept (new or validated, not
    ``report`` itself): ``report`` then counts in ``into`` only, and the reports
    already merged into ``report`` now point to ``into`` (no chain). Recorded and
    e-mailed to the reporter; French ``ValidationError`` when ``into`` cannot be kept."""
    rows = FieldReport.objects.select_for_update().in_bulk([report.pk, into.pk])
    kept = rows.get(into.pk)
    if into.pk == report.pk:
        raise ValidationError({"into": "Une remontée ne peut pas être fusionnée avec elle-même."})
    if kept is None:
        raise ValidationError({"into": "Cette remontée n'existe plus."})
    if kept.state not in OPEN:
        raise ValidationError(
            {
                "into": f"La remontée n° {kept.pk} est « {kept.get_state_display().lower()} » : "
                "choisissez une remontée nouvelle ou validée à conserver."
            }
        )
    FieldReport.objects.filter(pk=report.pk).update(duplicate_of=kept)
    moved = moderation.transition(obj=report, action="merge", by=by, message=message)
    FieldReport.objects.filter(duplicate_of=report).exclude(pk=report.pk).update(duplicate_of=kept)
    return moved
