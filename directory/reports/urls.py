from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<slug:kind>/<str:key>/", views.report, name="report"),
]
