"""Dashboard URLs, included at "/" by webapi.urls (namespace `dashboard`)."""
from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.template import engines
from django.urls import path

from webapi.dashboard import views


def _register_template_library() -> None:
    """Make `{% load dashboard %}` work although webapi.dashboard is not an installed app.

    Django only discovers template tags in INSTALLED_APPS' `templatetags` packages; the
    dashboard is a plain package whose templates dir is in TEMPLATES["DIRS"], so its filter
    library is registered on the engine here (the URLconf loads before any page renders).
    """
    from webapi.dashboard.templatetags import dashboard as library

    for engine in engines.all():
        libraries = getattr(getattr(engine, "engine", None), "template_libraries", None)
        if libraries is not None:
            libraries.setdefault("dashboard", library.register)


_register_template_library()

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
