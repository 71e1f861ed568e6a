from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("connexion/", views.sign_in, name="login"),
    path("deconnexion/", views.sign_out, name="logout"),
    path("inscription/", views.sign_up, name="sign_up"),
    path("inscription/envoyee/", views.sign_up_done, name="sign_up_done"),
    path("activer/<uidb64>/<token>/", views.activate, name="activate"),
    path("mot-de-passe/oubli/", views.password_reset, name="password_reset"),
    path("mot-de-passe/oubli/envoye/", views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/enregistre/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("mot-de-passe/modifier/", views.password_change, name="password_change"),
    path("mot-de-passe/modifier/fait/", views.password_change_done, name="password_change_done"),
    path("mes-donnees/", views.personal_data, name="personal_data"),
    path("supprimer/", views.delete_account, name="delete"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
