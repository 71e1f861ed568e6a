"""Places of digital mediation and third places, as published in the national
standard (``directory/places/standard.py``), and
the section 8 indicators computed from them."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from observatories.models import Commune, DataSource, ImportRun
from scoran.lib.fields import WebAddressField
from scoran.lib.lists import search_words
from scoran.lib.moderation import HistoryEntry, Moderated, State

from ..places import standard

PIVOT = r"^[a-zA-Z0-9]{9,14}$"
PHONE = r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$"


def closed_list(column: str, label: str) -> ArrayField:
    """A multi-valued column of the standard: each value from its closed list."""
    return ArrayField(
        models.CharField(max_length=100, choices=standard.choices(column)),
        verbose_name=label,
        default=list,
        blank=True,
    )


class PlaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)

    SEARCH = ("name__icontains", "commune__name__icontains", "postcode__startswith")

    def search(self, text: str):
        """Words searched in the name, the commune's name and the postcode's start."""
        return search_words(self, text, self.SEARCH)

    def visible_to(self, user):
        """Published places; every place for curators (they check drafts)."""
        return self if user.is_authenticated and user.is_staff else self.published()

    def for_list(self):
        """With their commune, department and source (one query, joined)."""
        return self.select_related("commune__department", "source").order_by("name", "pk")

    def for_page(self):
        """With commune, department, import run and its source (one query, joined)."""
        return self.select_related("commune__department", "run__source", "source")

    def located(self):
        return self.exclude(latitude__isnull=True).exclude(longitude__isnull=True)


class Place(Moderated):
    """A place of digital mediation or a third place, one row of a file in the standard.

    Keyed by the file's ``id`` within its data source; the import rewrites the
    standard's fields only when they differ and never touches the moderation's
    (an imported place is published; curators unpublish and publish it again through
    ``scoran.lib.moderation``, the table in ``directory/places/moderation.py``).
    """

    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name="source"
    )
    external_id = models.CharField("identifiant dans la source", max_length=255)
    pivot = models.CharField(
        "SIRET ou RNA",
        max_length=14,
        validators=[RegexValidator(PIVOT, "Un SIRET ou un RNA : 9 à 14 lettres ou chiffres.")],
    )
    name = models.CharField("nom", max_length=255)
    slug = models.SlugField("adresse de la page", max_length=255)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune"
    )
    address = models.CharField("adresse", max_length=255)
    address_complement = models.CharField("complément d'adresse", max_length=255, blank=True)
    postcode = models.CharField(
        "code postal",
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", "Cinq chiffres, par exemple 21000.")],
    )
    latitude = models.FloatField("latitude", null=True, blank=True)
    longitude = models.FloatField("longitude", null=True, blank=True)
    typologies = ArrayField(
        models.CharField(max_length=50), verbose_name="typologies", default=list, blank=True
    )
    phone = models.CharField(
        "téléphone",
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(PHONE, "Format international sans espace, par exemple +33380000000.")
        ],
    )
    emails = ArrayField(models.EmailField(), verbose_name="courriels", default=list, blank=True)
    websites = ArrayField(
        WebAddressField(max_length=500), verbose_name="sites web", default=list, blank=True
    )
    opening_hours = models.TextField(
        "horaires (format OpenStreetMap)",
        blank=True,
        help_text="Par exemple : Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
    )
    summary = models.CharField("présentation résumée", max_length=280, blank=True)
    description = models.TextField("présentation détaillée", blank=True)
    collected_by = models.CharField("structure collectant la donnée", max_length=255, blank=True)
    parent_structure = models.CharField("structure parente", max_length=255, blank=True)
    updated_on = models.DateField("mis à jour le")
    mobility = closed_list("itinerance", "itinérance")
    services = closed_list("services", "services")
    publics = closed_list("publics_specifiquement_adresses", "publics spécifiquement adressés")
    specific_support = closed_list("prise_en_charge_specifique", "prise en charge spécifique")
    costs = closed_list("frais_a_charge", "frais à charge")
    national_programmes = closed_list(
        "dispositif_programmes_nationaux", "dispositifs et programmes nationaux"
    )
    labels = closed_list("formations_labels", "formations et labels")
    other_labels = models.TextField("autres formations et labels", blank=True)
    access_modes = closed_list("modalites_acces", "modalités d'accès")
    support_modes = closed_list("modalites_accompagnement", "modalités d'accompagnement")
    accessibility_url = WebAddressField("fiche Acceslibre", max_length=500, blank=True)
    appointment_url = WebAddressField("prise de rendez-vous", max_length=500, blank=True)
    state = models.CharField(
        "état",
        max_length=20,
        choices=[(State.DRAFT, "Non publié"), (State.PUBLISHED, "Publié")],
        default=State.PUBLISHED,
        db_default=State.PUBLISHED,  # the import inserts rows without it
        help_text="Un lieu non publié n'apparaît plus sur le site ni dans les indicateurs.",
    )
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dernier import qui l'a modifié",
    )

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu de médiation numérique"
        verbose_name_plural = "lieux de médiation numérique"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="place_source_key"),
            models.CheckConstraint(condition=Q(pivot__regex=PIVOT), name="place_pivot_format"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]
        indexes = [
            GinIndex(fields=["services"], name="place_services_gin"),
            GinIndex(fields=["publics"], name="place_publics_gin"),
            GinIndex(fields=["costs"], name="place_costs_gin"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:detail", kwargs={"pk": self.pk, "slug": self.slug})

    def point(self) -> tuple[float, float, bool] | None:
        """(latitude, longitude, exact): its own position, else its commune's point
        (not exact); None if neither is known. Needs the commune loaded."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude, True
        if self.commune.latitude is not None and self.commune.longitude is not None:
            return self.commune.latitude, self.commune.longitude, False
        return None


class PlaceEvent(HistoryEntry):
    """A curator's decision on a place's publication."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "Publié"
        UNPUBLISHED = "unpublished", "Dépublié"

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="events", verbose_name="lieu"
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "décision de publication d'un lieu"
        verbose_name_plural = "historique de publication des lieux"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["place", "-at"], name="placeevent_place_at")]

    def __str__(self) -> str:
        return f"{self.place} – {self.get_action_display()}"


class PlaceIndicatorQuerySet(models.QuerySet):
    def for_table(self):
        """The region first, then its departments by code."""
        return self.order_by("-level", "code")


class PlaceIndicator(models.Model):
    """Section 8 figures of one territory, computed after each change of the places
    (``directory/places/indicators.py``): pages read them, never compute them."""

    class Level(models.TextChoices):
        REGION = "region", "Région"
        DEPARTMENT = "department", "Département"

    level = models.CharField("échelon", max_length=20, choices=Level.choices)
    code = models.CharField("code", max_length=3)
    name = models.CharField("nom", max_length=100)
    places = models.PositiveIntegerField("lieux publiés")
    population = models.PositiveBigIntegerField("population municipale")
    places_per_10k = models.FloatField("lieux pour 10 000 habitants", null=True)
    mean_distance_km = models.FloatField(
        "distance moyenne au lieu le plus proche (km)",
        null=True,
        help_text="Moyenne pondérée par la population, depuis le point représentatif de "
        "chaque commune, à vol d'oiseau.",
    )
    communes_measured = models.PositiveIntegerField("communes prises en compte")
    communes = models.PositiveIntegerField("communes")
    data_date = models.DateField("données à jour au", null=True)
    run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="dernier import pris en compte",
    )
    computed_at = models.DateTimeField("calculé le", auto_now=True)

    objects = PlaceIndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur des lieux"
        verbose_name_plural = "indicateurs des lieux"
        ordering = ["-level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="placeindicator_key"),
            models.CheckConstraint(
                condition=Q(places_per_10k__isnull=True) | Q(places_per_10k__gte=0),
                name="placeindicator_rate_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.name}"
