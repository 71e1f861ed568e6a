import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoran.settings")

app = Celery("scoran")
app.config_from_object("django.conf:settings", namespace="CELERY")


def task_packages() -> list[str]:
    """Where tasks live: each project app, and each of its feature folders
    (``observatories.imports`` for ``observatories/imports/tasks.py``)."""
    from django.apps import apps
    from django.conf import settings

    packages = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent != Path(settings.BASE_DIR).resolve():
            continue  # Django's and third parties' apps
        packages.append(config.name)
        packages += [
            f"{config.name}.{folder.name}"
            for folder in sorted(path.iterdir())
            if (folder / "__init__.py").is_file() and (folder / "tasks.py").is_file()
        ]
    return packages


app.autodiscover_tasks(task_packages)
