"""Organisations and places are published through the moderation
(``scoran.lib.moderation``): a ``state`` (with the moderated dates) replaces the
``is_published`` checkbox, converted row by row, and each kind gets its history."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def states_from_checkboxes(apps, schema_editor):
    for model in ("Organisation", "Place"):
        rows = apps.get_model("directory", model).objects
        rows.filter(is_published=True).update(state="published")
        rows.filter(is_published=False).update(state="draft")


def checkboxes_from_states(apps, schema_editor):
    for model in ("Organisation", "Place"):
        rows = apps.get_model("directory", model).objects
        rows.filter(state="published").update(is_published=True)
        rows.exclude(state="published").update(is_published=False)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_curators_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="publiée le"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="state",
            field=models.CharField(
                choices=[("draft", "Non publiée"), ("published", "Publiée")],
                default="draft",
                help_text="Publiée : visible de tous dans l'annuaire.",
                max_length=20,
                verbose_name="état",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="soumis le"),
        ),
        migrations.AddField(
            model_name="place",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="publié le"),
        ),
        migrations.AddField(
            model_name="place",
            name="state",
            field=models.CharField(
                choices=[("draft", "Non publié"), ("published", "Publié")],
                db_default="published",
                default="published",
                help_text="Un lieu non publié n'apparaît plus sur le site ni dans les indicateurs.",
                max_length=20,
                verbose_name="état",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="submitted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="soumis le"),
        ),
        migrations.RunPython(states_from_checkboxes, checkboxes_from_states),
        migrations.RemoveField(
            model_name="organisation",
            name="is_published",
        ),
        migrations.RemoveField(
            model_name="place",
            name="is_published",
        ),
        migrations.CreateModel(
            name="OrganisationEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="le")),
                ("message", models.TextField(blank=True, verbose_name="message")),
                (
                    "action",
                    models.CharField(
                        choices=[("published", "Publiée"), ("unpublished", "Dépubliée")],
                        max_length=20,
                        verbose_name="action",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="par",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="directory.organisation",
                        verbose_name="structure",
                    ),
                ),
            ],
            options={
                "verbose_name": "décision de publication d'une structure",
                "verbose_name_plural": "historique de publication des structures",
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["organisation", "-at"], name="orgevent_org_at")],
            },
        ),
        migrations.CreateModel(
            name="PlaceEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="le")),
                ("message", models.TextField(blank=True, verbose_name="message")),
                (
                    "action",
                    models.CharField(
                        choices=[("published", "Publié"), ("unpublished", "Dépublié")],
                        max_length=20,
                        verbose_name="action",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="par",
                    ),
                ),
                (
                    "place",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="directory.place",
                        verbose_name="lieu",
                    ),
                ),
            ],
            options={
                "verbose_name": "décision de publication d'un lieu",
                "verbose_name_plural": "historique de publication des lieux",
                "ordering": ["-at", "-pk"],
                "indexes": [models.Index(fields=["place", "-at"], name="placeevent_place_at")],
            },
        ),
    ]
