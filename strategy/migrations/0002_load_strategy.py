"""Load the SCORAN BFC strategy (2019) so that every installation has it."""

from django.db import migrations

# A frozen copy of the loader: the live one (strategy/loader.py) follows today's models.
from strategy.migrations._frozen_loader_0002 import load_strategy


def load(apps, schema_editor):
    load_strategy(apps)


def unload(apps, schema_editor):
    for name in ("Indicator", "ActionTrack", "Orientation", "Challenge", "Axis", "Principle"):
        apps.get_model("strategy", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
