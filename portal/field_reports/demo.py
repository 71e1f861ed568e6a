"""Demo field reports (``manage.py setup_demo``, DEBUG only): five invented reports of
the demo organisations, marked as demonstration (``is_demo`` and « démonstration » in
their description), one in each state and a duplicate merged into a validated one,
with their history. Their dates are relative to the day the command runs; a later run
puts them back as they were (same identifiers, history rewritten)."""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from directory.models import Organisation, User
from observatories.models import Commune, Generation, Operator

from ..models import FieldReport, FieldReportStep

NAMESPACE = uuid.UUID("0f6d3c1e-7a1b-4e0c-9d55-3f2b7c8e4a21")
R = FieldReport
Op = Operator

# key, organisation slug, commune, address, point, operators, technology, usage, days
# since observed, state, merged into (key), measurements (dBm, down, up), description,
# steps (action, days since, message)
REPORTS = [
    (
        "vallee",
        "communaute-communes-demo",
        "21060",
        "Route de la vallée, sortie du village",
        (47.3012, 5.2150),
        [Op.ORANGE, Op.SFR],
        Generation.G4,
        R.Usage.ROAD,
        40,
        R.State.VALIDATED,
        None,
        (-118, "0.40", "0.10"),
        "Appels coupés sur deux kilomètres, données inutilisables.",
        [("filed", 38, ""), ("validated", 30, "")],
    ),
    (
        "vallee-bis",
        "syndicat-numerique-demo",
        "21060",
        "Route de la vallée",
        None,
        [Op.ORANGE],
        Generation.G4,
        R.Usage.ROAD,
        35,
        R.State.MERGED,
        "vallee",
        (None, None, None),
        "Pas de réseau Orange en voiture à la sortie du village.",
        [("filed", 34, ""), ("merged", 29, "La même portion de route était déjà signalée.")],
    ),
    (
        "mairie",
        "syndicat-numerique-demo",
        "21231",
        "Sous-sol du centre technique",
        (47.3220, 5.0415),
        [Op.FREE, Op.BOUYGUES],
        Generation.G5,
        R.Usage.INDOOR,
        12,
        R.State.NEW,
        None,
        (-112, "2.5", None),
        "Aucune couverture dans les locaux techniques en sous-sol.",
        [("filed", 11, "")],
    ),
    (
        "gare",
        "syndicat-numerique-demo",
        "25056",
        "Voie ferrée entre deux tunnels",
        (47.2300, 6.0100),
        [Op.SFR, Op.BOUYGUES, Op.FREE],
        Generation.G4,
        R.Usage.RAIL,
        60,
        R.State.VALIDATED,
        None,
        (None, None, None),
        "Connexion perdue dans le train entre les deux tunnels.",
        [("filed", 58, ""), ("validated", 50, "Transmise à l'équipe projet du Doubs.")],
    ),
    (
        "hameau",
        "communaute-communes-demo",
        "25056",
        "Hameau des Combes",
        None,
        [Op.ORANGE],
        Generation.G2,
        R.Usage.OUTDOOR,
        90,
        R.State.REJECTED,
        None,
        (None, None, None),
        "Réseau faible au hameau.",
        [
            ("filed", 88, ""),
            ("rejected", 80, "Un pylône a été mis en service depuis : la zone est couverte."),
        ],
    ),
]


def _history(report, steps, *, reporter, curator, now) -> None:
    report.steps.all().delete()
    FieldReportStep.objects.bulk_create(
        FieldReportStep(
            report=report,
            action=action,
            by=reporter if action == "filed" else curator,
            at=now - datetime.timedelta(days=days),
            message=message,
        )
        for action, days, message in steps
    )


@transaction.atomic
def create_demo_field_reports(curator: User | None = None) -> list[FieldReport]:
    """The demo reports, made or put back (their organisations come first:
    ``directory.demo``); ``curator`` took their steps."""
    now = timezone.now()
    organisations = Organisation.objects.in_bulk([row[1] for row in REPORTS], field_name="slug")
    communes = Commune.objects.in_bulk([row[2] for row in REPORTS])
    made: dict[str, FieldReport] = {}
    for key, slug, code, address, point, operators, technology, usage, days, state, into, (
        signal,
        down,
        up,
    ), description, steps in REPORTS:
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        reporter = User.objects.filter(memberships__organisation=organisation).first()
        report, _ = FieldReport.objects.update_or_create(
            uuid=uuid.uuid5(NAMESPACE, key),
            defaults={
                "organisation": organisation,
                "reported_by": reporter,
                "commune": communes.get(code),
                "address": address,
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "operators": operators,
                "technology": technology,
                "usage": usage,
                "observed_on": timezone.localdate() - datetime.timedelta(days=days),
                "description": f"{description} (démonstration)",
                "signal_dbm": signal,
                "download_mbps": down,
                "upload_mbps": up,
                "state": state,
                "duplicate_of": made.get(into),
                "is_demo": True,
            },
        )
        filed = now - datetime.timedelta(days=steps[0][1])
        FieldReport.objects.filter(pk=report.pk).update(created_at=filed)
        _history(report, steps, reporter=reporter, curator=curator, now=now)
        made[key] = report
    return list(made.values())
