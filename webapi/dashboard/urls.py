"""Dashboard URLs, included at "/" by webapi.urls (namespace `dashboard`)."""
from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from webapi.dashboard import views


app_name = "dashboard"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="dashboard/login.html", redirect_authenticated_user=True, next_page="dashboard:watchlist"
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page="dashboard:login"), name="logout"),
    path("", views.watchlist, name="watchlist"),
    path("watchlist/adicionar/", views.add_game, name="add_game"),
    path("jogo/<slug:slug>/", views.game_page, name="game"),
    path("jogo/<slug:slug>/remover/", views.remove_game, name="remove_game"),
]
