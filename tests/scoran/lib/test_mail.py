"""One way to send: curators by permission, templates with one subject prefix, sent
after commit, and an SMTP failure logged, never raised."""

import logging
import socket
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import transaction

from directory.models import User
from scoran.lib.mail import send_after_commit, send_now, staff_emails

pytestmark = pytest.mark.django_db

TEMPLATE = "accounts/emails/account_exists.txt"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_staff_emails_are_the_active_staff_holding_the_permission():
    permission = Permission.objects.get(codename="change_project")
    group = Group.objects.create(name="Relecteurs")
    group.permissions.add(permission)
    by_group = User.objects.create_user(email="groupe@example.fr", is_staff=True)
    by_group.groups.add(group)
    direct = User.objects.create_user(email="direct@example.fr", is_staff=True)
    direct.user_permissions.add(permission)
    User.objects.create_user(email="super@example.fr", is_staff=True, is_superuser=True)
    User.objects.create_user(email="sans@example.fr", is_staff=True)
    inactive = User.objects.create_user(email="parti@example.fr", is_staff=True, is_active=False)
    inactive.user_permissions.add(permission)
    not_staff = User.objects.create_user(email="agent@example.fr")
    not_staff.user_permissions.add(permission)

    assert staff_emails(permission="directory.change_project") == [
        "direct@example.fr",
        "groupe@example.fr",
        "super@example.fr",
    ]


def test_an_email_leaves_only_when_its_transaction_commits(django_capture_on_commit_callbacks):
    context = {"url": "https://example.fr/"}
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_after_commit(template=TEMPLATE, to=["a@example.fr"], context=context)
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[SCORAN BFC] ")
    assert mail.outbox[0].to == ["a@example.fr"]

    with pytest.raises(RuntimeError), transaction.atomic():
        send_after_commit(template=TEMPLATE, to=["b@example.fr"], context=context)
        raise RuntimeError("rolled back")
    assert len(mail.outbox) == 1


def test_an_unreachable_mail_server_is_logged_not_raised(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 2
    caplog.set_level(logging.ERROR, logger="scoran.lib.mail")
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(template=TEMPLATE, to=["a@example.fr"], context={"url": "u"})
    assert send_now(template=TEMPLATE, to=["a@example.fr"], context={"url": "u"}) is False
    assert [r.getMessage().split(":")[0] for r in caplog.records] == [
        f"e-mail {TEMPLATE} to 1 recipient(s) not sent"
    ] * 2


def test_no_recipient_sends_nothing():
    send_after_commit(template=TEMPLATE, to=[], context={"url": "u"})
    assert send_now(template=TEMPLATE, to=[], context={"url": "u"}) is False
    assert mail.outbox == []


def test_a_title_with_line_breaks_makes_a_one_line_subject(django_capture_on_commit_callbacks):
    """Titles are typed by agents: a "\r" or "\n" in one would make Django refuse the
    header after the action was committed."""
    source = SimpleNamespace(
        name="Flux\rBcc: tiers@example.fr\tfin", url="u", is_active=True, consecutive_failures=1
    )
    context = {"source": source, "reason": "r", "url": "u"}
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(
            template="observatories/emails/source_failed.txt", to=["a@example.fr"], context=context
        )
    assert mail.outbox[0].subject == (
        "[SCORAN BFC] Échec de la récupération : Flux Bcc: tiers@example.fr fin"
    )
    assert mail.outbox[0].to == ["a@example.fr"] and not mail.outbox[0].bcc
