"""The dashboard is an installed Django app: its template tags, templates and static files
are found by Django's own loaders, so they survive a settings change that rebuilds the
template engines (Django resets them when DEBUG, TEMPLATES or INSTALLED_APPS change)."""
from __future__ import annotations

import copy

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines
from django.test import override_settings

from webapi.dashboard.templatetags import dashboard as dashboard_tags


@pytest.fixture
def logged_in(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("bia", password="senha-secreta-123"))
    return client


@pytest.fixture
def brass(build):
    game = build.game("brass-birmingham", name="Brass: Birmingham")
    for price in (30000, 32000, 34000, 36000, 38000, 40000):
        build.auction(game, price=price)
    return game


def test_the_dashboard_is_an_installed_app():
    config = apps.get_app_config("dashboard")
    assert config.name == "webapi.dashboard"
    assert engines["django"].engine.template_libraries["dashboard"] is dashboard_tags.register
    assert finders.find("dashboard/dashboard.css").endswith("webapi/dashboard/static/dashboard/dashboard.css")


@pytest.mark.parametrize("change", ["debug", "templates"])
def test_template_tags_survive_a_settings_change(logged_in, brass, change):
    assert logged_in.get("/jogo/brass-birmingham/").status_code == 200  # URLconf loaded
    before = engines["django"]
    if change == "debug":
        overrides = {"DEBUG": not settings.DEBUG}
    else:  # the same templates setting: the change signal alone rebuilds the engines
        overrides = {"TEMPLATES": copy.deepcopy(settings.TEMPLATES)}
    with override_settings(**overrides):
        assert engines["django"] is not before  # the engines were rebuilt
        response = logged_in.get("/jogo/brass-birmingham/")
    assert response.status_code == 200, response.status_code
    # The `brl` filter of {% load dashboard %} formats the median of the six sales.
    assert '<span>Mediana</span><strong>R$\u00a0350,00</strong>' in response.content.decode()
