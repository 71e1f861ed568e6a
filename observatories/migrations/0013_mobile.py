"""Mobile networks (Arcep and ANFR): coverage per commune, sites, targeted coverage,
ANFR stations, and their territory sums; the area of each commune, computed from its
outline, which weighs its share of surface in those sums."""

import math

import django.contrib.postgres.fields
import django.db.models.deletion
import django.db.models.expressions
import django.db.models.lookups
from django.db import migrations, models

EARTH_RADIUS_M = 6378137.0


def _ring_area(ring):
    """Frozen copy of ``scoran.lib.geojson._ring_area`` (m²)."""
    count = len(ring)
    if count < 4:
        return 0.0
    total = 0.0
    for index in range(count):
        west, middle, east = ring[index], ring[(index + 1) % count], ring[(index + 2) % count]
        total += (math.radians(east[0]) - math.radians(west[0])) * math.sin(math.radians(middle[1]))
    return abs(total * EARTH_RADIUS_M * EARTH_RADIUS_M / 2)


def fill_areas(apps, schema_editor):
    """The area (km²) of every commune that has an outline (MultiPolygon)."""
    Commune = apps.get_model("observatories", "Commune")
    CommuneOutline = apps.get_model("observatories", "CommuneOutline")
    communes = []
    for outline in CommuneOutline.objects.all().iterator():
        area = sum(
            _ring_area(rings[0]) - sum(_ring_area(hole) for hole in rings[1:])
            for rings in outline.geometry["coordinates"]
            if rings
        )
        communes.append(Commune(code=outline.commune_id, area=round(area / 1_000_000, 3)))
    Commune.objects.bulk_update(communes, ["area"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("observatories", "0012_source_task_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="area",
            field=models.FloatField(
                blank=True,
                help_text="Calculée sur le contour simplifié de la commune ; vide sans contour.",
                null=True,
                verbose_name="superficie (km²)",
            ),
        ),
        migrations.RunPython(fill_areas, migrations.RunPython.noop),
        migrations.CreateModel(
            name="AnfrWeek",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week", models.DateField(unique=True, verbose_name="semaine (lundi)")),
                ("published", models.DateField(verbose_name="date de l'édition")),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="import",
                    ),
                ),
            ],
            options={
                "verbose_name": "semaine de l'observatoire ANFR",
                "verbose_name_plural": "semaines de l'observatoire ANFR",
                "ordering": ["-week"],
            },
        ),
        migrations.CreateModel(
            name="AreaCoverage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("region", "Région"),
                            ("department", "Département"),
                            ("epci", "EPCI"),
                        ],
                        max_length=20,
                        verbose_name="échelon",
                    ),
                ),
                ("code", models.CharField(max_length=9, verbose_name="code")),
                (
                    "surface_none",
                    models.FloatField(null=True, verbose_name="surface sans couverture (%)"),
                ),
                (
                    "surface_limited",
                    models.FloatField(null=True, verbose_name="surface en couverture limitée (%)"),
                ),
                (
                    "surface_good",
                    models.FloatField(null=True, verbose_name="surface en bonne couverture (%)"),
                ),
                (
                    "surface_very_good",
                    models.FloatField(
                        null=True, verbose_name="surface en très bonne couverture (%)"
                    ),
                ),
                (
                    "population_none",
                    models.FloatField(verbose_name="population sans couverture (%)"),
                ),
                (
                    "population_limited",
                    models.FloatField(verbose_name="population en couverture limitée (%)"),
                ),
                (
                    "population_good",
                    models.FloatField(verbose_name="population en bonne couverture (%)"),
                ),
                (
                    "population_very_good",
                    models.FloatField(verbose_name="population en très bonne couverture (%)"),
                ),
                ("edition", models.DateField(verbose_name="édition (fin du trimestre)")),
                (
                    "operator",
                    models.CharField(
                        choices=[
                            ("20801", "Orange"),
                            ("20810", "SFR"),
                            ("20815", "Free Mobile"),
                            ("20820", "Bouygues Telecom"),
                        ],
                        max_length=5,
                        verbose_name="opérateur",
                    ),
                ),
                (
                    "generation",
                    models.CharField(
                        choices=[("2G", "2G"), ("3G", "3G"), ("4G", "4G"), ("5G", "5G")],
                        max_length=2,
                        verbose_name="technologie",
                    ),
                ),
                ("communes", models.PositiveIntegerField(verbose_name="communes")),
                ("population", models.PositiveIntegerField(verbose_name="population des communes")),
                ("surface", models.FloatField(verbose_name="superficie des communes pesées (km²)")),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="dernier import pris en compte",
                    ),
                ),
            ],
            options={
                "verbose_name": "couverture mobile d'un territoire",
                "verbose_name_plural": "couverture mobile des territoires",
                "ordering": ["level", "code", "-edition", "operator", "generation"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("level", "code", "edition", "operator", "generation"),
                        name="areacoverage_key",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("surface_none__isnull", True),
                            models.Q(
                                ("surface_none__gte", 0),
                                ("surface_none__lte", 100),
                                ("surface_limited__gte", 0),
                                ("surface_limited__lte", 100),
                                ("surface_good__gte", 0),
                                ("surface_good__lte", 100),
                                ("surface_very_good__gte", 0),
                                ("surface_very_good__lte", 100),
                            ),
                            _connector="OR",
                        ),
                        name="areacoverage_surface_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("surface_none__isnull", True),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("surface_none"),
                                                "+",
                                                models.F("surface_limited"),
                                            ),
                                            "+",
                                            models.F("surface_good"),
                                        ),
                                        "+",
                                        models.F("surface_very_good"),
                                    ),
                                    99.49,
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("surface_none"),
                                                "+",
                                                models.F("surface_limited"),
                                            ),
                                            "+",
                                            models.F("surface_good"),
                                        ),
                                        "+",
                                        models.F("surface_very_good"),
                                    ),
                                    100.51,
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="areacoverage_surface_total",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("population_none__isnull", True),
                            models.Q(
                                ("population_none__gte", 0),
                                ("population_none__lte", 100),
                                ("population_limited__gte", 0),
                                ("population_limited__lte", 100),
                                ("population_good__gte", 0),
                                ("population_good__lte", 100),
                                ("population_very_good__gte", 0),
                                ("population_very_good__lte", 100),
                            ),
                            _connector="OR",
                        ),
                        name="areacoverage_population_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("population_none__isnull", True),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("population_none"),
                                                "+",
                                                models.F("population_limited"),
                                            ),
                                            "+",
                                            models.F("population_good"),
                                        ),
                                        "+",
                                        models.F("population_very_good"),
                                    ),
                                    99.49,
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("population_none"),
                                                "+",
                                                models.F("population_limited"),
                                            ),
                                            "+",
                                            models.F("population_good"),
                                        ),
                                        "+",
                                        models.F("population_very_good"),
                                    ),
                                    100.51,
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="areacoverage_population_total",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="AreaSites",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("region", "Région"),
                            ("department", "Département"),
                            ("epci", "EPCI"),
                        ],
                        max_length=20,
                        verbose_name="échelon",
                    ),
                ),
                ("code", models.CharField(max_length=9, verbose_name="code")),
                ("sites", models.PositiveIntegerField(verbose_name="sites")),
                ("sites_2g", models.PositiveIntegerField(verbose_name="sites 2G")),
                ("sites_3g", models.PositiveIntegerField(verbose_name="sites 3G")),
                ("sites_4g", models.PositiveIntegerField(verbose_name="sites 4G")),
                ("sites_5g", models.PositiveIntegerField(verbose_name="sites 5G")),
                ("band_700", models.PositiveIntegerField(verbose_name="sites 5G 700 MHz")),
                ("band_800", models.PositiveIntegerField(verbose_name="sites 5G 800 MHz")),
                ("band_1800", models.PositiveIntegerField(verbose_name="sites 5G 1800 MHz")),
                ("band_2100", models.PositiveIntegerField(verbose_name="sites 5G 2100 MHz")),
                ("band_3500", models.PositiveIntegerField(verbose_name="sites 5G 3500 MHz")),
                (
                    "white_zone",
                    models.PositiveIntegerField(verbose_name="sites en zone blanche (ZB)"),
                ),
                (
                    "targeted",
                    models.PositiveIntegerField(verbose_name="sites de couverture ciblée (DCC)"),
                ),
                ("strategic", models.PositiveIntegerField(verbose_name="sites stratégiques")),
                ("capacity_240", models.PositiveIntegerField(verbose_name="sites 4G à 240 Mbit/s")),
                ("edition", models.DateField(verbose_name="édition (fin du trimestre)")),
                (
                    "operator",
                    models.CharField(
                        choices=[
                            ("20801", "Orange"),
                            ("20810", "SFR"),
                            ("20815", "Free Mobile"),
                            ("20820", "Bouygues Telecom"),
                        ],
                        max_length=5,
                        verbose_name="opérateur",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="dernier import pris en compte",
                    ),
                ),
            ],
            options={
                "verbose_name": "sites mobiles d'un territoire",
                "verbose_name_plural": "sites mobiles des territoires",
                "ordering": ["level", "code", "-edition", "operator"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("level", "code", "edition", "operator"), name="areasites_key"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AreaStations",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("region", "Région"),
                            ("department", "Département"),
                            ("epci", "EPCI"),
                        ],
                        max_length=20,
                        verbose_name="échelon",
                    ),
                ),
                ("code", models.CharField(max_length=9, verbose_name="code")),
                ("week", models.DateField(verbose_name="semaine (lundi)")),
                (
                    "operator",
                    models.CharField(
                        choices=[
                            ("20801", "Orange"),
                            ("20810", "SFR"),
                            ("20815", "Free Mobile"),
                            ("20820", "Bouygues Telecom"),
                        ],
                        max_length=5,
                        verbose_name="opérateur",
                    ),
                ),
                (
                    "generation",
                    models.CharField(
                        choices=[("2G", "2G"), ("3G", "3G"), ("4G", "4G"), ("5G", "5G")],
                        max_length=2,
                        verbose_name="technologie",
                    ),
                ),
                ("status", models.CharField(max_length=60, verbose_name="statut")),
                ("stations", models.PositiveIntegerField(verbose_name="stations")),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="dernier import pris en compte",
                    ),
                ),
            ],
            options={
                "verbose_name": "stations ANFR d'un territoire",
                "verbose_name_plural": "stations ANFR des territoires",
                "ordering": ["level", "code", "-week", "operator", "generation", "status"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("level", "code", "week", "operator", "generation", "status"),
                        name="areastations_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AreaTargeted",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("region", "Région"),
                            ("department", "Département"),
                            ("epci", "EPCI"),
                        ],
                        max_length=20,
                        verbose_name="échelon",
                    ),
                ),
                ("code", models.CharField(max_length=9, verbose_name="code")),
                ("requested", models.PositiveIntegerField(verbose_name="sites demandés")),
                ("in_service", models.PositiveIntegerField(verbose_name="en service")),
                (
                    "within_6_months",
                    models.PositiveIntegerField(verbose_name="en service sous 6 mois"),
                ),
                (
                    "within_24_months",
                    models.PositiveIntegerField(verbose_name="en service entre 6 et 24 mois"),
                ),
                ("waiting", models.PositiveIntegerField(verbose_name="en attente de déploiement")),
                ("edition", models.DateField(verbose_name="édition (fin du trimestre)")),
                ("decree", models.CharField(max_length=100, verbose_name="arrêté")),
                (
                    "decree_date",
                    models.DateField(blank=True, null=True, verbose_name="publication de l'arrêté"),
                ),
                ("zones", models.PositiveIntegerField(verbose_name="zones")),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="dernier import pris en compte",
                    ),
                ),
            ],
            options={
                "verbose_name": "couverture ciblée d'un territoire",
                "verbose_name_plural": "couverture ciblée des territoires",
                "ordering": ["level", "code", "-edition", "decree_date", "decree"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("level", "code", "edition", "decree"), name="areatargeted_key"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "requested",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("in_service"), "+", models.F("within_6_months")
                                        ),
                                        "+",
                                        models.F("within_24_months"),
                                    ),
                                    "+",
                                    models.F("waiting"),
                                ),
                            )
                        ),
                        name="areatargeted_stages",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CommuneCoverage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "surface_none",
                    models.FloatField(null=True, verbose_name="surface sans couverture (%)"),
                ),
                (
                    "surface_limited",
                    models.FloatField(null=True, verbose_name="surface en couverture limitée (%)"),
                ),
                (
                    "surface_good",
                    models.FloatField(null=True, verbose_name="surface en bonne couverture (%)"),
                ),
                (
                    "surface_very_good",
                    models.FloatField(
                        null=True, verbose_name="surface en très bonne couverture (%)"
                    ),
                ),
                (
                    "population_none",
                    models.FloatField(verbose_name="population sans couverture (%)"),
                ),
                (
                    "population_limited",
                    models.FloatField(verbose_name="population en couverture limitée (%)"),
                ),
                (
                    "population_good",
                    models.FloatField(verbose_name="population en bonne couverture (%)"),
                ),
                (
                    "population_very_good",
                    models.FloatField(verbose_name="population en très bonne couverture (%)"),
                ),
                ("edition", models.DateField(verbose_name="édition (fin du trimestre)")),
                (
                    "operator",
                    models.CharField(
                        choices=[
                            ("20801", "Orange"),
                            ("20810", "SFR"),
                            ("20815", "Free Mobile"),
                            ("20820", "Bouygues Telecom"),
                        ],
                        max_length=5,
                        verbose_name="opérateur",
                    ),
                ),
                (
                    "generation",
                    models.CharField(
                        choices=[("2G", "2G"), ("3G", "3G"), ("4G", "4G"), ("5G", "5G")],
                        max_length=2,
                        verbose_name="technologie",
                    ),
                ),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mobile_coverage",
                        to="observatories.commune",
                        verbose_name="commune",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="import",
                    ),
                ),
            ],
            options={
                "verbose_name": "couverture mobile d'une commune",
                "verbose_name_plural": "couverture mobile des communes",
                "ordering": ["commune", "-edition", "operator", "generation"],
                "indexes": [
                    models.Index(fields=["edition", "generation"], name="communecoverage_edition")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("commune", "edition", "operator", "generation"),
                        name="communecoverage_key",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("surface_none__isnull", True),
                            models.Q(
                                ("surface_none__gte", 0),
                                ("surface_none__lte", 100),
                                ("surface_limited__gte", 0),
                                ("surface_limited__lte", 100),
                                ("surface_good__gte", 0),
                                ("surface_good__lte", 100),
                                ("surface_very_good__gte", 0),
                                ("surface_very_good__lte", 100),
                            ),
                            _connector="OR",
                        ),
                        name="communecoverage_surface_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("surface_none__isnull", True),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("surface_none"),
                                                "+",
                                                models.F("surface_limited"),
                                            ),
                                            "+",
                                            models.F("surface_good"),
                                        ),
                                        "+",
                                        models.F("surface_very_good"),
                                    ),
                                    99.5,
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("surface_none"),
                                                "+",
                                                models.F("surface_limited"),
                                            ),
                                            "+",
                                            models.F("surface_good"),
                                        ),
                                        "+",
                                        models.F("surface_very_good"),
                                    ),
                                    100.5,
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="communecoverage_surface_total",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("population_none__isnull", True),
                            models.Q(
                                ("population_none__gte", 0),
                                ("population_none__lte", 100),
                                ("population_limited__gte", 0),
                                ("population_limited__lte", 100),
                                ("population_good__gte", 0),
                                ("population_good__lte", 100),
                                ("population_very_good__gte", 0),
                                ("population_very_good__lte", 100),
                            ),
                            _connector="OR",
                        ),
                        name="communecoverage_population_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("population_none__isnull", True),
                            models.Q(
                                django.db.models.lookups.GreaterThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("population_none"),
                                                "+",
                                                models.F("population_limited"),
                                            ),
                                            "+",
                                            models.F("population_good"),
                                        ),
                                        "+",
                                        models.F("population_very_good"),
                                    ),
                                    99.5,
                                ),
                                django.db.models.lookups.LessThanOrEqual(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            django.db.models.expressions.CombinedExpression(
                                                models.F("population_none"),
                                                "+",
                                                models.F("population_limited"),
                                            ),
                                            "+",
                                            models.F("population_good"),
                                        ),
                                        "+",
                                        models.F("population_very_good"),
                                    ),
                                    100.5,
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="communecoverage_population_total",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="CommuneStations",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("week", models.DateField(verbose_name="semaine (lundi)")),
                (
                    "operator",
                    models.CharField(
                        choices=[
                            ("20801", "Orange"),
                            ("20810", "SFR"),
                            ("20815", "Free Mobile"),
                            ("20820", "Bouygues Telecom"),
                        ],
                        max_length=5,
                        verbose_name="opérateur",
                    ),
                ),
                (
                    "generation",
                    models.CharField(
                        choices=[("2G", "2G"), ("3G", "3G"), ("4G", "4G"), ("5G", "5G")],
                        max_length=2,
                        verbose_name="technologie",
                    ),
                ),
                ("status", models.CharField(max_length=60, verbose_name="statut")),
                ("stations", models.PositiveIntegerField(verbose_name="stations")),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="anfr_stations",
                        to="observatories.commune",
                        verbose_name="commune",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="import",
                    ),
                ),
            ],
            options={
                "verbose_name": "stations ANFR d'une commune",
                "verbose_name_plural": "stations ANFR des communes",
                "ordering": ["commune", "-week", "operator", "generation", "status"],
                "indexes": [models.Index(fields=["week"], name="communestations_week")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("commune", "week", "operator", "generation", "status"),
                        name="communestations_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="MobileSite",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("edition", models.DateField(verbose_name="édition (fin du trimestre)")),
                (
                    "operator",
                    models.CharField(
                        choices=[
                            ("20801", "Orange"),
                            ("20810", "SFR"),
                            ("20815", "Free Mobile"),
                            ("20820", "Bouygues Telecom"),
                        ],
                        max_length=5,
                        verbose_name="opérateur",
                    ),
                ),
                (
                    "number",
                    models.CharField(max_length=50, verbose_name="numéro du site (opérateur)"),
                ),
                (
                    "shared_id",
                    models.CharField(
                        blank=True, max_length=50, verbose_name="identifiant de site partagé"
                    ),
                ),
                (
                    "anfr_station",
                    models.CharField(
                        blank=True, max_length=20, verbose_name="numéro de station ANFR"
                    ),
                ),
                ("latitude", models.FloatField(verbose_name="latitude (WGS84)")),
                ("longitude", models.FloatField(verbose_name="longitude (WGS84)")),
                ("has_2g", models.BooleanField(verbose_name="2G")),
                ("has_3g", models.BooleanField(verbose_name="3G")),
                ("has_4g", models.BooleanField(verbose_name="4G")),
                ("has_5g", models.BooleanField(verbose_name="5G")),
                ("white_zone", models.BooleanField(verbose_name="zone blanche (ZB)")),
                ("targeted", models.BooleanField(verbose_name="couverture ciblée (DCC)")),
                ("strategic", models.BooleanField(verbose_name="site stratégique")),
                ("capacity_240", models.BooleanField(verbose_name="4G à 240 Mbit/s au moins")),
                ("band_700", models.BooleanField(verbose_name="5G 700 MHz")),
                ("band_800", models.BooleanField(verbose_name="5G 800 MHz")),
                ("band_1800", models.BooleanField(verbose_name="5G 1800 MHz")),
                ("band_2100", models.BooleanField(verbose_name="5G 2100 MHz")),
                ("band_3500", models.BooleanField(verbose_name="5G 3500 MHz")),
                (
                    "commune",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="mobile_sites",
                        to="observatories.commune",
                        verbose_name="commune",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="import",
                    ),
                ),
            ],
            options={
                "verbose_name": "site mobile",
                "verbose_name_plural": "sites mobiles",
                "ordering": ["-edition", "operator", "number"],
                "indexes": [models.Index(fields=["commune", "edition"], name="mobilesite_commune")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("edition", "operator", "number"), name="mobilesite_key"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__gte", -90),
                            ("latitude__lte", 90),
                            ("longitude__gte", -180),
                            ("longitude__lte", 180),
                        ),
                        name="mobilesite_coordinates",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="TargetedSite",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("requested", models.PositiveIntegerField(verbose_name="sites demandés")),
                ("in_service", models.PositiveIntegerField(verbose_name="en service")),
                (
                    "within_6_months",
                    models.PositiveIntegerField(verbose_name="en service sous 6 mois"),
                ),
                (
                    "within_24_months",
                    models.PositiveIntegerField(verbose_name="en service entre 6 et 24 mois"),
                ),
                ("waiting", models.PositiveIntegerField(verbose_name="en attente de déploiement")),
                ("edition", models.DateField(verbose_name="édition (fin du trimestre)")),
                ("number", models.CharField(max_length=50, verbose_name="numéro du site")),
                ("decree", models.CharField(max_length=100, verbose_name="arrêté")),
                (
                    "decree_date",
                    models.DateField(blank=True, null=True, verbose_name="publication de l'arrêté"),
                ),
                (
                    "operators_name",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="nom du site (opérateurs)"
                    ),
                ),
                (
                    "physical_site",
                    models.CharField(blank=True, max_length=50, verbose_name="site physique"),
                ),
                (
                    "physical_number",
                    models.CharField(
                        blank=True, max_length=50, verbose_name="numéro du site physique"
                    ),
                ),
                (
                    "decree_name",
                    models.CharField(
                        blank=True, max_length=255, verbose_name="nom du site (arrêté)"
                    ),
                ),
                (
                    "file_id",
                    models.CharField(
                        blank=True, max_length=50, verbose_name="identifiant du dossier"
                    ),
                ),
                ("zone_name", models.CharField(blank=True, max_length=255, verbose_name="zone")),
                (
                    "latitude",
                    models.FloatField(blank=True, null=True, verbose_name="latitude (WGS84)"),
                ),
                (
                    "longitude",
                    models.FloatField(blank=True, null=True, verbose_name="longitude (WGS84)"),
                ),
                (
                    "operators",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(
                            choices=[
                                ("20801", "Orange"),
                                ("20810", "SFR"),
                                ("20815", "Free Mobile"),
                                ("20820", "Bouygues Telecom"),
                            ],
                            max_length=5,
                        ),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="opérateurs concernés",
                    ),
                ),
                (
                    "leader",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("20801", "Orange"),
                            ("20810", "SFR"),
                            ("20815", "Free Mobile"),
                            ("20820", "Bouygues Telecom"),
                        ],
                        max_length=5,
                        verbose_name="opérateur chef de file",
                    ),
                ),
                (
                    "zone_origin",
                    models.CharField(blank=True, max_length=100, verbose_name="origine de la zone"),
                ),
                (
                    "zone_number",
                    models.CharField(
                        blank=True, max_length=50, verbose_name="numéro de la zone dans l'arrêté"
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.department",
                        verbose_name="département",
                    ),
                ),
                (
                    "run",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="observatories.importrun",
                        verbose_name="import",
                    ),
                ),
            ],
            options={
                "verbose_name": "site de couverture ciblée",
                "verbose_name_plural": "sites de couverture ciblée",
                "ordering": ["-edition", "department", "decree", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("edition", "number"), name="targetedsite_key"),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "requested",
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        django.db.models.expressions.CombinedExpression(
                                            models.F("in_service"), "+", models.F("within_6_months")
                                        ),
                                        "+",
                                        models.F("within_24_months"),
                                    ),
                                    "+",
                                    models.F("waiting"),
                                ),
                            )
                        ),
                        name="targetedsite_stages",
                    ),
                ],
            },
        ),
    ]
