from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("mes-groupes/", views.my_groups, name="mine"),
    path("<slug:slug>/", views.group_page, name="group"),
    path("<slug:slug>/nouvelles/<int:pk>/", views.news_page, name="news"),
]
