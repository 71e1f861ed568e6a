from django.urls import path

from . import views

app_name = "hosting"

urlpatterns = [
    path("", views.hosting_list, name="list"),
    path("centres.geojson", views.hosting_geojson, name="geojson"),
    path("<slug:slug>/", views.hosting_detail, name="detail"),
]
