"""Test data of the portal's features: resources of the library."""

import datetime
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Organisation
from portal.models import Resource, ResourceVersion
from tests.directory.factories import make_organisation

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def resource_pdf(name: str = "guide.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_resource_row(
    title: str = "Guide du cahier des charges FttH",
    organisation: Organisation | None = None,
    *,
    state: str = "published",
    link: str | None = "https://exemple.fr/guide",
    **extra,
) -> Resource:
    """A resource row written directly (the services' checks and history left out),
    with one version by ``link`` unless it is None (then no version)."""
    organisation = organisation or make_organisation("Syndicat auteur")
    orientations = extra.pop("orientations", [])
    extra.setdefault("slug", f"res-{uuid.uuid4().hex[:8]}")
    extra.setdefault("summary", "Une ressource pour les collectivités.")
    extra.setdefault("kind", Resource.Kind.GUIDE)
    extra.setdefault("licence", Resource.Licence.OPEN)
    extra.setdefault("date", datetime.date(2025, 3, 1))
    extra.setdefault("audiences", [Resource.Audience.AUTHORITIES])
    if state == "published":
        extra.setdefault("published_at", datetime.datetime(2025, 3, 2, tzinfo=datetime.UTC))
    resource = Resource.objects.create(title=title, organisation=organisation, state=state, **extra)
    resource.orientations.set(orientations)
    if link is not None:
        ResourceVersion.objects.create(
            resource=resource, label="1.0", date=resource.date, external_url=link
        )
    return resource
