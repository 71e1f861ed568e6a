from django.urls import path

from . import views

urlpatterns = [
    path("carte/", views.ftth_map, name="map"),
    path("carte/communes.geojson", views.ftth_map_geojson, name="map_geojson"),
]
