"""Test data of the funding guide."""

import uuid
from datetime import date

from portal.funding.services import refresh_territory_keys
from portal.models import Funding, FundingSession


def make_funding(name: str = "Aide au numérique", *, sessions=(), **extra) -> Funding:
    """An aide (published unless ``state`` says otherwise) with its territory keys.
    ``sessions``: (opens_on, deadline) pairs; relations given as lists."""
    relations = {
        field: extra.pop(field)
        for field in ("funders", "orientations", "regions", "departments", "epcis", "communes")
        if field in extra
    }
    extra.setdefault("slug", f"aide-{uuid.uuid4().hex[:8]}")
    extra.setdefault("summary", f"Résumé de {name}")
    extra.setdefault("kinds", [Funding.Kind.SUBSIDY])
    extra.setdefault("state", Funding.State.PUBLISHED)
    funding = Funding.objects.create(name=name, **extra)
    for field, values in relations.items():
        getattr(funding, field).set(values)
    for opens_on, deadline in sessions:
        FundingSession.objects.create(funding=funding, opens_on=opens_on, deadline=deadline)
    refresh_territory_keys(funding=funding)
    return funding


def day(text: str) -> date:
    return date.fromisoformat(text)
