"""The digital maturity self-assessment (« autodiagnostic de maturité numérique »,
``/maturite/``, orientation 11 of the SCORAN: « un observatoire de la maturité
numérique des entreprises et associations »).

Anyone answers, without an account: a profile (department, sector, size, kind)
and twenty questions over five dimensions (``portal/maturity/questionnaire.py``,
versioned). An answer stores the choices, the version and the scores per
dimension, the day it was given and nothing of the person: no IP address, no
browser, no account. The public sees aggregates by department, sector and size,
never below ``MIN_CELL`` answers.

A respondent may choose to leave a contact (an e-mail address and the consent text
agreed to), stored apart (``MaturityContact``), which they can withdraw from their
result page; it is a person's data, declared in the personal-data catalogue
(``portal/maturity/catalogues.py``).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse

from observatories.models import Department


class Kind(models.TextChoices):
    COMPANY = "entreprise", "Entreprise"
    ASSOCIATION = "association", "Association"


class Sector(models.TextChoices):
    TRADE = "commerce", "Commerce et artisanat"
    INDUSTRY = "industrie", "Industrie et bâtiment"
    FARMING = "agriculture", "Agriculture"
    SERVICES = "services", "Services et professions libérales"
    TOURISM = "tourisme", "Tourisme, hôtellerie et restauration"
    SOCIAL = "social", "Santé, social et éducation"
    CULTURE = "culture", "Culture, sport et loisirs"
    OTHER = "autre", "Autre secteur"


class Size(models.TextChoices):
    NONE = "0", "Aucun salarié"
    MICRO = "1-9", "1 à 9 salariés"
    SMALL = "10-49", "10 à 49 salariés"
    MEDIUM = "50-249", "50 à 249 salariés"
    LARGE = "250+", "250 salariés ou plus"


# The scores' fields, in the questionnaire's order of dimensions.
SCORE_FIELDS = {
    "equipement": "equipment_score",
    "presence": "presence_score",
    "outils": "tools_score",
    "securite": "security_score",
    "competences": "skills_score",
}


class MaturityAnswerQuerySet(models.QuerySet):
    def demo(self):
        return self.filter(is_demo=True)

    def for_result(self):
        """A result page: the department and the contact, if any (1 query)."""
        return self.select_related("department", "contact")


class MaturityAnswer(models.Model):
    """One completed self-assessment, anonymous."""

    Kind = Kind
    Sector = Sector
    Size = Size

    # The respondent's private link to their result, and the questionnaire's own
    # identifier: a questionnaire sent twice is stored once.
    uuid = models.UUIDField("identifiant", default=uuid.uuid4, unique=True, editable=False)
    version = models.CharField("version du questionnaire", max_length=20)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="département"
    )
    sector = models.CharField("secteur", max_length=20, choices=Sector.choices)
    size = models.CharField("effectif", max_length=10, choices=Size.choices)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    answers = models.JSONField("réponses", help_text="Question → points (0 à 3).")
    equipment_score = models.PositiveSmallIntegerField("équipement et connectivité")
    presence_score = models.PositiveSmallIntegerField("présence et vente en ligne")
    tools_score = models.PositiveSmallIntegerField("outils internes et données")
    security_score = models.PositiveSmallIntegerField("sécurité")
    skills_score = models.PositiveSmallIntegerField("compétences et accompagnement")
    is_demo = models.BooleanField(
        "démonstration", default=False, help_text="Réponse inventée pour la démonstration."
    )
    # The day only: an hour would help tell respondents apart.
    answered_on = models.DateField("répondu le", auto_now_add=True)

    objects = MaturityAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse à l'autodiagnostic de maturité numérique"
        verbose_name_plural = "réponses à l'autodiagnostic de maturité numérique"
        ordering = ["-answered_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__lte": 100}), name=f"maturity_{name}_at_most_100"
            )
            for name in SCORE_FIELDS.values()
        ] + [
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="maturity_sector_known"
            ),
            models.CheckConstraint(condition=Q(size__in=Size.values), name="maturity_size_known"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="maturity_kind_known"),
        ]

    def __str__(self) -> str:
        return f"Autodiagnostic n° {self.pk} du {self.answered_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("maturity:result", kwargs={"uuid": self.uuid})

    def score_of(self, dimension_key: str) -> int:
        return getattr(self, SCORE_FIELDS[dimension_key])


class MaturityContact(models.Model):
    """The contact a respondent chose to leave with their answer, to be called back
    by an adviser; withdrawn by them (their result page) or erased with an account
    of the same address."""

    answer = models.OneToOneField(
        MaturityAnswer,
        on_delete=models.CASCADE,
        related_name="contact",
        verbose_name="réponse",
    )
    email = models.EmailField("adresse électronique")
    consent = models.TextField("consentement donné", help_text="Le texte accepté, tel quel.")
    consented_at = models.DateTimeField("consentement donné le", auto_now_add=True)

    class Meta:
        verbose_name = "contact laissé après l'autodiagnostic"
        verbose_name_plural = "contacts laissés après l'autodiagnostic"
        ordering = ["-consented_at", "-pk"]

    def __str__(self) -> str:
        return f"Contact de l'autodiagnostic n° {self.answer_id}"
