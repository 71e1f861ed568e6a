"""Demo meetings and documents of the demo working groups (``manage.py setup_demo``,
DEBUG only), made once the groups exist: for each group found by its slug, one or
two meetings (« réunion de groupe de travail », upcoming and past, public and
members-only) and one or two documents (a members-only one with its PDF). A group
that does not exist is left out.

Meetings are set again around the day of the run (same slugs, same calendar UIDs);
documents are created once (found again by their slug on a later run). Written
directly or through the services by the demo curator: call it with the e-mails
turned off (members would be told of each publication)."""

import datetime

from django.utils import timezone

from directory.models import Organisation, User, Visibility, WorkingGroup
from observatories.models import Commune

from ..agenda.demo import ONLINE, demo_times
from ..models import Event, Resource
from ..resources import services
from ..resources.demo import upload

OPEN_DATA, MOBILE, INCLUSION = "ouverture-des-donnees", "couverture-mobile", "inclusion-numerique"
PUBLIC, MEMBERS = Visibility.PUBLIC, Visibility.MEMBERS
# The demo organisation holding each group's items (the first published one if absent).
HOLDERS = {
    OPEN_DATA: "syndicat-numerique-demo",
    MOBILE: "communaute-communes-demo",
    INCLUSION: "tiers-lieu-demo",
}

# group, slug, title, days from today, start hour, hours, commune (None: online), visibility
MEETINGS = [
    (OPEN_DATA, "demo-reunion-donnees-1", "Réunion du groupe Ouverture des données", 9, 14, 2,
     "Dijon", PUBLIC),
    (OPEN_DATA, "demo-reunion-donnees-2", "Revue interne des jeux de données à ouvrir", 16, 10,
     2, None, MEMBERS),
    (MOBILE, "demo-reunion-mobile-1", "Réunion du groupe Couverture mobile", 13, 14, 2,
     "Besançon", PUBLIC),
    (MOBILE, "demo-reunion-mobile-2", "Lancement du groupe Couverture mobile", -30, 14, 2,
     "Besançon", PUBLIC),
    (INCLUSION, "demo-reunion-inclusion-1", "Point d'étape des médiateurs du groupe", 20, 11, 1,
     None, MEMBERS),
]  # fmt: skip

# group, slug, title, kind, file extension, visibility
DOCUMENTS = [
    (OPEN_DATA, "feuille-de-route-donnees-demo", "Feuille de route du groupe Ouverture des "
     "données", Resource.Kind.GUIDE, "pdf", PUBLIC),
    (OPEN_DATA, "compte-rendu-donnees-demo", "Compte rendu de la réunion de lancement",
     Resource.Kind.EXPERIENCE, "pdf", MEMBERS),
    (MOBILE, "releves-zones-blanches-demo", "Relevés de terrain des zones mal couvertes",
     Resource.Kind.TOOL, "csv", PUBLIC),
    (INCLUSION, "contacts-mediateurs-demo", "Contacts des médiateurs du groupe",
     Resource.Kind.TOOL, "csv", MEMBERS),
]  # fmt: skip


def _holder(slug: str) -> Organisation | None:
    return (
        Organisation.objects.filter(slug=HOLDERS[slug]).first()
        or Organisation.objects.published().order_by("pk").first()
    )


def _meeting(group: WorkingGroup, row, today: datetime.date) -> Event:
    _, slug, title, days, hour, hours, commune_name, visibility = row
    start, end = demo_times(today, days, hour, hours)
    commune = Commune.objects.filter(name=commune_name).order_by("code").first()
    online = commune_name is None
    event, _ = Event.objects.update_or_create(
        slug=slug,
        defaults={
            "title": f"{title} (démonstration)",
            "description": f"Réunion **fictive** du groupe de travail « {group.name} », créée "
            "pour la démonstration du portail.",
            "kind": Event.Kind.WORKING_GROUP,
            "status": Event.Status.SCHEDULED,
            "start": start,
            "end": end,
            "address": "" if online else "Salle du conseil (démonstration)",
            "commune": commune,
            "online_url": f"{ONLINE}{slug}" if online else "",
            "organisation": _holder(group.slug),
            "audiences": [Event.Audience.AUTHORITIES],
            "working_group": group,
            "visibility": visibility,
            "state": Event.State.PUBLISHED,
            "published_at": timezone.now(),
            "is_demo": True,
        },
    )
    event.orientations.set(group.orientations.all())
    return event


def _document(group: WorkingGroup, row, curator: User) -> Resource:
    _, slug, title, kind, extension, visibility = row
    title = f"{title} (démonstration)"
    resource = services.create_resource(
        organisation=_holder(group.slug),
        by=curator,
        values={
            "title": title,
            "summary": f"Document fictif du groupe de travail « {group.name} ».",
            "description": "Document **inventé** pour la démonstration du portail : son "
            "fichier ne contient que son titre.",
            "kind": kind,
            "licence": Resource.Licence.ALL_RIGHTS_RESERVED
            if visibility == MEMBERS
            else Resource.Licence.OPEN,
            "date": timezone.localdate(),
            "audiences": [Resource.Audience.AUTHORITIES],
            "orientations": list(group.orientations.all()),
            "working_group": group,
            "visibility": visibility,
        },
        is_demo=True,
    )
    Resource.objects.filter(pk=resource.pk).update(slug=slug)
    resource.refresh_from_db()
    services.add_version(
        resource=resource,
        by=curator,
        label="1.0",
        day=timezone.localdate(),
        files=[upload(slug, extension, title, "1.0")],
    )
    return services.publish_directly(resource=resource, by=curator, message="Démonstration.")


def create_demo_group_items(curator: User, today: datetime.date | None = None) -> dict:
    """The meetings (set again) and documents (made once) of the demo groups that
    exist: {"meetings": [...], "documents": [...]} (the documents made this time)."""
    today = today or timezone.localdate()
    groups = {
        group.slug: group
        for group in WorkingGroup.objects.filter(slug__in=[OPEN_DATA, MOBILE, INCLUSION])
    }
    groups = {slug: group for slug, group in groups.items() if _holder(slug) is not None}
    existing = set(Resource.objects.filter(is_demo=True).values_list("slug", flat=True))
    return {
        "meetings": [_meeting(groups[row[0]], row, today) for row in MEETINGS if row[0] in groups],
        "documents": [
            _document(groups[row[0]], row, curator)
            for row in DOCUMENTS
            if row[0] in groups and row[1] not in existing
        ],
    }
