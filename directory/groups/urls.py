"""Addresses of the working groups (``/groupes/``). Fixed words come before the
group's slug, and slugs never take them: see ``WorkingGroup.RESERVED_SLUGS``."""

from django.urls import path

from scoran.lib.feeds import feed_view

from . import views
from .feeds import group_feed

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("flux/", feed_view("groupes"), name="feed"),
    path("mes-groupes/", views.my_groups, name="mine"),
    path("<slug:slug>/", views.group_page, name="group"),
    path("<slug:slug>/flux/", group_feed, name="group_feed"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/invitation/accepter/", views.accept_invitation, name="accept"),
    path("<slug:slug>/invitation/decliner/", views.decline_invitation, name="decline_invitation"),
    path("<slug:slug>/courriels/", views.notify, name="notify"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:pk>/accepter/", views.approve, name="approve"),
    path("<slug:slug>/membres/<int:pk>/refuser/", views.decline, name="decline"),
    path("<slug:slug>/membres/<int:pk>/role/", views.role, name="role"),
    path("<slug:slug>/membres/<int:pk>/retirer/", views.remove, name="remove"),
    path("<slug:slug>/nouvelles/", views.news_list, name="news_list"),
    path("<slug:slug>/nouvelles/nouvelle/", views.news_create, name="news_create"),
    path("<slug:slug>/nouvelles/<int:pk>/", views.news_page, name="news"),
    path("<slug:slug>/nouvelles/<int:pk>/modifier/", views.news_edit, name="news_edit"),
    path("<slug:slug>/nouvelles/<int:pk>/supprimer/", views.news_delete, name="news_delete"),
]
