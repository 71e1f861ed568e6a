"""Indicators the observatory follows are found by a key, and hold the share their
objective aims at: the SCORAN targets are read from them, not written in code.

Only the new fields are filled from the TOML file: the rest of the text may have been
edited by curators since it was loaded.
"""

from django.db import migrations, models

# The frozen reader of 0002: migrations never import the live loader.
from strategy.migrations._frozen_loader_0002 import read_strategy


def set_keys_and_target_shares(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    for position, item in enumerate(read_strategy()["indicators"], start=1):
        values = {name: item[name] for name in ("key", "target_share") if name in item}
        if values:
            Indicator.objects.filter(position=position).update(**values)


class Migration(migrations.Migration):
    dependencies = [("strategy", "0003_indicator_measure")]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="key",
            field=models.SlugField(
                blank=True,
                help_text="Nom fixe par lequel les pages qui suivent cet indicateur le retrouvent (l'observatoire lit ainsi ses cibles) ; ne pas le changer.",
                verbose_name="clé",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="target_share",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Part à atteindre à l'échéance, pour un indicateur exprimé en pourcentage.",
                null=True,
                verbose_name="cible (%)",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.CheckConstraint(
                condition=models.Q(("target_share__lte", 100)),
                name="indicator_target_share_percent",
            ),
        ),
        migrations.AddConstraint(
            model_name="indicator",
            constraint=models.UniqueConstraint(
                condition=models.Q(("key", ""), _negated=True),
                fields=("key",),
                name="indicator_key_unique",
            ),
        ),
        migrations.RunPython(set_keys_and_target_shares, migrations.RunPython.noop),
    ]
