"""The SCORAN BFC strategy: principles, enjeux, défis, orientations, pistes, indicators.

The content itself is loaded from ``strategy/data/scoran_bfc_2019.toml`` by a data
migration (see ``strategy.loader``) and curated in the admin afterwards.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from .querysets import (
    ActionTrackQuerySet,
    AxisQuerySet,
    IndicatorQuerySet,
    IndicatorValueQuerySet,
    OrientationQuerySet,
)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class Principle(models.Model):
    """A founding principle (éthique, inclusive, responsable)."""

    slug = models.SlugField("identifiant", unique=True)
    name = models.CharField("nom", max_length=100)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    description = models.TextField("description")
    themes = models.TextField("thèmes", blank=True, help_text="Un thème par ligne.")

    class Meta:
        verbose_name = "principe"
        verbose_name_plural = "principes"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def theme_list(self) -> list[str]:
        return _lines(self.themes)


class Axis(models.Model):
    """An enjeu stratégique."""

    number = models.PositiveSmallIntegerField("numéro", unique=True)
    title = models.CharField("intitulé", max_length=255)
    summary = models.TextField("résumé", help_text="Markdown.")
    description = models.TextField("présentation", blank=True, help_text="Markdown.")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = AxisQuerySet.as_manager()

    class Meta:
        verbose_name = "enjeu"
        verbose_name_plural = "enjeux"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Enjeu n°{self.number} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:overview") + f"#enjeu-{self.number}"


class Challenge(models.Model):
    """A défi, under one enjeu."""

    number = models.PositiveSmallIntegerField("numéro", unique=True)
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="challenges", verbose_name="enjeu"
    )
    title = models.CharField("intitulé", max_length=255)
    description = models.TextField("présentation", blank=True, help_text="Markdown.")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "défi"
        verbose_name_plural = "défis"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Défi n°{self.number} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:overview") + f"#defi-{self.number}"


class Orientation(models.Model):
    """One of the 15 orientations, the strategy's key subjects."""

    number = models.PositiveSmallIntegerField("numéro", unique=True)
    challenge = models.ForeignKey(
        Challenge, on_delete=models.PROTECT, related_name="orientations", verbose_name="défi"
    )
    title = models.CharField("intitulé", max_length=255)
    context = models.TextField("contexte", blank=True, help_text="Markdown.")
    key_figures_label = models.CharField(
        "titre des chiffres clés", max_length=100, blank=True, default="Chiffres clés"
    )
    key_figures = models.TextField("chiffres clés", blank=True, help_text="Markdown.")
    consultation_feedback = models.TextField(
        "retours de la concertation", blank=True, help_text="Markdown."
    )
    notes = models.TextField("notes et sources", blank=True, help_text="Markdown.")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = OrientationQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation"
        verbose_name_plural = "orientations"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("strategy:orientation", kwargs={"number": self.number, "slug": self.slug})

    @property
    def slug(self) -> str:
        """Readable part of the address; pages are found by number, so a new title
        changes the address and the old one redirects to it."""
        # "l'arrivée" → "l-arrivee", not "larrivee"
        words = slugify(self.title.replace("'", " ").replace("’", " "))
        if len(words) > SLUG_MAX_LENGTH:
            words = words[:SLUG_MAX_LENGTH].rsplit("-", 1)[0]
        return words


SLUG_MAX_LENGTH = 80


class ActionTrack(models.Model):
    """A piste d'action of an orientation, with its sub-actions."""

    orientation = models.ForeignKey(
        Orientation,
        on_delete=models.CASCADE,
        related_name="action_tracks",
        verbose_name="orientation",
    )
    position = models.PositiveSmallIntegerField("ordre")
    title = models.TextField("intitulé")
    detail = models.TextField("précision", blank=True)
    sub_actions = models.TextField("sous-actions", blank=True, help_text="Une par ligne.")

    objects = ActionTrackQuerySet.as_manager()

    class Meta:
        verbose_name = "piste d'action"
        verbose_name_plural = "pistes d'actions"
        ordering = ["orientation__number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["orientation", "position"], name="action_track_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"

    def get_absolute_url(self) -> str:
        return self.orientation.get_absolute_url() + f"#piste-{self.position}"

    @property
    def code(self) -> str:
        """``4.2``: orientation number, then position; stable enough to cite."""
        return f"{self.orientation.number}.{self.position}"

    @property
    def sub_action_list(self) -> list[str]:
        return _lines(self.sub_actions)


class Indicator(models.Model):
    """A follow-up indicator of section 8: what is measured, with which data, by when."""

    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="indicators", verbose_name="enjeu"
    )
    position = models.PositiveSmallIntegerField("ordre", unique=True)
    objective = models.TextField("objectif")
    name = models.TextField("indicateur")
    data_needed = models.TextField(
        "données nécessaires", blank=True, help_text="Une source de données par ligne."
    )
    target_year = models.PositiveSmallIntegerField("échéance", null=True, blank=True)
    target_share = models.PositiveSmallIntegerField(
        "cible (%)",
        null=True,
        blank=True,
        help_text="Part à atteindre à l'échéance, pour un indicateur exprimé en pourcentage.",
    )
    key = models.SlugField(
        "clé",
        max_length=50,
        blank=True,
        help_text="Nom fixe par lequel les pages qui suivent cet indicateur le retrouvent "
        "(l'observatoire lit ainsi ses cibles) ; ne pas le changer.",
    )
    orientations = models.ManyToManyField(
        Orientation, related_name="indicators", blank=True, verbose_name="orientations suivies"
    )
    measure = models.CharField(
        "calcul",
        max_length=50,
        blank=True,
        help_text="Clé du calcul qui donne les valeurs de l'indicateur à partir des données "
        "(voir strategy/measures.py) ; vide si l'indicateur n'est pas encore calculé.",
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__isnull=True)
                | models.Q(target_year__gte=2019, target_year__lte=2100),
                name="indicator_target_year_plausible",
            ),
            models.CheckConstraint(
                condition=models.Q(target_share__lte=100), name="indicator_target_share_percent"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="indicator_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("strategy:indicators") + f"#indicateur-{self.pk}"

    @property
    def data_needed_list(self) -> list[str]:
        return _lines(self.data_needed)


class TerritoryLevel(models.TextChoices):
    """The territories an indicator's values describe. The strategy imports no other
    app: territories are named by their level and code (the referential's), with the
    name they had when the value was written."""

    REGION = "region", "Région"
    DEPARTMENT = "department", "Département"


# Curators enter values for years the strategy follows (it was adopted in 2019; the
# data behind some indicators starts a little earlier).
FIRST_YEAR = 2015
LAST_YEAR = 2100


class IndicatorValue(models.Model):
    """One figure of an indicator for a territory at one edition of the data behind
    it: written by the refresh of the computed measures after each import
    (``strategy.services.refresh_indicator_values``) or entered by a curator. An
    edition never replaces another one, so the history survives the next import."""

    class Origin(models.TextChoices):
        COMPUTED = "computed", "Calculée à partir des données"
        ENTERED = "entered", "Saisie par un curateur"

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name="indicateur"
    )
    series = models.CharField(
        "série",
        max_length=100,
        blank=True,
        help_text="Pour un indicateur suivi par plusieurs chiffres (≥ 8 et ≥ 30 Mbit/s).",
    )
    level = models.CharField("échelon", max_length=20, choices=TerritoryLevel.choices)
    code = models.CharField("code du territoire", max_length=9)
    label = models.CharField("territoire", max_length=255)
    year = models.PositiveSmallIntegerField("année")
    edition = models.DateField("date des données")
    period = models.CharField(
        "période", max_length=60, help_text="Ce que décrit la valeur : « T4 2025 », « 2024 »."
    )
    value = models.FloatField("valeur")
    unit = models.CharField("unité", max_length=50, blank=True)
    source = models.CharField("source", max_length=255)
    # A page of this site (the import run, the guide) for a computed value; a web
    # address (http or https only) for an entered one.
    source_url = models.CharField("adresse de la source", max_length=500, blank=True)
    origin = models.CharField("origine", max_length=10, choices=Origin.choices)
    demo = models.BooleanField("démonstration", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisie par",
    )
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs des indicateurs"
        ordering = ["indicator__position", "series", "level", "code", "year", "edition"]
        constraints = [
            # One value per edition of the data and the year it describes: a computed
            # value's year is its edition's; one report a curator enters (one date)
            # may give several years.
            models.UniqueConstraint(
                fields=["indicator", "series", "level", "code", "year", "edition"],
                name="indicatorvalue_year_edition_key",
            ),
            # A curator enters one value per territory and year.
            models.UniqueConstraint(
                fields=["indicator", "series", "level", "code", "year"],
                condition=models.Q(origin="entered"),
                name="indicatorvalue_entered_year_key",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="indicatorvalue_year_plausible",
            ),
            # A share a curator enters lies within 0 and 100 (a computed one may exceed
            # 100: Arcep's operators sometimes count more premises than the estimate).
            models.CheckConstraint(
                condition=~models.Q(unit="%", origin="entered")
                | models.Q(value__gte=0, value__lte=100),
                name="indicatorvalue_entered_share_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="indicatorvalue_value_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=TerritoryLevel.values),
                name="indicatorvalue_level_known",
            ),
            models.CheckConstraint(
                condition=models.Q(source_url="")
                | models.Q(source_url__iregex=r"^(https?://|/[^/])"),
                name="indicatorvalue_source_url_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} – {self.label} – {self.period} : {self.value}"
