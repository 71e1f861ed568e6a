from django.urls import path

from . import (
    converters,  # noqa: F401  (registers <commune:…>, <siren:…>, <department:…>)
    views,
)

urlpatterns = [
    path("communes/<commune:code>/", views.commune_page, name="commune"),
    path("epci/<siren:siren>/", views.epci_page, name="epci"),
    path("departements/<department:code>/", views.department_page, name="department"),
]
