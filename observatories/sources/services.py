"""Scheduled sources: download a source's file when it changed, import it, and keep
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
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import timezone

from scoran.lib.mail import send_now, staff_emails

from ..importing.formats import FORMATS
from ..importing.pipeline import import_file
from ..importing.reading import ImportRefused
from ..models import DataSource, ImportRun

log = logging.getLogger(__name__)

USER_AGENT = "scoran-bfc-portal (espace de ressources mutualisées)"
WEB_ADDRESS = URLValidator(schemes=["http", "https"])


class FetchError(Exception):
    """The download failed for a reason that may pass (network, server error)."""


class HttpRefused(ImportRefused):
    """The server answered with an HTTP error that another try will not change."""

    def __init__(self, status: int):
        self.status = status
        super().__init__(f"Le serveur refuse le fichier (HTTP {status}) : adresse à vérifier.")


@dataclass(frozen=True)
class Download:
    path: Path | None  # None: the file did not change since the last download
    etag: str = ""
    last_modified: str = ""


def fetch(
    request: urllib.request.Request,
    dest_dir: Path,
    name: str,
    *,
    opener: urllib.request.OpenerDirector | None = None,
) -> Download:
    """Send ``request`` (with ``opener``, urllib's default one if None); stream the
    body to a new file in ``dest_dir`` (within SOURCE_MAX_BYTES). A 304 gives
    ``Download(None)``; a server error, 429 or network trouble FetchError; any other
    HTTP error ImportRefused. Messages name the status, never the request's headers
    (they may carry a secret)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    send = opener.open if opener is not None else urllib.request.urlopen
    try:
        with send(request, timeout=settings.SOURCE_TIMEOUT) as response:
            with tempfile.NamedTemporaryFile(
                dir=dest_dir, prefix="source-", suffix=f"-{name}", delete=False
            ) as handle:
                copied = 0
                while chunk := response.read(1 << 20):
                    copied += len(chunk)
                    if copied > settings.SOURCE_MAX_BYTES:
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
        exc.close()  # the error is an open response
        if exc.code == 304:
            return Download(None)
        if exc.code >= 500 or exc.code == 429:
            raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
        raise HttpRefused(exc.code) from exc
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as exc:
        raise FetchError(str(exc) or type(exc).__name__) from exc


def download(source: DataSource, dest_dir: Path) -> Download:
    """GET the source's URL, conditionally; stream the body to a file in ``dest_dir``."""
    headers = {"User-Agent": USER_AGENT}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    request = urllib.request.Request(source.url, headers=headers)  # noqa: S310 - curated URL
    name = Path(urllib.parse.urlsplit(source.url).path).name or "fichier"
    fetched = fetch(request, dest_dir, name)
    if fetched.path is None:
        return Download(None, etag=source.etag, last_modified=source.last_modified)
    return fetched


def add_source(*, slug: str, fmt: str, name: str, url: str) -> DataSource:
    """A new scheduled source of format ``fmt`` (a key of ``importing.formats``),
    its publisher and licence those of the format; ValidationError in French."""
    formats = {known.key: known for known in FORMATS}
    if fmt not in formats:
        known = ", ".join(f"{key} ({each.label})" for key, each in formats.items())
        raise ValidationError(f"Format inconnu : « {fmt} ». Formats connus : {known}.")
    if DataSource.objects.filter(slug=slug).exists():
        raise ValidationError(f"La source « {slug} » existe déjà.")
    try:
        WEB_ADDRESS(url)
    except ValidationError as exc:
        raise ValidationError(f"« {url} » n'est pas une adresse web (http ou https).") from exc
    defaults = formats[fmt].source
    source = DataSource(
        slug=slug, name=name, url=url, format=fmt, publisher=defaults.publisher,
        licence=defaults.licence, schedule=defaults.schedule,
    )  # fmt: skip
    try:
        source.full_clean()
    except ValidationError as exc:
        fields = {field.name: field.verbose_name for field in DataSource._meta.fields}
        raise ValidationError(
            [
                f"{fields.get(key, key)} : {' '.join(errors)}"
                for key, errors in exc.message_dict.items()
            ]
        ) from exc
    source.save()
    return source


def record_failure(source: DataSource, reason: str) -> None:
    """Count a failure, switch the source off after too many, tell the curators."""
    source.consecutive_failures += 1
    if source.consecutive_failures >= settings.SOURCE_MAX_FAILURES:
        source.is_active = False
        source.disabled_reason = (
            f"Désactivée le {timezone.localtime():%d/%m/%Y} après {source.consecutive_failures} "
            f"échecs consécutifs. Dernier motif : {reason}"
        )
    source.save(update_fields=["consecutive_failures", "is_active", "disabled_reason"])
    notify_curators(source, reason)


def notify_curators(source: DataSource, reason: str) -> None:
    """Tell the curators who keep the sources (the failure is saved already: an SMTP
    failure is logged, the job goes on)."""
    send_now(
        template="observatories/emails/source_failed.txt",
        to=staff_emails(permission="observatories.view_datasource"),
        context={
            "source": source,
            "reason": reason,
            "url": settings.SITE_URL
            + reverse("admin:observatories_datasource_change", args=[source.pk]),
        },
    )


def fetch_and_import(
    source: DataSource, *, trigger: str = ImportRun.Trigger.SCHEDULE
) -> ImportRun | None:
    """Download the source if it changed and import it. Returns the import run, or
    None when the file did not change. Raises FetchError on network trouble, and
    ImportRefused when the server refuses the file (a failure recorded first)."""
    dest_dir = Path(settings.MEDIA_ROOT) / "sources"
    fmt = next((known for known in FORMATS if known.key == source.format), None)
    try:
        fetched = (fmt.download if fmt and fmt.download else download)(source, dest_dir)
    except ImportRefused as exc:
        record_failure(source, str(exc))
        raise
    source.last_checked_at = timezone.now()
    if fetched.path is None:
        source.consecutive_failures = 0
        source.save(update_fields=["last_checked_at", "consecutive_failures"])
        return None
    try:
        run = import_file(fetched.path, trigger=trigger, source=source)
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
