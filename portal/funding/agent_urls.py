"""The agents' pages of the aides, under /aides/ (before the public pages, whose
slugs never take these words: see ``services.RESERVED_SLUGS``)."""

from django.urls import path

from . import agent_views as views

app_name = "funding_agents"

urlpatterns = [
    path("mes-aides/", views.my_fundings, name="list"),
    path("nouvelle/", views.create, name="create"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/soumettre/", views.submit, name="submit"),
]
