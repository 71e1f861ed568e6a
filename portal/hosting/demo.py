"""Demo data centres and hosting offers (``manage.py setup_demo``, DEBUG only): eight
invented rows in real communes of the region ("près d'une dizaine de Data Centers …
dans l'arc urbain", says the SCORAN BFC), marked as demonstration (``is_demo``,
« (démonstration) » in their names), public and private, with every service and
certification, some with their own coordinates and some at their commune's point.
One is run by the demo syndicate of the directory. A later run gives the same rows."""

from django.db import transaction

from directory.models import Organisation
from observatories.models import Commune

from ..models import DataCentre

K, S = DataCentre.Kind, DataCentre.Sector
SV, C = DataCentre.Service, DataCentre.Certification
OPERATOR = "syndicat-numerique-demo"  # the demo syndicate runs the public one in Dijon

# slug, name, kind, operator, sector, commune, (lat, lon) or None, services,
# certifications, tier
CENTRES = [
    ("dc-dijon-public", "Centre de données public de Dijon", K.DATA_CENTRE, None, S.PUBLIC,
     "21231", (47.3215, 5.0415), [SV.COLOCATION, SV.HOSTING], [C.ISO_27001], 3),
    ("dc-besancon-temis", "Centre de données Témis", K.DATA_CENTRE, "Hébergeur Comtois",
     S.PRIVATE, "25056", (47.2480, 5.9890), [SV.COLOCATION, SV.CLOUD],
     [C.HDS, C.ISO_27001], 3),
    ("dc-belfort-nord", "Centre de données Nord Franche-Comté", K.DATA_CENTRE,
     "Numérique Nord Franche-Comté", S.PUBLIC, "90010", None, [SV.COLOCATION], [], 2),
    ("dc-chalon-saone", "Centre de données de la Saône", K.DATA_CENTRE, "Saône Data",
     S.PRIVATE, "71076", (46.7800, 4.8530), [SV.COLOCATION, SV.HOSTING, SV.CLOUD],
     [C.HDS, C.ISO_27001], 4),
    ("dc-auxerre", "Centre de données de l'Auxerrois", K.DATA_CENTRE, "Yonne Hébergement",
     S.PRIVATE, "89024", None, [SV.HOSTING], [], None),
    ("cloud-souverain-bfc", "Cloud souverain régional", K.OFFER, "Cloud Bourgogne-Franche-Comté",
     S.PRIVATE, "25388", None, [SV.CLOUD], [C.SECNUMCLOUD, C.HDS, C.ISO_27001], None),
    ("dc-nevers", "Centre de données du Nivernais", K.DATA_CENTRE, "Nivernais Numérique",
     S.PUBLIC, "58194", (46.9900, 3.1600), [SV.COLOCATION, SV.HOSTING], [C.ISO_27001], 3),
    ("hebergement-mutualise-collectivites", "Hébergement mutualisé des collectivités",
     K.OFFER, "Groupement numérique des collectivités", S.PUBLIC, "70550", None,
     [SV.HOSTING, SV.CLOUD], [C.HDS], None),
]  # fmt: skip


@transaction.atomic
def create_demo_hosting() -> list[DataCentre]:
    """The demo data centres and offers, in communes of the referential (a row whose
    commune is not loaded is left out)."""
    communes = Commune.objects.in_bulk([row[5] for row in CENTRES])
    syndicate = Organisation.objects.filter(slug=OPERATOR).first()
    created = []
    for slug, name, kind, operator, sector, code, point, services, certifications, tier in CENTRES:
        if code not in communes:
            continue
        runs = syndicate if operator is None else None
        centre, _ = DataCentre.objects.update_or_create(
            slug=slug,
            defaults={
                "name": f"{name} (démonstration)",
                "kind": kind,
                "operator_name": runs.name
                if runs
                else f"{operator or 'Syndicat mixte du numérique'} (démonstration)",
                "operator": runs,
                "sector": sector,
                "commune": communes[code],
                "address": "",
                "latitude": point[0] if point else None,
                "longitude": point[1] if point else None,
                "services": list(services),
                "certifications": list(certifications),
                "tier": tier,
                "url": f"https://hebergement.demo.scoran.invalid/{slug}/",
                "description": "Fiche **fictive**, créée pour la démonstration du portail : "
                "son exploitant, ses certifications et ses services sont inventés.",
                "is_published": True,
                "is_demo": True,
            },
        )
        created.append(centre)
    return created
