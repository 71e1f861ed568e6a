"""Indicators computed from data name their calculation (``strategy/measures.py``).

Only the new field is filled from the TOML file: the rest of the text may have been
edited by curators since it was loaded.
"""

from django.db import migrations, models

# The frozen reader of 0002: migrations never import the live loader.
from strategy.migrations._frozen_loader_0002 import read_strategy


def set_measures(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    for position, item in enumerate(read_strategy()["indicators"], start=1):
        if item.get("measure"):
            Indicator.objects.filter(position=position).update(measure=item["measure"])


class Migration(migrations.Migration):
    dependencies = [("strategy", "0002_load_strategy")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="measure",
            field=models.CharField(
                blank=True,
                help_text="Clé du calcul qui donne les valeurs de l'indicateur à partir des données (voir strategy/measures.py) ; vide si l'indicateur n'est pas encore calculé.",
                max_length=50,
                verbose_name="calcul",
            ),
        ),
        migrations.RunPython(set_measures, migrations.RunPython.noop),
    ]
