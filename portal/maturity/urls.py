from django.urls import path

from . import views

app_name = "maturity"

urlpatterns = [
    path("", views.home, name="home"),
    path("questionnaire/", views.questionnaire, name="questionnaire"),
    path("resultat/<uuid:uuid>/", views.result, name="result"),
    path("resultat/<uuid:uuid>/contact/", views.contact, name="contact"),
    path("resultat/<uuid:uuid>/contact/retirer/", views.withdraw, name="withdraw"),
    path("resultats/", views.results, name="results"),
    path("resultats/export.csv", views.results_csv, name="results_csv"),
]
