"""A report's personal data: the person who filed it. The download gives back the
reports a person filed and the steps they took; deleting the account keeps the
reports for their organisation (the zone is still poorly covered), without the person."""

import datetime
from decimal import Decimal

import pytest

from directory.accounts import services
from portal.field_reports import services as field_reports
from portal.models import FieldReport, FieldReportStep
from scoran.lib.catalogues import PERSONAL_DATA, declared_personal_fields
from tests.directory.factories import make_agent, make_curator, make_organisation
from tests.portal.field_reports.factories import make_report

pytestmark = pytest.mark.django_db


def test_every_personal_field_of_a_report_is_declared():
    declared = declared_personal_fields()
    for name in ("portal.FieldReport.reported_by", "portal.FieldReportStep.by"):
        assert name in declared, name


def test_the_download_gives_back_my_reports_and_steps(small_region):
    org = make_organisation("Communauté de communes")
    agent = make_agent("agent@val.fr", org)
    curator = make_curator("curatrice@region.fr")
    mine = make_report(org, by=agent, description="Pas de réseau au lavoir")
    make_report(org, description="Signalée par un collègue")
    field_reports.move_report(report=mine, action="validate", by=curator)

    part = services.export_personal_data(user=agent)["remontees_terrain"]
    assert [(row["remontee"], row["description"], row["etat"]) for row in part["signalees"]] == [
        (mine.pk, "Pas de réseau au lavoir", "Validée")
    ]
    assert [(step["remontée"], step["etape"]) for step in part["etapes"]] == [
        (str(mine), "Remontée signalée")
    ]
    steps = services.export_personal_data(user=curator)["remontees_terrain"]["etapes"]
    assert [step["etape"] for step in steps] == ["Validée"]


def test_the_download_holds_the_time_and_measurements_the_person_gave(small_region):
    org = make_organisation("Communauté de communes")
    agent = make_agent("agent@val.fr", org)
    make_report(
        org,
        by=agent,
        observed_time=datetime.time(14, 30),
        signal_dbm=-117,
        download_mbps=Decimal("0.40"),
        upload_mbps=Decimal("0.10"),
    )
    (row,) = services.export_personal_data(user=agent)["remontees_terrain"]["signalees"]
    assert (row["heure"], row["signal_dbm"]) == ("14:30", -117)
    assert (row["debit_descendant_mbps"], row["debit_montant_mbps"]) == (0.4, 0.1)


@pytest.mark.parametrize("count", [1, 6])
def test_the_steps_download_costs_fixed_queries(small_region, count, django_assert_num_queries):
    org = make_organisation("Communauté de communes")
    curator = make_curator("curatrice@region.fr")
    for _ in range(count):
        field_reports.move_report(report=make_report(org), action="validate", by=curator)
    export = PERSONAL_DATA["remontees_terrain"].export
    with django_assert_num_queries(2):  # the reports filed, the steps with their reports
        part = export(curator)
    assert len(part["etapes"]) == count
    assert all(step["remontée"].endswith("Dijon") for step in part["etapes"])


def test_deleting_an_account_keeps_the_reports_without_the_person(small_region):
    org = make_organisation("Communauté de communes")
    agent = make_agent("agent@val.fr", org)
    curator = make_curator("curatrice@region.fr")
    mine = make_report(org, by=agent)
    field_reports.move_report(report=mine, action="validate", by=curator)

    services.delete_account(user=agent)
    services.delete_account(user=curator)
    mine.refresh_from_db()
    assert mine.reported_by is None and mine.state == "validated"
    assert FieldReport.objects.count() == 1
    assert list(FieldReportStep.objects.values_list("by", flat=True)) == [None, None]
