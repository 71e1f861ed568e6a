from django.urls import path

from scoran.lib.feeds import feed_view

from . import views

app_name = "places"

urlpatterns = [
    path("", views.place_list, name="list"),
    path("flux/", feed_view("lieux"), name="feed"),
    path("lieux.geojson", views.places_geojson, name="geojson"),
    path("<int:pk>-<slug:slug>/", views.place_detail, name="detail"),
    # The short address (by id) redirects to the full one.
    path("<int:pk>/", views.place_detail, {"slug": ""}, name="short"),
]
