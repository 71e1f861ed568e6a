"""The indicators' values, one per territory and edition of the data behind them,
computed after each import or entered by curators; the three indicators the
observatory computes name their calculation, and the 4G one its key and target.

Only empty fields are filled from the TOML file: a curator's choice stays.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The frozen reader of 0002: migrations never import the live loader.
from strategy.migrations._frozen_loader_0002 import read_strategy

FILLED = ("measure", "key", "target_share")


def fill_computed_indicators(apps, schema_editor):
    Indicator = apps.get_model("strategy", "Indicator")
    for position, item in enumerate(read_strategy()["indicators"], start=1):
        for name in FILLED:
            if name not in item:
                continue
            empty = models.Q(**{f"{name}__isnull": True}) | models.Q(**{name: ""})
            if name == "target_share":
                empty = models.Q(target_share__isnull=True)
            Indicator.objects.filter(empty, position=position).update(**{name: item[name]})


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0004_indicator_key_and_target_share"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="IndicatorValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "series",
                    models.CharField(
                        blank=True,
                        help_text="Pour un indicateur suivi par plusieurs chiffres (≥ 8 et ≥ 30 Mbit/s).",
                        max_length=100,
                        verbose_name="série",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[("region", "Région"), ("department", "Département")],
                        max_length=20,
                        verbose_name="échelon",
                    ),
                ),
                ("code", models.CharField(max_length=9, verbose_name="code du territoire")),
                ("label", models.CharField(max_length=255, verbose_name="territoire")),
                ("year", models.PositiveSmallIntegerField(verbose_name="année")),
                ("edition", models.DateField(verbose_name="date des données")),
                (
                    "period",
                    models.CharField(
                        help_text="Ce que décrit la valeur : « T4 2025 », « 2024 ».",
                        max_length=60,
                        verbose_name="période",
                    ),
                ),
                ("value", models.FloatField(verbose_name="valeur")),
                ("unit", models.CharField(blank=True, max_length=50, verbose_name="unité")),
                ("source", models.CharField(max_length=255, verbose_name="source")),
                (
                    "source_url",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="adresse de la source"
                    ),
                ),
                (
                    "origin",
                    models.CharField(
                        choices=[
                            ("computed", "Calculée à partir des données"),
                            ("entered", "Saisie par un curateur"),
                        ],
                        max_length=10,
                        verbose_name="origine",
                    ),
                ),
                ("demo", models.BooleanField(default=False, verbose_name="démonstration")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="mise à jour le")),
                (
                    "entered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="saisie par",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="strategy.indicator",
                        verbose_name="indicateur",
                    ),
                ),
            ],
            options={
                "verbose_name": "valeur d'indicateur",
                "verbose_name_plural": "valeurs des indicateurs",
                "ordering": ["indicator__position", "series", "level", "code", "year", "edition"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("indicator", "series", "level", "code", "edition"),
                        name="indicatorvalue_edition_key",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("origin", "entered")),
                        fields=("indicator", "series", "level", "code", "year"),
                        name="indicatorvalue_entered_year_key",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("year__gte", 2015), ("year__lte", 2100)),
                        name="indicatorvalue_year_plausible",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("origin", "entered"), ("unit", "%"), _negated=True),
                            models.Q(("value__gte", 0), ("value__lte", 100)),
                            _connector="OR",
                        ),
                        name="indicatorvalue_entered_share_percent",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("value__gte", 0)), name="indicatorvalue_value_positive"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("level__in", ["region", "department"])),
                        name="indicatorvalue_level_known",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("source_url", ""),
                            ("source_url__iregex", "^(https?://|/[^/])"),
                            _connector="OR",
                        ),
                        name="indicatorvalue_source_url_link",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill_computed_indicators, migrations.RunPython.noop),
    ]
