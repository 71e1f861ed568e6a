from django.urls import path

from . import views

urlpatterns = [
    path("mobile/", views.mobile_page, name="mobile"),
    path("mobile/carte/", views.sites_map, name="mobile_map"),
    path("mobile/carte/sites.json", views.sites_map_document, name="mobile_map_document"),
]
