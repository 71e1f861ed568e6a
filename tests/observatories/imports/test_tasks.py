"""Jobs live in feature folders, where the worker finds them; only the upload job
goes back to the queue when its worker dies (it counts its attempts)."""

from observatories.imports.tasks import reap_dead_imports, run_upload
from observatories.sources.tasks import fetch_source
from scoran.celery import app as celery_app
from scoran.celery import task_packages


def test_the_worker_finds_the_tasks_of_feature_folders():
    packages = task_packages()
    assert {"observatories", "observatories.imports", "observatories.sources"} <= set(packages)
    assert not [name for name in packages if name.startswith(("django", "import_export"))]
    celery_app.loader.import_default_modules()
    assert {
        "observatories.imports.tasks.run_upload",
        "observatories.imports.tasks.reap_dead_imports",
        "observatories.sources.tasks.fetch_source",
    } <= set(celery_app.tasks)


def test_only_the_upload_job_is_handed_back_when_its_worker_dies(settings):
    assert settings.CELERY_TASK_ACKS_LATE and not settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert run_upload.reject_on_worker_lost and run_upload.acks_late
    assert not fetch_source.reject_on_worker_lost and not reap_dead_imports.reject_on_worker_lost
    assert run_upload.time_limit == fetch_source.time_limit == settings.IMPORT_TASK_TIME_LIMIT
    assert (
        celery_app.conf.broker_transport_options["visibility_timeout"]
        > settings.IMPORT_TASK_TIME_LIMIT
    )
