"""Demo resources (``manage.py setup_demo``, DEBUG only): invented resources of the
demo organisations, marked as demonstration (``is_demo``), covering every kind and
every licence, with small files written here (PDF, CSV, PNG, zip), some with several
versions, one designated as the "guide Territoires intelligents", a few left as
drafts or waiting for review so that the moderation is there to try; the published
ones with invented monthly downloads.

Created once: a later run keeps them as they are (each found again by its slug).
"""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from directory.models import Organisation, User
from scoran.lib import moderation
from strategy.models import Orientation

from ..models import Resource, ResourceDownloadMonth
from . import services

Kind, Licence, Audience = Resource.Kind, Resource.Licence, Resource.Audience
SYNDICATE, THIRD_PLACE, EPCI = (
    "syndicat-numerique-demo",
    "tiers-lieu-demo",
    "communaute-communes-demo",
)
ALL = [Audience.AUTHORITIES, Audience.COMPANIES, Audience.ASSOCIATIONS, Audience.PUBLIC]
LOCAL = [Audience.AUTHORITIES]


def pdf(title: str) -> bytes:
    """A one-page PDF showing ``title`` (ASCII only, enough for a viewer)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    table = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()
    )
    return out.getvalue()


def csv_table(title: str) -> bytes:
    rows = ["commune;indicateur;valeur", "Dijon;exemple;12", "Besançon;exemple;8"]
    return (f"# {title} (données fictives)\n" + "\n".join(rows) + "\n").encode("utf-8")


def png(title: str) -> bytes:
    image = Image.new("RGB", (640, 360), (31, 58, 147))
    image.paste((255, 255, 255), (0, 300, 640, 320))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def kit(title: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lisez-moi.txt", f"{title} : kit fictif de démonstration.\n")
        archive.writestr("affiche.pdf", pdf(title))
        archive.writestr("donnees.csv", csv_table(title))
    return buffer.getvalue()


WRITERS = {"pdf": pdf, "csv": csv_table, "png": png, "zip": kit}


def upload(slug: str, extension: str, title: str, version: str) -> SimpleUploadedFile:
    name = f"{slug}-v{version}.{extension}"
    return SimpleUploadedFile(name, WRITERS[extension](f"{title} - version {version}"))


# slug, title, kind, contract kind, licence, author, orientations, audiences,
# versions [(label, date, files' extensions or a link)], final state, guide
DEMO_RESOURCES = [
    ("guide-territoires-intelligents-demo", "Guide Territoires intelligents", Kind.GUIDE, "",
     Licence.OPEN, SYNDICATE, [5, 9], LOCAL,
     [("1.0", "2024-03-01", ["pdf"]), ("2.0", "2025-06-15", ["pdf", "csv"])], "published", True),
    ("guide-ril-demo", "Guide du réseau d'initiative publique", Kind.GUIDE, "", Licence.CC_BY,
     SYNDICATE, [1], LOCAL, [("1.0", "2025-01-10", ["pdf"])], "published", False),
    ("guide-mediation-demo", "Guide de la médiation numérique", Kind.GUIDE, "", Licence.CC_BY_SA,
     THIRD_PLACE, [6], ALL, [("2025", "2025-02-01", ["pdf"])], "published", False),
    ("cctp-ftth-demo", "Modèle de CCTP pour le raccordement FttH", Kind.CONTRACT, "cctp",
     Licence.OPEN, SYNDICATE, [1], LOCAL,
     [("1.0", "2024-09-01", ["pdf"]), ("1.1", "2025-03-01", ["pdf"])], "published", False),
    ("ccap-ftth-demo", "Modèle de CCAP d'un marché de travaux fibre", Kind.CONTRACT, "ccap",
     Licence.OPEN, SYNDICATE, [1], LOCAL, [("1.0", "2025-03-01", ["pdf"])], "published", False),
    ("convention-mutualisation-demo", "Convention de mutualisation d'un tiers-lieu",
     Kind.CONTRACT, "convention", Licence.CC_BY, THIRD_PLACE, [7], LOCAL,
     [("1.0", "2025-04-01", ["pdf"])], "published", False),
    ("reglement-consultation-demo", "Règlement de consultation type", Kind.CONTRACT, "rc",
     Licence.ALL_RIGHTS_RESERVED, EPCI, [2], LOCAL, [("1.0", "2025-05-01", ["pdf"])],
     "published", False),
    ("etude-couverture-mobile-demo", "Étude de la couverture mobile du Val", Kind.STUDY, "",
     Licence.CC_BY_NC_SA, EPCI, [2], [Audience.AUTHORITIES, Audience.PUBLIC],
     [("1.0", "2025-01-20", ["pdf", "csv"])], "published", False),
    ("etude-maturite-demo", "Étude de la maturité numérique des entreprises", Kind.STUDY, "",
     Licence.CC_BY, SYNDICATE, [11], [Audience.COMPANIES],
     [("2024", "2024-11-01", ["pdf"]), ("2025", "2025-11-01", ["pdf", "csv"])], "published",
     False),
    ("etude-usages-demo", "Étude des usages numériques des habitants", Kind.STUDY, "",
     Licence.OPEN, THIRD_PLACE, [6], ALL, [("1.0", "2025-02-15", ["csv"])], "published", False),
    ("retour-fibre-ecoles-demo", "Retour d'expérience : la fibre dans les écoles",
     Kind.EXPERIENCE, "", Licence.CC_BY_SA, SYNDICATE, [1, 4], LOCAL,
     [("1.0", "2025-03-10", ["pdf"])], "published", False),
    ("retour-conseiller-numerique-demo", "Retour d'expérience d'un conseiller numérique",
     Kind.EXPERIENCE, "", Licence.CC_BY, THIRD_PLACE, [6], [Audience.ASSOCIATIONS],
     [("1.0", "2025-04-20", ["pdf"])], "published", False),
    ("kit-communication-fibre-demo", "Kit de communication sur la fibre", Kind.KIT, "",
     Licence.CC_BY, SYNDICATE, [1], ALL, [("1.0", "2025-01-05", ["zip", "png"])], "published",
     False),
    ("kit-atelier-demo", "Kit d'animation d'un atelier numérique", Kind.KIT, "",
     Licence.CC_BY_NC_SA, THIRD_PLACE, [6, 7], [Audience.ASSOCIATIONS],
     [("1.0", "2024-10-01", ["zip"]), ("1.1", "2025-01-15", ["zip"]),
      ("2.0", "2025-09-01", ["zip", "pdf"])], "published", False),
    ("outil-diagnostic-demo", "Outil de diagnostic de la couverture", Kind.TOOL, "",
     Licence.OPEN, EPCI, [2], LOCAL,
     [("en ligne", "2025-02-01", "https://exemple.invalid/outil-diagnostic")], "published",
     False),
    ("outil-tableau-bord-demo", "Tableau de bord des indicateurs (modèle)", Kind.TOOL, "",
     Licence.CC_BY, SYNDICATE, [9], LOCAL, [("1.0", "2025-06-01", ["csv"])], "published", False),
    ("formation-elus-demo", "Formation des élus au numérique", Kind.TRAINING, "",
     Licence.CC_BY_SA, SYNDICATE, [4, 5], LOCAL, [("1.0", "2025-03-01", ["pdf", "png"])],
     "published", False),
    ("formation-aidants-demo", "Support de formation des aidants numériques", Kind.TRAINING, "",
     Licence.CC_BY_NC_SA, THIRD_PLACE, [6], [Audience.ASSOCIATIONS, Audience.PUBLIC],
     [("1.0", "2025-05-15", ["pdf"])], "published", False),
    ("formation-donnees-demo", "Formation aux données ouvertes", Kind.TRAINING, "",
     Licence.ALL_RIGHTS_RESERVED, SYNDICATE, [9], [Audience.AUTHORITIES, Audience.COMPANIES],
     [("1.0", "2025-07-01", ["pdf"])], "published", False),
    ("guide-achat-responsable-demo", "Guide de l'achat numérique responsable", Kind.GUIDE, "",
     Licence.OPEN, THIRD_PLACE, [10], LOCAL, [("1.0", "2025-08-01", ["pdf"])], "submitted",
     False),
    ("retour-tiers-lieu-demo", "Retour d'expérience : ouvrir un tiers-lieu", Kind.EXPERIENCE,
     "", Licence.CC_BY, THIRD_PLACE, [7], ALL, [("brouillon", "2025-09-01", ["pdf"])], "draft",
     False),
    ("kit-signalement-demo", "Kit de signalement des zones blanches", Kind.KIT, "",
     Licence.CC_BY_SA, EPCI, [2], [Audience.AUTHORITIES, Audience.PUBLIC],
     [("1.0", "2025-04-01", ["pdf", "csv"])], "published", False),
]  # fmt: skip


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _create(row, curator: User, orientations: dict[int, Orientation], *, guides: bool):
    (slug, title, kind, contract_kind, licence, author, numbers, audiences, versions, state,
     guide) = row  # fmt: skip
    title = f"{title} (démonstration)"
    resource = services.create_resource(
        organisation=Organisation.objects.get(slug=author),
        by=curator,
        values={
            "title": title,
            "summary": f"Ressource fictive de démonstration : {title[0].lower()}{title[1:]}.",
            "description": "Ressource **inventée** pour la démonstration du portail : "
            "ses fichiers ne contiennent que leur titre.",
            "kind": kind,
            "contract_kind": contract_kind,
            "licence": licence,
            "date": _day(versions[0][1]),
            "audiences": audiences,
            "orientations": [orientations[n] for n in numbers if n in orientations],
        },
        is_demo=True,
    )
    Resource.objects.filter(pk=resource.pk).update(slug=slug, is_territory_guide=guide and guides)
    resource.refresh_from_db()
    for label, day, files in versions:
        is_link = isinstance(files, str)
        services.add_version(
            resource=resource,
            by=curator,
            label=label,
            day=_day(day),
            external_url=files if is_link else "",
            files=[] if is_link else [upload(slug, ext, title, label) for ext in files],
        )
    if state == "published":
        services.publish_directly(resource=resource, by=curator, message="Démonstration.")
    elif state == "submitted":
        moderation.transition(obj=resource, action="submit", by=_an_agent(resource) or curator)
    return resource


def _an_agent(resource: Resource) -> User | None:
    return User.objects.filter(memberships__organisation=resource.organisation).first()


def create_demo_resources(curator: User) -> list[Resource]:
    """The demo resources not made yet (none on a later run)."""
    existing = set(Resource.objects.filter(is_demo=True).values_list("slug", flat=True))
    orientations = {o.number: o for o in Orientation.objects.all()}
    # A guide already designated (by a curator) stays: the demo's is then an ordinary one.
    guides = not Resource.objects.filter(is_territory_guide=True).exists()
    made = [
        _create(row, curator, orientations, guides=guides)
        for row in DEMO_RESOURCES
        if row[0] not in existing
    ]
    _invent_downloads(made)
    return made


DOWNLOAD_MONTHS = 18


def _invent_downloads(resources: list[Resource]) -> None:
    """Invented monthly download totals of the published demo resources over the
    last ``DOWNLOAD_MONTHS`` months (the guide's the largest), so that the curators'
    totals and the section 8 indicator have figures to show."""
    month = timezone.localdate().replace(day=1)  # the month in Paris, as real counts have it
    months = []
    for _ in range(DOWNLOAD_MONTHS):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    ResourceDownloadMonth.objects.bulk_create(
        ResourceDownloadMonth(
            resource=resource,
            month=day,
            count=(40 if resource.is_territory_guide else 3 + number % 7) + (age * 5) % 23,
        )
        for number, resource in enumerate(
            Resource.objects.published().filter(pk__in=[r.pk for r in resources]).order_by("pk")
        )
        for age, day in enumerate(months)
    )
