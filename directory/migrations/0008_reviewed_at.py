"""Freshness of organisations and projects (``scoran.lib.freshness.Curated``): when
they were last confirmed, "now" for the existing rows (their "mis à jour le",
``updated_at``, stays as it was); and the weekly check of external links."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_error_reports"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="reviewed_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                help_text="Dernière confirmation par l'équipe ou le propriétaire que le contenu est juste ; au-delà du délai de vérification, il est signalé « à vérifier ».",
                verbose_name="vérifié le",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="reviewed_at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                help_text="Dernière confirmation par l'équipe ou le propriétaire que le contenu est juste ; au-delà du délai de vérification, il est signalé « à vérifier ».",
                verbose_name="vérifié le",
            ),
        ),
        migrations.CreateModel(
            name="LinkCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=40, verbose_name="nature de l'élément")),
                (
                    "object_key",
                    models.CharField(max_length=100, verbose_name="identifiant de l'élément"),
                ),
                ("object_title", models.CharField(max_length=300, verbose_name="élément")),
                ("object_url", models.CharField(max_length=300, verbose_name="page de l'élément")),
                ("url", models.CharField(max_length=1000, verbose_name="lien vérifié")),
                (
                    "status_code",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="code de réponse"
                    ),
                ),
                ("error", models.CharField(blank=True, max_length=200, verbose_name="erreur")),
                (
                    "consecutive_failures",
                    models.PositiveIntegerField(default=0, verbose_name="échecs consécutifs"),
                ),
                (
                    "first_failure_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="en échec depuis"),
                ),
                ("last_checked_at", models.DateTimeField(verbose_name="dernière vérification")),
            ],
            options={
                "verbose_name": "vérification de lien",
                "verbose_name_plural": "vérifications de liens",
                "ordering": ["-consecutive_failures", "kind", "object_title"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_key", "url"), name="linkcheck_one_row_per_link"
                    )
                ],
            },
        ),
    ]
