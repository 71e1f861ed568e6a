"""What the API shows of each kind: French keys, each item's page on the site
(``url``), and only what the kind's ``for_list()`` / ``for_page()`` preloads (no
query per row)."""

from urllib.parse import urljoin

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.models import Organisation, Place, Project
from portal.models import Event, Funding, Resource, WatchItem
from strategy.models import Indicator, IndicatorValue


def absolute(path: str) -> str:
    """An address on the site, or kept as is when it is already absolute (a watch
    item's page is its source's)."""
    return urljoin(settings.SITE_URL, path)


@extend_schema_field(OpenApiTypes.URI)
class PageUrl(serializers.Field):
    """The item's page on the site."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return absolute(value.get_absolute_url())


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class Numbers(serializers.Field):
    """The numbers of the prefetched orientations."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> list[int]:
        return [orientation.number for orientation in value.all()]


class CommuneRef(serializers.Serializer):
    code = serializers.CharField()
    nom = serializers.CharField(source="name")


class OrganisationRef(serializers.Serializer):
    slug = serializers.CharField()
    nom = serializers.CharField(source="name")


class ProjectSerializer(serializers.ModelSerializer):
    titre = serializers.CharField(source="title")
    resume = serializers.CharField(source="summary")
    structure = OrganisationRef(source="organisation")
    orientations = Numbers()
    departements = serializers.ListField(child=serializers.CharField(), source="department_codes")
    avancement = serializers.CharField(source="status")
    debut = serializers.DateField(source="start_date", allow_null=True)
    fin = serializers.DateField(source="end_date", allow_null=True)
    publie_le = serializers.DateTimeField(source="published_at", allow_null=True)
    mis_a_jour = serializers.DateTimeField(source="updated_at")
    url = PageUrl()

    class Meta:
        model = Project
        fields = [
            "slug", "titre", "resume", "structure", "orientations", "departements",
            "avancement", "debut", "fin", "publie_le", "mis_a_jour", "url",
        ]  # fmt: skip


class ProjectDetailSerializer(ProjectSerializer):
    description = serializers.CharField()
    resultats = serializers.CharField(source="results")
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    site = serializers.CharField(source="website")
    communes = CommuneRef(many=True)

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "description", "resultats", "budget", "site", "communes",
        ]  # fmt: skip


class OrganisationSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name")
    nature = serializers.CharField(source="kind")
    commune = CommuneRef(allow_null=True)
    site = serializers.CharField(source="website")
    publie_le = serializers.DateTimeField(source="published_at", allow_null=True)
    mis_a_jour = serializers.DateTimeField(source="updated_at")
    url = PageUrl()

    class Meta:
        model = Organisation
        fields = [
            "slug", "nom", "nature", "siren", "siret", "commune", "site", "description",
            "publie_le", "mis_a_jour", "url",
        ]  # fmt: skip


class PlaceSerializer(serializers.ModelSerializer):
    identifiant = serializers.IntegerField(source="pk")
    nom = serializers.CharField(source="name")
    adresse = serializers.CharField(source="address")
    code_postal = serializers.CharField(source="postcode")
    commune = CommuneRef()
    services = serializers.ListField(child=serializers.CharField())
    publics = serializers.ListField(child=serializers.CharField())
    frais = serializers.ListField(child=serializers.CharField(), source="costs")
    horaires = serializers.CharField(source="opening_hours")
    mis_a_jour = serializers.DateField(source="updated_on", allow_null=True)
    url = PageUrl()

    class Meta:
        model = Place
        fields = [
            "identifiant", "nom", "adresse", "code_postal", "commune", "latitude",
            "longitude", "services", "publics", "frais", "horaires", "mis_a_jour", "url",
        ]  # fmt: skip


class ResourceSerializer(serializers.ModelSerializer):
    titre = serializers.CharField(source="title")
    resume = serializers.CharField(source="summary")
    type = serializers.CharField(source="kind")
    structure = OrganisationRef(source="organisation", allow_null=True)
    orientations = Numbers()
    publics = serializers.ListField(child=serializers.CharField(), source="audiences")
    publie_le = serializers.DateTimeField(source="published_at", allow_null=True)
    mis_a_jour = serializers.DateTimeField(source="updated_at")
    url = PageUrl()

    class Meta:
        model = Resource
        fields = [
            "slug", "titre", "resume", "type", "licence", "date", "structure",
            "orientations", "publics", "publie_le", "mis_a_jour", "url",
        ]  # fmt: skip


class FundingSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name")
    resume = serializers.CharField(source="summary")
    financeurs = OrganisationRef(source="funders", many=True)
    natures = serializers.ListField(child=serializers.CharField(), source="kinds")
    beneficiaires = serializers.ListField(child=serializers.CharField(), source="beneficiaries")
    national = serializers.BooleanField(source="is_national")
    candidature = serializers.CharField(source="application_url")
    publie_le = serializers.DateTimeField(source="published_at", allow_null=True)
    mis_a_jour = serializers.DateTimeField(source="updated_at")
    url = PageUrl()

    class Meta:
        model = Funding
        fields = [
            "slug", "nom", "resume", "financeurs", "natures", "beneficiaires", "national",
            "candidature", "publie_le", "mis_a_jour", "url",
        ]  # fmt: skip


class EventSerializer(serializers.ModelSerializer):
    titre = serializers.CharField(source="title")
    type = serializers.CharField(source="kind")
    statut = serializers.CharField(source="status")
    debut = serializers.DateTimeField(source="start")
    fin = serializers.DateTimeField(source="end")
    journee = serializers.BooleanField(source="all_day")
    adresse = serializers.CharField(source="address")
    commune = CommuneRef(allow_null=True)
    en_ligne = serializers.CharField(source="online_url")
    structure = OrganisationRef(source="organisation", allow_null=True)
    inscription = serializers.CharField(source="registration_url")
    mis_a_jour = serializers.DateTimeField(source="updated_at")
    url = PageUrl()

    class Meta:
        model = Event
        fields = [
            "slug", "titre", "type", "statut", "debut", "fin", "journee", "adresse",
            "commune", "en_ligne", "structure", "inscription", "mis_a_jour", "url",
        ]  # fmt: skip


class EventDetailSerializer(EventSerializer):
    orientations = Numbers()

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "description", "orientations"]


class WatchItemSerializer(serializers.ModelSerializer):
    identifiant = serializers.IntegerField(source="pk")
    titre = serializers.CharField(source="title")
    resume = serializers.CharField(source="summary_text")
    lien = serializers.CharField(source="link")
    source = serializers.CharField(source="source_name")
    date = serializers.DateTimeField(source="published_on", allow_null=True)
    orientations = Numbers()
    mis_a_jour = serializers.DateTimeField(source="updated_at")
    url = PageUrl()

    class Meta:
        model = WatchItem
        fields = [
            "identifiant", "titre", "resume", "lien", "source", "date", "orientations",
            "mis_a_jour", "url",
        ]  # fmt: skip


class IndicatorValueSerializer(serializers.ModelSerializer):
    serie = serializers.CharField(source="series")
    niveau = serializers.CharField(source="level")
    territoire = serializers.CharField(source="label")
    annee = serializers.IntegerField(source="year", allow_null=True)
    valeur = serializers.FloatField(source="value", allow_null=True)
    unite = serializers.CharField(source="unit")
    lien_source = serializers.CharField(source="source_url")
    mis_a_jour = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = IndicatorValue
        fields = [
            "serie", "niveau", "code", "territoire", "annee", "edition", "valeur", "unite",
            "source", "lien_source", "mis_a_jour",
        ]  # fmt: skip


class IndicatorSerializer(serializers.ModelSerializer):
    identifiant = serializers.IntegerField(source="pk")
    numero = serializers.IntegerField(source="position")
    nom = serializers.CharField(source="name")
    objectif = serializers.CharField(source="objective")
    cle = serializers.CharField(source="key")
    annee_cible = serializers.IntegerField(source="target_year", allow_null=True)
    part_cible = serializers.FloatField(source="target_share", allow_null=True)
    url = PageUrl()

    class Meta:
        model = Indicator
        fields = [
            "identifiant", "numero", "cle", "nom", "objectif", "annee_cible", "part_cible", "url",
        ]  # fmt: skip


class IndicatorDetailSerializer(IndicatorSerializer):
    valeurs = IndicatorValueSerializer(source="values", many=True)

    class Meta(IndicatorSerializer.Meta):
        fields = [*IndicatorSerializer.Meta.fields, "valeurs"]
