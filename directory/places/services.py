"""What changes places or reports on them (the import has its own path)."""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from scoran.lib import throttling
from scoran.lib.mail import send_after_commit, staff_emails

from ..models import ErrorReport, Place

log = logging.getLogger(__name__)

REPORTS_PER_HOUR = 5  # per IP address
REPORTS_ADMIN = "admin:directory_errorreport_changelist"
# Who handles error reports, and so hears of them.
REPORTS_PERMISSION = "directory.change_errorreport"


def report_allowed(ip: str) -> bool:
    """Counts one attempt from ``ip``; False beyond REPORTS_PER_HOUR in the hour.
    Raises ``throttling.ThrottleUnavailable`` when the counters cannot be reached."""
    return throttling.allow("places-error-report", ip, limit=REPORTS_PER_HOUR, window=3600)


def report_error(*, place: Place, message: str, email: str = "") -> ErrorReport:
    """Store a visitor's report on ``place``; curators are e-mailed once it is saved
    (the report is listed in the admin either way: the e-mail is only a nudge)."""
    with transaction.atomic():
        report = ErrorReport.objects.create(place=place, message=message, email=email)
        recipients = staff_emails(permission=REPORTS_PERMISSION)
        if not recipients:
            log.warning("error report %s: no curator has an e-mail address", report.pk)
        send_after_commit(
            template="directory/emails/error_report_to_curators.txt",
            to=recipients,
            context={
                "report": report,
                "place": place,
                "place_url": settings.SITE_URL + place.get_absolute_url(),
                "reports_url": settings.SITE_URL + reverse(REPORTS_ADMIN),
            },
        )
    log.info("error report %s on place %s", report.pk, place.pk)
    return report
