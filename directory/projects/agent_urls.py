"""The agents' pages of the projects, under /projets/ (before the public pages, whose
slugs never take these words: see ``services.RESERVED_SLUGS``)."""

from django.urls import path

from . import agent_views as views

app_name = "project_agents"

urlpatterns = [
    path("mes-projets/", views.my_projects, name="mine"),
    path("nouveau/", views.create, name="create"),
    path("<slug:slug>/modifier/", views.edit, name="edit"),
    path("<slug:slug>/soumettre/", views.submit, name="submit"),
    path("<slug:slug>/confirmer/", views.confirm, name="confirm"),
    path("<slug:slug>/historique/", views.history, name="history"),
    path("<slug:slug>/suivi/", views.follow_up, name="follow_up"),
]
