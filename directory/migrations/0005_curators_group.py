"""The "Curateurs" group: every permission of the directory's and the strategy's
models, so that making someone a curator is one click (staff + this group)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curateurs"
APPS = ("directory", "strategy")


def create_group(apps, schema_editor):
    # Permissions are created after all migrations ran; a fresh database has none yet.
    for label in APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=APPS))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0004_projects"),
        ("strategy", "0003_indicator_measure"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
