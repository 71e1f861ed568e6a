"""The agents' pages of the resources, under /ressources/ (before the public pages,
whose slugs never take these words: see ``Resource.RESERVED_SLUGS``)."""

from django.urls import path

from . import agent_views as views

app_name = "resource_agents"

urlpatterns = [
    path("mes-ressources/", views.my_resources, name="mine"),
    path("nouvelle/", views.create, name="create"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/nouvelle-version/", views.new_version, name="new_version"),
    path("<slug:slug>/soumettre/", views.submit, name="submit"),
]
