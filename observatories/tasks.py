from pathlib import Path

from celery import shared_task
from django.core.cache import cache

from .importing.pipeline import import_file
from .importing.reading import ImportRefused
from .models import ImportRun, ImportUpload


def progress_key(upload_id: int) -> str:
    return f"import-upload-{upload_id}-rows"


@shared_task
def run_upload(upload_id: int) -> str:
    """Run an uploaded file through the pipeline. Progress goes to the cache: the
    import itself is one transaction, invisible to the page until it ends."""
    upload = ImportUpload.objects.select_related("source", "uploaded_by").get(pk=upload_id)
    ImportUpload.objects.filter(pk=upload_id).update(status=ImportUpload.Status.RUNNING)

    def progress(rows: int) -> None:
        cache.set(progress_key(upload_id), rows, timeout=24 * 3600)

    try:
        upload.run = import_file(
            Path(upload.file.path),
            trigger=ImportRun.Trigger.UPLOAD,
            source=upload.source,
            user=upload.uploaded_by,
            progress=progress,
        )
        upload.rows_done = upload.run.rows_read
    except ImportRefused as exc:
        upload.error = str(exc)
    upload.status = ImportUpload.Status.DONE
    upload.save(update_fields=["run", "rows_done", "error", "status"])
    cache.delete(progress_key(upload_id))
    return upload.status
