"""Test data of the field reports."""

import datetime

from django.utils import timezone

from directory.models import Organisation
from portal.models import FieldReport, FieldReportStep
from tests.directory.factories import make_organisation


def make_report(
    organisation: Organisation | None = None, *, commune="21231", by=None, **extra
) -> FieldReport:
    """A report row written directly (the service's checks, history and e-mails left
    out), « nouvelle » by default."""
    organisation = organisation or make_organisation("Communauté de communes", kind="epci")
    extra.setdefault("address", "Route de la vallée")
    extra.setdefault("operators", [FieldReport.Operator.ORANGE])
    extra.setdefault("technology", FieldReport.Technology.G4)
    extra.setdefault("usage", FieldReport.Usage.ROAD)
    extra.setdefault("observed_on", timezone.localdate() - datetime.timedelta(days=3))
    extra.setdefault("description", "Appels coupés.")
    report = FieldReport.objects.create(
        organisation=organisation, commune_id=commune, reported_by=by, **extra
    )
    FieldReportStep.objects.create(report=report, action="filed", by=by)
    return report
