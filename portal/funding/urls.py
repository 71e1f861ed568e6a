from django.urls import path

from scoran.lib.feeds import feed_view

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.funding_list, name="list"),
    path("flux/", feed_view("aides"), name="feed"),
    path("<slug:slug>/", views.funding_detail, name="detail"),
]
