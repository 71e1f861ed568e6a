from django.urls import path

from . import views

app_name = "interconnection"

urlpatterns = [
    path("", views.home, name="home"),
    path("mes-demandes/", views.my_requests, name="mine"),
    path("nouvelle/", views.create, name="create"),
    path("commune/", views.commune_network, name="commune_network"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/retirer/", views.withdraw, name="withdraw"),
]
