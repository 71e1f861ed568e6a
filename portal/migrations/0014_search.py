import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import portal.models.search
from django.db import migrations, models


# The normalisation of the indexed text and of the searched words (see
# portal/models/search.py): immutable, so that the stored vector may use it.
NORMALISE = r"""
CREATE OR REPLACE FUNCTION search_normalise(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(
    replace(replace(translate(lower($1),
      'àáâãäåçèéêëìíîïñòóôõöùúûüýÿ’‘‐‑–—-/',
      'aaaaaaceeeeiiiinooooouuuuyy''''      '),
      'œ', 'oe'), 'æ', 'ae'),
    '([ae]u)x\M', '\1 ', 'g')
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0013_subscriptions"),
    ]

    operations = [
        migrations.RunSQL(NORMALISE, reverse_sql="DROP FUNCTION search_normalise(text);"),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=40, verbose_name="type")),
                ("key", models.CharField(max_length=40, verbose_name="clé")),
                ("title", models.TextField(verbose_name="titre")),
                ("summary", models.TextField(blank=True, verbose_name="résumé")),
                ("body", models.TextField(blank=True, verbose_name="texte")),
                ("url", models.CharField(max_length=500, verbose_name="adresse")),
                (
                    "departments",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=3),
                        blank=True,
                        default=list,
                        size=None,
                    ),
                ),
                (
                    "orientations",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=3),
                        blank=True,
                        default=list,
                        size=None,
                    ),
                ),
                ("date", models.DateField(blank=True, null=True, verbose_name="date")),
                (
                    "vector",
                    models.GeneratedField(
                        db_persist=True,
                        expression=portal.models.search.SearchDocument("title", "summary", "body"),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
                (
                    "title_vector",
                    models.GeneratedField(
                        db_persist=True,
                        expression=portal.models.search.TitleDocument("title"),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
            ],
            options={
                "verbose_name": "entrée de l'index de recherche",
                "verbose_name_plural": "entrées de l'index de recherche",
                "ordering": ["kind", "key"],
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["vector"], name="searchentry_vector_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["title_vector"], name="searchentry_title_gin"
                    ),
                    models.Index(fields=["kind"], name="searchentry_kind"),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["departments"], name="searchentry_departments_gin"
                    ),
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["orientations"], name="searchentry_orientations_gin"
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "key"), name="searchentry_kind_key_unique"
                    )
                ],
            },
        ),
    ]
