from django.urls import path

from scoran.lib.feeds import feed_view

from . import downloads, views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("flux/", feed_view("ressources"), name="feed"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/telecharger/", downloads.latest_file, name="latest"),
    path("<slug:slug>/fichiers/<int:pk>/", downloads.version_file, name="file"),
]
