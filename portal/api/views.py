"""The endpoints of ``/api/v1/``: each reads its kind's public queryset and the
list page's own filter set (``filters.py`` of each feature), so that the API shows
exactly what the pages show."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from directory.models import Organisation, Place, Project
from directory.organisations.filters import OrganisationFilter
from directory.places import standard
from directory.places.filters import PlaceFilter
from directory.projects.filters import ProjectFilter
from observatories.models import EPCI, Commune, Department, Region
from portal.agenda.filters import EventFilter
from portal.funding.filters import FundingFilter
from portal.models import Event, Funding, Resource, WatchItem
from portal.resources.filters import ResourceFilter
from portal.watch.filters import WatchFilter
from scoran.lib.exports import EXPORTS, csv_bytes
from strategy.models import Indicator, IndicatorValue

from . import serializers as s
from .base import DetailEndpoint, ListEndpoint
from .territories import TerritorySerializer, territory_data

EXPORT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["csv", "xlsx"],
    description="Toutes les lignes filtrées en CSV ou XLSX, au lieu d'une page en JSON.",
)


def _list_schema(serializer, tag: str):
    return extend_schema(
        tags=[tag],
        parameters=[EXPORT_PARAMETER],
        responses={
            (200, "application/json"): serializer(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiTypes.BINARY
            ),
        },
    )


def _detail_schema(serializer, tag: str):
    return extend_schema(tags=[tag], responses={200: serializer})


# --- Directory ------------------------------------------------------------------------


@_list_schema(s.ProjectSerializer, "projets")
class ProjectList(ListEndpoint):
    """Les projets publiés, filtrés comme la page « Projets »."""

    queryset = Project.objects.published().for_list()
    serializer_class = s.ProjectSerializer
    filterset_class = ProjectFilter
    export_name = "projets-scoran-bfc"


@_detail_schema(s.ProjectDetailSerializer, "projets")
class ProjectDetail(DetailEndpoint):
    """Un projet publié, par son identifiant (slug)."""

    queryset = Project.objects.published().for_page()
    serializer_class = s.ProjectDetailSerializer
    lookup_field = "slug"


@_list_schema(s.OrganisationSerializer, "structures")
class OrganisationList(ListEndpoint):
    """Les structures publiées de l'annuaire."""

    queryset = Organisation.objects.published().for_list()
    serializer_class = s.OrganisationSerializer
    filterset_class = OrganisationFilter
    export_name = "structures-scoran-bfc"


@_detail_schema(s.OrganisationSerializer, "structures")
class OrganisationDetail(DetailEndpoint):
    """Une structure publiée, par son identifiant (slug)."""

    queryset = Organisation.objects.published().for_list()
    serializer_class = s.OrganisationSerializer
    lookup_field = "slug"


@_list_schema(s.PlaceSerializer, "lieux")
class PlaceList(ListEndpoint):
    """Les lieux de médiation numérique publiés."""

    queryset = Place.objects.published().for_list()
    serializer_class = s.PlaceSerializer
    filterset_class = PlaceFilter
    export_name = "lieux-scoran-bfc"
    modified_field = ""


@extend_schema(
    tags=["lieux"],
    responses={(200, "text/csv"): OpenApiTypes.STR},
)
class PlaceStandardList(PlaceList):
    """Les lieux publiés, filtrés comme la liste, au format CSV du standard national
    des lieux de médiation numérique (schéma 1.0.2)."""

    pagination_class = None

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        body = csv_bytes(standard.columns(), (standard.row(place) for place in rows))
        response = HttpResponse(body, content_type=EXPORTS["csv"])
        response["Content-Disposition"] = 'attachment; filename="lieux-mediation-numerique.csv"'
        return response


@_detail_schema(s.PlaceSerializer, "lieux")
class PlaceDetail(DetailEndpoint):
    """Un lieu publié, par son numéro."""

    queryset = Place.objects.published().for_list()
    serializer_class = s.PlaceSerializer
    modified_field = ""


# --- Portal ---------------------------------------------------------------------------


@_list_schema(s.ResourceSerializer, "ressources")
class ResourceList(ListEndpoint):
    """Les ressources publiques de la bibliothèque (jamais celles réservées aux
    membres d'un groupe de travail)."""

    queryset = Resource.objects.public().for_list()
    serializer_class = s.ResourceSerializer
    filterset_class = ResourceFilter
    export_name = "ressources-scoran-bfc"


@_detail_schema(s.ResourceSerializer, "ressources")
class ResourceDetail(DetailEndpoint):
    """Une ressource publique, par son identifiant (slug)."""

    queryset = Resource.objects.public().for_list()
    serializer_class = s.ResourceSerializer
    lookup_field = "slug"


@_list_schema(s.FundingSerializer, "aides")
class FundingList(ListEndpoint):
    """Les aides publiées du guide des financements."""

    queryset = Funding.objects.published().for_list()
    serializer_class = s.FundingSerializer
    filterset_class = FundingFilter
    export_name = "aides-scoran-bfc"


@_detail_schema(s.FundingSerializer, "aides")
class FundingDetail(DetailEndpoint):
    """Une aide publiée, par son identifiant (slug)."""

    queryset = Funding.objects.published().for_list()
    serializer_class = s.FundingSerializer
    lookup_field = "slug"


@_list_schema(s.EventSerializer, "agenda")
class EventList(ListEndpoint):
    """Les événements publics de l'agenda, passés et à venir, par date de début."""

    queryset = Event.objects.public().for_list()
    serializer_class = s.EventSerializer
    filterset_class = EventFilter
    export_name = "agenda-scoran-bfc"


@_detail_schema(s.EventDetailSerializer, "agenda")
class EventDetail(DetailEndpoint):
    """Un événement public, par son identifiant (slug)."""

    queryset = Event.objects.public().for_page()
    serializer_class = s.EventDetailSerializer
    lookup_field = "slug"


@_list_schema(s.WatchItemSerializer, "veille")
class WatchList(ListEndpoint):
    """Les articles publiés de la veille, les plus récents d'abord."""

    queryset = WatchItem.objects.published().latest_first().for_list()
    serializer_class = s.WatchItemSerializer
    filterset_class = WatchFilter
    export_name = "veille-scoran-bfc"


@_detail_schema(s.WatchItemSerializer, "veille")
class WatchDetail(DetailEndpoint):
    """Un article publié de la veille, par son numéro."""

    queryset = WatchItem.objects.published().for_list()
    serializer_class = s.WatchItemSerializer


# --- Strategy -------------------------------------------------------------------------


@_list_schema(s.IndicatorSerializer, "indicateurs")
class IndicatorList(ListEndpoint):
    """Les indicateurs de la stratégie (section 8)."""

    queryset = Indicator.objects.all()
    serializer_class = s.IndicatorSerializer
    export_name = "indicateurs-scoran-bfc"
    modified_field = ""


@_detail_schema(s.IndicatorDetailSerializer, "indicateurs")
class IndicatorDetail(DetailEndpoint):
    """Un indicateur et toutes ses valeurs, par territoire et édition."""

    queryset = Indicator.objects.prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.for_figures())
    )
    serializer_class = s.IndicatorDetailSerializer
    modified_field = ""


# --- Territories ----------------------------------------------------------------------


class TerritoryDetail(DetailEndpoint):
    serializer_class = TerritorySerializer
    modified_field = ""

    def territory(self):
        raise NotImplementedError

    def retrieve(self, request, *args, **kwargs):
        territory, url = self.territory()
        return Response(TerritorySerializer(territory_data(territory, url)).data)


@extend_schema(tags=["territoires"], responses={200: TerritorySerializer})
class CommuneDetail(TerritoryDetail):
    """Une commune par son code INSEE : ses chiffres (éligibilité, fibre) et les
    indicateurs de son département et de la région."""

    def territory(self):
        commune = get_object_or_404(
            Commune.objects.select_related("department__region", "epci"), code=self.kwargs["code"]
        )
        return commune, reverse("territories:commune", args=[commune.code])


@extend_schema(tags=["territoires"], responses={200: TerritorySerializer})
class EpciDetail(TerritoryDetail):
    """Un EPCI par son SIREN."""

    def territory(self):
        epci = get_object_or_404(EPCI, siren=self.kwargs["siren"])
        return epci, reverse("territories:epci", args=[epci.siren])


@extend_schema(tags=["territoires"], responses={200: TerritorySerializer})
class DepartmentDetail(TerritoryDetail):
    """Un département par son code."""

    def territory(self):
        department = get_object_or_404(Department, code=self.kwargs["code"])
        return department, reverse("territories:department", args=[department.code])


@extend_schema(tags=["territoires"], responses={200: TerritorySerializer})
class RegionDetail(TerritoryDetail):
    """La région."""

    def territory(self):
        region = get_object_or_404(Region, code=settings.REGION_CODE)
        return region, reverse("territories:region")


@require_GET
def docs(request):
    """The API's documentation page: Swagger UI from our static files."""
    return render(
        request,
        "portal/api/docs.html",
        {"breadcrumbs": [("API publique", None)]},
    )
