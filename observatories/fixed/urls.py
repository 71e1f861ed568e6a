from django.urls import path

from . import views

urlpatterns = [
    path("communes/", views.commune_table, name="commune_table"),
]
