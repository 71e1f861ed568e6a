from django.urls import path

from . import views

urlpatterns = [
    path("operateurs/", views.operator_list, name="operators"),
    path("operateurs/<slug:slug>/", views.network_detail, name="network"),
]
