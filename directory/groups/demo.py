"""Demo working groups (``manage.py setup_demo``, DEBUG only), after the demo
organisations and their agents (``directory/demo.py``): three groups on subjects of
the strategy (section 9.6: open data, mobile coverage, digital inclusion), marked as
demonstration (``is_demo``), with their leads, members and two news items each (one
for members only).

The demo syndicate's agent leads « Ouverture des données », where an invented person
waits for an answer to their request; the third place's agent leads « Inclusion
numérique » and is not a member of « Ouverture des données » (so that they can ask to
join it). Invented colleagues (accounts without a password: they cannot sign in)
fill the groups. A later run puts the rows back as described here (same slugs).
"""

from datetime import timedelta

from django.utils import timezone

from strategy.models import Orientation

from ..models import GroupMembership, GroupNews, Membership, Organisation, User, WorkingGroup
from ..models import Visibility as V

SYNDICATE_AGENT = "agent.syndicat@demo.scoran.invalid"
THIRD_PLACE_AGENT = "agent.tiers-lieu@demo.scoran.invalid"

# e-mail: (first name, last name, organisation slug); the agents of directory/demo.py
# get a name when they have none, the others are invented colleagues.
PEOPLE = {
    SYNDICATE_AGENT: ("Claire", "Fontaine", "syndicat-numerique-demo"),
    THIRD_PLACE_AGENT: ("Karim", "Benali", "tiers-lieu-demo"),
    "camille.martin@demo.scoran.invalid": ("Camille", "Martin", "communaute-communes-demo"),
    "lea.bernard@demo.scoran.invalid": ("Léa", "Bernard", "syndicat-numerique-demo"),
    "hugo.petit@demo.scoran.invalid": ("Hugo", "Petit", "communaute-communes-demo"),
}

LEAD, MEMBER = GroupMembership.Role.LEAD, GroupMembership.Role.MEMBER
ACTIVE, REQUESTED = GroupMembership.Status.ACTIVE, GroupMembership.Status.REQUESTED

GROUPS = [
    {
        "slug": "ouverture-des-donnees",
        "name": "Ouverture des données",
        "theme": "Ouvrir et partager les données publiques des collectivités",
        "orientations": [13, 14, 15],
        "description": "Groupe **fictif** de démonstration. Il structure collectivement les "
        "réponses aux questions de l'orientation 14 de la stratégie :\n\n"
        "- ouvrir les données dans le respect des règles européennes et nationales ;\n"
        "- quel format de licence pour l'ouverture des données publiques aux acteurs "
        "privés ?\n"
        "- quelles étapes et quels prestataires pour la mise en œuvre de l'ouverture des "
        "données par les collectivités ?\n"
        "- organiser l'échange et la réutilisation de données publiques et privées.",
        "is_open": True,
        "people": [
            (SYNDICATE_AGENT, LEAD, ACTIVE),
            ("lea.bernard@demo.scoran.invalid", MEMBER, ACTIVE),
            ("camille.martin@demo.scoran.invalid", MEMBER, ACTIVE),
            ("hugo.petit@demo.scoran.invalid", MEMBER, REQUESTED),
        ],
        "news": [
            (
                "Compte rendu de la réunion de lancement",
                V.PUBLIC,
                "Le groupe a choisi ses trois premiers chantiers : un inventaire des jeux "
                "de données des collectivités membres, un modèle de délibération "
                "d'ouverture et une fiche sur les licences (Licence Ouverte, ODbL).",
            ),
            (
                "Relevé de décisions et contacts des référents",
                V.MEMBERS,
                "Réservé aux membres : chaque structure désigne un référent « données » "
                "avant la prochaine réunion trimestrielle ; le tableau des référents est "
                "partagé entre membres.",
            ),
        ],
    },
    {
        "slug": "couverture-mobile",
        "name": "Couverture mobile",
        "theme": "Repérer les zones mal couvertes et suivre le New Deal mobile",
        "orientations": [2],
        "description": "Groupe **fictif** de démonstration. Les équipes locales partagent "
        "leurs relevés des zones mal couvertes en téléphonie mobile, suivent les "
        "engagements du New Deal mobile et préparent les remontées de terrain vers "
        "l'équipe projet régionale.",
        "is_open": True,
        "people": [
            ("camille.martin@demo.scoran.invalid", LEAD, ACTIVE),
            ("hugo.petit@demo.scoran.invalid", MEMBER, ACTIVE),
            ("lea.bernard@demo.scoran.invalid", MEMBER, ACTIVE),
        ],
        "news": [
            (
                "Campagne de mesures dans les vallées",
                V.PUBLIC,
                "Une campagne de mesures de la qualité de service 4G est lancée dans "
                "trois vallées du Jura ; les résultats seront présentés à la prochaine "
                "réunion.",
            ),
            (
                "Liste des sites à signaler à l'opérateur",
                V.MEMBERS,
                "Réservé aux membres : la liste provisoire des sites proposés au "
                "dispositif de couverture ciblée, à relire avant envoi.",
            ),
        ],
    },
    {
        "slug": "inclusion-numerique",
        "name": "Inclusion numérique",
        "theme": "Coordonner la médiation numérique et l'accompagnement des publics",
        "orientations": [4, 5],
        "description": "Groupe **fictif** de démonstration. Les lieux de médiation "
        "numérique, les collectivités et leurs partenaires coordonnent l'offre "
        "d'accompagnement, la montée en compétence des aidants numériques et la "
        "distribution des Pass numériques.",
        "is_open": False,
        "people": [
            (THIRD_PLACE_AGENT, LEAD, ACTIVE),
            ("hugo.petit@demo.scoran.invalid", MEMBER, ACTIVE),
        ],
        "news": [
            (
                "Cartographie des lieux de médiation",
                V.PUBLIC,
                "Le groupe a relu la cartographie régionale des lieux de médiation "
                "numérique : douze lieux ont mis à jour leurs horaires.",
            ),
            (
                "Bilan des Pass numériques distribués",
                V.MEMBERS,
                "Réservé aux membres : le bilan provisoire des Pass numériques distribués "
                "par structure, avant sa publication.",
            ),
        ],
    },
]


def _demo_people() -> dict[str, tuple[User, Organisation]]:
    organisations = Organisation.objects.in_bulk(
        {slug for _, _, slug in PEOPLE.values()}, field_name="slug"
    )
    people = {}
    for email, (first_name, last_name, slug) in PEOPLE.items():
        user, created = User.objects.get_or_create(email=email)
        if created:
            user.set_unusable_password()  # an invented colleague: never signs in
        user.first_name = user.first_name or first_name
        user.last_name = user.last_name or last_name
        user.save()
        Membership.objects.get_or_create(user=user, organisation=organisations[slug])
        people[email] = (user, organisations[slug])
    return people


def create_demo_groups() -> list[WorkingGroup]:
    people = _demo_people()
    orientations = Orientation.objects.in_bulk(field_name="number")
    now = timezone.now()
    groups = []
    for spec in GROUPS:
        group, _ = WorkingGroup.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "theme": spec["theme"],
                "description": spec["description"],
                "rhythm": "trimestriel",
                "is_open": spec["is_open"],
                "is_demo": True,
            },
        )
        group.orientations.set([orientations[n] for n in spec["orientations"] if n in orientations])
        for email, role, status in spec["people"]:
            user, organisation = people[email]
            GroupMembership.objects.update_or_create(
                group=group,
                user=user,
                defaults={
                    "organisation": organisation,
                    "role": role,
                    "status": status,
                    "joined_at": now - timedelta(days=90) if status == ACTIVE else None,
                    "message": ""
                    if status == ACTIVE
                    else "Je coordonne ce sujet pour mon "
                    "intercommunalité : puis-je rejoindre le groupe ?",
                },
            )
        lead = people[spec["people"][0][0]][0]
        for days, (title, visibility, body) in zip((30, 7), spec["news"], strict=True):
            GroupNews.objects.update_or_create(
                group=group,
                title=title,
                defaults={
                    "body": body,
                    "visibility": visibility,
                    "author": lead,
                    "published_at": now - timedelta(days=days),
                },
            )
        groups.append(group)
    return groups
