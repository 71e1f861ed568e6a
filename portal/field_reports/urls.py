from django.urls import path

from . import views

app_name = "field_reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("mes-remontees/", views.my_reports, name="mine"),
    path("signaler/", views.create, name="create"),
    path("export/validees.csv", views.export_csv, name="export_csv"),
    path("export/validees.geojson", views.export_geojson, name="export_geojson"),
    path("<uuid:uuid>/", views.detail, name="detail"),
]
