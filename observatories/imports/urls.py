from django.urls import path

from . import views

urlpatterns = [
    path("imports/<int:pk>/", views.import_run, name="import_run"),
    path("imports/<int:pk>/rejets.csv", views.import_rejects, name="import_rejects"),
    path("depots/<int:pk>/etat.json", views.upload_progress, name="upload_progress"),
]
