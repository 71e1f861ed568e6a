from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("projets.geojson", views.projects_geojson, name="geojson"),
    path("flux/", views.project_feed, name="feed"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/images/<int:pk>/", views.project_image, name="image"),
    path("<slug:slug>/documents/<int:pk>/", views.project_document, name="document"),
]
