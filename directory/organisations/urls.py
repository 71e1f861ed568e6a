from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("structures.geojson", views.organisations_geojson, name="geojson"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
    path("<slug:slug>/logo/", views.organisation_logo, name="logo"),
    path("<slug:slug>/modifier/", views.organisation_edit, name="edit"),
    path("<slug:slug>/confirmer/", views.organisation_confirm, name="confirm"),
    path("<slug:slug>/rejoindre/", views.organisation_join, name="join"),
    path("<slug:slug>/membres/", views.organisation_members, name="members"),
    path("<slug:slug>/membres/<int:pk>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/membres/<int:pk>/retirer/", views.member_remove, name="member_remove"),
    path(
        "<slug:slug>/invitations/<int:pk>/annuler/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
