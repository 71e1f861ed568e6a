"""A report's personal data: the person who filed it. The download gives back the
reports a person filed and the steps they took; deleting the account keeps the
reports for their organisation (the zone is still poorly covered), without the person."""

import pytest

from directory.accounts import services
from portal.field_reports import services as field_reports
from portal.models import FieldReport, FieldReportStep
from scoran.lib.catalogues import declared_personal_fields
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
