"""Scheduled feeds: download a source's file when it changed, import it, and keep
track of failures. Network trouble is worth another try; a refused file is not."""

import http.client
import logging
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from ..models import DataSource, ImportRun
from .pipeline import import_file
from .reading import ImportRefused

log = logging.getLogger(__name__)

USER_AGENT = "scoran-bfc-portal (espace de ressources mutualisées)"


class FetchError(Exception):
    """The download failed for a reason that may pass (network, server error)."""


@dataclass(frozen=True)
class Download:
    path: Path | None  # None: the file did not change since the last download
    etag: str = ""
    last_modified: str = ""


def download(source: DataSource, dest_dir: Path) -> Download:
    """GET the source's URL, conditionally; stream the body to a file in ``dest_dir``."""
    headers = {"User-Agent": USER_AGENT}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    request = urllib.request.Request(source.url, headers=headers)  # noqa: S310 - curated URL
    dest_dir.mkdir(parents=True, exist_ok=True)
    try:
        with urllib.request.urlopen(request, timeout=settings.FEED_TIMEOUT) as response:  # noqa: S310
            name = Path(urllib.parse.urlsplit(source.url).path).name or "fichier"
            with tempfile.NamedTemporaryFile(
                dir=dest_dir, prefix="feed-", suffix=f"-{name}", delete=False
            ) as handle:
                copied = 0
                while chunk := response.read(1 << 20):
                    copied += len(chunk)
                    if copied > settings.FEED_MAX_BYTES:
                        handle.close()
                        Path(handle.name).unlink()
                        raise ImportRefused("Fichier téléchargé trop volumineux.")
                    handle.write(chunk)
            return Download(
                Path(handle.name),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Download(None, etag=source.etag, last_modified=source.last_modified)
        if exc.code >= 500 or exc.code == 429:
            raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
        raise ImportRefused(
            f"Le serveur refuse le fichier (HTTP {exc.code}) : adresse à vérifier."
        ) from exc
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise FetchError(str(exc) or type(exc).__name__) from exc


def record_failure(source: DataSource, reason: str) -> None:
    """Count a failure, switch the source off after too many, tell the curators."""
    source.consecutive_failures += 1
    if source.consecutive_failures >= settings.FEED_MAX_FAILURES:
        source.is_active = False
        source.disabled_reason = (
            f"Désactivée le {timezone.localtime():%d/%m/%Y} après {source.consecutive_failures} "
            f"échecs consécutifs. Dernier motif : {reason}"
        )
    source.save(update_fields=["consecutive_failures", "is_active", "disabled_reason"])
    notify_curators(source, reason)


def notify_curators(source: DataSource, reason: str) -> None:
    from directory.models import User

    recipients = list(
        User.objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        log.warning("feed %s failed and no curator has an e-mail address", source.slug)
        return
    state = (
        "La source a été désactivée."
        if not source.is_active
        else "Nouvel essai à la prochaine échéance."
    )
    send_mail(
        subject=f"[SCORAN BFC] Échec de la récupération : {source.name}",
        message=(
            f"La récupération automatique de « {source.name} » ({source.url}) a échoué.\n\n"
            f"Motif : {reason}\n\n{state}\n"
            f"Échecs consécutifs : {source.consecutive_failures}."
        ),
        from_email=None,
        recipient_list=recipients,
    )


def fetch_and_import(source: DataSource) -> ImportRun | None:
    """Download the source if it changed and import it. Returns the import run, or
    None when the file did not change. Raises FetchError on network trouble."""
    dest_dir = Path(settings.MEDIA_ROOT) / "feeds"
    try:
        fetched = download(source, dest_dir)
    except ImportRefused as exc:
        record_failure(source, str(exc))
        return None
    source.last_checked_at = timezone.now()
    if fetched.path is None:
        source.consecutive_failures = 0
        source.save(update_fields=["last_checked_at", "consecutive_failures"])
        return None
    try:
        run = import_file(fetched.path, trigger=ImportRun.Trigger.SCHEDULE, source=source)
    finally:
        fetched.path.unlink(missing_ok=True)
    if run.status == ImportRun.Status.FAILED:
        source.save(update_fields=["last_checked_at"])
        record_failure(source, run.error)  # a refused file: no retry, curators told
        return run
    # Remember the validators only for a file we imported (or already had).
    source.etag, source.last_modified = fetched.etag, fetched.last_modified
    source.consecutive_failures = 0
    source.save(update_fields=["etag", "last_modified", "last_checked_at", "consecutive_failures"])
    return run
