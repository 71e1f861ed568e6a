from django.urls import path

from scoran.lib.feeds import feed_view

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("projets.geojson", views.projects_geojson, name="geojson"),
    path("flux/", feed_view("projets"), name="feed"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/images/<int:pk>/", views.project_image, name="image"),
    path("<slug:slug>/documents/<int:pk>/", views.project_document, name="document"),
]
