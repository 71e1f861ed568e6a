"""The migration of the mobile networks gives the communes already loaded their
area, from their outline."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.observatories.factories import square

BEFORE = ("observatories", "0012_source_task_names")
MOBILE = ("observatories", "0013_mobile")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_communes_with_an_outline_get_its_area():
    try:
        apps = migrate(BEFORE)
        region = apps.get_model("observatories", "Region").objects.create(code="27", name="BFC")
        apps.get_model("observatories", "Department").objects.create(
            code="21", name="Côte-d'Or", region=region
        )
        Commune = apps.get_model("observatories", "Commune")
        for code in ("21231", "21060"):
            Commune.objects.create(code=code, name=code, department_id="21")
        apps.get_model("observatories", "CommuneOutline").objects.create(
            commune_id="21231", geometry=square(5.0, 47.3)
        )
        apps = migrate(MOBILE)
        areas = dict(apps.get_model("observatories", "Commune").objects.values_list("code", "area"))
        assert areas["21231"] == pytest.approx(83.96, abs=0.01) and areas["21060"] is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
