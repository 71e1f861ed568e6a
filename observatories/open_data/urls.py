from django.urls import path

from . import views

urlpatterns = [
    path("open-data/", views.open_data_page, name="open_data"),
]
