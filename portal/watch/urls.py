from django.urls import path

from scoran.lib.feeds import feed_view

from . import demo, views

app_name = "watch"

urlpatterns = [
    path("", views.watch_list, name="list"),
    path("flux/", feed_view("veille"), name="feed"),
    path("demo/<slug:name>.xml", demo.demo_feed, name="demo_feed"),
]
