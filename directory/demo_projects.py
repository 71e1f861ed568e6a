"""Demo projects (``manage.py setup_demo``, DEBUG only): invented projects of the demo
organisations, taken through the real workflow (draft, review, publication, follow-up)
so that every state is there to try, plus a demo curator to moderate them.

Created once: a later run keeps them as they are, with whatever was done to them in
the demo since (its own title finds each again).
"""

import datetime
import io
import secrets
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from observatories.models import Commune, Department
from strategy.models import ActionTrack, Orientation

from .models import Organisation, Project, User
from .projects import services

CURATOR_EMAIL = "curateur@demo.scoran.invalid"
CURATORS_GROUP = "Curateurs"  # declared in code: scoran.lib.roles.CURATORS
State = Project.State


def demo_curator() -> tuple[User, str]:
    """The demo curator (staff in the Curateurs group), with a new password."""
    password = secrets.token_urlsafe(12)
    curator, _ = User.objects.get_or_create(email=CURATOR_EMAIL)
    curator.first_name, curator.last_name = "Camille", "Curatrice (démonstration)"
    curator.is_staff = True
    curator.set_password(password)
    curator.save()
    curator.groups.add(Group.objects.get(name=CURATORS_GROUP))
    return curator, password


def _picture(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    """A plain picture with a band, enough to show where a project's images go."""
    image = Image.new("RGB", (960, 540), colour)
    image.paste((255, 255, 255), (0, 380, 960, 420))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("illustration.png", buffer.getvalue(), content_type="image/png")


# Each: carrier slug, final state, content, territory, strategy links, fundings,
# image (colour, alt text) and, for SCORAN actions, their follow-up.
DEMO_PROJECTS = [
    {
        "carrier": "syndicat-numerique-demo",
        "state": State.PUBLISHED,
        "values": {
            "title": "Raccordement en fibre des sites publics prioritaires (démonstration)",
            "summary": "Projet fictif : raccorder en FttH les mairies, écoles et maisons de "
            "santé des communes rurales avant la fin du déploiement grand public.",
            "description": "Projet **fictif** de démonstration.\n\nLe syndicat recense les "
            "sites publics prioritaires, commande leur raccordement à l'opérateur du "
            "réseau d'initiative publique et suit les mises en service.",
            "status": Project.Status.ONGOING,
            "start_date": datetime.date(2024, 1, 15),
            "end_date": datetime.date(2026, 6, 30),
            "budget": Decimal("1200000"),
            "results": "112 sites raccordés sur 180 (chiffres fictifs).",
            "contact_email": "fibre@syndicat-numerique-demo.demo.scoran.invalid",
        },
        "communes": ["21231", "21425", "21054"],
        "departments": [],
        "orientations": [1],
        "tracks": [(1, 1)],
        "fundings": [("Région Bourgogne-Franche-Comté", "400000"), ("FEDER", "300000")],
        "image": ((31, 58, 147), "Carte fictive des sites publics raccordés, en bleu"),
        "follow_up": {
            "progress": 62,
            "planned_start": datetime.date(2024, 1, 15),
            "planned_end": datetime.date(2025, 12, 31),
            "actual_start": datetime.date(2024, 3, 1),
            "budget_planned": Decimal("1200000"),
            "budget_spent": Decimal("780000"),
            "evaluation": Project.Evaluation.EXTEND,
            "evaluated_on": datetime.date(2026, 3, 10),
            "evaluation_comment": "Retard dû aux travaux de génie civil ; étendre aux "
            "maisons France Services.",
        },
    },
    {
        "carrier": "syndicat-numerique-demo",
        "state": State.PUBLISHED,
        "values": {
            "title": "Capteurs connectés dans les bâtiments communaux (démonstration)",
            "summary": "Projet fictif : un réseau bas débit et des capteurs pour suivre la "
            "température et la consommation d'énergie des écoles.",
            "description": "Projet **fictif** de démonstration d'un réseau de l'internet des "
            "objets mutualisé entre communes.",
            "status": Project.Status.ONGOING,
            "start_date": datetime.date(2025, 2, 1),
            "budget": Decimal("80000"),
        },
        "communes": ["21231"],
        "departments": [],
        "orientations": [3],
        "tracks": [(3, 1)],
        "fundings": [("Dotation de soutien à l'investissement local", "40000")],
        "image": None,
        "follow_up": {
            "progress": 40,
            "planned_start": datetime.date(2025, 2, 1),
            "planned_end": datetime.date(2027, 6, 30),
            "budget_planned": Decimal("80000"),
            "budget_spent": Decimal("95000"),
            "evaluation": Project.Evaluation.MAINTAIN,
            "evaluated_on": datetime.date(2026, 9, 15),
            "evaluation_comment": "Surcoût des capteurs ; maintenir en révisant le plan de "
            "financement.",
        },
    },
    {
        "carrier": "tiers-lieu-demo",
        "state": State.PUBLISHED,
        "values": {
            "title": "Ateliers numériques itinérants pour les seniors (démonstration)",
            "summary": "Projet fictif : des ateliers de prise en main de la tablette et des "
            "démarches en ligne, de village en village.",
            "description": "Projet **fictif** de démonstration, porté par le tiers-lieu avec "
            "les communes de son bassin de vie.",
            "status": Project.Status.DONE,
            "start_date": datetime.date(2023, 9, 1),
            "end_date": datetime.date(2025, 6, 30),
            "budget": Decimal("45000"),
            "results": "Quarante ateliers, 380 participants (chiffres fictifs).",
            "contact_email": "ateliers@tiers-lieu-demo.demo.scoran.invalid",
        },
        "communes": ["25056"],
        "departments": ["25"],
        "orientations": [4, 5],
        "tracks": [(4, 1)],
        "fundings": [("Conférence des financeurs", "30000")],
        "image": ((0, 100, 80), "Atelier fictif : des personnes âgées autour d'une tablette"),
        "follow_up": None,
    },
    {
        "carrier": "tiers-lieu-demo",
        "state": State.SUBMITTED,
        "values": {
            "title": "Formation aux outils collaboratifs pour les associations (démonstration)",
            "summary": "Projet fictif, en attente de relecture : des sessions pour les "
            "bénévoles des associations.",
            "description": "Projet **fictif** de démonstration, soumis à l'équipe d'animation.",
            "status": Project.Status.IDEA,
        },
        "communes": [],
        "departments": ["25", "39"],
        "orientations": [11],
        "tracks": [],
        "fundings": [],
        "image": None,
        "follow_up": None,
    },
    {
        "carrier": "tiers-lieu-demo",
        "state": State.DRAFT,
        "values": {
            "title": "Atelier de fabrication mobile (démonstration)",
            "summary": "Projet fictif, brouillon : un camion équipé d'imprimantes 3D.",
            "description": "Brouillon **fictif** de démonstration.",
            "status": Project.Status.IDEA,
        },
        "communes": [],
        "departments": [],
        "orientations": [6],
        "tracks": [],
        "fundings": [],
        "image": None,
        "follow_up": None,
    },
]


def _agent(organisation: Organisation) -> User:
    return (
        User.objects.filter(memberships__organisation=organisation)
        .order_by("-memberships__role", "pk")
        .first()
    )


def _values(spec: dict) -> dict:
    orientations = Orientation.objects.filter(number__in=spec["orientations"])
    tracks = [
        track
        for number, position in spec["tracks"]
        for track in ActionTrack.objects.filter(orientation__number=number, position=position)
    ]
    return {
        **spec["values"],
        "communes": list(Commune.objects.filter(code__in=spec["communes"])),
        "departments": list(Department.objects.filter(code__in=spec["departments"])),
        "orientations": list(orientations),
        "action_tracks": tracks,
    }


def create_demo_projects(curator: User) -> list[Project]:
    """The demo projects that do not exist yet, each brought to its state."""
    created = []
    for spec in DEMO_PROJECTS:
        organisation = Organisation.objects.get(slug=spec["carrier"])
        if Project.objects.filter(organisation=organisation, title=spec["values"]["title"]):
            continue
        agent = _agent(organisation)
        images = []
        if spec["image"]:
            colour, alt_text = spec["image"]
            images = [{"file": _picture(colour), "alt_text": alt_text}]
        project = services.create_project(
            organisation=organisation,
            by=agent,
            values=_values(spec),
            fundings=[{"funder": f, "amount": Decimal(a)} for f, a in spec["fundings"]],
            images=images,
        )
        if spec["state"] != State.DRAFT:
            services.submit_project(project=project, by=agent)
        if spec["state"] == State.PUBLISHED:
            services.publish_project(project=project, by=curator)
        if spec["follow_up"]:
            Project.objects.filter(pk=project.pk).update(is_scoran_action=True)
            project.refresh_from_db()
            services.update_follow_up(project=project, by=curator, values=spec["follow_up"])
        created.append(project)
    return created
