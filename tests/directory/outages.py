"""Servers that do not answer: a mail server and a Redis on a closed port, so that
tests see the real client errors (connection refused), not mocks."""

import logging
import socket


def closed_port() -> int:
    """A local TCP port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the block ends


def unreachable_smtp(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 5


def unreachable_redis(settings) -> None:
    """The cache (and so the throttling counters) on a port where no Redis answers."""
    caches = {name: dict(conf) for name, conf in settings.CACHES.items()}
    caches["default"]["LOCATION"] = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = caches


def mail_errors(caplog) -> list[str]:
    """The English errors logged about e-mails that could not be sent."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "scoran.lib.mail" and record.levelno == logging.ERROR
    ]
