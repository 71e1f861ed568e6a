"""The agents' pages of the agenda, under /agenda/ (before the public pages, whose
slugs never take these words: see ``Event.RESERVED_SLUGS``)."""

from django.urls import path

from . import agent_views as views

app_name = "agenda_agents"

urlpatterns = [
    path("mes-evenements/", views.my_events, name="list"),
    path("nouveau/", views.create, name="create"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/soumettre/", views.submit, name="submit"),
]
