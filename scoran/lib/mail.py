"""E-mails of the portal: who the curators are, and one way to send.

- ``staff_emails(permission=…)`` decides who is told about something to moderate or
  watch: active staff holding the permission (directly, through a group such as
  « Curateurs », or as superusers).
- ``send_after_commit(template=…)`` renders one template (first line: the subject,
  the rest: the body) and sends it once the transaction that asked for it commits.
  Every subject carries ``settings.EMAIL_SUBJECT_PREFIX``.
- One failure policy: by the time an e-mail leaves, its row is committed; an SMTP
  error is logged (English) and the action goes on. A committed action never ends
  in an error page because a mail server is down.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import BadHeaderError, send_mail
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# The mail server refused or could not be reached; a header Django refuses.
NOT_SENT = (smtplib.SMTPException, OSError, BadHeaderError)


def staff_emails(*, permission: str) -> list[str]:
    """The addresses of active staff who hold ``permission`` (``app_label.codename``),
    superusers included, sorted, without duplicates or empty addresses."""
    users = get_user_model().objects.with_perm(permission, is_active=True, include_superusers=True)
    return sorted(
        set(users.filter(is_staff=True).exclude(email="").values_list("email", flat=True))
    )


def render_email(template: str, context: dict) -> tuple[str, str]:
    """(subject, body) of an e-mail template: its first line is the subject."""
    text = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    subject, _, body = text.lstrip().partition("\n")
    # One line, whatever a title typed by someone holds (a "\r" would make Django
    # refuse the header, after the action was committed).
    return settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body.strip() + "\n"


def send_now(*, template: str, to: list[str], context: dict) -> bool:
    """Send one e-mail at once; False (logged) when the mail server refused it."""
    if not to:
        return False
    subject, body = render_email(template, context)
    try:
        send_mail(subject, body, None, to)
    except NOT_SENT as error:
        logger.error("e-mail %s to %d recipient(s) not sent: %r", template, len(to), error)
        return False
    return True


def send_after_commit(*, template: str, to: list[str], context: dict) -> None:
    """One e-mail, sent only if the transaction that asked for it commits (at once
    outside a transaction). Rendered now, so that it shows the state it announces."""
    if not to:
        return
    subject, body = render_email(template, context)

    def send():
        try:
            send_mail(subject, body, None, to)
        except NOT_SENT as error:
            logger.error("e-mail %s to %d recipient(s) not sent: %r", template, len(to), error)

    transaction.on_commit(send)
