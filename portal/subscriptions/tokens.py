"""The confirmation link of a subscription: its random key, signed with a time
stamp, so that the link expires (``SUBSCRIPTION_CONFIRM_DAYS``) and cannot be forged.
Unsubscribe links carry the key alone: they must work in any old digest."""

from django.conf import settings
from django.core import signing

SALT = "portal.subscriptions.confirm"


class InvalidToken(Exception):
    """A link that was never ours (or was altered)."""


class ExpiredToken(Exception):
    """A link of ours that is too old."""


def confirmation_token(key: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign(key)


def key_of_confirmation(token: str) -> str:
    """The subscription key of a confirmation token, or ``InvalidToken`` /
    ``ExpiredToken``."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign(
            token, max_age=settings.SUBSCRIPTION_CONFIRM_DAYS * 86400
        )
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
