"""What visitors send and what curators decide on error reports."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from scoran.lib import throttling
from scoran.lib.catalogues import ReportableKind
from scoran.lib.mail import send_after_commit, staff_emails

from ..models import ErrorReport, User

log = logging.getLogger(__name__)

REPORTS_PER_HOUR = 5  # per client, whatever the item
REPORTS_ADMIN = "admin:directory_errorreport_changelist"
# Who handles error reports, and so hears of them.
REPORTS_PERMISSION = "directory.change_errorreport"


def report_allowed(client: str) -> bool:
    """Counts one attempt from ``client`` (``throttling.client_key``); False beyond
    REPORTS_PER_HOUR in the hour. Raises ``throttling.ThrottleUnavailable`` when the
    counters cannot be reached."""
    return throttling.allow("error-report", client, limit=REPORTS_PER_HOUR, window=3600)


def report_error(*, kind: ReportableKind, obj, message: str, email: str = "") -> ErrorReport:
    """Store a visitor's report on ``obj`` (an item of ``kind``); curators are
    e-mailed once it is saved (the report is in the admin's queue either way: the
    e-mail is only a nudge)."""
    with transaction.atomic():
        report = ErrorReport.objects.create(
            kind=kind.key,
            object_key=kind.key_of(obj),
            object_title=kind.title(obj)[:300],
            message=message,
            email=email,
        )
        recipients = staff_emails(permission=REPORTS_PERMISSION)
        if not recipients:
            log.warning("error report %s: no curator has an e-mail address", report.pk)
        send_after_commit(
            template="directory/emails/error_report_to_curators.txt",
            to=recipients,
            context={
                "report": report,
                "kind": kind,
                "item_url": settings.SITE_URL + kind.link(obj),
                "reports_url": settings.SITE_URL + reverse(REPORTS_ADMIN),
            },
        )
    log.info("error report %s on %s %s", report.pk, kind.key, report.object_key)
    return report


def close_reports(*, reports: Iterable[ErrorReport], status: str, by: User) -> int:
    """Mark new reports treated or rejected: when and by whom, and the sender's
    address erased (it was kept only to answer them). Reports already closed are
    left as they are. Returns how many were closed."""
    if status not in (ErrorReport.Status.TREATED, ErrorReport.Status.REJECTED):
        raise ValueError(f"not a closing status: {status!r}")
    keys = [report.pk for report in reports]
    with transaction.atomic():
        closed = (
            ErrorReport.objects.pending()
            .filter(pk__in=keys)
            .update(status=status, email="", treated_at=timezone.now(), treated_by=by)
        )
    log.info("%d error report(s) %s by user %s", closed, status, by.pk)
    return closed
