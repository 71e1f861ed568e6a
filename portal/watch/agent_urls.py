"""The agents' pages of the watch, under /veille/ (beside the public list: an item
is addressed by its number, never by a word)."""

from django.urls import path

from . import agent_views as views

app_name = "watch_agents"

urlpatterns = [
    path("mes-propositions/", views.my_items, name="list"),
    path("proposer/", views.create, name="create"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/soumettre/", views.submit, name="submit"),
]
