from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("orientations/<int:number>-<slug:slug>/", views.orientation_detail, name="orientation"),
    path("indicateurs/", views.indicators, name="indicators"),
]
