"""Error reports on any item (``directory/models/reports.py``), no longer on places
only: the places' reports become reports of kind "lieux" keyed by the place's id,
and "traité" becomes a status (nouveau / traité / rejeté).

The table is converted in place rather than copied into a new one: the model keeps
its name, its content type and so the curators' permissions on it, and the reports
keep their ids. A report already treated loses its sender's address, as every
treated report now does.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Cast


def reports_of_places(apps, schema_editor):
    reports = apps.get_model("directory", "ErrorReport").objects
    places = apps.get_model("directory", "Place").objects
    reports.update(
        kind="lieux",
        object_key=Cast("place_id", models.CharField()),
        object_title=Subquery(places.filter(pk=OuterRef("place_id")).values("name")[:1]),
    )
    reports.filter(is_resolved=True).update(status="traite", email="", treated_at=F("created_at"))


def back_to_places(apps, schema_editor):
    reports = apps.get_model("directory", "ErrorReport").objects
    places = apps.get_model("directory", "Place").objects
    # Only reports on places existed before: the others cannot go back.
    reports.exclude(kind="lieux").delete()
    reports.exclude(object_key__regex=r"^[0-9]+$").delete()
    reports.update(
        place_id=Cast("object_key", models.BigIntegerField()),
        is_resolved=~models.Q(status="nouveau"),
    )
    reports.exclude(place_id__in=places.values("pk")).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_moderation_of_organisations_and_places"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="errorreport",
            name="place",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="error_reports",
                to="directory.place",
                verbose_name="lieu",
            ),
        ),
        migrations.AddField(
            model_name="errorreport",
            name="kind",
            field=models.CharField(default="", max_length=40, verbose_name="nature de l'élément"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="errorreport",
            name="object_key",
            field=models.CharField(
                default="", max_length=100, verbose_name="identifiant de l'élément"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="errorreport",
            name="object_title",
            field=models.CharField(default="", max_length=300, verbose_name="élément"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="errorreport",
            name="status",
            field=models.CharField(
                choices=[("nouveau", "Nouveau"), ("traite", "Traité"), ("rejete", "Rejeté")],
                db_index=True,
                default="nouveau",
                max_length=10,
                verbose_name="état",
            ),
        ),
        migrations.AddField(
            model_name="errorreport",
            name="treated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="traité le"),
        ),
        migrations.AddField(
            model_name="errorreport",
            name="treated_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="traité par",
            ),
        ),
        migrations.RunPython(reports_of_places, back_to_places),
        migrations.RemoveField(model_name="errorreport", name="place"),
        migrations.RemoveField(model_name="errorreport", name="is_resolved"),
        migrations.AlterField(
            model_name="errorreport",
            name="email",
            field=models.EmailField(
                blank=True,
                help_text="Effacée dès que le signalement est traité ou rejeté.",
                max_length=254,
                verbose_name="adresse électronique",
            ),
        ),
        migrations.AlterModelOptions(
            name="errorreport",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "signalement d'erreur",
                "verbose_name_plural": "signalements d'erreurs",
            },
        ),
        migrations.AddIndex(
            model_name="errorreport",
            index=models.Index(fields=["kind", "object_key"], name="errorreport_item"),
        ),
        migrations.AddConstraint(
            model_name="errorreport",
            constraint=models.CheckConstraint(
                condition=models.Q(status="nouveau") | models.Q(email="", treated_at__isnull=False),
                name="errorreport_closed_without_address",
            ),
        ),
    ]
