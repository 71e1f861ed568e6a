from django.urls import path

from . import territory_views, views

app_name = "observatories"

urlpatterns = [
    path("", views.home, name="home"),
    path("communes/", territory_views.commune_table, name="commune_table"),
    path("carte/", territory_views.ftth_map, name="map"),
    path("carte/communes.geojson", territory_views.ftth_map_geojson, name="map_geojson"),
    path("communes/<str:code>/", territory_views.commune_page, name="commune"),
    path("epci/<str:siren>/", territory_views.epci_page, name="epci"),
    path("departements/<str:code>/", territory_views.department_page, name="department"),
    path("adresse/", views.address_search, name="address"),
    path("adresse/suggestions.json", views.address_suggestions, name="address_suggestions"),
    path("adresse/<path:imb_id>/", views.building_page, name="building"),
    path("imports/<int:pk>/", views.import_run, name="import_run"),
    path("imports/<int:pk>/rejets.csv", views.import_rejects, name="import_rejects"),
    path("depots/<int:pk>/etat.json", views.upload_progress, name="upload_progress"),
]
