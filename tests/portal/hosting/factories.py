"""Test data of the data centres and hosting offers (plain functions)."""

import uuid

from portal.models import DataCentre


def make_data_centre(name: str = "Centre de données", **extra) -> DataCentre:
    """A published data centre in Dijon, run by a private operator, unless told."""
    extra.setdefault("slug", f"centre-{uuid.uuid4().hex[:8]}")
    extra.setdefault("operator_name", "Hébergeur")
    extra.setdefault("sector", DataCentre.Sector.PRIVATE)
    extra.setdefault("commune_id", "21231")
    extra.setdefault("services", [DataCentre.Service.COLOCATION])
    return DataCentre.objects.create(name=name, **extra)
