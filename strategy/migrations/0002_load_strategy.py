"""Load the SCORAN BFC strategy (2019) so that every installation has it."""

from django.db import migrations

from strategy.loader import load_strategy


def load(apps, schema_editor):
    load_strategy(apps)


def unload(apps, schema_editor):
    for name in ("Indicator", "ActionTrack", "Orientation", "Challenge", "Axis", "Principle"):
        apps.get_model("strategy", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
