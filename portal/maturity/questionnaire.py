"""The digital maturity self-assessment (« autodiagnostic de maturité numérique »,
orientation 11 of the SCORAN), defined in code and versioned: every answer stores
the ``VERSION`` it was given under, and a later version adds a new questionnaire
rather than changing the meaning of stored answers.

Five dimensions of four questions each; every question has four choices worth 0 to 3
points. A dimension's score is its points over its maximum, as a percentage; its
level follows the score (``LEVELS``) and gives a plain-French advice. The matching
content of the portal is found by the dimension's keywords (resources, aides,
events) and by the services of the places of mediation (the national standard's
« services »)."""

from dataclasses import dataclass

VERSION = "2026-1"
MAX_POINTS = 3


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    choices: tuple[str, ...]  # worth 0, 1, 2, 3 points, in this order
    help: str = ""

    def choice_keys(self) -> list[str]:
        """The values the form posts: « 0 » to « 3 »."""
        return [str(points) for points in range(len(self.choices))]


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    advice: dict[str, str]  # per level key
    keywords: tuple[str, ...]  # matched in the titles and summaries of the portal
    place_services: tuple[str, ...]  # the places' services that help with it

    @property
    def max_points(self) -> int:
        return MAX_POINTS * len(self.questions)


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    minimum: int  # the lowest score of the level


# Lowest first; a score belongs to the last level whose minimum it reaches.
LEVELS = (
    Level("premiers-pas", "Premiers pas", 0),
    Level("en-progression", "En progression", 40),
    Level("avance", "Avancé", 70),
)


def level_of(score: int) -> Level:
    return [level for level in LEVELS if score >= level.minimum][-1]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        key="equipement",
        title="Équipement et connectivité",
        intro="La connexion à internet et le matériel sur lesquels repose votre activité.",
        questions=(
            Question(
                "equipement-connexion",
                "Quelle connexion à internet utilise votre structure ?",
                (
                    "Aucune connexion dédiée (un téléphone personnel)",
                    "ADSL ou connexion radio, souvent lente",
                    "Très haut débit (fibre, câble, box 4G ou 5G)",
                    "Fibre avec une offre professionnelle et une solution de secours",
                ),
            ),
            Question(
                "equipement-debit",
                "La connexion suffit-elle aux besoins de votre activité ?",
                ("Jamais", "Rarement", "Le plus souvent", "Toujours"),
            ),
            Question(
                "equipement-materiel",
                "Le matériel informatique (ordinateurs, téléphones, imprimantes) est :",
                (
                    "Absent, ou ce sont des appareils personnels",
                    "Ancien : il ralentit le travail",
                    "Adapté, sans plan de renouvellement",
                    "Adapté et renouvelé selon un plan",
                ),
            ),
            Question(
                "equipement-mobilite",
                "Les personnes peuvent-elles travailler à distance ou en déplacement ?",
                (
                    "Non, c'est impossible",
                    "Oui, mais avec difficulté",
                    "Oui, avec quelques outils",
                    "Oui, avec des outils prévus pour cela (accès sécurisé, partage)",
                ),
            ),
        ),
        advice={
            "premiers-pas": "Commencez par vérifier l'éligibilité de votre adresse à la fibre "
            "et faites le point sur le matériel indispensable : une bonne connexion est la "
            "condition de tout le reste.",
            "en-progression": "Votre base est posée. Prévoyez le renouvellement du matériel et "
            "une solution de secours pour la connexion (box 4G ou 5G) afin de ne pas "
            "dépendre d'une seule ligne.",
            "avance": "Votre équipement est solide. Gardez un inventaire à jour et faites "
            "profiter d'autres structures de votre expérience.",
        },
        keywords=("connexion", "très haut débit", "fibre", "matériel", "équipement", "wifi"),
        place_services=(
            "Accès internet et matériel informatique",
            "Acquisition de matériel informatique à prix solidaire",
        ),
    ),
    Dimension(
        key="presence",
        title="Présence et vente en ligne",
        intro="Comment votre public vous trouve, vous contacte et achète ou adhère en ligne.",
        questions=(
            Question(
                "presence-visibilite",
                "Votre structure est-elle visible en ligne ?",
                (
                    "Non",
                    "Seulement par une fiche d'annuaire ou de carte en ligne",
                    "Par un site ou une page de réseau social tenus à jour",
                    "Par un site tenu à jour et des réseaux sociaux animés",
                ),
            ),
            Question(
                "presence-vente",
                "Vendez-vous, ou recevez-vous des adhésions, des dons ou des réservations "
                "en ligne ?",
                (
                    "Non",
                    "Par courriel ou par téléphone après un premier contact en ligne",
                    "Oui, par une plateforme (place de marché, billetterie, collecte en ligne)",
                    "Oui, sur notre propre site, avec paiement en ligne",
                ),
            ),
            Question(
                "presence-avis",
                "Suivez-vous ce que votre public dit de vous en ligne ?",
                (
                    "Non",
                    "De temps en temps",
                    "Régulièrement, et nous répondons aux avis",
                    "Oui, avec des indicateurs suivis chaque mois (visites, avis, ventes)",
                ),
            ),
            Question(
                "presence-accessibilite",
                "Votre site est-il lisible sur un téléphone et accessible aux personnes "
                "handicapées ?",
                ("Pas de site, ou nous ne savons pas", "Non", "En partie", "Oui, c'est vérifié"),
            ),
        ),
        advice={
            "premiers-pas": "Une fiche d'établissement complète et à jour (horaires, "
            "coordonnées) est un premier pas simple et gratuit pour être trouvé.",
            "en-progression": "Pensez à la vente, à l'adhésion ou à la réservation en ligne, et "
            "vérifiez que votre site se lit bien sur un téléphone.",
            "avance": "Votre présence en ligne est installée : suivez quelques indicateurs "
            "simples et veillez à l'accessibilité de votre site.",
        },
        keywords=(
            "site internet",
            "site web",
            "commerce en ligne",
            "e-commerce",
            "vente en ligne",
            "réseaux sociaux",
            "visibilité",
        ),
        place_services=("Maîtrise des outils numériques du quotidien",),
    ),
    Dimension(
        key="outils",
        title="Outils internes et données",
        intro="La gestion, le partage des documents et l'usage de vos données.",
        questions=(
            Question(
                "outils-gestion",
                "Comment tenez-vous la facturation, la comptabilité ou les cotisations ?",
                (
                    "Sur papier",
                    "Avec un tableur",
                    "Avec un logiciel dédié",
                    "Avec un logiciel relié à la banque et à nos autres outils",
                ),
            ),
            Question(
                "outils-partage",
                "Comment partagez-vous les documents au sein de l'équipe ?",
                (
                    "Sur papier ou par clé USB",
                    "Par courriel",
                    "Dans un espace partagé en ligne",
                    "Dans un espace partagé organisé, avec des droits par personne",
                ),
            ),
            Question(
                "outils-donnees",
                "Vos données (clients, adhérents, stocks, activités) sont :",
                (
                    "Dispersées ou sur papier",
                    "Dans plusieurs fichiers",
                    "Dans un outil unique",
                    "Dans un outil unique, et utilisées pour décider (tableaux de bord)",
                ),
            ),
            Question(
                "outils-dematerialisation",
                "Êtes-vous prêts pour la facture électronique et les démarches en ligne ?",
                (
                    "Nous ne savons pas ce que cela implique",
                    "Nous en avons entendu parler",
                    "Nous nous y préparons",
                    "Nous sommes prêts",
                ),
            ),
        ),
        advice={
            "premiers-pas": "Un logiciel de gestion simple remplace avantageusement le papier "
            "et prépare la facture électronique, bientôt obligatoire entre entreprises.",
            "en-progression": "Rassemblez vos données dans un outil unique et partagez les "
            "documents dans un espace commun plutôt que par courriel.",
            "avance": "Vos outils sont en place : exploitez vos données avec quelques "
            "tableaux de bord et documentez qui a accès à quoi.",
        },
        keywords=(
            "logiciel",
            "données",
            "dématérialisation",
            "facture électronique",
            "facturation",
            "outils collaboratifs",
        ),
        place_services=("Maîtrise des outils numériques du quotidien",),
    ),
    Dimension(
        key="securite",
        title="Sécurité",
        intro="La protection de vos données et de votre activité contre les incidents.",
        questions=(
            Question(
                "securite-sauvegarde",
                "Sauvegardez-vous vos données ?",
                (
                    "Jamais",
                    "De temps en temps, à la main",
                    "Automatiquement",
                    "Automatiquement, avec une copie hors des locaux, et la restauration "
                    "a été essayée",
                ),
            ),
            Question(
                "securite-mots-de-passe",
                "Les mots de passe sont :",
                (
                    "Partagés, ou notés sur papier",
                    "Personnels, mais souvent les mêmes",
                    "Personnels et différents, dans un gestionnaire de mots de passe",
                    "Comme ci-dessus, avec la double authentification sur les comptes importants",
                ),
            ),
            Question(
                "securite-mises-a-jour",
                "Les mises à jour des ordinateurs et des logiciels sont faites :",
                (
                    "Rarement",
                    "Quand on y pense",
                    "Automatiquement",
                    "Automatiquement et vérifiées, avec un antivirus à jour",
                ),
            ),
            Question(
                "securite-incident",
                "En cas d'incident (rançongiciel, piratage, perte d'un ordinateur) :",
                (
                    "Nous ne saurions pas quoi faire",
                    "Nous chercherions quelqu'un à appeler",
                    "Nous savons qui appeler (prestataire, Cybermalveillance.gouv.fr)",
                    "Nous avons une procédure écrite, connue de l'équipe",
                ),
            ),
        ),
        advice={
            "premiers-pas": "Trois gestes protègent déjà beaucoup : des sauvegardes "
            "automatiques, un mot de passe différent par compte et les mises à jour "
            "automatiques.",
            "en-progression": "Gardez une copie des sauvegardes hors des locaux, essayez une "
            "restauration et activez la double authentification sur les comptes importants.",
            "avance": "Votre sécurité est prise au sérieux : écrivez la procédure en cas "
            "d'incident et sensibilisez chaque nouvelle personne.",
        },
        keywords=("cybersécurité", "sécurité", "sauvegarde", "rançongiciel", "cybermalveillance"),
        place_services=("Utilisation sécurisée du numérique",),
    ),
    Dimension(
        key="competences",
        title="Compétences et accompagnement",
        intro="Les savoir-faire de l'équipe et les appuis sur lesquels vous pouvez compter.",
        questions=(
            Question(
                "competences-aisance",
                "Les personnes de la structure sont-elles à l'aise avec les outils numériques ?",
                ("Peu", "Certaines", "La plupart", "Toutes, et elles s'entraident"),
            ),
            Question(
                "competences-formation",
                "Qui a suivi une formation au numérique ces deux dernières années ?",
                ("Personne", "Une personne", "Plusieurs personnes", "Chacun, selon un plan"),
            ),
            Question(
                "competences-pilotage",
                "Qui s'occupe du numérique dans la structure ?",
                (
                    "Personne en particulier",
                    "Une personne, en plus de son travail",
                    "Une personne désignée ou un prestataire",
                    "Une personne désignée avec du temps prévu, et un prestataire au besoin",
                ),
            ),
            Question(
                "competences-aides",
                "Connaissez-vous les aides et les accompagnements à la transformation numérique ?",
                (
                    "Non",
                    "De nom",
                    "Oui, nous nous sommes renseignés",
                    "Oui, nous en avons déjà bénéficié",
                ),
            ),
        ),
        advice={
            "premiers-pas": "Vous n'êtes pas seuls : des lieux de médiation numérique, des "
            "formations et des aides existent près de chez vous ; un premier échange permet "
            "de choisir par où commencer.",
            "en-progression": "Désignez une personne qui suit le numérique, avec du temps "
            "prévu, et inscrivez la formation dans un plan.",
            "avance": "Votre équipe est autonome : partagez votre expérience dans un groupe "
            "de travail ou un réseau d'entrepreneurs.",
        },
        keywords=("formation", "compétences", "accompagnement", "transformation numérique"),
        place_services=(
            "Compréhension du monde numérique",
            "Insertion professionnelle via le numérique",
            "Maîtrise des outils numériques du quotidien",
        ),
    ),
)

QUESTIONS: dict[str, Question] = {
    question.key: question for dimension in DIMENSIONS for question in dimension.questions
}


def scores(answers: dict[str, str]) -> dict[str, int]:
    """Each dimension's score, 0 to 100, from complete and valid ``answers``
    (question key → « 0 » to « 3 »)."""
    return {
        dimension.key: round(
            100
            * sum(int(answers[question.key]) for question in dimension.questions)
            / dimension.max_points
        )
        for dimension in DIMENSIONS
    }


def is_complete(answers: dict) -> bool:
    """Every question answered with one of its choices, and nothing else."""
    return set(answers) == set(QUESTIONS) and all(
        answers[key] in QUESTIONS[key].choice_keys() for key in QUESTIONS
    )
