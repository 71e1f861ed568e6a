"""What changes places or reports on them (the import has its own path)."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from scoran.lib import throttling

from ..models import ErrorReport, Place, User

log = logging.getLogger(__name__)

REPORTS_PER_HOUR = 5  # per IP address
REPORTS_ADMIN = "admin:directory_errorreport_changelist"


def report_allowed(ip: str) -> bool:
    """Counts one attempt from ``ip``; False beyond REPORTS_PER_HOUR in the hour."""
    return throttling.allow("places-error-report", ip, limit=REPORTS_PER_HOUR, window=3600)


def notify_curators(report_id: int) -> None:
    report = ErrorReport.objects.select_related("place__commune").get(pk=report_id)
    recipients = list(
        User.objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        log.warning("error report %s: no curator has an e-mail address", report.pk)
        return
    place = report.place
    try:
        send_mail(
            subject=f"[SCORAN BFC] Erreur signalée : {place.name}",
            message=(
                f"Un visiteur signale une erreur sur « {place.name} » ({place.commune.name}).\n\n"
                f"{report.message}\n\n"
                f"Contact : {report.email or 'non donné'}\n"
                f"Fiche : {settings.SITE_URL}{place.get_absolute_url()}\n"
                f"Signalements à traiter : {settings.SITE_URL}{reverse(REPORTS_ADMIN)}"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except (smtplib.SMTPException, OSError):
        # The report is stored and listed in the admin: the e-mail is only a nudge.
        log.exception("error report %s: e-mail to curators failed", report.pk)


def report_error(*, place: Place, message: str, email: str = "") -> ErrorReport:
    """Store a visitor's report on ``place``; curators are e-mailed once it is saved."""
    with transaction.atomic():
        report = ErrorReport.objects.create(place=place, message=message, email=email)
        transaction.on_commit(lambda: notify_curators(report.pk))
    log.info("error report %s on place %s", report.pk, place.pk)
    return report
