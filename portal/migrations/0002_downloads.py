"""Monthly download totals of the resources, and the section 8 indicator they feed:
its ``measure`` is read from the strategy's TOML file, as strategy's 0003 did for the
first ones (a database migrated before the key was added gets it here; a curator's
own choice of measure is kept).
"""

import django.db.models.deletion
from django.db import migrations, models

# The frozen reader of strategy's 0002: migrations never import the live loader.
from strategy.migrations._frozen_loader_0002 import read_strategy

MEASURE = "telechargements_guide_territoires"


def set_measure(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    for position, item in enumerate(read_strategy()["indicators"], start=1):
        if item.get("measure") == MEASURE:
            Indicator.objects.filter(position=position, measure="").update(measure=MEASURE)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_resources"),
        ("strategy", "0004_indicator_key_and_target_share"),
    ]

    operations = [
        migrations.CreateModel(
            name="ResourceDownloadMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="Le premier jour du mois.", verbose_name="mois"),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="téléchargements")),
                (
                    "resource",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="download_months",
                        to="portal.resource",
                        verbose_name="ressource",
                    ),
                ),
            ],
            options={
                "verbose_name": "téléchargements du mois",
                "verbose_name_plural": "téléchargements par mois",
                "ordering": ["resource", "-month"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("resource", "month"), name="resource_download_month_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("count__gte", 0)),
                        name="resource_download_month_count_positive",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("month__day", 1)),
                        name="resource_download_month_first_day",
                    ),
                ],
            },
        ),
        migrations.RunPython(set_measure, migrations.RunPython.noop),
    ]
