"""A signed-in person's subscriptions, under ``/compte/abonnements/``."""

from django.urls import path

from . import views

app_name = "subscriptions_account"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<str:key>/frequence/", views.change_frequency, name="frequency"),
]
