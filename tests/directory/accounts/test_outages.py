"""Accounts when a server is down: a committed action never ends in an error page
because the mail server is unreachable, and without Redis (the throttling counters)
sign-in, sign-up and password reset are refused in French, never with a 500."""

import logging

import pytest
from django.urls import reverse

from directory.models import User
from scoran.lib import throttling
from tests.directory.accounts.test_accounts import NEW_ACCOUNT, sign_in, sign_up
from tests.directory.factories import (
    PASSWORD,
    isolated_cache,
    make_user,
)
from tests.directory.outages import mail_errors, unreachable_redis, unreachable_smtp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_cache(settings, caplog):
    isolated_cache(settings)
    caplog.set_level(logging.INFO)


# ---------- Mail server down ----------


@pytest.mark.parametrize("existing", [None, "active", "pending"])
def test_sign_up_answers_normally_when_the_mail_server_is_down(
    client, settings, caplog, django_capture_on_commit_callbacks, existing
):
    if existing:
        make_user("nouvelle.agente@example.fr", is_active=existing == "active")
    unreachable_smtp(settings)
    response = sign_up(client, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sign_up_done")
    assert User.objects.filter(email="nouvelle.agente@example.fr").count() == 1  # committed
    (error,) = mail_errors(caplog)
    assert "not sent" in error and "Connection refused" in error


def test_password_reset_answers_normally_when_the_mail_server_is_down(client, settings, caplog):
    make_user("agent@example.fr")
    unreachable_smtp(settings)
    response = client.post(reverse("accounts:password_reset"), {"email": "agent@example.fr"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    (error,) = mail_errors(caplog)
    assert "accounts/emails/password_reset.txt" in error and "not sent" in error


def test_the_password_reset_email_carries_the_subject_prefix(client, mailoutbox):
    make_user("agent@example.fr")
    client.post(reverse("accounts:password_reset"), {"email": "agent@example.fr"})
    (message,) = mailoutbox
    assert message.subject == (
        "[SCORAN BFC] Réinitialisation de votre mot de passe sur l'espace SCORAN BFC"
    )
    assert "/compte/mot-de-passe/nouveau/" in message.body


# ---------- Redis down ----------


@pytest.mark.parametrize("url_name", ["accounts:login", "admin:login"])
@pytest.mark.parametrize("password", [PASSWORD, "mauvais-mot-de-passe"])
def test_sign_in_fails_closed_in_french_when_redis_is_down(client, settings, url_name, password):
    make_user("agent@example.fr", is_staff=True)
    unreachable_redis(settings)
    response = client.post(
        reverse(url_name), {"username": "agent@example.fr", "password": password}
    )
    assert response.status_code == 200  # the form again, not a 500
    assert throttling.UNAVAILABLE_MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_works_again_once_redis_is_back(client, settings):
    make_user("agent@example.fr")
    working = settings.CACHES
    unreachable_redis(settings)
    assert sign_in(client, "agent@example.fr", PASSWORD).status_code == 200
    settings.CACHES = working
    assert sign_in(client, "agent@example.fr", PASSWORD).status_code == 302


def test_sign_up_is_refused_in_french_when_redis_is_down(client, settings, mailoutbox):
    unreachable_redis(settings)
    response = sign_up(client)
    assert response.status_code == 503
    assert throttling.UNAVAILABLE_MESSAGE in response.content.decode()
    assert not User.objects.filter(email=NEW_ACCOUNT["email"].lower()).exists()
    assert mailoutbox == []


def test_password_reset_is_refused_in_french_when_redis_is_down(client, settings, mailoutbox):
    make_user("agent@example.fr")
    unreachable_redis(settings)
    response = client.post(reverse("accounts:password_reset"), {"email": "agent@example.fr"})
    assert response.status_code == 503
    assert throttling.UNAVAILABLE_MESSAGE in response.content.decode()
    assert mailoutbox == []
