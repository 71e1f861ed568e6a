from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("envoye/", views.done, name="done"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("desabonner/<str:key>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:list_key>/", views.subscribe, name="subscribe"),
]
