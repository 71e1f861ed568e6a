"""Consistency of the project as a whole."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

OUR_APPS = ["strategy", "directory", "observatories", "portal"]


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    # Exits with SystemExit(1) when a migration would be created.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_migrations_of_each_app_are_linear():
    graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    for app in OUR_APPS:
        leaves = [name for label, name in graph.leaf_nodes() if label == app]
        assert len(leaves) <= 1, f"{app} has several migration heads: {leaves}"


def test_an_undefined_template_variable_fails_the_tests():
    from django.template import engines

    template = engines["django"].from_string("{{ nothing_here }}")
    with pytest.raises(AssertionError, match="nothing_here"):
        template.render({})
