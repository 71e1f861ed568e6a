from django.urls import path

from observatories.referential import converters  # noqa: F401  (registers <commune:…>…)

from . import views

app_name = "territories"

urlpatterns = [
    path("", views.find, name="find"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("communes/<commune:code>/", views.commune_page, name="commune"),
    path("epci/<siren:siren>/", views.epci_page, name="epci"),
    path("departements/<department:code>/", views.department_page, name="department"),
    path("region/", views.region_page, name="region"),
]
