from django.urls import path

from scoran.lib.feeds import feed_view

from . import views

app_name = "agenda"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("archives/", views.event_archives, name="archives"),
    path("flux/", feed_view("agenda"), name="feed"),
    path("calendrier.ics", views.list_ical, name="ical"),
    # "groupe" is a reserved slug of events (Event.RESERVED_SLUGS).
    path("groupe/<slug:slug>/calendrier.ics", views.group_ical, name="group_ical"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendrier.ics", views.event_ical, name="event_ical"),
]
