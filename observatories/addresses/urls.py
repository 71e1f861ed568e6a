from django.urls import path

from ..referential import converters  # noqa: F401  (registers <building:…>)
from . import views

urlpatterns = [
    path("adresse/", views.address_search, name="address"),
    path("adresse/suggestions.json", views.address_suggestions, name="address_suggestions"),
    path("adresse/<building:imb_id>/", views.building_page, name="building"),
]
