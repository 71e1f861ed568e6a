"""Demo organisations and their agents (``manage.py setup_demo``, DEBUG only).

Invented structures in real communes of the region; each run gives the agents new
random passwords, returned so that the command prints them.
"""

import secrets
from dataclasses import dataclass

from observatories.models import Commune
from strategy.models import Orientation

from .models import Membership, Organisation, User


@dataclass(frozen=True)
class DemoAgent:
    email: str
    password: str
    organisation: Organisation
    role: str


# slug, name, kind, commune, orientations, description, agent e-mail, agent role
DEMO_ORGANISATIONS = [
    (
        "syndicat-numerique-demo",
        "Syndicat mixte du numérique (démonstration)",
        Organisation.Kind.SYNDICATE,
        "21231",
        [1, 3],
        "Structure **fictive** de démonstration : un syndicat mixte qui déploie le "
        "réseau d'initiative publique et accompagne les communes.",
        "agent.syndicat@demo.scoran.invalid",
        Membership.Role.ADMIN,
    ),
    (
        "tiers-lieu-demo",
        "Tiers-lieu La Fabrique (démonstration)",
        Organisation.Kind.THIRD_PLACE,
        "25056",
        [6, 7],
        "Structure **fictive** de démonstration : un tiers-lieu avec un espace de "
        "médiation numérique et un atelier de fabrication.",
        "agent.tiers-lieu@demo.scoran.invalid",
        Membership.Role.MEMBER,
    ),
    (
        "communaute-communes-demo",
        "Communauté de communes du Val (démonstration)",
        Organisation.Kind.EPCI,
        "39300",
        [2],
        "Structure **fictive** de démonstration : une intercommunalité rurale qui "
        "signale les zones mal couvertes en téléphonie mobile.",
        None,
        None,
    ),
]


def create_demo_organisations() -> list[DemoAgent]:
    communes = Commune.objects.in_bulk([row[3] for row in DEMO_ORGANISATIONS])
    orientations = Orientation.objects.in_bulk(field_name="number")
    agents = []
    for slug, name, kind, commune, themes, description, email, role in DEMO_ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "commune": communes.get(commune),
                "description": description,
                "contact_email": f"contact@{slug}.demo.scoran.invalid",
                "state": Organisation.State.PUBLISHED,
            },
        )
        organisation.themes.set([orientations[n] for n in themes if n in orientations])
        if email:
            password = secrets.token_urlsafe(12)
            user, _ = User.objects.get_or_create(email=email)
            user.set_password(password)
            user.save()
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
            agents.append(DemoAgent(email, password, organisation, role))
    return agents
