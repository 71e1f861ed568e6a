import django.db.models.deletion
import django.db.models.functions.math
from django.db import migrations, models

EARTH_RADIUS = 6378137.0

# The buildings import writes each row as the file gives it and lets PostgreSQL do
# the rest while Python reads the next rows: the coordinates as published (EPSG:3857),
# from which WGS84 is generated, and the identifier of the row's street instead of
# its commune, street and lieu-dit, so the index that finds a street's buildings is
# (street_id, number), two integers, built in a third of the time of the four
# columns it replaces. Existing rows keep their data: streets and coordinates are
# derived from what they hold.
BUILDING_SQL = [
    """
    ALTER TABLE observatories_building
        ADD COLUMN street_id bigint,
        ADD COLUMN x double precision,
        ADD COLUMN y double precision
    """,
    """
    UPDATE observatories_building b
    SET street_id = s.id,
        x = b.longitude * pi() / 180 * 6378137.0,
        y = ln(tan(pi() / 4 + b.latitude * pi() / 360)) * 6378137.0
    FROM observatories_street s
    WHERE s.department_id = b.department_id AND s.commune_id = b.commune_id
      AND s.street = b.street AND s.locality = b.locality
    """,
    "DROP INDEX building_street",
    """
    ALTER TABLE observatories_building
        ALTER COLUMN street_id SET NOT NULL,
        DROP COLUMN street,
        DROP COLUMN locality,
        DROP COLUMN longitude,
        DROP COLUMN latitude
    """,
    """
    ALTER TABLE observatories_building
        ADD COLUMN longitude double precision
            GENERATED ALWAYS AS (x / 6378137.0 * 180 / pi()) STORED,
        ADD COLUMN latitude double precision
            GENERATED ALWAYS AS ((2 * atan(exp(y / 6378137.0)) - pi() / 2) * 180 / pi())
            STORED
    """,
    'CREATE INDEX building_street ON observatories_building ("street_id", "number")',
]


class Migration(migrations.Migration):
    dependencies = [
        ("observatories", "0009_buildings"),
    ]

    operations = [
        # Building is partitioned (Django cannot say so): its SQL is written here.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="building", name="building_street"),
                migrations.RemoveField(model_name="building", name="street"),
                migrations.RemoveField(model_name="building", name="locality"),
                migrations.RemoveField(model_name="building", name="longitude"),
                migrations.RemoveField(model_name="building", name="latitude"),
                migrations.AddField(
                    model_name="building",
                    name="street",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        default=0,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="observatories.street",
                        verbose_name="voie ou lieu-dit",
                    ),
                    preserve_default=False,
                ),
                migrations.AddField(
                    model_name="building",
                    name="x",
                    field=models.FloatField(blank=True, null=True, verbose_name="x (EPSG:3857)"),
                ),
                migrations.AddField(
                    model_name="building",
                    name="y",
                    field=models.FloatField(blank=True, null=True, verbose_name="y (EPSG:3857)"),
                ),
                migrations.AddField(
                    model_name="building",
                    name="longitude",
                    field=models.GeneratedField(
                        db_persist=True,
                        expression=models.F("x")
                        / EARTH_RADIUS
                        * 180
                        / django.db.models.functions.math.Pi(),
                        output_field=models.FloatField(),
                        verbose_name="longitude (WGS84)",
                    ),
                ),
                migrations.AddField(
                    model_name="building",
                    name="latitude",
                    field=models.GeneratedField(
                        db_persist=True,
                        expression=(
                            2
                            * django.db.models.functions.math.ATan(
                                django.db.models.functions.math.Exp(models.F("y") / EARTH_RADIUS)
                            )
                            - django.db.models.functions.math.Pi() / 2
                        )
                        * 180
                        / django.db.models.functions.math.Pi(),
                        output_field=models.FloatField(),
                        verbose_name="latitude (WGS84)",
                    ),
                ),
                migrations.AddIndex(
                    model_name="building",
                    index=models.Index(fields=["street", "number"], name="building_street"),
                ),
            ],
            database_operations=[migrations.RunSQL(sql) for sql in BUILDING_SQL],
        ),
    ]
