"""Test data of the interconnection requests."""

import datetime

from django.utils import timezone

from directory.models import Organisation
from portal.models import InterconnectionRequest, InterconnectionSite, InterconnectionStep
from tests.directory.factories import make_organisation


def make_request(
    organisation: Organisation | None = None,
    *,
    subject: str = "Raccordement des collèges",
    sites: tuple = (("Collège Jean-Moulin", "1 rue de l'École", "21231"),),
    by=None,
    **extra,
) -> InterconnectionRequest:
    """A request row written directly (the service's checks, history and e-mails left
    out), « reçue » by default, with its sites (name, address, commune code)."""
    organisation = organisation or make_organisation("Conseil départemental", kind="department")
    extra.setdefault("use", InterconnectionRequest.Use.GFU)
    extra.setdefault("capacity_mbps", 1000)
    extra.setdefault("desired_date", timezone.localdate() + datetime.timedelta(days=90))
    extra.setdefault("contact_name", "Dominique Contact")
    extra.setdefault("contact_email", "contact@departement.fr")
    request = InterconnectionRequest.objects.create(
        organisation=organisation, subject=subject, requested_by=by, **extra
    )
    for position, (name, address, commune) in enumerate(sites, start=1):
        InterconnectionSite.objects.create(
            request=request, position=position, name=name, address=address, commune_id=commune
        )
    InterconnectionStep.objects.create(request=request, action="received", by=by)
    return request
