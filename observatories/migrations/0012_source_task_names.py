"""Jobs already stored by django-celery-beat name their task by its module: the
tasks moved from ``observatories/tasks.py`` to feature folders."""

from django.db import migrations

RENAMED = {"observatories.tasks.fetch_source": "observatories.sources.tasks.fetch_source"}


def rename(apps, schema_editor, renamed=RENAMED):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for old, new in renamed.items():
        PeriodicTask.objects.filter(task=old).update(task=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("observatories", "0011_upload_attempts"),
        ("django_celery_beat", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
