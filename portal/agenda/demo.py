"""Demo events (``manage.py setup_demo``, DEBUG only): invented events marked as
demonstration (``is_demo`` and « démonstration » in their title), of every kind,
upcoming and past, one cancelled, one postponed, all-day and online ones. Their
dates are relative to the day the command runs: a later run puts them back around
today (same slugs, same calendar UIDs)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from directory.models import Organisation
from observatories.models import Commune
from strategy.models import Orientation

from ..models import Event

K, S, A = Event.Kind, Event.Status, Event.Audience
ONLINE = "https://visio.demo.scoran.invalid/"

# title, kind, days from today, start hour (None: all day), hours (days if all day),
# commune name (None: online), status, audiences, orientations
EVENTS = [
    (
        "Atelier ouverture des données",
        K.WORKSHOP,
        3,
        14,
        3,
        "Dijon",
        S.SCHEDULED,
        [A.AUTHORITIES],
        [5],
    ),
    (
        "Webinaire : la fibre dans les zones d'activité",
        K.WEBINAR,
        5,
        11,
        1,
        None,
        S.SCHEDULED,
        [A.AUTHORITIES, A.COMPANIES],
        [1],
    ),
    (
        "Comité de pilotage de la SCORAN",
        K.COMMITTEE,
        10,
        9,
        3,
        "Besançon",
        S.SCHEDULED,
        [A.AUTHORITIES],
        [3],
    ),
    (
        "Réunion du groupe couverture mobile",
        K.WORKING_GROUP,
        12,
        10,
        2,
        "Nevers",
        S.SCHEDULED,
        [A.AUTHORITIES],
        [2],
    ),
    (
        "Formation aux marchés publics numériques",
        K.TRAINING,
        18,
        None,
        1,
        "Auxerre",
        S.SCHEDULED,
        [A.AUTHORITIES],
        [5],
    ),
    (
        "Salon du numérique de Bourgogne-Franche-Comté",
        K.FAIR,
        25,
        None,
        2,
        "Dijon",
        S.SCHEDULED,
        [A.AUTHORITIES, A.COMPANIES, A.PUBLIC],
        [11],
    ),
    (
        "Restitution de l'étude sur l'inclusion numérique",
        K.RESTITUTION,
        30,
        14,
        2,
        "Vesoul",
        S.SCHEDULED,
        [A.ASSOCIATIONS, A.AUTHORITIES],
        [6],
    ),
    (
        "Atelier médiation numérique",
        K.WORKSHOP,
        8,
        9,
        3,
        "Lons-le-Saunier",
        S.CANCELLED,
        [A.ASSOCIATIONS],
        [6],
    ),
    (
        "Webinaire données de mobilité",
        K.WEBINAR,
        15,
        10,
        1,
        None,
        S.POSTPONED,
        [A.AUTHORITIES],
        [4],
    ),
    (
        "Atelier territoires intelligents",
        K.WORKSHOP,
        45,
        14,
        3,
        "Belfort",
        S.SCHEDULED,
        [A.AUTHORITIES],
        [4],
    ),
    (
        "Webinaire cybersécurité des collectivités",
        K.WEBINAR,
        60,
        11,
        1,
        None,
        S.SCHEDULED,
        [A.AUTHORITIES],
        [8],
    ),
    (
        "Comité de pilotage de la SCORAN (trimestre passé)",
        K.COMMITTEE,
        -80,
        9,
        3,
        "Besançon",
        S.SCHEDULED,
        [A.AUTHORITIES],
        [3],
    ),
    ("Atelier tiers-lieux", K.WORKSHOP, -40, 14, 3, "Mâcon", S.SCHEDULED, [A.ASSOCIATIONS], [7]),
    ("Formation open data", K.TRAINING, -20, None, 1, "Dijon", S.SCHEDULED, [A.AUTHORITIES], [5]),
    (
        "Webinaire : usages du très haut débit",
        K.WEBINAR,
        -10,
        11,
        1,
        None,
        S.SCHEDULED,
        [A.COMPANIES],
        [1],
    ),
    ("Salon des tiers-lieux", K.FAIR, -120, None, 2, "Montbéliard", S.SCHEDULED, [A.PUBLIC], [7]),
]


def demo_times(today: date, days: int, hour: int | None, length: int):
    """(start, end) of a demo event ``days`` after ``today`` at ``hour`` (None: all
    day) for ``length`` hours (days if all day), in Paris time."""
    day = today + timedelta(days=days)
    zone = timezone.get_current_timezone()
    if hour is None:
        start = datetime.combine(day, time(0), zone)
        return start, datetime.combine(day + timedelta(days=length - 1), time(23, 59), zone)
    start = datetime.combine(day, time(hour), zone)
    return start, start + timedelta(hours=length)


def create_demo_events(today: date | None = None) -> list[Event]:
    today = today or timezone.localdate()
    organisations = list(Organisation.objects.published().order_by("pk")[:5])
    if not organisations:
        return []
    created = []
    for number, row in enumerate(EVENTS, start=1):
        title, kind, days, hour, length, commune_name, status, audiences, orientations = row
        start, end = demo_times(today, days, hour, length)
        commune = (
            Commune.objects.filter(name=commune_name).order_by("code").first()
            if commune_name
            else None
        )
        online = commune_name is None
        event, _ = Event.objects.update_or_create(
            slug=f"demo-evenement-{number:02d}",
            defaults={
                "title": f"{title} (démonstration)",
                "description": "Évènement **fictif**, créé pour la démonstration du portail.",
                "kind": kind,
                "status": status,
                "start": start,
                "end": end,
                "all_day": hour is None,
                "address": "" if online else "Salle du conseil (démonstration)",
                "commune": commune,
                "online_url": f"{ONLINE}{number}" if online else "",
                "organisation": organisations[number % len(organisations)],
                "audiences": list(audiences),
                "registration_url": f"https://inscription.demo.scoran.invalid/{number}",
                "capacity": 40 if not online else None,
                "state": Event.State.PUBLISHED,
                "published_at": timezone.now(),
                "is_demo": True,
            },
        )
        event.orientations.set(Orientation.objects.filter(number__in=orientations))
        created.append(event)
    return created
