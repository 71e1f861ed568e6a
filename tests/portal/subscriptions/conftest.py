import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal.models import Subscription
from tests.directory.factories import isolated_cache, make_organisation
from tests.portal.factories import make_resource_row

SITE = "https://scoran.example.fr"


@pytest.fixture(autouse=True)
def site(settings):
    isolated_cache(settings)  # throttling counters of our own
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


def path_of(message, marker: str) -> str:
    """The path of the first link of ``message`` holding ``marker``."""
    for word in message.body.split():
        if marker in word:
            return word.removeprefix(SITE)
    raise AssertionError(f"no link with {marker} in {message.body}")


@pytest.fixture
def author(db):
    return make_organisation("Syndicat auteur")


def new_resource(title: str, author, *, kind: str = "guide", **extra):
    """A resource published now (after any subscription of the test)."""
    extra.setdefault("published_at", timezone.now())
    return make_resource_row(title, author, kind=kind, **extra)


def confirmed(email="lea@example.fr", *, list_key="ressources", query="", **extra) -> Subscription:
    extra.setdefault("confirmed_at", timezone.now() - datetime.timedelta(days=2))
    extra.setdefault("frequency", "quotidien")
    return Subscription.objects.create(email=email, list_key=list_key, query=query, **extra)


@pytest.fixture(autouse=True)
def mails_at_once(monkeypatch):
    """E-mails leave after commit; the tests' transaction never commits."""
    monkeypatch.setattr("scoran.lib.mail.transaction.on_commit", lambda send, *a, **k: send())
