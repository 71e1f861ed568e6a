from django.urls import path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

from . import views

app_name = "api"

urlpatterns = [
    # The API's root leads to its documentation (which links the description).
    path("", RedirectView.as_view(pattern_name="api:docs"), name="root"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("projets/", views.ProjectList.as_view(), name="projects"),
    path("projets/<slug:slug>/", views.ProjectDetail.as_view(), name="project"),
    path("structures/", views.OrganisationList.as_view(), name="organisations"),
    path("structures/<slug:slug>/", views.OrganisationDetail.as_view(), name="organisation"),
    path("lieux/", views.PlaceList.as_view(), name="places"),
    path("lieux/standard.csv", views.PlaceStandardList.as_view(), name="places_standard"),
    path("lieux/<int:pk>/", views.PlaceDetail.as_view(), name="place"),
    path("ressources/", views.ResourceList.as_view(), name="resources"),
    path("ressources/<slug:slug>/", views.ResourceDetail.as_view(), name="resource"),
    path("aides/", views.FundingList.as_view(), name="fundings"),
    path("aides/<slug:slug>/", views.FundingDetail.as_view(), name="funding"),
    path("evenements/", views.EventList.as_view(), name="events"),
    path("evenements/<slug:slug>/", views.EventDetail.as_view(), name="event"),
    path("veille/", views.WatchList.as_view(), name="watch_items"),
    path("veille/<int:pk>/", views.WatchDetail.as_view(), name="watch_item"),
    path("indicateurs/", views.IndicatorList.as_view(), name="indicators"),
    path("indicateurs/<int:pk>/", views.IndicatorDetail.as_view(), name="indicator"),
    path("territoires/communes/<str:code>/", views.CommuneDetail.as_view(), name="commune"),
    path("territoires/epci/<str:siren>/", views.EpciDetail.as_view(), name="epci"),
    path(
        "territoires/departements/<str:code>/",
        views.DepartmentDetail.as_view(),
        name="department",
    ),
    path("territoires/region/", views.RegionDetail.as_view(), name="region"),
]
