"""Writes of the directory: each service checks, saves in one transaction and
sends its e-mails once the transaction is committed.

Errors meant for people are ``ValidationError`` in French, keyed by the form field
they concern when there is one, so that a form shows them next to that field.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from scoran.lib import catalogues
from scoran.lib.mail import send_after_commit

from ..models import User

logger = logging.getLogger(__name__)


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Activation links have their own salt: a password-reset link never activates an
    account (one that an administrator deactivated, say), nor the other way round."""

    key_salt = "directory.accounts.activation"


ACTIVATION_TOKENS = ActivationTokenGenerator()


# ---------- Sign-up ----------


def register(*, email: str, first_name: str, last_name: str, password: str) -> User | None:
    """Create an inactive account and e-mail its activation link; return it, or None
    when no account was created.

    The page shown afterwards and the work done are the same whatever the address
    (the password is hashed on every path), so that neither the page nor its timing
    tells anyone which addresses have accounts. For an address that already has:

    - an account: its owner is told by e-mail (with the password-reset link);
      nothing changes;
    - a registration waiting for activation: that registration is kept as it was
      made (names and first password) and its activation link is e-mailed again.
      A new sign-up never deletes nor replaces it: else anyone knowing the address
      could cancel someone's registration, or swap its password for one they know
      just before its owner opens the link. Someone who forgot the first password
      activates, then uses « Mot de passe oublié ». Once the registration is older
      than ``ACCOUNT_ACTIVATION_DAYS`` (when ``purge_unactivated_accounts`` deletes
      it), a sign-up replaces it.
    """
    email = get_user_model().objects.normalize_email(email).lower()
    with transaction.atomic():
        _expired_registrations().filter(email__iexact=email).delete()
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            user = User.objects.create_user(  # hashes the password
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                is_active=False,
            )
            _send_activation(user, template="accounts/emails/activation.txt")
            logger.info("account %s registered, waiting for activation", user.pk)
            return user
        make_password(password)  # the same work as a new account, then forgotten
        if _unactivated().filter(pk=existing.pk).exists():
            _send_activation(existing, template="accounts/emails/activation_again.txt")
            logger.info("sign-up for account %s, still waiting for activation", existing.pk)
        else:
            send_after_commit(
                template="accounts/emails/account_exists.txt",
                to=[email],
                context={"url": settings.SITE_URL + reverse("accounts:password_reset")},
            )
            logger.info("sign-up for an address that has an account")
    return None


def _send_activation(user: User, *, template: str) -> None:
    path = reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": ACTIVATION_TOKENS.make_token(user),
        },
    )
    send_after_commit(
        template=template,
        to=[user.email],
        context={
            "url": settings.SITE_URL + path,
            "days": settings.ACCOUNT_ACTIVATION_DAYS,
            "registered_on": user.date_joined,
        },
    )


def activate(*, uidb64: str, token: str) -> User | None:
    """The account of a valid activation link, now active; None for a link that is
    wrong, already used (the token changes once the person has signed in) or too old."""
    try:
        user = _unactivated().get(pk=int(urlsafe_base64_decode(uidb64)))
    except (ValueError, OverflowError, User.DoesNotExist):
        return None
    if not ACTIVATION_TOKENS.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    logger.info("account %s activated", user.pk)
    return user


def _unactivated():
    """Accounts created by the sign-up form and never activated. An account that an
    administrator deactivated has signed in, is staff or belongs to an organisation."""
    return User.objects.filter(
        is_active=False, is_staff=False, last_login__isnull=True, memberships=None
    )


def _expired_registrations(*, now=None):
    """Accounts never activated within ACCOUNT_ACTIVATION_DAYS."""
    limit = (now or timezone.now()) - timezone.timedelta(days=settings.ACCOUNT_ACTIVATION_DAYS)
    return _unactivated().filter(date_joined__lt=limit)


def purge_unactivated_accounts(*, now=None) -> int:
    """Delete the accounts never activated within ACCOUNT_ACTIVATION_DAYS: they hold
    personal data for nothing."""
    deleted, _ = _expired_registrations(now=now).delete()
    if deleted:
        logger.info("%d unactivated accounts deleted", deleted)
    return deleted


# ---------- Personal data ----------


def export_personal_data(*, user: User) -> dict:
    """Everything the portal holds about the person, as JSON-ready data: each
    feature's part (``PERSONAL_DATA`` of ``scoran/lib/catalogues.py``)."""
    return catalogues.export_personal_data(user)


def delete_account(*, user: User) -> None:
    """Delete the account and what concerns only the person, as each feature
    declared it (memberships, join requests, invitations sent to their address…).
    Organisations, their content and their change logs stay, without the person."""
    with transaction.atomic():
        user_id = user.pk
        catalogues.erase_personal_data(user)
        user.delete()  # links declared ERASE cascade, those declared DETACH become NULL
    logger.info("account %s deleted by its owner", user_id)
