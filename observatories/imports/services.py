"""Uploaded files run through the pipeline by a worker, and imports whose worker
died: none stays "running" for ever.

An upload's job may be delivered more than once (a worker killed under it hands
it back, see ``tasks.run_upload``): each delivery counts an attempt, and a file
whose import was interrupted ``IMPORT_UPLOAD_MAX_ATTEMPTS`` times is quarantined
instead of being tried again. Whether the process of a run or an upload is still
alive is asked of PostgreSQL (``importing.liveness``), never guessed from a clock.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..importing import liveness
from ..importing.pipeline import import_file
from ..importing.reading import ImportRefused
from ..models import ImportRun, ImportUpload

log = logging.getLogger(__name__)

INTERRUPTED = (
    "Import interrompu : le processus qui le traitait s'est arrêté (arrêt du serveur, "
    "mémoire épuisée ou durée maximale dépassée). L'import se fait en une seule transaction : "
    "aucune donnée n'a été modifiée."
)
CRASHED = (
    "Erreur interne pendant l'import ; l'équipe technique est prévenue. Aucune donnée n'a "
    "été modifiée."
)


NOT_QUEUED = (
    "Le fichier est enregistré, mais la file de traitement ne répond pas : l'import n'a "
    "pas commencé et aucune donnée n'a été modifiée. Déposez-le de nouveau dans quelques "
    "minutes ; si cela se reproduit, prévenez l'équipe technique."
)


def mark_not_queued(*, upload_id: int) -> None:
    """An upload no worker will ever receive: failed, with the reason."""
    ImportUpload.objects.filter(pk=upload_id, status=ImportUpload.Status.QUEUED).update(
        status=ImportUpload.Status.FAILED, error=NOT_QUEUED
    )


def quarantined(attempts: int) -> str:
    return (
        f"Fichier mis en quarantaine : son import a été interrompu {attempts} fois, le "
        "traitement s'arrêtant brutalement à chaque essai. Il ne sera plus relancé ; "
        "transmettez-le à l'équipe technique."
    )


def _claim(upload_id: int) -> ImportUpload | None:
    """The upload, with one more attempt counted, if it is still to be imported;
    quarantined past the limit. None if it no longer exists."""
    ImportUpload.objects.filter(
        pk=upload_id, status__in=[ImportUpload.Status.QUEUED, ImportUpload.Status.RUNNING]
    ).update(attempts=F("attempts") + 1, status=ImportUpload.Status.RUNNING,
             started_at=timezone.now())  # fmt: skip
    upload = ImportUpload.objects.select_related("source", "uploaded_by").filter(pk=upload_id)
    upload = upload.first()
    running = upload and upload.status == ImportUpload.Status.RUNNING
    if running and upload.attempts > settings.IMPORT_UPLOAD_MAX_ATTEMPTS:
        upload.status = ImportUpload.Status.QUARANTINED
        upload.error = quarantined(upload.attempts - 1)
        upload.save(update_fields=["status", "error"])
        log.error("upload %s quarantined after %s interrupted attempts", upload.pk,
                  upload.attempts - 1)  # fmt: skip
    return upload


def import_upload(*, upload_id: int, progress: Callable[[int], None] | None = None) -> str:
    """Run an uploaded file through the pipeline, unless it was done already (a job
    delivered twice) or must be quarantined; returns the upload's status. Whatever
    goes wrong ends in a French message on the upload."""
    # Held while the file is imported: waits for a process that still holds it.
    with liveness.held(liveness.UPLOAD, upload_id):
        upload = _claim(upload_id)
        if upload is None:
            return "missing"
        if upload.status != ImportUpload.Status.RUNNING:
            return upload.status
        try:
            upload.run = import_file(
                Path(upload.file.path),
                trigger=ImportRun.Trigger.UPLOAD,
                source=upload.source,
                user=upload.uploaded_by,
                progress=progress,
            )
            upload.rows_done = upload.run.rows_read
            upload.status = ImportUpload.Status.DONE
        except ImportRefused as exc:
            upload.error, upload.status = str(exc), ImportUpload.Status.DONE
        except Exception:
            log.exception("upload %s crashed", upload.pk)
            upload.error, upload.status = CRASHED, ImportUpload.Status.FAILED
        upload.save(update_fields=["run", "rows_done", "error", "status"])
        return upload.status


@dataclass
class Reaped:
    runs: list[int] = field(default_factory=list)  # marked failed
    retried: list[int] = field(default_factory=list)  # uploads queued again
    quarantined: list[int] = field(default_factory=list)  # uploads given up


def _reap_upload(upload: ImportUpload, reaped: Reaped) -> None:
    """An upload whose worker died: queued again while it has attempts left, else
    quarantined. Inside the transaction of ``liveness.is_abandoned``."""
    if upload.attempts < settings.IMPORT_UPLOAD_MAX_ATTEMPTS:
        changes, kept = {"status": ImportUpload.Status.QUEUED, "error": ""}, reaped.retried
    else:
        changes = {"status": ImportUpload.Status.QUARANTINED, "error": quarantined(upload.attempts)}
        kept = reaped.quarantined
    if ImportUpload.objects.filter(pk=upload.pk, status=ImportUpload.Status.RUNNING).update(
        **changes
    ):
        kept.append(upload.pk)


def reap_dead_imports() -> Reaped:
    """Runs and uploads still "running" whose process is gone: runs are marked
    failed; uploads are queued again (the caller sends their job) or quarantined.
    Only those started ``IMPORT_REAP_AFTER_SECONDS`` ago or more are looked at."""
    since = timezone.now() - timedelta(seconds=settings.IMPORT_REAP_AFTER_SECONDS)
    reaped = Reaped()
    runs = ImportRun.objects.filter(status=ImportRun.Status.RUNNING, started_at__lte=since)
    for pk in runs.values_list("pk", flat=True):
        with transaction.atomic():
            if liveness.is_abandoned(liveness.RUN, pk) and runs.filter(pk=pk).update(
                status=ImportRun.Status.FAILED, error=INTERRUPTED, finished_at=timezone.now()
            ):
                reaped.runs.append(pk)
    uploads = ImportUpload.objects.filter(
        Q(started_at__lte=since) | Q(started_at__isnull=True),
        status=ImportUpload.Status.RUNNING,
    )
    for upload in uploads:
        with transaction.atomic():
            if liveness.is_abandoned(liveness.UPLOAD, upload.pk):
                _reap_upload(upload, reaped)
    if reaped.runs or reaped.retried or reaped.quarantined:
        log.warning("dead imports: runs %s failed, uploads %s retried, %s quarantined",
                    reaped.runs, reaped.retried, reaped.quarantined)  # fmt: skip
    return reaped
