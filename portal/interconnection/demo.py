"""Demo interconnection requests (``manage.py setup_demo``, DEBUG only): two invented
requests of the demo organisations, marked as demonstration (``is_demo`` and
« démonstration » in their subject), one under study and one connected, with their
history. Their dates are relative to the day the command runs; a later run puts them
back as they were (same identifiers, sites and history rewritten)."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from directory.models import Organisation, User
from observatories.models import Commune

from ..models import InterconnectionRequest, InterconnectionSite, InterconnectionStep

R = InterconnectionRequest
NAMESPACE = uuid.UUID("5b0c7a52-6d0f-4f57-9d43-2b6e1d2c9a10")

# organisation slug, subject, use, use detail, capacity (Mbit/s), days since filed,
# days ahead wished, state, sites (name, address, commune, latitude, longitude),
# steps (action, days since, message)
REQUESTS = [
    (
        "syndicat-numerique-demo",
        "Raccordement des sites du syndicat et de la métropole (démonstration)",
        R.Use.GFU,
        "",
        1000,
        20,
        180,
        R.State.STUDYING,
        [
            ("Siège du syndicat", "12 rue de la Fibre", "21231", 47.3220, 5.0415),
            ("Centre technique", "4 allée des Réseaux", "21231", None, None),
            ("Antenne de Besançon", "", "25056", 47.2378, 6.0241),
        ],
        [
            ("received", 20, ""),
            ("studying", 12, "Le réseau d'initiative publique vérifie les chemins d'accès."),
        ],
    ),
    (
        "communaute-communes-demo",
        "Interconnexion de la maison de santé (démonstration)",
        R.Use.OTHER,
        "Télémédecine entre la maison de santé et le centre hospitalier",
        500,
        240,
        -30,
        R.State.CONNECTED,
        [("Maison de santé du Val", "1 place de la Mairie", "39300", None, None)],
        [
            ("received", 240, ""),
            ("studying", 230, ""),
            ("quote_sent", 150, "Devis n° DEMO-2025-014 envoyé au contact."),
            ("connected", 35, "Lien livré et recetté."),
        ],
    ),
]


def _sites(request, rows, communes) -> None:
    request.sites.all().delete()
    InterconnectionSite.objects.bulk_create(
        InterconnectionSite(
            request=request,
            position=position,
            name=name,
            address=address,
            commune=communes.get(code),
            latitude=latitude,
            longitude=longitude,
        )
        for position, (name, address, code, latitude, longitude) in enumerate(rows, start=1)
    )


def _history(request, steps, *, requester, curator, now) -> None:
    request.steps.all().delete()
    InterconnectionStep.objects.bulk_create(
        InterconnectionStep(
            request=request,
            action=action,
            by=requester if action == "received" else curator,
            at=now - datetime.timedelta(days=days),
            message=message,
        )
        for action, days, message in steps
    )


@transaction.atomic
def create_demo_requests(curator: User | None = None) -> list[InterconnectionRequest]:
    """The demo requests, made or put back (their organisations come first:
    ``directory.demo``); ``curator`` took their steps."""
    now = timezone.now()
    organisations = Organisation.objects.in_bulk([row[0] for row in REQUESTS], field_name="slug")
    communes = Commune.objects.in_bulk([site[2] for row in REQUESTS for site in row[8]])
    made = []
    for slug, subject, use, detail, capacity, days, ahead, state, sites, steps in REQUESTS:
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        requester = User.objects.filter(memberships__organisation=organisation).first()
        request, _ = InterconnectionRequest.objects.update_or_create(
            uuid=uuid.uuid5(NAMESPACE, slug),
            defaults={
                "organisation": organisation,
                "requested_by": requester,
                "subject": subject,
                "use": use,
                "use_detail": detail,
                "capacity_mbps": capacity,
                "desired_date": timezone.localdate() + datetime.timedelta(days=ahead),
                "description": "Demande fictive, pour la démonstration.",
                "contact_name": "Camille Démo",
                "contact_email": f"dorsale@{slug}.demo.scoran.invalid",
                "contact_phone": "03 80 00 00 00",
                "state": state,
                "is_demo": True,
            },
        )
        filed = now - datetime.timedelta(days=days)
        InterconnectionRequest.objects.filter(pk=request.pk).update(created_at=filed)
        _sites(request, sites, communes)
        _history(request, steps, requester=requester, curator=curator, now=now)
        made.append(request)
    return made
