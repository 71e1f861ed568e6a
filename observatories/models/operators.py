"""Wholesale offers (SCORAN 9.6: « offres de gros présentes sur le territoire régional
(renvoi vers le site internet du FAI présent sur le RIP) »): the networks of the
region, public initiative networks (RIP) first, each in one FttH zone and covering
departments, EPCIs and communes of the referential, with the operators present on
it and a link to each one's wholesale offer.

Curated by hand in the admin (no import: operators publish their offers as web
pages, not as files); ``scoran.lib.freshness`` says when each was last confirmed.
A network covers a commune when the commune, its EPCI or its department is in its
territory (``NetworkQuerySet.covering``).
"""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse

from scoran.lib.fields import ChoiceArrayField, WebAddressField, web_address_constraint
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.lists import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS

from .ftth import Zone
from .territories import EPCI, Commune, Department

# Public initiative first: the page is first of all about them.
ZONE_ORDER = [Zone.RIP, Zone.AMEL, Zone.AMII, Zone.ZTD]


class Role(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", "Opérateur d'infrastructure (délégataire)"
    WHOLESALE = "gros", "Opérateur de gros"
    RETAIL = "fai", "Fournisseur d'accès (FAI)"


class Market(models.TextChoices):
    FTTH_PASSIVE = "ftth-passif", "FttH : accès aux lignes (passif)"
    FTTH_ACTIVE = "ftth-active", "FttH : offre activée"
    FTTE = "ftte", "FttE : entreprises"
    FTTO = "ftto", "FttO : fibre dédiée"
    BACKHAUL = "collecte", "Collecte et raccordement de sites"
    DARK_FIBRE = "fibre-noire", "Fibre noire"
    RADIO = "radio", "Très haut débit radio"
    COLOCATION = "hebergement", "Hébergement d'équipements"


class Contract(models.TextChoices):
    CONCESSION = "concession", "Délégation de service public (concession)"
    LEASE = "affermage", "Délégation de service public (affermage)"
    PUBLIC_WORKS = "marche", "Marché public"
    DIRECT = "regie", "Régie"
    PRIVATE = "prive", "Initiative privée"


def _territory(relation: str, **conditions) -> Exists:
    """A row of the network's ``relation`` (departments, EPCIs, communes) matching."""
    through = getattr(Network, relation).through
    return Exists(through.objects.filter(network=OuterRef("pk"), **conditions))


def _offers_of(**conditions) -> Exists:
    return Exists(WholesaleOffer.objects.filter(network=OuterRef("pk"), **conditions))


class NetworkQuerySet(CuratedQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def covering_department(self, code: str):
        """Networks with the department, or one of its EPCIs or communes, in their
        territory."""
        return self.filter(
            _territory("departments", department=code)
            | _territory("communes", commune__department=code)
            | _territory("epcis", epci__communes__department=code)
        )

    def covering(self, commune: Commune):
        """Networks whose territory holds the commune, its EPCI or its department."""
        condition = _territory("departments", department=commune.department_id) | _territory(
            "communes", commune=commune.code
        )
        if commune.epci_id:
            condition |= _territory("epcis", epci=commune.epci_id)
        return self.filter(condition)

    def with_market(self, market: str):
        return self.filter(_offers_of(markets__contains=[market], is_published=True))

    def search(self, text: str):
        """Every word in the name, the public owner or the name of an operator (the
        text bounded as every list's text box is)."""
        rows = self
        for word in text[:SEARCH_MAX_LENGTH].split()[:SEARCH_MAX_WORDS]:
            rows = rows.filter(
                Q(name__icontains=word)
                | Q(authority__icontains=word)
                | _offers_of(operator__icontains=word, is_published=True)
            )
        return rows

    def in_zone_order(self):
        """Public initiative networks first, then by name."""
        rank = Case(
            *(When(zone=zone, then=Value(index)) for index, zone in enumerate(ZONE_ORDER)),
            default=Value(len(ZONE_ORDER)),
        )
        return self.alias(zone_rank=rank).order_by("zone_rank", "name", "pk")

    def for_list(self):
        """Networks of the list with their departments, EPCIs, communes (code and name
        only) and published offers: 5 queries, whatever their number."""
        return self.prefetch_related(
            models.Prefetch("departments", queryset=Department.objects.only("code", "name")),
            models.Prefetch("epcis", queryset=EPCI.objects.only("siren", "name")),
            models.Prefetch("communes", queryset=Commune.objects.only("code", "name")),
            models.Prefetch("offers", queryset=WholesaleOffer.objects.published().in_role_order()),
        )


class Network(Curated):
    """A network on which operators sell wholesale offers: a public initiative network
    (RIP) or a private initiative zone, in one FttH zone."""

    Zone = Zone
    Contract = Contract

    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant dans l'adresse", max_length=120, unique=True)
    zone = models.CharField("zone", max_length=4, choices=Zone.choices, default=Zone.RIP)
    authority = models.CharField(
        "maître d'ouvrage",
        max_length=200,
        blank=True,
        help_text="La collectivité ou le syndicat qui porte le réseau (vide pour un réseau privé).",
    )
    contract = models.CharField("montage", max_length=20, choices=Contract.choices, blank=True)
    description = models.TextField("description", blank=True, help_text="Markdown.")
    website = WebAddressField("site internet du réseau", max_length=500, blank=True)
    departments = models.ManyToManyField(
        Department, blank=True, related_name="networks", verbose_name="départements entiers"
    )
    epcis = models.ManyToManyField(
        EPCI, blank=True, related_name="networks", verbose_name="intercommunalités entières"
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="networks", verbose_name="communes"
    )
    territory_note = models.CharField(
        "précision sur le territoire",
        max_length=300,
        blank=True,
        help_text="Par exemple « 357 communes ciblées » quand la liste n'est pas saisie.",
    )
    is_published = models.BooleanField(
        "publié", default=True, help_text="Décochez pour retirer le réseau des pages publiques."
    )
    is_demo = models.BooleanField("démonstration", default=False, editable=False)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = "réseau (offres de gros)"
        verbose_name_plural = "réseaux (offres de gros)"
        ordering = ["name", "pk"]
        constraints = [web_address_constraint("website", name="network_website_web_address")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("observatories:network", kwargs={"slug": self.slug})


class WholesaleOfferQuerySet(CuratedQuerySet):
    def published(self):
        """Offers shown to the public: published, on a published network."""
        return self.filter(is_published=True, network__is_published=True)

    def in_role_order(self):
        """The network's own operator first, then wholesale operators, then ISPs."""
        rank = Case(
            *(When(role=role, then=Value(index)) for index, role in enumerate(Role.values)),
            default=Value(len(Role.values)),
        )
        return self.alias(role_rank=rank).order_by("network", "role_rank", "operator", "pk")


class WholesaleOffer(Curated):
    """An operator present on a network, and the link to its wholesale offer there."""

    Role = Role
    Market = Market

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="offers", verbose_name="réseau"
    )
    operator = models.CharField("opérateur", max_length=150)
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.RETAIL)
    markets = ChoiceArrayField(
        models.CharField(max_length=20, choices=Market.choices),
        verbose_name="marchés",
        default=list,
        blank=True,
    )
    url = WebAddressField(
        "lien vers l'offre de gros",
        max_length=500,
        help_text="La page de l'opérateur qui présente son offre de gros sur ce réseau.",
    )
    note = models.CharField("précision", max_length=300, blank=True)
    is_published = models.BooleanField("publiée", default=True)
    is_demo = models.BooleanField("démonstration", default=False, editable=False)

    objects = WholesaleOfferQuerySet.as_manager()

    class Meta:
        verbose_name = "offre de gros"
        verbose_name_plural = "offres de gros"
        ordering = ["network", "role", "operator", "pk"]
        constraints = [
            web_address_constraint("url", name="wholesaleoffer_url_web_address"),
            models.UniqueConstraint(
                fields=["network", "operator", "url"], name="wholesaleoffer_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator} – {self.network}"

    def get_absolute_url(self) -> str:
        return self.network.get_absolute_url()

    @property
    def market_labels(self) -> list[str]:
        labels = dict(Market.choices)
        return [labels.get(market, market) for market in self.markets]
