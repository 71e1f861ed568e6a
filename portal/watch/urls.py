from django.urls import path

from scoran.lib.feeds import feed_view

from . import views

app_name = "watch"

urlpatterns = [
    path("", views.watch_list, name="list"),
    path("flux/", feed_view("veille"), name="feed"),
]
