"""Data centres and hosting offers of the region (SCORAN 9.6: « informations sur les
structures publiques et privées disponibles (Data Center…) »; orientation 4:
« recenser et cartographier les offres d'hébergement disponibles »): who runs them,
where, which certifications and services, public or private, and a link.

Curated by hand in the admin (``scoran.lib.freshness``); the operator is an
organisation of the directory where there is one (named and linked only while it
is published), its name as written otherwise. A row without coordinates is drawn at
its commune's point, said to be approximate.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from directory.models import Organisation
from observatories.models import Commune
from scoran.lib.fields import ChoiceArrayField, WebAddressField, web_address_constraint
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.lists import search_words


class Kind(models.TextChoices):
    DATA_CENTRE = "centre", "Centre de données"
    OFFER = "offre", "Offre d'hébergement"


class Sector(models.TextChoices):
    PUBLIC = "public", "Public"
    PRIVATE = "prive", "Privé"


class Service(models.TextChoices):
    COLOCATION = "colocation", "Colocation (baies, salles)"
    CLOUD = "cloud", "Cloud"
    HOSTING = "hebergement", "Hébergement (serveurs, infogérance)"


class Certification(models.TextChoices):
    HDS = "hds", "HDS (données de santé)"
    SECNUMCLOUD = "secnumcloud", "SecNumCloud (ANSSI)"
    ISO_27001 = "iso27001", "ISO 27001"


TIERS = [(level, f"Tier {'I' * level if level < 4 else 'IV'}") for level in range(1, 5)]


class DataCentreQuerySet(CuratedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    SEARCH = ("name__icontains", "operator_name__icontains", "commune__name__icontains")

    def search(self, text: str):
        """Words searched in the name, the operator's name and the commune's name."""
        return search_words(self, text, self.SEARCH)

    def for_list(self):
        """Rows of the list, the map and the exports: commune, department and operator
        in the same query (1 query)."""
        return self.select_related("commune__department", "operator").order_by("name", "pk")


class DataCentre(Curated):
    """A data centre, or a hosting offer run from the region."""

    Kind = Kind
    Sector = Sector
    Service = Service
    Certification = Certification

    kind = models.CharField("nature", max_length=10, choices=Kind.choices, default=Kind.DATA_CENTRE)
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant dans l'adresse", max_length=120, unique=True)
    operator_name = models.CharField(
        "exploitant", max_length=200, help_text="Tel qu'il est affiché sur la page."
    )
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_centres",
        verbose_name="exploitant dans l'annuaire",
        help_text="La structure de l'annuaire, s'il y en a une : la page la cite tant "
        "qu'elle est publiée.",
    )
    sector = models.CharField("public ou privé", max_length=10, choices=Sector.choices)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="data_centres", verbose_name="commune"
    )
    address = models.CharField("adresse", max_length=300, blank=True)
    latitude = models.FloatField(
        "latitude",
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        "longitude",
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    services = ChoiceArrayField(
        models.CharField(max_length=20, choices=Service.choices), verbose_name="services"
    )
    certifications = ChoiceArrayField(
        models.CharField(max_length=20, choices=Certification.choices),
        verbose_name="certifications",
        default=list,
        blank=True,
    )
    tier = models.PositiveSmallIntegerField(
        "niveau Tier (Uptime Institute ou équivalent)", choices=TIERS, null=True, blank=True
    )
    url = WebAddressField("site internet", max_length=500, blank=True)
    description = models.TextField("description", blank=True, help_text="Markdown.")
    is_published = models.BooleanField(
        "publié", default=True, help_text="Décochez pour retirer la fiche des pages publiques."
    )
    is_demo = models.BooleanField("démonstration", default=False, editable=False)

    objects = DataCentreQuerySet.as_manager()

    class Meta:
        verbose_name = "centre de données ou offre d'hébergement"
        verbose_name_plural = "centres de données et offres d'hébergement"
        ordering = ["name", "pk"]
        constraints = [
            web_address_constraint("url", name="datacentre_url_web_address"),
            models.CheckConstraint(
                condition=models.Q(tier__isnull=True) | models.Q(tier__gte=1, tier__lte=4),
                name="datacentre_tier_range",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(
                    latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180
                ),
                name="datacentre_coordinates",
            ),
            models.CheckConstraint(
                condition=~models.Q(services=[]), name="datacentre_has_a_service"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hosting:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                "Saisissez la latitude et la longitude, ou aucune des deux (la carte "
                "place alors la fiche au centre de la commune)."
            )

    @property
    def public_operator(self) -> Organisation | None:
        """The directory organisation, while it is published (needs ``operator``)."""
        operator = self.operator
        return operator if operator and operator.is_published else None

    @property
    def service_labels(self) -> list[str]:
        labels = dict(Service.choices)
        return [labels.get(value, value) for value in self.services]

    @property
    def certification_labels(self) -> list[str]:
        """The certifications, then the Tier level."""
        labels = dict(Certification.choices)
        found = [labels.get(value, value) for value in self.certifications]
        return [*found, self.get_tier_display()] if self.tier else found

    @property
    def is_approximate(self) -> bool:
        return self.latitude is None or self.longitude is None
